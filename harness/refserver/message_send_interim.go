package refserver

import (
	"encoding/json"
	"net/http"
	"strings"
)

// INTERIM, until issue 11's send APIs land: the success path of
// POST /messages/users and POST /messages/chatgroups, storing one message
// per recipient and answering {"data": {"<recipient>": "<message ID>"}}
// (api-notes §3), so the thread specs can get message IDs. Issue 11 owns
// these operations: when its handlers are merged, delete this file (the
// registry panics on an operation implemented twice).

func init() {
	implement(map[string]handler{
		"POST /messages/users":      func(c *call) { c.sendInterim("chat") },
		"POST /messages/chatgroups": func(c *call) { c.sendInterim("groupchat") },
	})
}

func (c *call) sendInterim(chatType string) {
	var m struct {
		From string          `json:"from"`
		To   []string        `json:"to"`
		Type string          `json:"type"`
		Body json.RawMessage `json:"body"`
		Ext  json.RawMessage `json:"ext"`
	}
	if !c.readJSON(&m) {
		return
	}
	if m.From == "" || len(m.To) == 0 || m.Type == "" || len(m.Body) == 0 {
		c.writeError(http.StatusBadRequest, "message_send_error", "", "param from, to, type and body must be provided")
		return
	}
	data := orderedJSON{}
	for _, to := range m.To {
		if chatType == "chat" {
			to = strings.ToLower(to)
		}
		id := c.s.stored.add(storedMessage{From: strings.ToLower(m.From), ChatType: chatType, To: to, Type: m.Type,
			Body: m.Body, Ext: m.Ext, Sent: c.start})
		data = append(data, kv{to, id})
	}
	c.writeJSON(http.StatusOK, append(c.envelope("post", nil), kv{"data", data}))
}
