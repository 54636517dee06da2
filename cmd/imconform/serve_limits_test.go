package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/imconform/imconform/harness/profile"
	"github.com/imconform/imconform/harness/refserver"
)

// declaredLimits parses serve's limit flags from args, as serve does.
func declaredLimits(args ...string) (profile.Profile, error) {
	fs := newFlags("serve")
	l := addLimitFlags(fs)
	if err := fs.Parse(args); err != nil {
		return profile.Profile{}, err
	}
	return l.profile()
}

func limitsFile(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "limits.yaml")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestServeLimitsComeFromTheProfileFileThenFlags(t *testing.T) {
	file := limitsFile(t, "api_rate_per_second: 1000\nfree_edition_users: 5000\nmessage_max_bytes: 5120\nabsent: [timeout]\n")
	p, err := declaredLimits("--profile", file, "--limit", "free_edition_users=0", "--limit", "groups_per_app=300")
	if err != nil {
		t.Fatal(err)
	}
	if p.APIRatePerSecond != 1000 || p.FreeEditionUsers != 0 || p.MessageMaxBytes != 5120 || p.GroupsPerApp != 300 || !slices.Equal(p.Absent, []string{"timeout"}) {
		t.Errorf("declared %+v", p)
	}
	// Unset settings keep the reference's own.
	if ref := refserver.Profile(); p.PresenceMaxUsers != ref.PresenceMaxUsers || p.ReadTimeout != ref.ReadTimeout {
		t.Errorf("undeclared settings changed: %+v", p)
	}
	def, err := declaredLimits()
	if err != nil || def.APIRatePerSecond != refserver.Profile().APIRatePerSecond {
		t.Errorf("without flags: %+v, %v", def, err)
	}
}

func TestRateLimitsOffLiftsEveryRateAndSaysSo(t *testing.T) {
	p, err := declaredLimits("--rate-limits=off")
	if err != nil {
		t.Fatal(err)
	}
	if p.APIRatePerSecond != 0 || p.PresenceQueryRate != 0 || p.Has(profile.RateLimit) {
		t.Fatalf("rate limits still declared: %+v", p)
	}
	// The server enforces it: a burst far over the default rate on one API.
	s := refserver.New(refserver.Options{Org: "o", App: "a", ClientID: "id", ClientSecret: "secret", Limits: &p})
	on := refserver.New(refserver.Options{Org: "o", App: "a", ClientID: "id", ClientSecret: "secret"})
	burst := func(s *refserver.Server) (limited int) {
		for range 3 * refserver.Profile().APIRatePerSecond {
			w := httptest.NewRecorder()
			s.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/o/a/users/nobody", nil))
			if w.Code == http.StatusTooManyRequests {
				limited++
			}
		}
		return limited
	}
	if n := burst(s); n != 0 {
		t.Errorf("--rate-limits=off: %d answers were 429", n)
	}
	if n := burst(on); n == 0 {
		t.Error("the default server never answered 429: the burst proves nothing")
	}
}

func TestServeLimitErrorsAreOneLineAndSayWhatToFix(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope.yaml")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--profile", limitsFile(t, "api_rate: 10\n")}, `line 1: api_rate "10": unknown profile setting "api_rate"`},
		{[]string{"--profile", limitsFile(t, "api_rate_per_second: fast\n")}, `line 1: api_rate_per_second "fast"`},
		{[]string{"--profile", limitsFile(t, "")}, "is empty"},
		{[]string{"--profile", missing}, "cannot read " + missing},
		{[]string{"--limit", "free_edition_users"}, "is not NAME=VALUE"},
		{[]string{"--limit", "free_edition_users=-1"}, "whole number"},
		{[]string{"--rate-limits=off", "--limit", "api_rate_per_second=50"}, "contradicts --limit api_rate_per_second=50"},
		{[]string{"--rate-limits=sometimes"}, "want on or off"},
	} {
		_, err := declaredLimits(c.args...)
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%v: error %v, want one line containing %q", c.args, err, c.want)
		}
	}
	// Through the command: one line, exit 2.
	var stdout, stderr strings.Builder
	if code := run([]string{"serve", "--rate-limits=sometimes"}, &stdout, &stderr); code != 2 || strings.Count(stderr.String(), "\n") != 1 {
		t.Errorf("serve --rate-limits=sometimes: exit %d, stderr %q", code, stderr.String())
	}
}
