// Package inventory tells which specs provoke which catalogue rows, from the
// suite itself: a Ginkgo dry run lists every spec with its labels, and a
// label that is a catalogue ID ties the spec to that row.
package inventory

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/imconform/imconform/harness/catalog"
)

// Spec is one spec of the suite.
type Spec struct {
	Text   string   // full text, containers included
	Labels []string // every label, containers included
}

// Inventory maps catalogue IDs to the specs labelled with them.
type Inventory map[string][]Spec

// FromReports reads Ginkgo JSON reports and indexes their specs by the
// catalogue IDs among their labels.
func FromReports(reports []types.Report) Inventory {
	inv := Inventory{}
	for _, r := range reports {
		for _, s := range r.SpecReports {
			if s.LeafNodeType != types.NodeTypeIt {
				continue
			}
			spec := Spec{Text: s.FullText(), Labels: s.Labels()}
			for _, l := range spec.Labels {
				if _, ok := catalog.Get(l); ok {
					inv[l] = append(inv[l], spec)
				}
			}
		}
	}
	return inv
}

// Missing lists the client-provokable rows (yes, inferred, profile) that no
// spec is labelled with.
func (inv Inventory) Missing() []string {
	var out []string
	for _, r := range catalog.All() {
		if r.Testable() && len(inv[r.ID]) == 0 {
			out = append(out, r.ID)
		}
	}
	sort.Strings(out)
	return out
}

// IDs lists the rows that have at least one spec, in catalogue order.
func (inv Inventory) IDs() []string {
	var out []string
	for _, r := range catalog.All() {
		if len(inv[r.ID]) > 0 {
			out = append(out, r.ID)
		}
	}
	return out
}

// DryRun lists the specs of the suite package (e.g. "./suites/conformance")
// in the module at root, without sending a request: `ginkgo run --dry-run`.
func DryRun(ctx context.Context, root, suite string) (Inventory, error) {
	dir, err := os.MkdirTemp("", "imconform-inventory-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	cmd := exec.CommandContext(ctx, "go", "tool", "ginkgo", "run", "--dry-run", "--json-report=inventory.json", "--output-dir="+dir, suite)
	cmd.Dir = root
	// The suite's own reports go to the temporary folder too.
	cmd.Env = append(os.Environ(), "IMCONF_REPORT_DIR="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("ginkgo --dry-run of %s failed: %v\n%s", suite, err, lastLines(string(out), 20))
	}
	data, err := os.ReadFile(filepath.Join(dir, "inventory.json"))
	if err != nil {
		return nil, err
	}
	var reports []types.Report
	if err := json.Unmarshal(data, &reports); err != nil {
		return nil, fmt.Errorf("reading the dry run's report: %w", err)
	}
	return FromReports(reports), nil
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
