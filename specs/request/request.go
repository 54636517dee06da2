// Package request holds the specs of rows about the request itself rather
// than one API: malformed JSON, an unknown org or app, the media type.
package request

import (
	"fmt"
	"strings"

	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/framework"
)

var _ = Describe("Any request", func() {
	f := framework.New()

	DescribeTable("answers 400 json_parse, with Jackson's line and column, to a body with '=' where ':' belongs",
		func(ctx SpecContext, layout string) {
			defer f.Interruptible(ctx)()
			name := f.UnusedUsername()
			body := fmt.Sprintf(layout, name)
			line, column := jacksonPosition(body, '=')
			resp := f.App().POST("/users").WithHeader("Content-Type", "application/json").WithBytes([]byte(body)).Expect()
			f.ExpectDocumentedError(resp, "request.json-parse", catalog.Vars{"line": fmt.Sprint(line), "column": fmt.Sprint(column)})
		},
		Entry("on line 1", framework.Row("request.json-parse"), `{"username"="%s","password":"Passw0rd"}`),
		Entry("on line 3", framework.Row("request.json-parse"), "{\n  \"password\": \"Passw0rd\",\n  \"username\"  =  \"%s\"\n}"),
	)

	framework.ConformanceIt("request.unknown-app",
		"answers 404 organization_application_not_found on the token endpoint of an org and app that do not exist", func(ctx SpecContext) {
			org, app := f.UniqueName("org"), f.UniqueName("app")
			resp := f.Root().POST("/{org}/{app}/token", org, app).WithJSON(map[string]string{
				"grant_type": "client_credentials", "client_id": "YXA6-imconform", "client_secret": "YXA6-imconform",
			}).Expect()
			f.ExpectDocumentedError(resp, "request.unknown-app", catalog.Vars{"org": org, "app": app})
		})

	framework.ConformanceIt("request.unsupported-media-type",
		"answers 415 web_application to a JSON array sent without Content-Type", func(ctx SpecContext) {
			body := fmt.Sprintf(`[{"username":"%s","password":"Passw0rd"}]`, f.UnusedUsername())
			resp := f.App().POST("/users").WithBytes([]byte(body)).Expect()
			f.ExpectDocumentedError(resp, "request.unsupported-media-type", nil)
		})
})

// jacksonPosition is where Jackson 1.x reports the first occurrence of bad:
// its 1-based line, and its 1-based column plus one.
func jacksonPosition(body string, bad byte) (line, column int) {
	for i, l := range strings.Split(body, "\n") {
		if j := strings.IndexByte(l, bad); j >= 0 {
			return i + 1, j + 2
		}
	}
	panic(fmt.Sprintf("%q has no %q", body, bad))
}
