// Package push holds the specs of the offline push rows: push nicknames,
// no-disturb settings, templates and push statistics.
package push

import (
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/framework"
	"github.com/imconform/imconform/harness/profile"
)

// Push nickname limits of the document: 50 users per call, 100 characters.
const (
	maxNicknameBatch = 50
	maxNicknameChars = 100
)

var _ = Describe("Push", func() {
	f := framework.New()

	Describe("PUT /{org}/{app}/push/nickname", func() {
		framework.ConformanceIt("push.nickname.empty-body",
			"answers 400 illegal_argument to an empty JSON array", func(ctx SpecContext) {
				resp := f.App().PUT("/push/nickname").WithJSON([]any{}).Expect()
				f.ExpectDocumentedError(resp, "push.nickname.empty-body", nil)
			})

		framework.ConformanceIt("push.nickname.batch-too-many",
			"answers 400 illegal_argument to 51 users", func(ctx SpecContext) {
				// The count is checked before the users (decisions.tsv), so
				// the names are nobody's and nothing is changed.
				body := make([]map[string]string, maxNicknameBatch+1)
				for i := range body {
					body[i] = map[string]string{"username": f.UniqueName("u"), "push_nickname": "imconform"}
				}
				resp := f.App().PUT("/push/nickname").WithJSON(body).Expect()
				f.ExpectDocumentedError(resp, "push.nickname.batch-too-many", nil)
			})

		framework.ConformanceIt("push.nickname.too-long",
			"answers 400 illegal_argument to a push nickname one character over 100", func(ctx SpecContext) {
				u := f.CreateUser()
				resp := f.App().PUT("/push/nickname").WithJSON([]map[string]string{
					{"username": u.Username, "push_nickname": strings.Repeat("n", maxNicknameChars+1)},
				}).Expect()
				f.ExpectDocumentedError(resp, "push.nickname.too-long", catalog.Vars{"username": u.Username})
			})
	})

	Describe("PUT /{org}/{app}/users/{username}/notification/{chattype}/{key} (no-disturb settings)", func() {
		framework.ConformanceIt("push.settings.invalid-parameter",
			"answers 400 to a type outside DEFAULT, ALL, AT, NONE", func(ctx SpecContext) {
				u := f.CreateUser()
				resp := f.App().PUT("/users/{username}/notification/{chattype}/{key}", u.Username, "user", f.UniqueName("u")).
					WithJSON(map[string]string{"type": "SOMETIMES"}).Expect()
				f.ExpectDocumentedError(resp, "push.settings.invalid-parameter", catalog.Vars{"parameter": "type"})
			})

		framework.ConformanceIt("push.settings.bad-path",
			"answers 404 to a chat type other than user or chatgroup", func(ctx SpecContext) {
				u := f.CreateUser()
				resp := f.App().PUT("/users/{username}/notification/{chattype}/{key}", u.Username, "imconform", f.UniqueName("u")).
					WithJSON(map[string]string{"type": "ALL"}).Expect()
				f.ExpectDocumentedError(resp, "push.settings.bad-path", nil)
			})
	})

	Describe("GET /{org}/{app}/notification/template/{name}", func() {
		framework.ConformanceIt("push.template.not-found",
			"answers 400 to a template name never created", func(ctx SpecContext) {
				name := f.UniqueName("tpl")
				resp := f.App().GET("/notification/template/{name}", name).Expect()
				f.ExpectDocumentedError(resp, "push.template.not-found", catalog.Vars{"name": name})
			})
	})

	Describe("GET /{org}/{app}/push/data/offline-push/begin/{startTime}/end/{endTime}", Serial, func() {
		framework.ConformanceIt("push.stats.not-open",
			"answers 403 forbidden_op when the app has no push statistics", func(ctx SpecContext) {
				f.RequireSwitchedOff(profile.PushStats)
				end := time.Now()
				resp := f.App().GET("/push/data/offline-push/begin/{startTime}/end/{endTime}",
					end.Add(-time.Hour).UnixMilli(), end.UnixMilli()).Expect()
				f.ExpectDocumentedError(resp, "push.stats.not-open", nil)
			})
	})
})
