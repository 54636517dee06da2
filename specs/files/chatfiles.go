package files

import (
	"bytes"
	"crypto/rand"
	"fmt"

	"github.com/gavv/httpexpect/v2"
	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/framework"
	"github.com/imconform/imconform/harness/profile"
)

// randomUUID is a version-4 UUID no file has.
func randomUUID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

var _ = Describe("POST|GET /{org}/{app}/chatfiles", func() {
	f := framework.New()

	upload := func() string {
		GinkgoHelper()
		resp := f.App().POST("/chatfiles").WithMultipart().WithFile("file", "imconform.txt", bytes.NewReader([]byte("imconform"))).Expect()
		resp.Status(200)
		return resp.JSON().Object().Value("entities").Array().Value(0).Object().Value("uuid").String().NotEmpty().Raw()
	}

	framework.ConformanceIt("files.upload.missing-file",
		`answers 400 illegal_argument to a multipart upload with no part named "file"`, func(ctx SpecContext) {
			f.Require(profile.Files, 1)
			resp := f.App().POST("/chatfiles").WithMultipart().WithFormField("x", "imconform").Expect()
			f.ExpectDocumentedError(resp, "files.upload.missing-file", nil)
		})

	framework.ConformanceIt("files.get.not-found",
		"answers 404 entity_not_found to the download of a file UUID no upload returned", func(ctx SpecContext) {
			f.Require(profile.Files, 1)
			f.ExpectDocumentedError(f.App().GET("/chatfiles/{file_uuid}", randomUUID()).Expect(), "files.get.not-found", nil)
		})

	framework.ConformanceIt("files.get.expired",
		"answers 404 file_expired to the download of a file uploaded longer ago than the retention", framework.Slow, func(ctx SpecContext) {
			retention := f.Profile().FileRetention
			if retention <= 0 {
				f.SkipDeclared("the target's attachment retention is unknown (profile.file_retention / IMCONF_PROFILE_FILE_RETENTION is 0)")
			}
			f.Require(profile.Files, 2)
			f.RequireWait(retention, "attachment retention (profile.file_retention)")
			id := upload()
			if !framework.WaitOut(ctx, retention) {
				return
			}
			f.ExpectDocumentedError(f.App().GET("/chatfiles/{file_uuid}", id).Expect(), "files.get.expired", catalog.Vars{"file_uuid": id})
		})
})

// Attachment lifetime (Shengwang). The request is checked before the
// attachments are looked up (decisions.tsv), so the IDs name no file and the
// user is a name nobody registered.
var _ = Describe("POST /{org}/{app}/users/{username}/chatfiles/lifetime", func() {
	f := framework.New()

	setLifetime := func(e *httpexpect.Expect, lifetime string, ids int) *httpexpect.Response {
		uuids := make([]string, ids)
		for i := range uuids {
			uuids[i] = randomUUID()
		}
		return e.POST("/users/{username}/chatfiles/lifetime", f.UniqueName("u")).
			WithJSON(map[string]any{"lifetime": lifetime, "chatfile_ids": uuids}).Expect()
	}

	framework.ConformanceIt("files.lifetime.too-many-ids",
		"answers 400 illegal_argument when chatfile_ids has 101 IDs", func(ctx SpecContext) {
			f.Require(profile.AttachmentLifetime, 1)
			f.ExpectDocumentedError(setLifetime(f.App(), "default", 101), "files.lifetime.too-many-ids", nil)
		})

	framework.ConformanceIt("files.lifetime.bad-lifetime",
		"answers 400 illegal_argument when lifetime is not forever, default or refresh", func(ctx SpecContext) {
			f.Require(profile.AttachmentLifetime, 1)
			f.ExpectDocumentedError(setLifetime(f.App(), "week", 1), "files.lifetime.bad-lifetime", nil)
		})

	framework.ConformanceIt("files.lifetime.not-open",
		"answers 403 forbidden_op to a valid lifetime setting on an app without attachment storage settings", func(ctx SpecContext) {
			resp := setLifetime(f.AppWithout(profile.AttachmentLifetime), "forever", 1)
			f.ExpectDocumentedError(resp, "files.lifetime.not-open", nil)
		})
})
