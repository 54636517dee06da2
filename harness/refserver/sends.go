package refserver

import (
	"bytes"
	"encoding/json"
	"net/http"
	"time"

	"github.com/imconform/imconform/harness/profile"
)

// The new-generation send APIs (POST /messages/users|chatgroups|chatrooms,
// their targeted /users forms), the broadcasts and message import. Every
// accepted message is stored, one ID per recipient, so recall, rewrite and
// history find it.
func init() {
	implement(map[string]handler{
		"POST /messages/users":               func(c *call) { c.send(sendKind{chatType: "chat", maxTo: 600}) },
		"POST /messages/chatgroups":          func(c *call) { c.send(sendKind{chatType: "groupchat", maxTo: 3}) },
		"POST /messages/chatgroups/users":    func(c *call) { c.send(sendKind{chatType: "groupchat", maxTo: 3, targeted: true}) },
		"POST /messages/chatrooms":           func(c *call) { c.send(sendKind{chatType: "chatroom", maxTo: 10}) },
		"POST /messages/chatrooms/users":     func(c *call) { c.send(sendKind{chatType: "chatroom", maxTo: 10, targeted: true}) },
		"POST /messages/chatrooms/broadcast": (*call).broadcast,
		"POST /messages/users/broadcast":     (*call).broadcast,
		"POST /messages/users/import":        func(c *call) { c.importMessage("chat") },
		"POST /messages/chatgroups/import":   func(c *call) { c.importMessage("groupchat") },
	})
}

// sendKind is what differs between the send endpoints.
type sendKind struct {
	chatType string // chat, groupchat or chatroom
	maxTo    int    // most recipients (users, groups or rooms) per call
	targeted bool   // a message to some members of the groups or rooms: users required
}

// sendBody is the body of the new-generation sends. A field of another JSON
// type than these (a string for to, an array for body) fails to decode and
// is answered invalid_request_body, as the documents say for "a field of the
// wrong type"; which coercions the real service makes is not documented.
type sendBody struct {
	From             *string         `json:"from"`
	To               []string        `json:"to"`
	Type             *string         `json:"type"`
	Body             json.RawMessage `json:"body"`
	Ext              json.RawMessage `json:"ext"`
	Users            []string        `json:"users"`
	SyncDevice       *bool           `json:"sync_device"`
	RouteType        *string         `json:"routetype"`
	ChatroomMsgLevel *string         `json:"chatroom_msg_level"`
}

// decodeBody reads the JSON body into v; a body of the wrong shape is row
// invalidRow. It reports whether v was filled.
func (c *call) decodeBody(v any, invalidRow string) bool {
	var raw json.RawMessage
	if !c.readJSON(&raw) {
		return false
	}
	if err := json.Unmarshal(raw, v); err != nil {
		c.fail(invalidRow, nil)
		return false
	}
	return true
}

func absent(raw json.RawMessage) bool {
	return len(raw) == 0 || string(raw) == "null"
}

func isObject(raw json.RawMessage) bool {
	return bytes.HasPrefix(bytes.TrimSpace(raw), []byte("{"))
}

// send is one of the new-generation send APIs. The checks run in the order
// of the documents' error tables: body shape, from, to, type, body, ext,
// users, the recipient count, the size, the send rate. Recipients are not
// looked up: the documents give no error for an unknown one (decisions.tsv).
func (c *call) send(k sendKind) {
	var m sendBody
	if !c.decodeBody(&m, "messages.send.invalid-body") {
		return
	}
	if !absent(m.Body) && !isObject(m.Body) {
		c.fail("messages.send.invalid-body", nil)
		return
	}
	var fields map[string]json.RawMessage
	if !absent(m.Body) {
		json.Unmarshal(m.Body, &fields)
	}
	switch {
	case m.From != nil && *m.From == "":
		// The row's wording on these endpoints is its documented variant.
		c.failWith("messages.empty-from", "message_send_error", 14001, "param from can't be empty")
	case len(m.To) == 0:
		c.failWith("messages.send.empty-to", "", 14002, "param to can't be empty")
	case m.Type == nil || *m.Type == "":
		c.fail("messages.send.empty-type", nil)
	case len(fields) == 0:
		c.failWith("messages.send.empty-body", "", 14005, "param body can't be empty")
	case !absent(m.Ext) && !isObject(m.Ext):
		c.fail("messages.send.bad-ext", nil)
	case k.targeted && len(m.Users) == 0:
		c.fail("messages.send.empty-users", nil)
	case len(m.To) > k.maxTo:
		c.fail(map[int]string{600: "messages.send.too-many-users", 3: "messages.send.too-many-groups", 10: "messages.send.too-many-chatrooms"}[k.maxTo], nil)
	case c.tooLarge(m.Body, m.Ext):
		c.failWith("messages.too-large", "message_send_error", 14007, "message is too large")
	case !c.withinSendRate(k, len(m.To)):
		c.fail("messages.send.rate-limit", nil)
	default:
		from := "admin"
		if m.From != nil {
			from = *m.From
		}
		data := orderedJSON{}
		for _, to := range m.To {
			id := c.s.stored.add(storedMessage{From: from, ChatType: k.chatType, To: to, Type: *m.Type, Body: m.Body, Ext: m.Ext, Sent: c.start})
			data = append(data, kv{to, id})
		}
		c.s.messages.record(c.start, len(m.To))
		c.writeJSON(http.StatusOK, append(c.envelope("post", nil), kv{"data", data}))
	}
}

// tooLarge applies the size limit to body and ext as sent (their JSON
// bytes), the two parts the documents name.
func (c *call) tooLarge(body, ext json.RawMessage) bool {
	limit := c.s.opts.Limits.MessageMaxBytes
	return limit > 0 && len(body)+len(ext) > limit
}

// withinSendRate spends one message of the group message rate per group
// (the documents count a message to n groups as n messages). Only the group
// rate is modelled: the one-to-one rate (6,000 a minute) and the chat-room
// rate (100 a second) are above what a spec should spend.
func (c *call) withinSendRate(k sendKind, recipients int) bool {
	if k.chatType != "groupchat" {
		return true
	}
	for range recipients {
		if !c.s.sends.take("groupchat", c.s.opts.Limits.GroupMessageRate, c.start) {
			return false
		}
	}
	return true
}

// broadcastBody is the body of the broadcasts: the legacy msg object.
type broadcastBody struct {
	From             *string         `json:"from"`
	Msg              json.RawMessage `json:"msg"`
	Ext              json.RawMessage `json:"ext"`
	SyncDevice       *bool           `json:"sync_device"`
	ChatroomMsgLevel *string         `json:"chatroom_msg_level"`
}

// broadcast is POST /messages/chatrooms/broadcast (to every chat room) and
// POST /messages/users/broadcast (to every online user; Shengwang, same body
// assumed). The feature switch is checked after the body's shape and before
// its fields (decisions.tsv, messages.broadcast.bad-ext).
func (c *call) broadcast() {
	var m broadcastBody
	if !c.decodeBody(&m, "messages.send.invalid-body") {
		return
	}
	switch {
	case c.featureOff(profile.Broadcast):
		c.fail("messages.broadcast.not-open", nil)
	case m.From != nil && *m.From == "":
		c.failText("messages.empty-from", "from can't be empty")
	case !absent(m.Ext) && !isObject(m.Ext):
		c.fail("messages.broadcast.bad-ext", nil)
	case absent(m.Msg) || !isObject(m.Msg):
		c.writeError(http.StatusBadRequest, "illegal_argument", "java.lang.IllegalArgumentException", "msg must be provided")
	case c.tooLarge(m.Msg, m.Ext):
		c.fail("messages.too-large", nil)
	default:
		var msg struct {
			Type string `json:"type"`
		}
		json.Unmarshal(m.Msg, &msg)
		from := "admin"
		if m.From != nil {
			from = *m.From
		}
		id := c.s.stored.add(storedMessage{From: from, ChatType: "broadcast", Type: msg.Type, Body: m.Msg, Ext: m.Ext, Sent: c.start})
		c.writeJSON(http.StatusOK, append(c.envelope("post", nil), kv{"data", orderedJSON{{"id", json.Number(id)}}}))
	}
}

// importBody is the body of message import: one message, with its own
// sending time.
type importBody struct {
	From         *string         `json:"from"`
	Target       *string         `json:"target"`
	Type         *string         `json:"type"`
	Body         json.RawMessage `json:"body"`
	Ext          json.RawMessage `json:"ext"`
	IsAckRead    *bool           `json:"is_ack_read"`
	MsgTimestamp *int64          `json:"msg_timestamp"`
	NeedDownload *bool           `json:"need_download"`
}

// importMessage is POST /messages/users/import and /messages/chatgroups/import.
// Checks in the document's order: shape, body, type; an imported message is
// stored with its msg_timestamp as its sending time.
func (c *call) importMessage(chatType string) {
	var m importBody
	if !c.decodeBody(&m, "messages.import.invalid-body") {
		return
	}
	var fields map[string]json.RawMessage
	if !absent(m.Body) && json.Unmarshal(m.Body, &fields) != nil {
		c.fail("messages.import.invalid-body", nil)
		return
	}
	switch {
	case len(fields) == 0:
		c.fail("messages.import.empty-body", nil)
	case m.Type == nil || *m.Type == "":
		c.fail("messages.import.empty-type", nil)
	case m.From == nil || *m.From == "" || m.Target == nil || *m.Target == "":
		c.writeError(http.StatusBadRequest, "illegal_argument", "java.lang.IllegalArgumentException", "from and target must be provided")
	default:
		sent := c.start
		if m.MsgTimestamp != nil {
			sent = time.UnixMilli(*m.MsgTimestamp)
		}
		id := c.s.stored.add(storedMessage{From: *m.From, ChatType: chatType, To: *m.Target, Type: *m.Type, Body: m.Body, Ext: m.Ext, Sent: sent})
		c.s.messages.record(sent, 1)
		c.writeJSON(http.StatusOK, append(c.envelope("post", nil), kv{"data", orderedJSON{{"msg_id", id}}}))
	}
}
