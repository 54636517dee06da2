package chatrooms

import (
	"fmt"
	"strings"

	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/framework"
	"github.com/imconform/imconform/harness/profile"
)

var _ = Describe("Chat room creation, modification, announcements and tags", func() {
	f := framework.New()

	Describe("POST /{org}/{app}/chatrooms (create)", func() {
		framework.ConformanceIt("chatrooms.create.missing-field",
			"answers 400 invalid_parameter \"owner must be provided\" when the body has no owner", func(ctx SpecContext) {
				resp := f.TryCreateChatroomWith(map[string]any{"name": f.UniqueName("r"), "description": "d"})
				f.ExpectDocumentedError(resp, "chatrooms.create.missing-field", catalog.Vars{"field": "owner"})
			})

		framework.ConformanceIt("chatrooms.create.duplicate-id",
			"answers 400 illegal_argument when the custom chat room ID (id) is taken", func(ctx SpecContext) {
				owner := f.CreateUser()
				taken := f.CreateChatroom(owner.Username)
				resp := f.TryCreateChatroomWith(map[string]any{"id": taken, "name": f.UniqueName("r"), "description": "d", "owner": owner.Username})
				f.ExpectDocumentedError(resp, "chatrooms.create.duplicate-id", catalog.Vars{"chatroom_id": taken})
			})

		// The member count is compared with maxusers before any name is
		// looked up (decisions.tsv): the members are names no user has.
		framework.ConformanceIt("chatrooms.create.too-many-members",
			"answers 403 exceed_limit when the members outnumber maxusers", func(ctx SpecContext) {
				owner := f.CreateUser()
				resp := f.TryCreateChatroomWith(map[string]any{"name": f.UniqueName("r"), "description": "d", "owner": owner.Username,
					"maxusers": 2, "members": []string{f.UniqueName("u"), f.UniqueName("u"), f.UniqueName("u")}})
				f.ExpectDocumentedError(resp, "chatrooms.create.too-many-members", nil)
			})
	})

	Describe("PUT /{org}/{app}/chatrooms/{chatroom_id} (modify)", func() {
		// The modify page marks name, description and maxusers required:
		// each spec sends all three, one of them over its limit.
		modify := func(name, description string, maxUsers int) map[string]any {
			return map[string]any{"name": name, "description": description, "maxusers": maxUsers}
		}

		framework.ConformanceIt("chatrooms.modify.title-too-long",
			"answers 403 exceed_limit when the name is longer than 128 characters", func(ctx SpecContext) {
				room := f.SharedChatroomOf().ID // the call is refused before anything changes
				resp := f.App().PUT("/chatrooms/{chatroom_id}", room).WithJSON(modify(strings.Repeat("n", 129), "d", 300)).Expect()
				f.ExpectDocumentedError(resp, "chatrooms.modify.title-too-long", catalog.Vars{"limit": "128"})
			})

		framework.ConformanceIt("chatrooms.modify.desc-too-long",
			"answers 403 exceed_limit when the description is longer than 512 characters", func(ctx SpecContext) {
				room := f.SharedChatroomOf().ID // the call is refused before anything changes
				resp := f.App().PUT("/chatrooms/{chatroom_id}", room).WithJSON(modify(f.UniqueName("r"), strings.Repeat("d", 513), 300)).Expect()
				f.ExpectDocumentedError(resp, "chatrooms.modify.desc-too-long", catalog.Vars{"limit": "512"})
			})

		framework.ConformanceIt("chatrooms.modify.maxusers-too-large",
			"answers 403 exceed_limit when maxusers is over the app's maximum", func(ctx SpecContext) {
				limit := f.Profile().ChatroomMaxUsers
				if limit == 0 {
					f.SkipDeclared("the target's profile declares no chat room size limit; set profile.chatroom_max_users / IMCONF_PROFILE_CHATROOM_MAX_USERS")
				}
				room := f.SharedChatroomOf().ID // the call is refused before anything changes
				resp := f.App().PUT("/chatrooms/{chatroom_id}", room).WithJSON(modify(f.UniqueName("r"), "d", limit+1)).Expect()
				f.ExpectDocumentedError(resp, "chatrooms.modify.maxusers-too-large", catalog.Vars{"limit": fmt.Sprint(limit)})
			})
	})

	Describe("POST /{org}/{app}/chatrooms/{chatroom_id}/announcement", func() {
		framework.ConformanceIt("chatrooms.announcement.too-long",
			"answers 403 forbidden_op when the announcement is longer than 512 characters", func(ctx SpecContext) {
				room := f.SharedChatroomOf().ID // the call is refused before anything changes
				resp := f.App().POST("/chatrooms/{chatroom_id}/announcement", room).
					WithJSON(map[string]string{"announcement": strings.Repeat("a", 513)}).Expect()
				f.ExpectDocumentedError(resp, "chatrooms.announcement.too-long", nil)
			})
	})

	Describe("PUT /{org}/{app}/chatrooms/{chatroom_id}/users/{username}/tag (set a member's tags)", func() {
		DescribeTable("answers the documented error to tags the service refuses",
			func(ctx SpecContext, id string, tags any) {
				defer f.Interruptible(ctx)()
				shared := f.SharedChatroomOf() // the call is refused before anything changes
				room, owner := shared.ID, shared.Owner
				resp := f.App().PUT("/chatrooms/{chatroom_id}/users/{username}/tag", room, owner.Username).
					WithJSON(map[string]any{"tags": tags}).Expect()
				f.ExpectDocumentedError(resp, id, nil)
			},
			Entry("a tag of 33 characters", framework.Row("chatrooms.tags.too-long"), "chatrooms.tags.too-long", []string{strings.Repeat("t", 33)}),
			Entry("11 tags", framework.Row("chatrooms.tags.too-many"), "chatrooms.tags.too-many",
				[]string{"t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9", "t10", "t11"}),
			Entry("tags that are not a list", framework.Row("chatrooms.tags.bad-type"), "chatrooms.tags.bad-type", "vip"),
		)
	})

	Describe("PUT /{org}/{app}/chatrooms/{chatroom_id}/tag/mute (mute by tag)", func() {
		framework.ConformanceIt("chatrooms.tag-mute.not-open",
			"GET /{org}/{app}/chatrooms/{chatroom_id}/users/{username}/tag answers 403 forbidden_op on an app without chat-room tags", func(ctx SpecContext) {
				// The feature is checked before the room and the member
				// (decisions.tsv): neither needs to exist.
				resp := f.AppWithout(profile.ChatroomTags).GET("/chatrooms/{chatroom_id}/users/{username}/tag", f.UnusedGroupID(), f.UniqueName("u")).Expect()
				f.ExpectDocumentedError(resp, "chatrooms.tag-mute.not-open", nil)
			})

		framework.ConformanceIt("chatrooms.tag-mute.tag-not-found",
			"answers 404 resource_not_found when no member of the room has the tag", func(ctx SpecContext) {
				room := f.SharedChatroomOf().ID // the call is refused before anything changes
				resp := f.App().PUT("/chatrooms/{chatroom_id}/tag/mute", room).
					WithJSON(map[string]any{"tag": "imc-no-one", "mute_duration": 60}).Expect()
				f.ExpectDocumentedError(resp, "chatrooms.tag-mute.tag-not-found", nil)
			})

		framework.ConformanceIt("chatrooms.tags.too-long",
			"answers 403 exceed_limit when the tag to mute is longer than 32 characters", func(ctx SpecContext) {
				room := f.SharedChatroomOf().ID // the call is refused before anything changes
				resp := f.App().PUT("/chatrooms/{chatroom_id}/tag/mute", room).
					WithJSON(map[string]any{"tag": strings.Repeat("t", 33), "mute_duration": 60}).Expect()
				f.ExpectDocumentedError(resp, "chatrooms.tags.too-long", nil)
			})
	})
})
