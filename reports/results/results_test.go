package results

import (
	"encoding/json"
	"github.com/imconform/imconform/harness/evidence"
	"strings"
	"testing"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/client"
	"github.com/imconform/imconform/harness/expectations"
	"github.com/imconform/imconform/harness/redact"
)

// spec is a spec report as Ginkgo hands it to ReportAfterSuite.
func spec(id string, state types.SpecState, msg string, ev *evidence.Evidence) types.SpecReport {
	sr := types.SpecReport{
		LeafNodeType: types.NodeTypeIt, LeafNodeText: "answers " + id, LeafNodeLabels: []string{id, "slow"},
		State: state, Failure: types.Failure{Message: msg},
	}
	if ev != nil {
		sr.ReportEntries = append(sr.ReportEntries, types.ReportEntry{Name: evidence.EvidenceEntry, Value: types.WrapEntryValue(*ev)})
	}
	return sr
}

// viaJSON is what a report entry from another parallel process looks like.
func viaJSON(t *testing.T, sr types.SpecReport) types.SpecReport {
	t.Helper()
	data, err := json.Marshal(sr)
	if err != nil {
		t.Fatal(err)
	}
	var out types.SpecReport
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func requestsEntry(n int) types.SpecReport {
	return types.SpecReport{LeafNodeType: types.NodeTypeSynchronizedAfterSuite, State: types.SpecStatePassed,
		ReportEntries: []types.ReportEntry{{Name: evidence.RequestsEntry, Value: types.WrapEntryValue(n)}}}
}

func row(t *testing.T, run Run, id string) Row {
	t.Helper()
	for _, r := range run.Rows {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("no row %s", id)
	return Row{}
}

var now = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)

func TestBuildJudgesEveryCatalogueRow(t *testing.T) {
	failing := &client.Exchange{Curl: "curl -X GET 'http://127.0.0.1:9/o/a/users/u'", Status: 410, Body: `{"error":"x"}`, Server: "mock/1"}
	rep := types.Report{
		SuiteSucceeded: false, StartTime: now, RunTime: 2 * time.Second,
		SpecReports: types.SpecReports{
			spec("users.get.not-found", types.SpecStateFailed, "Expected documented error users.get.not-found\n  status: expected 404, got 410  ✗", &evidence.Evidence{Row: "users.get.not-found", Exchange: failing, Requests: 3}),
			viaJSON(t, spec("users.delete.not-found", types.SpecStatePassed, "", &evidence.Evidence{Matched: "canonical", Requests: 2, Exchange: &client.Exchange{Server: "mock/1"}})),
			// A table row with two entries: one deviating is the row's verdict.
			spec("users.register.missing-password", types.SpecStatePassed, "", &evidence.Evidence{Matched: "canonical"}),
			spec("users.register.missing-password", types.SpecStatePassed, "", &evidence.Evidence{Deviation: "status: expected 400, got 200"}),
			spec("users.register.closed", types.SpecStateSkipped, "the target declares open registration", &evidence.Evidence{DeclaredSkip: true}),
			spec("auth.token-expired", types.SpecStateSkipped, "", nil),
			requestsEntry(20), viaJSON(t, requestsEntry(22)),
		},
	}
	set, err := expectations.Parse([]byte("deviations:\n  - row: users.register.missing-password\n    reason: r\n    link: https://x.example/1\n    expires: 2026-12-31\n"), "d.yaml")
	if err != nil {
		t.Fatal(err)
	}
	run := Build(Input{Report: rep, Target: Target{BaseURL: "http://127.0.0.1:9", Org: "o", App: "a"}, Expectations: set, Now: now, Suite: "9.9.9"})

	if len(run.Rows) != len(catalog.All()) {
		t.Fatalf("%d rows, the catalogue has %d", len(run.Rows), len(catalog.All()))
	}
	want := map[string]Verdict{
		"users.get.not-found":             Failed,
		"users.delete.not-found":          Passed,
		"users.register.missing-password": Deviation,
		"users.register.closed":           Skipped,
		"auth.token-expired":              NotRun,
		"http.bad-gateway":                NotTestable,
		"users.register.duplicate":        NoSpec,
	}
	for id, v := range want {
		if got := row(t, run, id).Verdict; got != v {
			t.Errorf("%s: verdict %q, want %q", id, got, v)
		}
	}
	if r := row(t, run, "users.get.not-found"); r.Specs[0].Exchange.Status != 410 || !strings.Contains(r.Specs[0].Message, "expected 404, got 410") {
		t.Errorf("the failed row lacks its evidence: %+v", r.Specs)
	}
	// What differed comes from the evidence: status and the missing description.
	if r := row(t, run, "users.get.not-found"); WhatDiffered(r.Specs[0].Differences) != `status 410 ≠ 404; error "x" ≠ "service_resource_not_found"; error_description (absent) ≠ "Service resource not found"` ||
		r.Specs[0].Expected == nil || !strings.HasPrefix(r.Specs[0].Expected.Wording, catalog.CanonicalName) || r.Summary() != WhatDiffered(r.Specs[0].Differences) {
		t.Errorf("what differed on the failed row: %+v", r.Specs[0])
	}
	// Rows carry their catalogue area, operations, source and notes.
	if r, c := row(t, run, "users.register.duplicate"), catalog.MustGet("users.register.duplicate"); r.Area != "users" || len(r.Endpoints) == 0 || r.Source != c.Source || r.Notes != c.Notes {
		t.Errorf("the row lacks its catalogue facts: %+v", r)
	}
	if r := row(t, run, "users.register.missing-password"); r.Expectation == nil || !strings.Contains(r.Detail, "https://x.example/1") {
		t.Errorf("the deviating row does not name its entry: %+v", r)
	}
	if run.Requests != 42 {
		t.Errorf("requests = %d, want the processes' 20+22", run.Requests)
	}
	if run.Target.Server != "mock/1" || run.Suite != "9.9.9" || run.Catalogue != catalog.Digest() || run.Duration != 2 {
		t.Errorf("summary = %+v", run)
	}
	n := 0
	for _, c := range run.Counts {
		n += c
	}
	if n != len(run.Rows) || run.Counts[Failed] != 1 {
		t.Errorf("counts = %v", run.Counts)
	}
	if run.Succeeded {
		t.Error("a run with a failed spec succeeded")
	}
	// One spec did not run although nothing filtered the run: no certificate.
	if len(run.Partial) != 1 || !strings.Contains(run.Partial[0], "1 spec did not run") {
		t.Errorf("partial = %q", run.Partial)
	}
}

func TestPartialSaysWhyTheRunEarnsNoCertificate(t *testing.T) {
	base := types.SpecReports{spec("users.get.not-found", types.SpecStatePassed, "", &evidence.Evidence{Matched: "canonical"})}
	cases := []struct {
		name   string
		report types.Report
		want   string
	}{
		{"label filter", types.Report{SuiteConfig: types.SuiteConfig{LabelFilter: "users.get.not-found"}}, `the label filter "users.get.not-found" selected part`},
		{"focus", types.Report{SuiteConfig: types.SuiteConfig{FocusStrings: []string{"GET"}}}, "--focus GET"},
		{"skip", types.Report{SuiteConfig: types.SuiteConfig{SkipStrings: []string{"GET"}}}, "--skip GET"},
		{"focus in code", types.Report{SuiteHasProgrammaticFocus: true}, "focused in code"},
		{"undeclared skip", types.Report{SpecReports: types.SpecReports{spec("users.register.closed", types.SpecStateSkipped, "needs client credentials", &evidence.Evidence{})}}, "1 spec was skipped for reasons the target's profile does not declare (first: needs client credentials)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.report.SpecReports = append(append(types.SpecReports{}, base...), c.report.SpecReports...)
			c.report.SuiteSucceeded = true
			run := Build(Input{Report: c.report, Now: now})
			if run.Complete() || !strings.Contains(strings.Join(run.Partial, "; "), c.want) {
				t.Errorf("partial = %q, want %q", run.Partial, c.want)
			}
		})
	}
	full := Build(Input{Report: types.Report{SuiteSucceeded: true, SpecReports: append(base,
		spec("users.register.closed", types.SpecStateSkipped, "declared", &evidence.Evidence{DeclaredSkip: true}))}, Now: now})
	if !full.Complete() || !full.Succeeded {
		t.Errorf("a whole run with a declared skip: partial %q, succeeded %v", full.Partial, full.Succeeded)
	}
}

func TestStaleAndExpiredExpectationsFailTheRun(t *testing.T) {
	rep := types.Report{SuiteSucceeded: true, SpecReports: types.SpecReports{
		spec("users.get.not-found", types.SpecStatePassed, "", &evidence.Evidence{Matched: "canonical"}),
	}}
	set, err := expectations.Parse([]byte(`deviations:
  - {row: users.get.not-found, reason: r, link: "https://x.example/1", expires: 2026-12-31}
  - {row: auth.token-expired, reason: r, link: "https://x.example/2", expires: 2026-01-31}
`), "d.yaml")
	if err != nil {
		t.Fatal(err)
	}
	run := Build(Input{Report: rep, Expectations: set, Now: now})
	if run.Succeeded || len(run.Problems) != 2 {
		t.Fatalf("succeeded %v, problems %q; want the stale and the expired entry", run.Succeeded, run.Problems)
	}
	if !strings.Contains(run.Problems[0], "users.get.not-found is stale") || !strings.Contains(run.Problems[1], "auth.token-expired expired on 2026-01-31") {
		t.Errorf("problems = %q", run.Problems)
	}
}

func TestBuildRedactsEvidence(t *testing.T) {
	const secret = "YXA6-results-known-secret"
	redact.Register(secret)
	rep := types.Report{SpecReports: types.SpecReports{
		spec("users.get.not-found", types.SpecStateFailed, "got "+secret, &evidence.Evidence{Exchange: &client.Exchange{Curl: "curl -d client_secret=" + secret, Body: secret}}),
	}}
	data, err := Build(Input{Report: rep, Now: now}).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), secret) {
		t.Fatalf("the matrix JSON holds the secret:\n%s", data)
	}
}

func TestParseRoundTripsAndRejectsOtherFiles(t *testing.T) {
	data, err := Build(Input{Report: types.Report{SuiteSucceeded: true}, Now: now}).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Parse(data, "conformance.json"); err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{
		"not json":                             "not JSON",
		`[{"SuitePath":"x"}]`:                  "is not an imconform matrix",
		`{"format":"imconform-certificate/1"}`: `has format "imconform-certificate/1"`,
		`{"rows":[]}`:                          `no "format"`,
		`{"format":"imconform-matrix/1","rows":[{"id":"x","verdict":"great"}]}`: `row 1: id "x" with verdict "great" is not a matrix row`,
	}
	for doc, want := range cases {
		_, err := Parse([]byte(doc), "a.json")
		if err == nil || !strings.HasPrefix(err.Error(), "a.json") || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("Parse(%s) = %v; want one line containing %q", doc, err, want)
		}
	}
}

func TestResultOf(t *testing.T) {
	cases := []struct {
		counts map[Verdict]int
		want   string
	}{
		{map[Verdict]int{Passed: 3, NotTestable: 1, Skipped: 1}, Conformant},
		{map[Verdict]int{Passed: 3, Failed: 1, Deviation: 1}, NotConformant},
		{map[Verdict]int{Passed: 3, Deviation: 2}, "conformant with 2 expected deviations"},
		{map[Verdict]int{Passed: 3, NoSpec: 5}, "conformant on the rows this suite version checks (5 rows have no spec)"},
	}
	for _, c := range cases {
		if got := ResultOf(c.counts); got != c.want {
			t.Errorf("ResultOf(%v) = %q, want %q", c.counts, got, c.want)
		}
	}
}
