package refserver

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/imconform/imconform/harness/catalog"
)

func init() {
	implement(map[string]handler{
		"POST /chatgroups":                                       (*call).createGroup,
		"GET /chatgroups":                                        (*call).listGroups,
		"GET /chatgroups/{group_id}":                             (*call).getGroup,
		"PUT /chatgroups/{group_id}":                             (*call).modifyGroup,
		"DELETE /chatgroups/{group_id}":                          (*call).deleteGroup,
		"POST /chatgroups/{group_id}/users":                      (*call).addGroupMembers,
		"GET /chatgroups/{group_id}/users":                       (*call).listGroupMembers,
		"POST /chatgroups/{group_id}/users/{username}":           (*call).addGroupMember,
		"DELETE /chatgroups/{group_id}/users/{username}":         (*call).removeGroupMembers,
		"DELETE /chatgroups/{group_id}/users/{usernames}":        (*call).removeGroupMembers,
		"POST /chatgroups/{group_id}/blocks/users":               (*call).blockGroupMembers,
		"GET /chatgroups/{group_id}/blocks/users":                (*call).listGroupBlocks,
		"POST /chatgroups/{group_id}/blocks/users/{username}":    (*call).blockGroupMember,
		"DELETE /chatgroups/{group_id}/blocks/users/{username}":  (*call).unblockGroup,
		"DELETE /chatgroups/{group_id}/blocks/users/{usernames}": (*call).unblockGroup,
	})
}

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
	Avatar      string
	members     []string // joined order, owner excluded
	blocked     map[string]bool
	created     int64
	modified    int64
	seq         int64
	// The lists of group_lists.go; nil until first used.
	admins       map[string]bool
	muted        map[string]int64 // username: end of the mute, ms since the epoch (-1: for ever)
	allowed      map[string]bool  // the allow list (white list)
	tags         map[string][]string
	announcement string
	files        []*sharedFile
	allMuted     bool
	disabled     bool
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

// removeMember takes name out of the group, and with it every role and
// state membership carried: admin, mute, allow list and tags (the service
// keeps none of them for a non-member). The block list is not membership.
func (g *group) removeMember(name string) {
	for i, m := range g.members {
		if m == name {
			g.members = append(g.members[:i], g.members[i+1:]...)
			break
		}
	}
	delete(g.admins, name)
	delete(g.muted, name)
	delete(g.allowed, name)
	delete(g.tags, name)
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
	maxGroupAvatar       = 1024 // characters of the avatar URL
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

// groupMissing answers the not-found row of the path's group or chat room:
// every operation on one documents it (endpoints.tsv), in the edition's
// wording.
func (c *call) groupMissing(id string) func() {
	k := groupKindGroup
	if _, room := c.params["chatroom_id"]; room {
		k = groupKindRoom
	}
	return c.failing(k.notFoundRow, catalog.Vars{k.param: id})
}

// Errors of the group service that are not catalogue rows, with the
// captured wording (api-notes §5, §6).
const groupException = "com.easemob.group.exception."

// userMissing answers an unknown user: the operations whose table
// documents groups.members.batch-add-unknown answer it in the edition's
// wording; the others the captured form (api-notes §5).
func (c *call) userMissing(name string) func() {
	if slices.Contains(c.op.Rows, "groups.members.batch-add-unknown") {
		vars := catalog.Vars{"username": name}
		for _, p := range []string{"group_id", "chatroom_id"} {
			if id, ok := c.params[p]; ok {
				vars["group_id"] = id
			}
		}
		return c.failing("groups.members.batch-add-unknown", vars)
	}
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
	Avatar      string   `json:"avatar"`
	// GroupID is a custom group ID (newer documents; the key is a guess,
	// decisions.tsv groups.create.duplicate-id).
	GroupID string `json:"groupid"`
}

func (c *call) createGroup() {
	var req groupCreation
	if !c.readJSON(&req) {
		return
	}
	switch {
	case req.Public == nil:
		c.fail("groups.create.missing-public", nil)
		return
	case req.Owner == nil || *req.Owner == "":
		c.fail("groups.create.missing-field", catalog.Vars{"field": "owner"})
		return
	case req.GroupName == nil:
		c.invalidParameter("group must contain groupname field!")()
		return
	case len([]rune(req.Avatar)) > maxGroupAvatar:
		c.fail("groups.create.avatar-too-long", nil)
		return
	}
	if reply := c.moderate("groups.name.violation", *req.GroupName); reply != nil {
		reply()
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
		c.fail("groups.members.add-too-many", nil)
		return
	}
	c.locked(func(a *app) func() {
		if req.GroupID != "" && a.groups[req.GroupID] != nil {
			return c.failing("groups.create.duplicate-id", catalog.Vars{"group_id": req.GroupID})
		}
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
		id := req.GroupID
		if id == "" {
			id = a.newGroupID()
		} else {
			a.seq++
		}
		g := &group{ID: id, Name: *req.GroupName, Avatar: req.Avatar, Description: req.Description, Public: *req.Public,
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
		all := a.groupsInOrder(room)
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

// groupsInOrder lists the app's groups (or chat rooms), oldest first.
func (a *app) groupsInOrder(room bool) []*group {
	var all []*group
	for _, g := range a.groups {
		if g.room == room {
			all = append(all, g)
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].seq < all[j].seq })
	return all
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
		a.deleteGroupState(id)
		return c.ok("delete", orderedJSON{{"success", true}, {k.idKey, id}})
	})
}

// modifiableGroupFields may be set with PUT /chatgroups/{id}; "newowner"
// transfers the group (api-notes §5).
var modifiableGroupFields = map[string]bool{"groupname": true, "description": true, "maxusers": true,
	"membersonly": true, "allowinvites": true, "invite_need_confirm": true, "custom": true, "public": true, "newowner": true}

// invalidFields answers the invalid-field row naming the keys of fields
// that are not in allowed, or returns nil.
func (c *call) invalidFields(fields map[string]json.RawMessage, allowed map[string]bool, room bool) func() {
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
	text := strings.Replace(c.wording(id).Description, "[groupid]", javaList(bad), 1)
	if room && c.s.Edition() == catalog.EditionLive {
		// The chat-room pages print it in lower case (api-notes §6).
		if strings.HasPrefix(text, "S") {
			text = "s" + text[1:]
		}
	}
	return c.failingText(id, text)
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
		if reply := c.invalidFields(fields, modifiableGroupFields, false); reply != nil {
			return reply
		}
		if raw, ok := fields["newowner"]; ok {
			return c.transferGroup(a, g, raw)
		}
		if raw, ok := fields["groupname"]; ok {
			var name string
			json.Unmarshal(raw, &name)
			if reply := c.moderate("groups.name.violation", name); reply != nil {
				return reply
			}
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
	id, name := c.groupParam(room), strings.ToLower(c.param("usernames", "username"))
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
		c.fail(roomOrGroupRow(room, "members.add-too-many"), nil)
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
				return c.userMissing(n)
			}
			if !g.affiliated(n) && !g.blocked[n] {
				fresh = append(fresh, n)
			}
		}
		if g.size()+len(fresh) > g.MaxUsers {
			return c.failing("groups.members.add-too-many", nil)
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

// removeMembers answers DELETE /chatgroups/{id}/users/{u1,u2}: the owner
// cannot be removed, and every name must be a member (the legacy answer,
// api-notes §5: one 403 naming all non-members).
func (c *call) removeMembers(room bool) {
	id, names := c.groupParam(room), usernamesParam(c.param("usernames", "username"))
	if len(names) > maxGroupBatch {
		c.fail(roomOrGroupRow(room, "members.kick-too-many"), nil)
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
			a.removeFromGroup(g, n)
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

// --- block lists (groups and chat rooms) ---

func (c *call) blockGroupMember() {
	c.block(false, usernamesParam(c.param("usernames", "username")), false)
}
func (c *call) blockGroupMembers() { c.blockBatch(false) }
func (c *call) unblockGroup()      { c.unblock(false) }
func (c *call) listGroupBlocks()   { c.listBlocks(false) }

func (c *call) blockBatch(room bool) {
	names, ok := c.readUsernames()
	if !ok {
		return
	}
	c.block(room, names, true)
}

// block puts members on the block list, which removes them from the group
// and with it their admin, mute and allow-list state. The owner cannot be
// blocked, nor can a non-member (api-notes §5).
func (c *call) block(room bool, names []string, batch bool) {
	id := c.groupParam(room)
	if len(names) > maxGroupBatch {
		c.fail(roomOrGroupRow(room, "blocks.add-too-many"), nil)
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
		for _, n := range names {
			a.removeFromGroup(g, n)
			g.blocked[n] = true
		}
		results := memberResults(g, names, "add_blocks")
		if batch {
			return c.ok("post", results)
		}
		return c.ok("post", oneOrMany(results))
	})
}

// roomOrGroupRow is the catalogue row of a rule both kinds document, e.g.
// "blocks.add-too-many" as groups.blocks.add-too-many or chatrooms.….
func roomOrGroupRow(room bool, rule string) string {
	if room {
		return "chatrooms." + rule
	}
	return "groups." + rule
}

// unblock answers DELETE …/blocks/users/{u1,u2}; a name not on the list is
// reported per user, not as an error (guess: no capture).
func (c *call) unblock(room bool) {
	id, names := c.groupParam(room), usernamesParam(c.param("usernames", "username"))
	if len(names) > maxGroupBatch {
		c.fail(roomOrGroupRow(room, "blocks.remove-too-many"), nil)
		return
	}
	c.locked(func(a *app) func() {
		g := a.lookupGroup(id, room)
		if g == nil {
			return c.groupMissing(id)
		}
		var results []any
		for _, n := range names {
			r := orderedJSON{{"result", g.blocked[n]}, {"action", "remove_blocks"}, {"user", n}, {memberIDKey(room), id}}
			if !g.blocked[n] {
				r = append(r, kv{"reason", fmt.Sprintf("user %s is not in the block list", n)})
			}
			delete(g.blocked, n)
			results = append(results, r)
		}
		return c.ok("delete", oneOrMany(results))
	})
}

// listBlocks answers GET …/blocks/users.
func (c *call) listBlocks(room bool) {
	id := c.groupParam(room)
	c.locked(func(a *app) func() {
		g := a.lookupGroup(id, room)
		if g == nil {
			return c.groupMissing(id)
		}
		return c.ok("get", sortedKeys(g.blocked))
	})
}

func sortedKeys[V any](m map[string]V) []string {
	names := []string{}
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// firstGroupID starts a server's group IDs at a random 14-digit number, so
// IDs of one run do not recur in the next.
func firstGroupID() int64 {
	var b [4]byte
	rand.Read(b[:])
	return 60_000_000_000_000 + int64(binary.BigEndian.Uint32(b[:]))*1000
}
