package reporting

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/imconform/imconform/harness/config"
	"github.com/imconform/imconform/reports"
	"github.com/imconform/imconform/reports/results"
)

// runSuiteIn is runSuite with a report folder of the caller's, so a test
// can look at what one run does to an earlier run's reports.
func runSuiteIn(t *testing.T, dir string, env []string, flags ...string) outcome {
	t.Helper()
	if testing.Short() {
		t.Skip("runs the conformance suite")
	}
	cmd := exec.Command(suiteTest, append([]string{"-test.timeout=5m", "-ginkgo.no-color"}, flags...)...)
	cmd.Dir = filepath.Join(root, "suites", "conformance")
	cmd.Env = append(config.WithoutSettings(os.Environ()), append(env, "IMCONF_REPORT_DIR="+dir)...)
	out, err := cmd.CombinedOutput()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatal(err)
	}
	return outcome{dir: dir, passed: err == nil, output: string(out)}
}

// A typo in a label filter must not pass as a green run of nothing.
func TestALabelFilterThatSelectsNothingOrNamesNoLabelFails(t *testing.T) {
	for filter, want := range map[string]string{
		"users.get.notfound":          `the label filter "users.get.notfound" names users.get.notfound, which is not a catalogue row ID (did you mean users.get.not-found?)`,
		"users || auth":               `the label filter "users || auth" selects none of the`,
		"slwo || users.get.not-found": `the label filter "slwo || users.get.not-found" names slwo, which is no spec's label and no catalogue row ID (did you mean slow?)`,
	} {
		o := runSuite(t, nil, "-ginkgo.label-filter="+filter)
		if o.passed {
			t.Errorf("%q: the run passed:\n%s", filter, tail(o.output))
		}
		if !strings.Contains(o.output, "imconform: "+want) {
			t.Errorf("%q: the output does not say %q:\n%s", filter, want, tail(o.output))
		}
	}
}

// A run against the embedded reference says so first and last, so nobody
// takes its verdict for their own server's.
func TestARunAgainstTheEmbeddedReferenceSaysSoFirstAndLast(t *testing.T) {
	o := runSuite(t, nil, "-ginkgo.label-filter="+wrongRow)
	var lines []string
	for _, l := range strings.Split(o.output, "\n") {
		if l = strings.TrimSpace(l); l != "" && l != "PASS" && l != "FAIL" && !strings.HasPrefix(l, "--- ") {
			lines = append(lines, l)
		}
	}
	if len(lines) < 2 || lines[0] != config.EmbeddedNotice || lines[len(lines)-1] != config.EmbeddedNotice {
		t.Fatalf("want %q as the first and last line:\n%s", config.EmbeddedNotice, o.output)
	}
}

// A run that cannot start leaves no earlier verdict behind: not after a bad
// setting, not after an unreachable target; the latter's matrix names the
// cause and the target instead of "no spec".
func TestARunThatCannotStartSupersedesTheLastReports(t *testing.T) {
	dir := t.TempDir()
	whole := runSuiteIn(t, dir, nil)
	if !whole.passed {
		t.Fatalf("the whole run failed:\n%s", tail(whole.output))
	}
	certificate := filepath.Join(dir, reports.CertificateFile)
	if _, err := os.Stat(certificate); err != nil {
		t.Fatalf("the whole run wrote no certificate: %v", err)
	}

	typo := runSuiteIn(t, dir, []string{"IMCONF_BASEURL=http://staging.example.test", "IMCONF_ORG=o", "IMCONF_APP=a"})
	if typo.passed || !strings.Contains(typo.output, "IMCONF_BASEURL is not a setting imconform reads (did you mean IMCONF_BASE_URL?)") {
		t.Fatalf("a mistyped setting did not stop the run with one line:\n%s", tail(typo.output))
	}
	for _, name := range []string{reports.CertificateFile, reports.MatrixJSONFile, reports.HTMLFile, reports.JUnitFile, reports.JSONFile} {
		if _, err := os.Stat(filepath.Join(dir, name)); !os.IsNotExist(err) {
			t.Errorf("the earlier run's %s is still there after a run that could not start", name)
		}
	}
	if md := string(typo.file(t, reports.MarkdownFile)); !strings.Contains(md, "the run stopped before any spec") || !strings.Contains(md, "IMCONF_BASEURL") || strings.Contains(md, "run passed") {
		t.Errorf("the matrix does not say the run stopped:\n%s", md)
	}
	if _, err := os.Stat(filepath.Join(dir, "ledger.jsonl")); err != nil {
		t.Errorf("the ledger of the earlier run is gone: %v", err)
	}

	whole = runSuiteIn(t, dir, nil)
	unreachable := runSuiteIn(t, dir, []string{"IMCONF_BASE_URL=http://127.0.0.1:1", "IMCONF_APPKEY=acme#mock", "IMCONF_CLIENT_ID=YXA6-id", "IMCONF_CLIENT_SECRET=YXA6-secret"})
	if unreachable.passed {
		t.Fatal("a run against an unreachable target passed")
	}
	if _, err := os.Stat(certificate); !os.IsNotExist(err) {
		t.Error("the earlier run's certificate is still there after a run whose set-up failed")
	}
	run := unreachable.matrix(t)
	if run.Target.Name() != "http://127.0.0.1:1 (acme#mock)" {
		t.Errorf("the matrix names the target %q", run.Target.Name())
	}
	if run.Counts[results.NoSpec] != 0 || run.Counts[results.NotRun] == 0 {
		t.Errorf("counts %v: want every testable row not run", run.Counts)
	}
	for _, r := range run.Rows {
		if r.Verdict == results.NotRun && !strings.Contains(r.Detail, "suite set-up failed: cannot reach") || r.Verdict == results.NotRun && !strings.Contains(r.Detail, "connection refused") {
			t.Fatalf("row %s: %q does not name the cause", r.ID, r.Detail)
		}
	}
}

// An expired expected deviation is not honoured, so its row fails; the
// expiry itself is said on the console and is a failed JUnit case.
func TestAnExpiredDeviationIsSaidOnTheConsoleAndInJUnit(t *testing.T) {
	o := runSuite(t, []string{"IMCONF_REFERENCE_FAULT=" + wrongRow + ":text", "IMCONF_EXPECTATIONS=" + expectationsFile(t, [2]string{wrongRow, past})}, bothRows)
	if o.passed {
		t.Fatal("a run with an expired deviation passed")
	}
	if !strings.Contains(o.output, "imconform: expected deviation of "+wrongRow+" expired on "+past) {
		t.Errorf("the console does not say the entry expired:\n%s", tail(o.output))
	}
	j := o.junit(t)
	found := false
	for _, s := range j.TestSuites {
		for _, c := range s.TestCases {
			if strings.Contains(c.Name, "imconform expected deviations") && c.Failure != nil && strings.Contains(c.Failure.Message+c.Failure.Description, "expired on "+past) {
				found = true
			}
		}
	}
	if !found {
		t.Errorf("junit.xml has no failed case for the expired entry")
	}
}
