// Package results turns a Ginkgo report into the run's verdict on every
// catalogue row: the data behind the conformance matrix, the certificate and
// cross-target comparison. It is also the matrix's JSON file
// (conformance.json), which `imconform report compare` reads.
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
	"github.com/imconform/imconform/harness/framework"
	"github.com/imconform/imconform/harness/profile"
	"github.com/imconform/imconform/harness/redact"
	"github.com/imconform/imconform/reports/expectations"
)

// Format identifies the matrix JSON and its version.
const Format = "imconform-matrix/1"

// Verdict is what a run says about one catalogue row.
type Verdict string

// Verdicts, from worst to best news; Verdicts lists them in this order.
const (
	Failed      Verdict = "failed"
	Deviation   Verdict = "expected deviation"
	Passed      Verdict = "passed"
	Skipped     Verdict = "skipped"
	NotRun      Verdict = "not run"
	NoSpec      Verdict = "no spec"
	NotTestable Verdict = "not testable from a client"
)

// Verdicts lists every verdict in display order.
var Verdicts = []Verdict{Failed, Deviation, Passed, Skipped, NotRun, NoSpec, NotTestable}

// Known reports whether v is one of Verdicts.
func Known(v Verdict) bool {
	for _, k := range Verdicts {
		if k == v {
			return true
		}
	}
	return false
}

// Run is a run's verdict on the whole catalogue.
type Run struct {
	Format    string  `json:"format"`
	Suite     string  `json:"suite_version"`
	Catalogue string  `json:"catalogue_digest"`
	Target    Target  `json:"target"`
	Started   string  `json:"started"`
	Duration  float64 `json:"duration_seconds"`
	Requests  int     `json:"requests"`
	// Succeeded is the run's exit status: every spec passed or was an
	// expected deviation, and no expectation is stale or expired.
	Succeeded bool `json:"succeeded"`
	// Partial says why the run did not cover the whole catalogue (and so
	// earns no certificate); empty when it did.
	Partial []string `json:"partial,omitempty"`
	// Problems fail the run besides failed specs: stale or expired expected
	// deviations, a failed suite set-up.
	Problems []string        `json:"problems,omitempty"`
	Counts   map[Verdict]int `json:"counts"`
	Rows     []Row           `json:"rows"`
}

// Complete reports whether the run covered the whole catalogue.
func (r Run) Complete() bool { return len(r.Partial) == 0 }

// Target is what a report says about the server, without secrets.
type Target struct {
	BaseURL  string `json:"base_url"`
	Org      string `json:"org"`
	App      string `json:"app"`
	Server   string `json:"server,omitempty"` // the Server header the target sent, if any
	Embedded bool   `json:"embedded"`
	// Strict is on when only canonical wordings were accepted.
	Strict  bool            `json:"strict"`
	Profile profile.Profile `json:"profile"`
}

// Name is a short, human label of the target.
func (t Target) Name() string {
	if t.BaseURL == "" {
		return "(unknown target)"
	}
	s := t.BaseURL + " (" + t.Org + "#" + t.App + ")"
	if t.Embedded {
		s = "embedded reference " + s
	}
	return s
}

// TargetOf describes a framework target for reports.
func TargetOf(t framework.Target) Target {
	return Target{BaseURL: t.BaseURL, Org: t.Org, App: t.App, Embedded: t.Embedded, Strict: t.Strict, Profile: t.Profile}
}

// Row is one catalogue row and its verdict.
type Row struct {
	ID          string  `json:"id"`
	Status      int     `json:"status"`
	Error       string  `json:"error,omitempty"`
	Description string  `json:"description,omitempty"`
	Verdict     Verdict `json:"verdict"`
	// Detail explains the verdict in one line: the wording that matched, the
	// skip reason, what was wrong.
	Detail      string              `json:"detail,omitempty"`
	Expectation *expectations.Entry `json:"expectation,omitempty"`
	Specs       []Spec              `json:"specs,omitempty"`
}

// Spec is one spec that checked a row.
type Spec struct {
	Name     string  `json:"name"`
	Verdict  Verdict `json:"verdict"`
	Matched  string  `json:"matched,omitempty"`
	Message  string  `json:"message,omitempty"` // failure, skip reason or deviation
	Declared bool    `json:"declared_skip,omitempty"`
	// Exchange is the request that provoked the row and its answer.
	Exchange *client.Exchange `json:"exchange,omitempty"`
}

// Input is what Build needs besides the catalogue.
type Input struct {
	Report       types.Report
	Target       Target
	Expectations expectations.Set
	Now          time.Time
	Suite        string
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
				if e.Name == framework.RequestsEntry {
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
		var ev framework.Evidence
		for _, e := range sr.ReportEntries {
			if e.Name == framework.EvidenceEntry {
				_ = decode(e.Value, &ev) // a malformed entry leaves the evidence empty
			}
		}
		evidenceRequests += ev.Requests
		if ev.Exchange != nil && ev.Exchange.Server != "" {
			servers[ev.Exchange.Server]++
		}
		s := Spec{Name: sr.FullText(), Matched: ev.Matched, Exchange: redactExchange(ev.Exchange), Declared: ev.DeclaredSkip}
		switch {
		case rep.SuiteConfig.DryRun:
			s.Verdict, s.Message = NotRun, "dry run"
			notRun++
		case sr.State == types.SpecStatePassed && ev.Deviation != "":
			s.Verdict, s.Message = Deviation, redact.String(ev.Deviation)
		case sr.State == types.SpecStatePassed:
			s.Verdict = Passed
		case sr.State == types.SpecStateSkipped && sr.Failure.Message != "":
			s.Verdict, s.Message = Skipped, redact.String(sr.Failure.Message)
			if !ev.DeclaredSkip {
				undeclared = append(undeclared, s.Message)
			}
		case sr.State == types.SpecStateSkipped || sr.State == types.SpecStatePending:
			s.Verdict, s.Message = NotRun, "not selected by this run"
			notRun++
		default:
			s.Verdict, s.Message = Failed, redact.String(failureText(sr))
		}
		for _, id := range rowIDs(sr) {
			byRow[id] = append(byRow[id], s)
		}
	}

	for _, r := range catalog.All() {
		row := Row{ID: r.ID, Status: r.Status, Error: r.Error, Description: r.Description, Specs: byRow[r.ID]}
		if e, ok := in.Expectations.Lookup(r.ID); ok {
			e := e
			row.Expectation = &e
		}
		row.Verdict, row.Detail = judge(r, row.Specs, row.Expectation, in.Now)
		run.Counts[row.Verdict]++
		run.Rows = append(run.Rows, row)
	}

	if sawRequestsEntry {
		run.Requests = requests
	} else {
		run.Requests = evidenceRequests
	}
	run.Target.Server = mostCommon(servers)
	run.Partial = partial(rep, notRun, undeclared)
	run.Problems = append(run.Problems, in.Expectations.Problems(in.Now, func(id string) expectations.Outcome {
		return outcome(run.verdict(id))
	})...)
	run.Succeeded = rep.SuiteSucceeded && len(run.Problems) == 0
	return run
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
			return NotTestable, firstLine(r.Notes)
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
		out = append(out, fmt.Sprintf("%d specs did not run (interrupted, fail-fast or set-up failure)", notRun))
	}
	if len(undeclared) > 0 {
		out = append(out, fmt.Sprintf("%d specs were skipped for reasons the target's profile does not declare (first: %s)", len(undeclared), firstLine(undeclared[0])))
	}
	return out
}

// rowIDs are a spec's labels that are catalogue IDs.
func rowIDs(sr types.SpecReport) []string {
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

// Marshal renders the run as the matrix's JSON file.
func (r Run) Marshal() ([]byte, error) {
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}

// Parse reads a matrix JSON file; name is how errors call it.
func Parse(data []byte, name string) (Run, error) {
	var r Run
	if !json.Valid(data) {
		return Run{}, fmt.Errorf("%s is not JSON; pass the conformance.json a run wrote", name)
	}
	if err := json.Unmarshal(data, &r); err != nil {
		return Run{}, fmt.Errorf("%s is not an imconform matrix (%v); pass the conformance.json a run wrote, not report.json or a certificate", name, err)
	}
	if r.Format != Format {
		if r.Format == "" {
			return Run{}, fmt.Errorf("%s is not an imconform matrix (no \"format\": %q); pass the conformance.json a run wrote, not report.json or a certificate", name, Format)
		}
		return Run{}, fmt.Errorf("%s has format %q, this imconform reads %q; use the imconform version that wrote it", name, r.Format, Format)
	}
	for i, row := range r.Rows {
		if row.ID == "" || !Known(row.Verdict) {
			return Run{}, fmt.Errorf("%s row %d: id %q with verdict %q is not a matrix row; the file is damaged, write it again with a run", name, i+1, row.ID, row.Verdict)
		}
	}
	return r, nil
}

// Results a run claims about a target, from its row verdicts.
const (
	Conformant    = "conformant"
	NotConformant = "not conformant"
)

// ResultOf is the claim row verdict counts support: any failed row makes
// the target not conformant; an expected deviation, and rows the suite has
// no spec for, qualify the claim, so only a run that checked every testable
// row and found it right claims plain "conformant".
func ResultOf(counts map[Verdict]int) string {
	if counts[Failed] > 0 {
		return NotConformant
	}
	r := Conformant
	if n := counts[Deviation]; n > 0 {
		r += fmt.Sprintf(" with %d expected deviations", n)
	}
	if n := counts[NoSpec]; n > 0 {
		r += fmt.Sprintf(" on the rows this suite version checks (%d rows have no spec)", n)
	}
	return r
}

// Redacted is a copy of the run with every text masked by redact.String.
// Renderers redact the data, not their output: in escaped output (HTML,
// XML) the patterns could cut an escape sequence in half.
func (r Run) Redacted() Run {
	s := redact.String
	out := r
	out.Target.BaseURL, out.Target.Server = s(r.Target.BaseURL), s(r.Target.Server)
	out.Partial = redactAll(r.Partial)
	out.Problems = redactAll(r.Problems)
	out.Rows = make([]Row, len(r.Rows))
	for i, row := range r.Rows {
		row.Detail = s(row.Detail)
		if e := row.Expectation; e != nil {
			c := *e
			c.Reason, c.Link = s(c.Reason), s(c.Link)
			row.Expectation = &c
		}
		specs := make([]Spec, len(row.Specs))
		for j, sp := range row.Specs {
			sp.Name, sp.Message, sp.Matched = s(sp.Name), s(sp.Message), s(sp.Matched)
			sp.Exchange = redactExchange(sp.Exchange)
			specs[j] = sp
		}
		if row.Specs == nil {
			specs = nil
		}
		row.Specs = specs
		out.Rows[i] = row
	}
	return out
}

func redactAll(list []string) []string {
	if list == nil {
		return nil
	}
	out := make([]string, len(list))
	for i, x := range list {
		out[i] = redact.String(x)
	}
	return out
}
