// Package evidence holds what a run records for its reports, as Ginkgo
// report entries: each spec's Evidence, each process's request count, and
// the run's RunInfo (the target and what the reference implements). The
// framework writes them; the reports read them back from the Ginkgo report
// (live or from report.json), so neither imports the other.
package evidence

import (
	"encoding/json"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/imconform/imconform/harness/client"
	"github.com/imconform/imconform/harness/profile"
)

// Evidence is what a spec records for reports: the row it checked, how the
// answer matched, and the exchange that provoked it.
type Evidence struct {
	Row      string           `json:"row,omitempty"`
	Matched  string           `json:"matched,omitempty"`
	Exchange *client.Exchange `json:"exchange,omitempty"`
	// Operation is the documented operation (endpoints.tsv key) the
	// asserted request went to, when it matches one.
	Operation string `json:"operation,omitempty"`
	Requests  int    `json:"requests"`
	// Deviation is how the answer differed from the row, when the row is an
	// expected deviation of the target (the spec then passes).
	Deviation string `json:"deviation,omitempty"`
	// DeclaredSkip marks a skip the target's declared profile implies.
	DeclaredSkip bool `json:"declared_skip,omitempty"`
	// Retries is how many 429 answers were retried for the spec (courtesy
	// retries, off for rate-limit and quota specs).
	Retries int `json:"retries,omitempty"`
}

// EvidenceEntry is the name of the report entry that carries Evidence.
const EvidenceEntry = "imconform"

// RequestsEntry is the name of the report entry, one per parallel process,
// holding how many requests the process sent.
const RequestsEntry = "imconform-requests"

// EvidenceOf returns the evidence a spec recorded.
func EvidenceOf(s types.SpecReport) (Evidence, bool) {
	var ev Evidence
	return ev, entry(s, EvidenceEntry, &ev)
}

// RunInfoEntry is the name of the report entry, on the suite's set-up node,
// that carries the run's RunInfo.
const RunInfoEntry = "imconform-run"

// RunInfo is what reports say about the run besides the specs: the target,
// without secrets, and the documented operations the reference implements
// (the suite version's figure, whatever the target).
type RunInfo struct {
	BaseURL  string `json:"base_url"`
	Org      string `json:"org"`
	App      string `json:"app"`
	Embedded bool   `json:"embedded"`
	// Strict names the edition strict mode accepts (document, live); empty
	// when every documented wording is accepted.
	Strict string `json:"strict,omitempty"`
	// Edition is the embedded reference's edition; empty otherwise.
	Edition string          `json:"edition,omitempty"`
	Profile profile.Profile `json:"profile"`
	// Implemented lists the documented operations (endpoints.tsv keys) the
	// reference server implements.
	Implemented []string `json:"implemented"`
}

// RunInfoOf finds the run's RunInfo in a report.
func RunInfoOf(r types.Report) (RunInfo, bool) {
	var info RunInfo
	for _, s := range r.SpecReports {
		if entry(s, RunInfoEntry, &info) {
			return info, true
		}
	}
	return RunInfo{}, false
}

// entry decodes the report entry called name of s into dst: the raw value
// in the process that recorded it, its JSON in the others and in report.json.
func entry(s types.SpecReport, name string, dst any) bool {
	for _, e := range s.ReportEntries {
		if e.Name != name {
			continue
		}
		data := []byte(e.Value.AsJSON)
		if len(data) == 0 {
			var err error
			if data, err = json.Marshal(e.Value.GetRawValue()); err != nil {
				return false
			}
		}
		return json.Unmarshal(data, dst) == nil
	}
	return false
}
