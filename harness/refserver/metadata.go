package refserver

import (
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/profile"
)

// Custom attributes (easemob-doc-v2 userprofile.md, group_member_attributes
// .md, chatroom_attributes.md): user attributes live on the user and die
// with it; group-member and chat-room attributes are kept per group or room
// here (their group or room dies with the spec that made it).

func init() {
	implement(map[string]handler{
		"PUT /metadata/user/{username}":    (*call).setUserMetadata,
		"GET /metadata/user/{username}":    (*call).getUserMetadata,
		"DELETE /metadata/user/{username}": (*call).deleteUserMetadata,
		"POST /metadata/user/get":          (*call).batchGetUserMetadata,
		"GET /metadata/user/capacity":      (*call).userMetadataCapacity,

		"PUT /metadata/chatgroup/{group_id}/user/{username}": (*call).setMemberMetadata,
		"GET /metadata/chatgroup/{group_id}/user/{username}": (*call).getMemberMetadata,
		"PUT /metadata/chatgroup/{group_id}/users/batch":     (*call).batchSetMemberMetadata,
		"POST /metadata/chatgroup/{group_id}/get":            (*call).batchGetMemberMetadata,

		"PUT /metadata/chatroom/{chatroom_id}/user/{username}":           (*call).setRoomMetadata,
		"PUT /metadata/chatroom/{chatroom_id}/user/{username}/forced":    (*call).forceSetRoomMetadata,
		"DELETE /metadata/chatroom/{chatroom_id}/user/{username}":        (*call).deleteRoomMetadata,
		"DELETE /metadata/chatroom/{chatroom_id}/user/{username}/forced": (*call).forceDeleteRoomMetadata,
		"POST /metadata/chatroom/{chatroom_id}":                          (*call).getRoomMetadata,
	})
}

// userTokenAccepted are the attribute operations a user token may call:
// the handlers answer a token of another user (metadata.user.auth-error)
// and a user token asking for the app's capacity
// (metadata.user.capacity-needs-app-token) themselves.
var userTokenAccepted = map[string]bool{
	"GET /{org}/{app}/metadata/user/capacity":      true,
	"GET /{org}/{app}/metadata/user/{username}":    true,
	"PUT /{org}/{app}/metadata/user/{username}":    true,
	"DELETE /{org}/{app}/metadata/user/{username}": true,
	"POST /{org}/{app}/metadata/user/get":          true,
}

// ownAttributes answers metadata.user.auth-error when the call carries the
// user token of another user than the path's; true when it may go on.
func (c *call) ownAttributes() bool {
	if c.token != nil && c.token.user != "" && c.token.user != c.pathUser() {
		c.fail("metadata.user.auth-error", nil)
		return false
	}
	return true
}

// Fixed attribute limits of the documents (the rows' texts): 100 users per
// batch get of user attributes; member attributes with keys of at most 16
// bytes and values of at most 512, 20 members per batch set, 10 per batch
// get; 10 chat-room keys per call.
const (
	maxUserMetadataBatch   = 100
	maxMemberKeyBytes      = 16
	maxMemberValueBytes    = 512
	maxMemberBatchSet      = 20
	maxMemberBatchGet      = 10
	maxRoomMetadataKeys    = 10
	maxNicknameColumnBytes = 64
)

// metadataColumns are the user attributes stored in a column of their own,
// with its size (metadata.user.column-too-long; only the nickname's size is
// documented).
var metadataColumns = map[string]int{"nickname": maxNicknameColumnBytes}

// metadataStore holds member attributes (group → member → key → value) and
// chat-room attributes (room → key → entry).
type metadataStore struct {
	mu      sync.Mutex
	members map[string]map[string]map[string]string
	rooms   map[string]map[string]roomAttribute
}

type roomAttribute struct {
	value, owner string
}

func metadataSize(m map[string]string) int64 {
	var n int64
	for k, v := range m {
		n += int64(len(k) + len(v))
	}
	return n
}

// appMetadataSize is the size of every user's attributes; s.mu is held.
func (a *app) appMetadataSize() int64 {
	var n int64
	for _, u := range a.users {
		n += metadataSize(u.metadata)
	}
	return n
}

func (c *call) setUserMetadata() {
	if !c.serviceOn(profile.UserMetadata, "metadata.user.not-open") || !c.ownAttributes() {
		return
	}
	if mt := c.r.Header.Get("Content-Type"); !strings.HasPrefix(mt, "application/x-www-form-urlencoded") {
		c.fail("request.unsupported-media-type", nil)
		return
	}
	data, err := io.ReadAll(io.LimitReader(c.r.Body, maxBody))
	if err != nil {
		c.illegalArgument("request body could not be read")
		return
	}
	form, err := url.ParseQuery(string(data))
	if err != nil {
		c.illegalArgument("the body is not form-encoded")
		return
	}
	for k, vs := range form {
		if limit, ok := metadataColumns[k]; ok && len(vs[len(vs)-1]) > limit {
			c.fail("metadata.user.column-too-long", catalog.Vars{"n": strconv.Itoa(limit)})
			return
		}
	}
	limits := c.s.opts.Limits
	fail, n := "", int64(0)
	var out map[string]string
	found := c.withUser("users.get.not-found", func(u *user) {
		next := map[string]string{}
		for k, v := range u.metadata {
			next[k] = v
		}
		for k, vs := range form {
			next[k] = vs[len(vs)-1]
		}
		size := metadataSize(next)
		switch {
		case limits.UserMetadataMaxBytes > 0 && size > int64(limits.UserMetadataMaxBytes):
			fail, n = "metadata.user.user-limit", int64(limits.UserMetadataMaxBytes)
		case limits.UserMetadataAppMaxBytes > 0 && c.s.app.appMetadataSize()-metadataSize(u.metadata)+size > limits.UserMetadataAppMaxBytes:
			fail, n = "metadata.user.app-limit", limits.UserMetadataAppMaxBytes
		default:
			u.metadata, out = next, next
		}
	})
	switch {
	case !found:
	case fail != "":
		c.fail(fail, catalog.Vars{"n": strconv.FormatInt(n, 10)})
	default:
		c.metadataOK(out)
	}
}

func (c *call) metadataOK(data any) {
	c.writeJSON(http.StatusOK, orderedJSON{{"timestamp", c.start.UnixMilli()}, {"data", data}, {"duration", 0}})
}

func (c *call) getUserMetadata() {
	if !c.serviceOn(profile.UserMetadata, "metadata.user.not-open") || !c.ownAttributes() {
		return
	}
	out := map[string]string{}
	if c.withUser("users.get.not-found", func(u *user) {
		for k, v := range u.metadata {
			out[k] = v
		}
	}) {
		c.metadataOK(out)
	}
}

func (c *call) deleteUserMetadata() {
	if !c.serviceOn(profile.UserMetadata, "metadata.user.not-open") || !c.ownAttributes() {
		return
	}
	if c.withUser("users.get.not-found", func(u *user) { u.metadata = nil }) {
		c.metadataOK(true)
	}
}

// attributeQuery is the body of the batch attribute lookups: whose
// attributes, and which (none: all).
type attributeQuery struct {
	Targets    []string `json:"targets"`
	Properties []string `json:"properties"`
}

// readTargets reads an attribute query of at most max targets; more answer
// tooManyRow with vars. ok is false when it answered.
func (c *call) readTargets(max int, tooManyRow string, vars catalog.Vars) (attributeQuery, bool) {
	var q attributeQuery
	if !c.readJSON(&q) {
		return q, false
	}
	if len(q.Targets) > max {
		c.fail(tooManyRow, vars)
		return q, false
	}
	return q, true
}

func (c *call) batchGetUserMetadata() {
	if !c.serviceOn(profile.UserMetadata, "metadata.user.not-open") {
		return
	}
	body, ok := c.readTargets(maxUserMetadataBatch, "metadata.user.batch-get-too-many", catalog.Vars{"limit": strconv.Itoa(maxUserMetadataBatch)})
	if !ok {
		return
	}
	out := map[string]map[string]string{}
	c.s.mu.Lock()
	for _, t := range body.Targets {
		u := c.s.app.users[strings.ToLower(t)]
		if u == nil {
			continue
		}
		attrs := map[string]string{}
		for k, v := range u.metadata {
			if len(body.Properties) == 0 || contains(body.Properties, k) {
				attrs[k] = v
			}
		}
		out[u.Username] = attrs
	}
	c.s.mu.Unlock()
	c.metadataOK(out)
}

func (c *call) userMetadataCapacity() {
	if !c.serviceOn(profile.UserMetadata, "metadata.user.not-open") {
		return
	}
	if c.token != nil && c.token.user != "" {
		c.fail("metadata.user.capacity-needs-app-token", nil)
		return
	}
	c.s.mu.Lock()
	n := c.s.app.appMetadataSize()
	c.s.mu.Unlock()
	c.metadataOK(n)
}

// memberGroup finds the path's group and checks that name is one of its
// members (the owner counts), answering the group row when it is missing;
// it reports whether the group exists and whether name is a member.
func (c *call) memberGroup(names ...string) (exists bool, outsiders []string) {
	c.s.mu.Lock()
	g := c.s.app.lookupGroup(c.params["group_id"], false)
	if g != nil {
		for _, n := range names {
			if !g.affiliated(strings.ToLower(n)) {
				outsiders = append(outsiders, n)
			}
		}
	}
	c.s.mu.Unlock()
	if g == nil {
		c.fail("metadata.group-member.group-not-found", nil)
		return false, nil
	}
	return true, outsiders
}

// checkMemberAttributes applies the key and value sizes; true when fine.
func (c *call) checkMemberAttributes(attrs map[string]string) bool {
	for k, v := range attrs {
		if len(k) > maxMemberKeyBytes {
			c.fail("metadata.group-member.key-too-long", nil)
			return false
		}
		if len(v) > maxMemberValueBytes {
			c.fail("metadata.group-member.value-too-long", nil)
			return false
		}
	}
	return true
}

func (s *metadataStore) setMember(group, member string, attrs map[string]string) map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.members == nil {
		s.members = map[string]map[string]map[string]string{}
	}
	if s.members[group] == nil {
		s.members[group] = map[string]map[string]string{}
	}
	cur := s.members[group][member]
	if cur == nil {
		cur = map[string]string{}
		s.members[group][member] = cur
	}
	for k, v := range attrs {
		if v == "" {
			delete(cur, k) // an empty value deletes the key
		} else {
			cur[k] = v
		}
	}
	out := map[string]string{}
	for k, v := range cur {
		out[k] = v
	}
	return out
}

func (s *metadataStore) member(group, member string, keys []string) map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]string{}
	for k, v := range s.members[group][member] {
		if len(keys) == 0 || contains(keys, k) {
			out[k] = v
		}
	}
	return out
}

func (c *call) setMemberMetadata() {
	if !c.serviceOn(profile.MemberMetadata, "metadata.group-member.not-open") {
		return
	}
	var body struct {
		MetaData map[string]string `json:"metaData"`
	}
	if !c.readJSON(&body) || !c.checkMemberAttributes(body.MetaData) {
		return
	}
	if member, ok := c.pathMember(); ok {
		c.metadataOK(c.s.meta.setMember(c.params["group_id"], member, body.MetaData))
	}
}

// pathMember is the path's user when the path's group exists and the user
// is in it; otherwise it answers and ok is false.
func (c *call) pathMember() (member string, ok bool) {
	member = c.pathUser()
	exists, outsiders := c.memberGroup(member)
	switch {
	case !exists:
		return "", false
	case len(outsiders) > 0:
		c.fail("metadata.group-member.not-in-group", nil)
		return "", false
	}
	return member, true
}

func (c *call) getMemberMetadata() {
	if !c.serviceOn(profile.MemberMetadata, "metadata.group-member.not-open") {
		return
	}
	if member, ok := c.pathMember(); ok {
		c.metadataOK(c.s.meta.member(c.params["group_id"], member, nil))
	}
}

// batchSetMemberMetadata checks, in this order (decisions.tsv): the service,
// the batch size, the key and value sizes, the group, the membership.
func (c *call) batchSetMemberMetadata() {
	if !c.serviceOn(profile.MemberMetadata, "metadata.group-member.not-open") {
		return
	}
	var entries []struct {
		Username string            `json:"username"`
		Metadata map[string]string `json:"metadata"`
	}
	if !c.readJSON(&entries) {
		return
	}
	if len(entries) > maxMemberBatchSet {
		c.fail("metadata.group-member.batch-too-many", nil)
		return
	}
	var names []string
	for _, e := range entries {
		if !c.checkMemberAttributes(e.Metadata) {
			return
		}
		names = append(names, e.Username)
	}
	exists, outsiders := c.memberGroup(names...)
	switch {
	case !exists:
		return
	case len(outsiders) > 0:
		c.fail("metadata.group-member.batch-not-in-group", catalog.Vars{"username": strings.Join(outsiders, ",")})
		return
	}
	out := map[string]map[string]string{}
	for _, e := range entries {
		name := strings.ToLower(e.Username)
		out[name] = c.s.meta.setMember(c.params["group_id"], name, e.Metadata)
	}
	c.metadataOK(out)
}

func (c *call) batchGetMemberMetadata() {
	if !c.serviceOn(profile.MemberMetadata, "metadata.group-member.not-open") {
		return
	}
	body, ok := c.readTargets(maxMemberBatchGet, "metadata.group-member.get-too-many", nil)
	if !ok {
		return
	}
	if exists, _ := c.memberGroup(); !exists {
		return
	}
	out := map[string]map[string]string{}
	for _, t := range body.Targets {
		t = strings.ToLower(t)
		out[t] = c.s.meta.member(c.params["group_id"], t, body.Properties)
	}
	c.metadataOK(out)
}

// roomMember checks that the chat room exists and the path user is in it,
// answering otherwise; true when the call may go on. A missing room is
// chatrooms.get.not-found, as the page documents for the room's attribute
// lookup (decisions.tsv).
func (c *call) roomMember() bool {
	c.s.mu.Lock()
	g := c.s.app.lookupGroup(c.params["chatroom_id"], true)
	in := g != nil && g.affiliated(c.pathUser())
	c.s.mu.Unlock()
	switch {
	case g == nil:
		c.fail("chatrooms.get.not-found", catalog.Vars{"chatroom_id": c.params["chatroom_id"]})
		return false
	case !in:
		c.fail("metadata.chatroom.not-member", nil)
		return false
	}
	return true
}

func (c *call) setRoomMetadata()      { c.putRoomMetadata(false) }
func (c *call) forceSetRoomMetadata() { c.putRoomMetadata(true) }

// putRoomMetadata sets keys of a chat room; without force a key another
// member set is refused (metadata.chatroom.key-owned-by-other).
func (c *call) putRoomMetadata(force bool) {
	var body struct {
		MetaData   map[string]string `json:"metaData"`
		AutoDelete string            `json:"autoDelete"`
	}
	if !c.readJSON(&body) {
		return
	}
	if len(body.MetaData) > maxRoomMetadataKeys {
		c.fail("metadata.chatroom.batch-too-large", nil)
		return
	}
	if !c.roomMember() {
		return
	}
	room, me := c.params["chatroom_id"], c.pathUser()
	s := &c.s.meta
	s.mu.Lock()
	if s.rooms == nil {
		s.rooms = map[string]map[string]roomAttribute{}
	}
	if s.rooms[room] == nil {
		s.rooms[room] = map[string]roomAttribute{}
	}
	owned := false
	for k := range body.MetaData {
		if a, ok := s.rooms[room][k]; ok && a.owner != me && !force {
			owned = true
		}
	}
	var keys []string
	if !owned {
		for k, v := range body.MetaData {
			s.rooms[room][k] = roomAttribute{value: v, owner: me}
			keys = append(keys, k)
		}
	}
	s.mu.Unlock()
	if owned {
		c.fail("metadata.chatroom.key-owned-by-other", nil)
		return
	}
	sort.Strings(keys)
	c.metadataOK(orderedJSON{{"successKeys", keys}, {"errorKeys", map[string]string{}}})
}

func (c *call) deleteRoomMetadata()      { c.removeRoomMetadata(false) }
func (c *call) forceDeleteRoomMetadata() { c.removeRoomMetadata(true) }

func (c *call) removeRoomMetadata(force bool) {
	var body struct {
		Keys []string `json:"keys"`
	}
	if !c.readJSON(&body) {
		return
	}
	if len(body.Keys) > maxRoomMetadataKeys {
		c.fail("metadata.chatroom.batch-too-large", nil)
		return
	}
	if !force && !c.roomMember() {
		return
	}
	room, me := c.params["chatroom_id"], c.pathUser()
	s := &c.s.meta
	s.mu.Lock()
	var done []string
	errs := map[string]string{}
	for _, k := range body.Keys {
		a, ok := s.rooms[room][k]
		switch {
		case !ok:
			errs[k] = "key not exists"
		case a.owner != me && !force:
			errs[k] = "others are not allowed to be deleted"
		default:
			delete(s.rooms[room], k)
			done = append(done, k)
		}
	}
	s.mu.Unlock()
	if done == nil {
		done = []string{}
	}
	c.metadataOK(orderedJSON{{"successKeys", done}, {"errorKeys", errs}})
}

func (c *call) getRoomMetadata() {
	var body struct {
		Keys []string `json:"keys"`
	}
	if c.r.ContentLength != 0 && !c.readJSON(&body) {
		return
	}
	c.s.mu.Lock()
	g := c.s.app.lookupGroup(c.params["chatroom_id"], true)
	c.s.mu.Unlock()
	if g == nil {
		c.fail("chatrooms.get.not-found", catalog.Vars{"chatroom_id": c.params["chatroom_id"]})
		return
	}
	s := &c.s.meta
	s.mu.Lock()
	out := map[string]string{}
	for k, a := range s.rooms[c.params["chatroom_id"]] {
		if len(body.Keys) == 0 || contains(body.Keys, k) {
			out[k] = a.value
		}
	}
	s.mu.Unlock()
	c.metadataOK(out)
}
