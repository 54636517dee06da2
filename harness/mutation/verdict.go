// Package mutation proves that the suite's specs can fail: it runs the specs
// of each catalogue row against the reference server with one fault injected
// into that row, and records whether the specs caught it (the mutant was
// killed) or passed anyway (it survived).
package mutation

import (
	"fmt"
	"github.com/imconform/imconform/harness/fault"
	"slices"
	"strings"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/imconform/imconform/harness/matchers"
	"github.com/imconform/imconform/harness/redact"
)

// Mutant is one fault on one catalogue row.
type Mutant struct {
	Row  string
	Kind fault.Kind
}

// Fault is the reference server fault that makes this mutant.
func (m Mutant) Fault() *fault.Fault { return &fault.Fault{ID: m.Row, Kind: m.Kind} }

func (m Mutant) String() string { return m.Fault().String() }

// Verdict is the outcome of one mutant.
type Verdict string

const (
	// Killed: every spec of the row ran and failed on the row's assertion.
	Killed Verdict = "killed"
	// Survived: a spec of the row ran and passed against the faulty server.
	Survived Verdict = "survived"
	// Errored: the run proves nothing either way (crash, setup failure,
	// timeout, no spec ran, a failure elsewhere than the row's assertion).
	Errored Verdict = "error"
)

// Execution is what one run of the compiled suite left behind.
type Execution struct {
	ExitCode int
	Report   *types.Report // nil when the run wrote none
	Output   string        // combined stdout and stderr
	Err      error         // the run could not start or did not finish
}

// Judge decides a mutant's verdict from the run of its row's specs. It is
// strict on purpose: a kill counts only when specs labelled with the row ran
// and each failed in the row's own assertion, so a crash, a failed setup or
// an empty label filter can never pass for a kill.
func Judge(m Mutant, x Execution) (Verdict, string) {
	if msg := unusable(x); msg != "" {
		return Errored, msg
	}
	var ran []types.SpecReport
	var skipped, strangers []string
	for _, s := range x.Report.SpecReports {
		if s.LeafNodeType != types.NodeTypeIt {
			continue
		}
		labelled := slices.Contains(s.Labels(), m.Row)
		switch {
		case s.State.Is(types.SpecStateSkipped | types.SpecStatePending):
			if labelled && s.Failure.Message != "" {
				skipped = append(skipped, fmt.Sprintf("%q: %s", s.FullText(), s.Failure.Message))
			}
		case !labelled:
			strangers = append(strangers, s.FullText())
		default:
			ran = append(ran, s)
		}
	}
	if len(strangers) > 0 {
		return Errored, fmt.Sprintf("the label filter %s also ran specs of other rows: %s", m.Row, quoteAll(strangers))
	}
	if len(ran) == 0 {
		if len(skipped) > 0 {
			return Errored, "no spec of the row ran; skipped: " + strings.Join(skipped, "; ")
		}
		return Errored, fmt.Sprintf("no spec labelled %s ran: the label filter matched nothing", m.Row)
	}
	var passed []string
	for _, s := range ran {
		switch s.State {
		case types.SpecStatePassed:
			passed = append(passed, s.FullText())
		case types.SpecStateFailed:
		default:
			return Errored, fmt.Sprintf("spec %q ended %s rather than in a failed assertion: %s", s.FullText(), s.State, firstLine(s.Failure.Message))
		}
	}
	if len(passed) > 0 {
		if x.ExitCode != 0 && len(passed) == len(ran) {
			return Errored, fmt.Sprintf("every spec passed but the suite exited %d: %s", x.ExitCode, tail(x.Output))
		}
		return Survived, fmt.Sprintf("%d of %d specs passed against the faulty server: %s", len(passed), len(ran), quoteAll(passed))
	}
	marker := matchers.FailureMarker(m.Row)
	for _, s := range ran {
		if !strings.Contains(s.Failure.Message, marker) {
			return Errored, fmt.Sprintf("spec %q failed, but not in the assertion on row %s: %s", s.FullText(), m.Row, firstLine(s.Failure.Message))
		}
	}
	if x.ExitCode == 0 {
		return Errored, "the specs failed but the suite exited 0"
	}
	return Killed, fmt.Sprintf("%d of %d specs failed: %s", len(ran), len(ran), caughtBy(ran[0].Failure.Message))
}

// caughtBy is the line of a matcher failure that names the wrong field (the
// matcher marks it ✗), else the first line.
func caughtBy(msg string) string {
	for _, l := range strings.Split(msg, "\n") {
		if strings.Contains(l, "✗") {
			return redact.String(strings.TrimSpace(l))
		}
	}
	return firstLine(msg)
}

// JudgeControl says whether the unmutated run is a valid baseline: it ran
// specs and every one passed or was skipped with a reason.
func JudgeControl(x Execution) (bool, string) {
	if msg := unusable(x); msg != "" {
		return false, msg
	}
	var passed, skipped int
	var failed []string
	for _, s := range x.Report.SpecReports {
		if s.LeafNodeType != types.NodeTypeIt {
			continue
		}
		switch {
		case s.State == types.SpecStatePassed:
			passed++
		case s.State.Is(types.SpecStateSkipped | types.SpecStatePending):
			skipped++
		default:
			failed = append(failed, fmt.Sprintf("%q (%s: %s)", s.FullText(), s.State, firstLine(s.Failure.Message)))
		}
	}
	switch {
	case len(failed) > 0:
		return false, fmt.Sprintf("%d specs did not pass without any fault: %s", len(failed), strings.Join(failed, "; "))
	case passed == 0:
		return false, "no spec ran"
	case x.ExitCode != 0 || !x.Report.SuiteSucceeded:
		return false, fmt.Sprintf("the suite failed (exit %d) although its specs passed: %s", x.ExitCode, tail(x.Output))
	}
	return true, fmt.Sprintf("%d specs passed, %d skipped", passed, skipped)
}

// unusable explains why a run's report cannot be judged at all, or is "".
func unusable(x Execution) string {
	if x.Err != nil {
		return fmt.Sprintf("the suite did not run to the end (%v): %s", x.Err, tail(x.Output))
	}
	if x.Report == nil {
		return fmt.Sprintf("the suite wrote no report (exit %d): %s", x.ExitCode, tail(x.Output))
	}
	for _, s := range x.Report.SpecReports {
		if s.LeafNodeType == types.NodeTypeIt || s.State.Is(types.SpecStatePassed|types.SpecStateSkipped|types.SpecStatePending) {
			continue
		}
		return fmt.Sprintf("%s %s, so no spec was judged: %s", s.LeafNodeType, s.State, firstLine(s.Failure.Message))
	}
	return ""
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return redact.String(line)
}

// tail is the end of a run's output, enough to see why it stopped.
func tail(out string) string {
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) > 12 {
		lines = lines[len(lines)-12:]
	}
	s := strings.TrimSpace(strings.Join(lines, "\n"))
	if s == "" {
		return "(no output)"
	}
	return redact.String(s)
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}
