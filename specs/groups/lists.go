package groups

import (
	"strings"

	"github.com/gavv/httpexpect/v2"
	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/framework"
)

// overBatch is one name more than the 60 a batch call of the group service
// takes.
const overBatch = 61

// unregisteredNames returns n fresh names no user has. The batch-limit rows
// send them as is: the count is refused before any name is looked up (the
// reference's order; decisions.tsv), and no call here registers a user, so
// nothing needs deleting.
func unregisteredNames(f *framework.Framework, n int) []string {
	names := make([]string, n)
	for i := range names {
		names[i] = f.UniqueName("u")
	}
	return names
}

// batchCall sends one batch call of the member lists to group id with
// names, in the body or as a comma list in the path.
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

var _ = Describe("Chat group batch limits", func() {
	f := framework.New()

	DescribeTable("answers the documented error when one call names more than 60 users",
		func(ctx SpecContext, id string, send batchCall) {
			defer f.Interruptible(ctx)()
			group := f.SharedGroupOf().ID // refused before anything changes
			resp := send(f, group, unregisteredNames(f, overBatch))
			f.ExpectDocumentedError(resp, id, nil)
		},
		Entry("POST /chatgroups/{group_id}/users (add members)", framework.Row("groups.members.add-too-many"),
			"groups.members.add-too-many", inBody("POST", "/chatgroups/{group_id}/users", nil)),
		Entry("DELETE /chatgroups/{group_id}/users/{usernames} (remove members)", framework.Row("groups.members.kick-too-many"),
			"groups.members.kick-too-many", inPath("DELETE", "/chatgroups/{group_id}/users/{usernames}")),
		Entry("POST /chatgroups/{group_id}/blocks/users (block)", framework.Row("groups.blocks.add-too-many"),
			"groups.blocks.add-too-many", inBody("POST", "/chatgroups/{group_id}/blocks/users", nil)),
		Entry("DELETE /chatgroups/{group_id}/blocks/users/{usernames} (unblock)", framework.Row("groups.blocks.remove-too-many"),
			"groups.blocks.remove-too-many", inPath("DELETE", "/chatgroups/{group_id}/blocks/users/{usernames}")),
		Entry("POST /chatgroups/{group_id}/white/users (allow)", framework.Row("groups.allowlist.add-too-many"),
			"groups.allowlist.add-too-many", inBody("POST", "/chatgroups/{group_id}/white/users", nil)),
		Entry("DELETE /chatgroups/{group_id}/white/users/{usernames} (disallow)", framework.Row("groups.allowlist.remove-too-many"),
			"groups.allowlist.remove-too-many", inPath("DELETE", "/chatgroups/{group_id}/white/users/{username}")),
		Entry("POST /chatgroups/{group_id}/mute (mute)", framework.Row("groups.mute.add-too-many"),
			"groups.mute.add-too-many", inBody("POST", "/chatgroups/{group_id}/mute", map[string]any{"mute_duration": 60000})),
		Entry("DELETE /chatgroups/{group_id}/mute/{usernames} (unmute)", framework.Row("groups.mute.remove-too-many"),
			"groups.mute.remove-too-many", inPath("DELETE", "/chatgroups/{group_id}/mute/{usernames}")),
	)
})
