// Package results turns a Ginkgo report into the run's verdict on every
// catalogue row: the data behind the conformance matrix, the certificate and
// cross-target comparison. It is also the matrix's JSON file
// (conformance.json), which `imconform report compare` reads.
package results

import (
	"encoding/json"
	"fmt"

	"github.com/imconform/imconform/harness/client"
	"github.com/imconform/imconform/harness/evidence"
	"github.com/imconform/imconform/harness/expectations"
	"github.com/imconform/imconform/harness/profile"
	"github.com/imconform/imconform/harness/redact"
	"github.com/imconform/imconform/reports/coverage"
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
	Problems []string `json:"problems,omitempty"`
	// Checks are the Problems found by the run's own checks, not by a
	// failed Ginkgo node: each becomes a failed JUnit case and a console
	// line, even in a run whose specs failed too.
	Checks []Check         `json:"-"`
	Counts map[Verdict]int `json:"counts"`
	// Coverage is how much of the documented API the suite covers.
	Coverage coverage.Figures `json:"coverage"`
	Rows     []Row            `json:"rows"`
}

// Check is one failed check of a run: the JUnit case that reports it and
// its messages.
type Check struct {
	Case     string
	Messages []string
}

// Names of the run's own checks, as JUnit cases.
const (
	ExpectationsCheck = "imconform expected deviations"
	LabelFilterCheck  = "imconform label filter"
)

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
	// Edition is the product edition the target declares (plan or server
	// line); empty until the target declares one.
	Edition string `json:"edition,omitempty"`
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

// TargetOf describes the run's target for reports.
func TargetOf(t evidence.RunInfo) Target {
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
	// Area, Endpoints, Source and Notes come from the catalogue row: where
	// the row belongs, the operations that document it, the document it
	// comes from, and what the catalogue says about it (the "how to fix"
	// hint of a failed row).
	Area      string   `json:"area,omitempty"`
	Endpoints []string `json:"endpoints,omitempty"`
	Source    string   `json:"source,omitempty"`
	Notes     string   `json:"notes,omitempty"`
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
	// Expected and Differences, for failed and deviating specs, compare the
	// exchange's answer with the row's closest documented wording (see
	// Differ): what differed, from the evidence, not the failure text.
	Expected    *Expected    `json:"expected,omitempty"`
	Differences []Difference `json:"differences,omitempty"`
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
		r += " with " + Count(n, "expected deviation")
	}
	if n := counts[NoSpec]; n > 0 {
		have := "have"
		if n == 1 {
			have = "has"
		}
		r += fmt.Sprintf(" on the rows this suite version checks (%s %s no spec)", Count(n, "row"), have)
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
		row.Detail, row.Notes, row.Source = s(row.Detail), s(row.Notes), s(row.Source)
		if e := row.Expectation; e != nil {
			c := *e
			c.Reason, c.Link = s(c.Reason), s(c.Link)
			row.Expectation = &c
		}
		specs := make([]Spec, len(row.Specs))
		for j, sp := range row.Specs {
			sp.Name, sp.Message, sp.Matched = s(sp.Name), s(sp.Message), s(sp.Matched)
			sp.Exchange = redactExchange(sp.Exchange)
			if sp.Differences != nil {
				diffs := make([]Difference, len(sp.Differences))
				for k, d := range sp.Differences {
					d.Expected, d.Actual = s(d.Expected), s(d.Actual)
					diffs[k] = d
				}
				sp.Differences = diffs
			}
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
