package chatrooms

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/framework"
)

// groups.members.batch-add-unknown is documented on the chat-room
// operations that name users too: one entry per operation, each naming a
// user nobody registered.
var _ = Describe("A user who does not exist, on the chat-room operations that document it", func() {
	f := framework.New()

	DescribeTable("answers the unknown-member error when the named user does not exist",
		func(ctx SpecContext, method, path string, inRoom bool, with framework.Payload) {
			defer f.Interruptible(ctx)()
			nobody := f.UniqueName("u") // never registered
			values := framework.PathValues{"username": nobody}
			if inRoom {
				values["chatroom_id"] = f.SharedChatroomOf().ID
			}
			resp := f.Send(method, path, values, nobody, with)
			f.ExpectDocumentedError(resp, "groups.members.batch-add-unknown", catalog.Vars{"username": nobody, "group_id": values["chatroom_id"]})
		},
		unknownUser("POST", "/chatrooms/{chatroom_id}/users", true, framework.UsernamesBody(nil)),
		unknownUser("POST", "/chatrooms/{chatroom_id}/users/{username}", true, framework.NoBody),
		unknownUser("POST", "/chatrooms/super_admin", false, framework.JSON(func(u string) any { return map[string]string{"superadmin": u} })),
		unknownUser("DELETE", "/chatrooms/super_admin/{username}", false, framework.NoBody),
	)
})

func unknownUser(method, path string, inRoom bool, with framework.Payload) TableEntry {
	return Entry(method+" "+path, framework.Row("groups.members.batch-add-unknown"), method, path, inRoom, with)
}
