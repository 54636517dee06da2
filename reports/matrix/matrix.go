// Package matrix renders a run's conformance matrix for people who act on
// it: a summary read in seconds (verdict, target, counts, a table by API
// area), the failures first with what differed, then every catalogue row
// grouped by area, with the evidence of failures and expected deviations.
// Markdown fits a CI job summary; the HTML page is one self-contained file
// (its styles and script are inline; nothing is loaded from elsewhere).
package matrix

import (
	"fmt"
	"strings"

	"github.com/imconform/imconform/reports/results"
)

// CertificateFile is the certificate's name in the report folder; the
// summary says whether it was written.
const CertificateFile = "certificate.json"

// HTMLFile is the HTML page's name in the report folder; the Markdown
// points to it for what it leaves out.
const HTMLFile = "conformance.html"

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
	Title   string
	Outcome string
	// Passed is the run's exit status (the banner's colour).
	Passed   bool
	Target   string
	Edition  string
	Counts   []count
	Facts    []fact
	Problems []string
}

type count struct {
	Verdict results.Verdict
	Icon    string
	N       int
	// Text is "2 expected deviations", "53 passed".
	Text string
}

// fact is one line of the summary table. Figures the run gains later (spec
// coverage of the catalogue, operations exercised) are appended here, and
// both renderings show them.
type fact struct {
	Label, Value string
	Code         bool // shown as code (digests)
}

func summarize(run results.Run) summary {
	s := summary{
		Title:    "imconform conformance matrix",
		Target:   run.Target.Name(),
		Edition:  run.Target.Edition,
		Problems: run.Problems,
		Passed:   run.Succeeded,
	}
	if s.Edition == "" {
		s.Edition = "not declared"
	}
	server := run.Target.Server
	if server == "" {
		server = "(none sent)"
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
	certificate := fmt.Sprintf("written to %s, result: %s", CertificateFile, results.ResultOf(run.Counts)+results.AbsentQualifier(run.Target.Profile))
	if !run.Complete() {
		certificate = "not written, because " + strings.Join(run.Partial, "; ")
	}
	s.Facts = []fact{
		{Label: "Target", Value: s.Target},
		{Label: "Edition", Value: s.Edition},
		{Label: "Server header", Value: server},
		{Label: "Suite version", Value: run.Suite},
		{Label: "Catalogue digest", Value: run.Catalogue, Code: true},
		{Label: "Started", Value: run.Started},
		{Label: "Duration", Value: fmt.Sprintf("%.1f s", run.Duration)},
		{Label: "Requests sent", Value: fmt.Sprint(run.Requests)},
		{Label: "Certificate", Value: certificate},
		{Label: "Coverage", Value: strings.Join(run.Coverage.Headlines(), "; ")},
	}
	return s
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
