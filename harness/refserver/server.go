// Package refserver is the embedded reference server: an in-memory
// implementation of the Agora Chat / Easemob REST API that answers every
// documented error row with the document's wording in the real envelope.
// It is the default target of the suite and the base of its fault injection.
package refserver

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/profile"
)

// Profile is what the reference server declares about itself: small limits,
// so that every row is cheap to provoke, and every capability present.
func Profile() profile.Profile {
	p := profile.Documented()
	p.Absent = nil
	// Small quotas keep the quota rows cheap, yet above what the group specs
	// running in parallel hold at once (the quota specs run Serial).
	p.GroupsPerApp = 20
	p.GroupsPerUser = 5
	smallLimits(&p)
	return p
}

// Options configure a reference server.
type Options struct {
	Org, App     string
	ClientID     string
	ClientSecret string
	// OpenRegistration lets anyone register users without an app token.
	OpenRegistration bool
	// DefaultTTL is the lifetime of tokens requested without ttl.
	DefaultTTL time.Duration
	// Fault, when set, makes the server get one catalogue row wrong.
	Fault *Fault
	// Limits are the limits the server enforces; zero value means Profile().
	Limits *profile.Profile
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Answers make the server answer a URL path (as requested, e.g.
	// /org/app/users) with a status a client cannot provoke (501-504), so
	// that users can test their own clients' handling of it.
	Answers map[string]int
	// AgoraAppID and AgoraAppCertificate, when set, make the server accept
	// Agora Chat app tokens ("007" AccessToken2) built with them.
	AgoraAppID, AgoraAppCertificate string
	// Edition is the wording the server answers rows in: catalog.EditionLive
	// (what the current service sends) or catalog.EditionDocument; empty
	// means the document's.
	Edition string
}

// Server is the reference server; it implements http.Handler and is safe for
// concurrent use.
type Server struct {
	opts   Options
	routes []route

	mu  sync.Mutex
	app *app

	// State of the messaging APIs; each guards itself, zero values are ready.
	messages messageLog
	presence presenceStore
	files    fileStore
	rates    rateLimits
	userData userData
}

type app struct {
	org, name string
	uuid      string
	users     map[string]*user // by lower-cased username
	tokens    map[string]*token
	seq       int64
	// groups holds chat groups and chat rooms by ID (groups.go).
	groups      map[string]*group
	lastGroupID int64
}

// maxBody bounds what the server reads of a JSON body.
const maxBody = 1 << 20

// New returns a reference server for one app.
func New(opts Options) *Server {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Limits == nil {
		p := Profile()
		opts.Limits = &p
	}
	if opts.DefaultTTL == 0 {
		opts.DefaultTTL = 60 * 24 * time.Hour
	}
	s := &Server{opts: opts, app: &app{
		org: opts.Org, name: opts.App, uuid: newUUID(),
		users: map[string]*user{}, tokens: map[string]*token{},
		groups: map[string]*group{}, lastGroupID: firstGroupID(),
	}}
	for path, status := range opts.Answers {
		if _, ok := gatewayRows[status]; !ok {
			panic(fmt.Sprintf("refserver: Answers[%q] = %d; only %v can be answered", path, status, GatewayStatuses()))
		}
	}
	s.routes = s.routeTable()
	return s
}

// GenerateCredentials returns a fresh client ID and secret in the style of the
// real console (YXA6 prefix).
func GenerateCredentials() (id, secret string) {
	return "YXA6" + randomToken(16), "YXA6" + randomToken(20)
}

// Usernames lists the users the server holds, for tests that check cleanup.
func (s *Server) Usernames() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, u := range s.app.users {
		out = append(out, u.Username)
	}
	return out
}

// call is one request on its way through a handler.
type call struct {
	s      *Server
	w      http.ResponseWriter
	r      *http.Request
	params map[string]string
	token  *token // the verified token, when the route authenticated one
	api    string // the route's "METHOD /pattern" (apiOf), once matched
	start  time.Time
}

type handler func(c *call)

// authMode says what a route needs from the Authorization header.
type authMode int

const (
	authApp          authMode = iota // a valid app token
	authNone                         // nothing (token endpoint)
	authOptional                     // checked if present (password change)
	authRegistration                 // app token unless registration is open
)

type route struct {
	segments []string // after /{org}/{app}; "{x}" captures a segment
	methods  map[string]handler
	auth     authMode
}

func (s *Server) routeTable() []route {
	return []route{
		{[]string{"token"}, map[string]handler{http.MethodPost: (*call).issueToken}, authNone},
		{[]string{"users"}, map[string]handler{http.MethodPost: (*call).registerUsers}, authRegistration},
		{[]string{"users"}, map[string]handler{http.MethodGet: (*call).listUsers, http.MethodDelete: (*call).deleteUsers}, authApp},
		{[]string{"users", "{username}"}, map[string]handler{http.MethodGet: (*call).getUser, http.MethodDelete: (*call).deleteUser, http.MethodPut: (*call).modifyUser}, authApp},
		{[]string{"users", "{username}", "password"}, map[string]handler{http.MethodPut: (*call).changePassword}, authOptional},
		{[]string{"chatgroups"}, map[string]handler{http.MethodPost: (*call).createGroup, http.MethodGet: (*call).listGroups}, authApp},
		{[]string{"chatgroups", "{group_id}"}, map[string]handler{http.MethodGet: (*call).getGroup, http.MethodPut: (*call).modifyGroup, http.MethodDelete: (*call).deleteGroup}, authApp},
		{[]string{"chatgroups", "{group_id}", "users"}, map[string]handler{http.MethodPost: (*call).addGroupMembers, http.MethodGet: (*call).listGroupMembers}, authApp},
		{[]string{"chatgroups", "{group_id}", "users", "{usernames}"}, map[string]handler{http.MethodPost: (*call).addGroupMember, http.MethodDelete: (*call).removeGroupMembers}, authApp},
		{[]string{"chatgroups", "{group_id}", "blocks", "users"}, map[string]handler{http.MethodPost: (*call).blockMembers, http.MethodGet: (*call).listBlocks}, authApp},
		{[]string{"chatgroups", "{group_id}", "blocks", "users", "{usernames}"}, map[string]handler{http.MethodPost: (*call).blockMember, http.MethodDelete: (*call).unblock}, authApp},
		{[]string{"chatrooms"}, map[string]handler{http.MethodPost: (*call).createRoom, http.MethodGet: (*call).listRooms}, authApp},
		{[]string{"chatrooms", "{chatroom_id}"}, map[string]handler{http.MethodGet: (*call).getRoom, http.MethodPut: (*call).modifyRoom, http.MethodDelete: (*call).deleteRoom}, authApp},
		{[]string{"chatrooms", "{chatroom_id}", "users"}, map[string]handler{http.MethodPost: (*call).addRoomMembers, http.MethodGet: (*call).listRoomMembers}, authApp},
		{[]string{"chatrooms", "{chatroom_id}", "users", "{usernames}"}, map[string]handler{http.MethodPost: (*call).addRoomMember, http.MethodDelete: (*call).removeRoomMembers}, authApp},
		{[]string{"messages"}, map[string]handler{http.MethodPost: (*call).sendMessage}, authApp},
		{[]string{"chatmessages", "{time}"}, map[string]handler{http.MethodGet: (*call).downloadHistory}, authApp},
		{[]string{"chatfiles"}, map[string]handler{http.MethodPost: (*call).uploadFile}, authApp},
		{[]string{"users", "{username}", "presence"}, map[string]handler{http.MethodPost: (*call).getPresences, http.MethodDelete: (*call).unsubscribePresence}, authApp},
		{[]string{"users", "{username}", "presence", "sublist"}, map[string]handler{http.MethodGet: (*call).presenceSubList}, authApp},
		{[]string{"users", "{username}", "presence", "{expiry}"}, map[string]handler{http.MethodPost: (*call).subscribePresence}, authApp},
		{[]string{"users", "{username}", "presence", "{resource}", "{status}"}, map[string]handler{http.MethodPost: (*call).setPresence}, authApp},
		{[]string{"users", "{username}", "joined_chatgroups"}, map[string]handler{http.MethodGet: (*call).listJoinedGroups}, authApp},
		{[]string{"users", "{username}", "contacts", "users"}, map[string]handler{http.MethodGet: (*call).listContacts}, authApp},
		{[]string{"users", "{username}", "contacts", "users", "{friend}"}, map[string]handler{http.MethodPost: (*call).addContact, http.MethodDelete: (*call).removeContact}, authApp},
		{[]string{"users", "{username}", "blocks", "users"}, map[string]handler{http.MethodPost: (*call).blockUsers, http.MethodGet: (*call).listBlockedUsers}, authApp},
		{[]string{"users", "{username}", "blocks", "users", "{blocked}"}, map[string]handler{http.MethodDelete: (*call).unblockUser}, authApp},
		{[]string{"metadata", "user", "get"}, map[string]handler{http.MethodPost: (*call).getAttributes}, authApp},
		{[]string{"metadata", "user", "{username}"}, map[string]handler{http.MethodPut: (*call).setAttributes}, authApp},
	}
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c := &call{s: s, w: w, r: r, params: map[string]string{}, start: s.opts.Now()}
	if status, ok := s.opts.Answers[r.URL.Path]; ok {
		c.fail(gatewayRows[status], nil)
		return
	}
	segs := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if len(segs) < 2 || segs[0] == "" {
		c.fail("http.unknown-api", nil)
		return
	}
	if segs[0] != s.opts.Org || segs[1] != s.opts.App {
		c.unknownApp(segs[0], segs[1])
		return
	}
	rest := segs[2:]
	var pathMatched bool
	for _, rt := range s.routes {
		params, ok := matchSegments(rt.segments, rest)
		if !ok {
			continue
		}
		pathMatched = true
		h, ok := rt.methods[r.Method]
		if !ok {
			continue
		}
		c.params, c.api = params, apiOf(r.Method, rt.segments)
		if !c.withinRateLimit(c.api) {
			return
		}
		if !c.authorize(rt.auth) {
			return
		}
		h(c)
		return
	}
	if pathMatched {
		c.methodNotSupported()
		return
	}
	c.fail("http.unknown-api", nil)
}

func matchSegments(pattern, path []string) (map[string]string, bool) {
	if len(pattern) != len(path) {
		return nil, false
	}
	params := map[string]string{}
	for i, p := range pattern {
		if strings.HasPrefix(p, "{") {
			if path[i] == "" {
				return nil, false
			}
			params[p[1:len(p)-1]] = path[i]
			continue
		}
		if p != path[i] {
			return nil, false
		}
	}
	return params, true
}

func (c *call) unknownApp(org, appName string) {
	uri := strings.TrimPrefix(c.r.URL.Path, "/")
	vars := catalog.Vars{"org": org, "app": appName}
	if uri == org+"/"+appName+"/token" {
		c.fail("request.unknown-app", vars)
		return
	}
	// Same wording as the row, echoing the path actually requested.
	c.failText("request.unknown-app", catalog.Render(strings.Replace(c.wording("request.unknown-app").Description, "{org}/{app}/token", uri, 1), vars))
}

// authorize applies the route's auth mode and answers the request itself
// when it fails.
func (c *call) authorize(mode authMode) bool {
	switch mode {
	case authNone:
		return true
	case authOptional:
		if c.r.Header.Get("Authorization") == "" {
			return true
		}
		return c.requireAppToken()
	case authRegistration:
		if c.s.opts.OpenRegistration {
			return true
		}
		if tok, failID := c.s.verify(c.r.Header.Get("Authorization")); failID == "" && tok.user == "" {
			c.token = tok
			return true
		}
		c.fail("users.register.closed", nil)
		return false
	default:
		return c.requireAppToken()
	}
}

// requireAppToken admits an app token, or a user token the permission rules
// allow for this request (permissions.go); any other user token gets the
// documented 401 of a subject without the permission.
func (c *call) requireAppToken() bool {
	tok, failID := c.s.verify(c.r.Header.Get("Authorization"))
	if failID != "" {
		c.fail(failID, nil)
		return false
	}
	if tok.user != "" && !c.userMay(tok.user) {
		c.writeError(http.StatusUnauthorized, "unauthorized", "org.apache.shiro.authz.UnauthorizedException",
			fmt.Sprintf("Subject does not have permission [applications:%s:%s:%s]", strings.ToLower(c.r.Method), c.s.app.uuid, c.permissionPath()))
		return false
	}
	c.token = tok
	return true
}

// exceptions are the newest exception class names captured for each row; the
// field is informational for the suite (api-notes §0.2).
var exceptions = map[string]string{
	"request.json-parse":                 "org.codehaus.jackson.JsonParseException",
	"users.register.missing-username":    "java.lang.IllegalArgumentException",
	"users.register.missing-password":    "java.lang.IllegalArgumentException",
	"users.register.illegal-username":    "java.lang.IllegalArgumentException",
	"users.password.missing-newpassword": "java.lang.IllegalArgumentException",
	"users.password.missing-oldpassword": "java.lang.IllegalArgumentException",
	"users.modify.missing-username":      "org.apache.usergrid.persistence.exceptions.RequiredPropertyNotFoundException",
	"users.register.duplicate":           "DuplicateUniquePropertyExistsException",
	"users.register.closed":              "EasemobSecurityException",
	"auth.token-expired":                 "EasemobSecurityException",
	"auth.token-corrupt":                 "EasemobSecurityException",
	"auth.token-unknown":                 "EasemobSecurityException",
	"request.unknown-app":                "OrganizationApplicationNotFoundException",
	"users.get.not-found":                "UserNotFoundException",
	"users.delete.not-found":             "UserNotFoundException",
	"request.unsupported-media-type":     "javax.ws.rs.WebApplicationException",
	"users.query.contains":               "org.apache.usergrid.persistence.exceptions.NoFullTextIndexException",
	"http.unknown-api":                   "javax.ws.rs.WebApplicationException",
	"groups.members.batch-add-unknown":   "java.lang.IllegalArgumentException",
	"groups.modify.invalid-field":        "com.easemob.group.exception.InvalidParameterException",
	"groups.members.already-member":      "com.easemob.group.exception.ForbiddenOpException",
	"chatrooms.members.already-member":   "com.easemob.group.exception.ForbiddenOpException",
	"groups.members.not-member":          "com.easemob.group.exception.ForbiddenOpException",
	"chatrooms.members.not-member":       "com.easemob.group.exception.ForbiddenOpException",
	"groups.transfer.not-member":         "com.easemob.group.exception.ForbiddenOpException",
	"groups.transfer.same-owner":         "com.easemob.group.exception.ForbiddenOpException",
	"groups.owner-forbidden":             "com.easemob.group.exception.ForbiddenOpException",
	"groups.members.user-quota":          "com.easemob.group.exception.ForbiddenOpException",
	"groups.create.app-quota":            "com.easemob.group.exception.ForbiddenOpException",
	"groups.get.not-found":               "com.easemob.group.exception.ServiceResourceNotFoundException",
	"chatrooms.get.not-found":            "com.easemob.group.exception.ServiceResourceNotFoundException",
	"http.unsupported-operation":         "org.apache.usergrid.services.exceptions.UnsupportedServiceOperationException",
	"request.invalid":                    "java.lang.IllegalArgumentException",
	"messages.empty-from":                "java.lang.IllegalArgumentException",
	"messages.bad-target-type":           "java.lang.IllegalArgumentException",
	"messages.too-large":                 "java.lang.IllegalArgumentException",
	"history.bad-time-format":            "java.lang.IllegalArgumentException",
	"history.expired":                    "java.lang.IllegalArgumentException",
	"history.not-found":                  "StorageObjectNotFoundException",
	"presence.set-failed":                "java.lang.IllegalArgumentException",
	"presence.ext-too-big":               "java.lang.IllegalArgumentException",
	"presence.resource-not-exist":        "java.lang.IllegalArgumentException",
	"presence.sub-self":                  "java.lang.IllegalArgumentException",
	"presence.sub-too-many":              "java.lang.IllegalArgumentException",
	"presence.get-too-many":              "java.lang.IllegalArgumentException",
	"presence.unsub-too-many":            "java.lang.IllegalArgumentException",
	"presence.query-too-frequent":        "java.lang.IllegalArgumentException",
	"quota.free-edition":                 "ResourceLimitedException",
	"ratelimit.api":                      "ReachLimitException",
}

// undocumentedErrorTypes is the error type sent for rows whose document gives
// none (presence): a plausible one, as newer docs give (api-notes §7).
var undocumentedErrorTypes = map[string]string{
	"presence.set-failed":         "illegal_argument",
	"presence.ext-too-big":        "illegal_argument",
	"presence.resource-not-exist": "illegal_argument",
	"presence.sub-self":           "illegal_argument",
	"presence.sub-too-many":       "illegal_argument",
	"presence.get-too-many":       "illegal_argument",
	"presence.unsub-too-many":     "illegal_argument",
	"presence.query-too-frequent": "illegal_argument",
}

// oauthRows answer with the two-field OAuth body of the token endpoint.
var oauthRows = map[string]bool{"token.invalid-grant": true, "token.user.not-found": true}

// fail answers the request with catalogue row id in the server's edition,
// its description rendered with vars (the app's {uuid} and {appkey} unless
// vars give them). It is the one place rows are answered, so a Fault on the
// row applies here.
func (c *call) fail(id string, vars catalog.Vars) {
	all := catalog.Vars{"uuid": c.s.app.uuid, "appkey": c.s.app.org + "#" + c.s.app.name}
	for k, v := range vars {
		all[k] = v
	}
	c.failText(id, catalog.Render(c.wording(id).Description, all))
}

// wording is row id as the server's edition words it.
func (c *call) wording(id string) catalog.Expectation {
	return catalog.MustGet(id).Wording(c.s.opts.Edition)
}

// failText answers row id with a description built by the caller from
// c.wording(id); status and error type are the edition's.
func (c *call) failText(id, description string) {
	row := catalog.MustGet(id)
	w := c.wording(id)
	errType := w.Error
	if errType == "" {
		errType = undocumentedErrorTypes[id]
	}
	a := answer{status: w.Status, errType: errType, exception: exceptions[id], description: description,
		oauth: oauthRows[id], bodyless: !row.HasBody(), header: headers[id]}
	if f := c.s.opts.Fault; f != nil && f.ID == id {
		a = f.apply(row, a)
	}
	c.writeAnswer(a)
}

// answer is an error response before it is written.
type answer struct {
	status                          int
	errType, exception, description string
	oauth                           bool // two-field OAuth body
	bodyless                        bool // no body documented
	noDescription                   bool
	nonJSON                         bool
	succeed                         bool // the error is not raised at all
	header                          func(http.Header)
}

func (c *call) writeAnswer(a answer) {
	if a.header != nil && !a.succeed {
		a.header(c.w.Header())
	}
	switch {
	case a.succeed:
		c.writeJSON(http.StatusOK, c.envelope("post", nil))
	case a.nonJSON:
		c.w.Header().Set("Content-Type", "text/html")
		c.w.WriteHeader(a.status)
		fmt.Fprintf(c.w, "<html><head><title>%d</title></head><body><h1>%s</h1></body></html>\n", a.status, http.StatusText(a.status))
	case a.bodyless:
		c.w.WriteHeader(a.status)
	case a.oauth:
		body := orderedJSON{{"error", a.errType}}
		if !a.noDescription {
			body = append(body, kv{"error_description", a.description})
		}
		c.writeJSON(a.status, body)
	default:
		body := orderedJSON{{"error", a.errType}}
		if a.exception != "" {
			body = append(body, kv{"exception", a.exception})
		}
		body = append(body, kv{"timestamp", c.start.UnixMilli()}, kv{"duration", c.s.opts.Now().Sub(c.start).Milliseconds()})
		if !a.noDescription {
			body = append(body, kv{"error_description", a.description})
		}
		c.writeJSON(a.status, body)
	}
}

// writeError answers with an error that is not a catalogue row.
func (c *call) writeError(status int, errType, exception, description string) {
	c.writeAnswer(answer{status: status, errType: errType, exception: exception, description: description})
}

func (c *call) writeOAuthError(status int, errType, description string) {
	c.writeAnswer(answer{status: status, errType: errType, description: description, oauth: true})
}

func (c *call) writeJSON(status int, body any) {
	data, err := json.Marshal(body)
	if err != nil {
		panic(err) // bodies are built by this package; a failure is a bug
	}
	c.w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	c.w.WriteHeader(status)
	c.w.Write(data)
}

// envelope is the Usergrid success envelope.
func (c *call) envelope(action string, entities []any) orderedJSON {
	if entities == nil {
		entities = []any{}
	}
	a := c.s.app
	return orderedJSON{
		{"action", action}, {"application", a.uuid}, {"path", "/" + strings.Join(strings.Split(strings.Trim(c.r.URL.Path, "/"), "/")[2:], "/")},
		{"uri", "http://" + c.r.Host + c.r.URL.Path}, {"entities", entities},
		{"timestamp", c.start.UnixMilli()}, {"duration", c.s.opts.Now().Sub(c.start).Milliseconds()},
		{"organization", a.org}, {"applicationName", a.name},
	}
}

// readJSON reads the body as JSON into v, answering the documented errors for
// an unsupported media type or malformed JSON. It reports whether v was filled.
func (c *call) readJSON(v any) bool {
	data, err := io.ReadAll(io.LimitReader(c.r.Body, maxBody))
	if isTimeout(err) {
		c.fail("http.request-timeout", nil)
		return false
	}
	if err != nil {
		c.writeError(http.StatusBadRequest, "illegal_argument", "java.lang.IllegalArgumentException", "request body could not be read")
		return false
	}
	trimmed := bytes.TrimSpace(data)
	if !c.jsonContentType(trimmed) {
		c.fail("request.unsupported-media-type", nil)
		return false
	}
	if perr := checkJSON(data); perr != nil {
		if perr.colonExpected {
			c.fail("request.json-parse", catalog.Vars{"hash": javaHash(), "line": fmt.Sprint(perr.line), "column": fmt.Sprint(perr.column)})
		} else {
			c.writeError(http.StatusBadRequest, "json_parse", exceptions["request.json-parse"], perr.message(javaHash()))
		}
		return false
	}
	if len(trimmed) == 0 {
		c.writeError(http.StatusBadRequest, "illegal_argument", "java.lang.IllegalArgumentException", "request body is empty")
		return false
	}
	if err := json.Unmarshal(data, v); err != nil {
		// Well-formed JSON of the wrong shape for the API (a string where an
		// object belongs, a number where a list belongs): decisions.tsv.
		c.fail("request.invalid", nil)
		return false
	}
	return true
}

// jsonContentType reports whether the body may be read as JSON: a JSON
// Content-Type, or none at all for a JSON object (as captured on real servers;
// a JSON array without Content-Type is answered 415).
func (c *call) jsonContentType(body []byte) bool {
	ct := c.r.Header.Get("Content-Type")
	if ct == "" {
		return !bytes.HasPrefix(body, []byte("["))
	}
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json"))
}

func javaHash() string {
	var b [4]byte
	rand.Read(b[:])
	return strings.TrimLeft(hex.EncodeToString(b[:]), "0")
}

func newUUID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x10 // time-based UUIDs as Usergrid issues
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// kv and orderedJSON keep the key order real servers send (tests must not
// rely on it, but people reading a response do).
type kv struct {
	k string
	v any
}

type orderedJSON []kv

func (o orderedJSON) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, p := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(p.k)
		b.Write(k)
		b.WriteByte(':')
		v, err := json.Marshal(p.v)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// Limits is the profile the server enforces (and declares to the suite).
func (s *Server) Limits() *profile.Profile {
	p := *s.opts.Limits
	return &p
}
