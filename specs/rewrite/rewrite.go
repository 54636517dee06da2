// Package rewrite holds the specs of the message modification API's rows.
package rewrite

import (
	"fmt"

	"github.com/gavv/httpexpect/v2"
	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/framework"
	"github.com/imconform/imconform/harness/profile"
)

var _ = Describe("PUT /{org}/{app}/messages/rewrite/{msg_id}", func() {
	f := framework.New()

	// unknownID is a message ID of the documented form that no message has:
	// checks of the request come before the message is looked up
	// (decisions.tsv), so those rows need no message.
	const unknownID = "1100000000000000001"
	edited := map[string]any{"new_msg": map[string]string{"type": "txt", "msg": "imconform edited"}}
	rewrite := func(e *httpexpect.Expect, id string, body any) *httpexpect.Response {
		return e.PUT("/messages/rewrite/{msg_id}", id).WithJSON(body).Expect()
	}

	framework.ConformanceIt("messages.rewrite.missing-new-msg",
		"answers 400 illegal_argument when new_msg is missing", func(ctx SpecContext) {
			f.Require(profile.Rewrite, 1)
			resp := rewrite(f.App(), unknownID, map[string]any{"user": f.UniqueName("u")})
			f.ExpectDocumentedError(resp, "messages.rewrite.missing-new-msg", nil)
		})

	framework.ConformanceIt("messages.rewrite.invalid-body",
		"answers 400 invalid_request_body when new_msg is a string, not an object", func(ctx SpecContext) {
			f.Require(profile.Rewrite, 1)
			resp := rewrite(f.App(), unknownID, map[string]any{"new_msg": "imconform edited"})
			f.ExpectDocumentedError(resp, "messages.rewrite.invalid-body", nil)
		})

	framework.ConformanceIt("messages.rewrite.unsupported-type",
		"answers 400 message_rewrite_error when new_msg is an image message", func(ctx SpecContext) {
			f.Require(profile.Rewrite, 1)
			resp := rewrite(f.App(), unknownID, map[string]any{"new_msg": map[string]string{"type": "img", "msg": "imconform"}})
			f.ExpectDocumentedError(resp, "messages.rewrite.unsupported-type", nil)
		})

	framework.ConformanceIt("messages.rewrite.bad-msg-id",
		"answers 400 when the message ID is not a number", func(ctx SpecContext) {
			f.Require(profile.Rewrite, 1)
			f.ExpectDocumentedError(rewrite(f.App(), "imconform", edited), "messages.rewrite.bad-msg-id", nil)
		})

	framework.ConformanceIt("messages.rewrite.not-found",
		"answers 404 message_rewrite_error when no message has the ID", func(ctx SpecContext) {
			f.Require(profile.Rewrite, 1)
			f.ExpectDocumentedError(rewrite(f.App(), unknownID, edited), "messages.rewrite.not-found", nil)
		})

	framework.ConformanceIt("messages.rewrite.not-authorized",
		"answers 401 message_rewrite_error when user is not the message's sender (inferred trigger)", func(ctx SpecContext) {
			f.Require(profile.Rewrite, 4)
			// The admin sends; the receiver tries to edit.
			peer := f.CreateUser().Username
			id := f.SendUserMessage("admin", peer)
			body := map[string]any{"user": peer, "new_msg": edited["new_msg"]}
			f.ExpectDocumentedError(rewrite(f.App(), id, body), "messages.rewrite.not-authorized", nil)
		})

	framework.ConformanceIt("messages.rewrite.edit-limit",
		"answers 403 message_rewrite_error when a message is edited once more than the edit limit", func(ctx SpecContext) {
			limit := f.Profile().RewriteEditLimit
			if limit <= 0 {
				f.SkipDeclared("the target's edit limit is unknown (profile.rewrite_edit_limit / IMCONF_PROFILE_REWRITE_EDIT_LIMIT is 0)")
			}
			f.Require(profile.Rewrite, limit+4)
			peer := f.CreateUser().Username
			id := f.SendUserMessage("admin", peer)
			for i := range limit {
				body := map[string]any{"new_msg": map[string]string{"type": "txt", "msg": fmt.Sprintf("imconform edit %d", i+1)}}
				rewrite(f.App(), id, body).Status(200)
			}
			f.ExpectDocumentedError(rewrite(f.App(), id, edited), "messages.rewrite.edit-limit", nil)
		})

	framework.ConformanceIt("messages.rewrite.not-open",
		"answers 403 message_rewrite_error to a valid edit on an app without message modification", func(ctx SpecContext) {
			// The switch is checked before the message (decisions.tsv).
			resp := rewrite(f.AppWithout(profile.Rewrite), unknownID, edited)
			f.ExpectDocumentedError(resp, "messages.rewrite.not-open", nil)
		})
})
