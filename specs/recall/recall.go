// Package recall holds the specs of the message recall API's rows.
package recall

import (
	"github.com/gavv/httpexpect/v2"
	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/framework"
	"github.com/imconform/imconform/harness/profile"
)

var _ = Describe("POST /{org}/{app}/messages/msg_recall", func() {
	f := framework.New()

	// unknownID is a message ID of the documented form (19 digits) that no
	// message has: the parameter checks come before the message is looked up
	// (decisions.tsv), so those rows need no message.
	const unknownID = "1100000000000000001"
	recall := func(e *httpexpect.Expect, body map[string]any) *httpexpect.Response {
		return e.POST("/messages/msg_recall").WithJSON(body).Expect()
	}
	request := func(msgID, to string) map[string]any {
		return map[string]any{"msg_id": msgID, "to": to, "chat_type": "chat"}
	}

	framework.ConformanceIt("messages.recall.empty-msg-id",
		"answers 400 message_recall_error when msg_id is an empty string", func(ctx SpecContext) {
			f.Require(profile.Recall, 1)
			f.ExpectDocumentedError(recall(f.App(), request("", f.UniqueName("u"))), "messages.recall.empty-msg-id", nil)
		})

	framework.ConformanceIt("messages.recall.empty-msg-id",
		"answers 400 message_recall_error when a message of a batch recall has an empty msg_id", func(ctx SpecContext) {
			f.Require(profile.Recall, 1)
			resp := f.App().POST("/messages/batch_recall").WithJSON(map[string]any{"msgs": []any{request("", f.UniqueName("u"))}}).Expect()
			f.ExpectDocumentedError(resp, "messages.recall.empty-msg-id", nil)
		})

	framework.ConformanceIt("messages.recall.empty-to",
		"answers 400 message_recall_error when to is an empty string", func(ctx SpecContext) {
			f.Require(profile.Recall, 1)
			f.ExpectDocumentedError(recall(f.App(), request(unknownID, "")), "messages.recall.empty-to", nil)
		})

	framework.ConformanceIt("messages.recall.empty-chat-type",
		"answers 400 message_recall_error when chat_type is an empty string", func(ctx SpecContext) {
			f.Require(profile.Recall, 1)
			body := request(unknownID, f.UniqueName("u"))
			body["chat_type"] = ""
			f.ExpectDocumentedError(recall(f.App(), body), "messages.recall.empty-chat-type", nil)
		})

	framework.ConformanceIt("messages.recall.null-force",
		"answers 400 message_recall_error when force is null (inferred: force is optional, so only an explicit empty value is expected to trigger it)", func(ctx SpecContext) {
			f.Require(profile.Recall, 1)
			body := request(unknownID, f.UniqueName("u"))
			body["force"] = nil
			f.ExpectDocumentedError(recall(f.App(), body), "messages.recall.null-force", nil)
		})

	framework.ConformanceIt("messages.recall.unknown-to",
		"answers 400 message_recall_error when to is not the receiver of the message (inferred trigger)", func(ctx SpecContext) {
			f.Require(profile.Recall, 4)
			peer := f.CreateUser().Username
			id := f.SendUserMessage("admin", peer)
			f.ExpectDocumentedError(recall(f.App(), request(id, f.UniqueName("u"))), "messages.recall.unknown-to", nil)
		})

	framework.ConformanceIt("messages.recall.not-found",
		"answers 403 message_recall_error when a message is recalled a second time", func(ctx SpecContext) {
			f.Require(profile.Recall, 5)
			peer := f.CreateUser().Username
			id := f.SendUserMessage("admin", peer)
			recall(f.App(), request(id, peer)).Status(200)
			f.ExpectDocumentedError(recall(f.App(), request(id, peer)), "messages.recall.not-found", nil)
		})

	framework.ConformanceIt("messages.recall.time-limit",
		"answers 403 message_recall_error when a message is recalled after the recall window", framework.Slow, func(ctx SpecContext) {
			window := f.Profile().RecallWindow
			if window <= 0 {
				f.SkipDeclared("the target's recall window is unknown (profile.recall_window / IMCONF_PROFILE_RECALL_WINDOW is 0)")
			}
			f.Require(profile.Recall, 4)
			f.RequireWait(window, "recall window (profile.recall_window)")
			peer := f.CreateUser().Username
			id := f.SendUserMessage("admin", peer)
			if !framework.WaitOut(ctx, window) {
				return
			}
			body := request(id, peer)
			body["force"] = false
			f.ExpectDocumentedError(recall(f.App(), body), "messages.recall.time-limit", nil)
		})

	framework.ConformanceIt("messages.recall.not-open",
		"answers 403 forbidden_op to a valid recall on an app without the recall service", func(ctx SpecContext) {
			// The switch is checked before the message (decisions.tsv): no
			// message is needed.
			resp := recall(f.AppWithout(profile.Recall), request(unknownID, f.UniqueName("u")))
			f.ExpectDocumentedError(resp, "messages.recall.not-open", nil)
		})
})
