package reports

import (
	"encoding/json"
	"encoding/xml"
	"github.com/imconform/imconform/harness/evidence"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onsi/ginkgo/v2/reporters"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/imconform/imconform/harness/client"
	"github.com/imconform/imconform/harness/redact"
	"github.com/imconform/imconform/reports/results"
)

const secret = "YXA6-reports-known-secret-value"

// leakyReport is a run whose failure message, output and evidence all hold
// the secret, as they would if a server echoed it back.
func leakyReport(config types.SuiteConfig) types.Report {
	ev := evidence.Evidence{Row: "users.get.not-found", Exchange: &client.Exchange{
		Curl:   "curl -X POST 'http://127.0.0.1:9/o/a/token' -d '{\"client_secret\":\"" + secret + "\"}'",
		Status: 410, Body: `{"error":"x","echo":"` + secret + `"}`,
	}}
	return types.Report{
		SuiteDescription: "imconform conformance", SuiteConfig: config, StartTime: time.Now(), RunTime: time.Second,
		SpecReports: types.SpecReports{{LeafNodeType: types.NodeTypeSynchronizedBeforeSuite, State: types.SpecStatePassed}, {
			LeafNodeType: types.NodeTypeIt, LeafNodeText: "answers 404", LeafNodeLabels: []string{"users.get.not-found"},
			State: types.SpecStateFailed, Failure: types.Failure{Message: "Expected 404, got 410 " + secret},
			CapturedGinkgoWriterOutput: "-> Authorization: Bearer " + secret + "\n",
			ReportEntries:              types.ReportEntries{{Name: evidence.EvidenceEntry, Value: types.WrapEntryValue(ev)}},
		}},
	}
}

func write(t *testing.T, dir string, rep types.Report) results.Run {
	t.Helper()
	run := results.Build(results.Input{Report: rep, Target: results.Target{BaseURL: "http://127.0.0.1:9", Org: "o", App: "a"}, Now: time.Now(), Suite: "test"})
	if err := Write(dir, rep, run); err != nil {
		t.Fatal(err)
	}
	return run
}

func TestNoReportFileHoldsAKnownSecret(t *testing.T) {
	redact.Register(secret)
	dir := t.TempDir()
	write(t, dir, leakyReport(types.SuiteConfig{}))
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(files) != 6 {
		t.Fatalf("wrote %d files, want 6 (with the certificate): %v", len(files), files)
	}
	for _, f := range files {
		data, _ := os.ReadFile(f)
		if strings.Contains(string(data), secret) {
			t.Errorf("%s holds the secret", filepath.Base(f))
		}
	}
	// Redaction keeps the files well formed.
	data, _ := os.ReadFile(filepath.Join(dir, JUnitFile))
	var junit reporters.JUnitTestSuites
	if err := xml.Unmarshal(data, &junit); err != nil {
		t.Fatalf("junit.xml is not XML after redaction: %v", err)
	}
	// One case per spec: passed suite set-up nodes are left out.
	if junit.Tests != 1 || junit.Failures != 1 || !strings.Contains(junit.TestSuites[0].TestCases[0].Name, "[users.get.not-found]") {
		t.Errorf("junit: %d cases, %d failures, first %q", junit.Tests, junit.Failures, junit.TestSuites[0].TestCases[0].Name)
	}
	for _, name := range []string{JSONFile, MatrixJSONFile, CertificateFile} {
		data, _ := os.ReadFile(filepath.Join(dir, name))
		if !json.Valid(data) {
			t.Errorf("%s is not JSON after redaction", name)
		}
	}
}

func TestAPartialRunRemovesAnEarlierCertificateAndSaysWhy(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, leakyReport(types.SuiteConfig{}))
	if _, err := os.Stat(filepath.Join(dir, CertificateFile)); err != nil {
		t.Fatal("a whole run wrote no certificate")
	}
	write(t, dir, leakyReport(types.SuiteConfig{LabelFilter: "users.get.not-found"}))
	if _, err := os.Stat(filepath.Join(dir, CertificateFile)); !os.IsNotExist(err) {
		t.Fatal("a filtered run left a certificate behind")
	}
	md, _ := os.ReadFile(filepath.Join(dir, MarkdownFile))
	if !strings.Contains(string(md), `not written, because the label filter "users.get.not-found" selected part of the catalogue`) {
		t.Error("the summary does not say why no certificate was written")
	}
}

func TestProblemsBecomeAFailedJUnitCase(t *testing.T) {
	rep := leakyReport(types.SuiteConfig{})
	rep.SpecReports[1].State, rep.SpecReports[1].Failure = types.SpecStatePassed, types.Failure{}
	rep.SuiteSucceeded = true
	dir := t.TempDir()
	run := results.Build(results.Input{Report: rep, Now: time.Now()})
	run.Checks = []results.Check{{Case: results.ExpectationsCheck, Messages: []string{"expected deviation of users.get.not-found is stale"}}}
	run.Problems, run.Succeeded = run.Checks[0].Messages, false
	if err := Write(dir, rep, run); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, JUnitFile))
	if !strings.Contains(string(data), `failures="1"`) || !strings.Contains(string(data), "is stale") {
		t.Errorf("junit.xml does not fail the stale entry:\n%s", data)
	}
}

// An expired entry is not honoured, so its row fails as usual: the run has
// failed already, and the expiry must still get its own JUnit case.
func TestAnExpiredEntryIsAFailedJUnitCaseInARunThatFailedAnyway(t *testing.T) {
	rep := leakyReport(types.SuiteConfig{})
	rep.SuiteSucceeded = false
	dir := t.TempDir()
	run := results.Build(results.Input{Report: rep, Now: time.Now()})
	run.Checks = []results.Check{{Case: results.ExpectationsCheck, Messages: []string{"expected deviation of users.get.not-found expired on 2026-01-01"}}}
	if err := Write(dir, rep, run); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, JUnitFile))
	if !strings.Contains(string(data), `name="imconform expected deviations"`) || !strings.Contains(string(data), "expired on 2026-01-01") {
		t.Errorf("junit.xml has no failed case for the expired entry:\n%s", data)
	}
}
