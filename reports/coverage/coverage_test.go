package coverage

import (
	"testing"

	"github.com/imconform/imconform/harness/catalog"
)

// Every operation said to be unexercisable is in the inventory and has a
// reason; an exercised one would contradict the page (coverage --check
// shows that).
func TestUnexercisableOperationsAreDocumentedOperations(t *testing.T) {
	known := map[string]bool{}
	for _, op := range catalog.Endpoints() {
		known[op.Key()] = true
	}
	list := Unexercisable()
	if len(list) == 0 {
		t.Fatal("unexercisable.tsv lists nothing")
	}
	for key, reason := range list {
		if !known[key] {
			t.Errorf("unexercisable.tsv: %q is not an operation of endpoints.tsv", key)
		}
		if reason == "" {
			t.Errorf("unexercisable.tsv: %s gives no reason", key)
		}
	}
}

// An operation both listed and exercised is a contradiction Measure reports.
func TestAnExercisedOperationIsNotUnexercisable(t *testing.T) {
	for key := range Unexercisable() {
		c := Coverage{ByOperation: map[string][]string{key: {"some.row"}}}
		if err := c.Contradictions(); err == nil {
			t.Errorf("%s listed as unexercisable and exercised: no contradiction reported", key)
		}
	}
}
