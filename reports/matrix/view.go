package matrix

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/imconform/imconform/reports/results"
)

// view is what both renderings show: the summary, the failures list, the
// per-area table, and the rows grouped by area.
type view struct {
	summary
	// Failures are the failed rows, then the expected deviations: what a
	// reader acts on, listed before anything else.
	Failures    []rowView
	HasFailures bool
	Areas       []areaView
	// Columns are the verdicts of the per-area table, in display order.
	Columns []results.Verdict
}

// areaView is one API area: its rows and their counts per verdict.
type areaView struct {
	Name   string
	Rows   []rowView
	Counts map[results.Verdict]int
	Bars   []bar
	// Open: the area is expanded when the page loads (it has failures, or
	// the run has none).
	Open bool
}

// bar is one verdict's share of an area, drawn as a segment.
type bar struct {
	Verdict results.Verdict
	N       int
	Percent float64
}

// rowView is a catalogue row with what the renderings derive from it.
type rowView struct {
	results.Row
	// What is the one-line "what differed" of a failed or deviating row.
	What  string
	Specs []specView
	// Open: the row's detail is expanded when the page loads.
	Open bool
	// HowToFix is the row's catalogue notes and source.
	HowToFix string
}

// specView is one spec of a row with its answer laid out for comparison.
type specView struct {
	results.Spec
	What     string
	DocLines []line // the documented answer as JSON, differing fields marked
	GotLines []line // the answer received, pretty-printed, differing fields marked
}

// line is one line of a body; Differs marks a field that differed.
type line struct {
	Text    string
	Differs bool
}

// verdictColumns are the verdicts of the per-area table.
var verdictColumns = []results.Verdict{results.Passed, results.Failed, results.Deviation, results.Skipped, results.NotRun, results.NoSpec, results.NotTestable}

func newView(run results.Run) view {
	v := view{summary: summarize(run), Columns: verdictColumns}
	v.HasFailures = run.Counts[results.Failed]+run.Counts[results.Deviation] > 0
	byArea := map[string]*areaView{}
	var order []string
	for _, r := range run.Rows {
		rv := newRowView(r)
		name := r.Area
		if name == "" {
			name = "other"
		}
		a, ok := byArea[name]
		if !ok {
			a = &areaView{Name: name, Counts: map[results.Verdict]int{}}
			byArea[name] = a
			order = append(order, name)
		}
		a.Rows = append(a.Rows, rv)
		a.Counts[r.Verdict]++
		if r.Verdict == results.Failed || r.Verdict == results.Deviation {
			v.Failures = append(v.Failures, rv)
		}
	}
	sort.SliceStable(v.Failures, func(i, j int) bool {
		return v.Failures[i].Verdict == results.Failed && v.Failures[j].Verdict != results.Failed
	})
	for _, name := range order {
		a := byArea[name]
		a.Open = !v.HasFailures || a.Counts[results.Failed]+a.Counts[results.Deviation] > 0
		for _, c := range verdictColumns {
			if n := a.Counts[c]; n > 0 {
				a.Bars = append(a.Bars, bar{c, n, 100 * float64(n) / float64(len(a.Rows))})
			}
		}
		v.Areas = append(v.Areas, *a)
	}
	return v
}

func newRowView(r results.Row) rowView {
	rv := rowView{Row: r}
	bad := r.Verdict == results.Failed || r.Verdict == results.Deviation
	rv.Open = bad
	if bad {
		rv.What = r.Summary()
	}
	var fix []string
	if n := strings.TrimSpace(r.Notes); n != "" {
		fix = append(fix, n)
	}
	if r.Source != "" {
		fix = append(fix, "Source: "+r.Source+".")
	}
	rv.HowToFix = strings.Join(fix, " ")
	for _, s := range r.Specs {
		sv := specView{Spec: s, What: results.WhatDiffered(s.Differences)}
		if (s.Verdict == results.Failed || s.Verdict == results.Deviation) && s.Exchange != nil {
			differs := map[string]bool{}
			for _, d := range s.Differences {
				differs[d.Field] = true
			}
			sv.DocLines = expectedLines(s.Expected, differs)
			sv.GotLines = actualLines(s.Exchange.Status, s.Exchange.Body, differs)
		}
		rv.Specs = append(rv.Specs, sv)
	}
	return rv
}

// expectedLines is the documented answer, written as the body it documents.
func expectedLines(e *results.Expected, differs map[string]bool) []line {
	if e == nil {
		return nil
	}
	out := []line{{Text: fmt.Sprintf("HTTP %d", e.Status), Differs: differs[results.FieldStatus]}}
	if !e.BodyDocumented {
		return append(out, line{Text: "(no body documented: the status is the whole row)"})
	}
	var fields []string
	if e.Error != "" {
		fields = append(fields, results.FieldError)
	}
	if e.Description != "" {
		fields = append(fields, results.FieldDescription)
	}
	out = append(out, line{Text: "{", Differs: differs[results.FieldBody]})
	for i, f := range fields {
		val := e.Error
		if f == results.FieldDescription {
			val = e.Description
		}
		comma := ","
		if i == len(fields)-1 {
			comma = ""
		}
		out = append(out, line{Text: fmt.Sprintf("  %q: %s%s", f, quoteJSON(val), comma), Differs: differs[f]})
	}
	return append(out, line{Text: "}", Differs: differs[results.FieldBody]})
}

// actualLines is the answer received: its status, then its body
// pretty-printed when it is JSON (key order kept), with each line that holds
// a differing top-level field marked.
func actualLines(status int, body string, differs map[string]bool) []line {
	out := []line{{Text: fmt.Sprintf("HTTP %d", status), Differs: differs[results.FieldStatus]}}
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, []byte(strings.TrimSpace(body)), "", "  "); err != nil {
		if strings.TrimSpace(body) == "" {
			body = "(empty body)"
		}
		for _, l := range strings.Split(strings.TrimRight(body, "\n"), "\n") {
			out = append(out, line{Text: l, Differs: differs[results.FieldBody]})
		}
		return out
	}
	for _, l := range strings.Split(pretty.String(), "\n") {
		out = append(out, line{Text: l, Differs: topLevelKeyDiffers(l, differs)})
	}
	for _, f := range []string{results.FieldError, results.FieldDescription} {
		if differs[f] && !strings.Contains(pretty.String(), "\n  "+quoteJSON(f)+":") {
			out = append(out, line{Text: "  (no " + quoteJSON(f) + ")", Differs: true})
		}
	}
	return out
}

// topLevelKeyDiffers tells whether an indented JSON line starts a top-level
// field that differed ("  \"error\": ...").
func topLevelKeyDiffers(l string, differs map[string]bool) bool {
	if !strings.HasPrefix(l, "  \"") || strings.HasPrefix(l, "   ") {
		return false
	}
	end := strings.Index(l, "\": ")
	var key string
	if end < 0 || json.Unmarshal([]byte(l[2:end+1]), &key) != nil {
		return false
	}
	return differs[key]
}

// quoteJSON writes s as a JSON string, leaving <, > and & as they are (the
// renderers escape for their own format).
func quoteJSON(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}
