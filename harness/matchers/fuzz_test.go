package matchers

import (
	"bytes"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/imconform/imconform/harness/catalog"
)

// FuzzBeDocumentedError feeds the matcher any status, Content-Type and body
// for any catalogue row. It must never panic, and it must accept a reply
// exactly when an independent reading of the row (below, written without
// the catalogue's regexps) says the reply is one of the row's wordings.
func FuzzBeDocumentedError(f *testing.F) {
	rows := catalog.All()
	f.Add(uint16(0), 404, "application/json", []byte(notFound), "u1", false)
	f.Fuzz(func(t *testing.T, rowIndex uint16, status int, contentType string, body []byte, value string, strict bool) {
		row := rows[int(rowIndex)%len(rows)]
		vars := fillPlaceholders(row, value)
		r := Reply{Status: status, Header: http.Header{"Content-Type": {contentType}}, Body: body}
		m := BeDocumentedError(row.ID, vars, Strict(strict))
		got, err := m.Match(r)
		if err != nil && !utf8.ValidString(value) && strings.Contains(err.Error(), "not valid UTF-8") {
			return // a spec's value no JSON answer can carry is the spec's error
		}
		if err != nil {
			t.Fatalf("row %s: Match returned an error for a complete set of vars: %v", row.ID, err)
		}
		expectations := row.Expectations()
		if strict {
			expectations = expectations[:1]
		}
		want := ""
		for _, e := range expectations {
			if replyIs(row, e, vars, r) {
				want = e.Name
				break
			}
		}
		switch {
		case got && want == "":
			t.Fatalf("row %s accepted a reply that is none of its wordings: status %d body %q (matched %q)", row.ID, status, body, m.Matched())
		case !got && want != "":
			t.Fatalf("row %s refused its own wording %q: status %d body %q\n%s", row.ID, want, status, body, m.FailureMessage(r))
		case got && m.Matched() == "":
			t.Fatalf("row %s matched without naming the wording", row.ID)
		case !got && !strings.HasPrefix(m.FailureMessage(r), FailureMarker(row.ID)):
			t.Fatalf("row %s: failure message does not open with the marker: %q", row.ID, m.FailureMessage(r))
		}
		_ = m.NegatedFailureMessage(r)
	})
}

var placeholderName = regexp.MustCompile(`\{([a-z_]+)\}`)

// volatileNames are the placeholders the matcher fills with a pattern
// (catalog.volatile); every other one gets value.
var volatileNames = map[string]bool{"hash": true, "uuid": true}

func fillPlaceholders(row catalog.Row, value string) catalog.Vars {
	vars := catalog.Vars{}
	for _, e := range row.Expectations() {
		for _, m := range placeholderName.FindAllStringSubmatch(e.Description, -1) {
			if !volatileNames[m[1]] {
				vars[m[1]] = value
			}
		}
	}
	return vars
}

// replyIs is the oracle: reply r is expectation e of row with vars.
func replyIs(row catalog.Row, e catalog.Expectation, vars catalog.Vars, r Reply) bool {
	if r.Status != e.Status {
		return false
	}
	if !row.HasBody() {
		return true
	}
	var obj map[string]any
	if json.Unmarshal(bytes.TrimSpace(r.Body), &obj) != nil || obj == nil {
		return false
	}
	if e.Error != "" {
		if s, ok := obj["error"].(string); !ok || s != e.Error {
			return false
		}
	}
	d, ok := obj["error_description"].(string)
	return ok && templateFits(e.Description, vars, d)
}

// templateFits says whether text is template with placeholders filled:
// literal text exactly, a var's value exactly, {hash} 1 to 8 lower-case hex
// digits, {uuid} the 8-4-4-4-12 hex shape. It backtracks over {hash}.
func templateFits(template string, vars catalog.Vars, text string) bool {
	loc := placeholderName.FindStringSubmatchIndex(template)
	if loc == nil {
		return template == text
	}
	lit := template[:loc[0]]
	if !strings.HasPrefix(text, lit) {
		return false
	}
	text, name, rest := text[len(lit):], template[loc[2]:loc[3]], template[loc[1]:]
	if v, ok := vars[name]; ok {
		return strings.HasPrefix(text, v) && templateFits(rest, vars, text[len(v):])
	}
	switch name {
	case "hash":
		for n := 1; n <= 8 && n <= len(text) && isLowerHex(text[:n]); n++ {
			if templateFits(rest, vars, text[n:]) {
				return true
			}
		}
		return false
	case "uuid":
		if len(text) < 36 || !isUUID(text[:36]) {
			return false
		}
		return templateFits(rest, vars, text[36:])
	}
	return false
}

func isLowerHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if !(s[i] >= '0' && s[i] <= '9' || s[i] >= 'a' && s[i] <= 'f') {
			return false
		}
	}
	return s != ""
}

func isUUID(s string) bool {
	parts := strings.Split(s, "-")
	if len(parts) != 5 {
		return false
	}
	for i, n := range []int{8, 4, 4, 4, 12} {
		if len(parts[i]) != n || !isLowerHex(parts[i]) {
			return false
		}
	}
	return true
}
