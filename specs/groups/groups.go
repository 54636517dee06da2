// Package groups holds the specs of the chat-group rows: adding and removing
// members, modifying and transferring a group, its block list, lookups, and
// the per-user and per-app group quotas.
package groups

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/framework"
)

var _ = Describe("Chat groups", func() {
	f := framework.New()

	Describe("POST /{org}/{app}/chatgroups/{group_id}/users (add members)", func() {
		framework.ConformanceIt("groups.members.batch-add-unknown",
			"answers 400 illegal_argument when a username in the list does not exist", func(ctx SpecContext) {
				group := f.SharedGroupOf().ID
				nobody := f.UniqueName("u") // never registered
				resp := f.App().POST("/chatgroups/{group_id}/users", group).
					WithJSON(map[string][]string{"usernames": {nobody}}).Expect()
				f.ExpectDocumentedError(resp, "groups.members.batch-add-unknown", catalog.Vars{"username": nobody, "group_id": group})
			})
	})

	Describe("POST /{org}/{app}/chatgroups/{group_id}/users/{username} (add a member)", func() {
		framework.ConformanceIt("groups.members.already-member",
			"answers 403 forbidden_op when the user is already a member of the group", func(ctx SpecContext) {
				g := f.SharedGroupOf()
				group, member := g.ID, g.Member
				resp := f.App().POST("/chatgroups/{group_id}/users/{username}", group, member.Username).Expect()
				f.ExpectDocumentedError(resp, "groups.members.already-member", catalog.Vars{"username": member.Username, "group_id": group})
			})
	})

	Describe("DELETE /{org}/{app}/chatgroups/{group_id}/users/{username} (remove a member)", func() {
		framework.ConformanceIt("groups.members.not-member",
			"answers 403 forbidden_op when the user is not a member of the group", func(ctx SpecContext) {
				group, outsider := f.SharedGroupOf().ID, f.SharedUser()
				resp := f.App().DELETE("/chatgroups/{group_id}/users/{username}", group, outsider.Username).Expect()
				f.ExpectDocumentedError(resp, "groups.members.not-member", catalog.Vars{"username": outsider.Username, "group_id": group})
			})
	})

	Describe("PUT /{org}/{app}/chatgroups/{group_id} (modify, transfer)", func() {
		framework.ConformanceIt("groups.modify.invalid-field",
			"answers 400 invalid_parameter when the body sets a field that cannot be modified (groupid)", func(ctx SpecContext) {
				group := f.SharedGroupOf().ID
				resp := f.App().PUT("/chatgroups/{group_id}", group).WithJSON(map[string]string{"groupid": "1"}).Expect()
				f.ExpectDocumentedError(resp, "groups.modify.invalid-field", catalog.Vars{"group_id": group})
			})

		framework.ConformanceIt("groups.transfer.not-member",
			"answers 403 forbidden_op when the new owner is not a member of the group", func(ctx SpecContext) {
				group, outsider := f.SharedGroupOf().ID, f.SharedUser()
				resp := f.App().PUT("/chatgroups/{group_id}", group).WithJSON(map[string]string{"newowner": outsider.Username}).Expect()
				f.ExpectDocumentedError(resp, "groups.transfer.not-member", catalog.Vars{"username": outsider.Username, "group_id": group})
			})

		framework.ConformanceIt("groups.transfer.same-owner",
			"answers 403 forbidden_op when the new owner is the current owner", func(ctx SpecContext) {
				g := f.SharedGroupOf()
				group, owner := g.ID, g.Owner
				resp := f.App().PUT("/chatgroups/{group_id}", group).WithJSON(map[string]string{"newowner": owner.Username}).Expect()
				f.ExpectDocumentedError(resp, "groups.transfer.same-owner", catalog.Vars{"username": owner.Username, "group_id": group})
			})
	})

	Describe("POST /{org}/{app}/chatgroups/{group_id}/blocks/users/{username} (block a member)", func() {
		framework.ConformanceIt("groups.owner-forbidden",
			"answers 403 forbidden_op when the user to block is the group owner", func(ctx SpecContext) {
				g := f.SharedGroupOf()
				group, owner := g.ID, g.Owner
				resp := f.App().POST("/chatgroups/{group_id}/blocks/users/{username}", group, owner.Username).Expect()
				f.ExpectDocumentedError(resp, "groups.owner-forbidden", catalog.Vars{"username": owner.Username, "group_id": group})
			})
	})

	Describe("GET /{org}/{app}/chatgroups/{group_id}", func() {
		framework.ConformanceIt("groups.get.not-found",
			"answers 404 service_resource_not_found when the group does not exist", func(ctx SpecContext) {
				missing := f.UnusedGroupID()
				resp := f.App().GET("/chatgroups/{group_id}", missing).Expect()
				f.ExpectDocumentedError(resp, "groups.get.not-found", catalog.Vars{"group_id": missing})
			})
	})
})
