// Package matchers holds the Gomega matchers of the suite. The main one,
// BeDocumentedError, says whether an HTTP response is exactly a documented
// error row: status, `error` and `error_description`.
package matchers

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/gavv/httpexpect/v2"
	"github.com/onsi/gomega/types"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/redact"
)

// Reply is an HTTP response reduced to what the matcher reads.
type Reply struct {
	Status int
	Header http.Header
	Body   []byte
}

// ReplyOf converts what a spec holds into a Reply.
func ReplyOf(actual any) (Reply, error) {
	switch a := actual.(type) {
	case Reply:
		return a, nil
	case *Reply:
		if a == nil {
			return Reply{}, fmt.Errorf("no response (nil)")
		}
		return *a, nil
	case *httpexpect.Response:
		if a == nil || a.Raw() == nil {
			return Reply{}, fmt.Errorf("no response: the request failed before an answer came (see the request log above)")
		}
		return Reply{Status: a.Raw().StatusCode, Header: a.Raw().Header, Body: []byte(a.Body().Raw())}, nil
	case *http.Response:
		if a == nil {
			return Reply{}, fmt.Errorf("no response (nil)")
		}
		body, err := io.ReadAll(a.Body)
		a.Body.Close()
		a.Body = io.NopCloser(bytes.NewReader(body))
		if err != nil {
			return Reply{}, fmt.Errorf("reading the response body: %w", err)
		}
		return Reply{Status: a.StatusCode, Header: a.Header, Body: body}, nil
	default:
		return Reply{}, fmt.Errorf("BeDocumentedError expects an HTTP response, got %T", actual)
	}
}

// Option changes how BeDocumentedError matches.
type Option func(*DocumentedErrorMatcher)

// Strict accepts only the document's canonical wording when on: the
// document edition (StrictEdition(catalog.EditionDocument)).
func Strict(on bool) Option {
	if on {
		return StrictEdition(catalog.EditionDocument)
	}
	return StrictEdition("")
}

// StrictEdition accepts only the wording of one edition
// (catalog.EditionDocument or catalog.EditionLive); empty accepts every
// known wording.
func StrictEdition(edition string) Option {
	return func(m *DocumentedErrorMatcher) { m.strict = edition }
}

// BeDocumentedError matches a response that is catalogue row id, with the
// row's placeholders filled from vars. Key order, `exception`, `timestamp`
// and `duration` do not matter. By default a documented variant wording is
// accepted and Matched tells which one (its name says the edition:
// "document", "live (...)" or "variant N (...)"); StrictEdition accepts the
// wording of one edition only.
func BeDocumentedError(id string, vars catalog.Vars, opts ...Option) *DocumentedErrorMatcher {
	m := &DocumentedErrorMatcher{row: catalog.MustGet(id), vars: vars}
	for _, o := range opts {
		o(m)
	}
	return m
}

// DocumentedErrorMatcher is the matcher BeDocumentedError returns.
type DocumentedErrorMatcher struct {
	row    catalog.Row
	vars   catalog.Vars
	strict string // the only edition accepted; empty accepts all wordings

	matched string   // name of the expectation that matched
	report  []string // failure explanation
}

var _ types.GomegaMatcher = (*DocumentedErrorMatcher)(nil)

// Matched names the wording that matched ("document", "live (...)" or a variant), after a
// successful match.
func (m *DocumentedErrorMatcher) Matched() string { return m.matched }

// Row is the catalogue row the matcher checks.
func (m *DocumentedErrorMatcher) Row() catalog.Row { return m.row }

// fieldCheck is the verdict on one field against one expectation.
type fieldCheck struct {
	name, want, got string
	ok              bool
}

// Match implements types.GomegaMatcher.
func (m *DocumentedErrorMatcher) Match(actual any) (bool, error) {
	m.matched, m.report = "", nil
	reply, err := ReplyOf(actual)
	if err != nil {
		return false, err
	}
	expectations := m.row.Expectations()
	if m.strict != "" {
		expectations = []catalog.Expectation{m.row.Wording(m.strict)}
	}

	if !m.row.HasBody() {
		// No body is documented (405, 408): the status is the whole row.
		for _, e := range expectations {
			if reply.Status == e.Status {
				m.matched = e.Name
				return true, nil
			}
		}
		m.report = []string{fmt.Sprintf("  status: expected %d, got %d  ✗", m.row.Status, reply.Status)}
		m.report = append(m.report, bodyLines(reply)...)
		return false, nil
	}

	fields, problem := parseErrorBody(reply)
	var best []fieldCheck
	bestMisses := -1
	var bestName string
	for _, e := range expectations {
		checks, err := m.check(e, reply.Status, fields)
		if err != nil {
			return false, err
		}
		misses := 0
		for _, c := range checks {
			if !c.ok {
				misses++
			}
		}
		if misses == 0 && problem == "" {
			m.matched = e.Name
			return true, nil
		}
		if bestMisses < 0 || misses < bestMisses {
			best, bestMisses, bestName = checks, misses, e.Name
		}
	}

	if problem != "" {
		m.report = append(m.report, "  body: "+problem+"  ✗")
	}
	m.report = append(m.report, fmt.Sprintf("  closest documented wording: %s", bestName))
	for _, c := range best {
		mark := "✓"
		if !c.ok {
			mark = "✗"
		}
		m.report = append(m.report, fmt.Sprintf("  %-18s expected %s, got %s  %s", c.name+":", c.want, c.got, mark))
	}
	if problem == "" {
		m.report = append(m.report, bodyLines(reply)...)
	}
	return false, nil
}

// errorFields are the fields of an error body, nil when absent.
type errorFields struct {
	errType, description *string
}

// parseErrorBody reads the error envelope (or the two-field OAuth body) and
// returns a problem sentence when the body cannot be one.
func parseErrorBody(reply Reply) (errorFields, string) {
	body := bytes.TrimSpace(reply.Body)
	if len(body) == 0 {
		return errorFields{}, "empty; a JSON error body was expected"
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(body, &obj); err != nil {
		return errorFields{}, fmt.Sprintf("not a JSON object (Content-Type %q): %s", reply.Header.Get("Content-Type"), excerpt(body, 300))
	}
	var f errorFields
	for key, dst := range map[string]**string{"error": &f.errType, "error_description": &f.description} {
		raw, ok := obj[key]
		if !ok {
			continue
		}
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			v := "(not a string: " + string(raw) + ")"
			*dst = &v
			continue
		}
		*dst = &s
	}
	return f, ""
}

func (m *DocumentedErrorMatcher) check(e catalog.Expectation, status int, f errorFields) ([]fieldCheck, error) {
	checks := []fieldCheck{{name: "status", want: fmt.Sprint(e.Status), got: fmt.Sprint(status), ok: status == e.Status}}
	if e.Error != "" {
		checks = append(checks, fieldCheck{name: "error", want: quote(e.Error), got: quotePtr(f.errType), ok: f.errType != nil && *f.errType == e.Error})
	}
	if e.Description == "" {
		// The document gives no text: any error_description conforms.
		return checks, nil
	}
	pattern, err := catalog.Pattern(e.Description, m.vars)
	if err != nil {
		return nil, fmt.Errorf("catalogue row %s: %w", m.row.ID, err)
	}
	want := quote(catalog.Render(e.Description, m.vars))
	checks = append(checks, fieldCheck{name: "error_description", want: want, got: quotePtr(f.description),
		ok: f.description != nil && pattern.MatchString(*f.description)})
	return checks, nil
}

func quote(s string) string { return fmt.Sprintf("%q", redact.String(s)) }

func quotePtr(s *string) string {
	if s == nil {
		return "(absent)"
	}
	return quote(*s)
}

func bodyLines(r Reply) []string {
	return []string{"  response body: " + excerpt(r.Body, 2000)}
}

func excerpt(b []byte, n int) string {
	s := redact.String(string(b))
	if len(s) > n {
		cut := n
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + fmt.Sprintf("… (%d bytes in all)", len(b))
	}
	if s == "" {
		return "(empty)"
	}
	return s
}

func (m *DocumentedErrorMatcher) headline() string {
	r := m.row
	wording := "the canonical wording or a documented variant"
	want := catalog.Expectation{Status: r.Status, Error: r.Error, Description: r.Description}
	if m.strict != "" {
		wording = "the " + m.strict + " edition's wording (strict mode)"
		want = r.Wording(m.strict)
	}
	return fmt.Sprintf("%s %d %s %q (%s)", FailureMarker(r.ID), want.Status, want.Error, catalog.Render(want.Description, m.vars), wording)
}

// FailureMarker is the phrase that opens every failure message of
// BeDocumentedError(id): tools that read reports (mutation testing) use it to
// tell a failure of the row's own assertion from any other failure.
func FailureMarker(id string) string { return "Expected documented error " + id + ":" }

// FailureMessage implements types.GomegaMatcher.
func (m *DocumentedErrorMatcher) FailureMessage(actual any) string {
	return m.headline() + "\n" + strings.Join(m.report, "\n")
}

// NegatedFailureMessage implements types.GomegaMatcher.
func (m *DocumentedErrorMatcher) NegatedFailureMessage(actual any) string {
	return fmt.Sprintf("Expected the response not to be documented error %s, but it matched (%s)", m.row.ID, m.matched)
}
