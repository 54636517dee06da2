package refserver

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/imconform/imconform/harness/catalog"
)

// group is a chat group or a chat room: the real service keeps both in one
// store (its chat-room errors say "group"), and so does the reference.
type group struct {
	ID          string
	room        bool
	Name        string
	Description string
	Public      bool
	MembersOnly bool
	AllowInvite bool
	MaxUsers    int
	Custom      string
	Owner       string
	members     []string // joined order, owner excluded
	blocked     map[string]bool
	created     int64
	modified    int64
	seq         int64
}

func (g *group) isMember(name string) bool {
	for _, m := range g.members {
		if m == name {
			return true
		}
	}
	return false
}

// affiliated is the owner or a member.
func (g *group) affiliated(name string) bool { return name == g.Owner || g.isMember(name) }

func (g *group) removeMember(name string) {
	for i, m := range g.members {
		if m == name {
			g.members = append(g.members[:i], g.members[i+1:]...)
			return
		}
	}
}

func (g *group) size() int { return len(g.members) + 1 }

// detail is the entry of GET /chatgroups/{id} and GET /chatrooms/{id}.
func (g *group) detail() orderedJSON {
	aff := []any{}
	for _, m := range g.members {
		aff = append(aff, orderedJSON{{"member", m}})
	}
	aff = append(aff, orderedJSON{{"owner", g.Owner}})
	return orderedJSON{{"id", g.ID}, {"name", g.Name}, {"description", g.Description}, {"membersonly", g.MembersOnly},
		{"allowinvites", g.AllowInvite}, {"maxusers", g.MaxUsers}, {"owner", g.Owner}, {"created", g.created},
		{"custom", g.Custom}, {"affiliations_count", g.size()}, {"affiliations", aff}, {"public", g.Public}}
}

// Limits of the group API (api-notes §5, §9).
const (
	defaultGroupMaxUsers = 200
	maxGroupBatch        = 60
)

// joined counts the groups (not chat rooms) name owns or belongs to: the
// per-user quota counts every group a user is in (decisions.tsv).
func (a *app) joined(name string) int {
	n := 0
	for _, g := range a.groups {
		if !g.room && g.affiliated(name) {
			n++
		}
	}
	return n
}

func (a *app) countGroups(room bool) int {
	n := 0
	for _, g := range a.groups {
		if g.room == room {
			n++
		}
	}
	return n
}

// newGroupID returns a fresh numeric ID in the style of the real service
// (14 digits, time-ordered).
func (a *app) newGroupID() string {
	a.seq++
	a.lastGroupID += 1 + a.seq%7
	return strconv.FormatInt(a.lastGroupID, 10)
}

// locked runs decide under the server's lock and then the reply it returns,
// so no response is written while the lock is held.
func (c *call) locked(decide func(a *app) func()) {
	c.s.mu.Lock()
	reply := decide(c.s.app)
	c.s.mu.Unlock()
	reply()
}

// dataEnvelope is the group service's success envelope: the Usergrid one
// without "path", with the result under "data".
func (c *call) dataEnvelope(action string, data any) orderedJSON {
	var env orderedJSON
	for _, p := range c.envelope(action, nil) {
		if p.k != "path" {
			env = append(env, p)
		}
	}
	return append(env, kv{"data", data})
}

func (c *call) ok(action string, data any) func() {
	return func() { c.writeJSON(http.StatusOK, c.dataEnvelope(action, data)) }
}

// Errors of the group service that are not catalogue rows, with the
// captured wording (api-notes §5, §6).
const groupException = "com.easemob.group.exception."

func (c *call) groupMissing(id string) func() {
	return func() {
		c.writeError(http.StatusNotFound, "resource_not_found", groupException+"ResourceNotFoundException", fmt.Sprintf("grpID %s does not exist!", id))
	}
}

func (c *call) userMissing(name string) func() {
	return func() {
		c.writeError(http.StatusNotFound, "resource_not_found", groupException+"ResourceNotFoundException", fmt.Sprintf("username %s doesn't exist!", name))
	}
}

func (c *call) invalidParameter(text string) func() {
	return func() {
		c.writeError(http.StatusBadRequest, "invalid_parameter", groupException+"InvalidParameterException", text)
	}
}

func (c *call) forbiddenOp(text string) func() {
	return func() {
		c.writeError(http.StatusForbidden, "forbidden_op", groupException+"ForbiddenOpException", text)
	}
}

func (c *call) failing(id string, vars catalog.Vars) func() { return func() { c.fail(id, vars) } }

func (c *call) failingText(id, text string) func() { return func() { c.failText(id, text) } }

// lookupGroup finds the group or chat room of the path parameter.
func (a *app) lookupGroup(id string, room bool) *group {
	if g := a.groups[id]; g != nil && g.room == room {
		return g
	}
	return nil
}

// usernamesParam splits a {usernames} path segment ("u1,u2").
func usernamesParam(s string) []string {
	var out []string
	for _, n := range strings.Split(s, ",") {
		if n = strings.ToLower(strings.TrimSpace(n)); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// javaList renders names as Java prints a list: [a, b].
func javaList(names []string) string { return "[" + strings.Join(names, ", ") + "]" }

// usernamesBody is the body of the batch member and block-list calls.
type usernamesBody struct {
	Usernames []string `json:"usernames"`
}

func (c *call) readUsernames() ([]string, bool) {
	var b usernamesBody
	if !c.readJSON(&b) {
		return nil, false
	}
	var names []string
	for _, n := range b.Usernames {
		names = append(names, strings.ToLower(n))
	}
	if len(names) == 0 {
		c.invalidParameter("usernames must be provided")()
		return nil, false
	}
	return names, true
}

// --- groups ---

// groupCreation is the body of POST /chatgroups. Pointers tell an absent key
// from a zero value.
type groupCreation struct {
	GroupName   *string  `json:"groupname"`
	Description string   `json:"description"`
	Public      *bool    `json:"public"`
	MaxUsers    *int     `json:"maxusers"`
	MembersOnly bool     `json:"members_only"`
	AllowInvite bool     `json:"allowinvites"`
	Custom      string   `json:"custom"`
	Owner       *string  `json:"owner"`
	Members     []string `json:"members"`
}

func (c *call) createGroup() {
	var req groupCreation
	if !c.readJSON(&req) {
		return
	}
	switch {
	case req.Public == nil:
		c.invalidParameter("group must contain public field!")()
		return
	case req.Owner == nil || *req.Owner == "":
		c.invalidParameter("owner must be provided")()
		return
	case req.GroupName == nil:
		c.invalidParameter("group must contain groupname field!")()
		return
	}
	maxUsers := defaultGroupMaxUsers
	if req.MaxUsers != nil {
		maxUsers = *req.MaxUsers
	}
	if maxUsers < 1 {
		c.invalidParameter("maxusers must be greater than 0")()
		return
	}
	owner := strings.ToLower(*req.Owner)
	members := dedupe(req.Members, owner)
	if len(members)+1 > maxUsers {
		c.writeError(http.StatusForbidden, "exceed_limit", groupException+"ExceedLimitException", "members size is greater than max user size !")
		return
	}
	c.locked(func(a *app) func() {
		for _, n := range append([]string{owner}, members...) {
			if a.users[n] == nil {
				return c.userMissing(n)
			}
		}
		if limit := c.s.opts.Limits.GroupsPerApp; limit > 0 && a.countGroups(false) >= limit {
			return c.failing("groups.create.app-quota", catalog.Vars{"appkey": a.org + "#" + a.name})
		}
		if reply := c.checkUserQuota(a, append([]string{owner}, members...)); reply != nil {
			return reply
		}
		now := c.start.UnixMilli()
		g := &group{ID: a.newGroupID(), Name: *req.GroupName, Description: req.Description, Public: *req.Public,
			MembersOnly: req.MembersOnly, AllowInvite: req.AllowInvite, MaxUsers: maxUsers, Custom: req.Custom,
			Owner: owner, members: members, blocked: map[string]bool{}, created: now, modified: now, seq: a.seq}
		a.groups[g.ID] = g
		return c.ok("post", orderedJSON{{"groupid", g.ID}})
	})
}

// checkUserQuota answers the per-user quota row for the first of names that
// has already joined the most groups a user may join; nil when none has.
func (c *call) checkUserQuota(a *app, names []string) func() {
	limit := c.s.opts.Limits.GroupsPerUser
	if limit <= 0 {
		return nil
	}
	for _, n := range names {
		if a.joined(n) >= limit {
			return c.failing("groups.members.user-quota", catalog.Vars{"username": n})
		}
	}
	return nil
}

// dedupe lower-cases names and drops repeats and skip.
func dedupe(names []string, skip string) []string {
	seen := map[string]bool{skip: true}
	var out []string
	for _, n := range names {
		n = strings.ToLower(n)
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

// listGroups answers GET /chatgroups: the app's groups, oldest first, paged
// with limit (default 10, at most 1000) and cursor (group_manage.md,
// chatroom_manage.md). Chat rooms also take pagenum + pagesize, as the
// client SDKs send (decisions.tsv).
func (c *call) listGroups() { c.listGroupsOf(false) }

func (c *call) listGroupsOf(room bool) {
	const def, max = 10, 1000
	q := c.r.URL.Query()
	numbered := room && (q.Has("pagenum") || q.Has("pagesize"))
	var p page
	var problem string
	if numbered {
		p, problem = c.numberedPage(1, def, max)
	} else {
		p, problem = c.cursorPage(def, max)
	}
	if problem != "" {
		c.invalidParameter(problem)()
		return
	}
	c.locked(func(a *app) func() {
		var all []*group
		for _, g := range a.groups {
			if g.room == room {
				all = append(all, g)
			}
		}
		sort.Slice(all, func(i, j int) bool { return all[i].seq < all[j].seq })
		from, to, more := p.bounds(len(all))
		data := []any{}
		for _, g := range all[from:to] {
			if room {
				data = append(data, orderedJSON{{"id", g.ID}, {"name", g.Name}, {"owner", g.Owner}, {"affiliations_count", g.size()}})
			} else {
				data = append(data, orderedJSON{{"owner", a.org + "#" + a.name + "_" + g.Owner}, {"groupid", g.ID},
					{"affiliations", g.size()}, {"type", "group"}, {"last_modified", strconv.FormatInt(g.modified, 10)}, {"groupname", g.Name}})
			}
		}
		env := c.dataEnvelope("get", data)
		if numbered {
			env = append(env, kv{"params", c.pageParams("pagenum", "pagesize")})
		}
		env = append(env, kv{"count", len(data)})
		if more && !numbered {
			env = append(env, kv{"cursor", strconv.Itoa(to)})
		}
		return func() { c.writeJSON(http.StatusOK, env) }
	})
}

// groupKind is what tells groups and chat rooms apart; they share one store.
type groupKind struct {
	room        bool
	param       string // the path parameter naming it, also the row's placeholder
	notFoundRow string
	idKey       string // the ID's key in a delete answer
}

var (
	groupKindGroup = groupKind{room: false, param: "group_id", notFoundRow: "groups.get.not-found", idKey: "groupid"}
	groupKindRoom  = groupKind{room: true, param: "chatroom_id", notFoundRow: "chatrooms.get.not-found", idKey: "id"}
)

func (c *call) getGroup() { c.getGroupOf(groupKindGroup) }

func (c *call) getGroupOf(k groupKind) {
	id := c.params[k.param]
	c.locked(func(a *app) func() {
		g := a.lookupGroup(id, k.room)
		if g == nil {
			return c.failing(k.notFoundRow, catalog.Vars{k.param: id})
		}
		return c.ok("get", []any{g.detail()})
	})
}

func (c *call) deleteGroup() { c.deleteGroupOf(groupKindGroup) }

func (c *call) deleteGroupOf(k groupKind) {
	id := c.params[k.param]
	c.locked(func(a *app) func() {
		if a.lookupGroup(id, k.room) == nil {
			return c.groupMissing(id)
		}
		delete(a.groups, id)
		return c.ok("delete", orderedJSON{{"success", true}, {k.idKey, id}})
	})
}

// modifiableGroupFields may be set with PUT /chatgroups/{id}; "newowner"
// transfers the group (api-notes §5).
var modifiableGroupFields = map[string]bool{"groupname": true, "description": true, "maxusers": true,
	"membersonly": true, "allowinvites": true, "invite_need_confirm": true, "custom": true, "public": true, "newowner": true}

// invalidFields answers the invalid-field row naming the keys of fields
// that are not in allowed, or returns nil.
func (c *call) invalidFields(fields map[string]json.RawMessage, allowed map[string]bool) func() {
	var bad []string
	for k := range fields {
		if !allowed[k] {
			bad = append(bad, k)
		}
	}
	if len(bad) == 0 {
		return nil
	}
	sort.Strings(bad)
	// The row's wording with the keys actually sent in place of its example.
	const id = "groups.modify.invalid-field"
	return c.failingText(id, strings.Replace(c.wording(id).Description, "[groupid]", javaList(bad), 1))
}

func (c *call) modifyGroup() {
	id := c.params["group_id"]
	var fields map[string]json.RawMessage
	if !c.readJSON(&fields) {
		return
	}
	c.locked(func(a *app) func() {
		g := a.lookupGroup(id, false)
		if g == nil {
			return c.groupMissing(id)
		}
		if reply := c.invalidFields(fields, modifiableGroupFields); reply != nil {
			return reply
		}
		if raw, ok := fields["newowner"]; ok {
			return c.transferGroup(a, g, raw)
		}
		return c.applyModification(g, fields, map[string]string{"groupname": "groupname"})
	})
}

// applyModification sets the fields of a group or chat room; names maps the
// body's name field ("groupname" or "name").
func (c *call) applyModification(g *group, fields map[string]json.RawMessage, names map[string]string) func() {
	result := orderedJSON{}
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		raw := fields[k]
		var err error
		switch {
		case names[k] != "":
			err = json.Unmarshal(raw, &g.Name)
		case k == "description":
			err = json.Unmarshal(raw, &g.Description)
		case k == "custom":
			err = json.Unmarshal(raw, &g.Custom)
		case k == "maxusers":
			var n int
			if err = json.Unmarshal(raw, &n); err == nil {
				if n < g.size() {
					return c.forbiddenOp("current user count is larger than the maxUsers that you want to update !")
				}
				g.MaxUsers = n
			}
		case k == "membersonly":
			err = json.Unmarshal(raw, &g.MembersOnly)
		case k == "allowinvites":
			err = json.Unmarshal(raw, &g.AllowInvite)
		case k == "public":
			err = json.Unmarshal(raw, &g.Public)
		}
		if err != nil {
			return c.invalidParameter(fmt.Sprintf("%s has the wrong type: %s", k, string(raw)))
		}
		result = append(result, kv{k, true})
	}
	g.modified = c.start.UnixMilli()
	return c.ok("put", result)
}

func (c *call) transferGroup(a *app, g *group, raw json.RawMessage) func() {
	var newOwner string
	if err := json.Unmarshal(raw, &newOwner); err != nil || newOwner == "" {
		return c.invalidParameter("newowner must be a username")
	}
	newOwner = strings.ToLower(newOwner)
	switch {
	case newOwner == g.Owner:
		return c.failing("groups.transfer.same-owner", nil)
	case !g.isMember(newOwner):
		return c.failing("groups.transfer.not-member", catalog.Vars{"username": newOwner, "group_id": g.ID})
	}
	g.removeMember(newOwner)
	g.members = append(g.members, g.Owner)
	g.Owner = newOwner
	g.modified = c.start.UnixMilli()
	return c.ok("put", orderedJSON{{"newowner", true}})
}

// memberIDKey is how member answers name the group: groups say "groupid",
// chat rooms "id" (api-notes §5, §6).
func memberIDKey(room bool) string {
	if room {
		return "id"
	}
	return "groupid"
}

func alreadyMemberRow(room bool) (id, idVar string) {
	if room {
		return "chatrooms.members.already-member", "chatroom_id"
	}
	return "groups.members.already-member", "group_id"
}

func notMemberRow(room bool) string {
	if room {
		return "chatrooms.members.not-member"
	}
	return "groups.members.not-member"
}

func (c *call) groupParam(room bool) string {
	if room {
		return c.params["chatroom_id"]
	}
	return c.params["group_id"]
}

// addMember answers POST /chatgroups/{id}/users/{username} and the chat
// room equivalent.
func (c *call) addMember(room bool) {
	id, name := c.groupParam(room), strings.ToLower(c.params["usernames"])
	c.locked(func(a *app) func() {
		g := a.lookupGroup(id, room)
		switch {
		case g == nil:
			return c.groupMissing(id)
		case a.users[name] == nil:
			return c.userMissing(name)
		case g.affiliated(name):
			row, idVar := alreadyMemberRow(room)
			return c.failing(row, catalog.Vars{"username": name, idVar: id})
		case g.blocked[name]:
			return c.forbiddenOp(fmt.Sprintf("user %s is in the block list of group %s", name, id))
		case g.size() >= g.MaxUsers:
			return c.forbiddenOp("can not join this group, reason:group members has reached max user size")
		}
		if !room {
			if reply := c.checkUserQuota(a, []string{name}); reply != nil {
				return reply
			}
		}
		g.members = append(g.members, name)
		if room {
			return c.ok("post", orderedJSON{{"result", true}, {"action", "add_member"}, {"id", id}, {"user", name}})
		}
		return c.ok("post", orderedJSON{{"result", true}, {"action", "add_member"}, {"user", name}, {"groupid", id}})
	})
}

// addMembers answers the batch add, POST /chatgroups/{id}/users
// {"usernames":[...]}; members already in are left out of "newmembers".
func (c *call) addMembers(room bool) {
	id := c.groupParam(room)
	names, ok := c.readUsernames()
	if !ok {
		return
	}
	if len(names) > maxGroupBatch {
		c.invalidParameter(fmt.Sprintf("addMembers: addMembers number more than maxSize : %d", maxGroupBatch))()
		return
	}
	c.locked(func(a *app) func() {
		g := a.lookupGroup(id, room)
		if g == nil {
			return c.groupMissing(id)
		}
		var fresh []string
		for _, n := range dedupe(names, "") {
			if a.users[n] == nil {
				if room {
					return c.userMissing(n)
				}
				return c.failing("groups.members.batch-add-unknown", catalog.Vars{"username": n, "group_id": id})
			}
			if !g.affiliated(n) && !g.blocked[n] {
				fresh = append(fresh, n)
			}
		}
		if g.size()+len(fresh) > g.MaxUsers {
			return c.writeErrorLater(http.StatusForbidden, "exceed_limit", groupException+"ExceedLimitException", "members size is greater than max user size !")
		}
		if !room {
			if reply := c.checkUserQuota(a, fresh); reply != nil {
				return reply
			}
		}
		g.members = append(g.members, fresh...)
		if fresh == nil {
			fresh = []string{}
		}
		return c.ok("post", orderedJSON{{"newmembers", fresh}, {memberIDKey(room), id}, {"action", "add_member"}})
	})
}

func (c *call) writeErrorLater(status int, errType, exception, text string) func() {
	return func() { c.writeError(status, errType, exception, text) }
}

// removeMembers answers DELETE /chatgroups/{id}/users/{u1,u2}: the owner
// cannot be removed, and every name must be a member (the legacy answer,
// api-notes §5: one 403 naming all non-members).
func (c *call) removeMembers(room bool) {
	id, names := c.groupParam(room), usernamesParam(c.params["usernames"])
	if len(names) > maxGroupBatch {
		c.invalidParameter(fmt.Sprintf("kickMember: kickMembers number more than maxSize : %d", maxGroupBatch))()
		return
	}
	c.locked(func(a *app) func() {
		g := a.lookupGroup(id, room)
		if g == nil {
			return c.groupMissing(id)
		}
		if reply := c.ownerOrNonMembers(g, names); reply != nil {
			return reply
		}
		results := memberResults(g, names, "remove_member")
		for _, n := range names {
			g.removeMember(n)
		}
		return c.ok("delete", oneOrMany(results))
	})
}

// ownerOrNonMembers answers the owner row when names include the owner, and
// the not-member row when some are not members; nil otherwise.
func (c *call) ownerOrNonMembers(g *group, names []string) func() {
	var outsiders []string
	for _, n := range names {
		if n == g.Owner {
			if g.room {
				return c.forbiddenOp("forbidden operation on group owner!")
			}
			return c.failing("groups.owner-forbidden", nil)
		}
		if !g.isMember(n) {
			outsiders = append(outsiders, n)
		}
	}
	switch {
	case len(outsiders) == 1:
		return c.failing(notMemberRow(g.room), catalog.Vars{"username": outsiders[0]})
	case len(outsiders) > 1:
		return c.failingText(notMemberRow(g.room), fmt.Sprintf("users %s are not members of this group!", javaList(outsiders)))
	}
	return nil
}

func memberResults(g *group, names []string, action string) []any {
	var out []any
	for _, n := range names {
		r := orderedJSON{{"result", true}, {"action", action}, {"user", n}, {memberIDKey(g.room), g.ID}}
		out = append(out, r)
	}
	return out
}

// oneOrMany is how the real service answers a name list: an object for one
// name, an array for several.
func oneOrMany(results []any) any {
	if len(results) == 1 {
		return results[0]
	}
	return results
}

// listMembers answers GET /chatgroups/{id}/users and the chat-room
// equivalent: the owner first, then members in joined order, paged with
// pagenum (from 1) and pagesize (default and most 1000; group_member.md,
// chatroom_member.md).
func (c *call) listMembers(room bool) {
	id := c.groupParam(room)
	p, problem := c.numberedPage(1, 1000, 1000)
	if problem != "" {
		c.invalidParameter(problem)()
		return
	}
	c.locked(func(a *app) func() {
		g := a.lookupGroup(id, room)
		if g == nil {
			return c.groupMissing(id)
		}
		all := []any{orderedJSON{{"owner", g.Owner}}}
		for _, m := range g.members {
			all = append(all, orderedJSON{{"member", m}})
		}
		from, to, _ := p.bounds(len(all))
		data := all[from:to]
		env := c.dataEnvelope("get", data)
		if p.paged {
			env = append(env, kv{"params", c.pageParams("pagenum", "pagesize")})
		}
		env = append(env, kv{"count", len(data)})
		return func() { c.writeJSON(http.StatusOK, env) }
	})
}

func (c *call) addGroupMember()     { c.addMember(false) }
func (c *call) addGroupMembers()    { c.addMembers(false) }
func (c *call) removeGroupMembers() { c.removeMembers(false) }
func (c *call) listGroupMembers()   { c.listMembers(false) }

// --- group block list ---

func (c *call) blockMember() {
	c.block(usernamesParam(c.params["usernames"]), false)
}

func (c *call) blockMembers() {
	names, ok := c.readUsernames()
	if !ok {
		return
	}
	c.block(names, true)
}

// block puts members on the group's block list, which removes them from the
// group. The owner cannot be blocked, nor can a non-member (api-notes §5).
func (c *call) block(names []string, batch bool) {
	id := c.params["group_id"]
	if len(names) > maxGroupBatch {
		c.invalidParameter(fmt.Sprintf("userNames is more than max limit : %d", maxGroupBatch))()
		return
	}
	c.locked(func(a *app) func() {
		g := a.lookupGroup(id, false)
		if g == nil {
			return c.groupMissing(id)
		}
		if reply := c.ownerOrNonMembers(g, names); reply != nil {
			return reply
		}
		for _, n := range names {
			g.removeMember(n)
			g.blocked[n] = true
		}
		results := memberResults(g, names, "add_blocks")
		if batch {
			return c.ok("post", results)
		}
		return c.ok("post", oneOrMany(results))
	})
}

// unblock answers DELETE /chatgroups/{id}/blocks/users/{u1,u2}; a name not
// on the list is reported per user, not as an error (guess: no capture).
func (c *call) unblock() {
	id, names := c.params["group_id"], usernamesParam(c.params["usernames"])
	c.locked(func(a *app) func() {
		g := a.lookupGroup(id, false)
		if g == nil {
			return c.groupMissing(id)
		}
		var results []any
		for _, n := range names {
			r := orderedJSON{{"result", g.blocked[n]}, {"action", "remove_blocks"}, {"user", n}, {"groupid", id}}
			if !g.blocked[n] {
				r = append(r, kv{"reason", fmt.Sprintf("user %s is not in the block list", n)})
			}
			delete(g.blocked, n)
			results = append(results, r)
		}
		return c.ok("delete", oneOrMany(results))
	})
}

// listBlocks answers GET /chatgroups/{id}/blocks/users.
func (c *call) listBlocks() {
	id := c.params["group_id"]
	c.locked(func(a *app) func() {
		g := a.lookupGroup(id, false)
		if g == nil {
			return c.groupMissing(id)
		}
		names := []string{}
		for n := range g.blocked {
			names = append(names, n)
		}
		sort.Strings(names)
		return c.ok("get", names)
	})
}

// firstGroupID starts a server's group IDs at a random 14-digit number, so
// IDs of one run do not recur in the next.
func firstGroupID() int64 {
	var b [4]byte
	rand.Read(b[:])
	return 60_000_000_000_000 + int64(binary.BigEndian.Uint32(b[:]))*1000
}
