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
	// Operations counts the checks of rows on the other operations whose
	// tables document them (a row's specs on operations other than its
	// trigger's): operation coverage too, kept apart like the sweep.
	Operations RowRequests
	Total      int
}

// Average is the requests per row the rows spent, rows with a quota or rate
// limit aside, the sweep and the other operations apart; and how many rows
// it averages over.
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

// specSpending is what one spec spent, on which row and operation.
type specSpending struct {
	row, operation string
	requests       int
	limit          bool
}

// RequestsPerRow reads the evidence entries of Ginkgo reports. A row's
// specs on the operation its trigger names count for the row; its specs on
// other operations count apart (Operations). Where the trigger names no
// operation, the row's costliest spec counts for it and the rest apart.
func RequestsPerRow(reports []types.Report) Spending {
	var sp Spending
	sp.Other.Row, sp.Sweep.Row, sp.Operations.Row = "(no row)", "(sweep: no token, every operation)", "(rows on their other operations)"
	byRow := map[string][]specSpending{}
	add := func(rr *RowRequests, s specSpending) {
		rr.Specs++
		rr.Requests += s.requests
		rr.Limit = rr.Limit || s.limit
	}
	for _, r := range reports {
		for _, s := range r.SpecReports {
			ev, ok := evidence.EvidenceOf(s)
			if !ok || (ev.Requests == 0 && ev.Row == "") {
				continue
			}
			labels := s.Labels()
			one := specSpending{row: ev.Row, operation: ev.Operation, requests: ev.Requests,
				limit: slices.Contains(labels, "quota") || slices.Contains(labels, "ratelimit")}
			sp.Total += ev.Requests
			switch _, known := catalog.Get(ev.Row); {
			case slices.Contains(labels, "sweep"):
				add(&sp.Sweep, one)
			case known:
				byRow[ev.Row] = append(byRow[ev.Row], one)
			default:
				add(&sp.Other, one)
			}
		}
	}
	for _, row := range catalog.All() {
		specs := byRow[row.ID]
		if len(specs) == 0 {
			continue
		}
		rr := RowRequests{Row: row.ID}
		primary := primaryOperation(row, specs)
		for _, s := range specs {
			if s.operation == primary {
				add(&rr, s)
			} else {
				add(&sp.Operations, s)
			}
		}
		sp.Rows = append(sp.Rows, rr)
	}
	return sp
}

// primaryOperation is the operation whose specs count for the row: its
// trigger's, or, where the trigger names none (or no spec ran on it), that
// of its costliest spec.
func primaryOperation(row catalog.Row, specs []specSpending) string {
	if op, ok := row.TriggerOperation(); ok {
		for _, s := range specs {
			if s.operation == op.Key() {
				return op.Key()
			}
		}
	}
	costliest := specs[0]
	for _, s := range specs[1:] {
		if s.requests > costliest.requests || (s.requests == costliest.requests && s.operation < costliest.operation) {
			costliest = s
		}
	}
	return costliest.operation
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
