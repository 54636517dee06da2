package mutation

import (
	"errors"
	"github.com/imconform/imconform/harness/fault"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/imconform/imconform/harness/matchers"
)

const row = "users.get.not-found"

func suiteNode(kind types.NodeType, state types.SpecState, msg string) types.SpecReport {
	return types.SpecReport{LeafNodeType: kind, State: state, Failure: types.Failure{Message: msg}}
}

func spec(text, label string, state types.SpecState, msg string) types.SpecReport {
	return types.SpecReport{LeafNodeType: types.NodeTypeIt, LeafNodeText: text, LeafNodeLabels: []string{label}, State: state, Failure: types.Failure{Message: msg}}
}

// caught is a failure of the row's own assertion.
func caught(id string) string {
	return matchers.FailureMarker(id) + " 404 service_resource_not_found ...\n  status: ..."
}

// run builds an execution whose report holds the setup node and specs.
func run(exit int, specs ...types.SpecReport) Execution {
	r := types.Report{SuiteSucceeded: exit == 0, SpecReports: append([]types.SpecReport{
		suiteNode(types.NodeTypeSynchronizedBeforeSuite, types.SpecStatePassed, ""),
	}, specs...)}
	return Execution{ExitCode: exit, Report: &r, Output: "Ran N specs"}
}

func TestJudge(t *testing.T) {
	m := Mutant{Row: row, Kind: fault.Text}
	filtered := spec("another row's spec", "users.delete.not-found", types.SpecStateSkipped, "")
	cases := []struct {
		name    string
		x       Execution
		verdict Verdict
		detail  string // a phrase the explanation must hold
	}{
		{"the spec failed on the row's assertion", run(1, filtered, spec("GET answers 404", row, types.SpecStateFailed, caught(row))), Killed, "1 of 1 specs failed"},
		{"every spec of the row failed", run(1, spec("a", row, types.SpecStateFailed, caught(row)), spec("b", row, types.SpecStateFailed, caught(row))), Killed, "2 of 2"},
		{"the spec passed", run(0, filtered, spec("GET answers 404", row, types.SpecStatePassed, "")), Survived, `"GET answers 404"`},
		{"one of two specs passed", run(1, spec("a", row, types.SpecStateFailed, caught(row)), spec("b", row, types.SpecStatePassed, "")), Survived, `1 of 2 specs passed`},
		{"the binary could not be started or timed out", Execution{Err: errors.New("signal: killed"), Output: "panic: boom"}, Errored, "did not run to the end"},
		{"the binary crashed without a report", Execution{ExitCode: 2, Output: "panic: nil map"}, Errored, "no report (exit 2)"},
		{"the label filter matched nothing", run(0, filtered), Errored, "matched nothing"},
		{"the row's spec skipped itself", run(0, spec("a", row, types.SpecStateSkipped, "needs client credentials")), Errored, "needs client credentials"},
		{"the suite setup failed", func() Execution {
			x := run(1, spec("a", row, types.SpecStateSkipped, ""))
			x.Report.SpecReports[0] = suiteNode(types.NodeTypeSynchronizedBeforeSuite, types.SpecStateFailed, "IMCONF_BASE_URL is not an http(s) URL")
			return x
		}(), Errored, "SynchronizedBeforeSuite failed"},
		{"the spec failed elsewhere than the row's assertion", run(1, spec("a", row, types.SpecStateFailed, "creating the fixture user: 500")), Errored, "not in the assertion on row " + row},
		{"the spec failed on another row's assertion", run(1, spec("a", row, types.SpecStateFailed, caught("users.delete.not-found"))), Errored, "not in the assertion"},
		{"the spec panicked", run(1, spec("a", row, types.SpecStatePanicked, "runtime error")), Errored, "ended panicked"},
		{"the spec timed out", run(1, spec("a", row, types.SpecStateTimedout, "timeout")), Errored, "ended timedout"},
		{"the report says failed but the binary exited 0", run(0, spec("a", row, types.SpecStateFailed, caught(row))), Errored, "exited 0"},
		{"the specs passed but the binary failed", run(1, spec("a", row, types.SpecStatePassed, "")), Errored, "exited 1"},
		{"the filter ran another row's spec", run(1, spec("a", row, types.SpecStateFailed, caught(row)), spec("b", "users.delete.not-found", types.SpecStatePassed, "")), Errored, "other rows"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v, detail := Judge(m, c.x)
			if v != c.verdict || !strings.Contains(detail, c.detail) {
				t.Errorf("Judge = %s, %q; want %s with %q", v, detail, c.verdict, c.detail)
			}
		})
	}
}

func TestJudgeControl(t *testing.T) {
	cases := []struct {
		name   string
		x      Execution
		ok     bool
		detail string
	}{
		{"every spec passed or skipped with a reason", run(0, spec("a", row, types.SpecStatePassed, ""), spec("b", row, types.SpecStateSkipped, "open registration")), true, "1 specs passed, 1 skipped"},
		{"a spec failed without a fault", run(1, spec("a", row, types.SpecStatePassed, ""), spec("b", row, types.SpecStateFailed, "boom")), false, `"b" (failed: boom)`},
		{"no spec ran", run(0, spec("a", row, types.SpecStateSkipped, "")), false, "no spec ran"},
		{"the binary crashed", Execution{ExitCode: 2, Output: "panic"}, false, "no report"},
		{"the suite failed although its specs passed", run(1, spec("a", row, types.SpecStatePassed, "")), false, "exit 1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ok, detail := JudgeControl(c.x)
			if ok != c.ok || !strings.Contains(detail, c.detail) {
				t.Errorf("JudgeControl = %v, %q; want %v with %q", ok, detail, c.ok, c.detail)
			}
		})
	}
}
