package request

import (
	"github.com/gavv/httpexpect/v2"
	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/framework"
)

// request.unknown-app is the only row but the expired token that these user
// operations document: one table entry per operation, each one request to
// a fresh org and app that do not exist. Their error tables print the URI as
// {org}/{app}/users whatever the path (variants.tsv), a wording strict mode
// does not accept.
var _ = Describe("An org and app that do not exist, on the user operations that document it", func() {
	f := framework.New()

	DescribeTable("answers 404 organization_application_not_found, worded as the user APIs' tables print it",
		func(ctx SpecContext, method, path string, with framework.Payload) {
			defer f.Interruptible(ctx)()
			if f.Target().Strict != "" {
				f.SkipDeclared("these operations document only a variant wording of the row (variants.tsv), and strict mode (IMCONF_STRICT) accepts the canonical one alone")
			}
			org, app, unknown := f.UnknownApp()
			// Values that would be valid on the real app: only the app is wrong.
			user := f.UniqueName("u")
			values := framework.PathValues{"username": user, "resource_id": "imconform", "msg_id": "1100000000000000001"}
			resp := f.SendTo(unknown, method, path, values, user, with)
			f.ExpectDocumentedError(resp, "request.unknown-app", catalog.Vars{"org": org, "app": app})
		},
		unknownApp("GET", "/mutes", nil),
		// One user at most, should a server take the app token's own app.
		unknownApp("DELETE", "/users", func(r *httpexpect.Request, _ string) *httpexpect.Request { return r.WithQuery("limit", 1) }),
		unknownApp("GET", "/users/{username}/disconnect", nil),
		unknownApp("DELETE", "/users/{username}/disconnect/{resource_id}", nil),
		unknownApp("GET", "/users/{username}/offline_msg_count", nil),
		unknownApp("GET", "/users/{username}/offline_msg_status/{msg_id}", nil),
		unknownApp("GET", "/users/{username}/resources", nil),
		unknownApp("GET", "/users/{username}/status", nil),
	)
})

func unknownApp(method, path string, with framework.Payload) TableEntry {
	if with == nil {
		with = framework.NoBody
	}
	return Entry(method+" "+path, framework.Row("request.unknown-app"), method, path, with)
}
