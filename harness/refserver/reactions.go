package refserver

import (
	"encoding/base64"
	"net/http"
	"strings"
	"sync"

	"github.com/imconform/imconform/harness/profile"
)

// Message reactions (easemob-doc-v2 reaction.md). Reactions attach to the
// messages of the message store (messagestore.go), by message ID; a user may
// react to a message of a conversation it takes part in.

func init() {
	implement(map[string]handler{
		"POST /reaction/user/{username}":       (*call).addReaction,
		"DELETE /reaction/user/{username}":     (*call).deleteReaction,
		"GET /reaction/user/{username}":        (*call).listReactions,
		"GET /reaction/user/{username}/detail": (*call).reactionDetail,
	})
}

// Fixed reaction limits of the document: 20 message IDs per query, detail
// pages of 1-50 users.
const (
	maxReactionMsgIDs = 20
	maxReactionPage   = 50
)

// reactionStore holds, per message ID, each reaction's users in the order
// they reacted.
type reactionStore struct {
	mu    sync.Mutex
	byMsg map[string]*messageReactions
}

type messageReactions struct {
	order []string            // reactions, first added first
	users map[string][]string // reaction → users
	ids   map[string]string   // reaction → reaction ID
}

func (r *messageReactions) remove(reaction, user string) bool {
	users := r.users[reaction]
	for i, u := range users {
		if u == user {
			r.users[reaction] = append(users[:i:i], users[i+1:]...)
			if len(r.users[reaction]) == 0 {
				delete(r.users, reaction)
				delete(r.ids, reaction)
				for j, o := range r.order {
					if o == reaction {
						r.order = append(r.order[:j:j], r.order[j+1:]...)
						break
					}
				}
			}
			return true
		}
	}
	return false
}

func (c *call) reactionFailure(text string) {
	c.writeError(http.StatusBadRequest, "Bad Request", "", text)
}

func (c *call) reactionOK(data any) {
	c.writeJSON(http.StatusOK, orderedJSON{{"requestId", newUUID()}, {"timestamp", c.start.UnixMilli()}, {"status", "OK"}, {"data", data}})
}

// takesPart reports whether user may react to m: its sender or recipient,
// or an affiliate of its group or chat room.
func (c *call) takesPart(m storedMessage, user string) bool {
	if m.ChatType == "chat" {
		return strings.EqualFold(m.From, user) || strings.EqualFold(m.To, user)
	}
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	g := c.s.app.groups[m.To]
	return g != nil && g.affiliated(user)
}

func (c *call) addReaction() {
	if !c.serviceOn(profile.Reactions, "reactions.service.not-open") {
		return
	}
	var body struct {
		MsgID   string `json:"msgId"`
		Message string `json:"message"`
	}
	if !c.readJSON(&body) {
		return
	}
	if body.MsgID == "" || body.Message == "" {
		c.reactionFailure("msgId and message must be provided")
		return
	}
	m, ok := c.s.stored.get(body.MsgID)
	if !ok {
		c.reactionFailure("the message does not exist!")
		return
	}
	user := c.pathUser()
	if !c.takesPart(m, user) {
		c.fail("reactions.add.not-participant", nil)
		return
	}
	limit := c.s.opts.Limits.ReactionsPerMessage
	s := &c.s.reactions
	s.mu.Lock()
	if s.byMsg == nil {
		s.byMsg = map[string]*messageReactions{}
	}
	r := s.byMsg[m.ID]
	if r == nil {
		r = &messageReactions{users: map[string][]string{}, ids: map[string]string{}}
		s.byMsg[m.ID] = r
	}
	fail := ""
	switch {
	case contains(r.users[body.Message], user):
		fail = "reactions.add.duplicate"
	case r.users[body.Message] == nil && limit > 0 && len(r.order) >= limit:
		fail = "reactions.add.quantity-limit"
	default:
		if r.users[body.Message] == nil {
			r.order = append(r.order, body.Message)
			r.ids[body.Message] = newUUID()
		}
		r.users[body.Message] = append(r.users[body.Message], user)
	}
	id := r.ids[body.Message]
	s.mu.Unlock()
	if fail != "" {
		c.fail(fail, nil)
		return
	}
	groupID := ""
	if m.ChatType != "chat" {
		groupID = m.To
	}
	now := c.start.UnixMilli()
	c.reactionOK(orderedJSON{{"id", id}, {"msgId", m.ID}, {"msgType", m.ChatType}, {"groupId", groupID},
		{"reaction", body.Message}, {"createAt", now}, {"updateAt", now}})
}

func (c *call) deleteReaction() {
	if !c.serviceOn(profile.Reactions, "reactions.service.not-open") {
		return
	}
	q := c.r.URL.Query()
	msgID, reaction := q.Get("msgId"), q.Get("message")
	if msgID == "" || reaction == "" {
		c.reactionFailure("msgId and message must be provided")
		return
	}
	s := &c.s.reactions
	s.mu.Lock()
	removed := false
	if r := s.byMsg[msgID]; r != nil {
		removed = r.remove(reaction, c.pathUser())
	}
	s.mu.Unlock()
	if !removed {
		c.fail("reactions.delete.not-operator", nil)
		return
	}
	c.reactionOK(nil)
}

// reactionEntry is one reaction of a message as the query APIs show it; the
// store's lock is held.
func reactionEntry(r *messageReactions, reaction, me string, users []string) orderedJSON {
	return orderedJSON{{"reactionId", r.ids[reaction]}, {"reaction", reaction}, {"count", len(r.users[reaction])},
		{"state", contains(r.users[reaction], me)}, {"userList", users}}
}

func (c *call) listReactions() {
	if !c.serviceOn(profile.Reactions, "reactions.service.not-open") {
		return
	}
	q := c.r.URL.Query()
	var ids []string
	for _, id := range strings.Split(q.Get("msgIdList"), ",") {
		if id = strings.TrimSpace(id); id != "" {
			ids = append(ids, id)
		}
	}
	switch msgType := q.Get("msgType"); {
	case len(ids) == 0:
		c.reactionFailure("msgIdList can not be null!")
		return
	case len(ids) > maxReactionMsgIDs:
		c.fail("reactions.get.too-many-msg-ids", nil)
		return
	case msgType != "chat" && msgType != "groupchat":
		c.reactionFailure("msgType must be chat or groupchat!")
		return
	case msgType == "groupchat" && q.Get("groupId") == "":
		c.fail("reactions.get.missing-group-id", nil)
		return
	}
	me := c.pathUser()
	s := &c.s.reactions
	s.mu.Lock()
	var data []orderedJSON
	for _, id := range ids {
		list := []orderedJSON{}
		if r := s.byMsg[id]; r != nil {
			for _, reaction := range r.order {
				users := r.users[reaction]
				if len(users) > 3 {
					users = users[:3] // the list shows the first three users
				}
				list = append(list, reactionEntry(r, reaction, me, users))
			}
		}
		data = append(data, orderedJSON{{"msgId", id}, {"reactionList", list}})
	}
	s.mu.Unlock()
	if data == nil {
		data = []orderedJSON{}
	}
	c.reactionOK(data)
}

func (c *call) reactionDetail() {
	if !c.serviceOn(profile.Reactions, "reactions.service.not-open") {
		return
	}
	q := c.r.URL.Query()
	limit, ok := c.limitParam("limit", maxReactionPage, maxReactionPage, "reactions.detail.limit-too-large",
		func() { c.reactionFailure("limit must be a number from 1 to 50") })
	if !ok {
		return
	}
	msgID, reaction := q.Get("msgId"), q.Get("message")
	if msgID == "" || reaction == "" {
		c.reactionFailure("msgId and message must be provided")
		return
	}
	offset, ok := c.cursorParam(base64.RawURLEncoding, func() { c.reactionFailure("cursor is not valid") })
	if !ok {
		return
	}
	s := &c.s.reactions
	s.mu.Lock()
	r := s.byMsg[msgID]
	var entry orderedJSON
	if r != nil && r.users[reaction] != nil {
		all := append([]string(nil), r.users[reaction]...)
		end := min(offset+limit, len(all))
		page := []string{}
		if offset < end {
			page = all[offset:end]
		}
		cursor := ""
		if end < len(all) {
			cursor = nextCursor(end)
		}
		entry = append(reactionEntry(r, reaction, c.pathUser(), page), kv{"cursor", cursor})
	}
	s.mu.Unlock()
	if entry == nil {
		c.reactionFailure("the reaction does not exist!")
		return
	}
	c.reactionOK(entry)
}
