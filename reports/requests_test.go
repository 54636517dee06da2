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
