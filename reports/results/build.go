package results

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/client"
	"github.com/imconform/imconform/harness/evidence"
	"github.com/imconform/imconform/harness/expectations"
	"github.com/imconform/imconform/harness/labelfilter"
	"github.com/imconform/imconform/harness/redact"
	"github.com/imconform/imconform/reports/coverage"
)

// Input is what Build needs besides the catalogue.
type Input struct {
	Report       types.Report
	Target       Target
	Expectations expectations.Set
	Now          time.Time
	Suite        string
	// Implemented lists the operations the reference implements (RunInfo).
	Implemented []string
}

// Build judges every catalogue row from a Ginkgo report.
func Build(in Input) Run {
	rep := in.Report
	run := Run{
		Format: Format, Suite: in.Suite, Catalogue: catalog.Digest(), Target: in.Target,
		Started: rep.StartTime.UTC().Format(time.RFC3339), Duration: rep.RunTime.Seconds(),
		Counts: map[Verdict]int{},
	}
	byRow := map[string][]Spec{}
	servers := map[string]int{}
	requests, evidenceRequests, sawRequestsEntry := 0, 0, false
	var undeclared []string
	notRun := 0

	for _, sr := range rep.SpecReports {
		if sr.LeafNodeType != types.NodeTypeIt {
			for _, e := range sr.ReportEntries {
				if e.Name == evidence.RequestsEntry {
					var n int
					if decode(e.Value, &n) == nil {
						requests += n
						sawRequestsEntry = true
					}
				}
			}
			if sr.State.Is(types.SpecStateFailureStates) {
				run.Problems = append(run.Problems, fmt.Sprintf("%s failed: %s", sr.LeafNodeType, firstLine(redact.String(sr.Failure.Message))))
			}
			continue
		}
		s, ev := JudgeSpec(sr, rep.SuiteConfig.DryRun, in.Target.Strict)
		evidenceRequests += ev.Requests
		if ev.Exchange != nil && ev.Exchange.Server != "" {
			servers[ev.Exchange.Server]++
		}
		switch {
		case s.Verdict == NotRun:
			notRun++
		case s.Verdict == Skipped && !ev.DeclaredSkip:
			undeclared = append(undeclared, s.Message)
		}
		for _, id := range RowIDs(sr) {
			byRow[id] = append(byRow[id], s)
		}
	}

	stopped := stoppedBeforeSpecs(rep)
	for _, r := range catalog.All() {
		row := Row{ID: r.ID, Status: r.Status, Error: r.Error, Description: r.Description, Specs: byRow[r.ID],
			Area: r.Area, Endpoints: r.Endpoints, Source: r.Source, Notes: r.Notes}
		if e, ok := in.Expectations.Lookup(r.ID); ok {
			e := e
			row.Expectation = &e
		}
		row.Verdict, row.Detail = judge(r, row.Specs, row.Expectation, in.Now)
		if stopped != "" && r.Testable() {
			row.Verdict, row.Detail = NotRun, "the run stopped before any spec: "+stopped
		}
		run.Counts[row.Verdict]++
		run.Rows = append(run.Rows, row)
	}

	if sawRequestsEntry {
		run.Requests = requests
	} else {
		run.Requests = evidenceRequests
	}
	run.Target.Server = mostCommon(servers)
	run.Coverage = coverage.Measure([]types.Report{rep}, in.Implemented).Figures
	run.Partial = partial(rep, notRun, undeclared)
	if stopped != "" {
		run.Partial = append(run.Partial, "the run stopped before any spec: "+stopped)
	}
	if p := in.Expectations.Problems(in.Now, func(id string) expectations.Outcome { return outcome(run.verdict(id)) }); len(p) > 0 {
		run.Checks = append(run.Checks, Check{ExpectationsCheck, p})
	}
	if msg := labelfilter.AfterRun(rep.SuiteConfig.LabelFilter, specLabels(rep)); msg != "" {
		run.Checks = append(run.Checks, Check{LabelFilterCheck, []string{msg}})
	}
	for _, c := range run.Checks {
		run.Problems = append(run.Problems, c.Messages...)
	}
	run.Succeeded = rep.SuiteSucceeded && len(run.Problems) == 0
	return run
}

// JudgeSpec is one spec's verdict and its evidence. A failed or deviating
// spec's answer is compared with its row's documentation (Differ).
func JudgeSpec(sr types.SpecReport, dryRun, strict bool) (Spec, evidence.Evidence) {
	ev, _ := evidence.EvidenceOf(sr) // a malformed entry leaves the evidence empty
	s := Spec{Name: sr.FullText(), Matched: ev.Matched, Exchange: redactExchange(ev.Exchange), Declared: ev.DeclaredSkip}
	switch {
	case dryRun:
		s.Verdict, s.Message = NotRun, "dry run"
	case sr.State == types.SpecStatePassed && ev.Deviation != "":
		s.Verdict, s.Message = Deviation, redact.String(ev.Deviation)
	case sr.State == types.SpecStatePassed:
		s.Verdict = Passed
	case sr.State == types.SpecStateSkipped && sr.Failure.Message != "":
		s.Verdict, s.Message = Skipped, redact.String(sr.Failure.Message)
	case sr.State == types.SpecStateSkipped || sr.State == types.SpecStatePending:
		s.Verdict, s.Message = NotRun, "not selected by this run"
	default:
		s.Verdict, s.Message = Failed, redact.String(failureText(sr))
	}
	if s.Verdict == Failed || s.Verdict == Deviation {
		if row, ok := specRow(sr, ev); ok {
			s.Expected, s.Differences = Differ(row, s.Exchange, strict)
		}
	}
	return s, ev
}

// specRow is the catalogue row a spec's evidence names, else its first row
// label.
func specRow(sr types.SpecReport, ev evidence.Evidence) (catalog.Row, bool) {
	if r, ok := catalog.Get(ev.Row); ok {
		return r, true
	}
	if ids := RowIDs(sr); len(ids) > 0 {
		return catalog.Get(ids[0])
	}
	return catalog.Row{}, false
}

func (r Run) verdict(id string) Verdict {
	for _, row := range r.Rows {
		if row.ID == id {
			return row.Verdict
		}
	}
	return NoSpec
}

func outcome(v Verdict) expectations.Outcome {
	switch v {
	case Passed:
		return expectations.Passed
	case Deviation:
		return expectations.Deviated
	case Failed:
		return expectations.Failed
	}
	return expectations.NotRun
}

// judge combines a row's specs into its verdict: the worst news wins, so one
// failing table entry fails the row.
func judge(r catalog.Row, specs []Spec, e *expectations.Entry, now time.Time) (Verdict, string) {
	if len(specs) == 0 {
		if !r.Testable() {
			// The catalogue says why; the decision says how to test a
			// client's own handling of it, where there is a way.
			return NotTestable, strings.TrimSpace(firstLine(r.Notes) + " " + firstLine(r.Decision))
		}
		return NoSpec, "this suite version has no spec for the row"
	}
	v := specs[0].Verdict
	for _, s := range specs[1:] {
		if rank(s.Verdict) < rank(v) {
			v = s.Verdict
		}
	}
	var details []string
	for _, s := range specs {
		if s.Verdict != v {
			continue
		}
		d := s.Message
		if v == Passed {
			d = s.Matched
		}
		if d = firstLine(d); d != "" && !contains(details, d) {
			details = append(details, d)
		}
	}
	detail := strings.Join(details, "; ")
	switch {
	case v == Deviation && e != nil:
		detail = fmt.Sprintf("%s (%s, until %s): %s", e.Reason, e.Link, e.Expires, detail)
	case v == Failed && e != nil && e.Expired(now):
		detail = fmt.Sprintf("expected deviation expired on %s; %s", e.Expires, detail)
	}
	return v, detail
}

func rank(v Verdict) int {
	for i, k := range Verdicts {
		if k == v {
			return i
		}
	}
	return len(Verdicts)
}

// partial says why the run did not cover the whole catalogue.
func partial(rep types.Report, notRun int, undeclared []string) []string {
	c := rep.SuiteConfig
	var out []string
	if c.LabelFilter != "" {
		out = append(out, fmt.Sprintf("the label filter %q selected part of the catalogue", c.LabelFilter))
	}
	if c.SemVerFilter != "" {
		out = append(out, fmt.Sprintf("the semver filter %q selected part of the catalogue", c.SemVerFilter))
	}
	for _, f := range []struct {
		flag string
		vals []string
	}{{"--focus", c.FocusStrings}, {"--skip", c.SkipStrings}, {"--focus-file", c.FocusFiles}, {"--skip-file", c.SkipFiles}} {
		if len(f.vals) > 0 {
			out = append(out, fmt.Sprintf("%s %s selected part of the catalogue", f.flag, strings.Join(f.vals, ",")))
		}
	}
	if rep.SuiteHasProgrammaticFocus {
		out = append(out, "a spec is focused in code (FIt, FDescribe, Focus)")
	}
	if c.DryRun {
		out = append(out, "it was a dry run")
	}
	if notRun > 0 && len(out) == 0 {
		out = append(out, fmt.Sprintf("%s did not run (interrupted, fail-fast or set-up failure)", Count(notRun, "spec")))
	}
	if len(undeclared) > 0 {
		were := "were"
		if len(undeclared) == 1 {
			were = "was"
		}
		out = append(out, fmt.Sprintf("%s %s skipped for reasons the target's profile does not declare (first: %s)", Count(len(undeclared), "spec"), were, firstLine(undeclared[0])))
	}
	return out
}

// RowIDs are a spec's labels that are catalogue IDs.
func RowIDs(sr types.SpecReport) []string {
	var ids []string
	for _, l := range sr.Labels() {
		if _, ok := catalog.Get(l); ok && !contains(ids, l) {
			ids = append(ids, l)
		}
	}
	return ids
}

// failureText is the failure message, or the forwarded panic.
func failureText(sr types.SpecReport) string {
	msg := sr.Failure.Message
	if sr.Failure.ForwardedPanic != "" {
		msg = strings.TrimSpace(msg + "\npanic: " + sr.Failure.ForwardedPanic)
	}
	if msg == "" {
		msg = sr.State.String()
	}
	return msg
}

func redactExchange(x *client.Exchange) *client.Exchange {
	if x == nil {
		return nil
	}
	c := *x
	c.Curl, c.Body, c.Server = redact.String(c.Curl), redact.String(c.Body), redact.String(c.Server)
	return &c
}

// decode reads a report entry's value: the raw value in the process that
// recorded it, the decoded JSON in the others.
func decode(v types.ReportEntryValue, dst any) error {
	data := []byte(v.AsJSON)
	if len(data) == 0 {
		var err error
		if data, err = json.Marshal(v.GetRawValue()); err != nil {
			return err
		}
	}
	return json.Unmarshal(data, dst)
}

func mostCommon(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	if len(keys) == 0 {
		return ""
	}
	return keys[0]
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
