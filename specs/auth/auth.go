// Package auth holds the specs of the token-authentication rows: corrupt,
// unknown and expired app tokens on an API other than registration.
package auth

import (
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/framework"
	"github.com/imconform/imconform/harness/redact"
)

var _ = Describe("Authorization: Bearer <app token> on GET /{org}/{app}/users", func() {
	f := framework.New()

	framework.ConformanceIt("auth.token-corrupt",
		"answers 401 auth_bad_access_token to a token that cannot be decoded", framework.SendsRequests(1), func() {
			resp := f.WithToken("!!not-a-token!!").GET("/users").WithQuery("limit", 1).Expect()
			f.ExpectDocumentedError(resp, "auth.token-corrupt", nil)
		})

	framework.ConformanceIt("auth.token-unknown",
		"answers 401 auth_bad_access_token to a well-formed token the server never issued", framework.SendsRequests(1), func() {
			forged := forgeFrom(f.AppToken())
			redact.Register(forged) // it is one character away from the real token
			resp := f.WithToken(forged).GET("/users").WithQuery("limit", 1).Expect()
			f.ExpectDocumentedError(resp, "auth.token-unknown", nil)
		})

	framework.ConformanceIt("auth.token-expired",
		"answers 401 unauthorized to an app token whose ttl has run out", framework.SendsRequests(1), func() {
			f.RequireClientCredentials("request a token with a one-second ttl")
			short := f.RequestAppToken(time.Second)
			// Real servers count ttl in whole seconds; two seconds clears any rounding.
			time.Sleep(2 * time.Second)
			resp := f.WithToken(short).GET("/users").WithQuery("limit", 1).Expect()
			f.ExpectDocumentedError(resp, "auth.token-expired", nil)
		})
})

// forgeFrom changes one character in the middle of a genuine token to another
// character of the same alphabet: the result has the token's form but was
// never issued.
func forgeFrom(token string) string {
	b := []byte(token)
	i := len(b) / 2
	if b[i] == 'A' {
		b[i] = 'B'
	} else {
		b[i] = 'A'
	}
	return string(b)
}
