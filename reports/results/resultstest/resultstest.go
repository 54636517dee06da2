// Package resultstest builds runs for the tests of the packages that render
// them, without running Ginkgo.
package resultstest

import (
	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/client"
	"github.com/imconform/imconform/harness/profile"
	"github.com/imconform/imconform/reports/results"
)

// Failing is the evidence of a failed spec in runs Run builds.
var Failing = client.Exchange{
	Curl:   "curl -X GET 'http://127.0.0.1:9/o/a/users/imc-x' -H 'Authorization: Bearer ***'",
	Status: 410,
	Body:   `{"error":"service_resource_not_found","error_description":"Service resource not found"}`,
}

// Run is a complete run on every catalogue row: rows named in verdicts get
// that verdict (failed and deviating rows with evidence), the others pass,
// or are not testable when a client cannot provoke them.
func Run(verdicts map[string]results.Verdict) results.Run {
	run := results.Run{
		Format: results.Format, Suite: "0.0.0-test", Catalogue: catalog.Digest(),
		Target:  results.Target{BaseURL: "http://127.0.0.1:9", Org: "o", App: "a", Server: "mock/1", Profile: profile.Documented()},
		Started: "2026-11-28T12:00:00Z", Duration: 2.5, Requests: 40, Counts: map[results.Verdict]int{},
	}
	for _, r := range catalog.All() {
		v, ok := verdicts[r.ID]
		if !ok {
			v = results.Passed
			if !r.Testable() {
				v = results.NotTestable
			}
		}
		row := results.Row{ID: r.ID, Status: r.Status, Error: r.Error, Description: r.Description, Verdict: v,
			Area: r.Area, Endpoints: r.Endpoints, Source: r.Source, Notes: r.Notes}
		spec := results.Spec{Name: "spec of " + r.ID, Verdict: v}
		switch v {
		case results.Passed:
			row.Detail, spec.Matched = catalog.CanonicalName, catalog.CanonicalName
		case results.Failed, results.Deviation:
			x := Failing
			spec.Exchange, spec.Message = &x, "Expected documented error "+r.ID+"\n  status: expected 404, got 410  ✗"
			spec.Expected, spec.Differences = results.Differ(r, &x, false)
			row.Detail = "Expected documented error " + r.ID
		case results.Skipped:
			spec.Message, row.Detail = "the target's profile declares \"presence\" absent", "the target's profile declares \"presence\" absent"
		}
		if v != results.NoSpec && v != results.NotTestable {
			row.Specs = []results.Spec{spec}
		}
		run.Rows = append(run.Rows, row)
		run.Counts[v]++
	}
	run.Succeeded = run.Counts[results.Failed] == 0
	return run
}
