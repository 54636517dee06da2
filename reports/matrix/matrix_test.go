package matrix

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/client"
	"github.com/imconform/imconform/reports/results"
	"github.com/imconform/imconform/reports/results/resultstest"
)

const wrong = "users.get.not-found"

func failedRun() results.Run {
	run := resultstest.Run(map[string]results.Verdict{wrong: results.Failed, "users.register.closed": results.Skipped, "groups.get.not-found": results.Deviation})
	run.Problems = []string{"expected deviation of auth.token-expired is stale"}
	return run
}

func TestMarkdownShowsSummaryFailuresAreasAndEvidence(t *testing.T) {
	md := string(Markdown(failedRun()))
	for _, want := range []string{
		"**✗ run failed: 1 of", "against http://127.0.0.1:9 (o#a), edition not declared",
		"| Target | http://127.0.0.1:9 (o#a) |", "| Edition | not declared |", "| Server header | mock/1 |", "| Suite version | 0.0.0-test |",
		catalog.Digest(), "| Requests sent | 40 |", "| Duration | 2.5 s |", "✗ 1 failed", "↷ 1 skipped",
		"Certificate | written to certificate.json, result: not conformant",
		"## Problems that fail the run", "is stale",
		"## Failures (2)", "| ✗ `" + wrong + "` | users | status 410 ≠ 404 |", "| ⚠ `groups.get.not-found` | groups |",
		"## By area", "| users | 19 |",
		"### ✗ " + wrong + ": failed", "**What differed:** status 410 ≠ 404", "expected 404, got 410", resultstest.Failing.Curl,
		"Documented (document, live): 404 `{\"error\":\"service_resource_not_found\",\"error_description\":\"Service resource not found\"}`",
		"Response: 410", resultstest.Failing.Body, "How to fix: " + firstLine(catalog.MustGet(wrong).Notes),
		`↷ skipped: the target's profile declares "presence" absent`,
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown lacks %q", want)
		}
	}
	// Failures come before the table by area, and the evidence before the folded rows.
	if !(strings.Index(md, "## Failures") < strings.Index(md, "## By area") && strings.Index(md, "## Evidence") < strings.Index(md, "## Catalogue rows")) {
		t.Error("the sections are out of order")
	}
	for _, r := range catalog.All() {
		if !strings.Contains(md, "| `"+r.ID+"` |") {
			t.Errorf("the Markdown has no row %s", r.ID)
		}
	}
	// Only failed and deviating rows have evidence.
	if n := strings.Count(md, "\n### "); n != 2 {
		t.Errorf("%d evidence sections, want 2", n)
	}
	// A table row is one line: the catalogue's multi-line texts are joined.
	table := md[strings.Index(md, "| ID | Area |"):strings.LastIndex(md, "</details>")]
	for _, line := range strings.Split(strings.TrimSpace(table), "\n") {
		if line != "" && !strings.HasPrefix(line, "|---") && (!strings.HasPrefix(line, "| ") || !strings.HasSuffix(line, " |")) {
			t.Errorf("broken table line %q", line)
		}
	}
}

func TestMarkdownOfAPassingRunIsShort(t *testing.T) {
	md := string(Markdown(resultstest.Run(nil)))
	if !strings.Contains(md, "**✓ run passed**") || strings.Contains(md, "## Failures") || strings.Contains(md, "## Evidence") {
		t.Errorf("a passing run's Markdown:\n%s", md[:400])
	}
}

func TestSummarySaysWhyNoCertificateWasWritten(t *testing.T) {
	run := resultstest.Run(nil)
	run.Partial = []string{`the label filter "users.get.not-found" selected part of the catalogue`}
	md := string(Markdown(run))
	if !strings.Contains(md, `| Certificate | not written, because the label filter "users.get.not-found" selected part of the catalogue |`) {
		t.Errorf("the summary does not say why:\n%s", md[:600])
	}
}

// A long body is cut with a marker, but the field that differed stays whole
// wherever it is in the body.
func TestEvidenceNeverCutsTheFieldThatDiffered(t *testing.T) {
	run := resultstest.Run(map[string]results.Verdict{wrong: results.Failed})
	long := `{"path":"/users/x","uri":"http://127.0.0.1:9/o/a/users/x","timestamp":1732795200000,"organization":"o","application":"a",` +
		`"entities":[],"action":"get","exception":"` + strings.Repeat("com.easemob.UserNotFoundException.", 12) + `","duration":0,` +
		`"error":"service_resource_not_found","error_description":"User not found"}`
	for i, r := range run.Rows {
		if r.ID == wrong {
			x := client.Exchange{Curl: "curl x", Status: 404, Body: long}
			sp := &run.Rows[i].Specs[0]
			sp.Exchange = &x
			sp.Expected, sp.Differences = results.Differ(catalog.MustGet(wrong), &x, false)
		}
	}
	for i, r := range run.Rows {
		if r.ID == wrong {
			run.Rows[i].Specs[0].Message = "Expected documented error " + wrong + "\n  response body: " + long
		}
	}
	md := string(Markdown(run))
	for _, want := range []string{`"error_description":"User not found"`, ",… 1 more field}", "… (cut; the whole message is in conformance.html)", `| ✗ ` + "`" + wrong + "`" + ` | users | error_description "User not found" ≠ "Service resource not found" |`} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown lacks %q", want)
		}
	}
	if strings.Contains(md, strings.Repeat("com.easemob.UserNotFoundException.", 12)) {
		t.Error("the long body was not cut")
	}
}

func TestExcerpt(t *testing.T) {
	body := `{"a":"` + strings.Repeat("x", 50) + `","error":"e","b":2,"error_description":"d"}`
	for _, c := range []struct {
		body string
		n    int
		keep []string
		want string
	}{
		{`{"error": "e"}`, 80, nil, `{"error":"e"}`},
		{body, 40, []string{"error_description"}, `{"error":"e","error_description":"d",… 2 more fields}`},
		{body, 44, []string{"error_description"}, `{"error":"e","b":2,"error_description":"d",… 1 more field}`},
		{body, 40, []string{"a", "error_description"}, `{"a":"` + strings.Repeat("x", 50) + `","error_description":"d",… 2 more fields}`},
		{"<html>" + strings.Repeat("y", 30) + "</html>", 10, []string{"error"}, "<html>yyyy…"},
	} {
		if got := Excerpt(c.body, c.n, c.keep); got != c.want {
			t.Errorf("Excerpt(%.20q, %d, %v) = %s; want %s", c.body, c.n, c.keep, got, c.want)
		}
	}
}

func TestHTMLIsSelfContainedAndShowsEveryRowByArea(t *testing.T) {
	run := failedRun()
	run.Rows[0].Description = `<script>alert("x")</script>`
	page, err := HTML(run)
	if err != nil {
		t.Fatal(err)
	}
	html := string(page)
	// Nothing is fetched: no external scripts, styles, images, fonts or frames;
	// the one script is inline.
	if m := regexp.MustCompile(`(?i)<script[^>]*\bsrc|<(link|img|iframe|object|embed)\b|\bsrc=|@import|url\(|https?://[^"'\s<]*\.(js|css|woff2?)`).FindString(html); m != "" {
		t.Errorf("the page loads something: %q", m)
	}
	if n := strings.Count(html, "<script"); n != 1 {
		t.Errorf("%d scripts, want the one inline script", n)
	}
	for _, r := range catalog.All() {
		if !strings.Contains(html, `id="`+r.ID+`"`) {
			t.Errorf("the page has no row %s", r.ID)
		}
	}
	for _, want := range []string{"&lt;script&gt;", "expected 404, got 410", "HTTP 410", "not conformant", `id="failures"`,
		`<a href="#` + wrong + `">`, "status 410 ≠ 404", `<span class="diff">HTTP 410</span>`, `<details class="area" id="area-users"`, "How to fix"} {
		if !strings.Contains(html, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	// With failures, areas without any are collapsed and passed rows are closed.
	if strings.Contains(html, `id="area-token" data-area="token" open`) || !strings.Contains(html, `id="area-users" data-area="users" open`) {
		t.Error("areas are not collapsed by their failures")
	}
	if !regexp.MustCompile(`id="`+regexp.QuoteMeta(wrong)+`" data-verdict="failed" data-search="[^"]*" open>`).MatchString(html) ||
		regexp.MustCompile(`data-verdict="passed" data-search="[^"]*" open>`).MatchString(html) {
		t.Error("failed rows are not open, or passed rows are")
	}
	// The failures list comes before the rows.
	if strings.Index(html, `id="failures"`) > strings.Index(html, `class="areas"`) {
		t.Error("the failures are not listed first")
	}
}

func TestDifferingFieldIsMarkedInBothBodies(t *testing.T) {
	e := &results.Expected{Wording: "canonical", Status: 404, Error: "service_resource_not_found", Description: "Service resource not found", BodyDocumented: true}
	differs := map[string]bool{results.FieldDescription: true}
	marked := func(lines []line) []string {
		var out []string
		for _, l := range lines {
			if l.Differs {
				out = append(out, strings.TrimSpace(l.Text))
			}
		}
		return out
	}
	if got := marked(expectedLines(e, differs)); len(got) != 1 || got[0] != `"error_description": "Service resource not found"` {
		t.Errorf("documented side marks %q", got)
	}
	got := marked(actualLines(404, `{"error":"service_resource_not_found","nested":{"error_description":"x"},"error_description":"User not found"}`, differs))
	if len(got) != 1 || got[0] != `"error_description": "User not found"` {
		t.Errorf("received side marks %q", got)
	}
	if got := marked(actualLines(404, `{"error":"x"}`, differs)); len(got) != 1 || !strings.Contains(got[0], `no "error_description"`) {
		t.Errorf("an absent field is not marked: %q", got)
	}
}

func TestFenceOutlastsBackticksInTheText(t *testing.T) {
	if got := fence("a ```` b"); !strings.HasPrefix(got, "`````\n") {
		t.Errorf("fence = %q", got)
	}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// Against a server that gets most rows wrong, the Markdown stays within a job
// summary's size: evidence for the first rows, a pointer to the HTML for the rest.
func TestMarkdownCapsTheEvidence(t *testing.T) {
	verdicts := map[string]results.Verdict{}
	for _, r := range catalog.All() {
		verdicts[r.ID] = results.Failed
	}
	md := string(Markdown(resultstest.Run(verdicts)))
	if n := strings.Count(md, "\n### "); n != markdownEvidenceRows {
		t.Errorf("%d evidence sections, want %d", n, markdownEvidenceRows)
	}
	if want := fmt.Sprintf("The evidence of the other %d rows is in conformance.html.", len(catalog.All())-markdownEvidenceRows); !strings.Contains(md, want) {
		t.Errorf("the Markdown lacks %q", want)
	}
	if len(md) > 400<<10 {
		t.Errorf("the Markdown of %d failed rows is %d KB", len(catalog.All()), len(md)>>10)
	}
}
