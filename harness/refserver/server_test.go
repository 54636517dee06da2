package refserver

import (
	"encoding/json"
	"fmt"
	"github.com/imconform/imconform/harness/fault"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

type refFixture struct {
	t   *testing.T
	srv *httptest.Server
	ref *Server
	now *time.Time
	mu  *sync.Mutex
}

func newTestServer(t *testing.T, opts Options) *refFixture {
	t.Helper()
	now := time.Unix(1_700_000_000, 0)
	mu := &sync.Mutex{}
	opts.Org, opts.App, opts.ClientID, opts.ClientSecret = "org", "app", "YXA6id", "YXA6secret"
	opts.Now = func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	ref := New(opts)
	srv := httptest.NewServer(ref)
	t.Cleanup(srv.Close)
	return &refFixture{t: t, srv: srv, ref: ref, now: &now, mu: mu}
}

func (s *refFixture) advance(d time.Duration) { s.mu.Lock(); *s.now = s.now.Add(d); s.mu.Unlock() }

// do sends a request; a body that is not a string is sent as JSON.
func (s *refFixture) do(method, path, token string, body any, headers ...string) (int, map[string]any) {
	s.t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	default:
		data, _ := json.Marshal(b)
		r = strings.NewReader(string(data))
		headers = append(headers, "Content-Type", "application/json")
	}
	req, _ := http.NewRequest(method, s.srv.URL+path, r)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := s.srv.Client().Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var out map[string]any
	json.Unmarshal(data, &out)
	return resp.StatusCode, out
}

func (s *refFixture) token(ttl int) string {
	s.t.Helper()
	body := map[string]any{"grant_type": "client_credentials", "client_id": "YXA6id", "client_secret": "YXA6secret"}
	if ttl >= 0 {
		body["ttl"] = ttl
	}
	status, out := s.do("POST", "/org/app/token", "", body)
	if status != 200 {
		s.t.Fatalf("token: %d %v", status, out)
	}
	return out["access_token"].(string)
}

func wantError(t *testing.T, status int, out map[string]any, wantStatus int, wantType, wantDesc string) {
	t.Helper()
	if status != wantStatus || out["error"] != wantType || out["error_description"] != wantDesc {
		t.Fatalf("got %d %v, want %d %s %q", status, out, wantStatus, wantType, wantDesc)
	}
}

func TestJacksonPositions(t *testing.T) {
	cases := []struct {
		body, text   string
		line, column int
		colon        bool
	}{
		{`{"username"="u1"}`, "Unexpected character ('=' (code 61)): was expecting a colon to separate field name and value", 1, 13, true},
		// The document's own example: '=' in column 22 is reported as column 23.
		{`{"password":"123456","username"="u1"}`, "Unexpected character ('=' (code 61)): was expecting a colon to separate field name and value", 1, 33, true},
		{"{\n  \"a\": 1,\n  \"b\" = 2\n}", "Unexpected character ('=' (code 61)): was expecting a colon to separate field name and value", 3, 8, true},
		{`{"a":1,}`, "Unexpected character ('}' (code 125)): was expecting double-quote to start field name", 1, 9, false},
		{`{"a":1 "b":2}`, "Unexpected character ('\"' (code 34)): was expecting comma to separate OBJECT entries", 1, 9, false},
		{`[1 2]`, "Unexpected character ('2' (code 50)): was expecting comma to separate ARRAY entries", 1, 5, false},
		{`{"a":x}`, "Unexpected character ('x' (code 120)): expected a valid value (number, String, array, object, 'true', 'false' or 'null')", 1, 7, false},
		{`{"a":tru}`, "Unrecognized token 'tru': was expecting 'true'", 1, 10, false},
		{`{"a":1`, "Unexpected end-of-input: expected close marker for OBJECT", 1, 8, false},
	}
	for _, c := range cases {
		err := checkJSON([]byte(c.body))
		if err == nil {
			t.Errorf("%q: accepted", c.body)
			continue
		}
		if err.text != c.text || err.line != c.line || err.column != c.column || err.colonExpected != c.colon {
			t.Errorf("%q:\n got %q line %d column %d colon %v\nwant %q line %d column %d colon %v", c.body, err.text, err.line, err.column, err.colonExpected, c.text, c.line, c.column, c.colon)
		}
	}
	for _, ok := range []string{`{}`, `[]`, `{"a":[1,-2.5e3,true,false,null,"x\"y"],"b":{}}`, " \n{\"a\" : 1}\n", `{"a":1} trailing`} {
		if err := checkJSON([]byte(ok)); err != nil {
			t.Errorf("%q rejected: %s", ok, err.message("0"))
		}
	}
}

func TestJSONParseAnswerCarriesTheRealNewlineAndPosition(t *testing.T) {
	s := newTestServer(t, Options{})
	status, out := s.do("POST", "/org/app/users", s.token(-1), `{"username"="u1"}`, "Content-Type", "application/json")
	desc, _ := out["error_description"].(string)
	if status != 400 || out["error"] != "json_parse" || !strings.Contains(desc, "value\n at [Source: java.io.BufferedInputStream@") || !strings.HasSuffix(desc, "; line: 1, column: 13]") {
		t.Fatalf("got %d %v", status, out)
	}
}

func TestRegistration(t *testing.T) {
	s := newTestServer(t, Options{})
	tok := s.token(-1)
	status, out := s.do("POST", "/org/app/users", "", map[string]string{"username": "u1", "password": "p"})
	wantError(t, status, out, 401, "unauthorized", "registration is not open, please contact the app admin")
	status, out = s.do("POST", "/org/app/users", "YWMtbogus", map[string]string{"username": "u1", "password": "p"})
	wantError(t, status, out, 401, "unauthorized", "registration is not open, please contact the app admin")

	status, out = s.do("POST", "/org/app/users", tok, map[string]string{"password": "p"})
	wantError(t, status, out, 400, "illegal_argument", "Entity user requires a property named username")
	status, out = s.do("POST", "/org/app/users", tok, map[string]string{"username": "u1", "password": ""})
	wantError(t, status, out, 400, "illegal_argument", "password or pin must provided")
	status, out = s.do("POST", "/org/app/users", tok, map[string]string{"username": "a@b.com", "password": "p"})
	wantError(t, status, out, 400, "illegal_argument", "username is not legal")
	status, out = s.do("POST", "/org/app/users", tok, map[string]string{"username": strings.Repeat("a", 65), "password": "p"})
	wantError(t, status, out, 400, "illegal_argument", "USERNAME_TOO_LONG")

	if status, out = s.do("POST", "/org/app/users", tok, map[string]string{"username": "User1", "password": "p"}); status != 200 {
		t.Fatalf("register: %d %v", status, out)
	}
	status, out = s.do("POST", "/org/app/users", tok, map[string]string{"username": "user1", "password": "q"})
	wantError(t, status, out, 400, "duplicate_unique_property_exists", "Application null Entity user requires that property named username be unique, value of user1 exists")

	// A JSON object without Content-Type is accepted; an array is not.
	if status, out = s.do("POST", "/org/app/users", tok, `{"username":"u2","password":"p"}`); status != 200 {
		t.Fatalf("object without Content-Type: %d %v", status, out)
	}
	status, out = s.do("POST", "/org/app/users", tok, `[{"username":"u3","password":"p"}]`)
	wantError(t, status, out, 415, "web_application", "Unsupported Media Type.")
	status, out = s.do("POST", "/org/app/users", tok, `{"username":"u3","password":"p"}`, "Content-Type", "text/plain")
	wantError(t, status, out, 415, "web_application", "Unsupported Media Type.")

	// Batch: created users in entities, existing ones in data.
	status, out = s.do("POST", "/org/app/users", tok, []map[string]string{{"username": "u4", "password": "p"}, {"username": "u2", "password": "p"}})
	if status != 200 || len(out["entities"].([]any)) != 1 || len(out["data"].([]any)) != 1 {
		t.Fatalf("batch: %d %v", status, out)
	}

	open := newTestServer(t, Options{OpenRegistration: true})
	if status, out = open.do("POST", "/org/app/users", "", map[string]string{"username": "u1", "password": "p"}); status != 200 {
		t.Fatalf("open registration: %d %v", status, out)
	}
}

func TestTokens(t *testing.T) {
	s := newTestServer(t, Options{})
	status, out := s.do("POST", "/org/app/token", "", map[string]string{"grant_type": "client_credentials", "client_id": "YXA6id", "client_secret": "wrong"})
	if status != 400 || out["error"] != "invalid_grant" || len(out) != 2 {
		t.Fatalf("wrong secret: %d %v (want the two-field OAuth body)", status, out)
	}
	short := s.token(1)
	forever := s.token(0)
	if status, out := s.do("GET", "/org/app/users", short, nil); status != 200 {
		t.Fatalf("fresh token refused: %d %v", status, out)
	}
	s.advance(time.Second)
	status, out = s.do("GET", "/org/app/users", short, nil)
	wantError(t, status, out, 401, "unauthorized", "Unable to authenticate due to expired access token")
	s.advance(1000 * time.Hour)
	if status, _ := s.do("GET", "/org/app/users", forever, nil); status != 200 {
		t.Fatal("ttl 0 token expired")
	}
	status, out = s.do("GET", "/org/app/users", "", nil)
	wantError(t, status, out, 401, "unauthorized", "Unable to authenticate due to expired access token")
	status, out = s.do("GET", "/org/app/users", "not a token", nil)
	wantError(t, status, out, 401, "auth_bad_access_token", "Unable to authenticate due to corrupt access token")
	forged := []byte(forever)
	forged[10] ^= 1 // stays in the base64url alphabet for letters and digits
	if !wellFormed(string(forged)) {
		t.Skip("flipped into a character outside the alphabet")
	}
	status, out = s.do("GET", "/org/app/users", string(forged), nil)
	wantError(t, status, out, 401, "auth_bad_access_token", "Unable to authenticate")

	// Password grant.
	tok := forever
	s.do("POST", "/org/app/users", tok, map[string]string{"username": "u1", "password": "right"})
	status, out = s.do("POST", "/org/app/token", "", map[string]string{"grant_type": "password", "username": "u1", "password": "wrong"})
	if status != 400 || out["error"] != "invalid_grant" || out["error_description"] != "Invalid username or password" || len(out) != 2 {
		t.Fatalf("wrong password: %d %v", status, out)
	}
	status, out = s.do("POST", "/org/app/token", "", map[string]string{"grant_type": "password", "username": "u1", "password": "right"})
	if status != 200 || out["user"] == nil {
		t.Fatalf("password grant: %d %v", status, out)
	}
	userToken := out["access_token"].(string)
	if status, _ := s.do("GET", "/org/app/users", userToken, nil); status != 401 {
		t.Fatalf("user token on an admin API: %d", status)
	}
}

func TestUnknownAppEchoesThePath(t *testing.T) {
	s := newTestServer(t, Options{})
	status, out := s.do("POST", "/nosuch/x/token", "", map[string]string{})
	wantError(t, status, out, 404, "organization_application_not_found", "Could not find application for nosuch/x from URI: nosuch/x/token.")
	status, out = s.do("GET", "/nosuch/x/users/u1", "", nil)
	wantError(t, status, out, 404, "organization_application_not_found", "Could not find application for nosuch/x from URI: nosuch/x/users/u1.")
}

func TestUserLifecycleAndErrors(t *testing.T) {
	s := newTestServer(t, Options{})
	tok := s.token(-1)
	status, out := s.do("GET", "/org/app/users/nosuch", tok, nil)
	wantError(t, status, out, 404, "service_resource_not_found", "Service resource not found")
	status, out = s.do("DELETE", "/org/app/users/nosuch", tok, nil)
	wantError(t, status, out, 404, "service_resource_not_found", "Service resource not found")
	status, out = s.do("PUT", "/org/app/users/nosuch", tok, map[string]string{"nickname": "x"})
	wantError(t, status, out, 400, "required_property_not_found", "Entity user requires a property named username")

	s.do("POST", "/org/app/users", tok, map[string]string{"username": "u1", "password": "p0"})
	status, out = s.do("PUT", "/org/app/users/u1/password", tok, map[string]string{})
	wantError(t, status, out, 400, "illegal_argument", "newpassword is required")
	status, out = s.do("PUT", "/org/app/users/u1/password", "", map[string]string{"newpassword": "p1"})
	wantError(t, status, out, 400, "illegal_argument", "oldPassword is required")
	if status, out = s.do("PUT", "/org/app/users/u1/password", "", map[string]string{"newpassword": "p1", "oldpassword": "p0"}); status != 200 {
		t.Fatalf("self-service change: %d %v", status, out)
	}
	if status, out = s.do("PUT", "/org/app/users/u1/password", tok, map[string]string{"newpassword": "p2"}); status != 200 {
		t.Fatalf("admin change: %d %v", status, out)
	}
	status, out = s.do("PUT", "/org/app/users/nosuch/password", tok, map[string]string{"newpassword": "p2"})
	wantError(t, status, out, 404, "entity_not_found", "User null not found")

	status, out = s.do("GET", "/org/app/users?ql="+strings.ReplaceAll("select * where username contains 'u'", " ", "%20"), tok, nil)
	wantError(t, status, out, 500, "no_full_text_index", "Entity 'user' with property named 'username' is not full text indexed. You cannot use the 'contains' operand on this field")
	status, out = s.do("GET", "/org/app/users?ql="+strings.ReplaceAll("select * where username='u1'", " ", "%20"), tok, nil)
	if status != 200 || len(out["entities"].([]any)) != 1 {
		t.Fatalf("ql equality: %d %v", status, out)
	}
	if status, _ = s.do("DELETE", "/org/app/users/u1", tok, nil); status != 200 {
		t.Fatal("delete")
	}
	if len(s.ref.Usernames()) != 0 {
		t.Fatalf("users left: %v", s.ref.Usernames())
	}
}

func TestListPagesWithACursor(t *testing.T) {
	s := newTestServer(t, Options{})
	tok := s.token(-1)
	for i := 0; i < 5; i++ {
		s.do("POST", "/org/app/users", tok, map[string]string{"username": fmt.Sprintf("u%d", i), "password": "p"})
	}
	var seen []string
	path := "/org/app/users?limit=2"
	for pages := 0; pages < 5; pages++ {
		status, out := s.do("GET", path, tok, nil)
		if status != 200 {
			t.Fatalf("%d %v", status, out)
		}
		for _, e := range out["entities"].([]any) {
			seen = append(seen, e.(map[string]any)["username"].(string))
		}
		cur, ok := out["cursor"].(string)
		if !ok {
			break
		}
		path = "/org/app/users?limit=2&cursor=" + cur
	}
	if strings.Join(seen, ",") != "u0,u1,u2,u3,u4" {
		t.Fatalf("paged %v", seen)
	}
}

func TestStatusFaultLeavesTheNeighbouringUserRow(t *testing.T) {
	s := newTestServer(t, Options{Fault: &fault.Fault{ID: "users.get.not-found", Kind: fault.Status}})
	tok := s.token(-1)
	if status, _ := s.do("GET", "/org/app/users/nosuch", tok, nil); status != 410 {
		t.Fatalf("faulted row answered %d", status)
	}
	status, out := s.do("DELETE", "/org/app/users/nosuch", tok, nil)
	wantError(t, status, out, 404, "service_resource_not_found", "Service resource not found")
}

// TestConcurrentUse is meant for `go test -race`.
func TestConcurrentUse(t *testing.T) {
	// The clock stands still here, so a rate limit would never refill.
	limits := Profile()
	limits.APIRatePerSecond = 0
	s := newTestServer(t, Options{Limits: &limits})
	tok := s.token(-1)
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				name := fmt.Sprintf("w%d-u%d", w, i)
				s.do("POST", "/org/app/users", tok, map[string]string{"username": name, "password": "p"})
				s.do("GET", "/org/app/users/"+name, tok, nil)
				s.do("GET", "/org/app/users?limit=5", tok, nil)
				s.token(-1)
				s.do("DELETE", "/org/app/users/"+name, tok, nil)
			}
		}(w)
	}
	wg.Wait()
	if n := len(s.ref.Usernames()); n != 0 {
		t.Fatalf("%d users left", n)
	}
}
