package groups

import (
	"encoding/json"
	"fmt"
	"net/http"

	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/framework"
	"github.com/imconform/imconform/harness/profile"
	"github.com/imconform/imconform/harness/redact"
)

// The quota specs fill a quota the whole app shares (groups per app) or that
// many groups count against, so they run Serial: no other spec runs beside
// them, and every group they create is deleted before the next spec starts.
var _ = Describe("Chat group quotas", Label("quota", "destructive"), Serial, func() {
	f := framework.New()

	framework.ConformanceIt("groups.members.user-quota",
		"POST /chatgroups/{group_id}/users/{username} answers 403 forbidden_op when the user has joined as many groups as a user may", func(ctx SpecContext) {
			limit := f.Profile().GroupsPerUser
			if limit == 0 {
				f.SkipDeclared("the target's profile declares no per-user group quota; set profile.groups_per_user / IMCONF_PROFILE_GROUPS_PER_USER to the plan's value")
			}
			owners := ownersFor(limit+1, limit)
			appQuota := f.Profile().GroupsPerApp
			// Users (joiner and owners) and limit+1 groups are created and
			// deleted; one request provokes the row.
			f.Require(profile.Quota, listCost(appQuota)+2*(1+owners)+2*(limit+1)+1)
			if appQuota > 0 {
				if held := countGroups(f); held+limit+1 > appQuota {
					Skip(fmt.Sprintf("the app holds %d groups; provoking this row needs %d more, over the app's quota of %d (profile.groups_per_app)", held, limit+1, appQuota))
				}
			}

			joiner := f.CreateUser()
			owned := ownerRota(f, owners)
			for i := 0; i < limit; i++ {
				f.CreateGroup(owned(i), joiner.Username)
			}
			full := f.CreateGroup(owned(limit))
			resp := f.App().POST("/chatgroups/{group_id}/users/{username}", full, joiner.Username).Expect()
			f.ExpectDocumentedError(resp, "groups.members.user-quota",
				catalog.Vars{"username": joiner.Username, "group_id": full})
		})

	framework.ConformanceIt("groups.create.app-quota",
		"POST /chatgroups answers 403 forbidden_op once the app holds as many groups as its quota allows", Label("slow"), func(ctx SpecContext) {
			quota := f.Profile().GroupsPerApp
			if quota == 0 {
				f.SkipDeclared("the target's profile declares no per-app group quota; set profile.groups_per_app / IMCONF_PROFILE_GROUPS_PER_APP to the plan's value")
			}
			// Worst case, the app holds no group yet: every group up to the
			// quota is created and deleted, with owners that each stay
			// within the per-user quota, then one create provokes the row.
			perOwner := f.Profile().GroupsPerUser
			f.Require(profile.Quota, listCost(quota)+2*ownersFor(quota+1, perOwner)+2*quota+2)

			missing := quota - countGroups(f)
			if missing < 0 {
				missing = 0
			}
			owned := ownerRota(f, ownersFor(missing+1, perOwner))
			for i := 0; i < missing; i++ {
				f.CreateGroup(owned(i))
			}
			resp := f.TryCreateGroup(owned(missing))
			f.ExpectDocumentedError(resp, "groups.create.app-quota", catalog.Vars{"appkey": f.Target().AppKey()})
		})
})

// ownersFor is how many owners n groups need so that no owner joins more
// than perUser groups (0: no per-user quota).
func ownersFor(n, perUser int) int {
	if perUser <= 0 || n <= perUser {
		return 1
	}
	return (n + perUser - 1) / perUser
}

// ownerRota creates n users and returns the owner of the i-th group, round
// robin, so each owns at most ceil(groups/n).
func ownerRota(f *framework.Framework, n int) func(i int) string {
	GinkgoHelper()
	owners := make([]string, n)
	for i := range owners {
		owners[i] = f.CreateUser().Username
	}
	return func(i int) string { return owners[i%n] }
}

// groupsPage is how many groups one listing request asks for.
const groupsPage = 100

func listCost(groups int) int { return groups/groupsPage + 1 }

// countGroups counts the app's groups, following the listing's cursor.
func countGroups(f *framework.Framework) int {
	GinkgoHelper()
	total, cursor := 0, ""
	for page := 0; ; page++ {
		req := f.App().GET("/chatgroups").WithQuery("limit", groupsPage)
		if cursor != "" {
			req = req.WithQuery("cursor", cursor)
		}
		resp := req.Expect()
		var body struct {
			Data   []json.RawMessage `json:"data"`
			Cursor string            `json:"cursor"`
		}
		if resp.Raw() == nil || resp.Raw().StatusCode != http.StatusOK || json.Unmarshal([]byte(resp.Body().Raw()), &body) != nil {
			Fail(fmt.Sprintf("listing the app's groups (GET /chatgroups) did not answer 200 with a data list: %s", redact.String(resp.Body().Raw())))
		}
		total += len(body.Data)
		if body.Cursor == "" || len(body.Data) == 0 {
			return total
		}
		if page > 10000 {
			Fail("listing the app's groups: the cursor never ends")
		}
		cursor = body.Cursor
	}
}
