package refserver

import (
	"encoding/json"
	"net/http"
	"regexp"

	"github.com/imconform/imconform/harness/profile"
)

func init() {
	implement(map[string]handler{
		"POST /messages/msg_recall":      (*call).recallMessage,
		"POST /messages/batch_recall":    (*call).batchRecall,
		"PUT /messages/rewrite/{msg_id}": (*call).rewriteMessage,
	})
}

type recallBody struct {
	MsgID    *string         `json:"msg_id"`
	To       *string         `json:"to"`
	ChatType *string         `json:"chat_type"`
	From     *string         `json:"from"`
	Force    json.RawMessage `json:"force"` // a RawMessage keeps an explicit null
}

// recallMessage is POST /messages/msg_recall. Order: the feature switch,
// then recallRefusal's.
func (c *call) recallMessage() {
	var m recallBody
	// A body of the wrong shape has no documented row of its own here.
	if !c.decodeBody(&m, "request.invalid") {
		return
	}
	if c.featureOff(profile.Recall) {
		c.fail("messages.recall.not-open", nil)
		return
	}
	msg, refusal := c.recallRefusal(m)
	if refusal != "" {
		c.fail(refusal, nil)
		return
	}
	c.writeJSON(http.StatusOK, append(c.envelope("post", nil), kv{"data", c.recall(m, msg)}))
}

// batchRecallMax is the most messages one batch recall takes.
const batchRecallMax = 30

// batchRecall is POST /messages/batch_recall (Shengwang): up to 30 recalls
// in one request, answered with the single recall's rows. Every message is
// checked before any is recalled, and the first refused one answers the
// request (decisions.tsv, messages.recall.empty-msg-id): the document gives
// no per-message error form.
func (c *call) batchRecall() {
	var m struct {
		Msgs []recallBody `json:"msgs"`
	}
	if !c.decodeBody(&m, "request.invalid") {
		return
	}
	if c.featureOff(profile.Recall) {
		c.fail("messages.recall.not-open", nil)
		return
	}
	if len(m.Msgs) == 0 || len(m.Msgs) > batchRecallMax {
		c.writeError(http.StatusBadRequest, "message_recall_error", "MessageRecallErrorException", "param msgs must hold 1 to 30 messages")
		return
	}
	msgs := make([]storedMessage, len(m.Msgs))
	for i, item := range m.Msgs {
		msg, refusal := c.recallRefusal(item)
		if refusal != "" {
			c.fail(refusal, nil)
			return
		}
		msgs[i] = msg
	}
	var data []orderedJSON
	for i, item := range m.Msgs {
		data = append(data, c.recall(item, msgs[i]))
	}
	c.writeJSON(http.StatusOK, append(c.envelope("post", nil), kv{"data", data}))
}

// recallRefusal checks one recall: the fields in the document's order
// (msg_id, to, chat_type, force), then the message (unknown or already
// recalled), its receiver, the recall window (which force lifts). It
// returns the message, or the row that refuses the recall. decisions.tsv
// has the guesses.
func (c *call) recallRefusal(m recallBody) (storedMessage, string) {
	empty := func(s *string) bool { return s == nil || *s == "" }
	// force: absent is allowed (default false); present, it must be a
	// boolean: null or "" is "empty".
	force, forceEmpty := false, false
	if m.Force != nil {
		if err := json.Unmarshal(m.Force, &force); err != nil || string(m.Force) == "null" {
			forceEmpty = true
		}
	}
	switch {
	case empty(m.MsgID):
		return storedMessage{}, "messages.recall.empty-msg-id"
	case empty(m.To):
		return storedMessage{}, "messages.recall.empty-to"
	case empty(m.ChatType):
		return storedMessage{}, "messages.recall.empty-chat-type"
	case forceEmpty:
		return storedMessage{}, "messages.recall.null-force"
	}
	msg, ok := c.s.stored.get(*m.MsgID)
	switch {
	case !ok || msg.Recalled:
		return msg, "messages.recall.not-found"
	case msg.To != *m.To:
		return msg, "messages.recall.unknown-to"
	case !force && c.s.opts.Limits.RecallWindow > 0 && c.start.Sub(msg.Sent) > c.s.opts.Limits.RecallWindow:
		return msg, "messages.recall.time-limit"
	}
	return msg, ""
}

// recall marks msg recalled and returns the answer's data about it.
func (c *call) recall(m recallBody, msg storedMessage) orderedJSON {
	c.s.stored.update(msg.ID, func(s *storedMessage) { s.Recalled = true })
	from := msg.From
	if m.From != nil && *m.From != "" {
		from = *m.From
	}
	return orderedJSON{{"recalled", "yes"}, {"chattype", *m.ChatType}, {"from", from}, {"msg_id", msg.ID}, {"to", msg.To}}
}

type rewriteBody struct {
	User         *string          `json:"user"`
	NewMsg       *json.RawMessage `json:"new_msg"`
	NewExt       json.RawMessage  `json:"new_ext"`
	IsCombineExt *bool            `json:"is_combine_ext"`
}

var numericID = regexp.MustCompile(`^[0-9]{1,19}$`)

// rewritable are the message types that may be modified.
var rewritable = map[string]bool{"txt": true, "custom": true}

// rewriteMessage is PUT /messages/rewrite/{msg_id}. Order: the feature
// switch, the ID's form, the body (shape, new_msg, its type), the message
// (unknown or recalled), its own type, who edits it (user, when given, must
// be the sender: the trigger decided for the not-authorized row), the edit
// limit.
func (c *call) rewriteMessage() {
	id := c.params["msg_id"]
	if c.featureOff(profile.Rewrite) {
		c.fail("messages.rewrite.not-open", nil)
		return
	}
	if !numericID.MatchString(id) {
		c.fail("messages.rewrite.bad-msg-id", nil)
		return
	}
	var m rewriteBody
	if !c.decodeBody(&m, "messages.rewrite.invalid-body") {
		return
	}
	var newMsg struct {
		Type string `json:"type"`
	}
	if m.NewMsg == nil || string(*m.NewMsg) == "null" {
		c.fail("messages.rewrite.missing-new-msg", nil)
		return
	}
	if json.Unmarshal(*m.NewMsg, &newMsg) != nil || (!absent(m.NewExt) && !isObject(m.NewExt)) {
		c.fail("messages.rewrite.invalid-body", nil)
		return
	}
	if !rewritable[newMsg.Type] {
		c.fail("messages.rewrite.unsupported-type", nil)
		return
	}
	msg, ok := c.s.stored.get(id)
	switch {
	case !ok || msg.Recalled:
		c.fail("messages.rewrite.not-found", nil)
		return
	case !rewritable[msg.Type]:
		c.fail("messages.rewrite.unsupported-type", nil)
		return
	case m.User != nil && *m.User != "" && *m.User != msg.From:
		c.fail("messages.rewrite.not-authorized", nil)
		return
	case c.s.opts.Limits.RewriteEditLimit > 0 && msg.Edits >= c.s.opts.Limits.RewriteEditLimit:
		c.fail("messages.rewrite.edit-limit", nil)
		return
	}
	c.s.stored.update(id, func(s *storedMessage) {
		s.Edits++
		s.Body = *m.NewMsg
		if !absent(m.NewExt) {
			s.Ext = m.NewExt
		}
	})
	c.writeJSON(http.StatusOK, append(c.envelope("put", nil), kv{"data", "success"}))
}
