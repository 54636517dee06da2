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
// declare it.

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

func (f *Framework) seed(path string, body map[string]string) string {
	GinkgoHelper()
	f.Require(profile.Seeding, 1)
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
