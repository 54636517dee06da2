// Package threads holds the specs of the thread rows: creating a thread on
// a group message, its name, its members, the listings' page size and
// lookups of threads that do not exist.
package threads

import (
	"strings"

	"github.com/gavv/httpexpect/v2"
	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/framework"
	"github.com/imconform/imconform/harness/profile"
)

var _ = Describe("Threads", func() {
	f := framework.New()

	framework.ConformanceIt("threads.service.not-open",
		"GET /{org}/{app}/thread answers 403 group_error on an app without the thread service", func(ctx SpecContext) {
			resp := f.AppWithout(profile.Threads).GET("/thread").Expect()
			f.ExpectDocumentedError(resp, "threads.service.not-open", nil)
		})

	Describe("POST /{org}/{app}/thread (create)", func() {
		framework.ConformanceIt("threads.create.group-not-found",
			"answers 404 group_error when the group does not exist", func(ctx SpecContext) {
				resp := f.TryCreateThread(threadBody(f, f.UnusedGroupID(), unusedMessageID(f), f.UniqueName("u")))
				f.ExpectDocumentedError(resp, "threads.create.group-not-found", nil)
			})

		// The name is checked before the group is looked up (decisions.tsv).
		framework.ConformanceIt("threads.create.name-too-long",
			"answers 400 group_error when the name is longer than 64 characters", func(ctx SpecContext) {
				body := threadBody(f, f.UnusedGroupID(), unusedMessageID(f), f.UniqueName("u"))
				body["name"] = strings.Repeat("n", 65)
				resp := f.TryCreateThread(body)
				f.ExpectDocumentedError(resp, "threads.create.name-too-long", nil)
			})

		framework.ConformanceIt("threads.create.unreadable-body",
			"answers 400 param_illegal when the body is not JSON", func(ctx SpecContext) {
				resp := f.App().POST("/thread").WithHeader("Content-Type", "application/json").WithText(`{"group_id":`).Expect()
				f.ExpectDocumentedError(resp, "threads.create.unreadable-body", nil)
			})

		// Membership is checked before the message (decisions.tsv).
		framework.ConformanceIt("threads.create.owner-not-member",
			"answers 404 group_error when the owner is not a member of the group", func(ctx SpecContext) {
				owner, outsider := f.CreateUser(), f.CreateUser()
				group := f.CreateGroup(owner.Username)
				resp := f.TryCreateThread(threadBody(f, group, unusedMessageID(f), outsider.Username))
				f.ExpectDocumentedError(resp, "threads.create.owner-not-member", nil)
			})

		framework.ConformanceIt("threads.create.msg-not-found",
			"answers 404 group_error when the message does not exist", func(ctx SpecContext) {
				owner := f.CreateUser()
				group := f.CreateGroup(owner.Username)
				resp := f.TryCreateThread(threadBody(f, group, unusedMessageID(f), owner.Username))
				f.ExpectDocumentedError(resp, "threads.create.msg-not-found", nil)
			})

		framework.ConformanceIt("threads.create.not-group-message",
			"answers 400 group_error when the message is a one-to-one message", func(ctx SpecContext) {
				owner := f.CreateUser()
				group := f.CreateGroup(owner.Username)
				msg := f.SendUserMessage(owner.Username, owner.Username)
				resp := f.TryCreateThread(threadBody(f, group, msg, owner.Username))
				f.ExpectDocumentedError(resp, "threads.create.not-group-message", nil)
			})

		framework.ConformanceIt("threads.create.msg-not-in-group",
			"answers 400 group_error when the message was sent in another group", func(ctx SpecContext) {
				owner := f.CreateUser()
				group, other := f.CreateGroup(owner.Username), f.CreateGroup(owner.Username)
				msg := f.SendGroupMessage(owner.Username, other)
				resp := f.TryCreateThread(threadBody(f, group, msg, owner.Username))
				f.ExpectDocumentedError(resp, "threads.create.msg-not-in-group", nil)
			})

		// A message of another app, and one sent inside a thread, come from
		// the target's seeding API: a REST client cannot make either
		// (decisions.tsv).
		framework.ConformanceIt("threads.create.msg-not-in-app",
			"answers 400 group_error when the message belongs to another app", func(ctx SpecContext) {
				f.RequireSeeding()
				owner := f.CreateUser()
				group := f.CreateGroup(owner.Username)
				resp := f.TryCreateThread(threadBody(f, group, f.SeedForeignMessage(), owner.Username))
				f.ExpectDocumentedError(resp, "threads.create.msg-not-in-app", nil)
			})

		framework.ConformanceIt("threads.create.nested",
			"answers 400 group_error when the message was sent inside a thread", func(ctx SpecContext) {
				f.RequireSeeding()
				owner := f.CreateUser()
				group := f.CreateGroup(owner.Username)
				thread := f.CreateThread(group, f.SendGroupMessage(owner.Username, group), owner.Username)
				resp := f.TryCreateThread(threadBody(f, group, f.SeedThreadMessage(thread, owner.Username), owner.Username))
				f.ExpectDocumentedError(resp, "threads.create.nested", nil)
			})

		framework.ConformanceIt("threads.create.already-exists",
			"answers 403 group_error when the message already has a thread", func(ctx SpecContext) {
				owner := f.CreateUser()
				group := f.CreateGroup(owner.Username)
				msg := f.SendGroupMessage(owner.Username, group)
				f.CreateThread(group, msg, owner.Username)
				resp := f.TryCreateThread(threadBody(f, group, msg, owner.Username))
				f.ExpectDocumentedError(resp, "threads.create.already-exists", nil)
			})
	})

	Describe("thread members", func() {
		// Eleven names no user has: the count is refused before any name
		// is looked up (decisions.tsv).
		DescribeTable("answers 400 group_error when one call names more than 10 users",
			func(ctx SpecContext, method string) {
				defer f.Interruptible(ctx)()
				owner := f.CreateUser()
				group := f.CreateGroup(owner.Username)
				thread := f.CreateThread(group, f.SendGroupMessage(owner.Username, group), owner.Username)
				names := make([]string, 11)
				for i := range names {
					names[i] = f.UniqueName("u")
				}
				resp := f.App().Request(method, "/thread/{thread_id}/users", thread).WithJSON(map[string]any{"usernames": names}).Expect()
				f.ExpectDocumentedError(resp, "threads.members.too-many", nil)
			},
			Entry("POST /thread/{thread_id}/users (join)", framework.Row("threads.members.too-many"), "POST"),
			Entry("DELETE /thread/{thread_id}/users (kick)", framework.Row("threads.members.too-many"), "DELETE"),
		)
	})

	Describe("threads that do not exist", func() {
		DescribeTable("answers 404 group_error \"thread not found.\"",
			func(ctx SpecContext, send func(id string) *httpexpect.Response) {
				defer f.Interruptible(ctx)()
				f.ExpectDocumentedError(send(unusedThreadID(f)), "threads.get.not-found", nil)
			},
			Entry("GET /thread/{thread_id}/users", framework.Row("threads.get.not-found"), func(id string) *httpexpect.Response {
				return f.App().GET("/thread/{thread_id}/users", id).Expect()
			}),
			Entry("PUT /thread/{thread_id}", framework.Row("threads.get.not-found"), func(id string) *httpexpect.Response {
				return f.App().PUT("/thread/{thread_id}", id).WithJSON(map[string]string{"name": "t"}).Expect()
			}),
			Entry("DELETE /thread/{thread_id}", framework.Row("threads.get.not-found"), func(id string) *httpexpect.Response {
				return f.App().DELETE("/thread/{thread_id}", id).Expect()
			}),
		)
	})

	Describe("thread listings", func() {
		// The page size is checked before the user or thread is looked up
		// (decisions.tsv): no fixture.
		DescribeTable("answers 400 group_error when limit is over 50",
			func(ctx SpecContext, path string, args func() []any) {
				defer f.Interruptible(ctx)()
				resp := f.App().GET(path, args()...).WithQuery("limit", 51).Expect()
				f.ExpectDocumentedError(resp, "threads.list.limit-too-large", nil)
			},
			Entry("GET /thread", framework.Row("threads.list.limit-too-large"), "/thread", func() []any { return nil }),
			Entry("GET /threads/user/{username}", framework.Row("threads.list.limit-too-large"), "/threads/user/{username}",
				func() []any { return []any{f.UniqueName("u")} }),
			Entry("GET /threads/chatgroups/{group_id}/user/{username}", framework.Row("threads.list.limit-too-large"),
				"/threads/chatgroups/{group_id}/user/{username}", func() []any { return []any{f.UnusedGroupID(), f.UniqueName("u")} }),
			Entry("GET /thread/{thread_id}/users", framework.Row("threads.list.limit-too-large"), "/thread/{thread_id}/users",
				func() []any { return []any{unusedThreadID(f)} }),
		)
	})
})

// threadBody is a create body for group, message and owner, with a fresh
// name.
func threadBody(f *framework.Framework, group, msgID, owner string) map[string]any {
	return map[string]any{"group_id": group, "name": f.UniqueName("t"), "msg_id": msgID, "owner": owner}
}

// unusedMessageID and unusedThreadID are numbers in the form of real
// message and thread IDs that name none: 18 random digits.
func unusedMessageID(f *framework.Framework) string { return f.UnusedGroupID() + "123" }

func unusedThreadID(f *framework.Framework) string { return f.UnusedGroupID() + "456" }
