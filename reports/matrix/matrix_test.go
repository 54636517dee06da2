package matrix

import (
	"regexp"
	"strings"
	"testing"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/reports/results"
	"github.com/imconform/imconform/reports/results/resultstest"
)

func failedRun() results.Run {
	run := resultstest.Run(map[string]results.Verdict{"users.get.not-found": results.Failed, "users.register.closed": results.Skipped})
	run.Problems = []string{"expected deviation of auth.token-expired is stale"}
	return run
}

func TestMarkdownShowsSummaryEveryRowAndTheEvidence(t *testing.T) {
	md := string(Markdown(failedRun()))
	for _, want := range []string{
		"✗ run failed: 1 of", "| Target | http://127.0.0.1:9 (o#a) |", "| Server header | mock/1 |", "| Suite version | 0.0.0-test |",
		catalog.Digest(), "| Requests sent | 40 |", "| Duration | 2.5 s |", "✗ 1 failed", "↷ 1 skipped",
		"Certificate | written to certificate.json, result: not conformant",
		"## Problems that fail the run", "is stale",
		"### ✗ users.get.not-found: failed", "expected 404, got 410", resultstest.Failing.Curl, "Response: 410", resultstest.Failing.Body,
		`↷ skipped: the target's profile declares "presence" absent`,
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown lacks %q", want)
		}
	}
	for _, r := range catalog.All() {
		if !strings.Contains(md, "| `"+r.ID+"` |") {
			t.Errorf("the Markdown has no row %s", r.ID)
		}
	}
	// A table row is one line: the catalogue's multi-line texts are joined.
	table := md[strings.Index(md, "## Catalogue rows"):strings.Index(md, "## Evidence")]
	for _, line := range strings.Split(strings.TrimSpace(table), "\n")[4:] {
		if line != "" && (!strings.HasPrefix(line, "| ") || !strings.HasSuffix(line, " |")) {
			t.Errorf("broken table line %q", line)
		}
	}
}

func TestSummarySaysWhyNoCertificateWasWritten(t *testing.T) {
	run := resultstest.Run(nil)
	run.Partial = []string{`the label filter "users.get.not-found" selected part of the catalogue`}
	md := string(Markdown(run))
	if !strings.Contains(md, `| Certificate | not written, because the label filter "users.get.not-found" selected part of the catalogue |`) {
		t.Errorf("the summary does not say why:\n%s", md[:600])
	}
	if !strings.Contains(md, "**✓ run passed**") {
		t.Error("a passing run is not called passed")
	}
}

func TestHTMLIsSelfContainedAndShowsEveryRow(t *testing.T) {
	run := failedRun()
	run.Rows[0].Description = `<script>alert("x")</script>`
	page, err := HTML(run)
	if err != nil {
		t.Fatal(err)
	}
	html := string(page)
	// Nothing is fetched: no external scripts, styles, images, fonts or frames.
	if m := regexp.MustCompile(`(?i)<(script|link|img|iframe|object|embed)\b|\bsrc=|@import|url\(`).FindString(html); m != "" {
		t.Errorf("the page loads something: %q", m)
	}
	for _, r := range catalog.All() {
		if !strings.Contains(html, `id="`+r.ID+`"`) {
			t.Errorf("the page has no row %s", r.ID)
		}
	}
	for _, want := range []string{"&lt;script&gt;", "expected 404, got 410", "Response: 410", "not conformant"} {
		if !strings.Contains(html, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
}

func TestFenceOutlastsBackticksInTheText(t *testing.T) {
	if got := fence("a ```` b"); !strings.HasPrefix(got, "`````\n") {
		t.Errorf("fence = %q", got)
	}
}
