package inventory

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// TestEveryProvokableRowHasASpec is the catalogue's coverage gate: a row a
// client can provoke (provokable yes, inferred or profile) must have a spec
// labelled with its ID.
func TestEveryProvokableRowHasASpec(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and dry-runs the suite")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	root, _ := filepath.Abs(filepath.Join("..", ".."))
	inv, err := DryRun(ctx, root, "./suites/conformance")
	if err != nil {
		t.Fatal(err)
	}
	if len(inv) == 0 {
		t.Fatal("the dry run found no spec labelled with a catalogue ID")
	}
	for _, id := range inv.Missing() {
		t.Errorf("catalogue row %s is provokable but no spec is labelled with it", id)
	}
}
