// Package reporting runs the conformance suite the way users do and checks
// what it leaves in the report folder: against the reference server with
// one deliberately wrong row, a label-filtered run, expected deviations
// (honoured, stale, expired, malformed), and a clean run with a known
// client secret that must appear in no report file.
package reporting

import (
	"encoding/json"
	"encoding/xml"
	"flag"
	"github.com/imconform/imconform/harness/config"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/onsi/ginkgo/v2/reporters"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/refserver"
	"github.com/imconform/imconform/reports"
	"github.com/imconform/imconform/reports/certificate"
	"github.com/imconform/imconform/reports/results"
)

// wrongRow is the row the faulty reference server gets wrong.
const wrongRow = "users.get.not-found"

var (
	root      string // repository root
	suiteTest string // the compiled conformance suite
)

func TestMain(m *testing.M) {
	flag.Parse()
	if testing.Short() {
		os.Exit(m.Run()) // every test skips
	}
	var err error
	root, err = filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		panic(err)
	}
	dir, err := os.MkdirTemp("", "imconform-reporting")
	if err != nil {
		panic(err)
	}
	suiteTest = filepath.Join(dir, "conformance.test")
	build := exec.Command("go", "test", "-c", "-o", suiteTest, "./suites/conformance")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		os.Stderr.Write(out)
		panic("building the conformance suite: " + err.Error())
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// outcome is what one run of the suite left behind.
type outcome struct {
	dir    string
	passed bool
	output string
}

func (o outcome) file(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(o.dir, name))
	if err != nil {
		t.Fatalf("the run wrote no %s: %v\n%s", name, err, tail(o.output))
	}
	return data
}

func (o outcome) matrix(t *testing.T) results.Run {
	t.Helper()
	run, err := results.Parse(o.file(t, reports.MatrixJSONFile), reports.MatrixJSONFile)
	if err != nil {
		t.Fatal(err)
	}
	return run
}

func (o outcome) junit(t *testing.T) reporters.JUnitTestSuites {
	t.Helper()
	var j reporters.JUnitTestSuites
	if err := xml.Unmarshal(o.file(t, reports.JUnitFile), &j); err != nil {
		t.Fatalf("junit.xml: %v", err)
	}
	return j
}

// runSuite runs the suite with env (IMCONF_* only; the caller's are dropped)
// and extra Ginkgo flags.
func runSuite(t *testing.T, env []string, flags ...string) outcome {
	t.Helper()
	if testing.Short() {
		t.Skip("runs the conformance suite")
	}
	dir := t.TempDir()
	cmd := exec.Command(suiteTest, append([]string{"-test.timeout=5m"}, flags...)...)
	cmd.Dir = filepath.Join(root, "suites", "conformance")
	cmd.Env = append(config.WithoutSettings(os.Environ()), append(env, "IMCONF_REPORT_DIR="+dir)...)
	out, err := cmd.CombinedOutput()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatal(err)
	}
	return outcome{dir: dir, passed: err == nil, output: string(out)}
}

func TestOneWrongRowFailsExactlyThatRow(t *testing.T) {
	o := runSuite(t, []string{"IMCONF_REFERENCE_FAULT=" + wrongRow + ":status"})
	if o.passed {
		t.Fatalf("the suite passed against a server that gets %s wrong", wrongRow)
	}
	for _, name := range []string{reports.JSONFile, reports.JUnitFile, reports.MatrixJSONFile, reports.MarkdownFile, reports.HTMLFile} {
		o.file(t, name)
	}

	run := o.matrix(t)
	var failed []string
	for _, r := range run.Rows {
		if r.Verdict == results.Failed {
			failed = append(failed, r.ID)
		}
	}
	if len(failed) != 1 || failed[0] != wrongRow {
		t.Fatalf("failed rows %v, want exactly [%s]", failed, wrongRow)
	}
	md := string(o.file(t, reports.MarkdownFile))
	for _, want := range []string{"### ✗ " + wrongRow + ": failed", "status:            expected 404, got", "curl -X GET", "Response: "} {
		if !strings.Contains(md, want) {
			t.Errorf("the matrix lacks the evidence %q", want)
		}
	}

	// Every spec of the row fails (the row is checked on each operation
	// that documents it), and nothing else.
	j := o.junit(t)
	ofRow := 0
	for _, suite := range j.TestSuites {
		for _, tc := range suite.TestCases {
			if strings.Contains(tc.Name, "["+wrongRow+"]") || strings.Contains(tc.Name, "["+wrongRow+", ") {
				ofRow++
			}
		}
	}
	if j.Failures == 0 || j.Failures != ofRow {
		t.Errorf("junit.xml has %d failures, want one for each of the row's %d specs", j.Failures, ofRow)
	}
	for _, suite := range j.TestSuites {
		for _, tc := range suite.TestCases {
			if tc.Failure != nil && (!(strings.Contains(tc.Name, "["+wrongRow+"]") || strings.Contains(tc.Name, "["+wrongRow+", ")) ||
				!strings.HasPrefix(tc.Failure.Message, "status ") || !strings.Contains(tc.Failure.Message, " ≠ 404") ||
				!strings.Contains(tc.Failure.Description, "expected 404, got") || suite.Name != "imconform users" || tc.SystemErr == "") {
				t.Errorf("failing case %q in %s: %q; want the row ID in its name, what differed, expected vs actual and its timeline", tc.Name, suite.Name, tc.Failure.Message)
			}
			if tc.Failure == nil && tc.SystemErr != "" {
				t.Errorf("case %q has a timeline but did not fail", tc.Name)
			}
		}
	}
	if !strings.Contains(o.output, "imconform: FAILED against embedded reference") || !strings.Contains(o.output, "  catalogue rows: ") ||
		!strings.Contains(o.output, "  specs: ") || !strings.Contains(o.output, filepath.Join(o.dir, reports.HTMLFile)) {
		t.Errorf("the run does not end with its summary:\n%s", tail(o.output))
	}

	// The run was whole, so there is a certificate, and it claims no conformance.
	c, err := certificate.Verify(o.file(t, reports.CertificateFile), reports.CertificateFile)
	if err != nil {
		t.Fatal(err)
	}
	if c.Result != results.NotConformant {
		t.Errorf("the certificate claims %q", c.Result)
	}
}

func TestALabelFilteredRunWritesNoCertificateAndSaysWhy(t *testing.T) {
	o := runSuite(t, nil, "-ginkgo.label-filter="+wrongRow)
	if !o.passed {
		t.Fatalf("the filtered run failed:\n%s", tail(o.output))
	}
	if _, err := os.Stat(filepath.Join(o.dir, reports.CertificateFile)); !os.IsNotExist(err) {
		t.Error("a label-filtered run wrote a certificate")
	}
	if !strings.Contains(o.output, `no certificate: the label filter "`+wrongRow+`" selected part of the catalogue`) {
		t.Errorf("the run's output does not say why no certificate was written:\n%s", tail(o.output))
	}
	md := string(o.file(t, reports.MarkdownFile))
	if !strings.Contains(md, `| Certificate | not written, because the label filter "`+wrongRow+`" selected part of the catalogue |`) {
		t.Errorf("the summary does not say why no certificate was written:\n%s", md[:min(len(md), 1200)])
	}
}

// expectationsFile writes a file of expected deviations.
func expectationsFile(t *testing.T, entries ...[2]string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("deviations:\n")
	for _, e := range entries {
		b.WriteString("  - row: " + e[0] + "\n    reason: known in the mock\n    link: https://tracker.example.com/MOCK-1\n    expires: " + e[1] + "\n")
	}
	path := filepath.Join(t.TempDir(), "deviations.yaml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

var (
	future = time.Now().AddDate(0, 1, 0).Format("2006-01-02")
	past   = time.Now().AddDate(0, 0, -2).Format("2006-01-02")
)

const bothRows = "-ginkgo.label-filter=users.get.not-found || users.delete.not-found"

func TestAnExpectedDeviationDoesNotFailTheRun(t *testing.T) {
	o := runSuite(t, []string{"IMCONF_REFERENCE_FAULT=" + wrongRow + ":text", "IMCONF_EXPECTATIONS=" + expectationsFile(t, [2]string{wrongRow, future})}, bothRows)
	if !o.passed {
		t.Fatalf("a listed deviation failed the run:\n%s", tail(o.output))
	}
	run := o.matrix(t)
	for _, r := range run.Rows {
		if r.ID == wrongRow && (r.Verdict != results.Deviation || len(r.Specs) == 0 || !strings.Contains(r.Specs[0].Message, "error_description")) {
			t.Errorf("%s: verdict %q, specs %+v; want an expected deviation with how it deviates", r.ID, r.Verdict, r.Specs)
		}
	}
	if j := o.junit(t); j.Failures != 0 {
		t.Errorf("junit.xml has %d failures", j.Failures)
	}
	if md := string(o.file(t, reports.MarkdownFile)); !strings.Contains(md, "### ⚠ "+wrongRow+": expected deviation") {
		t.Error("the matrix shows no evidence of the deviation")
	}
}

func TestStaleAndExpiredExpectationsFailTheRun(t *testing.T) {
	// No fault: the listed row passes (stale); the other entry has expired.
	path := expectationsFile(t, [2]string{wrongRow, future}, [2]string{"users.delete.not-found", past})
	o := runSuite(t, []string{"IMCONF_EXPECTATIONS=" + path}, bothRows)
	if o.passed {
		t.Fatal("a run with a stale and an expired expectation passed")
	}
	run := o.matrix(t)
	problems := strings.Join(run.Problems, "\n")
	if !strings.Contains(problems, wrongRow+" is stale") || !strings.Contains(problems, "users.delete.not-found expired on "+past) {
		t.Errorf("problems = %q", run.Problems)
	}
	if j := o.junit(t); j.Failures != 1 {
		t.Errorf("junit.xml has %d failures, want the one for the expectations", j.Failures)
	}
}

func TestAMalformedExpectationsFileStopsTheRunWithOneLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "deviations.yaml")
	os.WriteFile(path, []byte("deviations:\n  - row: "+wrongRow+"\n    reason: r\n    link: https://x.example/1\n    expires: soon\n"), 0o644)
	o := runSuite(t, []string{"IMCONF_EXPECTATIONS=" + path})
	want := "imconform: expectations file " + path + ` entry 1 (line 2): row ` + wrongRow + `: expires "soon" is not a date like 2026-12-31`
	if o.passed || !strings.Contains(o.output, want) {
		t.Fatalf("want a failed run saying %q, got:\n%s", want, tail(o.output))
	}
	if strings.Contains(o.output, "Ran ") {
		t.Error("specs ran despite the malformed file")
	}
}

func TestAWholeRunCertifiesAndLeaksNoSecret(t *testing.T) {
	const secret = "YXA6-reporting-known-client-secret"
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ref := refserver.New(refserver.Options{Org: "acme", App: "mock", ClientID: "YXA6-reporting-id", ClientSecret: secret})
	srv := ref.HTTPServer() // with the read timeout the reference declares, as imconform serve runs it
	go srv.Serve(ln)
	defer srv.Close()

	// Configured like a user's own server, declaring its profile as `imconform serve` does.
	// Costly specs are allowed, as a user certifying a mock of their own allows them.
	env := append(ref.Limits().Env(), "IMCONF_ALLOW_COSTLY=true", "IMCONF_RATE=unlimited", "IMCONF_BASE_URL=http://"+ln.Addr().String(), "IMCONF_ORG=acme", "IMCONF_APP=mock",
		"IMCONF_CLIENT_ID=YXA6-reporting-id", "IMCONF_CLIENT_SECRET="+secret)
	o := runSuite(t, env, "-ginkgo.v")
	if !o.passed {
		t.Fatalf("the suite failed against the reference server:\n%s", failures(o.output))
	}

	c, err := certificate.Verify(o.file(t, reports.CertificateFile), reports.CertificateFile)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(c.Result, results.Conformant) || c.Target.BaseURL != "http://"+ln.Addr().String() || c.Target.Org != "acme" {
		t.Errorf("certificate: %q for %+v", c.Result, c.Target)
	}
	html := string(o.file(t, reports.HTMLFile))
	for _, r := range catalog.All() {
		if !strings.Contains(html, `id="`+r.ID+`"`) {
			t.Errorf("the HTML shows no row %s", r.ID)
		}
	}
	if m := regexp.MustCompile(`(?i)<script[^>]*\bsrc|<(link|img|iframe)\b|\bsrc=|@import|url\(`).FindString(html); m != "" {
		t.Errorf("the HTML loads %q", m)
	}
	run := o.matrix(t)
	if run.Requests == 0 || !run.Succeeded || run.Target.Org != "acme" {
		t.Errorf("summary: %d requests, succeeded %v, target %+v", run.Requests, run.Succeeded, run.Target)
	}

	leak := regexp.MustCompile(regexp.QuoteMeta(secret) + `|YWMt[A-Za-z0-9_-]{20,}`)
	if m := leak.FindString(o.output); m != "" {
		t.Errorf("the suite's output holds %q", m)
	}
	files, _ := filepath.Glob(filepath.Join(o.dir, "*"))
	if len(files) != 7 {
		t.Errorf("the run wrote %d files, want 7 (the reports and the ledger)", len(files))
	}
	for _, f := range files {
		data, _ := os.ReadFile(f)
		if m := leak.Find(data); m != nil {
			t.Errorf("%s holds %q", filepath.Base(f), m)
		}
		if strings.HasSuffix(f, ".json") && !json.Valid(data) {
			t.Errorf("%s is not JSON", filepath.Base(f))
		}
	}
}

func tail(s string) string {
	if len(s) > 3000 {
		return s[len(s)-3000:]
	}
	return s
}

// failures extracts each failure block of a verbose run's output.
func failures(out string) string {
	var b strings.Builder
	for rest := out; ; {
		i := strings.Index(rest, "[FAILED]")
		if i < 0 {
			break
		}
		end := min(len(rest), i+2500)
		b.WriteString(rest[i:end] + "\n…\n")
		rest = rest[end:]
	}
	if b.Len() == 0 {
		return tail(out)
	}
	return b.String()
}
