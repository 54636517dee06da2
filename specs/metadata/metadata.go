// Package metadata holds the specs of the custom attribute rows: user
// attributes, group member attributes and chat room attributes.
package metadata

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gavv/httpexpect/v2"

	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/framework"
	"github.com/imconform/imconform/harness/profile"
	"github.com/imconform/imconform/harness/redact"
)

// Fixed limits of the attribute APIs (the rows' texts and causes).
const (
	maxUserBatchGet     = 100
	nicknameColumnBytes = 64 // the nickname column (metadata.user.column-too-long's cause)
	maxMemberKeyBytes   = 16
	maxMemberValueBytes = 512
	maxMemberBatchSet   = 20
	maxMemberBatchGet   = 10
	maxRoomKeys         = 10
)

func names(f *framework.Framework, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = f.UniqueName("u")
	}
	return out
}

var _ = Describe("User attributes", func() {
	f := framework.New()

	Describe("with the service on", func() {
		BeforeEach(func() { f.Require(profile.UserMetadata, 3) })

		framework.ConformanceIt("metadata.user.user-limit",
			"PUT /{org}/{app}/metadata/user/{username} answers 403 when the user's attributes exceed the per-user limit", func(ctx SpecContext) {
				limit := f.Profile().UserMetadataMaxBytes
				if limit <= 0 {
					f.SkipDeclared("the target's per-user attribute limit is unknown (profile.user_metadata_max_bytes / IMCONF_PROFILE_USER_METADATA_MAX_BYTES is 0)")
				}
				u := f.CreateUser()
				// "ext" and its value: one byte over the limit.
				resp := f.App().PUT("/metadata/user/{username}", u.Username).WithFormField("ext", strings.Repeat("x", limit+1-len("ext"))).Expect()
				f.ExpectDocumentedError(resp, "metadata.user.user-limit", catalog.Vars{"n": strconv.Itoa(limit)})
			})

		framework.ConformanceIt("metadata.user.column-too-long",
			"PUT /{org}/{app}/metadata/user/{username} answers 403 to a nickname longer than its 64-byte column", func(ctx SpecContext) {
				u := f.CreateUser()
				resp := f.App().PUT("/metadata/user/{username}", u.Username).WithFormField("nickname", strings.Repeat("n", nicknameColumnBytes+1)).Expect()
				f.ExpectDocumentedError(resp, "metadata.user.column-too-long", catalog.Vars{"n": strconv.Itoa(nicknameColumnBytes)})
			})

		framework.ConformanceIt("metadata.user.batch-get-too-many",
			"POST /{org}/{app}/metadata/user/get answers 400 to 101 users", func(ctx SpecContext) {
				resp := f.App().POST("/metadata/user/get").WithJSON(map[string]any{
					"targets": names(f, maxUserBatchGet+1), "properties": []string{"nickname"},
				}).Expect()
				f.ExpectDocumentedError(resp, "metadata.user.batch-get-too-many", catalog.Vars{"limit": strconv.Itoa(maxUserBatchGet)})
			})
	})

	Describe("with a user token", func() {
		BeforeEach(func() { f.Require(profile.UserMetadata, 4) })

		DescribeTable("answers 401 metadata_error to the user token of another user",
			func(ctx SpecContext, method string) {
				defer f.Interruptible(ctx)()
				holder, other := f.CreateUser(), f.CreateUser()
				resp := f.WithToken(userToken(f, holder)).Request(method, "/metadata/user/{username}", other.Username).Expect()
				f.ExpectDocumentedError(resp, "metadata.user.auth-error", nil)
			},
			Entry("GET /metadata/user/{username}", framework.Row("metadata.user.auth-error"), "GET"),
			Entry("DELETE /metadata/user/{username}", framework.Row("metadata.user.auth-error"), "DELETE"),
		)

		framework.ConformanceIt("metadata.user.capacity-needs-app-token",
			"GET /{org}/{app}/metadata/user/capacity answers 401 unauthorized to a user token", func(ctx SpecContext) {
				resp := f.WithToken(userToken(f, f.CreateUser())).GET("/metadata/user/capacity").Expect()
				f.ExpectDocumentedError(resp, "metadata.user.capacity-needs-app-token", nil)
			})
	})

	Describe("on an app with the service switched off", func() {
		framework.ConformanceIt("metadata.user.not-open",
			"GET /{org}/{app}/metadata/user/{username} answers 403 when the app has no user attributes", func(ctx SpecContext) {
				resp := f.AppWithout(profile.UserMetadata).GET("/metadata/user/{username}", f.UniqueName("u")).Expect()
				f.ExpectDocumentedError(resp, "metadata.user.not-open", catalog.Vars{"appkey": f.Target().AppKey()})
			})
	})
})

// The app-wide limit is shared by every user of the app, so the spec runs
// Serial: no other spec stores attributes beside it, and the users holding
// its attributes are deleted (with them) before the next spec.
var _ = Describe("User attributes: the app's total", Label("quota", "destructive"), Serial, func() {
	f := framework.New()

	framework.ConformanceIt("metadata.user.app-limit",
		"PUT /{org}/{app}/metadata/user/{username} answers 403 once the app's attributes exceed the app's limit", func(ctx SpecContext) {
			p := f.Profile()
			appLimit, userLimit := p.UserMetadataAppMaxBytes, int64(p.UserMetadataMaxBytes)
			if appLimit <= 0 || userLimit <= len64("ext") {
				f.SkipDeclared("the target's attribute limits are unknown (profile.user_metadata_app_max_bytes and user_metadata_max_bytes / IMCONF_PROFILE_USER_METADATA_APP_MAX_BYTES)")
			}
			f.Require(profile.UserMetadata, 1)
			var capacity struct {
				Data int64 `json:"data"`
			}
			resp := f.App().GET("/metadata/user/capacity").Expect()
			if resp.Raw().StatusCode != http.StatusOK {
				Fail("fixture: GET /metadata/user/capacity answered " + resp.Raw().Status)
			}
			resp.JSON().Decode(&capacity)
			room := appLimit - capacity.Data
			full := room / userLimit // users filled to the per-user limit
			f.Require(profile.Quota, 3*int(full+1))
			for i := int64(0); i < full; i++ {
				u := f.CreateUser()
				put := f.App().PUT("/metadata/user/{username}", u.Username).WithFormField("ext", strings.Repeat("x", int(userLimit-len64("ext")))).Expect()
				if put.Raw().StatusCode != http.StatusOK {
					Fail(fmt.Sprintf("fixture: filling the app's attributes (%d of %d users) answered %s", i+1, full, put.Raw().Status))
				}
			}
			// What is left of the app's room, plus one byte.
			left := room - full*userLimit
			value := max(left+1-len64("ext"), 1)
			u := f.CreateUser()
			resp = f.App().PUT("/metadata/user/{username}", u.Username).WithFormField("ext", strings.Repeat("x", int(value))).Expect()
			f.ExpectDocumentedError(resp, "metadata.user.app-limit", catalog.Vars{"n": strconv.FormatInt(appLimit, 10)})
		})
})

// userToken is a user token of u, from the password grant; it is
// registered for redaction.
func userToken(f *framework.Framework, u framework.User) string {
	GinkgoHelper()
	resp := f.Anonymous().POST("/token").WithJSON(map[string]string{"grant_type": "password", "username": u.Username, "password": u.Password}).Expect()
	if resp.Raw().StatusCode != http.StatusOK {
		Fail("fixture: the password grant for " + u.Username + " answered " + resp.Raw().Status)
	}
	var body struct {
		AccessToken string `json:"access_token"`
	}
	resp.JSON().Decode(&body)
	redact.Register(body.AccessToken)
	return body.AccessToken
}

func len64(s string) int64 { return int64(len(s)) }

var _ = Describe("Group member attributes", func() {
	f := framework.New()

	// memberEntries is a batch-set body naming each user once.
	memberEntries := func(users []string) []map[string]any {
		out := make([]map[string]any, len(users))
		for i, u := range users {
			out[i] = map[string]any{"username": u, "metadata": map[string]string{"k": "v"}}
		}
		return out
	}

	Describe("with the service on", func() {
		BeforeEach(func() { f.Require(profile.MemberMetadata, 5) })

		DescribeTable("PUT /{org}/{app}/metadata/chatgroup/{group_id}/user/{username} answers 400 metadata_error",
			func(ctx SpecContext, id string, attrs map[string]string) {
				defer f.Interruptible(ctx)()
				owner := f.CreateUser()
				group := f.CreateGroup(owner.Username)
				resp := f.App().PUT("/metadata/chatgroup/{group_id}/user/{username}", group, owner.Username).
					WithJSON(map[string]any{"metaData": attrs}).Expect()
				f.ExpectDocumentedError(resp, id, nil)
			},
			Entry("to a key of 17 bytes", framework.Row("metadata.group-member.key-too-long"), "metadata.group-member.key-too-long",
				map[string]string{strings.Repeat("k", maxMemberKeyBytes+1): "v"}),
			Entry("to a value of 513 bytes", framework.Row("metadata.group-member.value-too-long"), "metadata.group-member.value-too-long",
				map[string]string{"k": strings.Repeat("v", maxMemberValueBytes+1)}),
		)

		framework.ConformanceIt("metadata.group-member.batch-too-many",
			"PUT .../metadata/chatgroup/{group_id}/users/batch answers 400 metadata_error to 21 members", func(ctx SpecContext) {
				owner := f.CreateUser()
				group := f.CreateGroup(owner.Username)
				// The count is checked before membership (decisions.tsv).
				users := append([]string{owner.Username}, names(f, maxMemberBatchSet)...)
				resp := f.App().PUT("/metadata/chatgroup/{group_id}/users/batch", group).WithJSON(memberEntries(users)).Expect()
				f.ExpectDocumentedError(resp, "metadata.group-member.batch-too-many", nil)
			})

		framework.ConformanceIt("metadata.group-member.batch-not-in-group",
			"PUT .../metadata/chatgroup/{group_id}/users/batch answers 400 metadata_error naming a registered non-member", func(ctx SpecContext) {
				owner, outsider := f.CreateUser(), f.CreateUser()
				group := f.CreateGroup(owner.Username)
				resp := f.App().PUT("/metadata/chatgroup/{group_id}/users/batch", group).WithJSON(memberEntries([]string{outsider.Username})).Expect()
				f.ExpectDocumentedError(resp, "metadata.group-member.batch-not-in-group", catalog.Vars{"username": outsider.Username})
			})

		framework.ConformanceIt("metadata.group-member.group-not-found",
			"PUT .../metadata/chatgroup/{group_id}/users/batch answers 404 metadata_error for a group that does not exist", func(ctx SpecContext) {
				resp := f.App().PUT("/metadata/chatgroup/{group_id}/users/batch", f.UnusedGroupID()).WithJSON(memberEntries(names(f, 1))).Expect()
				f.ExpectDocumentedError(resp, "metadata.group-member.group-not-found", nil)
			})

		framework.ConformanceIt("metadata.group-member.not-in-group",
			"GET .../metadata/chatgroup/{group_id}/user/{username} answers 404 for a registered non-member", func(ctx SpecContext) {
				owner, outsider := f.CreateUser(), f.CreateUser()
				group := f.CreateGroup(owner.Username)
				resp := f.App().GET("/metadata/chatgroup/{group_id}/user/{username}", group, outsider.Username).Expect()
				f.ExpectDocumentedError(resp, "metadata.group-member.not-in-group", nil)
			})

		framework.ConformanceIt("metadata.group-member.get-too-many",
			"POST .../metadata/chatgroup/{group_id}/get answers 400 metadata_error to 11 members", func(ctx SpecContext) {
				owner := f.CreateUser()
				group := f.CreateGroup(owner.Username)
				targets := append([]string{owner.Username}, names(f, maxMemberBatchGet)...)
				resp := f.App().POST("/metadata/chatgroup/{group_id}/get", group).WithJSON(map[string]any{"targets": targets, "properties": []string{}}).Expect()
				f.ExpectDocumentedError(resp, "metadata.group-member.get-too-many", nil)
			})
	})

	Describe("on an app with the service switched off", func() {
		framework.ConformanceIt("metadata.group-member.not-open",
			"PUT .../metadata/chatgroup/{group_id}/users/batch answers 403 metadata_error when the app has no member attributes", func(ctx SpecContext) {
				resp := f.AppWithout(profile.MemberMetadata).PUT("/metadata/chatgroup/{group_id}/users/batch", f.UnusedGroupID()).WithJSON(memberEntries(names(f, 1))).Expect()
				f.ExpectDocumentedError(resp, "metadata.group-member.not-open", nil)
			})
	})
})

var _ = Describe("Chat room attributes", func() {
	f := framework.New()

	BeforeEach(func() { f.Require(profile.Chatrooms, 5) })

	setAttrs := func(room, user string, attrs map[string]string) *httpexpect.Response {
		return f.App().PUT("/metadata/chatroom/{chatroom_id}/user/{username}", room, user).
			WithJSON(map[string]any{"metaData": attrs, "autoDelete": "DELETE"}).Expect()
	}

	// The owner is a member of the room, so the number of keys is the one
	// thing wrong on each of the four calls that take keys.
	DescribeTable("answers 400 to 11 keys",
		func(ctx SpecContext, method, path string, with func(keys []string) framework.Payload) {
			defer f.Interruptible(ctx)()
			owner := f.CreateUser()
			room := f.CreateChatroom(owner.Username)
			keys := make([]string, maxRoomKeys+1)
			for i := range keys {
				keys[i] = "k" + strconv.Itoa(i)
			}
			values := framework.PathValues{"chatroom_id": room, "username": owner.Username}
			resp := f.Send(method, path, values, owner.Username, with(keys))
			f.ExpectDocumentedError(resp, "metadata.chatroom.batch-too-large", nil)
		},
		tooManyRoomKeys("PUT", "/metadata/chatroom/{chatroom_id}/user/{username}", roomAttrsBody),
		tooManyRoomKeys("DELETE", "/metadata/chatroom/{chatroom_id}/user/{username}", roomKeysBody),
		tooManyRoomKeys("PUT", "/metadata/chatroom/{chatroom_id}/user/{username}/forced", roomAttrsBody),
		tooManyRoomKeys("DELETE", "/metadata/chatroom/{chatroom_id}/user/{username}/forced", roomKeysBody),
	)

	framework.ConformanceIt("metadata.chatroom.not-member",
		"PUT /{org}/{app}/metadata/chatroom/{chatroom_id}/user/{username} answers 401 for a registered non-member", func(ctx SpecContext) {
			owner, outsider := f.CreateUser(), f.CreateUser()
			room := f.CreateChatroom(owner.Username)
			f.ExpectDocumentedError(setAttrs(room, outsider.Username, map[string]string{"k": "v"}), "metadata.chatroom.not-member", nil)
		})

	framework.ConformanceIt("metadata.chatroom.key-owned-by-other",
		"PUT /{org}/{app}/metadata/chatroom/{chatroom_id}/user/{username} answers 400 when another member set the key", func(ctx SpecContext) {
			owner, member := f.CreateUser(), f.CreateUser()
			room := f.CreateChatroom(owner.Username, member.Username)
			key := "imc" + strconv.Itoa(GinkgoParallelProcess())
			if resp := setAttrs(room, owner.Username, map[string]string{key: "v"}); resp.Raw().StatusCode != http.StatusOK {
				Fail("fixture: setting a chat room attribute answered " + resp.Raw().Status)
			}
			f.ExpectDocumentedError(setAttrs(room, member.Username, map[string]string{key: "w"}), "metadata.chatroom.key-owned-by-other", nil)
		})
})

func tooManyRoomKeys(method, path string, with func(keys []string) framework.Payload) TableEntry {
	return Entry(method+" "+path, framework.Row("metadata.chatroom.batch-too-large"), method, path, with)
}

// roomAttrsBody sets each key to "v"; roomKeysBody names the keys to delete.
func roomAttrsBody(keys []string) framework.Payload {
	attrs := map[string]string{}
	for _, k := range keys {
		attrs[k] = "v"
	}
	return framework.JSON(func(string) any { return map[string]any{"metaData": attrs, "autoDelete": "DELETE"} })
}

func roomKeysBody(keys []string) framework.Payload {
	return framework.JSON(func(string) any { return map[string][]string{"keys": keys} })
}
