// Package coverage measures how much of the documented API a run covers,
// in the manner of APISnoop's endpoint coverage of Kubernetes conformance:
// catalogue rows with a spec, documented operations a spec asserted on,
// and operations the reference server implements. It renders
// docs/coverage.md and gives the headline figures to the matrix.
package coverage

import (
	"bytes"
	_ "embed"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/evidence"
)

// unexercisable.tsv lists the operations no row spec can exercise, with the
// reason; the page says so instead of leaving them unexplained.
//
//go:embed unexercisable.tsv
var unexercisableTSV string

// Unexercisable maps an operation key to why no row spec can exercise it.
func Unexercisable() map[string]string {
	out := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(unexercisableTSV), "\n")[1:] {
		key, reason, _ := strings.Cut(line, "\t")
		out[key] = reason
	}
	return out
}

// Figures are the headline numbers.
type Figures struct {
	RowsWithSpec int `json:"rows_with_spec"`
	// Provokable counts the rows a client can provoke (yes, inferred, profile).
	Provokable int `json:"provokable_rows"`
	// OperationsExercised counts documented operations some row spec (the
	// sweep aside) asserted on.
	OperationsExercised int `json:"operations_exercised"`
	// OperationsSwept counts operations the sweep called without a token.
	OperationsSwept       int `json:"operations_swept"`
	OperationsImplemented int `json:"operations_implemented_by_reference"`
	Operations            int `json:"operations"`
}

// Headlines are the figures as the lines that open docs/coverage.md.
func (f Figures) Headlines() []string {
	return []string{
		fmt.Sprintf("rows with a spec: %d/%d provokable", f.RowsWithSpec, f.Provokable),
		fmt.Sprintf("operations exercised: %d/%d", f.OperationsExercised, f.Operations),
		fmt.Sprintf("operations implemented by the reference: %d/%d", f.OperationsImplemented, f.Operations),
	}
}

// Coverage is the measurement behind the figures.
type Coverage struct {
	Figures Figures
	// ByOperation holds, per operation key, the rows of the specs that
	// asserted on it (the sweep apart).
	ByOperation map[string][]string
	Swept       map[string]bool
	Implemented map[string]bool
	// Specced is the set of rows with at least one spec.
	Specced map[string]bool
}

// Measure reads the specs of a Ginkgo report (any run: what a spec asserted
// on is in its evidence) and the reference's implemented operations.
func Measure(reports []types.Report, implemented []string) Coverage {
	c := Coverage{ByOperation: map[string][]string{}, Swept: map[string]bool{}, Implemented: map[string]bool{}, Specced: map[string]bool{}}
	for _, k := range implemented {
		c.Implemented[k] = true
	}
	for _, r := range reports {
		for _, s := range r.SpecReports {
			if s.LeafNodeType != types.NodeTypeIt {
				continue
			}
			labels := s.Labels()
			for _, l := range labels {
				if _, ok := catalog.Get(l); ok {
					c.Specced[l] = true
				}
			}
			ev, ok := evidence.EvidenceOf(s)
			if !ok || ev.Operation == "" {
				continue
			}
			if slices.Contains(labels, "sweep") {
				c.Swept[ev.Operation] = true
				continue
			}
			if !slices.Contains(c.ByOperation[ev.Operation], ev.Row) {
				c.ByOperation[ev.Operation] = append(c.ByOperation[ev.Operation], ev.Row)
			}
		}
	}
	f := &c.Figures
	for _, row := range catalog.All() {
		if row.Testable() {
			f.Provokable++
			if c.Specced[row.ID] {
				f.RowsWithSpec++
			}
		}
	}
	for _, op := range catalog.Endpoints() {
		f.Operations++
		if len(c.ByOperation[op.Key()]) > 0 {
			f.OperationsExercised++
		}
		if c.Swept[op.Key()] {
			f.OperationsSwept++
		}
		if c.Implemented[op.Key()] {
			f.OperationsImplemented++
		}
	}
	return c
}

// Markdown renders docs/coverage.md: the headline figures, then per area
// and per operation whether the reference implements it, which rows' specs
// exercise it, and its documented rows against those with a spec. It is
// deterministic for a given suite, so a test can tell when the checked-in
// page is stale.
func (c Coverage) Markdown() []byte {
	var b bytes.Buffer
	b.WriteString("# Coverage of the documented API\n\n")
	b.WriteString("Written by `make coverage` from the catalogue, the endpoint inventory, the reference server and a run of the suite against it; do not edit by hand.\n\n")
	for _, h := range c.Figures.Headlines() {
		fmt.Fprintf(&b, "- %s\n", h)
	}
	fmt.Fprintf(&b, "- operations answering 401 without a token (the sweep): %d/%d\n", c.Figures.OperationsSwept, c.Figures.Operations)
	unexercisable := Unexercisable()
	fmt.Fprintf(&b, "- operations no row spec can exercise (each says why below): %d\n\n", len(unexercisable))

	byArea := map[string][]catalog.Endpoint{}
	for _, op := range catalog.Endpoints() {
		byArea[op.Area] = append(byArea[op.Area], op)
	}
	areas := make([]string, 0, len(byArea))
	for a := range byArea {
		areas = append(areas, a)
	}
	sort.Strings(areas)

	b.WriteString("## By area\n\n| area | operations | implemented | exercised | rows with a spec |\n|---|---|---|---|---|\n")
	for _, a := range areas {
		impl, ex := 0, 0
		for _, op := range byArea[a] {
			if c.Implemented[op.Key()] {
				impl++
			}
			if len(c.ByOperation[op.Key()]) > 0 {
				ex++
			}
		}
		specced, rows := 0, 0
		for _, r := range catalog.All() {
			if r.Area == a && r.Testable() {
				rows++
				if c.Specced[r.ID] {
					specced++
				}
			}
		}
		fmt.Fprintf(&b, "| %s | %d | %d | %d | %d/%d |\n", a, len(byArea[a]), impl, ex, specced, rows)
	}
	b.WriteString("\n## By operation\n")
	for _, a := range areas {
		fmt.Fprintf(&b, "\n### %s\n\n| operation | reference | exercised by specs of | documented rows with a spec |\n|---|---|---|---|\n", a)
		ops := byArea[a]
		sort.SliceStable(ops, func(i, j int) bool { return ops[i].Path+ops[i].Method < ops[j].Path+ops[j].Method })
		for _, op := range ops {
			impl := "not implemented (501)"
			if c.Implemented[op.Key()] {
				impl = "implemented"
			}
			ex := "—"
			if reason, ok := unexercisable[op.Key()]; ok {
				ex = "— (cannot be: " + reason + ")"
			}
			if rows := c.ByOperation[op.Key()]; len(rows) > 0 {
				sorted := append([]string(nil), rows...)
				sort.Strings(sorted)
				ex = "`" + strings.Join(sorted, "`, `") + "`"
			}
			specced := 0
			var missing []string
			for _, id := range op.Rows {
				if c.Specced[id] {
					specced++
				} else if catalog.MustGet(id).Testable() {
					missing = append(missing, id)
				}
			}
			rows := fmt.Sprintf("%d/%d", specced, len(op.Rows))
			if len(missing) > 0 {
				rows += " (no spec: `" + strings.Join(missing, "`, `") + "`)"
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", op.Key(), impl, ex, rows)
		}
	}
	return b.Bytes()
}

// Contradictions is an error naming the operations unexercisable.tsv lists
// that a spec exercised all the same: the list is stale.
func (c Coverage) Contradictions() error {
	var stale []string
	for key := range Unexercisable() {
		if len(c.ByOperation[key]) > 0 {
			stale = append(stale, key)
		}
	}
	if len(stale) == 0 {
		return nil
	}
	sort.Strings(stale)
	return fmt.Errorf("reports/coverage/unexercisable.tsv lists %s, which specs exercise: remove it from the list", strings.Join(stale, ", "))
}
