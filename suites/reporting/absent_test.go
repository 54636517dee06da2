package reporting

import (
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/imconform/imconform/harness/refserver"
	"github.com/imconform/imconform/reports"
	"github.com/imconform/imconform/reports/certificate"
	"github.com/imconform/imconform/reports/results"
)

// withoutAreas is the reference server without groups and chat rooms: the
// way a server that implements part of the API answers those paths.
func withoutAreas(ref http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The group and chat-room APIs: /{org}/{app}/chatgroups/... and
		// /{org}/{app}/chatrooms/... (messages to them are another API).
		if segs := strings.Split(strings.Trim(r.URL.Path, "/"), "/"); len(segs) > 2 && (segs[2] == "chatgroups" || segs[2] == "chatrooms") {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotImplemented)
			w.Write([]byte(`{"error":"not_implemented","error_description":"this server has no groups or chat rooms"}`))
			return
		}
		ref.ServeHTTP(w, r)
	})
}

// A server without groups and chat rooms declares them absent, and the
// costly rate-limit and quota rows too: their specs are declared skips, and
// the run earns a certificate naming the absent areas, without
// IMCONF_ALLOW_COSTLY.
func TestAreasDeclaredAbsentAreDeclaredSkipsAndTheCertificateNamesThem(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ref := refserver.New(refserver.Options{Org: "acme", App: "mock", ClientID: "YXA6-absent-id", ClientSecret: "YXA6-absent-secret"})
	srv := ref.HTTPServer()
	srv.Handler = withoutAreas(srv.Handler)
	go srv.Serve(ln)
	defer srv.Close()
	env := append(ref.Limits().Env(), "IMCONF_PROFILE_ABSENT=groups,chatrooms,ratelimit,quota", "IMCONF_RATE=unlimited",
		"IMCONF_BASE_URL=http://"+ln.Addr().String(), "IMCONF_APPKEY=acme#mock", "IMCONF_CLIENT_ID=YXA6-absent-id", "IMCONF_CLIENT_SECRET=YXA6-absent-secret")
	o := runSuite(t, env)
	if !o.passed {
		t.Fatalf("the run failed against a server that declared what it lacks:\n%s", failures(o.output))
	}
	run := o.matrix(t)
	skipped := 0
	for _, r := range run.Rows {
		if strings.HasPrefix(r.ID, "groups.") || strings.HasPrefix(r.ID, "chatrooms.") || r.ID == "ratelimit.api" || r.ID == "quota.free-edition" {
			for _, s := range r.Specs {
				if s.Verdict != results.Skipped || !s.Declared || !strings.Contains(s.Message, "the target's profile declares") {
					t.Errorf("%s: %s %q (declared %v), want a declared skip", r.ID, s.Verdict, s.Message, s.Declared)
				}
				skipped++
			}
		}
	}
	if skipped == 0 {
		t.Fatal("no spec of an absent area was reported")
	}
	c, err := certificate.Verify(o.file(t, reports.CertificateFile), reports.CertificateFile)
	if err != nil {
		t.Fatalf("no valid certificate: %v\n%s", err, tail(o.output))
	}
	if !strings.HasSuffix(c.Result, "; declared absent: groups, chatrooms, ratelimit, quota") {
		t.Errorf("certificate result %q does not name the absent areas", c.Result)
	}
}
