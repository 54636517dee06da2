// Package matrix renders a run's conformance matrix: a summary, one row per
// catalogue entry with its verdict, and the evidence of every failure and
// expected deviation. Markdown fits a CI job summary; the HTML page is
// self-contained (no scripts, styles or fonts from elsewhere).
package matrix

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"

	"github.com/imconform/imconform/reports/results"
)

// CertificateFile is the certificate's name in the report folder; the
// summary says whether it was written.
const CertificateFile = "certificate.json"

// Icon is a verdict's one-character mark.
func Icon(v results.Verdict) string {
	switch v {
	case results.Passed:
		return "✓"
	case results.Failed:
		return "✗"
	case results.Deviation:
		return "⚠"
	case results.Skipped:
		return "↷"
	}
	return "·"
}

// summary is what both renderings show on top.
type summary struct {
	Title       string
	Outcome     string
	Target      string
	Server      string
	Suite       string
	Catalogue   string
	Duration    string
	Requests    int
	Counts      []count
	Certificate string
	Problems    []string
	// Coverage holds the headline coverage figures of the suite version.
	Coverage []string
}

type count struct {
	Verdict results.Verdict
	Icon    string
	N       int
	// Text is "2 expected deviations", "53 passed".
	Text string
}

func summarize(run results.Run) summary {
	s := summary{
		Title:     "imconform conformance matrix",
		Target:    run.Target.Name(),
		Server:    run.Target.Server,
		Suite:     run.Suite,
		Catalogue: run.Catalogue,
		Duration:  fmt.Sprintf("%.1f s", run.Duration),
		Requests:  run.Requests,
		Problems:  run.Problems,
		Coverage:  run.Coverage.Headlines(),
	}
	if s.Server == "" {
		s.Server = "(none sent)"
	}
	for _, v := range results.Verdicts {
		if n := run.Counts[v]; n > 0 {
			s.Counts = append(s.Counts, count{v, Icon(v), n, results.CountOf(v, n)})
		}
	}
	switch {
	case run.Succeeded:
		s.Outcome = "✓ run passed"
	case run.Counts[results.Failed] > 0:
		s.Outcome = fmt.Sprintf("✗ run failed: %d of %s failed", run.Counts[results.Failed], results.Count(len(run.Rows), "row"))
	default:
		s.Outcome = "✗ run failed"
	}
	if run.Complete() {
		s.Certificate = fmt.Sprintf("written to %s, result: %s", CertificateFile, results.ResultOf(run.Counts)+results.AbsentQualifier(run.Target.Profile))
	} else {
		s.Certificate = "not written, because " + strings.Join(run.Partial, "; ")
	}
	return s
}

// evidenceRows are the rows whose specs have something to show.
func evidenceRows(run results.Run) []results.Row {
	var out []results.Row
	for _, r := range run.Rows {
		if r.Verdict == results.Failed || r.Verdict == results.Deviation {
			out = append(out, r)
		}
	}
	return out
}

// Markdown renders the matrix for a CI job summary.
func Markdown(run results.Run) []byte {
	run = run.Redacted()
	s := summarize(run)
	var b bytes.Buffer
	fmt.Fprintf(&b, "# %s\n\n**%s**\n\n", s.Title, s.Outcome)
	b.WriteString("| | |\n|---|---|\n")
	var counts []string
	for _, c := range s.Counts {
		counts = append(counts, c.Icon+" "+c.Text)
	}
	for _, kv := range [][2]string{
		{"Catalogue rows", strings.Join(counts, ", ")},
		{"Target", s.Target},
		{"Server header", s.Server},
		{"Suite version", s.Suite},
		{"Catalogue digest", "`" + s.Catalogue + "`"},
		{"Duration", s.Duration},
		{"Requests sent", fmt.Sprint(s.Requests)},
		{"Certificate", s.Certificate},
		{"Coverage", strings.Join(s.Coverage, "; ")},
	} {
		fmt.Fprintf(&b, "| %s | %s |\n", kv[0], Cell(kv[1]))
	}
	if len(s.Problems) > 0 {
		b.WriteString("\n## Problems that fail the run\n\n")
		for _, p := range s.Problems {
			fmt.Fprintf(&b, "- %s\n", Cell(p))
		}
	}
	b.WriteString("\n## Catalogue rows\n\n| ID | Status | error | Documented text | Verdict |\n|---|---|---|---|---|\n")
	for _, r := range run.Rows {
		verdict := Icon(r.Verdict) + " " + string(r.Verdict)
		if r.Detail != "" {
			verdict += ": " + Clip(r.Detail, 160)
		}
		fmt.Fprintf(&b, "| `%s` | %d | %s | %s | %s |\n", r.ID, r.Status, code(r.Error), Cell(r.Description), Cell(verdict))
	}
	if ev := evidenceRows(run); len(ev) > 0 {
		b.WriteString("\n## Evidence\n")
		for _, r := range ev {
			fmt.Fprintf(&b, "\n### %s %s: %s\n", Icon(r.Verdict), r.ID, r.Verdict)
			if r.Expectation != nil {
				fmt.Fprintf(&b, "\nListed as expected: %s (%s), until %s.\n", Cell(r.Expectation.Reason), Cell(r.Expectation.Link), r.Expectation.Expires)
			}
			for _, sp := range r.Specs {
				if sp.Verdict != r.Verdict {
					continue
				}
				fmt.Fprintf(&b, "\nSpec: %s\n\n%s", Cell(sp.Name), fence(sp.Message))
				if x := sp.Exchange; x != nil {
					fmt.Fprintf(&b, "\nRequest:\n\n%s\nResponse: %d\n\n%s", fence(x.Curl), x.Status, fence(x.Body))
				}
			}
		}
	}
	return b.Bytes()
}

// Cell makes text safe inside a Markdown table cell.
func Cell(s string) string {
	s = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "|", `\|`, "\r", "", "\n", "<br>").Replace(s)
	return s
}

func code(s string) string {
	if s == "" {
		return ""
	}
	return "`" + strings.ReplaceAll(s, "`", "'") + "`"
}

// fence puts text in a fenced code block longer than any backtick run in it.
func fence(s string) string {
	if s == "" {
		s = "(empty)"
	}
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			if run > longest {
				longest = run
			}
		} else {
			run = 0
		}
	}
	f := strings.Repeat("`", max(3, longest+1))
	return f + "\n" + strings.TrimRight(s, "\n") + "\n" + f + "\n"
}

// Clip shortens s to n characters, marking the cut.
func Clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// HTML renders the matrix as one self-contained page.
func HTML(run results.Run) ([]byte, error) {
	run = run.Redacted()
	var b bytes.Buffer
	data := struct {
		summary
		Rows []results.Row
	}{summarize(run), run.Rows}
	if err := page.Execute(&b, data); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

var page = template.Must(template.New("matrix").Funcs(template.FuncMap{
	"icon":  Icon,
	"class": func(v results.Verdict) string { return strings.ReplaceAll(string(v), " ", "-") },
	"show":  func(v results.Verdict) bool { return v == results.Failed || v == results.Deviation },
}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;margin:.5em 0}
td,th{border:1px solid #ccc;padding:.3em .5em;vertical-align:top;text-align:left}
th{background:#f3f3f3}
code,pre{font:12px/1.35 ui-monospace,monospace}
pre{white-space:pre-wrap;word-break:break-all;background:#f7f7f7;padding:.5em;margin:.3em 0}
.failed{background:#fde2e1}.expected-deviation{background:#fff3cd}.passed{background:#e3f6e5}
.skipped,.not-run,.no-spec,.not-testable-from-a-client{color:#666}
.outcome{font-size:1.2em;font-weight:bold}
</style></head><body>
<h1>{{.Title}}</h1>
<p class="outcome">{{.Outcome}}</p>
<table>
<tr><th>Catalogue rows</th><td>{{range $i, $c := .Counts}}{{if $i}}, {{end}}{{$c.Icon}} {{$c.Text}}{{end}}</td></tr>
<tr><th>Target</th><td>{{.Target}}</td></tr>
<tr><th>Server header</th><td>{{.Server}}</td></tr>
<tr><th>Suite version</th><td>{{.Suite}}</td></tr>
<tr><th>Catalogue digest</th><td><code>{{.Catalogue}}</code></td></tr>
<tr><th>Duration</th><td>{{.Duration}}</td></tr>
<tr><th>Requests sent</th><td>{{.Requests}}</td></tr>
<tr><th>Certificate</th><td>{{.Certificate}}</td></tr>
<tr><th>Coverage</th><td>{{range $i, $c := .Coverage}}{{if $i}}<br>{{end}}{{$c}}{{end}}</td></tr>
</table>
{{if .Problems}}<h2>Problems that fail the run</h2><ul>{{range .Problems}}<li>{{.}}</li>{{end}}</ul>{{end}}
<h2>Catalogue rows</h2>
<table>
<tr><th>ID</th><th>Status</th><th>error</th><th>Documented text</th><th>Verdict</th></tr>
{{range .Rows}}<tr class="{{class .Verdict}}" id="{{.ID}}"><td><code>{{.ID}}</code></td><td>{{.Status}}</td><td><code>{{.Error}}</code></td><td>{{.Description}}</td>
<td>{{icon .Verdict}} {{.Verdict}}{{if .Detail}}: {{.Detail}}{{end}}{{if show .Verdict}}{{$v := .Verdict}}
{{with .Expectation}}<p>Listed as expected: {{.Reason}} ({{.Link}}), until {{.Expires}}.</p>{{end}}
{{range .Specs}}{{if eq .Verdict $v}}<details open><summary>{{.Name}}</summary><pre>{{.Message}}</pre>
{{with .Exchange}}<p>Request:</p><pre>{{.Curl}}</pre><p>Response: {{.Status}}</p><pre>{{.Body}}</pre>{{end}}</details>{{end}}{{end}}{{end}}</td></tr>
{{end}}</table>
</body></html>
`))
