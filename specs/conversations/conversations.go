// Package conversations holds the specs of the conversation APIs' rows.
package conversations

import (
	"github.com/gavv/httpexpect/v2"
	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/framework"
)

// The body is validated before the user is looked up (decisions.tsv), so
// the user and the peer are names nobody registered: one request a row.
var _ = Describe("DELETE /{org}/{app}/users/{username}/user_channel", func() {
	f := framework.New()

	deleteConversation := func(body map[string]any) *httpexpect.Response {
		return f.App().DELETE("/users/{username}/user_channel", f.UniqueName("u")).WithJSON(body).Expect()
	}
	valid := func() map[string]any {
		return map[string]any{"channel": f.UniqueName("u"), "type": "chat", "delete_roam": true}
	}

	framework.ConformanceIt("conversations.delete.empty-channel",
		"answers 400 illegal_argument when channel is an empty string", func(ctx SpecContext) {
			body := valid()
			body["channel"] = ""
			f.ExpectDocumentedError(deleteConversation(body), "conversations.delete.empty-channel", nil)
		})

	framework.ConformanceIt("conversations.delete.empty-type",
		"answers 400 illegal_argument when type is an empty string", func(ctx SpecContext) {
			body := valid()
			body["type"] = ""
			f.ExpectDocumentedError(deleteConversation(body), "conversations.delete.empty-type", nil)
		})

	framework.ConformanceIt("conversations.delete.missing-delete-roam",
		"answers 400 illegal_argument when delete_roam is missing", func(ctx SpecContext) {
			body := valid()
			delete(body, "delete_roam")
			f.ExpectDocumentedError(deleteConversation(body), "conversations.delete.missing-delete-roam", nil)
		})

	framework.ConformanceIt("conversations.delete.invalid-body",
		"answers 400 invalid_request_body when delete_roam is a string, not a boolean", func(ctx SpecContext) {
			body := valid()
			body["delete_roam"] = "notabool"
			f.ExpectDocumentedError(deleteConversation(body), "conversations.delete.invalid-body", nil)
		})
})
