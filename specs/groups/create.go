package groups

import (
	"strings"

	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/framework"
)

var _ = Describe("Chat group creation, announcements, admins and files", func() {
	f := framework.New()

	Describe("POST /{org}/{app}/chatgroups (create)", func() {
		// Body checks come before the owner is looked up (decisions.tsv), so
		// these send a name no user has and register nobody.
		framework.ConformanceIt("groups.create.missing-public",
			"answers 400 invalid_parameter when the body has no public field", func(ctx SpecContext) {
				resp := f.TryCreateGroupWith(map[string]any{"groupname": f.UniqueName("g"), "owner": f.UniqueName("u")})
				f.ExpectDocumentedError(resp, "groups.create.missing-public", nil)
			})

		framework.ConformanceIt("groups.create.missing-field",
			"answers 400 invalid_parameter \"owner must be provided\" when the body has no owner", func(ctx SpecContext) {
				resp := f.TryCreateGroupWith(map[string]any{"groupname": f.UniqueName("g"), "public": true})
				f.ExpectDocumentedError(resp, "groups.create.missing-field", catalog.Vars{"field": "owner"})
			})

		framework.ConformanceIt("groups.create.avatar-too-long",
			"answers 400 invalid_parameter when the avatar URL is longer than 1,024 characters", func(ctx SpecContext) {
				avatar := "https://example.com/" + strings.Repeat("a", 1025-len("https://example.com/"))
				resp := f.TryCreateGroupWith(map[string]any{"groupname": f.UniqueName("g"), "public": true,
					"owner": f.UniqueName("u"), "avatar": avatar})
				f.ExpectDocumentedError(resp, "groups.create.avatar-too-long", nil)
			})

		framework.ConformanceIt("groups.create.duplicate-id",
			"answers 400 illegal_argument when the custom group ID (groupid) is taken", func(ctx SpecContext) {
				owner := f.CreateUser()
				taken := f.CreateGroup(owner.Username)
				resp := f.TryCreateGroupWith(map[string]any{"groupid": taken, "groupname": f.UniqueName("g"), "public": true, "owner": owner.Username})
				f.ExpectDocumentedError(resp, "groups.create.duplicate-id", catalog.Vars{"group_id": taken})
			})

		framework.ConformanceIt("groups.name.violation",
			"answers 403 group_name_violation when content moderation rejects the group name", func(ctx SpecContext) {
				word := moderatedWord(f)
				owner := f.CreateUser()
				name := f.UniqueName("g") + "-" + word
				resp := f.TryCreateGroupWith(map[string]any{"groupname": name, "public": true, "owner": owner.Username})
				f.ExpectDocumentedError(resp, "groups.name.violation", catalog.Vars{"groupname": name})
			})
	})

	Describe("PUT /{org}/{app}/chatgroups/{group_id} (modify)", func() {
		framework.ConformanceIt("groups.name.violation",
			"answers 403 group_name_violation when content moderation rejects the new group name", func(ctx SpecContext) {
				word := moderatedWord(f)
				group := f.SharedGroupOf().ID // the call is refused before anything changes
				name := f.UniqueName("g") + "-" + word
				resp := f.App().PUT("/chatgroups/{group_id}", group).WithJSON(map[string]string{"groupname": name}).Expect()
				f.ExpectDocumentedError(resp, "groups.name.violation", catalog.Vars{"groupname": name})
			})
	})

	Describe("POST /{org}/{app}/chatgroups/{group_id}/announcement", func() {
		framework.ConformanceIt("groups.announcement.missing",
			"answers 400 illegal_argument when the body has no announcement", func(ctx SpecContext) {
				group := f.SharedGroupOf().ID // the call is refused before anything changes
				resp := f.App().POST("/chatgroups/{group_id}/announcement", group).WithJSON(map[string]any{}).Expect()
				f.ExpectDocumentedError(resp, "groups.announcement.missing", nil)
			})

		framework.ConformanceIt("groups.announcement.too-long",
			"answers 403 when the announcement is longer than 512 characters", func(ctx SpecContext) {
				group := f.SharedGroupOf().ID // the call is refused before anything changes
				resp := f.App().POST("/chatgroups/{group_id}/announcement", group).
					WithJSON(map[string]string{"announcement": strings.Repeat("a", 513)}).Expect()
				f.ExpectDocumentedError(resp, "groups.announcement.too-long", nil)
			})

		framework.ConformanceIt("groups.announcement.violation",
			"answers 403 group_announce_violation when content moderation rejects the announcement", func(ctx SpecContext) {
				word := moderatedWord(f)
				group := f.SharedGroupOf().ID // the call is refused before anything changes
				resp := f.App().POST("/chatgroups/{group_id}/announcement", group).
					WithJSON(map[string]string{"announcement": "imconform " + word}).Expect()
				f.ExpectDocumentedError(resp, "groups.announcement.violation", nil)
			})
	})

	Describe("DELETE /{org}/{app}/chatgroups/{group_id}/admin/{username}", func() {
		framework.ConformanceIt("groups.admin.not-admin",
			"answers 403 forbidden_op when the member is not an admin of the group", func(ctx SpecContext) {
				owner, member := f.CreateUser(), f.CreateUser()
				group := f.CreateGroup(owner.Username, member.Username)
				resp := f.App().DELETE("/chatgroups/{group_id}/admin/{username}", group, member.Username).Expect()
				f.ExpectDocumentedError(resp, "groups.admin.not-admin", catalog.Vars{"username": member.Username, "group_id": group})
			})
	})

	Describe("POST /{org}/{app}/chatgroups/{group_id}/share_files", func() {
		framework.ConformanceIt("groups.share-files.missing-file",
			"answers 400 when the multipart body has no file part", func(ctx SpecContext) {
				group := f.SharedGroupOf().ID // the call is refused before anything changes
				resp := f.App().POST("/chatgroups/{group_id}/share_files", group).
					WithMultipart().WithFormField("note", "no file part").Expect()
				f.ExpectDocumentedError(resp, "groups.share-files.missing-file", nil)
			})
	})
})

// moderatedWord is the word the target's content moderation rejects, from
// its profile; the spec is a declared skip when none is known.
func moderatedWord(f *framework.Framework) string {
	GinkgoHelper()
	word := f.Profile().ModeratedWord
	if word == "" {
		f.SkipDeclared("the target's profile declares no word its content moderation rejects; set profile.moderated_word / IMCONF_PROFILE_MODERATED_WORD to one")
	}
	return word
}
