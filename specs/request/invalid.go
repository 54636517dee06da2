package request

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/framework"
	"github.com/imconform/imconform/harness/profile"
)

var _ = Describe("A request of the wrong shape", func() {
	f := framework.New()

	framework.ConformanceIt("request.invalid",
		"answers 400 illegal_argument to well-formed JSON that is not the object the API takes (a JSON string sent to POST /messages)", func(ctx SpecContext) {
			f.Require(profile.Messages, 1)
			resp := f.App().POST("/messages").WithHeader("Content-Type", "application/json").WithBytes([]byte(`"imconform"`)).Expect()
			f.ExpectDocumentedError(resp, "request.invalid", nil)
		})
})
