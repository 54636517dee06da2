// Package contacts holds the specs of the contact and block-list rows:
// remarks, paging, imports and the plan's contact limit.
package contacts

import (
	"fmt"
	"net/http"

	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/framework"
)

// Fixed limits of the contact APIs (the rows' texts).
const (
	maxContactPage   = 50
	maxContactImport = 10
)

var _ = Describe("Contacts", func() {
	f := framework.New()

	// contactLimit is the plan's contact limit, or a declared skip; cost is
	// the requests the spec spends beside the users it creates.
	contactLimit := func() int {
		GinkgoHelper()
		n := f.Profile().ContactsPerUser
		if n <= 0 {
			f.SkipDeclared("the target's contact limit is unknown (profile.contacts_per_user / IMCONF_PROFILE_CONTACTS_PER_USER is 0)")
		}
		// limit+2 users created and deleted, imports of 10 names, one call.
		f.Require("", 2*(n+2)+(n+maxContactImport-1)/maxContactImport+1)
		return n
	}
	// befriendMany gives owner n new contacts, with as few imports as the
	// import limit allows.
	befriendMany := func(owner string, n int) {
		GinkgoHelper()
		var names []string
		for i := 0; i < n; i++ {
			names = append(names, f.CreateUser().Username)
		}
		for len(names) > 0 {
			batch := names[:min(maxContactImport, len(names))]
			names = names[len(batch):]
			resp := f.App().POST("/users/{username}/contacts/import", owner).WithJSON(map[string][]string{"usernames": batch}).Expect()
			if resp.Raw().StatusCode != http.StatusOK {
				Fail(fmt.Sprintf("fixture: importing %d contacts of %s answered %s", len(batch), owner, resp.Raw().Status))
			}
		}
	}

	Describe("PUT /{org}/{app}/user/{username}/contacts/users/{friend_username} (remark)", func() {
		framework.ConformanceIt("contacts.remark.not-friends",
			"answers 400 illegal_argument when the two users are not contacts", func(ctx SpecContext) {
				u, other := f.CreateUser(), f.CreateUser()
				resp := f.App().PUT("/user/{username}/contacts/users/{friend_username}", u.Username, other.Username).
					WithJSON(map[string]string{"remark": "imconform"}).Expect()
				f.ExpectDocumentedError(resp, "contacts.remark.not-friends", nil)
			})
	})

	Describe("GET /{org}/{app}/user/{username}/contacts (paged)", func() {
		framework.ConformanceIt("contacts.list.limit-too-large",
			"answers 400 illegal_argument to a page size of 51", func(ctx SpecContext) {
				u := f.CreateUser()
				resp := f.App().GET("/user/{username}/contacts", u.Username).WithQuery("limit", maxContactPage+1).Expect()
				f.ExpectDocumentedError(resp, "contacts.list.limit-too-large", nil)
			})
	})

	Describe("POST /{org}/{app}/users/{username}/contacts/import", func() {
		framework.ConformanceIt("contacts.import.too-many",
			"answers 400 illegal_argument to 11 usernames", func(ctx SpecContext) {
				u := f.CreateUser()
				names := make([]string, maxContactImport+1)
				for i := range names {
					names[i] = f.UniqueName("u")
				}
				resp := f.App().POST("/users/{username}/contacts/import", u.Username).WithJSON(map[string][]string{"usernames": names}).Expect()
				f.ExpectDocumentedError(resp, "contacts.import.too-many", nil)
			})

		framework.ConformanceIt("contacts.import.inviter-limit",
			"answers 403 exceed_limit when the importing user already has the plan's maximum of contacts", func(ctx SpecContext) {
				limit := contactLimit()
				u := f.CreateUser()
				befriendMany(u.Username, limit)
				extra := f.CreateUser()
				resp := f.App().POST("/users/{username}/contacts/import", u.Username).WithJSON(map[string][]string{"usernames": {extra.Username}}).Expect()
				f.ExpectDocumentedError(resp, "contacts.import.inviter-limit", nil)
			})
	})

	Describe("POST /{org}/{app}/users/{username}/contacts/users/{friend_username} (add)", func() {
		framework.ConformanceIt("contacts.add.contact-limit",
			"answers 403 exceed_limit when the adding user already has the plan's maximum of contacts", func(ctx SpecContext) {
				limit := contactLimit()
				u := f.CreateUser()
				befriendMany(u.Username, limit)
				extra := f.CreateUser()
				resp := f.App().POST("/users/{username}/contacts/users/{friend_username}", u.Username, extra.Username).Expect()
				f.ExpectDocumentedError(resp, "contacts.add.contact-limit", nil)
			})

		framework.ConformanceIt("contacts.add.invitee-limit",
			"answers 403 exceed_limit when the added user already has the plan's maximum of contacts", func(ctx SpecContext) {
				limit := contactLimit()
				full := f.CreateUser()
				befriendMany(full.Username, limit)
				u := f.CreateUser()
				resp := f.App().POST("/users/{username}/contacts/users/{friend_username}", u.Username, full.Username).Expect()
				f.ExpectDocumentedError(resp, "contacts.add.invitee-limit", nil)
			})
	})
})
