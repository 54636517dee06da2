package groups

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/framework"
)

// groups.get.not-found is documented on nearly every group operation: one
// table entry per operation, each one request on a random group ID (the
// list, GET /chatgroups, names no group and is left out).
var _ = Describe("A group that does not exist, on every operation that documents it", func() {
	f := framework.New()

	DescribeTable("answers 404 service_resource_not_found when the group does not exist",
		func(ctx SpecContext, method, path string, with framework.Payload) {
			defer f.Interruptible(ctx)()
			missing, user := f.UnusedGroupID(), f.SharedUser().Username
			values := framework.PathValues{"group_id": missing, "username": user, "usernames": user, "file_id": unusedFileID}
			resp := f.Send(method, path, values, user, with)
			f.ExpectDocumentedError(resp, "groups.get.not-found", catalog.Vars{"group_id": missing})
		},
		notFound("PUT", "/chatgroups/{group_id}", framework.JSON(func(string) any { return map[string]string{"description": "imconform"} })),
		notFound("DELETE", "/chatgroups/{group_id}", nil),
		notFound("GET", "/chatgroups/{group_id}/admin", nil),
		notFound("POST", "/chatgroups/{group_id}/admin", framework.JSON(func(u string) any { return map[string]string{"newadmin": u} })),
		notFound("DELETE", "/chatgroups/{group_id}/admin/{username}", nil),
		notFound("GET", "/chatgroups/{group_id}/announcement", nil),
		notFound("POST", "/chatgroups/{group_id}/announcement", framework.JSON(func(string) any { return map[string]string{"announcement": "imconform"} })),
		notFound("POST", "/chatgroups/{group_id}/ban", nil),
		notFound("DELETE", "/chatgroups/{group_id}/ban", nil),
		notFound("GET", "/chatgroups/{group_id}/blocks/users", nil),
		notFound("POST", "/chatgroups/{group_id}/blocks/users", framework.UsernamesBody(nil)),
		notFound("DELETE", "/chatgroups/{group_id}/blocks/users/{usernames}", nil),
		notFound("POST", "/chatgroups/{group_id}/blocks/users/{username}", nil),
		notFound("DELETE", "/chatgroups/{group_id}/blocks/users/{username}", nil),
		notFound("POST", "/chatgroups/{group_id}/disable", nil),
		notFound("POST", "/chatgroups/{group_id}/enable", nil),
		notFound("GET", "/chatgroups/{group_id}/mute", nil),
		notFound("POST", "/chatgroups/{group_id}/mute", framework.UsernamesBody(map[string]any{"mute_duration": 60000})),
		notFound("DELETE", "/chatgroups/{group_id}/mute/{usernames}", nil),
		notFound("GET", "/chatgroups/{group_id}/share_files", nil),
		notFound("POST", "/chatgroups/{group_id}/share_files", framework.TextFile),
		notFound("GET", "/chatgroups/{group_id}/share_files/{file_id}", nil),
		notFound("DELETE", "/chatgroups/{group_id}/share_files/{file_id}", nil),
		notFound("GET", "/chatgroups/{group_id}/users", nil),
		notFound("POST", "/chatgroups/{group_id}/users", framework.UsernamesBody(nil)),
		notFound("DELETE", "/chatgroups/{group_id}/users/{usernames}", nil),
		notFound("POST", "/chatgroups/{group_id}/users/{username}", nil),
		notFound("DELETE", "/chatgroups/{group_id}/users/{username}", nil),
		notFound("GET", "/chatgroups/{group_id}/white/users", nil),
		notFound("POST", "/chatgroups/{group_id}/white/users", framework.UsernamesBody(nil)),
		notFound("POST", "/chatgroups/{group_id}/white/users/{username}", nil),
		notFound("DELETE", "/chatgroups/{group_id}/white/users/{username}", nil),
	)
})

func notFound(method, path string, with framework.Payload) TableEntry {
	if with == nil {
		with = framework.NoBody
	}
	return Entry(method+" "+path, framework.Row("groups.get.not-found"), method, path, with)
}

// unusedFileID is a shared-file ID no upload has: the group is missing anyway.
const unusedFileID = "00000000-0000-4000-8000-000000000000"
