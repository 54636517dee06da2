package refserver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/matchers"
)

// fuzzWorld is a fresh reference server for one fuzz input, with what the
// documented operations need to get past their first checks: two users, a
// group and a chat room, an app token and a user token. A fresh one per
// input keeps every failure reproducible from its input alone.
type fuzzWorld struct {
	s                  *Server
	appToken, user     string
	group, room, clock string
}

// fuzzClock is the fixed time of every fuzz server.
var fuzzClock = time.Date(2026, 11, 28, 12, 30, 0, 0, time.UTC)

func newFuzzWorld(t testing.TB) *fuzzWorld {
	s := New(Options{Org: "org", App: "app", ClientID: "YXA6id", ClientSecret: "YXA6secret", Now: func() time.Time { return fuzzClock }})
	w := &fuzzWorld{s: s, appToken: s.issue("", 0).value, clock: fuzzClock.Format(hourLayout)}
	w.setup(t, "POST", "/org/app/users", `[{"username":"u1","password":"p1"},{"username":"u2","password":"p2"}]`)
	w.user = s.issue("u1", 0).value
	w.group = w.setup(t, "POST", "/org/app/chatgroups", `{"groupname":"g","desc":"d","public":true,"maxusers":50,"owner":"u1","members":["u2"]}`)["groupid"].(string)
	w.room = w.setup(t, "POST", "/org/app/chatrooms", `{"name":"r","description":"d","maxusers":50,"owner":"u1","members":["u2"]}`)["id"].(string)
	w.setup(t, "POST", "/org/app/messages", `{"target_type":"users","target":["u2"],"msg":{"type":"txt","msg":"hi"},"from":"u1"}`)
	return w
}

// setup sends a fixture request and returns the answer's "data" object.
func (w *fuzzWorld) setup(t testing.TB, method, path, body string) map[string]any {
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Authorization", "Bearer "+w.appToken)
	rec := httptest.NewRecorder()
	w.s.ServeHTTP(rec, r)
	var out struct {
		Data any `json:"data"`
	}
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &out) != nil {
		t.Fatalf("fixture %s %s: %d %s", method, path, rec.Code, rec.Body)
	}
	data, _ := out.Data.(map[string]any)
	return data
}

// defaultParam is the value of a path parameter the input leaves out: one
// that names something the world holds.
func (w *fuzzWorld) defaultParam(name string) string {
	switch name {
	case "org":
		return "org"
	case "app":
		return "app"
	case "group_id":
		return w.group
	case "chatroom_id":
		return w.room
	case "time":
		return w.clock
	case "usernames", "members":
		return "u1,u2"
	case "username", "owner", "member", "friend_username", "peer":
		return "u1"
	}
	return "x1"
}

var templateParam = strings.NewReplacer("{", "", "}", "")

// fuzzRequest builds the request of one input. op picks a documented
// operation (catalog.Endpoints) or, one past the last, a fully arbitrary
// path; params fills the path parameters in order ("|" between them,
// defaults for the rest); rest is the query of an operation or the whole
// path; method "" keeps the operation's; headers are "Name: value" lines;
// auth picks the Authorization header.
func (w *fuzzWorld) fuzzRequest(endpoints []catalog.Endpoint, op uint16, method, params, rest, headers string, auth uint8, body io.Reader) *http.Request {
	u := &url.URL{}
	i := int(op) % (len(endpoints) + 1)
	if i == len(endpoints) {
		if parsed, err := url.ParseRequestURI(rest); err == nil {
			u = parsed
		} else {
			u.Path = rest
		}
	} else {
		e := endpoints[i]
		if method == "" {
			method = e.Method
		}
		pieces := strings.Split(params, "|")
		segs := strings.Split(strings.Trim(e.Path, "/"), "/")
		n := 0
		for j, seg := range segs {
			if !strings.HasPrefix(seg, "{") {
				continue
			}
			if n < len(pieces) && pieces[n] != "" {
				segs[j] = pieces[n]
			} else {
				segs[j] = w.defaultParam(templateParam.Replace(seg))
			}
			n++
		}
		u.Path = "/" + strings.Join(segs, "/")
		u.RawQuery = rest
	}
	r := &http.Request{Method: method, URL: u, Host: "127.0.0.1:8080", Header: http.Header{}, Body: io.NopCloser(body),
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, RemoteAddr: "127.0.0.1:40000", RequestURI: u.RequestURI()}
	if r.Method == "" {
		r.Method = http.MethodGet
	}
	r.Header.Set("Content-Type", "application/json")
	for _, line := range strings.Split(headers, "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) != "" {
			r.Header.Set(strings.TrimSpace(k), strings.TrimSpace(v))
		}
	}
	switch auth % 5 {
	case 0:
		r.Header.Set("Authorization", "Bearer "+w.appToken)
	case 1:
		r.Header.Del("Authorization")
	case 2:
		r.Header.Set("Authorization", "Bearer "+w.user)
	case 3:
		r.Header.Set("Authorization", "Bearer YWMt"+strings.Repeat("A", 40))
	case 4: // whatever the headers said
	}
	return r
}

// documented5xx are the catalogue's 500 rows, the server errors a client
// can be answered with (checked with the suite's own matcher). The gateway
// rows (502-504) are the reference's only when Options.Answers says so,
// which no fuzz server does.
func documented5xx() map[int][]string {
	out := map[int][]string{}
	for _, r := range catalog.All() {
		if r.Status == http.StatusInternalServerError {
			out[r.Status] = append(out[r.Status], r.ID)
		}
	}
	return out
}

// answerProblem says what is wrong with an answer of the reference ("" when
// nothing is): a server error that is not documented (only the 501 JSON of
// an operation not implemented yet is allowed besides), an error outside
// the documented envelope, a success that is not JSON.
func answerProblem(rec *httptest.ResponseRecorder, rows5xx map[int][]string) string {
	status, body := rec.Code, rec.Body.Bytes()
	reply := matchers.Reply{Status: status, Header: rec.Header(), Body: body}
	switch {
	case status < 200 || status > 599:
		return fmt.Sprintf("status %d", status)
	case status == http.StatusNotImplemented:
		if _, ok := errorEnvelope(body); !ok {
			return fmt.Sprintf("501 without a JSON error body: %q", body)
		}
	case status >= 500:
		errType := ""
		if obj, ok := errorObject(body); ok {
			json.Unmarshal(obj["error"], &errType)
		}
		for _, id := range rows5xx[status] {
			if ok, _ := matchers.BeDocumentedError(id, nil).Match(reply); ok {
				return ""
			}
			// The row's wording with the request's own word in it, as the
			// real server echoes it (users.query.contains names the
			// property queried): the row's status and error type.
			if row := catalog.MustGet(id); row.Error != "" && row.Error == errType {
				return ""
			}
		}
		return fmt.Sprintf("undocumented server error %d %q", status, body)
	case status >= 400:
		if len(body) == 0 {
			if status != http.StatusMethodNotAllowed && status != http.StatusRequestTimeout {
				return fmt.Sprintf("%d without a body; only 405 and 408 are documented bodyless", status)
			}
			return ""
		}
		if problem, ok := errorEnvelope(body); !ok {
			return fmt.Sprintf("%d breaks the error envelope (%s): %q", status, problem, body)
		}
		if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			return fmt.Sprintf("%d error body with Content-Type %q", status, ct)
		}
	default:
		if !json.Valid(body) {
			return fmt.Sprintf("%d with a body that is not JSON: %q", status, body)
		}
	}
	return ""
}

func checkAnswer(t *testing.T, req string, rec *httptest.ResponseRecorder, rows5xx map[int][]string) {
	t.Helper()
	if problem := answerProblem(rec, rows5xx); problem != "" {
		t.Fatalf("%s: %s", req, problem)
	}
}

// TestAnswerProblemRefusesBrokenAnswers: the fuzz target's oracle tells the
// answers the reference must never give from the ones it gives.
func TestAnswerProblemRefusesBrokenAnswers(t *testing.T) {
	rows5xx := documented5xx()
	answer := func(status int, contentType, body string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		if contentType != "" {
			rec.Header().Set("Content-Type", contentType)
		}
		rec.WriteHeader(status)
		rec.WriteString(body)
		return rec
	}
	const js = "application/json;charset=UTF-8"
	for name, c := range map[string]struct {
		rec  *httptest.ResponseRecorder
		want bool // a problem is expected
	}{
		"documented 500":          {answer(500, js, `{"error":"unsupported_service_operation","error_description":"Service operation not supported."}`), false},
		"undocumented 500":        {answer(500, js, `{"error":"internal","error_description":"NullPointerException"}`), true},
		"502":                     {answer(502, "", ""), true},
		"501 JSON":                {answer(501, js, `{"error":"not_implemented","error_description":"not implemented yet"}`), false},
		"501 bare":                {answer(501, "", ""), true},
		"404 envelope":            {answer(404, js, `{"error":"service_resource_not_found","error_description":"Service resource not found"}`), false},
		"OAuth body":              {answer(400, js, `{"error":"invalid_grant","error_description":"client_id does not match"}`), false},
		"405 bodyless":            {answer(405, "", ""), false},
		"400 bodyless":            {answer(400, "", ""), true},
		"numeric description":     {answer(400, js, `{"error":"x","error_description":1}`), true},
		"no error":                {answer(400, js, `{"error_description":"x"}`), true},
		"HTML error":              {answer(404, "text/html", `<html></html>`), true},
		"JSON error as text":      {answer(404, "text/plain", `{"error":"x"}`), true},
		"success JSON":            {answer(200, js, `{"action":"get"}`), false},
		"success that is no JSON": {answer(200, js, `ok`), true},
	} {
		if got := answerProblem(c.rec, rows5xx) != ""; got != c.want {
			t.Errorf("%s: problem %v, want %v (%s)", name, got, c.want, answerProblem(c.rec, rows5xx))
		}
	}
}

// errorEnvelope checks body is a JSON object with a string "error" and, if
// present, a string "error_description".
func errorEnvelope(body []byte) (string, bool) {
	obj, ok := errorObject(body)
	if !ok {
		return "not a JSON object", false
	}
	var s string
	if raw, ok := obj["error"]; !ok || json.Unmarshal(raw, &s) != nil {
		return "no string \"error\"", false
	}
	if raw, ok := obj["error_description"]; ok && json.Unmarshal(raw, &s) != nil {
		return "\"error_description\" is not a string", false
	}
	return "", true
}

func errorObject(body []byte) (map[string]json.RawMessage, bool) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(body, &obj); err != nil || obj == nil {
		return nil, false
	}
	return obj, true
}

// FuzzServeHTTP sends any method, path, headers and body to every route of
// the reference server (see fuzzRequest for how the input is read).
func FuzzServeHTTP(f *testing.F) {
	endpoints := catalog.Endpoints()
	for i := range endpoints {
		f.Add(uint16(i), "", "", "", "", []byte(`{}`), uint8(0))
	}
	f.Add(uint16(len(endpoints)), "GET", "", "/org/app/users?limit=2", "", []byte(nil), uint8(0))
	rows5xx := documented5xx()
	f.Fuzz(func(t *testing.T, op uint16, method, params, rest, headers string, body []byte, auth uint8) {
		w := newFuzzWorld(t)
		r := w.fuzzRequest(endpoints, op, method, params, rest, headers, auth, bytes.NewReader(body))
		r.ContentLength = int64(len(body))
		rec := httptest.NewRecorder()
		w.s.ServeHTTP(rec, r)
		checkAnswer(t, fmt.Sprintf("%s %s (body %d bytes)", r.Method, r.URL, len(body)), rec, rows5xx)
	})
}

// endlessJSON is a body of size bytes that opens a JSON string and never
// closes it, generated as it is read.
type endlessJSON struct{ left, read int64 }

func (b *endlessJSON) Read(p []byte) (int, error) {
	if b.left <= 0 {
		return 0, io.EOF
	}
	n := min(int64(len(p)), b.left)
	for i := range p[:n] {
		p[i] = 'x'
	}
	if b.read == 0 && n >= 6 {
		copy(p, `{"a":"`)
	}
	b.left -= n
	b.read += n
	return int(n), nil
}

// TestHugeBodiesKeepMemoryBounded sends a 64 MiB body to every documented
// operation and to an unknown path: the server must answer as it would any
// bad body, allocating a small fraction of the body (it reads at most
// maxBody of a JSON body and streams uploads).
func TestHugeBodiesKeepMemoryBounded(t *testing.T) {
	const size = 64 << 20
	endpoints := catalog.Endpoints()
	rows5xx := documented5xx()
	var most uint64
	defer func() { t.Logf("most allocated for one %d MiB body: %d KiB", size>>20, most>>10) }()
	for op := range len(endpoints) + 1 {
		w := newFuzzWorld(t)
		body := &endlessJSON{left: size}
		r := w.fuzzRequest(endpoints, uint16(op), "", "", "/org/app/nowhere", "", 0, body)
		r.ContentLength = size
		if op < len(endpoints) && endpoints[op].AppPath() == "/chatfiles" {
			r.Header.Set("Content-Type", "multipart/form-data; boundary=xyz")
		}
		rec := httptest.NewRecorder()
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		w.s.ServeHTTP(rec, r)
		runtime.ReadMemStats(&after)
		req := fmt.Sprintf("%s %s with a %d MiB body", r.Method, r.URL.Path, size>>20)
		checkAnswer(t, req, rec, rows5xx)
		allocated := after.TotalAlloc - before.TotalAlloc
		most = max(most, allocated)
		if allocated > size/8 {
			t.Errorf("%s: allocated %d bytes, more than an eighth of the body", req, allocated)
		}
	}
}
