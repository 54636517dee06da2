package messages

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gavv/httpexpect/v2"
	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/framework"
	"github.com/imconform/imconform/harness/profile"
)

// The new-generation send APIs. Their parameter checks come before any
// recipient is looked up (decisions.tsv), so these specs name users, groups
// and rooms nobody created, and spend one request each.
var _ = Describe("POST /{org}/{app}/messages/users|chatgroups|chatrooms", func() {
	f := framework.New()

	// text is a valid text message from a user to recipients.
	text := func(to ...string) map[string]any {
		return map[string]any{"from": f.UniqueName("u"), "to": to, "type": "txt", "body": map[string]string{"msg": "imconform"}}
	}
	send := func(path string, body any) *httpexpect.Response {
		return f.App().POST(path).WithJSON(body).Expect()
	}
	names := func(n int, id func() string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = id()
		}
		return out
	}
	user := func() string { return f.UniqueName("u") }

	// The rows the legacy API shares with these endpoints are worded
	// otherwise here (message_send_error, "param ..."): variants.tsv has the
	// endpoints' own wording, which strict mode does not accept.
	variantOnly := func() {
		if f.Target().Strict != "" {
			f.SkipDeclared("these endpoints document only a variant wording of the row (variants.tsv), and strict mode (IMCONF_STRICT) accepts the canonical one alone")
		}
	}

	framework.ConformanceIt("messages.empty-from",
		`answers 400 message_send_error "param from can't be empty" when from is an empty string`, func(ctx SpecContext) {
			variantOnly()
			body := text(user())
			body["from"] = ""
			f.ExpectDocumentedError(send("/messages/users", body), "messages.empty-from", nil)
		})

	framework.ConformanceIt("messages.too-large",
		"answers 400 message_send_error when a group message's text is one byte over the size limit", func(ctx SpecContext) {
			variantOnly()
			limit := f.Profile().MessageMaxBytes
			if limit <= 0 {
				f.SkipDeclared("the target's message size limit is unknown (profile.message_max_bytes / IMCONF_PROFILE_MESSAGE_MAX_BYTES is 0)")
			}
			// A text one byte over the limit alone, so that the message is
			// over it however body and ext are counted.
			body := text(f.UnusedGroupID())
			body["body"] = map[string]string{"msg": strings.Repeat("x", limit+1)}
			f.ExpectDocumentedError(send("/messages/chatgroups", body), "messages.too-large", nil)
		})

	framework.ConformanceIt("messages.send.empty-to",
		"answers 400 message_send_error when to is an empty array", func(ctx SpecContext) {
			f.ExpectDocumentedError(send("/messages/users", text()), "messages.send.empty-to", nil)
		})

	framework.ConformanceIt("messages.send.empty-type",
		"answers 400 message_send_error when type is an empty string", func(ctx SpecContext) {
			body := text(user())
			body["type"] = ""
			f.ExpectDocumentedError(send("/messages/users", body), "messages.send.empty-type", nil)
		})

	framework.ConformanceIt("messages.send.empty-body",
		"answers 400 message_send_error when body is an empty JSON object", func(ctx SpecContext) {
			body := text(user())
			body["body"] = map[string]any{}
			f.ExpectDocumentedError(send("/messages/users", body), "messages.send.empty-body", nil)
		})

	framework.ConformanceIt("messages.send.bad-ext",
		"answers 400 message_send_error when ext is a string, not a JSON object", func(ctx SpecContext) {
			body := text(user())
			body["ext"] = "imconform"
			f.ExpectDocumentedError(send("/messages/users", body), "messages.send.bad-ext", nil)
		})

	framework.ConformanceIt("messages.send.invalid-body",
		"answers 400 invalid_request_body when to is a string, not an array", func(ctx SpecContext) {
			body := text()
			body["to"] = user()
			f.ExpectDocumentedError(send("/messages/users", body), "messages.send.invalid-body", nil)
		})

	framework.ConformanceIt("messages.send.empty-users",
		"answers 400 message_send_error when a targeted group message has an empty users array", func(ctx SpecContext) {
			body := text(f.UnusedGroupID())
			body["users"] = []string{}
			f.ExpectDocumentedError(send("/messages/chatgroups/users", body), "messages.send.empty-users", nil)
		})

	framework.ConformanceIt("messages.send.empty-users",
		"answers 400 message_send_error when a targeted chat-room message has an empty users array", func(ctx SpecContext) {
			body := text(f.UnusedGroupID())
			body["users"] = []string{}
			f.ExpectDocumentedError(send("/messages/chatrooms/users", body), "messages.send.empty-users", nil)
		})

	framework.ConformanceIt("messages.send.too-many-users",
		"answers 400 message_send_error when a one-to-one message has 601 recipients", func(ctx SpecContext) {
			f.ExpectDocumentedError(send("/messages/users", text(names(601, user)...)), "messages.send.too-many-users", nil)
		})

	framework.ConformanceIt("messages.send.too-many-groups",
		"answers 400 message_send_error when a group message goes to 4 groups", func(ctx SpecContext) {
			f.ExpectDocumentedError(send("/messages/chatgroups", text(names(4, f.UnusedGroupID)...)), "messages.send.too-many-groups", nil)
		})

	framework.ConformanceIt("messages.send.too-many-chatrooms",
		"answers 400 message_send_error when a chat-room message goes to 11 rooms", func(ctx SpecContext) {
			f.ExpectDocumentedError(send("/messages/chatrooms", text(names(11, f.UnusedGroupID)...)), "messages.send.too-many-chatrooms", nil)
		})

	framework.ConformanceIt("messages.send.rate-limit",
		"answers 403 message_send_error once group messages are sent faster than the group message rate", framework.RateLimit, framework.Destructive, Serial, func(ctx SpecContext) {
			rate := f.Profile().GroupMessageRate
			if rate <= 0 {
				f.SkipDeclared("the target's group message rate is unknown (profile.group_messages_per_second / IMCONF_PROFILE_GROUP_MESSAGES_PER_SECOND is 0)")
			}
			f.Require(profile.RateLimit, rate+5)
			// A real group of a real owner, so that every message counts.
			owner := f.CreateUser().Username
			message := text(f.CreateGroup(owner))
			message["from"] = owner
			b := f.BurstCalls(rate, http.StatusOK, "group messages", func() *httpexpect.Response { return send("/messages/chatgroups", message) })
			limited := b.Limited
			if limited == nil {
				// Every message was accepted: the assertion on the last
				// answer says so, in the row's terms.
				fmt.Fprintf(GinkgoWriter, "%d group messages were all accepted; the target declares a group message rate of %d a second\n", b.Calls, rate)
				limited = b.Last
			}
			// Give the rate back before the next spec sends group messages.
			DeferCleanup(func() { time.Sleep(time.Second) })
			f.ExpectDocumentedError(limited, "messages.send.rate-limit", nil)
		})
})
