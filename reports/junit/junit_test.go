package junit

import (
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"github.com/onsi/ginkgo/v2/reporters"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/imconform/imconform/harness/expectations"
	"github.com/imconform/imconform/reports/results"
	"github.com/imconform/imconform/reports/results/resultstest"
)

func spec(text string, state types.SpecState, evidence map[string]any, labels ...string) types.SpecReport {
	sr := types.SpecReport{LeafNodeType: types.NodeTypeIt, LeafNodeText: text, ContainerHierarchyTexts: []string{"Users"},
		LeafNodeLabels: labels, State: state, RunTime: 1234567 * time.Nanosecond}
	if evidence != nil {
		sr.ReportEntries = types.ReportEntries{{Name: "imconform", Value: types.WrapEntryValue(evidence)}}
	}
	return sr
}

func report() types.Report {
	wrong := map[string]any{"row": "users.get.not-found", "exchange": map[string]any{"curl": "curl -X GET 'http://127.0.0.1:9/o/a/users/x' -H 'Authorization: Bearer ***'",
		"status": 404, "body": `{"error":"service_resource_not_found","error_description":"User not found"}`}}
	failed := spec("answers 404 when the user does not exist", types.SpecStateFailed, wrong, "users.get.not-found", "area:users")
	failed.Failure = types.Failure{Message: "Expected documented error users.get.not-found: ...\n  error_description: expected \"Service resource not found\", got \"User not found\"  ✗"}
	failed.CapturedGinkgoWriterOutput = "→ curl -X GET ...\n← 404"
	deviation := spec("answers 404 when the group does not exist", types.SpecStatePassed, map[string]any{"row": "groups.get.not-found", "deviation": "Expected documented error groups.get.not-found: ...\n  status: expected 404, got 400",
		"exchange": map[string]any{"curl": "curl x", "status": 400, "body": `{"error":"service_resource_not_found","error_description":"Service resource not found."}`}}, "groups.get.not-found")
	skipped := spec("answers 403 when registration is closed", types.SpecStateSkipped, map[string]any{"declared_skip": true}, "users.register.closed")
	skipped.Failure = types.Failure{Message: "the target's registration mode is open"}
	passed := spec("answers 400 to a duplicate username", types.SpecStatePassed, map[string]any{"row": "users.register.duplicate"}, "users.register.duplicate")
	passed.CapturedGinkgoWriterOutput = "→ curl ...\n← 400"
	untestable := spec("http.bad-gateway: 502 invalid response from an upstream server", types.SpecStateSkipped, nil, "untestable")
	untestable.Failure = types.Failure{Message: "not testable from a client"}
	setUp := types.SpecReport{LeafNodeType: types.NodeTypeBeforeSuite, State: types.SpecStatePassed}
	return types.Report{SpecReports: types.SpecReports{setUp, passed, failed, deviation, skipped, untestable}, RunTime: 3 * time.Second}
}

func TestOneSuitePerAreaWithTheTargetAndTheRowIDs(t *testing.T) {
	run := resultstest.Run(map[string]results.Verdict{"groups.get.not-found": results.Deviation})
	for i := range run.Rows {
		if run.Rows[i].ID == "groups.get.not-found" {
			run.Rows[i].Expectation = &expectationEntry
		}
	}
	data, err := Marshal(Build(report(), run))
	if err != nil {
		t.Fatal(err)
	}
	var got Suites
	if err := xml.Unmarshal(data, &got); err != nil {
		t.Fatalf("the XML does not parse: %v", err)
	}
	if got.Tests != 5 || got.Failures != 1 || got.Skipped != 3 {
		t.Errorf("tests %d, failures %d, skipped %d; want 5, 1, 3", got.Tests, got.Failures, got.Skipped)
	}
	var ginkgo reporters.JUnitTestSuites
	if err := xml.Unmarshal(data, &ginkgo); err != nil || ginkgo.Failures != 1 || len(ginkgo.TestSuites) != 3 || ginkgo.TestSuites[0].Properties.WithName(PropSuite) != "0.0.0-test" {
		t.Errorf("Ginkgo's JUnit types read %+v (%v)", ginkgo, err)
	}
	suites := map[string]Suite{}
	var names []string
	for _, s := range got.Suites {
		suites[s.Name] = s
		names = append(names, s.Name)
		for _, p := range []struct{ name, want string }{{PropBaseURL, "http://127.0.0.1:9"}, {PropAppKey, "o#a"}, {PropServer, "mock/1"},
			{PropEdition, "(not declared)"}, {PropSuite, "0.0.0-test"}, {PropCatalogue, run.Catalogue}} {
			if v := s.Properties.WithName(p.name); v != p.want {
				t.Errorf("suite %s: %s = %q, want %q", s.Name, p.name, v, p.want)
			}
		}
	}
	// Catalogue order: token, request, users, groups, ..., http.
	if strings.Join(names, ",") != "imconform users,imconform groups,imconform http" {
		t.Errorf("suites %v", names)
	}
	users := suites["imconform users"].Cases
	if len(users) != 3 {
		t.Fatalf("users has %d cases", len(users))
	}
	byName := map[string]Case{}
	for _, tc := range append(append(users, suites["imconform groups"].Cases...), suites["imconform http"].Cases...) {
		byName[tc.Name] = tc
		if tc.Classname != "imconform."+strings.TrimPrefix(suiteOf(got, tc.Name), "imconform ") {
			t.Errorf("%s: classname %s", tc.Name, tc.Classname)
		}
	}
	pass := byName["Users answers 400 to a duplicate username [users.register.duplicate]"]
	if pass.Failure != nil || pass.Skipped != nil || pass.SystemErr != "" || pass.Time != 0.001 ||
		!strings.Contains(string(data), `<testcase name="Users answers 400 to a duplicate username [users.register.duplicate]" classname="imconform.users" time="0.001"/>`) {
		t.Errorf("a passed case carries %+v", pass)
	}
	fail := byName["Users answers 404 when the user does not exist [users.get.not-found]"]
	if fail.Failure == nil || fail.Failure.Message != `error_description "User not found" ≠ "Service resource not found"` ||
		!strings.Contains(fail.Failure.Description, "request: curl -X GET") || !strings.Contains(fail.SystemErr, "→ curl -X GET") {
		t.Errorf("the failed case: %+v", fail)
	}
	dev := byName["Users answers 404 when the group does not exist [groups.get.not-found]"]
	if dev.Skipped == nil || dev.Skipped.Message != "expected deviation (the mock answers 400, https://tracker.example.com/MOCK-1, until 2099-12-31): status 400 ≠ 404" {
		t.Errorf("the deviation: %+v", dev.Skipped)
	}
	skip := byName["Users answers 403 when registration is closed [users.register.closed]"]
	if skip.Skipped == nil || skip.Skipped.Message != "skipped: the target's registration mode is open" || skip.SystemErr != "" {
		t.Errorf("the declared skip: %+v", skip)
	}
	if _, ok := byName["Users http.bad-gateway: 502 invalid response from an upstream server [http.bad-gateway]"]; !ok {
		t.Errorf("the untestable row's case is not named by its row: %v", names)
	}
}

func suiteOf(s Suites, name string) string {
	for _, suite := range s.Suites {
		for _, tc := range suite.Cases {
			if tc.Name == name {
				return suite.Name
			}
		}
	}
	return ""
}

var expectationEntry = expectations.Entry{Row: "groups.get.not-found", Reason: "the mock answers 400", Link: "https://tracker.example.com/MOCK-1", Expires: "2099-12-31"}
