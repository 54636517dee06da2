package refserver

import (
	"encoding/json"
	"net/http"
	"strings"
)

// The seeding API sets up what a REST client cannot and two rows need: a
// message sent inside a thread (a client SDK's doing) and a message of
// another app. Emulators publish such endpoints beside the emulated API
// (moto's /moto-api, LocalStack's /_localstack); the suite uses them only
// where the target declares it (profile.Seeding), which a real
// server never does. Both take the app token and answer {"data":{"msg_id"}}.
func init() {
	implementUndocumented(map[string]handler{
		"POST /_imconform/thread_messages":  (*call).seedThreadMessage,
		"POST /_imconform/foreign_messages": (*call).seedForeignMessage,
	})
}

// seedThreadMessage sends a text message from "from" inside thread
// "thread_id", as a member's SDK would.
func (c *call) seedThreadMessage() {
	var body struct {
		ThreadID string `json:"thread_id"`
		From     string `json:"from"`
	}
	if !c.readJSON(&body) {
		return
	}
	c.s.mu.Lock()
	t := c.s.app.threads[body.ThreadID]
	var group string
	if t != nil {
		group = t.groupID
	}
	c.s.mu.Unlock()
	if t == nil {
		c.fail("threads.get.not-found", nil)
		return
	}
	id := c.s.stored.add(storedMessage{From: strings.ToLower(body.From), ChatType: "groupchat", To: group, Type: "txt",
		Body: json.RawMessage(`{"msg":"imconform seed"}`), Sent: c.start, Thread: body.ThreadID})
	c.seeded(id)
}

// seedForeignMessage issues the ID of a group message another app holds.
func (c *call) seedForeignMessage() {
	id := c.s.stored.addForeign(storedMessage{ChatType: "groupchat", Type: "txt", Sent: c.start})
	c.seeded(id)
}

func (c *call) seeded(msgID string) {
	c.writeJSON(http.StatusOK, append(c.envelope("post", nil), kv{"data", orderedJSON{{"msg_id", msgID}}}))
}
