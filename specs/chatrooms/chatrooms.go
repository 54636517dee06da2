// Package chatrooms holds the specs of the chat-room rows: adding and
// removing members, and lookups.
package chatrooms

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/framework"
)

var _ = Describe("Chat rooms", func() {
	f := framework.New()

	Describe("POST /{org}/{app}/chatrooms/{chatroom_id}/users/{username} (add a member)", func() {
		framework.ConformanceIt("chatrooms.members.already-member",
			"answers 403 forbidden_op when the user is already a member of the chat room", func(ctx SpecContext) {
				owner, member := f.CreateUser(), f.CreateUser()
				room := f.CreateChatroom(owner.Username, member.Username)
				resp := f.App().POST("/chatrooms/{chatroom_id}/users/{username}", room, member.Username).Expect()
				f.ExpectDocumentedError(resp, "chatrooms.members.already-member", catalog.Vars{"username": member.Username, "chatroom_id": room})
			})
	})

	Describe("DELETE /{org}/{app}/chatrooms/{chatroom_id}/users/{username} (remove a member)", func() {
		framework.ConformanceIt("chatrooms.members.not-member",
			"answers 403 forbidden_op when the user is not a member of the chat room", func(ctx SpecContext) {
				owner, outsider := f.CreateUser(), f.CreateUser()
				room := f.CreateChatroom(owner.Username)
				resp := f.App().DELETE("/chatrooms/{chatroom_id}/users/{username}", room, outsider.Username).Expect()
				f.ExpectDocumentedError(resp, "chatrooms.members.not-member", catalog.Vars{"username": outsider.Username, "chatroom_id": room})
			})
	})

	Describe("GET /{org}/{app}/chatrooms/{chatroom_id}", func() {
		framework.ConformanceIt("chatrooms.get.not-found",
			"answers 404 service_resource_not_found when the chat room does not exist", func(ctx SpecContext) {
				missing := f.UnusedGroupID()
				resp := f.App().GET("/chatrooms/{chatroom_id}", missing).Expect()
				f.ExpectDocumentedError(resp, "chatrooms.get.not-found", catalog.Vars{"chatroom_id": missing})
			})
	})
})
