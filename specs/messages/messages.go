// Package messages holds the specs of the legacy send API's rows.
package messages

import (
	"strings"

	"github.com/gavv/httpexpect/v2"
	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/framework"
	"github.com/imconform/imconform/harness/profile"
)

var _ = Describe("POST /{org}/{app}/messages", func() {
	f := framework.New()

	// textTo is a valid text message to user from the admin (no "from").
	textTo := func(user string) map[string]any {
		return map[string]any{"target_type": "users", "target": []string{user}, "msg": map[string]string{"type": "txt", "msg": "imconform"}}
	}
	send := func(body map[string]any) *httpexpect.Response {
		return f.App().POST("/messages").WithJSON(body).Expect()
	}

	BeforeEach(func() { f.Require(profile.Messages, 3) })

	framework.ConformanceIt("messages.empty-from",
		`answers 400 illegal_argument when "from" is an empty string`, func(ctx SpecContext) {
			body := textTo(f.SharedUser().Username)
			body["from"] = ""
			f.ExpectDocumentedError(send(body), "messages.empty-from", nil)
		})

	framework.ConformanceIt("messages.bad-target-type",
		"answers 400 illegal_argument when target_type is not users, chatgroups or chatrooms", func(ctx SpecContext) {
			body := textTo(f.SharedUser().Username)
			body["target_type"] = "imconform"
			f.ExpectDocumentedError(send(body), "messages.bad-target-type", nil)
		})

	framework.ConformanceIt("messages.too-large",
		"answers 400 illegal_argument when the message text is one byte over the size limit", func(ctx SpecContext) {
			limit := f.Profile().MessageMaxBytes
			if limit <= 0 {
				f.SkipDeclared("the target's message size limit is unknown (profile.message_max_bytes / IMCONF_PROFILE_MESSAGE_MAX_BYTES is 0)")
			}
			body := textTo(f.SharedUser().Username)
			body["msg"] = map[string]string{"type": "txt", "msg": strings.Repeat("x", limit+1)}
			f.ExpectDocumentedError(send(body), "messages.too-large", nil)
		})
})
