package results

import (
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/imconform/imconform/harness/catalog"
)

// An unreachable target fails the suite set-up: Ginkgo then reports no spec
// at all. The rows must say the run stopped and why, not "no spec", and the
// run earns no certificate.
func TestARunStoppedBeforeAnySpecSaysWhyOnEveryRow(t *testing.T) {
	cause := "imconform: suite set-up failed: cannot reach configured endpoint http://127.0.0.1:1 (App Key a#b): nothing listens at the target's address (connection refused)"
	rep := types.Report{SuiteSucceeded: false, SpecReports: types.SpecReports{{
		LeafNodeType: types.NodeTypeSynchronizedBeforeSuite, State: types.SpecStateFailed,
		Failure: types.Failure{Message: cause + "\nmore detail"},
	}}}
	run := Build(Input{Report: rep, Target: Target{BaseURL: "http://127.0.0.1:1", Org: "a", App: "b"}, Now: now})
	if run.Complete() || !strings.Contains(strings.Join(run.Partial, "; "), "the run stopped before any spec: "+strings.TrimPrefix(cause, "imconform: ")) {
		t.Fatalf("partial = %q", run.Partial)
	}
	if run.Counts[NoSpec] != 0 || run.Counts[Passed] != 0 {
		t.Fatalf("counts %v: a run that ran nothing claims rows", run.Counts)
	}
	for _, r := range run.Rows {
		c, _ := catalog.Get(r.ID)
		if c.Testable() && (r.Verdict != NotRun || !strings.Contains(r.Detail, "connection refused")) {
			t.Fatalf("row %s: %s: %s", r.ID, r.Verdict, r.Detail)
		}
	}
	if run.Target.Name() != "http://127.0.0.1:1 (a#b)" {
		t.Fatalf("target %q", run.Target.Name())
	}
}

func TestCountsArePlural(t *testing.T) {
	for got, want := range map[string]string{
		Count(1, "spec"): "1 spec", Count(2, "spec"): "2 specs", Count(0, "row"): "0 rows",
		CountOf(Deviation, 1): "1 expected deviation", CountOf(Deviation, 2): "2 expected deviations", CountOf(Passed, 1): "1 passed",
		ResultOf(map[Verdict]int{Deviation: 1, NoSpec: 1}): "conformant with 1 expected deviation on the rows this suite version checks (1 row has no spec)",
	} {
		if got != want {
			t.Errorf("%q, want %q", got, want)
		}
	}
}
