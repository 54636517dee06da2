package staging

import (
	"os/exec"
	"strings"
	"testing"
)

// The dry run lists what would run, with request counts, and what a guard
// would skip and why. It sends nothing (the target below does not even
// exist), so the production guard is shown with configuration only.
func TestTheDryRunPlanShowsGuards(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles a suite")
	}
	plan := func(settings ...string) string {
		t.Helper()
		cmd := exec.Command("go", "test", "-v", "-count=1", "./suites/staging/selftest", "-args", "-ginkgo.dry-run", "-ginkgo.v", "-ginkgo.no-color")
		cmd.Dir = repoRoot
		cmd.Env = append(cleanEnv(), append([]string{"IMCONF_SELFTEST=1", "IMCONF_BASE_URL=http://127.0.0.1:9", "IMCONF_APPKEY=o#a",
			"IMCONF_APP_TOKEN=YWMt-never-sent", "IMCONF_REPORT_DIR=" + t.TempDir()}, settings...)...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("dry run: %v\n%s", err, tail(string(out), 3000))
		}
		return string(out)
	}
	line := func(out, text string) string {
		for _, l := range strings.Split(out, "\n") {
			if strings.Contains(l, text) && !strings.Contains(l, "[It]") && !strings.HasPrefix(strings.TrimSpace(l), "Costly") {
				return l
			}
		}
		t.Fatalf("the plan has no line for %q:\n%s", text, out)
		return ""
	}

	out := plan()
	if !strings.Contains(out, "imconform plan: 1 specs would run against http://127.0.0.1:9, sending about 2 requests at 5 per second;") {
		t.Fatalf("plan header:\n%s", out)
	}
	for _, spec := range []string{"change app-wide state", "provoke the rate limit"} {
		if l := line(out, spec); !strings.Contains(l, "skip") || !strings.Contains(l, "IMCONF_ALLOW_COSTLY=true") {
			t.Errorf("without IMCONF_ALLOW_COSTLY: %s", l)
		}
	}

	out = plan("IMCONF_ALLOW_COSTLY=true", "IMCONF_PRODUCTION=true", "IMCONF_RATE=2")
	if l := line(out, "change app-wide state"); !strings.Contains(l, "production guard: the target is marked production") || !strings.Contains(l, "IMCONF_ALLOW_PRODUCTION_DESTRUCTIVE=true") {
		t.Errorf("production: %s", l)
	}
	if l := line(out, "provoke the rate limit"); strings.Contains(l, "skip") {
		t.Errorf("allowed costly spec still skipped: %s", l)
	}
	if !strings.Contains(out, "2 specs would run") || !strings.Contains(out, "at 2 per second") {
		t.Errorf("plan header with IMCONF_ALLOW_COSTLY:\n%s", out)
	}

	out = plan("IMCONF_ALLOW_COSTLY=true", "IMCONF_PRODUCTION=true", "IMCONF_ALLOW_PRODUCTION_DESTRUCTIVE=true")
	if !strings.Contains(out, "3 specs would run") {
		t.Errorf("explicitly allowed on production:\n%s", out)
	}
}
