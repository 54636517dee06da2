// Package reactions holds the specs of the message reaction rows.
package reactions

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"

	"github.com/gavv/httpexpect/v2"
	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/framework"
	"github.com/imconform/imconform/harness/profile"
)

// Fixed reaction limits of the document: 20 message IDs per query, detail
// pages of at most 50.
const (
	maxMsgIDs    = 20
	maxPageLimit = 50
)

// messageID is the form of a message ID: a long decimal number.
var messageID = regexp.MustCompile(`^[0-9]{10,}$`)

// sendText sends a text message from one user to another with the
// one-to-one send API and returns its message ID, or skips the spec,
// declared, when the target's answer carries none.
func sendText(f *framework.Framework, from, to string) string {
	GinkgoHelper()
	resp := f.App().POST("/messages/users").WithJSON(map[string]any{
		"from": from, "to": []string{to}, "type": "txt", "body": map[string]string{"msg": "imconform"},
	}).Expect()
	if resp.Raw().StatusCode != http.StatusOK {
		Fail(fmt.Sprintf("fixture: sending a message from %s to %s answered %s", from, to, resp.Raw().Status))
	}
	var body struct {
		Data map[string]string `json:"data"`
	}
	resp.JSON().Decode(&body)
	id := body.Data[to]
	if !messageID.MatchString(id) {
		f.SkipDeclared(fmt.Sprintf("POST /messages/users answered %q for the recipient, not a message ID, so no reaction can name the message", id))
	}
	return id
}

func fakeIDs(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("11%017d", i+1)
	}
	return out
}

var _ = Describe("Reactions", func() {
	f := framework.New()

	react := func(user, msgID, reaction string) *httpexpect.Response {
		return f.App().POST("/reaction/user/{username}", user).WithJSON(map[string]string{"msgId": msgID, "message": reaction}).Expect()
	}
	mustReact := func(user, msgID, reaction string) {
		GinkgoHelper()
		if resp := react(user, msgID, reaction); resp.Raw().StatusCode != http.StatusOK {
			Fail(fmt.Sprintf("fixture: %s reacting %q answered %s", user, reaction, resp.Raw().Status))
		}
	}

	Describe("with the service on", func() {
		BeforeEach(func() {
			f.Require(profile.Reactions, 3)
		})

		Describe("POST /{org}/{app}/reaction/user/{username} (add)", func() {
			BeforeEach(func() { f.Require(profile.Messages, 7) })

			framework.ConformanceIt("reactions.add.not-participant",
				"answers 400 when the user is not a party of the message's conversation", func(ctx SpecContext) {
					a, b, outsider := f.CreateUser(), f.CreateUser(), f.CreateUser()
					id := sendText(f, a.Username, b.Username)
					f.ExpectDocumentedError(react(outsider.Username, id, "emoji_1"), "reactions.add.not-participant", nil)
				})

			framework.ConformanceIt("reactions.add.duplicate",
				"answers 400 when the user adds the same reaction twice", func(ctx SpecContext) {
					a, b := f.CreateUser(), f.CreateUser()
					id := sendText(f, a.Username, b.Username)
					mustReact(a.Username, id, "emoji_1")
					f.ExpectDocumentedError(react(a.Username, id, "emoji_1"), "reactions.add.duplicate", nil)
				})

			framework.ConformanceIt("reactions.add.quantity-limit",
				"answers 400 to one reaction more than a message may take", func(ctx SpecContext) {
					limit := f.Profile().ReactionsPerMessage
					if limit <= 0 {
						f.SkipDeclared("the target's reactions-per-message limit is unknown (profile.reactions_per_message / IMCONF_PROFILE_REACTIONS_PER_MESSAGE is 0)")
					}
					f.Require("", limit+6)
					a, b := f.CreateUser(), f.CreateUser()
					id := sendText(f, a.Username, b.Username)
					for i := 1; i <= limit; i++ {
						mustReact(a.Username, id, fmt.Sprintf("emoji_%d", i))
					}
					f.ExpectDocumentedError(react(a.Username, id, fmt.Sprintf("emoji_%d", limit+1)), "reactions.add.quantity-limit", nil)
				})
		})

		Describe("DELETE /{org}/{app}/reaction/user/{username}", func() {
			framework.ConformanceIt("reactions.delete.not-operator",
				"answers 400 when the user never added that reaction", func(ctx SpecContext) {
					f.Require(profile.Messages, 6)
					a, b := f.CreateUser(), f.CreateUser()
					id := sendText(f, a.Username, b.Username)
					resp := f.App().DELETE("/reaction/user/{username}", a.Username).WithQuery("msgId", id).WithQuery("message", "emoji_1").Expect()
					f.ExpectDocumentedError(resp, "reactions.delete.not-operator", nil)
				})
		})

		// The query rows check parameters before messages (decisions.tsv):
		// the IDs name no message.
		Describe("GET /{org}/{app}/reaction/user/{username} (by message ID)", func() {
			framework.ConformanceIt("reactions.get.too-many-msg-ids",
				"answers 400 to 21 message IDs", func(ctx SpecContext) {
					u := f.CreateUser()
					resp := f.App().GET("/reaction/user/{username}", u.Username).
						WithQuery("msgIdList", strings.Join(fakeIDs(maxMsgIDs+1), ",")).WithQuery("msgType", "chat").Expect()
					f.ExpectDocumentedError(resp, "reactions.get.too-many-msg-ids", nil)
				})

			framework.ConformanceIt("reactions.get.missing-group-id",
				"answers 400 to msgType groupchat without groupId", func(ctx SpecContext) {
					u := f.CreateUser()
					resp := f.App().GET("/reaction/user/{username}", u.Username).
						WithQuery("msgIdList", fakeIDs(1)[0]).WithQuery("msgType", "groupchat").Expect()
					f.ExpectDocumentedError(resp, "reactions.get.missing-group-id", nil)
				})
		})

		Describe("GET /{org}/{app}/reaction/user/{username}/detail", func() {
			framework.ConformanceIt("reactions.detail.limit-too-large",
				"answers 400 to limit=51", func(ctx SpecContext) {
					u := f.CreateUser()
					resp := f.App().GET("/reaction/user/{username}/detail", u.Username).
						WithQuery("msgId", fakeIDs(1)[0]).WithQuery("message", "emoji_1").WithQuery("limit", maxPageLimit+1).Expect()
					f.ExpectDocumentedError(resp, "reactions.detail.limit-too-large", nil)
				})
		})
	})

	Describe("on an app with the service switched off", func() {
		framework.ConformanceIt("reactions.service.not-open",
			"POST /{org}/{app}/reaction/user/{username} answers 400 when the app has no reaction service", func(ctx SpecContext) {
				resp := f.AppWithout(profile.Reactions).POST("/reaction/user/{username}", f.UniqueName("u")).
					WithJSON(map[string]string{"msgId": fakeIDs(1)[0], "message": "emoji_1"}).Expect()
				f.ExpectDocumentedError(resp, "reactions.service.not-open", nil)
			})
	})
})
