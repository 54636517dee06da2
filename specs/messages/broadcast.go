package messages

import (
	"fmt"
	"strings"

	"github.com/gavv/httpexpect/v2"
	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/framework"
	"github.com/imconform/imconform/harness/profile"
)

var _ = Describe("POST /{org}/{app}/messages/chatrooms/broadcast", func() {
	f := framework.New()

	broadcast := map[string]any{"from": "admin", "msg": map[string]string{"type": "txt", "msg": "imconform"}}

	framework.ConformanceIt("messages.broadcast.bad-ext",
		"answers 400 illegal_argument when the broadcast's ext is a string, not a JSON object", func(ctx SpecContext) {
			f.Require(profile.Broadcast, 1)
			body := map[string]any{"msg": broadcast["msg"], "ext": "imconform"}
			f.ExpectDocumentedError(f.App().POST("/messages/chatrooms/broadcast").WithJSON(body).Expect(), "messages.broadcast.bad-ext", nil)
		})

	framework.ConformanceIt("messages.broadcast.bad-ext",
		"answers 400 illegal_argument when the online-user broadcast's ext is a string, not a JSON object", func(ctx SpecContext) {
			f.Require(profile.Broadcast, 1)
			body := map[string]any{"msg": broadcast["msg"], "ext": "imconform"}
			f.ExpectDocumentedError(f.App().POST("/messages/users/broadcast").WithJSON(body).Expect(), "messages.broadcast.bad-ext", nil)
		})

	framework.ConformanceIt("messages.broadcast.not-open",
		"answers 403 forbidden_op to a valid broadcast on an app without the broadcast feature", func(ctx SpecContext) {
			resp := f.AppWithout(profile.Broadcast).POST("/messages/chatrooms/broadcast").WithJSON(broadcast).Expect()
			f.ExpectDocumentedError(resp, "messages.broadcast.not-open", nil)
		})
})

// Message import: its checks come before the users are looked up
// (decisions.tsv), so the users are names nobody registered.
var _ = Describe("POST /{org}/{app}/messages/users/import", func() {
	f := framework.New()

	imported := func() map[string]any {
		return map[string]any{"from": f.UniqueName("u"), "target": f.UniqueName("u"), "type": "txt",
			"body": map[string]string{"msg": "imconform"}, "is_ack_read": false}
	}
	importOne := func(body any) *httpexpect.Response {
		return f.App().POST("/messages/users/import").WithJSON(body).Expect()
	}

	framework.ConformanceIt("messages.import.empty-body",
		"answers 400 illegal_argument when the imported message has no body", func(ctx SpecContext) {
			body := imported()
			delete(body, "body")
			f.ExpectDocumentedError(importOne(body), "messages.import.empty-body", nil)
		})

	framework.ConformanceIt("messages.import.empty-body",
		"answers 400 illegal_argument when the imported group message has no body", func(ctx SpecContext) {
			body := imported()
			body["target"] = f.UnusedGroupID()
			delete(body, "body")
			f.ExpectDocumentedError(f.App().POST("/messages/chatgroups/import").WithJSON(body).Expect(), "messages.import.empty-body", nil)
		})

	framework.ConformanceIt("messages.import.empty-type",
		"answers 400 illegal_argument when the imported message's type is an empty string", func(ctx SpecContext) {
			body := imported()
			body["type"] = ""
			f.ExpectDocumentedError(importOne(body), "messages.import.empty-type", nil)
		})

	framework.ConformanceIt("messages.import.invalid-body",
		"answers 400 invalid_request_body when target is an array, not a string", func(ctx SpecContext) {
			body := imported()
			body["target"] = []string{f.UniqueName("u")}
			f.ExpectDocumentedError(importOne(body), "messages.import.invalid-body", nil)
		})
})

// One-way deletion of roaming messages by ID. The query is checked before
// the messages are looked up (decisions.tsv): the IDs are numbers of the
// documented form that name no message.
var _ = Describe("DELETE /{org}/{app}/rest/message/roaming/chat/user/{username}", func() {
	f := framework.New()

	roamingDelete := func(e *httpexpect.Expect, query map[string]string) *httpexpect.Response {
		req := e.DELETE("/rest/message/roaming/chat/user/{username}", f.UniqueName("u"))
		for k, v := range query {
			req = req.WithQuery(k, v)
		}
		return req.Expect()
	}

	framework.ConformanceIt("messages.roaming-delete.missing-param",
		"answers 400 Bad Request when msgIdList is missing", func(ctx SpecContext) {
			f.Require(profile.Roaming, 1)
			resp := roamingDelete(f.App(), map[string]string{"userId": f.UniqueName("u")})
			f.ExpectDocumentedError(resp, "messages.roaming-delete.missing-param", nil)
		})

	framework.ConformanceIt("messages.roaming-delete.too-many",
		"answers 400 when msgIdList has 51 message IDs", func(ctx SpecContext) {
			f.Require(profile.Roaming, 1)
			resp := roamingDelete(f.App(), map[string]string{"userId": f.UniqueName("u"), "msgIdList": msgIDs(51)})
			f.ExpectDocumentedError(resp, "messages.roaming-delete.too-many", nil)
		})

	// Every roaming operation answers the row on an app without roaming.
	DescribeTable("answers 400 to a valid request on an app without message roaming",
		func(ctx SpecContext, method, path string, query map[string]string) {
			defer f.Interruptible(ctx)()
			req := f.AppWithout(profile.Roaming).Request(method, path, f.UniqueName("u"))
			for k, v := range query {
				req = req.WithQuery(k, v)
			}
			f.ExpectDocumentedError(req.Expect(), "messages.roaming-delete.not-open", nil)
		},
		Entry("one-to-one messages by ID", framework.Row("messages.roaming-delete.not-open"),
			"DELETE", "/rest/message/roaming/chat/user/{username}", map[string]string{"userId": "imconform", "msgIdList": msgIDs(1)}),
		Entry("group messages by ID", framework.Row("messages.roaming-delete.not-open"),
			"DELETE", "/rest/message/roaming/group/user/{username}", map[string]string{"groupId": "100000000000001", "msgIdList": msgIDs(1)}),
		Entry("one-to-one messages up to a time", framework.Row("messages.roaming-delete.not-open"),
			"DELETE", "/rest/message/roaming/chat/user/{username}/time", map[string]string{"userId": "imconform", "delTime": "1659014868000"}),
		Entry("group messages up to a time", framework.Row("messages.roaming-delete.not-open"),
			"DELETE", "/rest/message/roaming/group/user/{username}/time", map[string]string{"groupId": "100000000000001", "delTime": "1659014868000"}),
		Entry("all of a user's messages", framework.Row("messages.roaming-delete.not-open"),
			"POST", "/rest/message/roaming/user/{username}/delete/all", map[string]string{}),
	)
})

// msgIDs is a comma list of n message IDs of the documented form (19
// digits) that name no message.
func msgIDs(n int) string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprint(1_100_000_000_000_000_000 + i)
	}
	return strings.Join(ids, ",")
}

// The failed-callback store documents no error of its own; its retry takes
// a JSON body like every other POST, so the cross-cutting media-type row
// applies.
var _ = Describe("POST /{org}/{app}/callbacks/storage/retry", func() {
	f := framework.New()

	framework.ConformanceIt("request.unsupported-media-type",
		"answers 415 web_application to a JSON array sent without Content-Type to the failed-callback retry", func(ctx SpecContext) {
			resp := f.App().POST("/callbacks/storage/retry").WithBytes([]byte(`[{"date":"202109091440","retry":0}]`)).Expect()
			f.ExpectDocumentedError(resp, "request.unsupported-media-type", nil)
		})
})
