// Package limits holds the specs of the plan quota and call rate rows. Both
// spend a budget the whole app shares, so they run Serial: alone, after the
// parallel specs, and they give the budget back before they end.
package limits

import (
	"fmt"
	"github.com/imconform/imconform/harness/ledger"
	"github.com/imconform/imconform/harness/redact"
	"net/http"
	"strconv"
	"time"

	"github.com/gavv/httpexpect/v2"
	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/framework"
	"github.com/imconform/imconform/harness/profile"
)

// maxBatch is the most users one registration call carries (api-notes §9).
const maxBatch = 60

var _ = Describe("Plan quotas and call rates", Serial, func() {
	f := framework.New()

	framework.ConformanceIt("quota.free-edition",
		"answers 429 resource_limited to a registration past the free edition's user quota", framework.Quota, framework.Destructive, func(ctx SpecContext) {
			quota := f.Profile().FreeEditionUsers
			if quota <= 0 {
				f.SkipDeclared("the target's free-edition user quota is unknown (profile.free_edition_users / IMCONF_PROFILE_FREE_EDITION_USERS is 0)")
			}
			registrations := (quota+maxBatch-1)/maxBatch + 1
			f.Require(profile.Quota, registrations+quota+1)

			var tried []string
			// Runs last: the deletions spend the DELETE API's call rate too.
			DeferCleanup(restoreRate)
			DeferCleanup(func() { deleteUsers(f, tried) })
			register := func(n int) *httpexpect.Response {
				users := make([]map[string]string, n)
				for i := range users {
					name := f.UniqueName("q")
					tried = append(tried, name)
					f.RecordResource(ledger.Resource{Kind: ledger.User, Name: name})
					users[i] = map[string]string{"username": name, "password": "Passw0rd"}
				}
				if n == 1 {
					return f.App().POST("/users").WithJSON(users[0]).Expect()
				}
				return f.App().POST("/users").WithJSON(users).Expect()
			}
			// Fill the app up to the quota in batches, then register one more.
			// An app that already holds users reaches it sooner: the first
			// refusal is the answer under test either way.
			for len(tried) < quota {
				resp := register(min(maxBatch, quota-len(tried)))
				if resp.Raw().StatusCode != http.StatusOK {
					f.ExpectDocumentedError(resp, "quota.free-edition", nil)
					return
				}
			}
			f.ExpectDocumentedError(register(1), "quota.free-edition", nil)
		})

	framework.ConformanceIt("ratelimit.api",
		"answers 429 reach_limit once one API (GET /users/{username}) is called faster than its rate", framework.RateLimit, framework.Destructive, func(ctx SpecContext) {
			rate := f.Profile().APIRatePerSecond
			if rate <= 0 {
				f.SkipDeclared("the target's API call rate is unknown (profile.api_rate_per_second / IMCONF_PROFILE_API_RATE_PER_SECOND is 0)")
			}
			f.Require(profile.RateLimit, rate+1)
			// A read that changes nothing: a user nobody registered.
			name := f.UniqueName("u")
			call := func() *httpexpect.Response { return f.App().GET("/users/{username}", name).Expect() }
			ordinary := call().Raw().StatusCode
			b := f.BurstCalls(rate, ordinary, "calls", call)
			limited := b.Limited
			if limited == nil {
				Fail(fmt.Sprintf("%d calls of GET /users/{username} in %.2fs were all answered %d; the target declares a rate of %d a second", b.Calls, b.Took.Seconds(), ordinary, rate))
			}
			// Give the rate back before the next spec calls the API.
			DeferCleanup(func() { time.Sleep(retryAfter(limited)) })
			f.ExpectDocumentedError(limited, "ratelimit.api", nil)
		})
})

// restoreRate gives an API's call rate back before the next spec
// calls it: a per-second budget is whole again after a second of rest.
func restoreRate() { time.Sleep(time.Second) }

// retryAfter is how long a 429 answer asks to wait: its Retry-After seconds,
// or one second without one.
func retryAfter(resp *httpexpect.Response) time.Duration {
	if s, err := strconv.Atoi(resp.Raw().Header.Get("Retry-After")); err == nil && s > 0 && s <= 60 {
		return time.Duration(s) * time.Second
	}
	return time.Second
}

// deleteUsers deletes the users, waiting out a rate limit when one answers.
func deleteUsers(f *framework.Framework, names []string) {
	for _, name := range names {
		for attempt := 1; ; attempt++ {
			resp := f.App().DELETE("/users/{username}", name).Expect()
			status := resp.Raw().StatusCode
			if status == http.StatusTooManyRequests && attempt < 5 {
				time.Sleep(retryAfter(resp))
				continue
			}
			if status != http.StatusOK && status != http.StatusNotFound {
				Fail(fmt.Sprintf("cleanup: deleting user %s answered %d %s (it stays in the ledger for 'imconform janitor')", name, status, redact.String(resp.Body().Raw())))
			}
			f.ResourceDeleted(ledger.Resource{Kind: ledger.User, Name: name})
			break
		}
	}
}
