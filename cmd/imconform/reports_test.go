package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/imconform/imconform/reports/certificate"
	"github.com/imconform/imconform/reports/results"
	"github.com/imconform/imconform/reports/results/resultstest"
)

func runCmd(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// oneLine checks a tool's error: one line, non-zero exit, containing want.
func oneLine(t *testing.T, code int, stderr, want string) {
	t.Helper()
	if code == 0 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, want) {
		t.Errorf("exit %d, stderr %q; want a non-zero exit and one line containing %q", code, stderr, want)
	}
}

func certificateFile(t *testing.T) []byte {
	t.Helper()
	c, err := certificate.New(resultstest.Run(nil))
	if err != nil {
		t.Fatal(err)
	}
	data, err := c.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestVerifyCertificate(t *testing.T) {
	good := certificateFile(t)
	code, out, stderr := runCmd("verify-certificate", writeFile(t, "certificate.json", good))
	if code != 0 || !strings.Contains(out, "holds: conformant for http://127.0.0.1:9 (o#a)") {
		t.Fatalf("a good certificate: exit %d, %q %q", code, out, stderr)
	}
	tampered := bytes.Replace(good, []byte(`"passed"`), []byte(`"failed"`), 1)
	code, _, stderr = runCmd("verify-certificate", writeFile(t, "certificate.json", tampered))
	oneLine(t, code, stderr, "was changed after it was written")

	code, _, stderr = runCmd("verify-certificate", filepath.Join(t.TempDir(), "missing.json"))
	oneLine(t, code, stderr, "missing.json cannot be read (no such file or directory)")
	code, _, stderr = runCmd("verify-certificate", writeFile(t, "c.json", []byte("{")))
	oneLine(t, code, stderr, "is not an imconform certificate")
	code, _, stderr = runCmd("verify-certificate")
	oneLine(t, code, stderr, "want one FILE, got 0 arguments")
}

func TestReportCompare(t *testing.T) {
	a, _ := resultstest.Run(nil).Marshal()
	b, _ := resultstest.Run(map[string]results.Verdict{"users.get.not-found": results.Failed}).Marshal()
	pa, pb := writeFile(t, "mock.json", a), writeFile(t, "staging.json", b)

	code, out, stderr := runCmd("report", "compare", pa, pb)
	if code != 0 || !strings.Contains(out, "| mock.json | staging.json |") || !strings.Contains(out, "≠ `users.get.not-found`") {
		t.Fatalf("exit %d, stderr %q, out:\n%s", code, stderr, out)
	}
	html := filepath.Join(t.TempDir(), "cmp.html")
	if code, out, stderr := runCmd("report", "compare", "-o", html, pa, pb); code != 0 || !strings.Contains(out, "wrote "+html) {
		t.Fatalf("exit %d %q %q", code, out, stderr)
	}
	if data, _ := os.ReadFile(html); !bytes.HasPrefix(data, []byte("<!DOCTYPE html>")) {
		t.Error("-o x.html wrote no HTML")
	}
	// As the README writes it: the flag after the file names.
	after := filepath.Join(t.TempDir(), "after.html")
	if code, out, stderr := runCmd("report", "compare", pa, pb, "-o", after); code != 0 || !strings.Contains(out, "wrote "+after) {
		t.Fatalf("flags after the file names: exit %d %q %q", code, out, stderr)
	}
	if code, _, stderr := runCmd("report", "compare", pa, "--", "-o"); code == 0 || !strings.Contains(stderr, "-o cannot be read") {
		t.Fatalf("after --, -o is a file name: exit %d %q", code, stderr)
	}

	ginkgoJSON := writeFile(t, "report.json", []byte(`[{"SuitePath":"/x","SpecReports":[]}]`))
	cases := []struct {
		args []string
		want string
	}{
		{[]string{pa}, "want at least two conformance.json files, got 1"},
		{[]string{pa, writeFile(t, "bad.json", []byte("not json"))}, "bad.json is not JSON"},
		{[]string{pa, ginkgoJSON}, "report.json is not an imconform matrix"},
		{[]string{pa, writeFile(t, "cert.json", certificateFile(t))}, `has format "imconform-certificate/1"`},
		{[]string{pa, filepath.Join(t.TempDir(), "gone.json")}, "gone.json cannot be read"},
		{[]string{"-o", "x.pdf", pa, pb}, "must end in .md or .html"},
		{[]string{"--colour", pa, pb}, "flag provided but not defined: -colour"},
	}
	for _, c := range cases {
		code, _, stderr := runCmd(append([]string{"report", "compare"}, c.args...)...)
		oneLine(t, code, stderr, c.want)
	}
	code, _, stderr = runCmd("report", "diff")
	oneLine(t, code, stderr, `unknown subcommand "diff"`)
}
