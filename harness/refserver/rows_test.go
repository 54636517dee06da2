package refserver

import (
	"testing"

	"github.com/imconform/imconform/harness/catalog"
)

// Every provokable row has its line in rows.tsv, and every line names a row
// (the parser refuses one that does not).
func TestEveryProvokableRowHasABehaviour(t *testing.T) {
	all, err := loadBehaviours()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range catalog.All() {
		b, ok := all[r.ID]
		if r.Testable() && !ok {
			t.Errorf("row %s is provokable but has no line in rows.tsv (envelope, exception, error, headers)", r.ID)
		}
		if ok && b.envelope == envelopeStatus && r.HasBody() {
			t.Errorf("row %s documents a body, but rows.tsv answers it with none", r.ID)
		}
	}
	if _, err := parseBehaviours([]byte("id\tenvelope\texception\terror\theaders\tnote\nnope\tusergrid\t\t\t\t\n")); err == nil {
		t.Error("a line naming no row was accepted")
	}
}
