package refserver

import (
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/imconform/imconform/harness/catalog"
)

// The user-system operations beside registration and lookup: online status,
// deactivation, global mutes, forced log-out, devices, joined rooms, offline
// messages and favourites (easemob-doc-v2 account_system.md,
// user_favorite.md of the Shengwang docs). The reference holds no device
// connections: every user is offline, with no devices and no offline
// messages.

func init() {
	implement(map[string]handler{
		"GET /users/{username}/status":                      (*call).userStatus,
		"POST /users/batch/status":                          (*call).batchUserStatus,
		"POST /users/{username}/deactivate":                 (*call).deactivateUser,
		"POST /users/{username}/activate":                   (*call).activateUser,
		"GET /users/{username}/disconnect":                  (*call).disconnectUser,
		"DELETE /users/{username}/disconnect/{resource_id}": (*call).disconnectUser,
		"GET /users/{username}/resources":                   (*call).userResources,
		"GET /users/{username}/joined_chatrooms":            (*call).joinedChatrooms,
		"GET /users/{username}/offline_msg_count":           (*call).offlineMessageCount,
		"GET /users/{username}/offline_msg_status/{msg_id}": (*call).offlineMessageStatus,
		"POST /mutes":           (*call).setGlobalMute,
		"GET /mutes/{username}": (*call).getGlobalMute,
		"GET /mutes":            (*call).listGlobalMutes,
	})
}

// maxStatusBatch is the most usernames one batch status query takes (the
// row's text).
const maxStatusBatch = 100

// withUser runs f on the path's user under s.mu, answering the not-found
// row (notFound) when there is none; it reports whether f ran.
func (c *call) withUser(notFound string, f func(u *user)) bool {
	c.s.mu.Lock()
	u := c.s.app.users[c.pathUser()]
	if u != nil {
		f(u)
	}
	c.s.mu.Unlock()
	if u == nil {
		c.fail(notFound, nil)
		return false
	}
	return true
}

func (c *call) actionData(action string, data any) {
	c.writeJSON(http.StatusOK, orderedJSON{{"action", action}, {"data", data},
		{"timestamp", c.start.UnixMilli()}, {"duration", 0}})
}

func (c *call) userStatus() {
	if c.withUser("users.get.not-found", func(*user) {}) {
		c.actionData("get status", orderedJSON{{c.pathUser(), "offline"}})
	}
}

func (c *call) batchUserStatus() {
	names, ok := c.usernamesBody()
	if !ok {
		return
	}
	if len(names) > maxStatusBatch {
		c.fail("users.status.batch-too-many", nil)
		return
	}
	var data []orderedJSON
	for _, n := range names {
		data = append(data, orderedJSON{{n, "offline"}})
	}
	c.actionData("get batch user status", data)
}

func (c *call) deactivateUser() { c.setActivated(false, "Deactivate user") }
func (c *call) activateUser()   { c.setActivated(true, "activate user") }

// setActivated bans or unbans the user; a banned user gets no token
// (token.user.not-activated) and its tokens stop working.
func (c *call) setActivated(on bool, action string) {
	var entity orderedJSON
	if !c.withUser("users.get.not-found", func(u *user) {
		u.deactivated = !on
		u.modified = c.start.UnixMilli()
		entity = u.entity()
		if !on {
			for v, t := range c.s.app.tokens {
				if t.user == u.Username {
					delete(c.s.app.tokens, v)
				}
			}
		}
	}) {
		return
	}
	if on {
		c.writeJSON(http.StatusOK, orderedJSON{{"action", action}, {"timestamp", c.start.UnixMilli()}, {"duration", 0}})
		return
	}
	c.writeJSON(http.StatusOK, c.envelope("post", []any{entity}))
}

func (c *call) disconnectUser() {
	if c.withUser("users.get.not-found", func(*user) {}) {
		c.actionData("get", orderedJSON{{"result", true}})
	}
}

func (c *call) userResources() {
	if c.withUser("users.get.not-found", func(*user) {}) {
		c.actionData("get user resources", []any{})
	}
}

func (c *call) joinedChatrooms() {
	if !c.withUser("users.get.not-found", func(*user) {}) {
		return
	}
	name := c.pathUser()
	c.s.mu.Lock()
	var rooms []orderedJSON
	for _, g := range c.s.app.groups {
		if g.room && g.affiliated(name) {
			rooms = append(rooms, orderedJSON{{"id", g.ID}, {"name", g.Name}})
		}
	}
	c.s.mu.Unlock()
	sort.Slice(rooms, func(i, j int) bool { return rooms[i][0].v.(string) < rooms[j][0].v.(string) })
	if rooms == nil {
		rooms = []orderedJSON{}
	}
	c.actionData("get", rooms)
}

func (c *call) offlineMessageCount() {
	if c.withUser("users.get.not-found", func(*user) {}) {
		c.actionData("get", orderedJSON{{c.pathUser(), 0}})
	}
}

func (c *call) offlineMessageStatus() {
	if c.withUser("users.get.not-found", func(*user) {}) {
		c.actionData("get", orderedJSON{{c.params["msg_id"], "delivered"}})
	}
}

// globalMute is a user's mute in every chat of a kind, in seconds from when
// it was set (0 = not muted).
type globalMute struct {
	Chat, Groupchat, Chatroom int64
	set                       int64 // unix seconds
}

func (m *globalMute) entry(name string, now int64) orderedJSON {
	left := func(d int64) int64 {
		if d <= 0 || m.set+d <= now {
			return 0
		}
		return m.set + d - now
	}
	return orderedJSON{{"userid", name}, {"chat", left(m.Chat)}, {"groupchat", left(m.Groupchat)},
		{"chatroom", left(m.Chatroom)}, {"unixtime", now}}
}

func (c *call) setGlobalMute() {
	var body struct {
		Username  string `json:"username"`
		Chat      int64  `json:"chat"`
		Groupchat int64  `json:"groupchat"`
		Chatroom  int64  `json:"chatroom"`
	}
	if !c.readJSON(&body) {
		return
	}
	c.s.mu.Lock()
	u := c.s.app.users[strings.ToLower(body.Username)]
	if u != nil {
		u.mute = &globalMute{Chat: body.Chat, Groupchat: body.Groupchat, Chatroom: body.Chatroom, set: c.start.Unix()}
	}
	c.s.mu.Unlock()
	if u == nil {
		// The document lists this row for the mute APIs: the user to mute
		// is read as an entity without its username (decisions.tsv).
		c.fail("users.modify.missing-username", nil)
		return
	}
	c.actionData("post", orderedJSON{{"result", "ok"}})
}

func (c *call) getGlobalMute() {
	var entry orderedJSON
	if !c.withUser("users.modify.missing-username", func(u *user) {
		m := u.mute
		if m == nil {
			m = &globalMute{}
		}
		entry = m.entry(u.Username, c.start.Unix())
	}) {
		return
	}
	c.actionData("get", entry)
}

func (c *call) listGlobalMutes() {
	q := c.r.URL.Query()
	page, size := 1, 10
	for name, dst := range map[string]*int{"pageNum": &page, "pageSize": &size} {
		if v := q.Get(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				c.illegalArgument(name + " is illegal")
				return
			}
			*dst = n
		}
	}
	c.s.mu.Lock()
	var names []string
	for _, u := range c.s.app.users {
		if u.mute != nil {
			names = append(names, u.Username)
		}
	}
	sort.Strings(names)
	var list []orderedJSON
	for i := (page - 1) * size; i < len(names) && i < page*size; i++ {
		list = append(list, c.s.app.users[names[i]].mute.entry(names[i], c.start.Unix()))
	}
	c.s.mu.Unlock()
	if list == nil {
		list = []orderedJSON{}
	}
	c.actionData("get", orderedJSON{{"data", list}, {"unixtime", c.start.Unix()}})
}

// illegalUsername answers the favourites APIs' row for a path username that
// breaks the naming rule; true when it answered.
func (c *call) illegalUsername(name string) bool {
	if legalUsername.MatchString(name) {
		return false
	}
	c.fail("users.register.illegal-username", catalog.Vars{"username": name})
	return true
}
