// Package compare puts the matrices of several runs side by side: catalogue
// rows by targets, for questions like "how does our mock compare with
// staging". It reads the matrix JSON (conformance.json) each run writes,
// because that file has every catalogue row's verdict, rows without specs
// included, and the target it was judged against.
package compare

import (
	"bytes"
	"fmt"
	"github.com/imconform/imconform/harness/catalog"
	"html/template"
	"strings"

	"github.com/imconform/imconform/reports/matrix"
	"github.com/imconform/imconform/reports/results"
)

// Input is one run and the name its column carries (usually its file name).
type Input struct {
	Name string
	Run  results.Run
}

// table is the comparison both renderings show.
type table struct {
	Columns []column
	Rows    []row
	Notes   []string
	Differ  int
}

type column struct {
	Name, Target, Suite, Catalogue, Started, Summary string
}

type row struct {
	ID     string
	Status int
	Error  string
	Cells  []string
	Differ bool
}

func build(in []Input) table {
	var t table
	in = append([]Input(nil), in...)
	for i := range in {
		in[i].Run = in[i].Run.Redacted()
	}
	var order []string
	seen := map[string]bool{}
	verdicts := make([]map[string]results.Row, len(in))
	for i, x := range in {
		var counts []string
		for _, v := range results.Verdicts {
			if n := x.Run.Counts[v]; n > 0 {
				counts = append(counts, results.CountOf(v, n))
			}
		}
		t.Columns = append(t.Columns, column{Name: x.Name, Target: x.Run.Target.Name(), Suite: x.Run.Suite,
			Catalogue: x.Run.Catalogue, Started: x.Run.Started, Summary: strings.Join(counts, ", ")})
		verdicts[i] = map[string]results.Row{}
		for _, r := range x.Run.Rows {
			verdicts[i][r.ID] = r
			if !seen[r.ID] {
				seen[r.ID] = true
				order = append(order, r.ID)
			}
		}
		if i > 0 && x.Run.Catalogue != in[0].Run.Catalogue {
			t.Notes = append(t.Notes, fmt.Sprintf("%s was judged against catalogue %s, %s against %s: rows may differ in meaning", x.Name, x.Run.Catalogue, in[0].Name, in[0].Run.Catalogue))
		}
	}
	for _, id := range order {
		r := row{ID: id}
		var first results.Verdict
		for i := range in {
			cr, ok := verdicts[i][id]
			if !ok {
				r.Cells = append(r.Cells, "— not in this run's catalogue")
				r.Differ = true
				continue
			}
			if r.Status == 0 {
				r.Status, r.Error = cr.Status, cr.Error
			}
			r.Cells = append(r.Cells, cellText(cr))
			if i == 0 {
				first = cr.Verdict
			} else if cr.Verdict != first {
				r.Differ = true
			}
		}
		if r.Differ {
			t.Differ++
		}
		t.Rows = append(t.Rows, r)
	}
	return t
}

// cellText is a row's verdict in one run, with what differed and the answer
// that failed it (cut, but never in a field that differed).
func cellText(r results.Row) string {
	s := matrix.Icon(r.Verdict) + " " + string(r.Verdict)
	switch r.Verdict {
	case results.Passed:
		if r.Detail != "" && !strings.HasPrefix(r.Detail, catalog.CanonicalName) {
			s += " (" + r.Detail + ")"
		}
	case results.Failed, results.Deviation:
		for _, sp := range r.Specs {
			if sp.Verdict == r.Verdict && sp.Exchange != nil {
				var keep []string
				for _, d := range sp.Differences {
					keep = append(keep, d.Field)
				}
				if what := results.WhatDiffered(sp.Differences); what != "" {
					s += ": " + what + ";"
				}
				s += fmt.Sprintf(" got %d %s", sp.Exchange.Status, matrix.Excerpt(sp.Exchange.Body, 80, keep))
				break
			}
		}
	case results.Skipped:
		s += ": " + matrix.Clip(r.Detail, 80)
	}
	return s
}

// Markdown renders the comparison as a Markdown table.
func Markdown(in []Input) []byte {
	t := build(in)
	var b bytes.Buffer
	fmt.Fprintf(&b, "# imconform: %d targets compared\n\n", len(in))
	b.WriteString("| Column | Target | Suite | Run started | Verdicts |\n|---|---|---|---|---|\n")
	for _, c := range t.Columns {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", matrix.Cell(c.Name), matrix.Cell(c.Target), matrix.Cell(c.Suite), matrix.Cell(c.Started), matrix.Cell(c.Summary))
	}
	for _, n := range t.Notes {
		fmt.Fprintf(&b, "\nNote: %s\n", matrix.Cell(n))
	}
	fmt.Fprintf(&b, "\n%d of %d rows differ between targets (marked ≠).\n\n| ID | Status | error |", t.Differ, len(t.Rows))
	for _, c := range t.Columns {
		fmt.Fprintf(&b, " %s |", matrix.Cell(c.Name))
	}
	b.WriteString("\n|---|---|---|" + strings.Repeat("---|", len(t.Columns)) + "\n")
	for _, r := range t.Rows {
		mark := ""
		if r.Differ {
			mark = "≠ "
		}
		errType := ""
		if r.Error != "" {
			errType = "`" + r.Error + "`"
		}
		fmt.Fprintf(&b, "| %s`%s` | %d | %s |", mark, r.ID, r.Status, errType)
		for _, c := range r.Cells {
			fmt.Fprintf(&b, " %s |", matrix.Cell(c))
		}
		b.WriteString("\n")
	}
	return b.Bytes()
}

// HTML renders the comparison as one self-contained page.
func HTML(in []Input) ([]byte, error) {
	var b bytes.Buffer
	if err := page.Execute(&b, build(in)); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

var page = template.Must(template.New("compare").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>imconform: targets compared</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;margin:.5em 0}
td,th{border:1px solid #ccc;padding:.3em .5em;vertical-align:top;text-align:left}
th{background:#f3f3f3}
tr.differ{background:#fff3cd}
</style></head><body>
<h1>imconform: {{len .Columns}} targets compared</h1>
<table><tr><th>Column</th><th>Target</th><th>Suite</th><th>Run started</th><th>Verdicts</th></tr>
{{range .Columns}}<tr><td>{{.Name}}</td><td>{{.Target}}</td><td>{{.Suite}}</td><td>{{.Started}}</td><td>{{.Summary}}</td></tr>
{{end}}</table>
{{range .Notes}}<p>Note: {{.}}</p>{{end}}
<p>{{.Differ}} of {{len .Rows}} rows differ between targets (highlighted).</p>
<table><tr><th>ID</th><th>Status</th><th>error</th>{{range .Columns}}<th>{{.Name}}</th>{{end}}</tr>
{{range .Rows}}<tr{{if .Differ}} class="differ"{{end}}><td><code>{{.ID}}</code></td><td>{{.Status}}</td><td><code>{{.Error}}</code></td>{{range .Cells}}<td>{{.}}</td>{{end}}</tr>
{{end}}</table>
</body></html>
`))
