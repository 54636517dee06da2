package framework

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"

	"github.com/gavv/httpexpect/v2"
	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/client"
	"github.com/imconform/imconform/harness/redact"
)

// Message and thread fixtures of the thread specs. A thread lives in a
// group the spec created, so it goes with the group at the latest; it is
// also deleted on its own after the spec, before its group.

// SendGroupMessage sends a text message from from to the group with
// POST /messages/chatgroups and returns the message's ID.
func (f *Framework) SendGroupMessage(from, groupID string) string {
	GinkgoHelper()
	groupMessagePacer.once.Do(func() {
		// Four fifths of the app's group message rate, shared by the
		// run's processes: the fixtures of consecutive specs must not
		// provoke messages.send.rate-limit themselves.
		rate := 0.8 * float64(f.Profile().GroupMessageRate)
		if sc, _ := GinkgoConfiguration(); sc.ParallelTotal > 1 {
			rate /= float64(sc.ParallelTotal)
		}
		groupMessagePacer.SetRate(rate)
	})
	if err := groupMessagePacer.Wait(f.session.Context()); err != nil {
		Fail(fmt.Sprintf("fixture: waiting to send a group message: %v", err))
	}
	return f.sendMessage("/messages/chatgroups", from, groupID)
}

// groupMessagePacer spaces this process's fixture group messages.
var groupMessagePacer struct {
	once sync.Once
	client.Pacer
}

// SendUserMessage sends a one-to-one text message with POST /messages/users
// and returns its ID.
func (f *Framework) SendUserMessage(from, to string) string {
	GinkgoHelper()
	return f.sendMessage("/messages/users", from, to)
}

func (f *Framework) sendMessage(path, from, to string) string {
	GinkgoHelper()
	resp := f.App().POST(path).WithJSON(map[string]any{"from": from, "to": []string{to}, "type": "txt",
		"body": map[string]string{"msg": "imconform fixture"}}).Expect()
	var body struct {
		Data map[string]string `json:"data"`
	}
	if resp.Raw() == nil || resp.Raw().StatusCode != http.StatusOK || json.Unmarshal([]byte(resp.Body().Raw()), &body) != nil || body.Data[to] == "" {
		Fail(fmt.Sprintf("fixture: sending a message with POST %s answered %s", path, describeAnswer(resp)))
	}
	return body.Data[to]
}

// CreateThread creates a thread on the group message msgID, owned by owner
// (a member of the group), and returns its ID; the thread is deleted after
// the spec.
func (f *Framework) CreateThread(groupID, msgID, owner string) string {
	GinkgoHelper()
	resp := f.TryCreateThread(map[string]any{"group_id": groupID, "name": f.UniqueName("t"), "msg_id": msgID, "owner": owner})
	var body struct {
		Data struct {
			ThreadID string `json:"thread_id"`
		} `json:"data"`
	}
	if resp.Raw() == nil || resp.Raw().StatusCode != http.StatusOK || json.Unmarshal([]byte(resp.Body().Raw()), &body) != nil || body.Data.ThreadID == "" {
		Fail(fmt.Sprintf("fixture: creating a thread answered %s", describeAnswer(resp)))
	}
	return body.Data.ThreadID
}

// TryCreateThread POSTs body to /thread and returns the answer unchecked; a
// thread it creates all the same is deleted after the spec.
func (f *Framework) TryCreateThread(body map[string]any) *httpexpect.Response {
	GinkgoHelper()
	var id string
	DeferCleanup(func() {
		if id == "" {
			return // nothing created; a thread created unseen goes with its group
		}
		f.session.WaitIdle(suite.target.Timeout)
		f.session.SetUserAgent(f.userAgent("cleanup"))
		resp := f.App().DELETE("/thread/{thread_id}", id).Expect()
		if s := resp.Raw().StatusCode; s != http.StatusOK && s != http.StatusNotFound {
			Fail(fmt.Sprintf("cleanup: deleting thread %s answered %d %s", id, s, redact.String(resp.Body().Raw())))
		}
	})
	resp := f.App().POST("/thread").WithJSON(body).Expect()
	var created struct {
		Data struct {
			ThreadID string `json:"thread_id"`
		} `json:"data"`
	}
	if resp.Raw() != nil && resp.Raw().StatusCode == http.StatusOK && json.Unmarshal([]byte(resp.Body().Raw()), &created) == nil {
		id = created.Data.ThreadID
	}
	return resp
}
