package catalog

import (
	"strings"
	"testing"
)

// TestEveryLiveWordingIsAccepted: the default mode accepts both editions,
// because each row's live wording is one of its expectations.
func TestEveryLiveWordingIsAccepted(t *testing.T) {
	listed := 0
	for _, r := range All() {
		live := r.Live()
		if r.LiveSource() != "" {
			listed++
		}
		found := false
		for _, e := range r.Expectations() {
			if e.Status == live.Status && e.Error == live.Error && e.Description == live.Description {
				found = true
				if e.Name != live.Name {
					t.Errorf("%s: the live wording is named %q among the expectations, %q as the edition", r.ID, e.Name, live.Name)
				}
			}
		}
		if !found {
			t.Errorf("%s: live wording %+v is not among the row's accepted wordings", r.ID, live)
		}
		if doc := r.Wording(EditionDocument); doc.Description != r.Description || doc.Status != r.Status || doc.Error != r.Error {
			t.Errorf("%s: the document edition is not the canonical wording: %+v", r.ID, doc)
		}
	}
	if listed == 0 {
		t.Fatal("live.tsv lists no row")
	}
}

// TestEverySeedRowHasAnEditionDecision: each of the 57 seed rows either has
// a live wording with its source or a recorded reason to keep the
// document's.
func TestEverySeedRowHasAnEditionDecision(t *testing.T) {
	rows := All()
	for _, r := range rows[:57] {
		if !strings.HasPrefix(r.Source, "seed:") {
			t.Fatalf("%s is not a seed row; the seed rows are the first 57 of catalog.tsv", r.ID)
		}
		if r.LiveSource() == "" && !strings.Contains(r.Decision, "Edition: live keeps the document wording") {
			t.Errorf("%s: neither live.tsv nor decisions.tsv says what the live edition answers", r.ID)
		}
		if r.LiveSource() != "" && !strings.Contains(r.Decision, "Edition: live speaks") {
			t.Errorf("%s: live.tsv words it, but decisions.tsv does not record the choice", r.ID)
		}
	}
}

func TestLiveWordingsAreChecked(t *testing.T) {
	base := "id\tstatus\terror\tdescription\ttrigger\tprovokable\tnotes\tarea\tendpoints\tsource\n" +
		"x.row\t404\tnot_found\tNot found\tt\tyes\t\tx\t\tseed:x\n"
	variants := []byte("id\tstatus\terror\tdescription\tsource\nx.row\t\t\tnot found\tsomewhere\n")
	for name, c := range map[string]struct{ live, want string }{
		"a variant":           {"x.row\t\t\tnot found\tper-API doc\n", ""},
		"unknown row":         {"y.row\t\t\tnot found\tdoc\n", "unknown id"},
		"not a known wording": {"x.row\t\t\tNot Found!\tdoc\n", "neither its canonical wording nor a variant"},
		"the canonical":       {"x.row\t\t\tNot found\tdoc\n", "remove the line"},
		"no source":           {"x.row\t\t\tnot found\t\n", "no source"},
		"twice":               {"x.row\t\t\tnot found\tdoc\nx.row\t\t\tnot found\tdoc\n", "listed twice"},
	} {
		c2 := parseAll([]byte(base), [][]byte{variants}, []byte("id\tdecision\n"), []byte("method\tpath\tarea\tapi\tauth\trows\tsource\n"))
		if c2.err != nil {
			t.Fatalf("%s: the base data does not parse: %v", name, c2.err)
		}
		err := parseLive([]byte("id\tstatus\terror\tdescription\tsource\n"+c.live), &c2)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", name, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: error %v, want one saying %q", name, err, c.want)
		}
	}
}
