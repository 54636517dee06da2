package refserver

import (
	"encoding/base64"
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// Contacts and the block list (easemob-doc-v2 user_relationship.md).
// Contacts are mutual: adding B to A's contacts adds A to B's, and each
// counts against both users' contact limit (profile contacts_per_user).

func init() {
	implement(map[string]handler{
		"POST /users/{username}/contacts/users/{friend_username}":   (*call).addContact,
		"DELETE /users/{username}/contacts/users/{friend_username}": (*call).removeContact,
		"PUT /user/{username}/contacts/users/{friend_username}":     (*call).remarkContact,
		"GET /users/{username}/contacts/users":                      (*call).listAllContacts,
		"GET /user/{username}/contacts":                             (*call).listContacts,
		"POST /users/{username}/contacts/import":                    (*call).importContacts,
		"POST /users/{username}/blocks/users":                       (*call).blockUsers,
		"GET /users/{username}/blocks/users":                        (*call).listBlocked,
		"DELETE /users/{username}/blocks/users/{blocked_username}":  (*call).unblockUser,
	})
}

// Fixed limits of the contact APIs (the rows' texts): pages of at most 50
// contacts, at most 10 usernames per import.
const (
	maxContactPage   = 50
	maxContactImport = 10
)

// forgetContact removes a deleted user from every contact and block list;
// s.mu is held.
func (a *app) forgetContact(name string) {
	for _, u := range a.users {
		delete(u.contacts, name)
		delete(u.blocked, name)
	}
}

func (u *user) befriend(other *user) {
	if u.contacts == nil {
		u.contacts = map[string]string{}
	}
	if other.contacts == nil {
		other.contacts = map[string]string{}
	}
	if _, ok := u.contacts[other.Username]; !ok {
		u.contacts[other.Username] = ""
	}
	if _, ok := other.contacts[u.Username]; !ok {
		other.contacts[u.Username] = ""
	}
}

// atContactLimit reports whether u may take no further contact.
func (c *call) atContactLimit(u *user, adding int) bool {
	limit := c.s.opts.Limits.ContactsPerUser
	return limit > 0 && len(u.contacts)+adding > limit
}

// userPair looks up the path's user and friend under s.mu; either missing is
// the user system's not-found row, answered by the caller.
func (c *call) userPair(friendParam string) (*user, *user) {
	a := c.s.app
	return a.users[c.pathUser()], a.users[strings.ToLower(c.params[friendParam])]
}

func (c *call) addContact() {
	c.s.mu.Lock()
	u, friend := c.userPair("friend_username")
	fail := ""
	switch {
	case u == nil || friend == nil:
		fail = "users.get.not-found"
	case hasContact(u, friend.Username):
		// already contacts: nothing to add
	case c.atContactLimit(u, 1):
		fail = "contacts.add.contact-limit"
	case c.atContactLimit(friend, 1):
		fail = "contacts.add.invitee-limit"
	default:
		u.befriend(friend)
	}
	var entity orderedJSON
	if fail == "" {
		entity = friend.entity()
	}
	c.s.mu.Unlock()
	if fail != "" {
		c.fail(fail, nil)
		return
	}
	c.writeJSON(http.StatusOK, c.envelope("post", []any{entity}))
}

func hasContact(u *user, name string) bool {
	_, ok := u.contacts[name]
	return ok
}

func (c *call) removeContact() {
	c.onUserPair("friend_username", func(u, friend *user) {
		delete(u.contacts, friend.Username)
		delete(friend.contacts, u.Username)
	})
}

// onUserPair runs change, under the app's lock, on the path's user and the
// user the path parameter param names, and answers a delete with the
// latter's entity; either missing answers users.get.not-found.
func (c *call) onUserPair(param string, change func(u, other *user)) {
	c.s.mu.Lock()
	u, other := c.userPair(param)
	var entity orderedJSON
	if u != nil && other != nil {
		change(u, other)
		entity = other.entity()
	}
	c.s.mu.Unlock()
	if entity == nil {
		c.fail("users.get.not-found", nil)
		return
	}
	c.writeJSON(http.StatusOK, c.envelope("delete", []any{entity}))
}

func (c *call) remarkContact() {
	var body struct {
		Remark string `json:"remark"`
	}
	if !c.readJSON(&body) {
		return
	}
	c.s.mu.Lock()
	u, friend := c.userPair("friend_username")
	fail := ""
	switch {
	case u == nil || friend == nil:
		fail = "users.get.not-found"
	case !hasContact(u, friend.Username):
		fail = "contacts.remark.not-friends"
	default:
		u.contacts[friend.Username] = body.Remark
	}
	c.s.mu.Unlock()
	if fail != "" {
		c.fail(fail, nil)
		return
	}
	c.actionData("put", orderedJSON{{"result", "ok"}})
}

// sortedContacts lists u's contacts by name; s.mu is held.
func sortedContacts(u *user) []string {
	names := make([]string, 0, len(u.contacts))
	for n := range u.contacts {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func (c *call) listAllContacts() {
	var names []string
	if !c.withUser("users.get.not-found", func(u *user) { names = sortedContacts(u) }) {
		return
	}
	c.writeJSON(http.StatusOK, orderedJSON{{"action", "get"}, {"uri", "http://" + c.r.Host + c.r.URL.Path},
		{"entities", []any{}}, {"data", names}, {"timestamp", c.start.UnixMilli()}, {"duration", 0}, {"count", len(names)}})
}

// listContacts is the paged list: limit 1-50 (10 by default) and an opaque
// cursor; needReturnRemark=true adds the remarks.
func (c *call) listContacts() {
	limit, ok := c.limitParam("limit", 10, maxContactPage, "contacts.list.limit-too-large",
		func() { c.illegalArgument("getContacts | page size must be a number from 1 to 50") })
	if !ok {
		return
	}
	offset, ok := c.cursorParam(base64.RawURLEncoding, func() { c.illegalArgument("getContacts | cursor is not valid") })
	if !ok {
		return
	}
	withRemark := c.r.URL.Query().Get("needReturnRemark") == "true"
	var list []orderedJSON
	next := ""
	if !c.withUser("users.get.not-found", func(u *user) {
		names := sortedContacts(u)
		for i := offset; i < len(names) && len(list) < limit; i++ {
			e := orderedJSON{{"username", names[i]}}
			if withRemark {
				e = append(e, kv{"remark", u.contacts[names[i]]})
			}
			list = append(list, e)
		}
		if offset+limit < len(names) {
			next = nextCursor(offset + limit)
		}
	}) {
		return
	}
	if list == nil {
		list = []orderedJSON{}
	}
	c.actionData("get", orderedJSON{{"contacts", list}, {"cursor", next}})
}

func (c *call) importContacts() {
	names, ok := c.usernamesBody()
	if !ok {
		return
	}
	if len(names) > maxContactImport {
		c.fail("contacts.import.too-many", nil)
		return
	}
	c.s.mu.Lock()
	a := c.s.app
	u := a.users[c.pathUser()]
	fail := ""
	var success []string
	failed := orderedJSON{}
	if u == nil {
		fail = "users.get.not-found"
	} else {
		var fresh []*user
		for _, n := range names {
			other := a.users[strings.ToLower(n)]
			switch {
			case other == nil:
				failed = append(failed, kv{n, "user not exist"})
			case other == u:
				failed = append(failed, kv{n, "can not add yourself"})
			case !hasContact(u, other.Username):
				fresh = append(fresh, other)
			default:
				success = append(success, other.Username)
			}
		}
		if len(fresh) > 0 && c.atContactLimit(u, len(fresh)) {
			fail = "contacts.import.inviter-limit"
		} else {
			for _, other := range fresh {
				if c.atContactLimit(other, 1) {
					failed = append(failed, kv{other.Username, "Invitee's contact max count"})
					continue
				}
				u.befriend(other)
				success = append(success, other.Username)
			}
		}
	}
	c.s.mu.Unlock()
	if fail != "" {
		c.fail(fail, nil)
		return
	}
	if success == nil {
		success = []string{}
	}
	c.actionData("post", orderedJSON{{"success", success}, {"fail", failed}})
}

func (c *call) blockUsers() {
	names, ok := c.usernamesBody()
	if !ok {
		return
	}
	var done []string
	if !c.withUser("users.get.not-found", func(u *user) {
		if u.blocked == nil {
			u.blocked = map[string]int64{}
		}
		for _, n := range names {
			n = strings.ToLower(n)
			if c.s.app.users[n] != nil && n != u.Username {
				if _, already := u.blocked[n]; !already {
					c.s.app.seq++
					u.blocked[n] = c.s.app.seq
				}
				done = append(done, n)
			}
		}
	}) {
		return
	}
	if done == nil {
		done = []string{}
	}
	c.actionData("post", done)
}

// listBlocked answers GET /users/{username}/blocks/users: newest first,
// paged with pageSize (1-50) and cursor; without either, the newest 500
// (user_relationship.md).
func (c *call) listBlocked() {
	q := c.r.URL.Query()
	p := page{size: 500}
	if q.Has("pageSize") || q.Has("cursor") {
		p = page{size: 50, paged: true}
	}
	var ok bool
	if p.size, ok = c.limitParam("pageSize", p.size, 50, "", func() { c.illegalArgument("pageSize must be a number from 1 to 50") }); !ok {
		return
	}
	if p.offset, ok = c.cursorParam(base64.StdEncoding, func() { c.illegalArgument("cursor is not valid") }); !ok {
		return
	}
	var names []string
	if !c.withUser("users.get.not-found", func(u *user) {
		for n := range u.blocked {
			names = append(names, n)
		}
		sort.Slice(names, func(i, j int) bool { return u.blocked[names[i]] > u.blocked[names[j]] })
	}) {
		return
	}
	from, to, more := p.bounds(len(names))
	shown := append([]string{}, names[from:to]...)
	env := orderedJSON{{"action", "get"}, {"data", shown}, {"timestamp", c.start.UnixMilli()}, {"duration", 0}, {"count", len(shown)}}
	if more && p.paged {
		env = append(env, kv{"cursor", base64.StdEncoding.EncodeToString([]byte(strconv.Itoa(to)))})
	}
	c.writeJSON(http.StatusOK, env)
}

func (c *call) unblockUser() {
	c.onUserPair("blocked_username", func(u, other *user) { delete(u.blocked, other.Username) })
}
