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
	"github.com/imconform/imconform/harness/fault"
	"io"
	"mime"
	"net/http"
	"sort"
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
	p.Switchable = append([]string(nil), switchable...)
	p.Seeding = true
	smallLimits(&p)
	groupLimits(&p)
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
	Fault *fault.Fault
	// Faults, when set, make the server get each of these rows wrong.
	Faults []fault.Fault
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
	// Disabled switches services of the app off (names of
	// profile.Services), so that their "not open" rows can be provoked;
	// every service is on by default. The server declares them absent in
	// its profile (services.go).
	Disabled []string
	// Edition is the wording the server answers rows in: catalog.EditionLive
	// (what the current service sends) or catalog.EditionDocument; empty
	// means the document's.
	Edition string
}

// Server is the reference server; it implements http.Handler and is safe for
// concurrent use.
type Server struct {
	opts Options

	mu  sync.Mutex
	app *app

	// State of the messaging APIs; each guards itself, zero values are ready.
	messages messageLog
	stored   messageStore // every accepted message, by message ID
	sends    limiter      // message send rates (sends.go)
	presence presenceStore
	files    fileStore
	rates    rateLimits
	// State of push templates, member and room attributes and reactions
	// (push.go, metadata.go, reactions.go).
	templates templateStore
	meta      metadataStore
	reactions reactionStore
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
	// superAdmins are the chat-room super admins, threads the threads of
	// the app's groups (group_lists.go, threads.go); nil until first used.
	superAdmins map[string]bool
	threads     map[string]*thread
	lastThread  int64
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
	opts.Limits = declareDisabled(*opts.Limits, opts.Disabled)
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
	op     catalog.Endpoint // the documented operation the request is for
	token  *token           // the verified token, when the route authenticated one
	api    string           // the operation's "METHOD /pattern" (apiOf), once matched
	start  time.Time
}

type handler func(c *call)

// authMode says what an operation needs from the Authorization header.
type authMode int

const (
	authApp          authMode = iota // a valid app token
	authNone                         // nothing (token endpoint)
	authOptional                     // checked if present (password change, files)
	authRegistration                 // app token unless registration is open
)

// authOf is the operation's auth mode: the inventory's auth column, with the
// documented exceptions of registration and password change.
func authOf(op catalog.Endpoint) authMode {
	switch op.Key() {
	case "POST /{org}/{app}/token":
		return authNone
	case "POST /{org}/{app}/users":
		return authRegistration
	case "PUT /{org}/{app}/users/{username}/password":
		return authOptional
	}
	if op.Auth == catalog.AuthNone {
		return authOptional
	}
	return authApp
}

// ServeHTTP implements http.Handler. Every documented operation of the
// inventory (harness/catalog/endpoints.tsv) is routed: to its handler when
// the reference implements it, to a 501 answer naming it when not.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if cors(w, r) {
		return
	}
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
	op, params, ok := catalog.Match(r.Method, rest)
	if !ok {
		if h, path, params, ok := matchUndocumented(r.Method, rest); ok {
			c.params, c.api = params, r.Method+" "+path
			c.op = catalog.Endpoint{Method: r.Method, Path: "/{org}/{app}/" + strings.Join(rest, "/"), Auth: catalog.AuthApp}
			if c.withinRateLimit(c.api) && c.authorize(authApp) {
				h(c)
			}
			return
		}
		if catalog.PathKnown(rest) {
			c.methodNotSupported()
			return
		}
		c.fail("http.unknown-api", nil)
		return
	}
	c.op, c.params, c.api = op, params, apiOf(r.Method, op.Segments())
	if !c.withinRateLimit(c.api) {
		return
	}
	if !c.authorize(authOf(op)) {
		return
	}
	h := implemented[op.Key()]
	if h == nil {
		c.notImplemented()
		return
	}
	h(c)
}

// notImplemented answers a documented operation the reference does not
// implement yet: 501, and a JSON body that says so, never an answer that
// could pass for the real service's.
func (c *call) notImplemented() {
	c.writeJSON(http.StatusNotImplemented, orderedJSON{
		{"error", "not_implemented"},
		{"timestamp", c.start.UnixMilli()}, {"duration", 0},
		{"error_description", fmt.Sprintf("the imconform reference server does not implement %s (%s) yet", c.op.Key(), c.op.API)},
		{"operation", c.op.Key()},
	})
}

// implemented maps documented operations ("METHOD /{org}/{app}/...") to
// their handlers; each area's file adds its own with implement.
var implemented = map[string]handler{}

// implement registers handlers by operation, written below the app
// ("GET /users/{username}"). A key that names no documented operation, or
// one already registered, is a programming error caught at start-up.
func implement(handlers map[string]handler) {
	for key, h := range handlers {
		method, path, _ := strings.Cut(key, " ")
		full := method + " /{org}/{app}" + path
		if _, ok := catalog.EndpointByKey(full); !ok {
			panic(fmt.Sprintf("refserver: %q is not a documented operation (harness/catalog/endpoints.tsv)", key))
		}
		if _, dup := implemented[full]; dup {
			panic(fmt.Sprintf("refserver: %q is implemented twice", key))
		}
		implemented[full] = h
	}
}

// undocumented are the operations the reference serves beyond the
// inventory, by method and path template below the app.
var undocumented = map[string]handler{}

// implementUndocumented registers handlers of operations the inventory does
// not list (see sdkextras.go).
func implementUndocumented(handlers map[string]handler) {
	for key, h := range handlers {
		undocumented[key] = h
	}
}

// matchUndocumented finds an undocumented operation for the request.
func matchUndocumented(method string, segs []string) (handler, string, map[string]string, bool) {
	for key, h := range undocumented {
		m, path, _ := strings.Cut(key, " ")
		if m != method {
			continue
		}
		tmpl := strings.Split(strings.Trim(path, "/"), "/")
		if len(tmpl) != len(segs) {
			continue
		}
		params := map[string]string{}
		ok := true
		for i, t := range tmpl {
			if strings.HasPrefix(t, "{") {
				params[t[1:len(t)-1]] = segs[i]
			} else if t != segs[i] {
				ok = false
				break
			}
		}
		if ok {
			return h, path, params, true
		}
	}
	return nil, "", nil, false
}

// Implemented lists the documented operations the reference implements, by
// key, sorted.
func Implemented() []string {
	out := make([]string, 0, len(implemented))
	for k := range implemented {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// param is the path parameter of one of the names given (operations that
// take one name or a comma list share a handler).
func (c *call) param(names ...string) string {
	for _, n := range names {
		if v, ok := c.params[n]; ok {
			return v
		}
	}
	return ""
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
		tok, failID := c.s.verify(c.r.Header.Get("Authorization"))
		if failID == "" && tok.user == "" {
			c.token = tok
			return true
		}
		if failID == "" {
			// A genuine token made for a user, not the app admin: the
			// token does not match the request (decisions.tsv).
			c.fail("auth.token-illegal", nil)
			return false
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
	if tok.user != "" && !userTokenAccepted[c.op.Key()] && !c.userMay(tok.user) {
		c.writeError(http.StatusUnauthorized, "unauthorized", "org.apache.shiro.authz.UnauthorizedException",
			fmt.Sprintf("Subject does not have permission [applications:%s:%s:%s]", strings.ToLower(c.r.Method), c.s.app.uuid, c.permissionPath()))
		return false
	}
	c.token = tok
	return true
}

// fail answers the request with catalogue row id, its description rendered
// with vars. It is the one place rows are answered, so a Fault on the row
// applies here.
func (c *call) fail(id string, vars catalog.Vars) {
	all := catalog.Vars{"uuid": c.s.app.uuid, "appkey": c.s.app.org + "#" + c.s.app.name}
	for k, v := range vars {
		all[k] = v
	}
	c.failText(id, catalog.Render(c.wording(id).Description, all))
}

func (c *call) failText(id, description string) { c.failWith(id, "", 0, description) }

// failWith answers row id like failText, with the error type of one of the
// row's documented variants (errType; empty for the row's own) and the
// numeric error_code the newest documents add to some rows (0 for none).
func (c *call) failWith(id, variantType string, code int, description string) {
	row := catalog.MustGet(id)
	b := behaviourOf(id)
	w := c.wording(id)
	// The edition's type; rows.tsv's where the row documents none.
	errType := w.Error
	if errType == "" {
		errType = b.errType
	}
	if variantType != "" {
		errType = variantType
	}
	exception := b.exception
	if c.s.opts.Edition == catalog.EditionLive && b.liveException != "" {
		exception = b.liveException
	}
	a := answer{status: w.Status, errType: errType, exception: exception, description: description, code: code,
		oauth: b.envelope == envelopeOAuth, bodyless: b.envelope == envelopeStatus, header: b.headers}
	if f := c.s.opts.faultOn(id); f != nil {
		a = applyFault(*f, row, a)
	}
	c.writeAnswer(a)
}

// wording is row id as the server's edition words it.
func (c *call) wording(id string) catalog.Expectation {
	return catalog.MustGet(id).Wording(c.s.opts.Edition)
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
	code                            int  // error_code, when the row's document gives one
	header                          http.Header
}

func (c *call) writeAnswer(a answer) {
	if !a.succeed {
		for k, v := range a.header {
			c.w.Header()[k] = v
		}
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
		if a.code != 0 {
			body = append(body, kv{"error_code", a.code})
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
			c.writeError(http.StatusBadRequest, "json_parse", behaviourOf("request.json-parse").exception, perr.message(javaHash()))
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

// Edition is the wording edition the server answers rows in.
func (s *Server) Edition() string {
	if s.opts.Edition == "" {
		return catalog.EditionDocument
	}
	return s.opts.Edition
}
