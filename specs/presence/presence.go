// Package presence holds the specs of the presence APIs' rows: setting a
// status, subscribing, unsubscribing and querying statuses.
package presence

import (
	"fmt"
	"github.com/gavv/httpexpect/v2"
	"net/http"
	"strings"

	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/framework"
	"github.com/imconform/imconform/harness/profile"
)

// device is a resource of the documented form {android|ios|web}_{id}.
const device = "web_imconform"

var _ = Describe("Presence", func() {
	f := framework.New()

	BeforeEach(func() { f.Require(profile.Presence, 3) })

	// maxUsers is the most usernames one presence call takes, or a skip.
	maxUsers := func() int {
		n := f.Profile().PresenceMaxUsers
		if n <= 0 {
			f.SkipDeclared("the target's per-call maximum of usernames is unknown (profile.presence_max_users / IMCONF_PROFILE_PRESENCE_MAX_USERS is 0)")
		}
		return n
	}
	// oneTooMany is maxUsers()+1 usernames nobody registered.
	oneTooMany := func() []string {
		names := make([]string, maxUsers()+1)
		for i := range names {
			names[i] = f.UniqueName("u")
		}
		return names
	}

	Describe("POST /{org}/{app}/users/{username}/presence/{resource}/{status} (set status)", func() {
		framework.ConformanceIt("presence.ext-too-big",
			"answers 400 when ext is one byte over the size limit", func(ctx SpecContext) {
				limit := f.Profile().PresenceExtMaxBytes
				if limit <= 0 {
					f.SkipDeclared("the target's presence ext limit is unknown (profile.presence_ext_max_bytes / IMCONF_PROFILE_PRESENCE_EXT_MAX_BYTES is 0)")
				}
				u := f.CreateUser()
				resp := f.App().POST("/users/{username}/presence/{resource}/{status}", u.Username, device, "1").
					WithJSON(map[string]string{"ext": strings.Repeat("x", limit+1)}).Expect()
				f.ExpectDocumentedError(resp, "presence.ext-too-big", nil)
			})

		framework.ConformanceIt("presence.resource-not-exist",
			"answers 400 when the resource is not one of the user's devices", func(ctx SpecContext) {
				u := f.CreateUser()
				resp := f.App().POST("/users/{username}/presence/{resource}/{status}", u.Username, "imconform-no-such-device", "1").
					WithJSON(map[string]string{"ext": "imconform"}).Expect()
				f.ExpectDocumentedError(resp, "presence.resource-not-exist", nil)
			})

		framework.ConformanceIt("presence.set-failed",
			"answers 400 when the user to set a status for does not exist", func(ctx SpecContext) {
				resp := f.App().POST("/users/{username}/presence/{resource}/{status}", f.UniqueName("u"), device, "1").
					WithJSON(map[string]string{"ext": "imconform"}).Expect()
				f.ExpectDocumentedError(resp, "presence.set-failed", nil)
			})
	})

	Describe("POST /{org}/{app}/users/{username}/presence/{expiry} (subscribe)", func() {
		framework.ConformanceIt("presence.sub-self",
			"answers 400 when the user subscribes to itself", func(ctx SpecContext) {
				u := f.CreateUser()
				resp := f.App().POST("/users/{username}/presence/{expiry}", u.Username, "3600").
					WithJSON(map[string][]string{"usernames": {u.Username}}).Expect()
				f.ExpectDocumentedError(resp, "presence.sub-self", nil)
			})

		framework.ConformanceIt("presence.sub-too-many",
			"answers 400 to one username over the per-call maximum", func(ctx SpecContext) {
				names := oneTooMany()
				u := f.CreateUser()
				resp := f.App().POST("/users/{username}/presence/{expiry}", u.Username, "3600").
					WithJSON(map[string][]string{"usernames": names}).Expect()
				f.ExpectDocumentedError(resp, "presence.sub-too-many", nil)
			})
	})

	Describe("POST /{org}/{app}/users/{username}/presence (get statuses)", func() {
		framework.ConformanceIt("presence.get-too-many",
			"answers 400 to one username over the per-call maximum", func(ctx SpecContext) {
				names := oneTooMany()
				u := f.CreateUser()
				resp := f.App().POST("/users/{username}/presence", u.Username).
					WithJSON(map[string][]string{"usernames": names}).Expect()
				f.ExpectDocumentedError(resp, "presence.get-too-many", nil)
			})

		framework.ConformanceIt("presence.query-too-frequent",
			"answers 400 once a user queries statuses more often than the per-second limit", framework.RateLimit, func(ctx SpecContext) {
				rate := f.Profile().PresenceQueryRate
				if rate <= 0 {
					f.SkipDeclared("the target's presence query limit is unknown (profile.presence_queries_per_second / IMCONF_PROFILE_PRESENCE_QUERIES_PER_SECOND is 0)")
				}
				// rate+1 queries in a row exceed the limit on any server that
				// answers faster than 1/rate seconds; slower ones get room.
				most := 3 * (rate + 1)
				f.Require(profile.Presence, most+2)
				u := f.CreateUser()
				other := []string{f.UniqueName("u")}
				var resp *httpexpect.Response
				for i := 1; i <= most; i++ {
					resp = f.App().POST("/users/{username}/presence", u.Username).WithJSON(map[string][]string{"usernames": other}).Expect()
					if resp.Raw().StatusCode != http.StatusOK {
						break
					}
				}
				// The first refusal is the answer under test; if none came, the
				// last answer (a 200) fails the same assertion, naming the row.
				By(fmt.Sprintf("%d status queries for one user, the target declaring a limit of %d a second", most, rate))
				f.ExpectDocumentedError(resp, "presence.query-too-frequent", nil)
			})
	})

	Describe("DELETE /{org}/{app}/users/{username}/presence (unsubscribe)", func() {
		framework.ConformanceIt("presence.unsub-too-many",
			"answers 400 to a JSON array one username over the per-call maximum", func(ctx SpecContext) {
				names := oneTooMany()
				u := f.CreateUser()
				resp := f.App().DELETE("/users/{username}/presence", u.Username).WithJSON(names).Expect()
				f.ExpectDocumentedError(resp, "presence.unsub-too-many", nil)
			})
	})
})
