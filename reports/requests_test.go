package reports

import (
	"encoding/json"
	"github.com/imconform/imconform/harness/evidence"
	"os"
	"path/filepath"
	"testing"

	"github.com/onsi/ginkgo/v2/types"
)

func TestRequestsPerRowSumsEvidenceByRow(t *testing.T) {
	spec := func(ev evidence.Evidence, labels ...string) types.SpecReport {
		data, _ := json.Marshal(ev)
		e := types.ReportEntry{Name: evidence.EvidenceEntry}
		e.Value.AsJSON = string(data)
		return types.SpecReport{ReportEntries: types.ReportEntries{e}, LeafNodeLabels: labels}
	}
	report := types.Report{SpecReports: types.SpecReports{
		spec(evidence.Evidence{Row: "users.get.not-found", Requests: 2}),
		spec(evidence.Evidence{Row: "users.get.not-found", Requests: 3}),
		spec(evidence.Evidence{Row: "ratelimit.api", Requests: 120}, "ratelimit.api", "ratelimit"),
		spec(evidence.Evidence{Row: "auth.token-expired", Requests: 1}, "auth.token-expired", "sweep"),
		spec(evidence.Evidence{Requests: 4}), // failed before its assertion
		spec(evidence.Evidence{}),            // skipped: nothing sent
	}}
	sp := RequestsPerRow([]types.Report{report})
	if sp.Total != 130 {
		t.Errorf("total %d, want 130", sp.Total)
	}
	if sp.Sweep.Specs != 1 || sp.Sweep.Requests != 1 {
		t.Errorf("sweep %+v, want 1 spec with 1 request, apart from its row", sp.Sweep)
	}
	if avg, n := sp.Average(); avg != 5 || n != 1 {
		t.Errorf("average %.2f over %d rows, want 5 over 1 (the rate-limit row aside)", avg, n)
	}
	if len(sp.Rows) != 2 || sp.Rows[0] != (RowRequests{"users.get.not-found", 2, 5, false}) || sp.Rows[1] != (RowRequests{"ratelimit.api", 1, 120, true}) {
		t.Errorf("rows %+v, want users.get.not-found (2 specs, 5) then ratelimit.api (1, 120) in catalogue order", sp.Rows)
	}
	if sp.Other.Specs != 1 || sp.Other.Requests != 4 {
		t.Errorf("other %+v, want 1 spec with 4 requests", sp.Other)
	}
}

func TestReadJSONSaysWhatIsWrong(t *testing.T) {
	dir := t.TempDir()
	notReport := filepath.Join(dir, "x.json")
	os.WriteFile(notReport, []byte(`{"a":1}`), 0o644)
	for _, path := range []string{filepath.Join(dir, "missing.json"), notReport} {
		if _, err := ReadJSON(path); err == nil {
			t.Errorf("ReadJSON(%s) accepted it", path)
		}
	}
}

// A row's specs on operations other than its trigger's are operation
// coverage, counted apart; where the trigger names no operation, the
// costliest spec counts for the row.
func TestChecksOnOtherOperationsAreCountedApart(t *testing.T) {
	spec := func(ev evidence.Evidence) types.SpecReport {
		data, _ := json.Marshal(ev)
		e := types.ReportEntry{Name: evidence.EvidenceEntry}
		e.Value.AsJSON = string(data)
		return types.SpecReport{ReportEntries: types.ReportEntries{e}}
	}
	report := types.Report{SpecReports: types.SpecReports{
		spec(evidence.Evidence{Row: "groups.get.not-found", Operation: "GET /{org}/{app}/chatgroups/{group_id}", Requests: 1}),
		spec(evidence.Evidence{Row: "groups.get.not-found", Operation: "DELETE /{org}/{app}/chatgroups/{group_id}", Requests: 1}),
		spec(evidence.Evidence{Row: "groups.get.not-found", Operation: "GET /{org}/{app}/chatgroups/{group_id}/users", Requests: 1}),
		// auth.token-expired's trigger names no operation.
		spec(evidence.Evidence{Row: "auth.token-expired", Operation: "GET /{org}/{app}/chatrooms", Requests: 1}),
		spec(evidence.Evidence{Row: "auth.token-expired", Operation: "GET /{org}/{app}/users", Requests: 2}),
	}}
	sp := RequestsPerRow([]types.Report{report})
	want := []RowRequests{{"auth.token-expired", 1, 2, false}, {"groups.get.not-found", 1, 1, false}}
	if len(sp.Rows) != 2 || (sp.Rows[0] != want[0] && sp.Rows[0] != want[1]) || (sp.Rows[1] != want[0] && sp.Rows[1] != want[1]) {
		t.Errorf("rows %+v, want %+v", sp.Rows, want)
	}
	if sp.Operations.Specs != 3 || sp.Operations.Requests != 3 {
		t.Errorf("other operations %+v, want 3 specs with 3 requests", sp.Operations)
	}
	if sp.Total != 6 {
		t.Errorf("total %d, want 6", sp.Total)
	}
}
