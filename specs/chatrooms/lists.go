package chatrooms

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/framework"
)

// overBatch is one name more than the 60 a batch call takes.
const overBatch = 61

var _ = Describe("Chat room batch limits", func() {
	f := framework.New()

	DescribeTable("answers the documented error when one call names more than 60 users",
		func(ctx SpecContext, id string, send framework.BatchCall) {
			defer f.Interruptible(ctx)()
			room := f.SharedChatroomOf().ID // refused before anything changes
			resp := send(f, room, f.UnregisteredNames(overBatch))
			f.ExpectDocumentedError(resp, id, catalog.Vars{"chatroom_id": room})
		},
		Entry("POST /chatrooms/{chatroom_id}/users (add members)", framework.Row("chatrooms.members.add-too-many"),
			"chatrooms.members.add-too-many", framework.BatchInBody("POST", "/chatrooms/{chatroom_id}/users", nil)),
		Entry("DELETE /chatrooms/{chatroom_id}/users/{usernames} (remove members)", framework.Row("chatrooms.members.kick-too-many"),
			"chatrooms.members.kick-too-many", framework.BatchInPath("DELETE", "/chatrooms/{chatroom_id}/users/{usernames}")),
		Entry("POST /chatrooms/{chatroom_id}/blocks/users (block)", framework.Row("chatrooms.blocks.add-too-many"),
			"chatrooms.blocks.add-too-many", framework.BatchInBody("POST", "/chatrooms/{chatroom_id}/blocks/users", nil)),
		Entry("DELETE /chatrooms/{chatroom_id}/blocks/users/{usernames} (unblock)", framework.Row("chatrooms.blocks.remove-too-many"),
			"chatrooms.blocks.remove-too-many", framework.BatchInPath("DELETE", "/chatrooms/{chatroom_id}/blocks/users/{usernames}")),
		Entry("POST /chatrooms/{chatroom_id}/white/users (allow)", framework.Row("chatrooms.allowlist.add-too-many"),
			"chatrooms.allowlist.add-too-many", framework.BatchInBody("POST", "/chatrooms/{chatroom_id}/white/users", nil)),
		Entry("DELETE /chatrooms/{chatroom_id}/white/users/{usernames} (disallow)", framework.Row("chatrooms.allowlist.remove-too-many"),
			"chatrooms.allowlist.remove-too-many", framework.BatchInPath("DELETE", "/chatrooms/{chatroom_id}/white/users/{username}")),
		Entry("POST /chatrooms/{chatroom_id}/mute (mute)", framework.Row("chatrooms.mute.add-too-many"),
			"chatrooms.mute.add-too-many", framework.BatchInBody("POST", "/chatrooms/{chatroom_id}/mute", map[string]any{"mute_duration": 60000})),
		Entry("DELETE /chatrooms/{chatroom_id}/mute/{usernames} (unmute)", framework.Row("chatrooms.mute.remove-too-many"),
			"chatrooms.mute.remove-too-many", framework.BatchInPath("DELETE", "/chatrooms/{chatroom_id}/mute/{usernames}")),
	)
})
