package users

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/framework"
)

// The user rows on the further operations whose error tables document them:
// one table per row, one entry per operation, one request each on a name
// nobody registered. Bodies are valid but for the one thing wrong.
var _ = Describe("Users, on the further operations that document the row", func() {
	f := framework.New()

	DescribeTable("answers 404 service_resource_not_found when the user does not exist",
		func(ctx SpecContext, method, path string) {
			defer f.Interruptible(ctx)()
			missing := f.UniqueName("u")
			resp := f.Send(method, path, framework.PathValues{"username": missing}, missing, framework.NoBody)
			f.ExpectDocumentedError(resp, "users.get.not-found", nil)
		},
		Entry("POST /users/{username}/activate", framework.Row("users.get.not-found"), "POST", "/users/{username}/activate"),
		Entry("POST /users/{username}/deactivate", framework.Row("users.get.not-found"), "POST", "/users/{username}/deactivate"),
	)

	// The global-mute APIs read the user to mute as an entity without its
	// username when there is none (decisions.tsv).
	DescribeTable("answers 400 required_property_not_found when the user to mute does not exist",
		func(ctx SpecContext, method, path string, with framework.Payload) {
			defer f.Interruptible(ctx)()
			missing := f.UniqueName("u")
			resp := f.Send(method, path, framework.PathValues{"username": missing}, missing, with)
			f.ExpectDocumentedError(resp, "users.modify.missing-username", nil)
		},
		Entry("POST /mutes", framework.Row("users.modify.missing-username"), "POST", "/mutes",
			framework.JSON(func(u string) any {
				return map[string]any{"username": u, "chat": 60, "groupchat": 60, "chatroom": 60}
			})),
		Entry("GET /mutes/{username}", framework.Row("users.modify.missing-username"), "GET", "/mutes/{username}", framework.NoBody),
	)

	// The favourite APIs check the owner's name before anything else; the
	// name is one no registration accepts, so nothing can be stored for it.
	DescribeTable("answers 400 illegal_argument when the favourites' owner has a character outside a-z 0-9 _ - .",
		func(ctx SpecContext, method, path string, with framework.Payload) {
			defer f.Interruptible(ctx)()
			illegal := f.UniqueName("u") + "@chat.com"
			values := framework.PathValues{"username": illegal, "collection_id": f.UniqueName("fav")}
			resp := f.Send(method, path, values, illegal, with)
			f.ExpectDocumentedError(resp, "users.register.illegal-username", catalog.Vars{"username": illegal})
		},
		framework.CallEntry("users.register.illegal-username", "POST", "/collections", framework.JSON(func(u string) any {
			return map[string]any{"username": u, "collections": []map[string]any{favourite()}}
		})),
		framework.CallEntry("users.register.illegal-username", "POST", "/users/{username}/collections", framework.JSON(func(string) any { return favourite() })),
		framework.CallEntry("users.register.illegal-username", "PUT", "/users/{username}/collections/{collection_id}", framework.JSON(func(string) any {
			return map[string]string{"ext": "imconform"}
		})),
		framework.CallEntry("users.register.illegal-username", "DELETE", "/users/{username}/collections", framework.JSON(func(string) any {
			return map[string][]string{"collection_ids": {"imconform"}}
		})),
	)
})

// favourite is a valid favourite to add: a text.
func favourite() map[string]any { return map[string]any{"data": "imconform", "type": 1} }
