package matrix

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"

	"github.com/imconform/imconform/reports/results"
)

// HTML renders the matrix as one self-contained page: the summary and the
// failures on the first screen, then the rows grouped by area, collapsible,
// with a verdict filter and a search box (an inline script; the page works
// without it, all rows shown).
func HTML(run results.Run) ([]byte, error) {
	var b bytes.Buffer
	if err := page.Execute(&b, newView(run.Redacted())); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// verdictClass is a verdict as a CSS class name ("v-expected-deviation").
func verdictClass(v results.Verdict) string { return "v-" + strings.ReplaceAll(string(v), " ", "-") }

// shortVerdict is a verdict as a column heading of the table by area.
func shortVerdict(v results.Verdict) string {
	switch v {
	case results.Deviation:
		return "deviation"
	case results.NotTestable:
		return "untestable"
	}
	return string(v)
}

// searchText is what the search box matches a row against.
func searchText(r rowView) string {
	return strings.ToLower(strings.Join([]string{r.ID, r.Area, fmt.Sprint(r.Status), r.Error, r.Description, string(r.Verdict), r.Detail, r.What}, " "))
}

var page = template.Must(template.New("matrix").Funcs(template.FuncMap{
	"icon":   Icon,
	"vclass": verdictClass,
	"search": searchText,
	"pct":    func(f float64) string { return fmt.Sprintf("%.2f%%", f) },
	"bad":    func(v results.Verdict) bool { return v == results.Failed || v == results.Deviation },
	"count":  func(m map[results.Verdict]int, v results.Verdict) int { return m[v] },
	"clip":   Clip,
	"short":  shortVerdict,
	"first":  func(n int, list []string) []string { return list[:min(n, len(list))] },
	"more":   func(n int, list []string) int { return max(0, len(list)-n) },
}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Outcome}} · {{.Title}}</title>
<style>
*{box-sizing:border-box}
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2330;background:#f5f6f8}
code,pre{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{white-space:pre-wrap;word-break:break-word;background:#fff;border:1px solid #dde1e6;border-radius:4px;padding:.45em .6em;margin:.25em 0}
a{color:#1553b6}
h2{font-size:15px;margin:0 0 .5em}
.banner{padding:14px 24px;color:#fff;display:flex;flex-wrap:wrap;align-items:center;gap:6px 24px}
.banner.pass{background:#1e7b34}.banner.fail{background:#b3261e}
.banner .outcome{font-size:24px;font-weight:700;margin:0}
.banner .target{font-size:14px;opacity:.95}
.chips{display:flex;flex-wrap:wrap;gap:6px;padding:10px 24px;background:#fff;border-bottom:1px solid #dde1e6}
.chip{border-radius:12px;padding:2px 10px;font-weight:600;font-size:13px;border:1px solid transparent}
.top{display:grid;grid-template-columns:minmax(0,1.15fr) minmax(0,1fr);gap:16px;padding:16px 24px}
.panel{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:12px 14px}
.failures{max-height:620px;overflow:auto}
.failures ol{margin:0;padding:0;list-style:none}
.failures li{padding:3px 0;border-bottom:1px dotted #e3e6ea;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.failures .what{color:#5b2a00}
.area-tag{color:#5f6b7a;font-size:12px}
table{border-collapse:collapse;width:100%}
td,th{padding:3px 6px;text-align:left;vertical-align:middle;border-bottom:1px solid #eceef1}
th{font-weight:600;color:#46505c;font-size:12px}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;width:3.6em}
.areas-table td,.areas-table th{padding:2px 5px}
.areas-table th{font-size:11px}
.bar{display:flex;height:12px;width:100%;min-width:80px;border-radius:3px;overflow:hidden;background:#eceff1}
.bar span{display:block;height:100%}
.v-passed{background:#2e7d32;color:#fff}.v-failed{background:#c62828;color:#fff}.v-expected-deviation{background:#f9a825;color:#222}
.v-skipped{background:#78909c;color:#fff}.v-not-run{background:#b0bec5;color:#222}.v-no-spec{background:#dfe3e7;color:#333}
.v-not-testable-from-a-client{background:#9fa8da;color:#222}
.facts th{width:11em}.facts td{overflow-wrap:anywhere}
.toolbar{position:sticky;top:0;z-index:2;display:flex;flex-wrap:wrap;gap:6px;align-items:center;padding:8px 24px;background:#eef0f3;border-top:1px solid #dde1e6;border-bottom:1px solid #dde1e6}
.toolbar button{font:inherit;font-size:12px;border:1px solid #aab3bd;border-radius:12px;padding:2px 10px;background:#fff;cursor:pointer;opacity:.45}
.toolbar button[aria-pressed="true"]{opacity:1}
.toolbar button.plain{opacity:1;border-radius:4px}
.toolbar input{font:inherit;padding:3px 8px;border:1px solid #aab3bd;border-radius:4px;width:22em}
#shown{color:#46505c;font-size:12px}
.areas{padding:12px 24px 48px}
details.area{background:#fff;border:1px solid #dde1e6;border-radius:6px;margin:0 0 10px}
details.area>summary{cursor:pointer;padding:8px 12px;display:flex;align-items:center;gap:12px;font-weight:600}
details.area>summary .bar{max-width:260px}
details.area>summary .sum{font-weight:400;color:#46505c;font-size:12px}
details.row{border-top:1px solid #eceef1}
details.row>summary{cursor:pointer;padding:4px 12px;display:grid;grid-template-columns:1.4em minmax(14em,19em) 3.2em minmax(0,1fr);gap:8px;align-items:baseline}
details.row>summary .verdict{font-size:12px}
details.row.v-failed>summary,details.row.v-expected-deviation>summary{font-weight:600}
details.row{background:#fff;color:inherit}
details.row.v-failed{border-left:4px solid #c62828}details.row.v-expected-deviation{border-left:4px solid #f9a825}
.detail{padding:4px 14px 12px 40px}
.sbs{display:grid;grid-template-columns:1fr 1fr;gap:10px}
.sbs h4,.detail h4{margin:.5em 0 .1em;font-size:12px;color:#46505c}
.diff{background:#ffe0dc;display:block;border-left:3px solid #c62828;margin-left:-.6em;padding-left:calc(.6em - 3px)}
.what-line{font-weight:600;color:#8a1c14}
.fix{background:#f3f7ff;border:1px solid #d4e0f7;border-radius:4px;padding:6px 10px;margin-top:8px}
.muted{color:#5f6b7a}
@media (max-width:900px){.top,.sbs{grid-template-columns:1fr}}
</style></head><body>
<header class="banner {{if .Passed}}pass{{else}}fail{{end}}" id="summary">
<p class="outcome" id="verdict">{{.Outcome}}</p>
<div class="target">against <b>{{.Target}}</b> · edition <b>{{.Edition}}</b></div>
</header>
<div class="chips" id="counts">{{range .Counts}}<span class="chip {{vclass .Verdict}}">{{.Icon}} {{.N}} {{.Verdict}}</span>{{end}}</div>
<div class="top">
<section class="panel failures" id="failures">
{{if .Failures}}<h2>Failures first: {{len .Failures}} rows to act on</h2>
<ol>{{range .Failures}}<li title="{{.ID}}: {{.What}}">{{icon .Verdict}} <a href="#{{.ID}}"><code>{{.ID}}</code></a> <span class="area-tag">{{.Area}}</span> <span class="what">{{.What}}</span></li>
{{end}}</ol>
{{else}}<h2>No failures</h2><p>No row failed or deviated; every verdict is in the table by area and below.</p>{{template "facts" .}}{{end}}
{{if .Problems}}<h2>Problems that fail the run</h2><ul>{{range .Problems}}<li>{{.}}</li>{{end}}</ul>{{end}}
</section>
<section class="panel" id="by-area">
<h2>By area</h2>
<table class="areas-table"><tr><th>Area</th><th></th>{{range .Columns}}<th class="n" title="{{.}}">{{short .}}</th>{{end}}</tr>
{{$cols := .Columns}}{{range .Areas}}<tr><td><a href="#area-{{.Name}}">{{.Name}}</a></td><td><div class="bar">{{range .Bars}}<span class="{{vclass .Verdict}}" style="width:{{pct .Percent}}" title="{{.N}} {{.Verdict}}"></span>{{end}}</div></td>{{$c := .Counts}}{{range $cols}}<td class="n">{{with count $c .}}{{.}}{{end}}</td>{{end}}</tr>
{{end}}</table>
</section>
</div>
{{if .Failures}}<div class="top" style="padding-top:0"><section class="panel">{{template "facts" .}}</section></div>{{end}}
<nav class="toolbar" id="toolbar" aria-label="filter">
<span>Show:</span>{{range .Counts}}<button type="button" class="filter" data-verdict="{{.Verdict}}" aria-pressed="true">{{.Icon}} {{.Verdict}} ({{.N}})</button>{{end}}
<input type="search" id="search" placeholder="search rows: ID, text, status…" aria-label="search rows">
<button type="button" class="plain" id="expand">expand all</button><button type="button" class="plain" id="collapse">collapse all</button>
<span id="shown"></span>
</nav>
<main class="areas">
{{range .Areas}}<details class="area" id="area-{{.Name}}" data-area="{{.Name}}"{{if .Open}} open{{end}}>
<summary>{{.Name}} <div class="bar">{{range .Bars}}<span class="{{vclass .Verdict}}" style="width:{{pct .Percent}}"></span>{{end}}</div><span class="sum">{{len .Rows}} rows{{range .Bars}} · {{.N}} {{.Verdict}}{{end}}</span></summary>
{{range .Rows}}<details class="row {{vclass .Verdict}}" id="{{.ID}}" data-verdict="{{.Verdict}}" data-search="{{search .}}"{{if .Open}} open{{end}}>
<summary><span>{{icon .Verdict}}</span><code>{{.ID}}</code><span>{{.Status}}</span><span><span class="verdict">{{.Verdict}}</span>{{if .What}} · {{.What}}{{else if .Detail}} · <span class="muted">{{clip .Detail 160}}</span>{{end}}</span></summary>
<div class="detail">
<p class="muted">Documented: {{.Status}}{{with .Error}} <code>{{.}}</code>{{end}}{{with .Description}} “{{.}}”{{end}}</p>
{{with .Expectation}}<p>Listed as expected: {{.Reason}} ({{.Link}}), until {{.Expires}}.</p>{{end}}
{{$v := .Verdict}}{{range .Specs}}<div class="spec"><h4>{{icon .Verdict}} {{.Name}}</h4>
{{if bad .Verdict}}{{if .What}}<p class="what-line">What differed: {{.What}}</p>{{end}}
{{if .GotLines}}<div class="sbs"><div><h4>Documented{{with .Spec.Expected}} ({{.Wording}}){{end}}</h4><pre>{{range .DocLines}}{{if .Differs}}<span class="diff">{{.Text}}</span>{{else}}{{.Text}}
{{end}}{{end}}</pre></div><div><h4>Received</h4><pre>{{range .GotLines}}{{if .Differs}}<span class="diff">{{.Text}}</span>{{else}}{{.Text}}
{{end}}{{end}}</pre></div></div>{{end}}
{{with .Exchange}}<h4>Request (secrets masked)</h4><pre class="curl">{{.Curl}}</pre>{{end}}
<details><summary>Failure message</summary><pre>{{.Message}}</pre></details>
{{else if .Message}}<p class="muted">{{.Message}}</p>{{else if .Matched}}<p class="muted">matched: {{.Matched}}</p>{{end}}</div>
{{end}}{{if .HowToFix}}<div class="fix"><b>{{if bad .Verdict}}How to fix{{else}}Catalogue{{end}}:</b> {{.HowToFix}}{{with .Endpoints}}<br><span class="muted">Operations: {{range $i, $e := first 4 .}}{{if $i}}; {{end}}{{$e}}{{end}}{{with more 4 .}} and {{.}} more{{end}}</span>{{end}}</div>{{end}}
</div></details>
{{end}}</details>
{{end}}</main>
<script>
(function () {
  var rows = Array.prototype.slice.call(document.querySelectorAll("details.row"));
  var areas = Array.prototype.slice.call(document.querySelectorAll("details.area"));
  var buttons = Array.prototype.slice.call(document.querySelectorAll("button.filter"));
  var search = document.getElementById("search"), shown = document.getElementById("shown");
  function apply() {
    var q = search.value.trim().toLowerCase(), on = {}, n = 0;
    buttons.forEach(function (b) { on[b.dataset.verdict] = b.getAttribute("aria-pressed") === "true"; });
    rows.forEach(function (r) {
      var ok = on[r.dataset.verdict] && (q === "" || r.dataset.search.indexOf(q) >= 0);
      r.hidden = !ok;
      if (ok) { n++; }
    });
    areas.forEach(function (a) {
      var any = a.querySelector("details.row:not([hidden])") !== null;
      a.hidden = !any;
      if (any && q !== "") { a.open = true; }
    });
    shown.textContent = n + " of " + rows.length + " rows shown";
    pad();
  }
  buttons.forEach(function (b) {
    b.addEventListener("click", function () {
      b.setAttribute("aria-pressed", b.getAttribute("aria-pressed") === "true" ? "false" : "true");
      apply();
    });
  });
  search.addEventListener("input", apply);
  document.getElementById("expand").addEventListener("click", function () { areas.forEach(function (a) { a.open = true; }); });
  document.getElementById("collapse").addEventListener("click", function () { areas.forEach(function (a) { a.open = false; }); });
  function reveal() {
    var el = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!el) { return; }
    for (var p = el; p; p = p.parentElement) {
      if (p.tagName === "DETAILS") { p.open = true; p.hidden = false; }
    }
    el.scrollIntoView();
  }
  // A followed link puts its row below the sticky toolbar, however many
  // lines the toolbar takes.
  function pad() {
    document.documentElement.style.scrollPaddingTop = (document.getElementById("toolbar").offsetHeight + 8) + "px";
  }
  window.addEventListener("resize", pad);
  window.addEventListener("hashchange", reveal);
  apply();
  if (location.hash) { reveal(); }
})();
</script>
</body></html>
{{define "facts"}}<h2>Run</h2><table class="facts" id="facts">
{{range .Facts}}<tr><th>{{.Label}}</th><td>{{if .Code}}<code>{{.Value}}</code>{{else}}{{.Value}}{{end}}</td></tr>{{end}}
</table>{{end}}`))
