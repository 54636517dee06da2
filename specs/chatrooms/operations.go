package chatrooms

import (
	"github.com/gavv/httpexpect/v2"
	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/framework"
)

// The chat-room rows the catalogue also files under other operations: one
// table entry per operation.
var _ = Describe("Chat room rows on their other operations", func() {
	f := framework.New()

	DescribeTable("answers 403 forbidden_op when the user is not a member of the chat room",
		func(ctx SpecContext, send func(room, outsider string) *httpexpect.Response) {
			defer f.Interruptible(ctx)()
			owner, outsider := f.CreateUser(), f.CreateUser()
			room := f.CreateChatroom(owner.Username)
			f.ExpectDocumentedError(send(room, outsider.Username), "chatrooms.members.not-member",
				catalog.Vars{"username": outsider.Username, "chatroom_id": room})
		},
		Entry("POST /chatrooms/{chatroom_id}/blocks/users/{username}", framework.Row("chatrooms.members.not-member"),
			func(room, outsider string) *httpexpect.Response {
				return f.App().POST("/chatrooms/{chatroom_id}/blocks/users/{username}", room, outsider).Expect()
			}),
		Entry("POST /chatrooms/{chatroom_id}/white/users/{username}", framework.Row("chatrooms.members.not-member"),
			func(room, outsider string) *httpexpect.Response {
				return f.App().POST("/chatrooms/{chatroom_id}/white/users/{username}", room, outsider).Expect()
			}),
		Entry("GET /chatrooms/{chatroom_id}/users/{username}/tag", framework.Row("chatrooms.members.not-member"),
			func(room, outsider string) *httpexpect.Response {
				return f.App().GET("/chatrooms/{chatroom_id}/users/{username}/tag", room, outsider).Expect()
			}),
	)
})
