package refserver

import (
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/imconform/imconform/harness/profile"
)

func init() {
	implement(map[string]handler{
		"POST /users/{username}/presence":                     (*call).getPresences,
		"DELETE /users/{username}/presence":                   (*call).unsubscribePresence,
		"GET /users/{username}/presence/sublist":              (*call).presenceSubList,
		"POST /users/{username}/presence/{expiry}":            (*call).subscribePresence,
		"POST /users/{username}/presence/{resource}/{status}": (*call).setPresence,
		"GET /presence/online/{group_id}/type/{query_type}":   (*call).groupOnlineCount,
	})
}

// presenceOn answers the presence service's "not open" row when the app has
// presence switched off.
func (c *call) presenceOn() bool { return c.serviceOn(profile.Presence, "presence.service.not-open") }

// groupOnlineCount is GET /presence/online/{group_id}/type/{query_type}:
// type 1 counts a group's online members. The reference holds no
// connections, so the count is 0, for any group ID: the parameters are
// checked, not the group (decisions.tsv).
func (c *call) groupOnlineCount() {
	if !c.serviceOn(profile.GroupOnline, "presence.group-online.not-open") {
		return
	}
	id, kind := strings.TrimSpace(c.params["group_id"]), strings.TrimSpace(c.params["query_type"])
	switch {
	case id == "":
		c.fail("presence.group-online.empty-id", nil)
	case kind == "":
		c.fail("presence.group-online.empty-type", nil)
	case kind != "0" && kind != "1":
		c.fail("presence.group-online.bad-type", nil)
	default:
		c.writeJSON(http.StatusOK, orderedJSON{{"data", 0}})
	}
}

// presenceStore holds presence statuses and subscriptions by username.
type presenceStore struct {
	mu       sync.Mutex
	statuses map[string]*presenceStatus  // by user
	subs     map[string]map[string]int64 // subscriber → user → expiry (unix s)
	queries  limiter                     // status queries, per querying user
}

type presenceStatus struct {
	ext      string
	devices  map[string]string // resource → status
	lastTime int64
}

// maxPresenceExpiry is the longest subscription, 30 days (api-notes §7).
const maxPresenceExpiry = 30 * 24 * 3600

// deviceResource is the documented form of a user's device resource,
// {android|ios|web}_{id}. The reference holds no device connections, so it
// takes a resource of that form as one of the user's and any other as a
// resource the user does not have (decisions.tsv).
var deviceResource = regexp.MustCompile(`^(android|ios|web)_[A-Za-z0-9_.\-]+$`)

func (p *presenceStore) forget(username string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.statuses, username)
	delete(p.subs, username)
}

func (c *call) pathUser() string { return strings.ToLower(c.params["username"]) }

func (c *call) illegalArgument(description string) {
	c.writeError(http.StatusBadRequest, "illegal_argument", "java.lang.IllegalArgumentException", description)
}

// setPresence is POST /users/{username}/presence/{resource}/{status} {"ext":"..."}.
func (c *call) setPresence() {
	if !c.presenceOn() {
		return
	}
	var body struct {
		Ext *string `json:"ext"`
	}
	if !c.readJSON(&body) {
		return
	}
	if body.Ext == nil {
		c.fail("presence.set.null-ext", nil)
		return
	}
	if limit := c.s.opts.Limits.PresenceExtMaxBytes; limit > 0 && len(*body.Ext) > limit {
		c.fail("presence.ext-too-big", nil)
		return
	}
	if u, _ := c.lookupUser(); u == nil {
		// No user to attach a status to: the trigger chosen for the row
		// the document gives no trigger for (decisions.tsv).
		c.fail("presence.set-failed", nil)
		return
	}
	resource := c.params["resource"]
	if !deviceResource.MatchString(resource) {
		c.fail("presence.resource-not-exist", nil)
		return
	}
	p := &c.s.presence
	p.mu.Lock()
	if p.statuses == nil {
		p.statuses = map[string]*presenceStatus{}
	}
	st := p.statuses[c.pathUser()]
	if st == nil {
		st = &presenceStatus{devices: map[string]string{}}
		p.statuses[c.pathUser()] = st
	}
	st.ext, st.lastTime = *body.Ext, c.start.Unix()
	st.devices[resource] = c.params["status"]
	p.mu.Unlock()
	c.writeJSON(http.StatusOK, orderedJSON{{"result", "ok"}})
}

// usernamesBody reads {"usernames":[...]}, answering an empty list.
func (c *call) usernamesBody() ([]string, bool) { return c.usernamesBodyOr("") }

// usernamesBodyOr is usernamesBody answering an empty list with catalogue
// row emptyRow (when not empty).
func (c *call) usernamesBodyOr(emptyRow string) ([]string, bool) {
	var body struct {
		Usernames []string `json:"usernames"`
	}
	if !c.readJSON(&body) {
		return nil, false
	}
	if len(body.Usernames) == 0 {
		if emptyRow != "" {
			c.fail(emptyRow, nil)
		} else {
			c.illegalArgument("usernames is empty")
		}
		return nil, false
	}
	return body.Usernames, true
}

func (c *call) tooManyUsers(names []string) bool {
	limit := c.s.opts.Limits.PresenceMaxUsers
	return limit > 0 && len(names) > limit
}

// subscribePresence is POST /users/{username}/presence/{expiry} {"usernames":[...]}.
func (c *call) subscribePresence() {
	if !c.presenceOn() {
		return
	}
	expiry, err := strconv.ParseInt(c.params["expiry"], 10, 64)
	if err != nil || expiry < 1 || expiry > maxPresenceExpiry {
		c.illegalArgument("expiry must be a number of seconds from 1 to " + strconv.Itoa(maxPresenceExpiry))
		return
	}
	names, ok := c.usernamesBodyOr("presence.sub.empty-usernames")
	if !ok {
		return
	}
	self := c.pathUser()
	for _, n := range names {
		if strings.ToLower(n) == self {
			c.fail("presence.sub-self", nil)
			return
		}
	}
	if c.tooManyUsers(names) {
		c.fail("presence.sub-too-many", nil)
		return
	}
	p := &c.s.presence
	p.mu.Lock()
	if p.subs == nil {
		p.subs = map[string]map[string]int64{}
	}
	if p.subs[self] == nil {
		p.subs[self] = map[string]int64{}
	}
	until := c.start.Unix() + expiry
	var result []orderedJSON
	for _, n := range names {
		n = strings.ToLower(n)
		p.subs[self][n] = until
		e := p.statusEntry(n)
		result = append(result, append(e, kv{"expiry", strconv.FormatInt(until, 10)}))
	}
	p.mu.Unlock()
	c.writeJSON(http.StatusOK, orderedJSON{{"result", result}})
}

// statusEntry is a user's presence as the API shows it; p.mu is held.
func (p *presenceStore) statusEntry(name string) orderedJSON {
	st := p.statuses[name]
	if st == nil {
		return orderedJSON{{"uid", name}, {"last_time", "0"}, {"ext", ""}, {"status", map[string]string{}}}
	}
	devices := map[string]string{}
	for r, s := range st.devices {
		devices[r] = s
	}
	return orderedJSON{{"uid", name}, {"last_time", strconv.FormatInt(st.lastTime, 10)}, {"ext", st.ext}, {"status", devices}}
}

// allowQuery spends one of the querying user's status queries per second,
// answering "too many queries" when they are spent.
func (c *call) allowQuery() bool {
	if c.s.presence.queries.take(c.pathUser(), c.s.opts.Limits.PresenceQueryRate, c.start) {
		return true
	}
	c.fail("presence.query-too-frequent", nil)
	return false
}

// getPresences is POST /users/{username}/presence {"usernames":[...]}.
func (c *call) getPresences() {
	if !c.presenceOn() || !c.allowQuery() {
		return
	}
	names, ok := c.usernamesBody()
	if !ok {
		return
	}
	if c.tooManyUsers(names) {
		c.fail("presence.get-too-many", nil)
		return
	}
	p := &c.s.presence
	p.mu.Lock()
	var result []orderedJSON
	for _, n := range names {
		result = append(result, p.statusEntry(strings.ToLower(n)))
	}
	p.mu.Unlock()
	c.writeJSON(http.StatusOK, orderedJSON{{"result", result}})
}

// unsubscribePresence is DELETE /users/{username}/presence with a bare JSON
// array of usernames, as every documented example and the Java SDK send it.
func (c *call) unsubscribePresence() {
	if !c.presenceOn() {
		return
	}
	var names []string
	if !c.readJSON(&names) {
		return
	}
	if len(names) == 0 {
		c.fail("presence.unsub.empty-usernames", nil)
		return
	}
	if c.tooManyUsers(names) {
		c.fail("presence.unsub-too-many", nil)
		return
	}
	p := &c.s.presence
	p.mu.Lock()
	for _, n := range names {
		delete(p.subs[c.pathUser()], strings.ToLower(n))
	}
	p.mu.Unlock()
	c.writeJSON(http.StatusOK, orderedJSON{{"result", "ok"}})
}

// presenceSubList is GET /users/{username}/presence/sublist?pageNum=1&pageSize=100.
func (c *call) presenceSubList() {
	if !c.presenceOn() || !c.allowQuery() {
		return
	}
	q := c.r.URL.Query()
	page, size := 1, 100
	for name, dst := range map[string]*int{"pageNum": &page, "pageSize": &size} {
		if v := q.Get(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || (name == "pageSize" && n > 500) {
				c.illegalArgument(name + " is illegal")
				return
			}
			*dst = n
		}
	}
	p := &c.s.presence
	p.mu.Lock()
	var names []string
	for n, until := range p.subs[c.pathUser()] {
		if until > c.start.Unix() {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	var list []orderedJSON
	for i := (page - 1) * size; i < len(names) && i < page*size; i++ {
		list = append(list, orderedJSON{{"uid", names[i]}, {"expiry", strconv.FormatInt(p.subs[c.pathUser()][names[i]], 10)}})
	}
	p.mu.Unlock()
	if list == nil {
		list = []orderedJSON{}
	}
	c.writeJSON(http.StatusOK, orderedJSON{{"result", orderedJSON{{"totalnum", strconv.Itoa(len(names))}, {"sublist", list}}}})
}
