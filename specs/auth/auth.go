// Package auth holds the specs of the token-authentication rows: corrupt,
// unknown and expired app tokens on an API other than registration.
package auth

import (
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/framework"
)

var _ = Describe("Authorization: Bearer <app token> on GET /{org}/{app}/users", func() {
	f := framework.New()

	framework.ConformanceIt("auth.token-corrupt",
		"answers 401 auth_bad_access_token to a token that cannot be decoded", func(ctx SpecContext) {
			resp := f.WithToken("!!not-a-token!!").GET("/users").WithQuery("limit", 1).Expect()
			f.ExpectDocumentedError(resp, "auth.token-corrupt", nil)
		})

	framework.ConformanceIt("auth.token-unknown",
		"answers 401 auth_bad_access_token to a well-formed token the server never issued", func(ctx SpecContext) {
			forged := f.ForgedAppToken()
			resp := f.WithToken(forged).GET("/users").WithQuery("limit", 1).Expect()
			f.ExpectDocumentedError(resp, "auth.token-unknown", nil)
		})

	framework.ConformanceIt("auth.token-expired",
		"answers 401 unauthorized to an app token whose ttl has run out", func(ctx SpecContext) {
			f.RequireClientCredentials("request a token with a one-second ttl")
			short := f.RequestAppToken(time.Second)
			// Real servers count ttl in whole seconds; two seconds clears any rounding.
			time.Sleep(2 * time.Second)
			resp := f.WithToken(short).GET("/users").WithQuery("limit", 1).Expect()
			f.ExpectDocumentedError(resp, "auth.token-expired", nil)
		})
})
