package contacts

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/framework"
)

// users.get.not-found on the contact and block-list operations that
// document it: one entry per operation, one request on an owner nobody
// registered (the other user named is that owner too, so no fixture is
// needed and nothing can be created).
var _ = Describe("Contacts and block lists of a user that does not exist", func() {
	f := framework.New()

	DescribeTable("answers 404 service_resource_not_found when the user does not exist",
		func(ctx SpecContext, method, path string, with framework.Payload) {
			defer f.Interruptible(ctx)()
			missing := f.UniqueName("u")
			values := framework.PathValues{"username": missing, "friend_username": missing, "blocked_username": missing}
			resp := f.Send(method, path, values, missing, with)
			f.ExpectDocumentedError(resp, "users.get.not-found", nil)
		},
		userNotFound("GET", "/users/{username}/blocks/users", nil),
		userNotFound("POST", "/users/{username}/blocks/users", framework.UsernamesBody(nil)),
		userNotFound("DELETE", "/users/{username}/blocks/users/{blocked_username}", nil),
		userNotFound("GET", "/users/{username}/contacts/users", nil),
		userNotFound("DELETE", "/users/{username}/contacts/users/{friend_username}", nil),
	)
})

func userNotFound(method, path string, with framework.Payload) TableEntry {
	if with == nil {
		with = framework.NoBody
	}
	return Entry(method+" "+path, framework.Row("users.get.not-found"), method, path, with)
}
