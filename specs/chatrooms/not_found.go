package chatrooms

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/framework"
)

// chatrooms.get.not-found is documented on nearly every chat-room
// operation: one table entry per operation, each one request on a random
// room ID. The tag operations are left out (they answer
// chatrooms.tag-mute.not-open first where the service is off, and their own
// rows exercise them).
var _ = Describe("A chat room that does not exist, on every operation that documents it", func() {
	f := framework.New()

	DescribeTable("answers 404 service_resource_not_found when the chat room does not exist",
		func(ctx SpecContext, method, path string, with framework.Payload) {
			defer f.Interruptible(ctx)()
			missing, user := f.UnusedGroupID(), f.SharedUser().Username
			values := framework.PathValues{"chatroom_id": missing, "username": user, "usernames": user}
			resp := f.Send(method, path, values, user, with)
			f.ExpectDocumentedError(resp, "chatrooms.get.not-found", catalog.Vars{"chatroom_id": missing})
		},
		notFound("PUT", "/chatrooms/{chatroom_id}", framework.JSON(func(string) any { return map[string]string{"description": "imconform"} })),
		notFound("DELETE", "/chatrooms/{chatroom_id}", nil),
		notFound("GET", "/chatrooms/{chatroom_id}/admin", nil),
		notFound("POST", "/chatrooms/{chatroom_id}/admin", framework.JSON(func(u string) any { return map[string]string{"newadmin": u} })),
		notFound("DELETE", "/chatrooms/{chatroom_id}/admin/{username}", nil),
		notFound("GET", "/chatrooms/{chatroom_id}/announcement", nil),
		notFound("POST", "/chatrooms/{chatroom_id}/announcement", framework.JSON(func(string) any { return map[string]string{"announcement": "imconform"} })),
		notFound("POST", "/chatrooms/{chatroom_id}/ban", nil),
		notFound("DELETE", "/chatrooms/{chatroom_id}/ban", nil),
		notFound("GET", "/chatrooms/{chatroom_id}/blocks/users", nil),
		notFound("POST", "/chatrooms/{chatroom_id}/blocks/users", framework.UsernamesBody(nil)),
		notFound("DELETE", "/chatrooms/{chatroom_id}/blocks/users/{usernames}", nil),
		notFound("POST", "/chatrooms/{chatroom_id}/blocks/users/{username}", nil),
		notFound("DELETE", "/chatrooms/{chatroom_id}/blocks/users/{username}", nil),
		notFound("GET", "/chatrooms/{chatroom_id}/mute", nil),
		notFound("POST", "/chatrooms/{chatroom_id}/mute", framework.UsernamesBody(map[string]any{"mute_duration": 60000})),
		notFound("DELETE", "/chatrooms/{chatroom_id}/mute/{usernames}", nil),
		notFound("GET", "/chatrooms/{chatroom_id}/users", nil),
		notFound("POST", "/chatrooms/{chatroom_id}/users", framework.UsernamesBody(nil)),
		notFound("DELETE", "/chatrooms/{chatroom_id}/users/{usernames}", nil),
		notFound("POST", "/chatrooms/{chatroom_id}/users/{username}", nil),
		notFound("DELETE", "/chatrooms/{chatroom_id}/users/{username}", nil),
		notFound("GET", "/chatrooms/{chatroom_id}/white/users", nil),
		notFound("POST", "/chatrooms/{chatroom_id}/white/users", framework.UsernamesBody(nil)),
		notFound("POST", "/chatrooms/{chatroom_id}/white/users/{username}", nil),
		notFound("DELETE", "/chatrooms/{chatroom_id}/white/users/{username}", nil),
		notFound("POST", "/metadata/chatroom/{chatroom_id}", framework.JSON(func(string) any { return map[string][]string{"keys": {"imconform"}} })),
	)
})

func notFound(method, path string, with framework.Payload) TableEntry {
	if with == nil {
		with = framework.NoBody
	}
	return Entry(method+" "+path, framework.Row("chatrooms.get.not-found"), method, path, with)
}
