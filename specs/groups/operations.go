package groups

import (
	"github.com/gavv/httpexpect/v2"
	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/framework"
)

// The group rows the catalogue also files under other operations, chat-room
// ones among them: one table entry per operation.
var _ = Describe("Chat group rows on their other operations", func() {
	f := framework.New()

	// A fixture creates what an entry needs: a group, or a chat
	// room, owned by owner.
	type fixture func(f *framework.Framework, owner string) string
	group := func(f *framework.Framework, owner string) string { return f.CreateGroup(owner) }
	room := func(f *framework.Framework, owner string) string { return f.CreateChatroom(owner) }

	DescribeTable("answers the owner's rows when the request names the owner",
		func(ctx SpecContext, id string, create fixture, send func(id, owner string) *httpexpect.Response) {
			defer f.Interruptible(ctx)()
			owner := f.CreateUser()
			resp := send(create(f, owner.Username), owner.Username)
			f.ExpectDocumentedError(resp, id, nil)
		},
		Entry("DELETE /chatgroups/{group_id}/users/{owner}", framework.Row("groups.owner-forbidden"), "groups.owner-forbidden", group,
			func(id, owner string) *httpexpect.Response {
				return f.App().DELETE("/chatgroups/{group_id}/users/{username}", id, owner).Expect()
			}),
		Entry("POST /chatgroups/{group_id}/mute the owner", framework.Row("groups.owner-forbidden"), "groups.owner-forbidden", group,
			func(id, owner string) *httpexpect.Response {
				return f.App().POST("/chatgroups/{group_id}/mute", id).WithJSON(map[string]any{"usernames": []string{owner}, "mute_duration": 60000}).Expect()
			}),
		Entry("PUT /chatrooms/{chatroom_id} {\"newowner\": <owner>}", framework.Row("groups.transfer.same-owner"), "groups.transfer.same-owner", room,
			func(id, owner string) *httpexpect.Response {
				return f.App().PUT("/chatrooms/{chatroom_id}", id).WithJSON(map[string]string{"newowner": owner}).Expect()
			}),
		Entry("PUT /chatrooms/{chatroom_id} {\"groupid\": \"1\"}", framework.Row("groups.modify.invalid-field"), "groups.modify.invalid-field", room,
			func(id, owner string) *httpexpect.Response {
				return f.App().PUT("/chatrooms/{chatroom_id}", id).WithJSON(map[string]string{"groupid": "1"}).Expect()
			}),
	)

	DescribeTable("answers 403 forbidden_op when the user is not a member of the group",
		func(ctx SpecContext, path string) {
			defer f.Interruptible(ctx)()
			owner, outsider := f.CreateUser(), f.CreateUser()
			id := f.CreateGroup(owner.Username)
			resp := f.App().POST(path, id, outsider.Username).Expect()
			f.ExpectDocumentedError(resp, "groups.members.not-member", catalog.Vars{"username": outsider.Username, "group_id": id})
		},
		Entry("POST /chatgroups/{group_id}/blocks/users/{username}", framework.Row("groups.members.not-member"), "/chatgroups/{group_id}/blocks/users/{username}"),
		Entry("POST /chatgroups/{group_id}/white/users/{username}", framework.Row("groups.members.not-member"), "/chatgroups/{group_id}/white/users/{username}"),
	)
})
