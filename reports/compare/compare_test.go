package compare

import (
	"strconv"
	"strings"
	"testing"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/client"
	"github.com/imconform/imconform/reports/results"
	"github.com/imconform/imconform/reports/results/resultstest"
)

func TestTableIsRowsByTargetsAndMarksDifferences(t *testing.T) {
	mock := resultstest.Run(nil)
	staging := resultstest.Run(map[string]results.Verdict{"users.get.not-found": results.Failed})
	staging.Target.BaseURL = "https://staging.example.com"
	md := string(Markdown([]Input{{"mock.json", mock}, {"staging.json", staging}}))
	for _, want := range []string{
		"| mock.json | http://127.0.0.1:9 (o#a) |", "| staging.json | https://staging.example.com (o#a) |",
		"1 of " + strconv.Itoa(len(catalog.All())) + " rows differ",
		"| ≠ `users.get.not-found` | 404 | `service_resource_not_found` | ✓ passed | ✗ failed: status 410 ≠ 404; got 410 ",
		"| `users.delete.not-found` | 404 | `service_resource_not_found` | ✓ passed | ✓ passed |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the table lacks %q\n%s", want, md)
		}
	}
	for _, r := range catalog.All() {
		if !strings.Contains(md, "`"+r.ID+"`") {
			t.Errorf("no row %s", r.ID)
		}
	}
	page, err := HTML([]Input{{"mock.json", mock}, {"staging.json", staging}, {"third.json", mock}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), `<tr class="differ"><td><code>users.get.not-found</code>`) || strings.Contains(string(page), "<script") {
		t.Errorf("the page does not mark the differing row")
	}
}

func TestRowsMissingFromARunAndOtherCataloguesAreShown(t *testing.T) {
	a := resultstest.Run(nil)
	b := resultstest.Run(nil)
	b.Catalogue = "sha256:other"
	b.Rows = b.Rows[1:]
	md := string(Markdown([]Input{{"a", a}, {"b", b}}))
	if !strings.Contains(md, "not in this run's catalogue") || !strings.Contains(md, "Note: b was judged against catalogue sha256:other") {
		t.Errorf("the table hides the difference:\n%s", md)
	}
}

// The one field that differed stays in the cell however long the body is
// (bodies are cut at 80 characters).
func TestAFailedCellKeepsTheFieldThatDiffered(t *testing.T) {
	mock := resultstest.Run(map[string]results.Verdict{"users.get.not-found": results.Failed})
	long := client.Exchange{Curl: "curl x", Status: 404, Body: `{"path":"/users/x","uri":"http://127.0.0.1:9/o/a/users/imc-x","timestamp":1732795200000,` +
		`"exception":"com.easemob.management.exception.UserNotFoundException","duration":0,"error":"service_resource_not_found","error_description":"User not found"}`}
	for i, r := range mock.Rows {
		if r.ID == "users.get.not-found" {
			sp := &mock.Rows[i].Specs[0]
			sp.Exchange = &long
			sp.Expected, sp.Differences = results.Differ(catalog.MustGet(r.ID), &long, false)
		}
	}
	md := string(Markdown([]Input{{"mock.json", mock}}))
	for _, want := range []string{`✗ failed: error_description "User not found" ≠ "Service resource not found"; got 404 {`, `"error_description":"User not found"`, "more field"} {
		if !strings.Contains(md, want) {
			t.Errorf("the cell lacks %q:\n%s", want, md)
		}
	}
}
