package mutation

import (
	"context"
	"fmt"
	"github.com/imconform/imconform/harness/fault"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/inventory"
)

// Runner runs the compiled suite against the embedded reference server:
// with fault nil and no label filter for the control, with one fault and
// its row's label for a mutant.
type Runner interface {
	Run(ctx context.Context, fault *fault.Fault, labelFilter string) Execution
}

// Options shape a mutation run.
type Options struct {
	// Rows limits the run to these rows; empty means every row with specs.
	Rows []string
	// Jobs is how many mutants run at once (at least 1).
	Jobs int
	// Progress, when set, is called with each finished mutant's result, one
	// call at a time.
	Progress func(Result)
}

// Entry names one mutant in the summary.
type Entry struct {
	ID       string `json:"id"`
	Mutation string `json:"mutation"`
	Detail   string `json:"detail,omitempty"`
}

// Result is one mutant's outcome.
type Result struct {
	ID       string  `json:"id"`
	Mutation string  `json:"mutation"`
	Verdict  Verdict `json:"verdict"`
	Detail   string  `json:"detail"`
	Seconds  float64 `json:"seconds"`
}

// Summary is reports/out/mutation.json.
type Summary struct {
	// Total counts the applicable mutants: rows with specs times the fault
	// kinds that can make that row wrong.
	Total  int `json:"total"`
	Killed int `json:"killed"`
	// Survived and Errors list the mutants not killed; both fail the run.
	Survived      []Entry `json:"survived"`
	Errors        []Entry `json:"errors"`
	ControlPassed bool    `json:"control_passed"`
	Control       string  `json:"control"`
	// NotApplicable lists (row, kind) pairs left out, each with the reason.
	NotApplicable   []Entry   `json:"not_applicable"`
	Rows            []string  `json:"rows"`
	Kinds           []string  `json:"kinds"`
	Jobs            int       `json:"jobs"`
	DurationSeconds float64   `json:"duration_seconds"`
	Mutants         []Result  `json:"mutants"`
	Started         time.Time `json:"started"`
}

// OK reports whether the run is valid and killed every mutant.
func (s Summary) OK() bool {
	return s.ControlPassed && s.Total > 0 && s.Killed == s.Total
}

// Score is the last line of a run's output.
func (s Summary) Score() string { return fmt.Sprintf("mutation score: %d/%d", s.Killed, s.Total) }

// Run runs the control, then every applicable mutant of every row that has
// specs (or of opts.Rows), and sums up. The rows come from the control run's
// own report, so the run grows with the suite. An error means the run could
// not be planned (a row in opts.Rows without specs).
func Run(ctx context.Context, r Runner, opts Options) (sum Summary, err error) {
	start := time.Now()
	sum = Summary{Started: start.UTC(), Jobs: max(opts.Jobs, 1), Survived: []Entry{}, Errors: []Entry{}, NotApplicable: []Entry{}, Mutants: []Result{}}
	for _, k := range fault.Kinds {
		sum.Kinds = append(sum.Kinds, string(k))
	}
	defer func() { sum.DurationSeconds = time.Since(start).Seconds() }()

	control := r.Run(ctx, nil, "")
	sum.ControlPassed, sum.Control = JudgeControl(control)
	if !sum.ControlPassed {
		sum.Control = "control run failed, so the mutation run is invalid: " + sum.Control
		return sum, nil
	}
	rows, err := selectRows(inventory.FromReports([]types.Report{*control.Report}), opts.Rows)
	if err != nil {
		return sum, err
	}
	sum.Rows = rows

	var mutants []Mutant
	for _, id := range rows {
		row := catalog.MustGet(id)
		for _, k := range fault.Kinds {
			if ok, reason := k.AppliesTo(row); !ok {
				sum.NotApplicable = append(sum.NotApplicable, Entry{ID: id, Mutation: string(k), Detail: reason})
				continue
			}
			mutants = append(mutants, Mutant{Row: id, Kind: k})
		}
	}
	sum.Total = len(mutants)
	sum.Mutants = runAll(ctx, r, mutants, sum.Jobs, opts.Progress)
	for _, res := range sum.Mutants {
		e := Entry{ID: res.ID, Mutation: res.Mutation, Detail: res.Detail}
		switch res.Verdict {
		case Killed:
			sum.Killed++
		case Survived:
			sum.Survived = append(sum.Survived, e)
		default:
			sum.Errors = append(sum.Errors, e)
		}
	}
	return sum, nil
}

// selectRows is every row with specs, or the requested ones, which must all
// have specs.
func selectRows(inv inventory.Inventory, want []string) ([]string, error) {
	have := inv.IDs()
	if len(want) == 0 {
		return have, nil
	}
	var out []string
	for _, id := range want {
		if !slices.Contains(have, id) {
			return nil, fmt.Errorf("row %q has no spec in the suite; pick rows from: %v", id, have)
		}
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return slices.Index(have, out[i]) < slices.Index(have, out[j]) })
	return out, nil
}

// runAll runs the mutants on jobs workers; results keep the mutants' order.
func runAll(ctx context.Context, r Runner, mutants []Mutant, jobs int, progress func(Result)) []Result {
	results := make([]Result, len(mutants))
	next := make(chan int)
	var mu sync.Mutex // serialises progress calls
	var wg sync.WaitGroup
	for range min(jobs, max(len(mutants), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				m := mutants[i]
				t0 := time.Now()
				v, detail := Judge(m, r.Run(ctx, m.Fault(), m.Row))
				results[i] = Result{ID: m.Row, Mutation: string(m.Kind), Verdict: v, Detail: detail, Seconds: time.Since(t0).Seconds()}
				if progress != nil {
					mu.Lock()
					progress(results[i])
					mu.Unlock()
				}
			}
		}()
	}
	for i := range mutants {
		next <- i
	}
	close(next)
	wg.Wait()
	return results
}
