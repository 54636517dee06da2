package results

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/client"
)

// Fields of an error answer that a row documents, in the order reports show
// them.
const (
	FieldStatus      = "status"
	FieldError       = "error"
	FieldDescription = "error_description"
	// FieldBody stands for the whole body when it is not a JSON object.
	FieldBody = "body"
)

// Expected is the documented answer a failed spec was closest to.
type Expected struct {
	// Wording is the document edition's wording ("document"), the live one or the variant it was closest to.
	Wording     string `json:"wording"`
	Status      int    `json:"status"`
	Error       string `json:"error,omitempty"`
	Description string `json:"error_description,omitempty"`
	// BodyDocumented is false for rows asserted on status only (405, 408).
	BodyDocumented bool `json:"body_documented"`
}

// Difference is one field where the recorded answer differs from the
// documented one. Values are as they would be written in JSON ("absent"
// when the answer lacks the field).
type Difference struct {
	Field    string `json:"field"`
	Expected string `json:"expected"`
	Actual   string `json:"actual"`
}

// String is the one-line form: what came ≠ what is documented, e.g.
// `status 409 ≠ 400`.
func (d Difference) String() string { return d.Field + " " + d.Actual + " ≠ " + d.Expected }

// Absent is how a difference writes a field the answer lacks.
const Absent = "(absent)"

// Differ compares a recorded answer with a row's documented wordings and
// returns the closest wording and where the answer differs from it. It reads
// only the evidence (the exchange's status and body), never the failure
// text. Placeholders ({username}, ...) match any text: the report does not
// know the values the spec used, so a wrong value in a placeholder shows as
// no difference (the failure message still says it). strict compares with
// the canonical wording only.
func Differ(row catalog.Row, x *client.Exchange, strict bool) (*Expected, []Difference) {
	if x == nil {
		return nil, nil
	}
	wordings := row.Expectations()
	if strict {
		wordings = wordings[:1]
	}
	fields, problem := errorFieldsOf(x.Body)
	var best *Expected
	var bestDiffs []Difference
	for _, w := range wordings {
		e := &Expected{Wording: w.Name, Status: w.Status, Error: w.Error, Description: w.Description, BodyDocumented: row.HasBody()}
		diffs := compare(e, x.Status, fields, problem)
		if best == nil || len(diffs) < len(bestDiffs) {
			best, bestDiffs = e, diffs
		}
	}
	return best, bestDiffs
}

func compare(e *Expected, status int, f map[string]json.RawMessage, problem string) []Difference {
	var out []Difference
	if status != e.Status {
		out = append(out, Difference{FieldStatus, strconv.Itoa(e.Status), strconv.Itoa(status)})
	}
	if !e.BodyDocumented {
		return out
	}
	if problem != "" {
		return append(out, Difference{FieldBody, "a JSON error object", problem})
	}
	if e.Error != "" {
		if got, ok := stringField(f, FieldError); !ok || got != e.Error {
			out = append(out, Difference{FieldError, strconv.Quote(e.Error), jsonValue(f, FieldError)})
		}
	}
	if e.Description != "" {
		if got, ok := stringField(f, FieldDescription); !ok || !templatePattern(e.Description).MatchString(got) {
			out = append(out, Difference{FieldDescription, strconv.Quote(e.Description), jsonValue(f, FieldDescription)})
		}
	}
	return out
}

// errorFieldsOf reads a body as a JSON object, or says in a few words why it
// is not one.
func errorFieldsOf(body string) (map[string]json.RawMessage, string) {
	b := bytes.TrimSpace([]byte(body))
	if len(b) == 0 {
		return nil, "empty"
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(b, &obj); err != nil || obj == nil {
		return nil, "not JSON: " + strconv.Quote(clipRunes(strings.Join(strings.Fields(body), " "), 60))
	}
	return obj, ""
}

func stringField(f map[string]json.RawMessage, key string) (string, bool) {
	raw, ok := f[key]
	if !ok {
		return "", false
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return "", false
	}
	return s, true
}

// jsonValue is a field's value as JSON text, or Absent.
func jsonValue(f map[string]json.RawMessage, key string) string {
	raw, ok := f[key]
	if !ok {
		return Absent
	}
	if s, ok := stringField(f, key); ok {
		return strconv.Quote(s)
	}
	return string(raw)
}

var placeholderRE = regexp.MustCompile(`\{[a-z_]+\}`)

// templatePattern matches a description template with every placeholder
// standing for any non-empty text.
func templatePattern(template string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString(`\A`)
	last := 0
	for _, m := range placeholderRE.FindAllStringIndex(template, -1) {
		b.WriteString(regexp.QuoteMeta(template[last:m[0]]))
		b.WriteString(`.+?`)
		last = m[1]
	}
	b.WriteString(regexp.QuoteMeta(template[last:]))
	b.WriteString(`\z`)
	return regexp.MustCompile(b.String())
}

func clipRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// WhatDiffered is a spec's differences in one line, or "" when the evidence
// shows none (the failure message then says what went wrong). Long texts
// are cut to the part around their first difference (Brief).
func WhatDiffered(diffs []Difference) string {
	parts := make([]string, len(diffs))
	for i, d := range diffs {
		parts[i] = d.Brief()
	}
	return strings.Join(parts, "; ")
}

// briefContext is how many characters Brief keeps around a difference.
const briefContext = 18

// Brief is String with two long quoted texts cut to the part around their
// first difference, so that one line shows the letter that differs:
// `error_description "…to authenitcate due to…" ≠ "…to authenticate due to…"`.
// A documented text with placeholders is compared by its literal start and
// end (the placeholders hold the spec's values); when both match, the
// difference is in between and the texts are left whole.
func (d Difference) Brief() string {
	want, err1 := strconv.Unquote(d.Expected)
	got, err2 := strconv.Unquote(d.Actual)
	if err1 != nil || err2 != nil || max(len([]rune(want)), len([]rune(got))) <= 3*briefContext {
		return d.String()
	}
	w, g := []rune(want), []rune(got)
	head, tail := w, []rune(nil)
	if marks := placeholderRE.FindAllStringIndex(want, -1); marks != nil {
		head, tail = []rune(want[:marks[0][0]]), []rune(want[marks[len(marks)-1][1]:])
	}
	if at := commonPrefix(head, g); at < len(head) || tail == nil {
		return d.Field + " " + window(g, at) + " ≠ " + window(w, at)
	}
	if k := commonSuffix(tail, g); k < len(tail) {
		return d.Field + " " + window(g, len(g)-k) + " ≠ " + window(w, len(w)-k)
	}
	return d.String()
}

func commonPrefix(a, b []rune) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

func commonSuffix(a, b []rune) int {
	n := 0
	for n < len(a) && n < len(b) && a[len(a)-1-n] == b[len(b)-1-n] {
		n++
	}
	return n
}

// window quotes text around rune position at, marking the cuts.
func window(text []rune, at int) string {
	from, to := max(0, at-briefContext), min(len(text), at+briefContext)
	s := strconv.Quote(string(text[from:to]))
	if from > 0 {
		s = `"…` + s[1:]
	}
	if to < len(text) {
		s = s[:len(s)-1] + `…"`
	}
	return s
}

// Summary is a row's "what differed" line: the first failing (or deviating)
// spec's differences, else the first line of its message.
func (r Row) Summary() string {
	for _, s := range r.Specs {
		if s.Verdict != r.Verdict {
			continue
		}
		if w := WhatDiffered(s.Differences); w != "" {
			return w
		}
	}
	for _, s := range r.Specs {
		if s.Verdict == r.Verdict && s.Message != "" {
			return firstLine(s.Message)
		}
	}
	return firstLine(r.Detail)
}
