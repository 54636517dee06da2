package matchers

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gavv/httpexpect/v2"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/redact"
)

func reply(status int, body string) Reply {
	return Reply{Status: status, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(body)}
}

type matchCase struct {
	name    string
	id      string
	vars    catalog.Vars
	strict  string // the edition strict mode accepts; empty accepts all
	reply   Reply
	want    bool
	matched string   // expected Matched() on success
	explain []string // substrings the failure message must hold
}

const notFound = `{"error":"service_resource_not_found","exception":"UserNotFoundException","timestamp":1709867821788,"duration":0,"error_description":"Service resource not found"}`

func TestBeDocumentedError(t *testing.T) {
	jsonParse := "Unexpected character ('=' (code 61)): was expecting a colon to separate field name and value\\n at [Source: java.io.BufferedInputStream@170e3f35; line: 1, column: 23]"
	cases := []matchCase{
		{name: "canonical", id: "users.get.not-found", reply: reply(404, notFound), want: true, matched: "document"},
		{name: "key order and extra fields do not matter", id: "users.get.not-found",
			reply: reply(404, `{"error_description":"Service resource not found","duration":3,"error":"service_resource_not_found","extra":[1]}`), want: true, matched: "document"},
		{name: "exception is informational", id: "users.get.not-found",
			reply: reply(404, `{"error":"service_resource_not_found","exception":"Whatever","error_description":"Service resource not found"}`), want: true},
		{name: "wrong status", id: "users.get.not-found", reply: reply(400, notFound),
			explain: []string{"users.get.not-found", "status:", "expected 404, got 400  ✗"}},
		{name: "wrong error type", id: "users.get.not-found",
			reply:   reply(404, strings.Replace(notFound, `"service_resource_not_found"`, `"resource_not_found"`, 1)),
			explain: []string{`error:`, `expected "service_resource_not_found", got "resource_not_found"  ✗`}},
		{name: "near-miss text", id: "users.get.not-found",
			reply:   reply(404, strings.Replace(notFound, "Service resource not found", "Service resource not found.", 1)),
			explain: []string{`got "Service resource not found."  ✗`}},
		{name: "case differs", id: "users.get.not-found",
			reply: reply(404, strings.Replace(notFound, "Service resource", "service resource", 1))},
		{name: "description missing", id: "users.get.not-found",
			reply: reply(404, `{"error":"service_resource_not_found"}`), explain: []string{"got (absent)  ✗"}},
		{name: "description not a string", id: "users.get.not-found",
			reply: reply(404, `{"error":"service_resource_not_found","error_description":42}`), explain: []string{"not a string"}},
		{name: "HTML page from a proxy", id: "users.get.not-found",
			reply:   Reply{Status: 404, Header: http.Header{"Content-Type": {"text/html"}}, Body: []byte("<html><body>404 Not Found</body></html>")},
			explain: []string{"not a JSON object", "text/html", "<html>"}},
		{name: "empty body", id: "users.get.not-found", reply: Reply{Status: 404}, explain: []string{"empty"}},
		{name: "JSON array", id: "users.get.not-found", reply: reply(404, `[]`), explain: []string{"not a JSON object"}},
		{name: "success instead of the error", id: "users.get.not-found", reply: reply(200, `{"action":"get","entities":[]}`),
			explain: []string{"expected 404, got 200", "(absent)"}},

		{name: "two-field OAuth body", id: "token.invalid-grant",
			reply: reply(400, `{"error_description":"Invalid username or password","error":"invalid_grant"}`), want: true, matched: "document"},
		{name: "captured lower-case variant", id: "token.invalid-grant",
			reply: reply(400, `{"error":"invalid_grant","error_description":"invalid username or password"}`), want: true, matched: "variant"},
		{name: "strict mode refuses the variant", id: "token.invalid-grant", strict: "document",
			reply: reply(400, `{"error":"invalid_grant","error_description":"invalid username or password"}`), explain: []string{"strict mode"}},
		{name: "the live wording is named live", id: "token.invalid-grant",
			reply: reply(400, `{"error":"invalid_grant","error_description":"invalid password"}`), want: true, matched: "live ("},
		{name: "strict live accepts the live wording", id: "token.invalid-grant", strict: "live",
			reply: reply(400, `{"error":"invalid_grant","error_description":"invalid password"}`), want: true, matched: "live ("},
		{name: "strict live refuses the document wording", id: "token.invalid-grant", strict: "live",
			reply:   reply(400, `{"error":"invalid_grant","error_description":"Invalid username or password"}`),
			explain: []string{"live edition's wording (strict mode)", `expected "invalid password"`}},
		{name: "strict live accepts a row the live edition words as the document", id: "users.get.not-found", strict: "live",
			reply: reply(404, notFound), want: true, matched: "document, live"},
		{name: "a variant with its own status and type", id: "groups.members.batch-add-unknown", vars: catalog.Vars{"username": "nosuch"},
			reply: reply(404, `{"error":"resource_not_found","error_description":"username nosuch doesn't exist!"}`), want: true, matched: "live ("},
		{name: "a variant's status does not combine with the canonical text", id: "groups.members.batch-add-unknown", vars: catalog.Vars{"username": "nosuch"},
			reply: reply(404, `{"error":"illegal_argument","error_description":"group member nosuch doesn't exist"}`)},

		{name: "placeholder from the spec", id: "users.register.duplicate", vars: catalog.Vars{"username": "imc-a-1-u1"},
			reply: reply(400, `{"error":"duplicate_unique_property_exists","error_description":"Application null Entity user requires that property named username be unique, value of imc-a-1-u1 exists"}`), want: true},
		{name: "placeholder with another value", id: "users.register.duplicate", vars: catalog.Vars{"username": "imc-a-1-u1"},
			reply:   reply(400, `{"error":"duplicate_unique_property_exists","error_description":"Application null Entity user requires that property named username be unique, value of imc-a-1-u2 exists"}`),
			explain: []string{"value of imc-a-1-u1 exists"}},
		{name: "placeholder value is literal, not a pattern", id: "users.register.duplicate", vars: catalog.Vars{"username": "a.b"},
			reply: reply(400, `{"error":"duplicate_unique_property_exists","error_description":"Application null Entity user requires that property named username be unique, value of aXb exists"}`)},
		{name: "uuid variant", id: "users.register.duplicate", vars: catalog.Vars{"username": "u1"},
			reply: reply(400, `{"error":"duplicate_unique_property_exists","error_description":"Application 8be024f0-e978-11e8-b697-5d598d5f8402 Entity user requires that property named username be unique, value of u1 exists"}`), want: true, matched: "variant"},

		{name: "json_parse with any hash", id: "request.json-parse", vars: catalog.Vars{"line": "1", "column": "23"},
			reply: reply(400, `{"error":"json_parse","error_description":"`+jsonParse+`"}`), want: true},
		{name: "json_parse with the wrong column", id: "request.json-parse", vars: catalog.Vars{"line": "1", "column": "22"},
			reply: reply(400, `{"error":"json_parse","error_description":"`+jsonParse+`"}`)},
		{name: "json_parse with a space for the newline", id: "request.json-parse", vars: catalog.Vars{"line": "1", "column": "23"},
			reply: reply(400, `{"error":"json_parse","error_description":"`+strings.Replace(jsonParse, `\n`, " ", 1)+`"}`)},

		{name: "bodyless row: status only", id: "http.method-not-allowed", reply: Reply{Status: 405, Body: []byte("<html>Method Not Allowed</html>")}, want: true},
		{name: "bodyless row: wrong status", id: "http.method-not-allowed", reply: Reply{Status: 404}, explain: []string{"expected 405, got 404"}},
		{name: "row without an error type checks the text", id: "presence.sub-self",
			reply: reply(400, `{"error":"illegal_argument","error_description":"you can't sub yourself"}`), want: true},
		{name: "row without an error type, wrong text", id: "presence.sub-self",
			reply: reply(400, `{"error":"illegal_argument","error_description":"you can't sub yourself!"}`)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := BeDocumentedError(c.id, c.vars, StrictEdition(c.strict))
			ok, err := m.Match(c.reply)
			if err != nil {
				t.Fatalf("error: %v", err)
			}
			if ok != c.want {
				t.Fatalf("Match = %v, want %v\n%s", ok, c.want, m.FailureMessage(c.reply))
			}
			if ok && c.matched != "" && !strings.HasPrefix(m.Matched(), c.matched) {
				t.Errorf("Matched() = %q, want %q", m.Matched(), c.matched)
			}
			if !ok {
				msg := m.FailureMessage(c.reply)
				for _, want := range append([]string{c.id}, c.explain...) {
					if !strings.Contains(msg, want) {
						t.Errorf("failure message lacks %q:\n%s", want, msg)
					}
				}
			}
		})
	}
}

func TestMissingPlaceholderValueIsAnError(t *testing.T) {
	m := BeDocumentedError("users.register.duplicate", nil)
	_, err := m.Match(reply(400, `{"error":"duplicate_unique_property_exists","error_description":"x"}`))
	if err == nil || !strings.Contains(err.Error(), "{username}") {
		t.Fatalf("want an error naming {username}, got %v", err)
	}
}

func TestActualOfTheWrongKindIsAnError(t *testing.T) {
	for _, actual := range []any{nil, "a string", (*Reply)(nil), (*http.Response)(nil)} {
		if _, err := BeDocumentedError("users.get.not-found", nil).Match(actual); err == nil {
			t.Errorf("%#v: no error", actual)
		}
	}
}

func TestFailureMessageHidesSecrets(t *testing.T) {
	redact.Register("YWMt-secret-token-value")
	m := BeDocumentedError("token.invalid-grant", nil)
	r := reply(200, `{"access_token":"YWMt-secret-token-value","expires_in":3600}`)
	if ok, _ := m.Match(r); ok {
		t.Fatal("a token grant matched an error row")
	}
	if msg := m.FailureMessage(r); strings.Contains(msg, "YWMt-secret-token-value") {
		t.Fatalf("secret in failure message:\n%s", msg)
	}
}

// TestWithHTTPExpect runs the matcher on real httpexpect responses from a
// loopback server, as specs use it.
func TestWithHTTPExpect(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/right":
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(404)
			w.Write([]byte(notFound))
		case "/html":
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(502)
			w.Write([]byte("<html>Bad Gateway</html>"))
		}
	}))
	defer srv.Close()
	e := httpexpect.Default(t, srv.URL)
	if ok, err := BeDocumentedError("users.get.not-found", nil).Match(e.GET("/right").Expect()); !ok || err != nil {
		t.Fatalf("right answer: %v %v", ok, err)
	}
	m := BeDocumentedError("users.get.not-found", nil)
	resp := e.GET("/html").Expect()
	if ok, err := m.Match(resp); ok || err != nil {
		t.Fatalf("HTML answer: %v %v", ok, err)
	}
	if msg := m.FailureMessage(resp); !strings.Contains(msg, "Bad Gateway") || !strings.Contains(msg, "expected 404, got 502") {
		t.Fatalf("message:\n%s", msg)
	}
}
