package chatrooms

import (
	"strings"

	"github.com/gavv/httpexpect/v2"
	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/framework"
)

// overBatch is one name more than the 60 a batch call takes.
const overBatch = 61

// unregisteredNames returns n fresh names no user has; the count is refused
// before any name is looked up (decisions.tsv), and no call here registers
// a user, so nothing needs deleting.
func unregisteredNames(f *framework.Framework, n int) []string {
	names := make([]string, n)
	for i := range names {
		names[i] = f.UniqueName("u")
	}
	return names
}

type batchCall func(f *framework.Framework, id string, names []string) *httpexpect.Response

func inBody(method, path string, extra map[string]any) batchCall {
	return func(f *framework.Framework, id string, names []string) *httpexpect.Response {
		body := map[string]any{"usernames": names}
		for k, v := range extra {
			body[k] = v
		}
		return f.App().Request(method, path, id).WithJSON(body).Expect()
	}
}

func inPath(method, path string) batchCall {
	return func(f *framework.Framework, id string, names []string) *httpexpect.Response {
		return f.App().Request(method, path, id, strings.Join(names, ",")).Expect()
	}
}

var _ = Describe("Chat room batch limits", func() {
	f := framework.New()

	DescribeTable("answers the documented error when one call names more than 60 users",
		func(ctx SpecContext, id string, send batchCall) {
			defer f.Interruptible(ctx)()
			room := f.SharedChatroomOf().ID // refused before anything changes
			resp := send(f, room, unregisteredNames(f, overBatch))
			f.ExpectDocumentedError(resp, id, catalog.Vars{"chatroom_id": room})
		},
		Entry("POST /chatrooms/{chatroom_id}/users (add members)", framework.Row("chatrooms.members.add-too-many"),
			"chatrooms.members.add-too-many", inBody("POST", "/chatrooms/{chatroom_id}/users", nil)),
		Entry("DELETE /chatrooms/{chatroom_id}/users/{usernames} (remove members)", framework.Row("chatrooms.members.kick-too-many"),
			"chatrooms.members.kick-too-many", inPath("DELETE", "/chatrooms/{chatroom_id}/users/{usernames}")),
		Entry("POST /chatrooms/{chatroom_id}/blocks/users (block)", framework.Row("chatrooms.blocks.add-too-many"),
			"chatrooms.blocks.add-too-many", inBody("POST", "/chatrooms/{chatroom_id}/blocks/users", nil)),
		Entry("DELETE /chatrooms/{chatroom_id}/blocks/users/{usernames} (unblock)", framework.Row("chatrooms.blocks.remove-too-many"),
			"chatrooms.blocks.remove-too-many", inPath("DELETE", "/chatrooms/{chatroom_id}/blocks/users/{usernames}")),
		Entry("POST /chatrooms/{chatroom_id}/white/users (allow)", framework.Row("chatrooms.allowlist.add-too-many"),
			"chatrooms.allowlist.add-too-many", inBody("POST", "/chatrooms/{chatroom_id}/white/users", nil)),
		Entry("DELETE /chatrooms/{chatroom_id}/white/users/{usernames} (disallow)", framework.Row("chatrooms.allowlist.remove-too-many"),
			"chatrooms.allowlist.remove-too-many", inPath("DELETE", "/chatrooms/{chatroom_id}/white/users/{username}")),
		Entry("POST /chatrooms/{chatroom_id}/mute (mute)", framework.Row("chatrooms.mute.add-too-many"),
			"chatrooms.mute.add-too-many", inBody("POST", "/chatrooms/{chatroom_id}/mute", map[string]any{"mute_duration": 60000})),
		Entry("DELETE /chatrooms/{chatroom_id}/mute/{usernames} (unmute)", framework.Row("chatrooms.mute.remove-too-many"),
			"chatrooms.mute.remove-too-many", inPath("DELETE", "/chatrooms/{chatroom_id}/mute/{usernames}")),
	)
})
