// Package push holds the specs of the offline push rows: push nicknames,
// no-disturb settings, templates and push statistics.
package push

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gavv/httpexpect/v2"
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

	Describe("/{org}/{app}/users/{username}/notification/{chattype}/{key} (no-disturb settings)", func() {
		framework.ConformanceIt("push.settings.invalid-parameter",
			"answers 400 to a type outside DEFAULT, ALL, AT, NONE", func(ctx SpecContext) {
				u := f.CreateUser()
				resp := f.App().PUT("/users/{username}/notification/{chattype}/{key}", u.Username, "user", f.UniqueName("u")).
					WithJSON(map[string]string{"type": "SOMETIMES"}).Expect()
				f.ExpectDocumentedError(resp, "push.settings.invalid-parameter", catalog.Vars{"parameter": "type"})
			})

		// The path's user is registered, so the chat type is the one thing wrong.
		DescribeTable("answers 404 url is invalid to a chat type other than user or chatgroup",
			func(ctx SpecContext, method, path string, with framework.Payload) {
				defer f.Interruptible(ctx)()
				u := f.CreateUser()
				values := framework.PathValues{"username": u.Username, "chattype": "imconform", "key": f.UniqueName("u")}
				resp := f.Send(method, path, values, u.Username, with)
				f.ExpectDocumentedError(resp, "push.settings.bad-path", nil)
			},
			framework.CallEntry("push.settings.bad-path", "PUT", noDisturbPath, framework.JSON(func(string) any { return map[string]string{"type": "ALL"} })),
			framework.CallEntry("push.settings.bad-path", "GET", noDisturbPath, nil),
		)
	})

	DescribeTable("Push templates answer 400 EntityNotFoundException to a template name never created",
		func(ctx SpecContext, method, path string, with framework.Payload) {
			defer f.Interruptible(ctx)()
			name := f.UniqueName("tpl")
			resp := f.Send(method, path, framework.PathValues{"name": name}, "", with)
			f.ExpectDocumentedError(resp, "push.template.not-found", catalog.Vars{"name": name})
		},
		framework.CallEntry("push.template.not-found", "GET", templatePath, nil),
		framework.CallEntry("push.template.not-found", "PUT", templatePath, framework.JSON(func(string) any { return templatePatterns() })),
		framework.CallEntry("push.template.not-found", "DELETE", templatePath, nil),
	)

	// The user is the one thing wrong. The requests go with the app token:
	// the receiver's template pair documents the user's own token, but no
	// user token can name a user that does not exist. The template a user
	// is set to exists, so that only the user is wrong.
	DescribeTable("Push settings of a user that does not exist answer 400 required_property_not_found",
		func(ctx SpecContext, method, path string, with framework.Payload) {
			defer f.Interruptible(ctx)()
			// A GET cannot create the user; a PUT is followed by a delete in
			// case a server wrongly does.
			missing := f.UniqueName("u")
			if method != http.MethodGet {
				missing = f.UnusedUsername()
			}
			resp := f.Send(method, path, framework.PathValues{"username": missing}, missing, with)
			f.ExpectDocumentedError(resp, "users.modify.missing-username", nil)
		},
		framework.CallEntry(missingUser, "GET", "/users/{username}/notification/language", nil),
		framework.CallEntry(missingUser, "PUT", "/users/{username}/notification/language",
			framework.JSON(func(string) any { return map[string]string{"translationLanguage": "en"} })),
		framework.CallEntry(missingUser, "GET", "/users/{username}/notification/template", nil),
		framework.CallEntry(missingUser, "PUT", "/users/{username}/notification/template",
			func(r *httpexpect.Request, _ string) *httpexpect.Request {
				return r.WithJSON(map[string]string{"templateName": createTemplate(f)})
			}),
		framework.CallEntry(missingUser, "GET", "/users/{username}/push/binding", nil),
		framework.CallEntry(missingUser, "PUT", "/users/{username}/push/binding", framework.JSON(func(string) any {
			return map[string]string{"device_id": "imconform-device", "device_token": "imconform-token", "notifier_name": "imconform-notifier"}
		})),
	)

	Describe("GET /{org}/{app}/push/data/offline-push/begin/{startTime}/end/{endTime}", func() {
		framework.ConformanceIt("push.stats.not-open",
			"answers 403 forbidden_op when the app has no push statistics", func(ctx SpecContext) {
				end := time.Now()
				resp := f.AppWithout(profile.PushStats).GET("/push/data/offline-push/begin/{startTime}/end/{endTime}",
					end.Add(-time.Hour).UnixMilli(), end.UnixMilli()).Expect()
				f.ExpectDocumentedError(resp, "push.stats.not-open", nil)
			})
	})
})

// noDisturbPath is the path of a user's no-disturb setting of one conversation.
const noDisturbPath = "/users/{username}/notification/{chattype}/{key}"

// templatePath is the path of one push template.
const templatePath = "/notification/template/{name}"

// missingUser is the row of a user's push settings when the user does not exist.
const missingUser = "users.modify.missing-username"

// templatePatterns are the title and content patterns of a template.
func templatePatterns() map[string]string {
	return map[string]string{"title_pattern": "imconform {0}", "content_pattern": "imconform {0}"}
}

// createTemplate creates a push template of a fresh name and deletes it
// after the spec (templates are app-wide).
func createTemplate(f *framework.Framework) string {
	GinkgoHelper()
	name := f.UniqueName("tpl")
	body := templatePatterns()
	body["name"] = name
	DeferCleanup(func() {
		resp := f.App().DELETE("/notification/template/{name}", name).Expect()
		if s := resp.Raw().StatusCode; s != http.StatusOK && s != http.StatusBadRequest {
			Fail(fmt.Sprintf("cleanup: deleting push template %s answered %s", name, resp.Raw().Status))
		}
	})
	resp := f.App().POST("/notification/template").WithJSON(body).Expect()
	if resp.Raw().StatusCode != http.StatusOK {
		Fail("fixture: creating push template " + name + " answered " + resp.Raw().Status)
	}
	return name
}
