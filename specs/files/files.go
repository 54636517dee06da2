// Package files holds the specs of the file upload API's rows.
package files

import (
	"bytes"

	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/framework"
	"github.com/imconform/imconform/harness/profile"
)

var _ = Describe("POST /{org}/{app}/chatfiles", func() {
	f := framework.New()

	framework.ConformanceIt("files.too-large",
		"answers 413 to a multipart upload whose file is one byte over the size limit", framework.Slow, func(ctx SpecContext) {
			f.Require(profile.Files, 1)
			limit := f.Profile().FileMaxBytes
			if limit <= 0 {
				f.SkipDeclared("the target's file size limit is unknown (profile.file_max_bytes / IMCONF_PROFILE_FILE_MAX_BYTES is 0)")
			}
			file := bytes.NewReader(make([]byte, limit+1))
			resp := f.App().POST("/chatfiles").WithMultipart().WithFile("file", "imconform.bin", file).Expect()
			f.ExpectDocumentedError(resp, "files.too-large", nil)
		})
})
