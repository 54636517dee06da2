package chatrooms

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/framework"
)

// chatrooms.get.not-found is documented on nearly every chat-room
// operation: one table entry per operation, each one request on a random
// room ID. The tag operations are left out (they answer
// chatrooms.tag-mute.not-open first where the service is off, and their own
// rows exercise them); GET /chatrooms/{chatroom_id} has its own spec.
var _ = Describe("A chat room that does not exist, on every operation that documents it", func() {
	f := framework.New()

	calls := append(framework.GroupCalls("/chatrooms/{chatroom_id}"),
		framework.Call{Method: "POST", Path: "/metadata/chatroom/{chatroom_id}",
			With: framework.JSON(func(string) any { return map[string][]string{"keys": {"imconform"}} })},
	)
	DescribeTable("answers 404 service_resource_not_found when the chat room does not exist",
		append([]any{func(ctx SpecContext, method, path string, with framework.Payload) {
			defer f.Interruptible(ctx)()
			missing, user := f.UnusedGroupID(), f.SharedUser().Username
			values := framework.PathValues{"chatroom_id": missing, "username": user, "usernames": user}
			resp := f.Send(method, path, values, user, with)
			f.ExpectDocumentedError(resp, "chatrooms.get.not-found", catalog.Vars{"chatroom_id": missing})
		}}, framework.Entries("chatrooms.get.not-found", calls)...)...,
	)
})
