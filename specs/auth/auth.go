// Package auth holds the specs of the token-authentication rows: corrupt,
// unknown and expired app tokens on an API other than registration.
package auth

import (
	"net/http"

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
// not-found row, which a listing cannot name; the user operations the
// unknown-app row, whose wording echoes the path on a real server, which
// the catalogue words for the token endpoint alone): the row is checked on
// each of them, one request each, the token shared. The names are never
// registered: the token is refused before any lookup.
var _ = Describe("An expired app token on the operations that document no other row", func() {
	f := framework.New()

	DescribeTable("answers 401 unauthorized to an app token whose ttl has run out",
		func(ctx SpecContext, method, path string, args ...any) {
			defer f.Interruptible(ctx)()
			f.RequireOperation(method, path)
			req := f.WithToken(f.ExpiredAppToken()).Request(method, path, args...)
			if method == http.MethodDelete && path == "/users" {
				req = req.WithQuery("limit", 0) // deletes none, should a server take the token
			}
			f.ExpectDocumentedError(req.Expect(), "auth.token-expired", nil)
		},
		expiredToken("GET", "/chatgroups"),
		expiredToken("GET", "/chatgroups/user/{username}", "imc-nobody"),
		expiredToken("GET", "/chatgroups/{group_id}/user/{username}/is_joined", "100000000000001", "imc-nobody"),
		expiredToken("GET", "/chatrooms"),
		expiredToken("GET", "/chatrooms/super_admin"),
		expiredToken("GET", "/mutes"),
		expiredToken("DELETE", "/users"),
		expiredToken("GET", "/users/{username}/disconnect", "imc-nobody"),
		expiredToken("DELETE", "/users/{username}/disconnect/{resource_id}", "imc-nobody", "imconform"),
		expiredToken("GET", "/users/{username}/joined_chatrooms", "imc-nobody"),
		expiredToken("GET", "/users/{username}/offline_msg_count", "imc-nobody"),
		expiredToken("GET", "/users/{username}/offline_msg_status/{msg_id}", "imc-nobody", "1100000000000000001"),
		expiredToken("GET", "/users/{username}/resources", "imc-nobody"),
		expiredToken("GET", "/users/{username}/status", "imc-nobody"),
	)
})

func expiredToken(method, path string, args ...any) TableEntry {
	return Entry(method+" "+path, append([]any{framework.Row("auth.token-expired"), method, path}, args...)...)
}
