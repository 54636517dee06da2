package refserver

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"github.com/imconform/imconform/harness/profile"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// Threads (group_thread.md): a thread hangs on one group message, has an
// owner who is a member of the group, and members of its own. Every thread
// answer uses the group service's "group_error" rows.

// threadService has every thread operation answer the service's "not
// open" row first when the app has threads switched off.
func threadService(handlers map[string]handler) map[string]handler {
	for key, h := range handlers {
		h := h
		handlers[key] = func(c *call) {
			if c.serviceOn(profile.Threads, "threads.service.not-open") {
				h(c)
			}
		}
	}
	return handlers
}

func init() {
	implement(threadService(map[string]handler{
		"GET /thread":                                        (*call).listThreads,
		"POST /thread":                                       (*call).createThread,
		"PUT /thread/{thread_id}":                            (*call).modifyThread,
		"DELETE /thread/{thread_id}":                         (*call).deleteThread,
		"GET /thread/{thread_id}/users":                      (*call).listThreadMembers,
		"POST /thread/{thread_id}/users":                     (*call).addThreadMembers,
		"DELETE /thread/{thread_id}/users":                   (*call).removeThreadMembers,
		"GET /threads/user/{username}":                       (*call).threadsOfUser,
		"GET /threads/chatgroups/{group_id}/user/{username}": (*call).threadsOfUser,
	}))
}

// Thread limits (group_thread.md).
const (
	maxThreadName        = 64 // characters
	maxThreadPage        = 50 // limit of the thread listings
	maxThreadBatch       = 10 // usernames per join or kick
	threadIDBase   int64 = 180_000_000_000_000
)

type thread struct {
	ID, groupID, msgID, name, owner string
	created                         int64
	seq                             int64
	members                         map[string]int64 // username: when it joined, ms
}

func (t *thread) entry() orderedJSON {
	return orderedJSON{{"name", t.name}, {"owner", t.owner}, {"id", t.ID}, {"msgId", t.msgID},
		{"groupId", t.groupID}, {"created", t.created}}
}

// joinedThreads counts the threads name is a member of.
func (a *app) joinedThreads(name string) int {
	n := 0
	for _, t := range a.threads {
		if _, ok := t.members[name]; ok {
			n++
		}
	}
	return n
}

// readThreadJSON reads a thread API body: an unreadable one is answered
// with the Spring message the thread service sends (threads.create.unreadable-body),
// not the Usergrid parse error of the other APIs.
func (c *call) readThreadJSON(v any) bool {
	data, err := io.ReadAll(io.LimitReader(c.r.Body, maxBody))
	if err != nil || !json.Valid(bytes.TrimSpace(data)) || json.Unmarshal(data, v) != nil {
		c.fail("threads.create.unreadable-body", nil)
		return false
	}
	return true
}

// threadCreation is the body of POST /thread; IDs may come as strings or
// numbers (the document's sample sends numbers).
type threadCreation struct {
	GroupID json.Number `json:"group_id"`
	Name    string      `json:"name"`
	MsgID   json.Number `json:"msg_id"`
	Owner   string      `json:"owner"`
}

func (n *threadCreation) UnmarshalJSON(data []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	str := func(k string) (string, error) {
		v, ok := raw[k]
		if !ok {
			return "", nil
		}
		var s string
		if json.Unmarshal(v, &s) == nil {
			return s, nil
		}
		var num json.Number
		err := json.Unmarshal(v, &num)
		return num.String(), err
	}
	var err error
	var g, m string
	if g, err = str("group_id"); err != nil {
		return err
	}
	if m, err = str("msg_id"); err != nil {
		return err
	}
	n.GroupID, n.MsgID = json.Number(g), json.Number(m)
	if n.Name, err = str("name"); err != nil {
		return err
	}
	n.Owner, err = str("owner")
	return err
}

// createThread checks, in order: the body, the name's length, the group,
// the owner's membership, the quotas, then the message (of this app,
// exists, not sent inside a thread, is a group message, of this group, has
// no thread yet). The order is the project's
// guess (decisions.tsv, threads.*).
func (c *call) createThread() {
	var req threadCreation
	if !c.readThreadJSON(&req) {
		return
	}
	groupID, msgID, owner := req.GroupID.String(), req.MsgID.String(), strings.ToLower(req.Owner)
	if groupID == "" || msgID == "" || owner == "" || req.Name == "" {
		c.fail("threads.create.unreadable-body", nil)
		return
	}
	if len([]rune(req.Name)) > maxThreadName {
		c.fail("threads.create.name-too-long", nil)
		return
	}
	msg, msgFound := c.s.stored.get(msgID)
	c.locked(func(a *app) func() {
		g := a.lookupGroup(groupID, false)
		switch {
		case g == nil:
			return c.failing("threads.create.group-not-found", nil)
		case !g.affiliated(owner):
			return c.failing("threads.create.owner-not-member", nil)
		}
		if limit := c.s.opts.Limits.ThreadsPerApp; limit > 0 && len(a.threads) >= limit {
			return c.failing("threads.create.app-quota", nil)
		}
		if limit := c.s.opts.Limits.ThreadsPerUser; limit > 0 && a.joinedThreads(owner) >= limit {
			return c.failing("threads.members.user-quota", nil)
		}
		switch {
		case !msgFound && c.s.stored.isForeign(msgID):
			return c.failing("threads.create.msg-not-in-app", nil)
		case !msgFound:
			return c.failing("threads.create.msg-not-found", nil)
		case msg.Thread != "":
			return c.failing("threads.create.nested", nil)
		case msg.ChatType != "groupchat":
			return c.failing("threads.create.not-group-message", nil)
		case msg.To != groupID:
			return c.failing("threads.create.msg-not-in-group", nil)
		}
		for _, t := range a.threads {
			if t.msgID == msgID {
				return c.failing("threads.create.already-exists", nil)
			}
		}
		if a.threads == nil {
			a.threads = map[string]*thread{}
			a.lastThread = threadIDBase + firstGroupID()%1_000_000_000
		}
		a.seq++
		a.lastThread += 1 + a.seq%5
		now := c.start.UnixMilli()
		t := &thread{ID: strconv.FormatInt(a.lastThread, 10), groupID: groupID, msgID: msgID, name: req.Name,
			owner: owner, created: now, seq: a.seq, members: map[string]int64{owner: now}}
		a.threads[t.ID] = t
		return c.ok("post", orderedJSON{{"thread_id", t.ID}})
	})
}

// withThread runs act on the thread of the path.
func (c *call) withThread(act func(a *app, t *thread) func()) {
	id := c.param("thread_id")
	c.locked(func(a *app) func() {
		t := a.threads[id]
		if t == nil {
			return c.failing("threads.get.not-found", nil)
		}
		return act(a, t)
	})
}

func (c *call) modifyThread() {
	var body struct {
		Name string `json:"name"`
	}
	if !c.readThreadJSON(&body) {
		return
	}
	c.withThread(func(a *app, t *thread) func() {
		if len([]rune(body.Name)) > maxThreadName {
			return c.failing("threads.create.name-too-long", nil)
		}
		if body.Name != "" {
			t.name = body.Name
		}
		return c.ok("put", orderedJSON{{"name", t.name}})
	})
}

func (c *call) deleteThread() {
	c.withThread(func(a *app, t *thread) func() {
		delete(a.threads, t.ID)
		return c.ok("delete", orderedJSON{{"status", "ok"}})
	})
}

// threadPage is the limit, cursor and sort of a thread listing; ok is
// false when the request was answered.
type threadPage struct {
	limit, offset int
	asc           bool
}

func (c *call) readThreadPage() (threadPage, bool) {
	q := c.r.URL.Query()
	p := threadPage{limit: maxThreadPage, asc: q.Get("sort") == "asc"}
	// Only "too large" is documented; a limit out of [1,50] any way gets
	// the same answer (decisions.tsv).
	var ok bool
	if p.limit, ok = c.limitParam("limit", maxThreadPage, maxThreadPage, "threads.list.limit-too-large",
		func() { c.fail("threads.list.limit-too-large", nil) }); !ok {
		return p, false
	}
	p.offset, ok = c.cursorParam(base64.RawURLEncoding,
		func() {
			c.writeError(http.StatusBadRequest, "group_error", "GroupErrorException", "cursor is illegal.")
		})
	return p, ok
}

// window is the page of n items, and the cursor of the next ("" at the end).
func (p threadPage) window(n int) (start, end int, next string) {
	start = min(p.offset, n)
	end = min(start+p.limit, n)
	if end < n {
		next = nextCursor(end)
	}
	return start, end, next
}

// listPage writes a thread listing: entities and properties.cursor.
func (c *call) listPage(entities []any, next string) func() {
	env := c.envelope("get", entities)
	props := orderedJSON{}
	if next != "" {
		props = append(props, kv{"cursor", next})
	}
	env = append(env, kv{"properties", props})
	return func() { c.writeJSON(http.StatusOK, env) }
}

func (a *app) threadsSorted(keep func(*thread) bool, asc bool) []*thread {
	var out []*thread
	for _, t := range a.threads {
		if keep(t) {
			out = append(out, t)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if asc {
			return out[i].seq < out[j].seq
		}
		return out[i].seq > out[j].seq
	})
	return out
}

func (c *call) listThreads() {
	p, ok := c.readThreadPage()
	if !ok {
		return
	}
	c.locked(func(a *app) func() {
		all := a.threadsSorted(func(*thread) bool { return true }, p.asc)
		start, end, next := p.window(len(all))
		entities := []any{}
		for _, t := range all[start:end] {
			entities = append(entities, orderedJSON{{"id", t.ID}})
		}
		return c.listPage(entities, next)
	})
}

// threadsOfUser answers both user listings; {group_id} narrows to one group.
func (c *call) threadsOfUser() {
	p, ok := c.readThreadPage()
	if !ok {
		return
	}
	name, groupID := strings.ToLower(c.param("username")), c.param("group_id")
	c.locked(func(a *app) func() {
		if a.users[name] == nil {
			return c.userMissing(name)
		}
		if groupID != "" && a.lookupGroup(groupID, false) == nil {
			return c.failing("threads.create.group-not-found", nil)
		}
		all := a.threadsSorted(func(t *thread) bool {
			_, member := t.members[name]
			return member && (groupID == "" || t.groupID == groupID)
		}, p.asc)
		start, end, next := p.window(len(all))
		entities := []any{}
		for _, t := range all[start:end] {
			entities = append(entities, t.entry())
		}
		return c.listPage(entities, next)
	})
}

func (c *call) listThreadMembers() {
	p, ok := c.readThreadPage()
	if !ok {
		return
	}
	c.withThread(func(a *app, t *thread) func() {
		names := sortedKeys(t.members)
		sort.SliceStable(names, func(i, j int) bool { return t.members[names[i]] < t.members[names[j]] })
		start, end, next := p.window(len(names))
		env := c.envelope("get", nil)
		env = append(env, kv{"data", orderedJSON{{"affiliations", names[start:end]}}})
		props := orderedJSON{}
		if next != "" {
			props = append(props, kv{"cursor", next})
		}
		env = append(env, kv{"properties", props})
		return func() { c.writeJSON(http.StatusOK, env) }
	})
}

// readThreadUsernames reads {"usernames":[...]}, at most maxThreadBatch.
func (c *call) readThreadUsernames() ([]string, bool) {
	var body struct {
		Usernames []string `json:"usernames"`
	}
	if !c.readThreadJSON(&body) {
		return nil, false
	}
	names := dedupe(body.Usernames, "")
	if len(names) > maxThreadBatch {
		c.fail("threads.members.too-many", nil)
		return nil, false
	}
	return names, true
}

// addThreadMembers: only members of the thread's group may join, each
// within the per-user thread quota.
func (c *call) addThreadMembers() {
	names, ok := c.readThreadUsernames()
	if !ok {
		return
	}
	c.withThread(func(a *app, t *thread) func() {
		g := a.groups[t.groupID]
		limit := c.s.opts.Limits.ThreadsPerUser
		for _, n := range names {
			if g == nil || !g.affiliated(n) {
				return func() {
					c.writeError(http.StatusNotFound, "group_error", "GroupErrorException", "user not in group.")
				}
			}
			if _, in := t.members[n]; !in && limit > 0 && a.joinedThreads(n) >= limit {
				return c.failing("threads.members.user-quota", nil)
			}
		}
		for _, n := range names {
			if _, in := t.members[n]; !in {
				t.members[n] = c.start.UnixMilli()
			}
		}
		return c.ok("post", orderedJSON{{"status", "ok"}})
	})
}

func (c *call) removeThreadMembers() {
	names, ok := c.readThreadUsernames()
	if !ok {
		return
	}
	c.withThread(func(a *app, t *thread) func() {
		entities := []any{}
		for _, n := range names {
			_, in := t.members[n]
			if n == t.owner {
				in = false // the owner stays (guess: not documented)
			} else {
				delete(t.members, n)
			}
			entities = append(entities, orderedJSON{{"result", in}, {"user", n}})
		}
		return func() { c.writeJSON(http.StatusOK, c.envelope("delete", entities)) }
	})
}
