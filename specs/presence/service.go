package presence

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/framework"
	"github.com/imconform/imconform/harness/profile"
)

// The presence rows of the per-API pages: empty or null inputs, group
// online counts and the service switches.
var _ = Describe("Presence: inputs, group online counts and service switches", func() {
	f := framework.New()

	Describe("presence APIs with the service on", func() {
		BeforeEach(func() { f.Require(profile.Presence, 3) })

		framework.ConformanceIt("presence.set.null-ext",
			"POST .../presence/{resource}/{status} answers 400 illegal_argument to \"ext\": null", func(ctx SpecContext) {
				u := f.CreateUser()
				resp := f.App().POST("/users/{username}/presence/{resource}/{status}", u.Username, device, "1").
					WithJSON(map[string]any{"ext": nil}).Expect()
				f.ExpectDocumentedError(resp, "presence.set.null-ext", nil)
			})

		framework.ConformanceIt("presence.sub.empty-usernames",
			"POST .../presence/{expiry} answers 400 illegal_argument to an empty usernames list", func(ctx SpecContext) {
				u := f.CreateUser()
				resp := f.App().POST("/users/{username}/presence/{expiry}", u.Username, "3600").
					WithJSON(map[string][]string{"usernames": {}}).Expect()
				f.ExpectDocumentedError(resp, "presence.sub.empty-usernames", nil)
			})

		framework.ConformanceIt("presence.unsub.empty-usernames",
			"DELETE .../presence answers 400 illegal_argument to an empty JSON array", func(ctx SpecContext) {
				u := f.CreateUser()
				resp := f.App().DELETE("/users/{username}/presence", u.Username).WithJSON([]string{}).Expect()
				f.ExpectDocumentedError(resp, "presence.unsub.empty-usernames", nil)
			})
	})

	Describe("GET /{org}/{app}/presence/online/{group_id}/type/{query_type}", func() {
		BeforeEach(func() { f.Require(profile.GroupOnline, 1) })

		// The parameters are checked before the group is looked up
		// (decisions.tsv), so no group is created.
		DescribeTable("answers 400 illegal_argument",
			func(ctx SpecContext, id string, group func() string, queryType string) {
				defer f.Interruptible(ctx)()
				resp := f.App().GET("/presence/online/{group_id}/type/{query_type}", group(), queryType).Expect()
				f.ExpectDocumentedError(resp, id, nil)
			},
			Entry("to a blank group ID", framework.Row("presence.group-online.empty-id"), "presence.group-online.empty-id",
				func() string { return " " }, "1"),
			Entry("to a blank query type", framework.Row("presence.group-online.empty-type"), "presence.group-online.empty-type",
				f.UnusedGroupID, " "),
			Entry("to query type 2", framework.Row("presence.group-online.bad-type"), "presence.group-online.bad-type",
				f.UnusedGroupID, "2"),
		)
	})

	Describe("on an app with the service switched off", func() {
		DescribeTable("answers 400 when the app has no presence service",
			func(ctx SpecContext, method, path string, with framework.Payload) {
				defer f.Interruptible(ctx)()
				user := f.UniqueName("u")
				resp := with(f.AppWithout(profile.Presence).Request(method, path, user), user).Expect()
				f.ExpectDocumentedError(resp, "presence.service.not-open", nil)
			},
			Entry("POST /users/{username}/presence", framework.Row("presence.service.not-open"), "POST", "/users/{username}/presence",
				framework.JSON(func(string) any { return map[string][]string{"usernames": {f.UniqueName("u")}} })),
			Entry("GET /users/{username}/presence/sublist", framework.Row("presence.service.not-open"), "GET", "/users/{username}/presence/sublist",
				framework.NoBody),
		)

		framework.ConformanceIt("presence.group-online.not-open",
			"GET /{org}/{app}/presence/online/{group_id}/type/1 answers 400 when the app has no group online-count service", func(ctx SpecContext) {
				resp := f.AppWithout(profile.GroupOnline).GET("/presence/online/{group_id}/type/{query_type}", f.UnusedGroupID(), "1").Expect()
				f.ExpectDocumentedError(resp, "presence.group-online.not-open", nil)
			})
	})
})
