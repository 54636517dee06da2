package refserver

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

const testOrigin = "http://app.example.test:5173"

func corsServer() *Server {
	return New(Options{Org: "o", App: "a", ClientID: "id", ClientSecret: "secret", Answers: map[string]int{"/o/a/chatmessages/2020010100": 503}})
}

func preflight(s *Server, path, method, headers string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodOptions, path, nil)
	req.Header.Set("Origin", testOrigin)
	req.Header.Set("Access-Control-Request-Method", method)
	if headers != "" {
		req.Header.Set("Access-Control-Request-Headers", headers)
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, req)
	return w
}

func listed(list, item string) bool {
	for _, v := range strings.Split(list, ",") {
		if strings.EqualFold(strings.TrimSpace(v), item) {
			return true
		}
	}
	return false
}

// The headers the official web SDKs set on REST calls (easemob-websdk
// 4.21.1 and agora-chat 1.4.0 from npm: setRequestHeader and headers:{...}
// in their bundles), and the documented file download header thumbnail.
var sdkHeaders = []string{"Authorization", "Content-Type", "Accept", "X-Requested-With", "restrict-access", "share-secret", "thumbnail"}

func TestPreflightIsAnsweredBeforeRoutingOnEveryPath(t *testing.T) {
	s := corsServer()
	for _, c := range []struct{ path, method string }{
		{"/o/a/token", http.MethodPost},
		{"/o/a/users", http.MethodPost},
		{"/o/a/users/alice", http.MethodDelete},
		{"/o/a/chatgroups", http.MethodPost},
		{"/o/a/chatgroups/123/users/alice", http.MethodDelete},
		{"/o/a/chatrooms/123", http.MethodPut},
		{"/o/a/chatfiles", http.MethodPost},
		{"/o/a/chatmessages/2020010100", http.MethodGet}, // answered 503 by --answer
		{"/other/app/users", http.MethodGet},             // unknown app: the browser must see its 404
		{"/o/a/no/such/api", http.MethodGet},
	} {
		w := preflight(s, c.path, c.method, "authorization, content-type, restrict-access")
		h := w.Header()
		if w.Code != http.StatusNoContent {
			t.Errorf("preflight %s %s answered %d %s, want 204", c.method, c.path, w.Code, w.Body.String())
			continue
		}
		if h.Get("Access-Control-Allow-Origin") != testOrigin || !listed(h.Get("Access-Control-Allow-Methods"), c.method) || h.Get("Access-Control-Max-Age") == "" {
			t.Errorf("preflight %s %s: headers %v", c.method, c.path, h)
		}
		for _, name := range sdkHeaders {
			if !listed(h.Get("Access-Control-Allow-Headers"), name) {
				t.Errorf("preflight %s %s: header %s not allowed (%q)", c.method, c.path, name, h.Get("Access-Control-Allow-Headers"))
			}
		}
	}
}

func TestEveryAnswerToABrowserCarriesTheCORSHeaders(t *testing.T) {
	s := corsServer()
	for _, c := range []struct {
		method, path string
		status       int
	}{
		{http.MethodGet, "/o/a/users", http.StatusUnauthorized},                         // no token
		{http.MethodGet, "/other/app/users", http.StatusNotFound},                       // unknown app
		{http.MethodPatch, "/o/a/users", http.StatusMethodNotAllowed},                   // no such method
		{http.MethodGet, "/o/a/chatmessages/2020010100", http.StatusServiceUnavailable}, // --answer
		{http.MethodPost, "/o/a/token", http.StatusBadRequest},                          // no body
	} {
		req := httptest.NewRequest(c.method, c.path, nil)
		req.Header.Set("Origin", testOrigin)
		w := httptest.NewRecorder()
		s.ServeHTTP(w, req)
		h := w.Header()
		if w.Code != c.status {
			t.Errorf("%s %s answered %d, want %d", c.method, c.path, w.Code, c.status)
		}
		if h.Get("Access-Control-Allow-Origin") != testOrigin || !listed(h.Get("Access-Control-Expose-Headers"), "Retry-After") || !listed(h.Get("Vary"), "Origin") {
			t.Errorf("%s %s: CORS headers missing: %v", c.method, c.path, h)
		}
	}
}

func TestWithoutAPreflightOPTIONSIsAnOrdinaryMethod(t *testing.T) {
	s := corsServer()
	for _, origin := range []string{"", testOrigin} {
		req := httptest.NewRequest(http.MethodOptions, "/o/a/users", nil)
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		w := httptest.NewRecorder()
		s.ServeHTTP(w, req)
		if w.Code != http.StatusMethodNotAllowed {
			t.Errorf("OPTIONS without Access-Control-Request-Method (Origin %q) answered %d, want 405", origin, w.Code)
		}
		if got := w.Header().Get("Access-Control-Allow-Origin"); (origin == "") != (got == "") {
			t.Errorf("Origin %q: Access-Control-Allow-Origin %q", origin, got)
		}
	}
}
