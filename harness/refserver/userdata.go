package refserver

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// userData is what the client SDKs read and write about a user besides its
// record: contacts (user_relationship.md) and attributes (userprofile.md).
// It guards itself; the zero value is ready.
type userData struct {
	mu       sync.Mutex
	contacts map[string]map[string]bool   // owner -> friend -> true
	attrs    map[string]map[string]string // username -> attribute -> value
	blocks   map[string][]string          // owner -> blocked users, oldest first
}

// userAttributes are the attributes the SDKs know (userprofile.md).
var userAttributes = []string{"nickname", "avatarurl", "mail", "phone", "gender", "sign", "birth", "ext"}

// existingUser answers the documented 404 for an unknown {username} and
// reports whether the user exists.
func (c *call) existingUser(name string) bool {
	c.s.mu.Lock()
	u := c.s.app.users[strings.ToLower(name)]
	c.s.mu.Unlock()
	if u == nil {
		c.fail("users.get.not-found", nil)
	}
	return u != nil
}

// listJoinedGroups answers GET /users/{username}/joined_chatgroups: the
// groups the user owns or belongs to, newest first, paged with pagenum
// (from 1) and pagesize (default 10, at most 100), each as groupid and
// groupname (group.md); with version=v3, as the web SDK asks, each as id,
// name, disabled and permission, the fields that SDK reads (decisions.tsv).
func (c *call) listJoinedGroups() {
	name := strings.ToLower(c.params["username"])
	if !c.existingUser(name) {
		return
	}
	p, problem := c.numberedPage(1, 10, 100)
	if problem != "" {
		c.invalidParameter(problem)()
		return
	}
	if !p.paged {
		// Documented: without paging, the latest 500 groups.
		p = page{size: 500}
	}
	c.locked(func(a *app) func() {
		var joined []*group
		for _, g := range a.groups {
			if !g.room && g.affiliated(name) {
				joined = append(joined, g)
			}
		}
		sort.Slice(joined, func(i, j int) bool { return joined[i].seq > joined[j].seq })
		from, to, _ := p.bounds(len(joined))
		data := []any{}
		v3 := c.r.URL.Query().Get("version") == "v3"
		for _, g := range joined[from:to] {
			if v3 {
				role := "member"
				if g.Owner == name {
					role = "owner"
				}
				data = append(data, orderedJSON{{"id", g.ID}, {"name", g.Name}, {"disabled", false}, {"permission", role}})
				continue
			}
			data = append(data, orderedJSON{{"groupid", g.ID}, {"groupname", g.Name}})
		}
		env := c.dataEnvelope("get", data)
		env = append(env, kv{"params", c.pageParams("pagenum", "pagesize")}, kv{"count", len(data)})
		return func() { c.writeJSON(http.StatusOK, env) }
	})
}

// listContacts answers GET /users/{username}/contacts/users: the user's
// contacts as "data" (names) and "count".
func (c *call) listContacts() {
	owner := strings.ToLower(c.params["username"])
	if !c.existingUser(owner) {
		return
	}
	d := &c.s.userData
	d.mu.Lock()
	names := []string{}
	for n := range d.contacts[owner] {
		names = append(names, n)
	}
	d.mu.Unlock()
	sort.Strings(names)
	env := c.envelope("get", nil)
	env = append(env, kv{"data", names}, kv{"count", len(names)})
	c.writeJSON(http.StatusOK, env)
}

// addContact answers POST /users/{username}/contacts/users/{friend}: both
// become each other's contact; the entity is the friend's record.
func (c *call) addContact() {
	owner, friend := strings.ToLower(c.params["username"]), strings.ToLower(c.params["friend"])
	c.s.mu.Lock()
	o, f := c.s.app.users[owner], c.s.app.users[friend]
	var entity orderedJSON
	if f != nil {
		entity = f.entity()
	}
	c.s.mu.Unlock()
	if o == nil || f == nil {
		c.fail("users.get.not-found", nil)
		return
	}
	d := &c.s.userData
	d.mu.Lock()
	if d.contacts == nil {
		d.contacts = map[string]map[string]bool{}
	}
	for _, pair := range [][2]string{{owner, friend}, {friend, owner}} {
		if d.contacts[pair[0]] == nil {
			d.contacts[pair[0]] = map[string]bool{}
		}
		d.contacts[pair[0]][pair[1]] = true
	}
	d.mu.Unlock()
	c.writeJSON(http.StatusOK, c.envelope("post", []any{entity}))
}

// setAttributes answers PUT /metadata/user/{username}: a form-encoded body
// of attributes (userprofile.md), answered with the attributes now set.
func (c *call) setAttributes() {
	name := strings.ToLower(c.params["username"])
	if !c.existingUser(name) {
		return
	}
	data, err := io.ReadAll(io.LimitReader(c.r.Body, maxBody))
	if err != nil {
		c.bodyReadFailed(err)
		return
	}
	form, err := url.ParseQuery(string(data))
	if err != nil {
		c.writeError(http.StatusBadRequest, "illegal_argument", "java.lang.IllegalArgumentException", "the body is not form-encoded (key=value&...)")
		return
	}
	d := &c.s.userData
	d.mu.Lock()
	if d.attrs == nil {
		d.attrs = map[string]map[string]string{}
	}
	if d.attrs[name] == nil {
		d.attrs[name] = map[string]string{}
	}
	for k := range form {
		d.attrs[name][k] = form.Get(k)
	}
	set := attributesOf(d.attrs[name], nil)
	d.mu.Unlock()
	c.writeJSON(http.StatusOK, orderedJSON{{"timestamp", c.start.UnixMilli()}, {"data", set}, {"duration", 0}})
}

// getAttributes answers POST /metadata/user/get {"targets":[...],
// "properties":[...]}: each target's attributes (all when properties is
// empty) under its name.
func (c *call) getAttributes() {
	var req struct {
		Targets    []string `json:"targets"`
		Properties []string `json:"properties"`
	}
	if !c.readJSON(&req) {
		return
	}
	if len(req.Targets) == 0 || len(req.Targets) > 100 {
		c.writeError(http.StatusBadRequest, "illegal_argument", "java.lang.IllegalArgumentException", fmt.Sprintf("targets must name 1 to 100 users, got %d", len(req.Targets)))
		return
	}
	d := &c.s.userData
	d.mu.Lock()
	out := orderedJSON{}
	for _, t := range req.Targets {
		out = append(out, kv{t, attributesOf(d.attrs[strings.ToLower(t)], req.Properties)})
	}
	d.mu.Unlock()
	c.writeJSON(http.StatusOK, orderedJSON{{"timestamp", c.start.UnixMilli()}, {"data", out}, {"duration", 0}})
}

// attributesOf is attrs restricted to names (all when empty), in a stable
// order: the known attributes first, then custom ones by name.
func attributesOf(attrs map[string]string, names []string) json.Marshaler {
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	var keys []string
	for k := range attrs {
		if len(want) == 0 || want[k] {
			keys = append(keys, k)
		}
	}
	rank := map[string]int{}
	for i, k := range userAttributes {
		rank[k] = i + 1
	}
	sort.Slice(keys, func(i, j int) bool {
		ri, rj := rank[keys[i]], rank[keys[j]]
		if ri != rj && ri > 0 && rj > 0 {
			return ri < rj
		}
		if (ri > 0) != (rj > 0) {
			return ri > 0
		}
		return keys[i] < keys[j]
	})
	out := orderedJSON{}
	for _, k := range keys {
		out = append(out, kv{k, attrs[k]})
	}
	return out
}

// removeContact answers DELETE /users/{username}/contacts/users/{friend}.
func (c *call) removeContact() {
	owner, friend := strings.ToLower(c.params["username"]), strings.ToLower(c.params["friend"])
	if !c.existingUser(owner) || !c.existingUser(friend) {
		return
	}
	c.s.mu.Lock()
	entity := c.s.app.users[friend].entity()
	c.s.mu.Unlock()
	d := &c.s.userData
	d.mu.Lock()
	delete(d.contacts[owner], friend)
	delete(d.contacts[friend], owner)
	d.mu.Unlock()
	c.writeJSON(http.StatusOK, c.envelope("delete", []any{entity}))
}

// blockUsers answers POST /users/{username}/blocks/users {"usernames":[...]}.
func (c *call) blockUsers() {
	owner := strings.ToLower(c.params["username"])
	names, ok := c.readUsernames()
	if !ok {
		return
	}
	c.s.mu.Lock()
	known := c.s.app.users[owner] != nil
	for _, n := range names {
		known = known && c.s.app.users[strings.ToLower(n)] != nil
	}
	c.s.mu.Unlock()
	if !known {
		c.fail("users.get.not-found", nil)
		return
	}
	d := &c.s.userData
	d.mu.Lock()
	if d.blocks == nil {
		d.blocks = map[string][]string{}
	}
	added := []string{}
	for _, n := range dedupe(names, owner) {
		if !contains(d.blocks[owner], n) {
			d.blocks[owner] = append(d.blocks[owner], n)
		}
		added = append(added, n)
	}
	d.mu.Unlock()
	env := c.envelope("post", nil)
	c.writeJSON(http.StatusOK, append(env, kv{"data", added}))
}

// listBlockedUsers answers GET /users/{username}/blocks/users: newest first,
// paged with pageSize (1-50) and cursor; without either, the newest 500
// (user_relationship.md).
func (c *call) listBlockedUsers() {
	owner := strings.ToLower(c.params["username"])
	if !c.existingUser(owner) {
		return
	}
	q := c.r.URL.Query()
	p := page{size: 500}
	if q.Has("pageSize") || q.Has("cursor") {
		p = page{size: 50, paged: true}
	}
	if v := q.Get("pageSize"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			c.writeError(http.StatusBadRequest, "illegal_argument", "java.lang.IllegalArgumentException", "pageSize must be a number from 1 to 50")
			return
		}
		p.size = min(n, 50)
	}
	if v := q.Get("cursor"); v != "" {
		b, err := base64.StdEncoding.DecodeString(v)
		n, err2 := strconv.Atoi(string(b))
		if err != nil || err2 != nil || n < 0 {
			c.writeError(http.StatusBadRequest, "illegal_argument", "java.lang.IllegalArgumentException", "cursor is not valid")
			return
		}
		p.offset = n
	}
	d := &c.s.userData
	d.mu.Lock()
	all := d.blocks[owner]
	newest := make([]string, len(all))
	for i, n := range all {
		newest[len(all)-1-i] = n
	}
	d.mu.Unlock()
	from, to, more := p.bounds(len(newest))
	env := c.envelope("get", nil)
	env = append(env, kv{"data", newest[from:to]}, kv{"count", to - from})
	if more && p.paged {
		env = append(env, kv{"cursor", base64.StdEncoding.EncodeToString([]byte(strconv.Itoa(to)))})
	}
	c.writeJSON(http.StatusOK, env)
}

// unblockUser answers DELETE /users/{username}/blocks/users/{blocked}.
func (c *call) unblockUser() {
	owner, blocked := strings.ToLower(c.params["username"]), strings.ToLower(c.params["blocked"])
	if !c.existingUser(owner) {
		return
	}
	c.s.mu.Lock()
	b := c.s.app.users[blocked]
	var entity orderedJSON
	if b != nil {
		entity = b.entity()
	}
	c.s.mu.Unlock()
	if b == nil {
		c.fail("users.get.not-found", nil)
		return
	}
	d := &c.s.userData
	d.mu.Lock()
	kept := d.blocks[owner][:0]
	for _, n := range d.blocks[owner] {
		if n != blocked {
			kept = append(kept, n)
		}
	}
	d.blocks[owner] = kept
	d.mu.Unlock()
	c.writeJSON(http.StatusOK, c.envelope("delete", []any{entity}))
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
