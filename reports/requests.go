package reports

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"sort"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/evidence"
)

// RowRequests is what a run spent on one catalogue row: the specs that
// provoked it and the HTTP requests they sent, fixtures and cleanup included.
type RowRequests struct {
	Row      string
	Specs    int
	Requests int
	// Limit is set when a spec of the row is labelled quota or ratelimit: it
	// spends what the limit takes, whatever the suite does.
	Limit bool
}

// Spending is the requests of a run, per catalogue row, from the evidence
// entries the specs record.
type Spending struct {
	Rows []RowRequests // catalogue order; rows no spec ran are left out
	// Other counts specs whose evidence names no catalogue row (positive
	// checks, specs that failed or skipped before their assertion).
	Other RowRequests
	// Sweep counts the sweep family (one request per documented operation,
	// labelled sweep): operation coverage, kept apart from the rows' cost.
	Sweep RowRequests
	Total int
}

// Average is the requests per row the rows spent, rows with a quota or rate
// limit aside, the sweep apart; and how many rows it averages over.
func (sp Spending) Average() (float64, int) {
	sum, n := 0, 0
	for _, r := range sp.Rows {
		if !r.Limit {
			sum += r.Requests
			n++
		}
	}
	if n == 0 {
		return 0, 0
	}
	return float64(sum) / float64(n), n
}

// RequestsPerRow reads the evidence entries of Ginkgo reports.
func RequestsPerRow(reports []types.Report) Spending {
	byRow := map[string]*RowRequests{}
	var sp Spending
	sp.Other.Row, sp.Sweep.Row = "(no row)", "(sweep: no token, every operation)"
	for _, r := range reports {
		for _, s := range r.SpecReports {
			{
				ev, ok := evidence.EvidenceOf(s)
				if !ok || (ev.Requests == 0 && ev.Row == "") {
					continue
				}
				labels := s.Labels()
				rr := &sp.Other
				if slices.Contains(labels, "sweep") {
					rr = &sp.Sweep
				} else if _, ok := catalog.Get(ev.Row); ok {
					if byRow[ev.Row] == nil {
						byRow[ev.Row] = &RowRequests{Row: ev.Row}
					}
					rr = byRow[ev.Row]
				}
				rr.Specs++
				rr.Requests += ev.Requests
				rr.Limit = rr.Limit || slices.Contains(labels, "quota") || slices.Contains(labels, "ratelimit")
				sp.Total += ev.Requests
			}
		}
	}
	for _, row := range catalog.All() {
		if rr := byRow[row.ID]; rr != nil {
			sp.Rows = append(sp.Rows, *rr)
		}
	}
	return sp
}

// ReadJSON reads a Ginkgo JSON report file (report.json), with a one-line
// error saying what is wrong.
func ReadJSON(path string) ([]types.Report, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s cannot be read (%v); give the report.json a run wrote (default reports/out/report.json)", path, err)
	}
	var reports []types.Report
	if err := json.Unmarshal(data, &reports); err != nil || len(reports) == 0 {
		return nil, fmt.Errorf("%s is not a Ginkgo JSON report; give the report.json a run wrote (default reports/out/report.json)", path)
	}
	return reports, nil
}

// SortedByRequests returns the rows, most requests first.
func (sp Spending) SortedByRequests() []RowRequests {
	out := append([]RowRequests(nil), sp.Rows...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Requests > out[j].Requests })
	return out
}
