package groups

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/framework"
)

// overBatch is one name more than the 60 a batch call of the group service
// takes.
const overBatch = 61

var _ = Describe("Chat group batch limits", func() {
	f := framework.New()

	DescribeTable("answers the documented error when one call names more than 60 users",
		func(ctx SpecContext, id string, send framework.BatchCall) {
			defer f.Interruptible(ctx)()
			group := f.SharedGroupOf().ID // refused before anything changes
			resp := send(f, group, f.UnregisteredNames(overBatch))
			f.ExpectDocumentedError(resp, id, nil)
		},
		Entry("POST /chatgroups/{group_id}/users (add members)", framework.Row("groups.members.add-too-many"),
			"groups.members.add-too-many", framework.BatchInBody("POST", "/chatgroups/{group_id}/users", nil)),
		Entry("DELETE /chatgroups/{group_id}/users/{usernames} (remove members)", framework.Row("groups.members.kick-too-many"),
			"groups.members.kick-too-many", framework.BatchInPath("DELETE", "/chatgroups/{group_id}/users/{usernames}")),
		Entry("POST /chatgroups/{group_id}/blocks/users (block)", framework.Row("groups.blocks.add-too-many"),
			"groups.blocks.add-too-many", framework.BatchInBody("POST", "/chatgroups/{group_id}/blocks/users", nil)),
		Entry("DELETE /chatgroups/{group_id}/blocks/users/{usernames} (unblock)", framework.Row("groups.blocks.remove-too-many"),
			"groups.blocks.remove-too-many", framework.BatchInPath("DELETE", "/chatgroups/{group_id}/blocks/users/{usernames}")),
		Entry("POST /chatgroups/{group_id}/white/users (allow)", framework.Row("groups.allowlist.add-too-many"),
			"groups.allowlist.add-too-many", framework.BatchInBody("POST", "/chatgroups/{group_id}/white/users", nil)),
		Entry("DELETE /chatgroups/{group_id}/white/users/{usernames} (disallow)", framework.Row("groups.allowlist.remove-too-many"),
			"groups.allowlist.remove-too-many", framework.BatchInPath("DELETE", "/chatgroups/{group_id}/white/users/{username}")),
		Entry("POST /chatgroups/{group_id}/mute (mute)", framework.Row("groups.mute.add-too-many"),
			"groups.mute.add-too-many", framework.BatchInBody("POST", "/chatgroups/{group_id}/mute", map[string]any{"mute_duration": 60000})),
		Entry("DELETE /chatgroups/{group_id}/mute/{usernames} (unmute)", framework.Row("groups.mute.remove-too-many"),
			"groups.mute.remove-too-many", framework.BatchInPath("DELETE", "/chatgroups/{group_id}/mute/{usernames}")),
	)
})
