package inventory

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/imconform/imconform/harness/catalog"
)

// unspeccedFile lists the provokable rows that have no spec yet, one ID a
// line: the ratchet the area issues empty.
const unspeccedFile = "unspecced.txt"

func readUnspecced(t *testing.T, data []byte) []string {
	t.Helper()
	var ids []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		ids = append(ids, line)
	}
	return ids
}

// TestEveryProvokableRowHasASpec is the catalogue's coverage gate, a
// ratchet: a provokable row (yes, inferred or profile) has a spec labelled
// with its ID, or is listed in unspecced.txt; a listed row that gains a spec
// must leave the list.
func TestEveryProvokableRowHasASpec(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and dry-runs the suite")
	}
	data, err := os.ReadFile(unspeccedFile)
	if err != nil {
		t.Fatal(err)
	}
	listed := readUnspecced(t, data)
	if !slices.IsSorted(listed) || len(slices.Compact(slices.Clone(listed))) != len(listed) {
		t.Errorf("%s must be sorted, one ID a line, no repeats (sort -u it)", unspeccedFile)
	}
	for _, id := range listed {
		r, ok := catalog.Get(id)
		switch {
		case !ok:
			t.Errorf("%s lists %q, which is not a catalogue ID", unspeccedFile, id)
		case !r.Testable():
			t.Errorf("%s lists %s, which no client can provoke (provokable no): remove it", unspeccedFile, id)
		}
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
		if !slices.Contains(listed, id) {
			t.Errorf("catalogue row %s is provokable but no spec is labelled with it (write one, see README \"Adding a documented row\")", id)
		}
	}
	for _, id := range listed {
		if len(inv[id]) > 0 {
			t.Errorf("catalogue row %s has a spec now: remove it from harness/inventory/%s", id, unspeccedFile)
		}
	}
	for id, specs := range inv {
		r := catalog.MustGet(id)
		for _, sp := range specs {
			var areas []string
			for _, l := range sp.Labels {
				if strings.HasPrefix(l, "area:") {
					areas = append(areas, l)
				}
			}
			if len(areas) != 1 {
				t.Errorf("spec %q has area labels %v; it needs exactly one (framework.Row adds the row's)", sp.Text, areas)
			} else if !slices.Contains(sp.Labels, "sweep") && areas[0] != "area:"+r.Area {
				t.Errorf("spec %q is labelled %s, but its row %s is in area %s", sp.Text, areas[0], id, r.Area)
			}
		}
		if !r.Testable() {
			t.Errorf("catalogue row %s is not provokable by a client, yet %d specs are labelled with it; the reports list it as not testable", id, len(specs))
		}
	}
}

// TestUnspeccedListOnlyShrinks compares unspecced.txt with its first
// committed version: a row may leave the list, never join it.
func TestUnspeccedListOnlyShrinks(t *testing.T) {
	first, err := exec.Command("git", "log", "--diff-filter=A", "--format=%H", "--", unspeccedFile).Output()
	commits := strings.Fields(string(first))
	if err != nil || len(commits) == 0 {
		t.Skipf("no git history of %s here (%v); nothing to compare with", unspeccedFile, err)
	}
	orig, err := exec.Command("git", "show", commits[len(commits)-1]+":./"+unspeccedFile).Output()
	if err != nil {
		t.Skipf("cannot read the first version of %s: %v", unspeccedFile, err)
	}
	data, err := os.ReadFile(unspeccedFile)
	if err != nil {
		t.Fatal(err)
	}
	was := readUnspecced(t, orig)
	for _, id := range readUnspecced(t, data) {
		if !slices.Contains(was, id) {
			t.Errorf("%s lists %s, which its first version did not: the list only shrinks; write a spec for the row instead", unspeccedFile, id)
		}
	}
}
