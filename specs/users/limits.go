package users

import (
	"strconv"
	"strings"

	"github.com/gavv/httpexpect/v2"
	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/framework"
	"github.com/imconform/imconform/harness/ledger"
)

// Registration limits of the per-API pages (account_system.md): 64-byte
// usernames, 100-character nicknames, 60 users per batch call.
const (
	maxUsernameBytes = 64
	maxNicknameChars = 100
	maxBatch         = 60
	maxStatusBatch   = 100
)

// registerRefused sends a batch registration of users nobody has, each of
// them deleted after the spec unless the server refused the whole batch
// (answered 4xx): a refused batch created nobody, so the spec spends one
// request, not one per name.
func registerRefused(f *framework.Framework, body []map[string]string) *httpexpect.Response {
	GinkgoHelper()
	var resp *httpexpect.Response
	refused := func() bool {
		return resp != nil && resp.Raw() != nil && resp.Raw().StatusCode >= 400 && resp.Raw().StatusCode < 500
	}
	seen := map[string]bool{}
	for _, u := range body {
		name := u["username"]
		if seen[name] {
			continue
		}
		seen[name] = true
		f.TrackResource(ledger.Resource{Kind: ledger.User, Name: name}, func() *httpexpect.Response {
			if refused() {
				return nil
			}
			return f.App().DELETE("/users/{username}", name).Expect()
		})
	}
	resp = f.App().POST("/users").WithJSON(body).Expect()
	return resp
}

var _ = Describe("Users: limits of registration", func() {
	f := framework.New()

	Describe("POST /{org}/{app}/users (register)", func() {
		framework.ConformanceIt("users.register.username-too-long",
			"answers 400 illegal_argument USERNAME_TOO_LONG to a username one byte over 64", func(ctx SpecContext) {
				base := f.UniqueName("u")
				name := base + strings.Repeat("a", maxUsernameBytes+1-len(base))
				f.DeleteUserAfterSpec(name)
				resp := f.App().POST("/users").WithJSON(map[string]string{"username": name, "password": "Passw0rd"}).Expect()
				f.ExpectDocumentedError(resp, "users.register.username-too-long", nil)
			})

		framework.ConformanceIt("users.register.nickname-too-long",
			"answers 400 illegal_argument NICKNAME_TOO_LONG to a nickname one character over 100", func(ctx SpecContext) {
				resp := f.App().POST("/users").WithJSON(map[string]string{"username": f.UnusedUsername(), "password": "Passw0rd",
					"nickname": strings.Repeat("n", maxNicknameChars+1)}).Expect()
				f.ExpectDocumentedError(resp, "users.register.nickname-too-long", nil)
			})

		framework.ConformanceIt("users.register.batch-password-conflict",
			"answers 400 duplicate_unique_property_exists to a batch naming one new user twice with different passwords", func(ctx SpecContext) {
				name := f.UniqueName("u")
				// Throwaway passwords of a user that is never created: the
				// text lists them, so they are not redacted.
				resp := registerRefused(f, []map[string]string{
					{"username": name, "password": "imc-first"}, {"username": name, "password": "imc-second"},
				})
				f.ExpectDocumentedError(resp, "users.register.batch-password-conflict",
					catalog.Vars{"username": name, "passwords": "[imc-first, imc-second]"})
			})

		framework.ConformanceIt("users.register.batch-too-many",
			"answers 400 illegal_argument to a batch of 61 new users", func(ctx SpecContext) {
				body := make([]map[string]string, maxBatch+1)
				for i := range body {
					body[i] = map[string]string{"username": f.UniqueName("u"), "password": "Passw0rd"}
				}
				resp := registerRefused(f, body)
				f.ExpectDocumentedError(resp, "users.register.batch-too-many",
					catalog.Vars{"n": strconv.Itoa(len(body)), "limit": strconv.Itoa(maxBatch)})
			})
	})

	Describe("POST /{org}/{app}/users/batch/status", func() {
		framework.ConformanceIt("users.status.batch-too-many",
			"answers 400 illegal_argument to 101 usernames", func(ctx SpecContext) {
				names := make([]string, maxStatusBatch+1)
				for i := range names {
					names[i] = f.UniqueName("u")
				}
				resp := f.App().POST("/users/batch/status").WithJSON(map[string][]string{"usernames": names}).Expect()
				f.ExpectDocumentedError(resp, "users.status.batch-too-many", nil)
			})
	})

	Describe("GET /{org}/{app}/users/{username}/collections (favourites)", func() {
		framework.ConformanceIt("users.collections.limit-too-large",
			"answers 400 illegal_argument to limit=201", func(ctx SpecContext) {
				u := f.CreateUser()
				resp := f.App().GET("/users/{username}/collections", u.Username).WithQuery("limit", 201).Expect()
				f.ExpectDocumentedError(resp, "users.collections.limit-too-large", nil)
			})

		framework.ConformanceIt("users.collections.bad-direction",
			"answers 400 illegal_argument to direction=up", func(ctx SpecContext) {
				u := f.CreateUser()
				resp := f.App().GET("/users/{username}/collections", u.Username).WithQuery("direction", "up").Expect()
				f.ExpectDocumentedError(resp, "users.collections.bad-direction", nil)
			})

		framework.ConformanceIt("users.collections.not-found",
			"answers 400 to a collection_id the user never saved", func(ctx SpecContext) {
				u := f.CreateUser()
				resp := f.App().GET("/users/{username}/collections", u.Username).WithQuery("collection_id", f.UniqueName("fav")).Expect()
				f.ExpectDocumentedError(resp, "users.collections.not-found", nil)
			})
	})
})
