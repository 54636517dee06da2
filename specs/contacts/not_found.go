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
		framework.CallEntry("users.get.not-found", "GET", "/users/{username}/blocks/users", nil),
		framework.CallEntry("users.get.not-found", "POST", "/users/{username}/blocks/users", framework.UsernamesBody(nil)),
		framework.CallEntry("users.get.not-found", "DELETE", "/users/{username}/blocks/users/{blocked_username}", nil),
		framework.CallEntry("users.get.not-found", "GET", "/users/{username}/contacts/users", nil),
		framework.CallEntry("users.get.not-found", "DELETE", "/users/{username}/contacts/users/{friend_username}", nil),
	)
})
