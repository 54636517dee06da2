package threads

import (
	"encoding/json"
	"fmt"
	"net/http"

	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/framework"
	"github.com/imconform/imconform/harness/profile"
	"github.com/imconform/imconform/harness/redact"
)

// The thread quotas are the app's and each user's, so these specs run
// Serial: no other spec holds threads beside them, and every thread they
// create is deleted before the next spec starts.
var _ = Describe("Thread quotas", Label("quota", "destructive"), Serial, func() {
	f := framework.New()

	framework.ConformanceIt("threads.create.app-quota",
		"POST /thread answers 403 group_error once the app holds as many threads as its quota allows", func(ctx SpecContext) {
			quota, perUser := f.Profile().ThreadsPerApp, f.Profile().ThreadsPerUser
			if quota == 0 {
				f.SkipDeclared("the target's profile declares no per-app thread quota; set profile.threads_per_app / IMCONF_PROFILE_THREADS_PER_APP to the app's value")
			}
			// Worst case, the app holds no thread yet: every thread up to the
			// quota is created (a message each) and deleted, by owners that
			// each stay within the per-user quota; then one create provokes
			// the row.
			owners := ownersFor(quota+1, perUser)
			f.Require(profile.Quota, listCost(quota)+2*owners+2+3*quota+2)
			missing := max(quota-countThreads(f), 0)
			owner := ownerRota(f, ownersFor(missing+1, perUser))
			group := f.CreateGroup(owner.all[0], owner.all[1:]...)
			for i := 0; i < missing; i++ {
				f.CreateThread(group, f.SendGroupMessage(owner.of(i), group), owner.of(i))
			}
			last := owner.of(missing)
			resp := f.TryCreateThread(threadBody(f, group, f.SendGroupMessage(last, group), last))
			f.ExpectDocumentedError(resp, "threads.create.app-quota", nil)
		})

	framework.ConformanceIt("threads.members.user-quota",
		"POST /thread/{thread_id}/users answers 403 group_error when the user has joined as many threads as a user may", func(ctx SpecContext) {
			limit, quota := f.Profile().ThreadsPerUser, f.Profile().ThreadsPerApp
			if limit == 0 {
				f.SkipDeclared("the target's profile declares no per-user thread quota; set profile.threads_per_user / IMCONF_PROFILE_THREADS_PER_USER to the app's value")
			}
			f.Require(profile.Quota, listCost(quota)+4+2+3*(limit+1)+1)
			if quota > 0 {
				if held := countThreads(f); held+limit+1 > quota {
					Skip(fmt.Sprintf("the app holds %d threads; provoking this row needs %d more, over the app's quota of %d (profile.threads_per_app)", held, limit+1, quota))
				}
			}
			joiner, other := f.CreateUser(), f.CreateUser()
			group := f.CreateGroup(joiner.Username, other.Username)
			for i := 0; i < limit; i++ {
				f.CreateThread(group, f.SendGroupMessage(joiner.Username, group), joiner.Username)
			}
			thread := f.CreateThread(group, f.SendGroupMessage(other.Username, group), other.Username)
			resp := f.App().POST("/thread/{thread_id}/users", thread).WithJSON(map[string][]string{"usernames": {joiner.Username}}).Expect()
			f.ExpectDocumentedError(resp, "threads.members.user-quota", nil)
		})
})

// ownersFor is how many owners n threads need so that none joins more than
// perUser threads (0: no per-user quota).
func ownersFor(n, perUser int) int {
	if perUser <= 0 || n <= perUser {
		return 1
	}
	return (n + perUser - 1) / perUser
}

// rota is a set of fresh users taking turns as thread owners.
type rota struct{ all []string }

func (r rota) of(i int) string { return r.all[i%len(r.all)] }

func ownerRota(f *framework.Framework, n int) rota {
	GinkgoHelper()
	r := rota{all: make([]string, n)}
	for i := range r.all {
		r.all[i] = f.CreateUser().Username
	}
	return r
}

// threadsPage is the most threads one listing request returns.
const threadsPage = 50

func listCost(threads int) int { return threads/threadsPage + 1 }

// countThreads counts the app's threads, following the listing's cursor.
func countThreads(f *framework.Framework) int {
	GinkgoHelper()
	total, cursor := 0, ""
	for page := 0; ; page++ {
		req := f.App().GET("/thread").WithQuery("limit", threadsPage)
		if cursor != "" {
			req = req.WithQuery("cursor", cursor)
		}
		resp := req.Expect()
		var body struct {
			Entities   []json.RawMessage `json:"entities"`
			Properties struct {
				Cursor string `json:"cursor"`
			} `json:"properties"`
		}
		if resp.Raw() == nil || resp.Raw().StatusCode != http.StatusOK || json.Unmarshal([]byte(resp.Body().Raw()), &body) != nil {
			Fail(fmt.Sprintf("listing the app's threads (GET /thread) did not answer 200 with entities: %s", redact.String(resp.Body().Raw())))
		}
		total += len(body.Entities)
		if body.Properties.Cursor == "" || len(body.Entities) == 0 {
			return total
		}
		if page > 10000 {
			Fail("listing the app's threads: the cursor never ends")
		}
		cursor = body.Properties.Cursor
	}
}
