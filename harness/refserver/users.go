package refserver

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/imconform/imconform/harness/catalog"
)

func init() {
	implement(map[string]handler{
		"POST /users":                    (*call).registerUsers,
		"GET /users":                     (*call).listUsers,
		"DELETE /users":                  (*call).deleteUsers,
		"GET /users/{username}":          (*call).getUser,
		"DELETE /users/{username}":       (*call).deleteUser,
		"PUT /users/{username}":          (*call).modifyUser,
		"PUT /users/{username}/password": (*call).changePassword,
	})
}

type user struct {
	UUID     string
	Username string
	password string
	Nickname string
	created  int64
	modified int64
	seq      int64
	// State that lives and dies with the user (accounts.go, contacts.go,
	// metadata.go, push.go); s.mu guards it.
	deactivated bool
	mute        *globalMute
	collections []*collection
	contacts    map[string]string // contact → remark
	blocked     map[string]int64  // blocked user -> order blocked (app.seq)
	metadata    map[string]string // user attributes
	push        pushSettings
}

func (u *user) entity() orderedJSON {
	e := orderedJSON{{"uuid", u.UUID}, {"type", "user"}, {"created", u.created}, {"modified", u.modified},
		{"username", u.Username}, {"activated", !u.deactivated}}
	if u.Nickname != "" {
		e = append(e, kv{"nickname", u.Nickname})
	}
	return e
}

// legalUsername: 1-64 bytes of letters, digits, _ - . (api-notes §9). Upper
// case is accepted and stored lower-cased (decisions.tsv).
var legalUsername = regexp.MustCompile(`^[A-Za-z0-9_.\-]{1,64}$`)

// Registration limits (easemob-doc-v2 account_system.md): 60 users per
// batch call, usernames of at most 64 bytes, nicknames of at most 100
// characters.
const (
	maxBatch         = 60
	maxUsernameBytes = 64
	maxNicknameChars = 100
)

// passwordConflict finds a username a batch names twice with different
// passwords, and those passwords as the text lists them: Java's
// List.toString, "[p1, p2]", in the order sent (decisions.tsv: the document
// does not say how they are listed).
func passwordConflict(regs []registration) (string, string) {
	seen := map[string][]string{}
	var order []string
	for _, r := range regs {
		key := strings.ToLower(*r.Username)
		if seen[key] == nil {
			order = append(order, key)
		}
		if !slices.Contains(seen[key], *r.Password) {
			seen[key] = append(seen[key], *r.Password)
		}
	}
	for _, key := range order {
		if len(seen[key]) > 1 {
			return key, "[" + strings.Join(seen[key], ", ") + "]"
		}
	}
	return "", ""
}

// registration is one element of a registration body. Pointers tell an
// absent key from an empty value, as the real server does.
type registration struct {
	Username *string `json:"username"`
	Password *string `json:"password"`
	Nickname string  `json:"nickname"`
}

func (c *call) registerUsers() {
	var raw json.RawMessage
	if !c.readJSON(&raw) {
		return
	}
	var regs []registration
	batch := strings.HasPrefix(strings.TrimSpace(string(raw)), "[")
	if batch {
		if err := json.Unmarshal(raw, &regs); err != nil {
			c.writeError(http.StatusBadRequest, "illegal_argument", "java.lang.IllegalArgumentException", "each user must be a JSON object")
			return
		}
		if len(regs) > maxBatch {
			c.fail("users.register.batch-too-many", catalog.Vars{"n": strconv.Itoa(len(regs)), "limit": strconv.Itoa(maxBatch)})
			return
		}
	} else {
		var one registration
		if err := json.Unmarshal(raw, &one); err != nil {
			c.writeError(http.StatusBadRequest, "illegal_argument", "java.lang.IllegalArgumentException", "the user must be a JSON object")
			return
		}
		regs = []registration{one}
	}
	for _, r := range regs {
		switch {
		case r.Username == nil:
			c.fail("users.register.missing-username", nil)
			return
		case r.Password == nil || *r.Password == "":
			c.fail("users.register.missing-password", nil)
			return
		case len(*r.Username) > maxUsernameBytes:
			c.fail("users.register.username-too-long", nil)
			return
		case !legalUsername.MatchString(*r.Username):
			c.fail("users.register.illegal-username", catalog.Vars{"username": *r.Username})
			return
		case utf8.RuneCountInString(r.Nickname) > maxNicknameChars:
			c.fail("users.register.nickname-too-long", nil)
			return
		}
	}
	if name, passwords := passwordConflict(regs); name != "" {
		c.fail("users.register.batch-password-conflict", catalog.Vars{"username": name, "passwords": passwords})
		return
	}

	s := c.s
	s.mu.Lock()
	if s.freeEditionFull(countNew(s.app.users, regs)) {
		s.mu.Unlock()
		c.fail("quota.free-edition", nil)
		return
	}
	var created []any
	var failed []any
	var duplicate string
	for _, r := range regs {
		key := strings.ToLower(*r.Username)
		if _, exists := s.app.users[key]; exists {
			if !batch {
				duplicate = *r.Username
				break
			}
			failed = append(failed, orderedJSON{{"username", *r.Username}, {"registerUserFailReason", "the " + *r.Username + " already exists"}})
			continue
		}
		s.app.seq++
		now := c.start.UnixMilli()
		u := &user{UUID: newUUID(), Username: key, password: *r.Password, Nickname: r.Nickname, created: now, modified: now, seq: s.app.seq}
		s.app.users[key] = u
		created = append(created, u.entity())
	}
	s.mu.Unlock()

	if duplicate != "" {
		c.fail("users.register.duplicate", catalog.Vars{"username": duplicate})
		return
	}
	env := c.envelope("post", created)
	if batch {
		if failed == nil {
			failed = []any{}
		}
		env = append(env, kv{"data", failed})
	}
	c.writeJSON(http.StatusOK, env)
}

func (c *call) lookupUser() (*user, orderedJSON) {
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	u := c.s.app.users[strings.ToLower(c.params["username"])]
	if u == nil {
		return nil, nil
	}
	return u, u.entity()
}

func (c *call) getUser() {
	u, entity := c.lookupUser()
	if u == nil {
		c.fail("users.get.not-found", nil)
		return
	}
	c.writeJSON(http.StatusOK, c.envelope("get", []any{entity}))
}

func (c *call) deleteUser() {
	c.s.mu.Lock()
	key := strings.ToLower(c.params["username"])
	u := c.s.app.users[key]
	var entity orderedJSON
	if u != nil {
		entity = u.entity()
		delete(c.s.app.users, key)
		c.s.app.forgetContact(u.Username)
		c.s.app.leaveGroups(key)
		for v, t := range c.s.app.tokens {
			if t.user == u.Username {
				delete(c.s.app.tokens, v)
			}
		}
	}
	c.s.mu.Unlock()
	if u != nil {
		c.s.presence.forget(u.Username)
	}
	if u == nil {
		c.fail("users.delete.not-found", nil)
		return
	}
	c.writeJSON(http.StatusOK, c.envelope("delete", []any{entity}))
}

// modifiableUserFields may be set with PUT /users/{username}.
var modifiableUserFields = map[string]bool{"nickname": true}

func (c *call) modifyUser() {
	var fields map[string]any
	if !c.readJSON(&fields) {
		return
	}
	c.s.mu.Lock()
	u := c.s.app.users[strings.ToLower(c.params["username"])]
	var entity orderedJSON
	if u != nil {
		for k, v := range fields {
			if modifiableUserFields[k] {
				if s, ok := v.(string); ok {
					u.Nickname = s
				}
			}
		}
		u.modified = c.start.UnixMilli()
		entity = u.entity()
	}
	c.s.mu.Unlock()
	if u == nil {
		// Captured: modifying an unknown user reads as a new entity without
		// its required username property.
		c.fail("users.modify.missing-username", nil)
		return
	}
	c.writeJSON(http.StatusOK, c.envelope("put", []any{entity}))
}

type passwordChange struct {
	NewPassword *string `json:"newpassword"`
	OldPassword *string `json:"oldpassword"`
}

func (c *call) changePassword() {
	var req passwordChange
	if !c.readJSON(&req) {
		return
	}
	u, _ := c.lookupUser()
	switch {
	case u == nil:
		c.writeError(http.StatusNotFound, "entity_not_found", "EntityNotFoundException", "User null not found")
		return
	case req.NewPassword == nil || *req.NewPassword == "":
		c.fail("users.password.missing-newpassword", nil)
		return
	case c.token == nil && req.OldPassword == nil:
		// Without an app (admin) token the user must prove the old password.
		c.fail("users.password.missing-oldpassword", nil)
		return
	}
	c.s.mu.Lock()
	wrongOld := c.token == nil && u.password != *req.OldPassword
	if !wrongOld {
		u.password = *req.NewPassword
		u.modified = c.start.UnixMilli()
	}
	c.s.mu.Unlock()
	if wrongOld {
		c.writeError(http.StatusBadRequest, "invalid_grant", "java.lang.IllegalArgumentException", "invalid password")
		return
	}
	c.writeJSON(http.StatusOK, orderedJSON{{"action", "set user password"}, {"timestamp", c.start.UnixMilli()}, {"duration", 0}})
}

// qlPattern is the subset of Usergrid's query language the server knows:
// select * [where <property> (=|contains) '<value>'].
var qlPattern = regexp.MustCompile(`(?i)^\s*select\s+\*(?:\s+where\s+([a-z_]+)\s*(=|contains)\s*'([^']*)')?\s*$`)

// listUsers pages through users in creation order; the cursor is opaque.
func (c *call) listUsers() {
	q := c.r.URL.Query()
	limit := 10
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			c.writeError(http.StatusBadRequest, "illegal_argument", "java.lang.IllegalArgumentException", "limit must be a number from 1 to 100")
			return
		}
		limit = n
	}
	var match func(*user) bool
	if ql := q.Get("ql"); ql != "" {
		m := qlPattern.FindStringSubmatch(ql)
		if m == nil {
			c.writeError(http.StatusBadRequest, "query_parse", "org.apache.usergrid.persistence.query.tree.QueryParseException", "The query cannot be parsed")
			return
		}
		if strings.EqualFold(m[2], "contains") {
			if strings.EqualFold(m[1], "username") {
				c.fail("users.query.contains", nil)
			} else {
				c.failText("users.query.contains", fmt.Sprintf("Entity 'user' with property named '%s' is not full text indexed. You cannot use the 'contains' operand on this field", m[1]))
			}
			return
		}
		if m[1] != "" {
			prop, val := strings.ToLower(m[1]), m[3]
			match = func(u *user) bool {
				switch prop {
				case "username":
					return u.Username == strings.ToLower(val)
				case "nickname":
					return u.Nickname == val
				}
				return false
			}
		}
	}
	offset, ok := c.cursorParam(base64.RawURLEncoding, func() { c.illegalArgument("cursor is not valid") })
	if !ok {
		return
	}
	page, next := c.s.userPage(match, offset, limit)
	env := c.envelope("get", page)
	env = append(env, kv{"count", len(page)})
	if next > 0 {
		env = append(env, kv{"cursor", nextCursor(next)})
	}
	c.writeJSON(http.StatusOK, env)
}

// userPage returns entities [offset, offset+limit) of the matching users in
// creation order, and the offset of the next page (0 when none).
func (s *Server) userPage(match func(*user) bool, offset, limit int) ([]any, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var all []*user
	for _, u := range s.app.users {
		if match == nil || match(u) {
			all = append(all, u)
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].seq < all[j].seq })
	page := []any{}
	for i := offset; i < len(all) && len(page) < limit; i++ {
		page = append(page, all[i].entity())
	}
	if offset+limit < len(all) {
		return page, offset + limit
	}
	return page, 0
}

// deleteUsers deletes the oldest users, up to limit (default 1 on the real
// server is not documented; 10 as for listing).
func (c *call) deleteUsers() {
	limit := 10
	if v := c.r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			c.writeError(http.StatusBadRequest, "illegal_argument", "java.lang.IllegalArgumentException", "limit must be a number from 1 to 100")
			return
		}
		limit = n
	}
	page, _ := c.s.userPage(nil, 0, limit)
	c.s.mu.Lock()
	for _, e := range page {
		name := e.(orderedJSON)[4].v.(string)
		delete(c.s.app.users, name)
		c.s.app.leaveGroups(name)
	}
	c.s.mu.Unlock()
	c.writeJSON(http.StatusOK, c.envelope("delete", page))
}
