// Package httplevel holds the specs of the HTTP-level rows: a method an API
// does not support, an API that does not exist, a request body that never
// completes, and the gateway rows no client can provoke.
package httplevel

import (
	"fmt"

	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/framework"
	"github.com/imconform/imconform/harness/profile"
)

var _ = Describe("HTTP-level errors", func() {
	f := framework.New()

	framework.ConformanceIt("http.method-not-allowed",
		"answers 405 to a method no API implements (PATCH /{org}/{app}/users)", func(ctx SpecContext) {
			resp := f.App().PATCH("/users").WithJSON(map[string]string{}).Expect()
			f.ExpectDocumentedError(resp, "http.method-not-allowed", nil)
		})

	framework.ConformanceIt("http.unsupported-operation",
		"answers 500 unsupported_service_operation to a service method the users collection does not support (PUT /{org}/{app}/users)", func(ctx SpecContext) {
			// An empty body: were PUT on the collection supported after all,
			// it would change no user.
			resp := f.App().PUT("/users").WithJSON(map[string]string{}).Expect()
			f.ExpectDocumentedError(resp, "http.unsupported-operation", nil)
		})

	framework.ConformanceIt("http.unknown-api",
		"answers 500 web_application to an API that does not exist", func(ctx SpecContext) {
			resp := f.App().GET("/imconform-no-such-api").Expect()
			f.ExpectDocumentedError(resp, "http.unknown-api", nil)
		})

	framework.ConformanceIt("http.request-timeout",
		"answers 408 when a request body stops arriving for longer than the server's read timeout", framework.Slow, func(ctx SpecContext) {
			f.Require(profile.Timeout, 1)
			readTimeout := f.Profile().ReadTimeout
			if readTimeout <= 0 {
				f.SkipDeclared("the target's read timeout is unknown (profile.read_timeout / IMCONF_PROFILE_READ_TIMEOUT is 0)")
			}
			if limit := f.Target().Timeout; readTimeout+readTimeout/2 >= limit {
				Skip(fmt.Sprintf("the target's read timeout %s leaves no room within the client timeout %s (IMCONF_TIMEOUT)", readTimeout, limit))
			}
			// A registration whose body stops after its first bytes.
			body := fmt.Sprintf(`{"username":"%s","password":"Passw0rd"}`, f.UniqueName("u"))
			resp := f.SendStalled("POST", "/users", "application/json", []byte(body[:12]), len(body))
			f.ExpectDocumentedError(resp, "http.request-timeout", nil)
		})
})
