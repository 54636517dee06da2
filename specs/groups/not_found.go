package groups

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/framework"
)

// groups.get.not-found is documented on nearly every group operation: one
// table entry per operation, each one request on a random group ID (the
// list, GET /chatgroups, names no group and is left out; GET
// /chatgroups/{group_id} has its own spec).
var _ = Describe("A group that does not exist, on every operation that documents it", func() {
	f := framework.New()

	calls := append(framework.GroupCalls("/chatgroups/{group_id}"),
		framework.Call{Method: "POST", Path: "/chatgroups/{group_id}/disable"},
		framework.Call{Method: "POST", Path: "/chatgroups/{group_id}/enable"},
		framework.Call{Method: "GET", Path: "/chatgroups/{group_id}/share_files"},
		framework.Call{Method: "POST", Path: "/chatgroups/{group_id}/share_files", With: framework.TextFile},
		framework.Call{Method: "GET", Path: "/chatgroups/{group_id}/share_files/{file_id}"},
		framework.Call{Method: "DELETE", Path: "/chatgroups/{group_id}/share_files/{file_id}"},
	)
	DescribeTable("answers 404 service_resource_not_found when the group does not exist",
		append([]any{func(ctx SpecContext, method, path string, with framework.Payload) {
			defer f.Interruptible(ctx)()
			missing, user := f.UnusedGroupID(), f.SharedUser().Username
			values := framework.PathValues{"group_id": missing, "username": user, "usernames": user, "file_id": unusedFileID}
			resp := f.Send(method, path, values, user, with)
			f.ExpectDocumentedError(resp, "groups.get.not-found", catalog.Vars{"group_id": missing})
		}}, framework.Entries("groups.get.not-found", calls)...)...,
	)
})

// unusedFileID is a shared-file ID no upload has: the group is missing anyway.
const unusedFileID = "00000000-0000-4000-8000-000000000000"
