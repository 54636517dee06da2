package standalone

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// `make test` runs against the project's own servers whatever the user's
// shell exports (the README tells users to export their target): every
// command of its targets runs without the caller's IMCONF_ settings and with
// a report folder of its own, never reports/out.
func TestMakeTestDoesNotDependOnTheUsersShell(t *testing.T) {
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("no make")
	}
	root, _ := filepath.Abs(filepath.Join("..", ".."))
	cmd := exec.Command("make", "-n", "unit", "suite-serial", "suite-parallel", "standalone", "suite-reports", "staging", "mutation")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "IMCONF_BASE_URL=https://staging.example.test", "IMCONF_ORG=o", "IMCONF_APP=a", "IMCONF_CLIENT_SECRET=s", "IMCONF_REPORT_DIR=reports/out")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("make -n: %v\n%s", err, out)
	}
	lines := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if !strings.Contains(line, " go ") && !strings.HasPrefix(line, "go ") {
			continue
		}
		lines++
		for _, v := range []string{"IMCONF_BASE_URL", "IMCONF_ORG", "IMCONF_APP", "IMCONF_CLIENT_SECRET"} {
			if !strings.Contains(line, "-u "+v) {
				t.Errorf("this test command keeps the caller's %s: %s", v, line)
			}
		}
		if !strings.Contains(line, "IMCONF_REPORT_DIR=reports/test-out") || strings.Contains(line, "reports/out") {
			t.Errorf("this test command does not use its own report folder: %s", line)
		}
	}
	if lines < 7 {
		t.Fatalf("make -n printed %d test commands:\n%s", lines, out)
	}
}
