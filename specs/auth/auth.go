// Package auth holds the specs of the token-authentication rows: corrupt,
// unknown and expired app tokens on an API other than registration.
package auth

import (
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
			resp := f.WithToken(f.ExpiredAppToken()).GET("/users").WithQuery("limit", 1).Expect()
			f.ExpectDocumentedError(resp, "auth.token-expired", nil)
		})
})

// The operations whose error tables document no row but the expired token
// that a request can provoke there (GET /chatgroups also lists the group
// not-found row, which a listing cannot name): the row is checked on each
// of them (one request each, the token shared).
var _ = Describe("An expired app token on the operations that document no other row", func() {
	f := framework.New()

	DescribeTable("answers 401 unauthorized to an app token whose ttl has run out",
		func(ctx SpecContext, path string, args ...any) {
			defer f.Interruptible(ctx)()
			resp := f.WithToken(f.ExpiredAppToken()).GET(path, args...).Expect()
			f.ExpectDocumentedError(resp, "auth.token-expired", nil)
		},
		// The names are never registered: the token is refused before any lookup.
		Entry("GET /chatgroups/user/{username}", framework.Row("auth.token-expired"),
			"/chatgroups/user/{username}", "imc-nobody"),
		Entry("GET /chatgroups/{group_id}/user/{username}/is_joined", framework.Row("auth.token-expired"),
			"/chatgroups/{group_id}/user/{username}/is_joined", "100000000000001", "imc-nobody"),
		Entry("GET /chatgroups", framework.Row("auth.token-expired"), "/chatgroups"),
		Entry("GET /chatrooms", framework.Row("auth.token-expired"), "/chatrooms"),
		Entry("GET /chatrooms/super_admin", framework.Row("auth.token-expired"), "/chatrooms/super_admin"),
		Entry("GET /users/{username}/joined_chatrooms", framework.Row("auth.token-expired"),
			"/users/{username}/joined_chatrooms", "imc-nobody"),
	)
})
