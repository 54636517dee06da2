package faultproxy

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// Each fault reaches the client as the failure it imitates; requests the
// proxy does not match pass through untouched.
func TestEveryFaultReachesTheClient(t *testing.T) {
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"error":"illegal_argument","error_description":"a long enough description to cut in half"}`)
	}))
	defer upstream.Close()
	for _, c := range []struct {
		kind   Kind
		errHas string // the transport error, or
		status int    // the status of the answer
		bodyIs string // and how its body starts
	}{
		{kind: Drop, errHas: "EOF"},
		{kind: Reset, errHas: "reset"},
		{kind: Delay, errHas: "Timeout"},
		{kind: Slow, errHas: "Timeout"},
		{kind: TooMany, status: 429, bodyIs: `{"error":"reach_limit"`},
		{kind: Truncate, status: 200, errHas: "unexpected EOF"},
		{kind: HTML, status: 200, bodyIs: "<html>"},
		{kind: Status502, status: 502, bodyIs: "<html>"},
		{kind: Status503, status: 503, bodyIs: "<html>"},
		{kind: Status504, status: 504, bodyIs: "<html>"},
	} {
		t.Run(string(c.kind), func(t *testing.T) {
			p, err := Start(upstream.URL, c.kind, func(r *http.Request) bool { return r.URL.Path != "/pass" })
			if err != nil {
				t.Fatal(err)
			}
			defer p.Close()
			p.Delay = 2 * time.Second
			client := &http.Client{Timeout: 300 * time.Millisecond}
			resp, err := client.Post(p.URL()+"/o/a/users", "application/json", strings.NewReader(`{}`))
			var body []byte
			if err == nil {
				body, err = io.ReadAll(resp.Body)
				resp.Body.Close()
			}
			if c.errHas != "" && (err == nil || !strings.Contains(err.Error(), c.errHas)) {
				t.Fatalf("err = %v, want one mentioning %q", err, c.errHas)
			}
			if c.status != 0 && (resp == nil || resp.StatusCode != c.status) {
				t.Fatalf("resp = %v, want status %d", resp, c.status)
			}
			if c.bodyIs != "" && !strings.HasPrefix(string(body), c.bodyIs) {
				t.Fatalf("body %q", body)
			}
			if p.Faulted() < 1 {
				t.Fatal("no request counted as faulted")
			}
			pass, err := http.Get(p.URL() + "/pass")
			if err != nil || pass.StatusCode != 200 {
				t.Fatalf("unmatched request: %v %v", pass, err)
			}
			pass.Body.Close()
		})
	}
}
