package matrix

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/imconform/imconform/reports/results"
)

// markdownEvidenceRows is how many rows get their evidence in the Markdown;
// a job summary has a size limit, and the HTML page has every row's.
const markdownEvidenceRows = 40

// markdownBody is how long a response body may be in the Markdown before it
// is cut (the fields that differed are never cut).
const markdownBody = 300

// Markdown renders the matrix for a CI job summary: the summary, the
// failures with what differed, the table by area, the evidence of failed
// and deviating rows, and every row's verdict folded away at the end.
func Markdown(run results.Run) []byte {
	v := newView(run.Redacted())
	var b bytes.Buffer
	fmt.Fprintf(&b, "# %s\n\n**%s** against %s, edition %s\n\n", v.Title, v.Outcome, Cell(v.Target), Cell(v.Edition))
	var counts []string
	for _, c := range v.Counts {
		counts = append(counts, fmt.Sprintf("%s %d %s", c.Icon, c.N, c.Verdict))
	}
	b.WriteString("| | |\n|---|---|\n")
	fmt.Fprintf(&b, "| Verdicts | %s |\n", Cell(strings.Join(counts, ", ")))
	for _, f := range v.Facts {
		val := Cell(f.Value)
		if f.Code {
			val = code(f.Value)
		}
		fmt.Fprintf(&b, "| %s | %s |\n", f.Label, val)
	}
	if len(v.Problems) > 0 {
		b.WriteString("\n## Problems that fail the run\n\n")
		for _, p := range v.Problems {
			fmt.Fprintf(&b, "- %s\n", Cell(p))
		}
	}
	if len(v.Failures) > 0 {
		fmt.Fprintf(&b, "\n## Failures (%d)\n\n| Row | Area | What differed |\n|---|---|---|\n", len(v.Failures))
		for _, r := range v.Failures {
			fmt.Fprintf(&b, "| %s `%s` | %s | %s |\n", Icon(r.Verdict), r.ID, Cell(r.Area), Cell(Clip(r.What, 200)))
		}
	}
	b.WriteString("\n## By area\n\n| Area | Rows |")
	for _, c := range v.Columns {
		fmt.Fprintf(&b, " %s %s |", Icon(c), c)
	}
	b.WriteString("\n|---|---|" + strings.Repeat("---|", len(v.Columns)) + "\n")
	for _, a := range v.Areas {
		fmt.Fprintf(&b, "| %s | %d |", Cell(a.Name), len(a.Rows))
		for _, c := range v.Columns {
			if n := a.Counts[c]; n > 0 {
				fmt.Fprintf(&b, " %d |", n)
			} else {
				b.WriteString(" |")
			}
		}
		b.WriteString("\n")
	}
	if len(v.Failures) > 0 {
		b.WriteString("\n## Evidence\n")
		for i, r := range v.Failures {
			if i == markdownEvidenceRows {
				fmt.Fprintf(&b, "\nThe evidence of the other %d rows is in %s.\n", len(v.Failures)-i, HTMLFile)
				break
			}
			markdownEvidence(&b, r)
		}
	}
	fmt.Fprintf(&b, "\n## Catalogue rows\n\n<details><summary>All %d rows and their verdicts</summary>\n\n", len(run.Rows))
	b.WriteString("| ID | Area | Status | error | Verdict |\n|---|---|---|---|---|\n")
	for _, a := range v.Areas {
		for _, r := range a.Rows {
			verdict := Icon(r.Verdict) + " " + string(r.Verdict)
			if r.Detail != "" {
				verdict += ": " + Clip(r.Detail, 120)
			}
			fmt.Fprintf(&b, "| `%s` | %s | %d | %s | %s |\n", r.ID, Cell(r.Area), r.Status, code(r.Error), Cell(verdict))
		}
	}
	b.WriteString("\n</details>\n")
	return b.Bytes()
}

// markdownEvidence is a failed or deviating row's detail: what differed, the
// request, the documented and received answers (cut, never in a field that
// differed), the full message folded, and the catalogue's hint.
func markdownEvidence(b *bytes.Buffer, r rowView) {
	fmt.Fprintf(b, "\n### %s %s: %s\n\n", Icon(r.Verdict), r.ID, r.Verdict)
	if r.What != "" {
		fmt.Fprintf(b, "**What differed:** %s\n", Cell(r.What))
	}
	if e := r.Expectation; e != nil {
		fmt.Fprintf(b, "\nListed as expected: %s (%s), until %s.\n", Cell(e.Reason), Cell(e.Link), e.Expires)
	}
	for _, sp := range r.Specs {
		if sp.Verdict != r.Verdict {
			continue
		}
		fmt.Fprintf(b, "\nSpec: %s\n", Cell(sp.Name))
		if x := sp.Exchange; x != nil {
			var keep []string
			for _, d := range sp.Differences {
				keep = append(keep, d.Field)
			}
			fmt.Fprintf(b, "\nRequest:\n\n%s", fence(x.Curl))
			if e := sp.Expected; e != nil {
				fmt.Fprintf(b, "\nDocumented (%s): %d %s\n", e.Wording, e.Status, code(documentedBody(e)))
			}
			fmt.Fprintf(b, "\nResponse: %d\n\n%s", x.Status, fence(Excerpt(x.Body, markdownBody, keep)))
		}
		fmt.Fprintf(b, "\n<details><summary>Failure message</summary>\n\n%s\n</details>\n", fence(clipLines(sp.Message, markdownBody)))
	}
	if r.HowToFix != "" {
		fmt.Fprintf(b, "\nHow to fix: %s\n", Cell(r.HowToFix))
	}
}

// documentedBody is the error body a row documents, on one line.
func documentedBody(e *results.Expected) string {
	if !e.BodyDocumented {
		return "(status only)"
	}
	var parts []string
	if e.Error != "" {
		parts = append(parts, quoteJSON(results.FieldError)+":"+quoteJSON(e.Error))
	}
	if e.Description != "" {
		parts = append(parts, quoteJSON(results.FieldDescription)+":"+quoteJSON(e.Description))
	}
	return "{" + strings.Join(parts, ",") + "}"
}

// clipLines cuts each line of a message longer than n characters (the
// response body the message repeats), marking the cut; the HTML page has the
// whole message, and what differed is shown above it.
func clipLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if len([]rune(l)) > n {
			lines[i] = string([]rune(l)[:n]) + "… (cut; the whole message is in " + HTMLFile + ")"
		}
	}
	return strings.Join(lines, "\n")
}
