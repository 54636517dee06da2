package framework

import (
	"encoding/json"
	"fmt"
	"net/http"

	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/profile"
)

// The seeding API of a test server (profile.Seeding; the reference's
// harness/refserver/seeding.go) sets up what a REST client cannot. Each
// helper skips the spec, with the reason, where the target does not
// declare it: against a real server, such a row needs a client SDK or a
// second app.

// SeedThreadMessage has from send a message inside thread, as a member's
// client SDK would, and returns its ID.
func (f *Framework) SeedThreadMessage(thread, from string) string {
	GinkgoHelper()
	return f.seed("/_imconform/thread_messages", map[string]string{"thread_id": thread, "from": from})
}

// SeedForeignMessage returns the ID of a group message of another app.
func (f *Framework) SeedForeignMessage() string {
	GinkgoHelper()
	return f.seed("/_imconform/foreign_messages", map[string]string{})
}

// RequireSeeding skips the spec, declared, unless the target serves the
// seeding API; a spec calls it before its fixtures, so that nothing is
// created for a row that cannot run.
func (f *Framework) RequireSeeding() {
	GinkgoHelper()
	if !f.Profile().Seeding {
		f.SkipDeclared(fmt.Sprintf("setting this row up needs the seeding API of a test server (POST /{org}/{app}/_imconform/...), which the target does not declare (profile.seeding / %s=true); a real server needs a client SDK or a second app here", profile.EnvName("seeding")))
	}
}

func (f *Framework) seed(path string, body map[string]string) string {
	GinkgoHelper()
	f.RequireSeeding()
	resp := f.App().POST(path).WithJSON(body).Expect()
	var out struct {
		Data struct {
			MsgID string `json:"msg_id"`
		} `json:"data"`
	}
	if resp.Raw() == nil || resp.Raw().StatusCode != http.StatusOK || json.Unmarshal([]byte(resp.Body().Raw()), &out) != nil || out.Data.MsgID == "" {
		Fail(fmt.Sprintf("fixture: the seeding API POST %s answered %s", path, describeAnswer(resp)))
	}
	return out.Data.MsgID
}
