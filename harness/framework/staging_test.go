package framework

import (
	"strings"
	"testing"

	"github.com/imconform/imconform/harness/config"
)

// targetFor resolves a Target from settings alone: no server is contacted.
func targetFor(t *testing.T, kv ...string) Target {
	t.Helper()
	m := map[string]string{"IMCONF_REPORT_DIR": t.TempDir()}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	if m["IMCONF_BASE_URL"] != "" {
		m["IMCONF_APPKEY"], m["IMCONF_APP_TOKEN"] = "o#a", "YWMt-never-sent"
	}
	cfg, err := config.LoadFrom(func(k string) (string, bool) { v, ok := m[k]; return v, ok })
	if err != nil {
		t.Fatal(err)
	}
	tg := Target{Embedded: cfg.Embedded(), BaseURL: cfg.BaseURLTrimmed()}
	if err := tg.resolveStaging(cfg); err != nil {
		t.Fatal(err)
	}
	return tg
}

// The production guard, shown with configuration only: these hosts are
// never contacted by any test.
func TestDestructiveSpecsAreRefusedOnProductionHosts(t *testing.T) {
	destructive := []string{"users.delete-all", LabelDestructive}
	for _, host := range []string{"https://a61.chat.agora.io", "https://a41.chat.agora.io", "https://a71.chat.agora.io", "https://a1.easemob.com", "https://a31.easemob.com", "https://a1-sgp.easemob.com"} {
		tg := targetFor(t, "IMCONF_BASE_URL", host, "IMCONF_ALLOW_COSTLY", "true")
		reason := tg.GuardReason(destructive)
		if !strings.HasPrefix(reason, "production guard: ") || !strings.Contains(reason, "vendor production host") || strings.Contains(reason, "\n") {
			t.Errorf("%s: %q", host, reason)
		}
		if r := tg.GuardReason([]string{LabelRateLimit}); r != "" {
			t.Errorf("%s: an allowed rate-limit spec is refused: %q", host, r)
		}
		allowed := targetFor(t, "IMCONF_BASE_URL", host, "IMCONF_ALLOW_COSTLY", "true", "IMCONF_ALLOW_PRODUCTION_DESTRUCTIVE", "true")
		if r := allowed.GuardReason(destructive); r != "" {
			t.Errorf("%s: explicitly allowed, still refused: %q", host, r)
		}
	}
	staging := targetFor(t, "IMCONF_BASE_URL", "https://staging.example.test", "IMCONF_ALLOW_COSTLY", "true")
	if r := staging.GuardReason(destructive); r != "" {
		t.Errorf("a staging host is treated as production: %q", r)
	}
	marked := targetFor(t, "IMCONF_BASE_URL", "https://staging.example.test", "IMCONF_ALLOW_COSTLY", "true", "IMCONF_PRODUCTION", "true")
	if r := marked.GuardReason(destructive); !strings.Contains(r, "marked production") {
		t.Errorf("production: true not honoured: %q", r)
	}
}

func TestCostlySpecsAreOffAgainstRemoteTargetsOnly(t *testing.T) {
	remote := targetFor(t, "IMCONF_BASE_URL", "https://staging.example.test")
	embedded := targetFor(t)
	for _, l := range []string{LabelRateLimit, LabelQuota, LabelDestructive} {
		if r := remote.GuardReason([]string{l}); !strings.Contains(r, "IMCONF_ALLOW_COSTLY=true") {
			t.Errorf("%s against a remote target: %q", l, r)
		}
		if r := embedded.GuardReason([]string{l}); r != "" {
			t.Errorf("%s against the embedded reference: %q", l, r)
		}
	}
	if r := remote.GuardReason([]string{"users.get.not-found"}); r != "" {
		t.Errorf("an ordinary spec is guarded: %q", r)
	}
}

// A spec's area comes from its area: label or from the catalogue row its
// row-ID label names; a declared absent area is a reason to skip.
func TestASpecInAnAbsentAreaIsSkippedWithTheDeclaration(t *testing.T) {
	if got := specAreas([]string{"groups.get.not-found", "requests:2", "slow"}); len(got) != 1 || got[0] != "groups" {
		t.Errorf("areas from the row: %v", got)
	}
	if got := specAreas([]string{"area:threads"}); len(got) != 1 || got[0] != "threads" {
		t.Errorf("areas from the label: %v", got)
	}
	tg := targetFor(t, "IMCONF_BASE_URL", "https://staging.example.test", "IMCONF_PROFILE_ABSENT", "groups,quota")
	tg.Profile.Absent, tg.Profile.AbsentDeclared = []string{"groups", "quota"}, true
	if r := tg.absentReason([]string{"groups.get.not-found"}, true); !strings.Contains(r, `declares "groups" absent`) {
		t.Errorf("groups: %q", r)
	}
	if r := tg.absentReason([]string{"groups.members.user-quota", "quota", "destructive"}, true); r == "" {
		t.Error("a quota spec runs although quota is declared absent")
	}
	if r := tg.absentReason([]string{"users.get.not-found"}, true); r != "" {
		t.Errorf("users: %q", r)
	}
}
