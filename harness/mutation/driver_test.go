package mutation

import (
	"context"
	"fmt"
	"github.com/imconform/imconform/harness/fault"
	"strings"
	"sync"
	"testing"

	"github.com/onsi/ginkgo/v2/types"
)

// fakeRunner answers the control with a fixed report and each mutant with
// what mutant returns, and records every run.
type fakeRunner struct {
	control   Execution
	mutant    func(f fault.Fault) Execution
	mu        sync.Mutex
	runs      []string
	filterFor map[string]string
}

func (r *fakeRunner) Run(_ context.Context, fault *fault.Fault, labelFilter string) Execution {
	r.mu.Lock()
	defer r.mu.Unlock()
	if fault == nil {
		r.runs = append(r.runs, "control:"+labelFilter)
		return r.control
	}
	r.runs = append(r.runs, fault.String())
	if r.filterFor == nil {
		r.filterFor = map[string]string{}
	}
	r.filterFor[fault.String()] = labelFilter
	return r.mutant(*fault)
}

const bodyless = "http.method-not-allowed" // only status and not-raised apply

func controlWith(ids ...string) Execution {
	var specs []types.SpecReport
	for _, id := range ids {
		specs = append(specs, spec(id+" spec", id, types.SpecStatePassed, ""))
	}
	return run(0, specs...)
}

// killedUnless kills every mutant but the ones listed, which get x.
func killedUnless(except map[string]Execution) func(fault.Fault) Execution {
	return func(f fault.Fault) Execution {
		if x, ok := except[f.String()]; ok {
			return x
		}
		return run(1, spec(f.ID+" spec", f.ID, types.SpecStateFailed, caught(f.ID)))
	}
}

func TestRunKillsEveryApplicableMutant(t *testing.T) {
	r := &fakeRunner{control: controlWith(row, bodyless), mutant: killedUnless(nil)}
	sum, err := Run(context.Background(), r, Options{Jobs: 3})
	if err != nil {
		t.Fatal(err)
	}
	kinds := len(fault.Kinds)
	want := kinds + 2 // every kind of row; status and not-raised of bodyless
	if !sum.OK() || !sum.ControlPassed || sum.Total != want || sum.Killed != want {
		t.Fatalf("summary = total %d killed %d control %v ok %v; want %d/%d", sum.Total, sum.Killed, sum.ControlPassed, sum.OK(), want, want)
	}
	if sum.Score() != fmt.Sprintf("mutation score: %d/%d", want, want) {
		t.Errorf("Score() = %q", sum.Score())
	}
	if len(sum.NotApplicable) != kinds-2 {
		t.Errorf("not applicable = %v; want the %d body kinds of %s", sum.NotApplicable, kinds-2, bodyless)
	}
	for _, e := range sum.NotApplicable {
		if e.ID != bodyless || e.Detail == "" {
			t.Errorf("not applicable %+v: want row %s with a reason", e, bodyless)
		}
	}
	if r.runs[0] != "control:" || len(r.runs) != want+1 {
		t.Errorf("runs = %v; want the control (no filter) first, then %d mutants", r.runs, want)
	}
	for f, filter := range r.filterFor {
		if !strings.HasPrefix(f, filter+":") {
			t.Errorf("mutant %s ran with label filter %q; want its row", f, filter)
		}
	}
	for i, m := range sum.Mutants[1:] {
		if sum.Mutants[i].ID == bodyless && m.ID == row {
			t.Errorf("results are not in catalogue order: %v", sum.Mutants)
		}
	}
}

func TestRunReportsSurvivorsAndErrors(t *testing.T) {
	r := &fakeRunner{control: controlWith(row, bodyless), mutant: killedUnless(map[string]Execution{
		row + ":text":            run(0, spec("s", row, types.SpecStatePassed, "")),
		bodyless + ":not-raised": run(0), // label filter matched nothing
	})}
	sum, err := Run(context.Background(), r, Options{Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	if total := len(fault.Kinds) + 2; sum.OK() || sum.Killed != total-2 || sum.Total != total {
		t.Fatalf("killed %d of %d, ok %v; want %d of %d and not ok", sum.Killed, sum.Total, sum.OK(), total-2, total)
	}
	if len(sum.Survived) != 1 || sum.Survived[0].ID != row || sum.Survived[0].Mutation != "text" {
		t.Errorf("survived = %+v; want %s text", sum.Survived, row)
	}
	if len(sum.Errors) != 1 || sum.Errors[0].ID != bodyless || !strings.Contains(sum.Errors[0].Detail, "matched nothing") {
		t.Errorf("errors = %+v; want %s not-raised, no spec ran", sum.Errors, bodyless)
	}
}

func TestRunStopsWhenTheControlFails(t *testing.T) {
	failing := run(1, spec("s", row, types.SpecStateFailed, "connection refused"))
	r := &fakeRunner{control: failing, mutant: killedUnless(nil)}
	sum, err := Run(context.Background(), r, Options{Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	if sum.ControlPassed || sum.OK() || len(r.runs) != 1 || !strings.Contains(sum.Control, "invalid") {
		t.Errorf("control passed %v, ok %v, runs %v, control %q; want an invalid run with no mutant run", sum.ControlPassed, sum.OK(), r.runs, sum.Control)
	}
}

func TestRunWithoutSpecsIsNotOK(t *testing.T) {
	r := &fakeRunner{control: controlWith("not-a-catalogue-label"), mutant: killedUnless(nil)}
	sum, err := Run(context.Background(), r, Options{Jobs: 1})
	if err != nil {
		t.Fatal(err)
	}
	if sum.OK() || sum.Total != 0 {
		t.Errorf("total %d ok %v; a run with nothing to mutate proves nothing", sum.Total, sum.OK())
	}
}

func TestRunSelectedRows(t *testing.T) {
	r := &fakeRunner{control: controlWith(row, bodyless), mutant: killedUnless(nil)}
	sum, err := Run(context.Background(), r, Options{Rows: []string{bodyless}, Jobs: 1})
	if err != nil || sum.Total != 2 || len(sum.Rows) != 1 {
		t.Errorf("total %d rows %v err %v; want only the 2 mutants of %s", sum.Total, sum.Rows, err, bodyless)
	}
	if _, err := Run(context.Background(), r, Options{Rows: []string{"users.register.duplicate"}, Jobs: 1}); err == nil || !strings.Contains(err.Error(), "has no spec") {
		t.Errorf("a row without specs: err = %v; want one saying so", err)
	}
}

func TestChildEnvIsTheReferenceWithTheFault(t *testing.T) {
	env := childEnv([]string{"PATH=/bin", "IMCONF_BASE_URL=https://example.invalid", "IMCONF_CLIENT_SECRET=s", "IMCONF_REFERENCE_FAULT=x:text"}, "/tmp/r", &fault.Fault{ID: row, Kind: fault.Status})
	want := []string{"PATH=/bin", "IMCONF_REPORT_DIR=/tmp/r", "IMCONF_REFERENCE_FAULT=" + row + ":status"}
	if strings.Join(env, " ") != strings.Join(want, " ") {
		t.Errorf("childEnv = %v; want %v (no setting of the caller's target, a private report folder, the fault)", env, want)
	}
	if env := childEnv([]string{"IMCONF_REFERENCE_FAULT=x:text"}, "/tmp/r", nil); len(env) != 1 {
		t.Errorf("control env = %v; want only the report folder", env)
	}
}
