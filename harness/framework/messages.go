package framework

import (
	"fmt"

	. "github.com/onsi/ginkgo/v2"
)

// SendTextMessage sends a text message to user to with POST
// /messages/users, from the app admin when from is empty, and returns the
// message ID the target assigned; the spec fails when the send fails. A sent
// message needs no cleanup: it expires with the target's retention.
func (f *Framework) SendTextMessage(from, to string) string {
	GinkgoHelper()
	body := map[string]any{"to": []string{to}, "type": "txt", "body": map[string]string{"msg": "imconform"}}
	if from != "" {
		body["from"] = from
	}
	resp := f.App().POST("/messages/users").WithJSON(body).Expect()
	if resp.Raw() == nil || resp.Raw().StatusCode != 200 {
		Fail(fmt.Sprintf("imconform: sending a text message to %s (a fixture) was answered %s", to, describeAnswer(resp)))
	}
	id, ok := resp.JSON().Object().Value("data").Object().Value(to).Raw().(string)
	if !ok || id == "" {
		Fail(fmt.Sprintf("imconform: the answer to a text message sent to %s has no message ID in data.%s", to, to))
	}
	return id
}
