package staging

import (
	"os/exec"
	"strings"
	"testing"
)

// The plan lists what would run, with the requests each spec sent against
// the embedded reference, and what a guard would skip against the
// configured target and why. It sends nothing to that target (it does not
// even exist), so the production guard is shown with configuration only.
func TestThePlanShowsRequestsAndGuards(t *testing.T) {
	if testing.Short() {
		t.Skip("runs specs against the embedded reference")
	}
	plan := func(settings ...string) string {
		t.Helper()
		cmd := exec.Command("go", "run", "./cmd/imconform", "plan", "--label-filter=auth.token-corrupt || groups.create.app-quota")
		cmd.Dir = repoRoot
		cmd.Env = append(cleanEnv(), append([]string{"IMCONF_BASE_URL=http://127.0.0.1:9", "IMCONF_APPKEY=o#a",
			"IMCONF_APP_TOKEN=YWMt-never-sent", "IMCONF_REPORT_DIR=" + t.TempDir()}, settings...)...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("plan: %v\n%s", err, tail(string(out), 3000))
		}
		return string(out)
	}
	line := func(out, row string) string {
		for _, l := range strings.Split(out, "\n") {
			if strings.HasPrefix(strings.TrimSpace(l), row+" ") {
				return l
			}
		}
		t.Fatalf("the plan has no line for %q:\n%s", row, out)
		return ""
	}

	out := plan()
	if !strings.Contains(out, "imconform plan: 1 specs would run against http://127.0.0.1:9, sending 1 requests at 5 per second") {
		t.Fatalf("plan header:\n%s", out)
	}
	if l := line(out, "auth.token-corrupt"); !strings.Contains(l, " 1  ") {
		t.Errorf("measured requests: %s", l)
	}
	if l := line(out, "groups.create.app-quota"); !strings.Contains(l, "skip") || !strings.Contains(l, "IMCONF_ALLOW_COSTLY=true") {
		t.Errorf("without IMCONF_ALLOW_COSTLY: %s", l)
	}

	out = plan("IMCONF_ALLOW_COSTLY=true", "IMCONF_PRODUCTION=true", "IMCONF_RATE=2")
	if l := line(out, "groups.create.app-quota"); !strings.Contains(l, "production guard: the target is marked production") || !strings.Contains(l, "IMCONF_ALLOW_PRODUCTION_DESTRUCTIVE=true") {
		t.Errorf("production: %s", l)
	}
	if !strings.Contains(out, "at 2 per second") {
		t.Errorf("plan header with IMCONF_RATE=2:\n%s", out)
	}

	out = plan("IMCONF_ALLOW_COSTLY=true", "IMCONF_PRODUCTION=true", "IMCONF_ALLOW_PRODUCTION_DESTRUCTIVE=true")
	if !strings.Contains(out, "2 specs would run") || strings.Contains(line(out, "groups.create.app-quota"), "skip") {
		t.Errorf("explicitly allowed on production:\n%s", out)
	}
}
