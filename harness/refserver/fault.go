package refserver

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"unicode"

	"github.com/imconform/imconform/harness/catalog"
)

// FaultKind is one way of getting a catalogue row wrong.
type FaultKind string

// The kinds of fault the reference server can inject into one row.
const (
	FaultStatus        FaultKind = "status"         // wrong HTTP status
	FaultErrorType     FaultKind = "error-type"     // wrong `error` value
	FaultText          FaultKind = "text"           // error_description off by one word
	FaultPunctuation   FaultKind = "punctuation"    // error_description off by one punctuation mark
	FaultNotRaised     FaultKind = "not-raised"     // the request succeeds instead
	FaultNonJSON       FaultKind = "non-json"       // an HTML error page
	FaultNoDescription FaultKind = "no-description" // error_description missing
)

// FaultKinds lists every kind, in a stable order.
var FaultKinds = []FaultKind{FaultStatus, FaultErrorType, FaultText, FaultPunctuation, FaultNotRaised, FaultNonJSON, FaultNoDescription}

// AppliesTo reports whether the kind can make row's answer non-conformant.
// When it cannot, the reason says why: a wrong value in a field the document
// leaves open is still a conformant answer, so no spec may fail on it.
func (k FaultKind) AppliesTo(row catalog.Row) (bool, string) {
	switch k {
	case FaultStatus, FaultNotRaised:
		return true, ""
	}
	if !row.HasBody() {
		return false, fmt.Sprintf("the document gives row %s no body (status %d only), so any body conforms", row.ID, row.Status)
	}
	for _, e := range row.Expectations() {
		switch {
		case k == FaultErrorType && e.Error == "":
			return false, "the document gives no `error` type for this row, so any value conforms"
		case (k == FaultText || k == FaultPunctuation || k == FaultNoDescription) && e.Description == "":
			return false, "the document gives no error_description for this row, so any text conforms"
		}
	}
	return true, ""
}

// Fault makes the server answer one catalogue row wrongly, in one way.
type Fault struct {
	ID   string
	Kind FaultKind
}

func (f Fault) String() string { return f.ID + ":" + string(f.Kind) }

// ParseFault reads "row-id:kind".
func ParseFault(s string) (*Fault, error) {
	id, kind, ok := strings.Cut(s, ":")
	if !ok {
		return nil, fmt.Errorf("fault %q is not ROW-ID:KIND", s)
	}
	for _, k := range FaultKinds {
		if string(k) == kind {
			return &Fault{ID: id, Kind: k}, nil
		}
	}
	return nil, fmt.Errorf("fault kind %q is not one of %v", kind, FaultKinds)
}

// ParseFaults reads a comma-separated list of "row-id:kind", one fault per
// row at most, so that one reference server can get many rows wrong (a
// failing run for the reports' own tests).
func ParseFaults(s string) ([]Fault, error) {
	var out []Fault
	seen := map[string]bool{}
	for _, part := range strings.Split(s, ",") {
		f, err := ParseFault(strings.TrimSpace(part))
		if err != nil {
			return nil, err
		}
		if seen[f.ID] {
			return nil, fmt.Errorf("row %s has two faults; give each row one ROW-ID:KIND", f.ID)
		}
		seen[f.ID] = true
		out = append(out, *f)
	}
	return out, nil
}

// Check says why the fault cannot show in the server's answers: an unknown
// row, or a kind the row's documentation leaves open (see AppliesTo).
func (f Fault) Check() error {
	row, ok := catalog.Get(f.ID)
	if !ok {
		return fmt.Errorf("names no catalogue row")
	}
	if ok, why := f.Kind.AppliesTo(row); !ok {
		return fmt.Errorf("cannot make that row wrong (%s)", why)
	}
	return nil
}

func (f Fault) apply(row catalog.Row, a answer) answer {
	switch f.Kind {
	case FaultStatus:
		a.status = wrongStatus(a.status)
	case FaultErrorType:
		a.errType = wrongErrorType(a.errType)
	case FaultText:
		a.description = NearMiss(row, a.description)
	case FaultPunctuation:
		a.description = PunctuationMiss(row, a.description)
	case FaultNotRaised:
		a.succeed = true
	case FaultNonJSON:
		a.nonJSON = true
	case FaultNoDescription:
		a.noDescription = true
	}
	return a
}

// wrongStatus picks a plausible but wrong status for a documented one.
func wrongStatus(s int) int {
	if w, ok := map[int]int{400: 422, 401: 403, 403: 401, 404: 410, 405: 404, 408: 504, 413: 400, 415: 400, 429: 503, 500: 502}[s]; ok {
		return w
	}
	return http.StatusTeapot
}

func wrongErrorType(t string) string {
	if t == "" {
		return "illegal_argument_x"
	}
	return t + "s"
}

// NearMiss changes one word of a row's text the least visible way: two
// adjacent, different letters of its longest word swap places. Only words of
// the row's own wording (canonical or variant, outside placeholders) are
// candidates, so a substituted value such as a username or a {uuid}, which a
// pattern might still match, is never the word changed. The result differs
// from every documented wording of the row, including those that differ only
// in case or punctuation (a unit test checks every row and variant).
func NearMiss(row catalog.Row, text string) string {
	literal := map[string]bool{}
	for _, e := range row.Expectations() {
		for _, w := range words([]rune(placeholderRE.ReplaceAllString(e.Description, " "))) {
			literal[w] = true
		}
	}
	r := []rune(text)
	bestStart, bestLen := -1, 0
	for _, sp := range wordSpans(r) {
		i, j := sp[0], sp[1]
		if j-i > bestLen && literal[string(r[i:j])] && hasSwappablePair(r[i:j]) {
			bestStart, bestLen = i, j-i
		}
	}
	if bestStart < 0 {
		// No word of the document's own: still a near miss, by one word added.
		return text + " altered"
	}
	w := r[bestStart : bestStart+bestLen]
	for k := len(w) / 2; k < len(w)-1; k++ {
		if unicode.ToLower(w[k]) != unicode.ToLower(w[k+1]) {
			w[k], w[k+1] = w[k+1], w[k]
			return string(r)
		}
	}
	for k := 0; k < len(w)-1; k++ {
		if unicode.ToLower(w[k]) != unicode.ToLower(w[k+1]) {
			w[k], w[k+1] = w[k+1], w[k]
			break
		}
	}
	return string(r)
}

// PunctuationMiss changes the final punctuation of a row's text: the final
// mark dropped (or a dot added where there is none), the way real servers most
// often differ, unless a documented wording of the row allows exactly that
// (many rows document a variant without the final dot); then the final mark
// is swapped for another ("." and "!"). A matcher that trims or ignores
// punctuation fails on it.
func PunctuationMiss(row catalog.Row, text string) string {
	var candidates []string
	switch last := text[max(len(text)-1, 0):]; last {
	case ".", "!", "?":
		other := map[string]string{".": "!", "!": ".", "?": "."}[last]
		body := strings.TrimSuffix(text, last)
		candidates = []string{body, body + other}
	default:
		candidates = []string{text + ".", text + "!"}
	}
	for _, c := range candidates {
		if !anyWording(row, c) {
			return c
		}
	}
	return text + ".!" // no row documents both; the unit test keeps this unreached
}

// anyWording reports whether text could be one of row's documented wordings,
// whatever the values of its placeholders, as long as no value ends in a
// sentence mark (names, IDs and app keys do not).
func anyWording(row catalog.Row, text string) bool {
	for _, e := range row.Expectations() {
		parts := placeholderRE.Split(e.Description, -1)
		for i, p := range parts {
			parts[i] = regexp.QuoteMeta(p)
		}
		if regexp.MustCompile(`\A(?s:` + strings.Join(parts, `(?:.*[^.!?])?`) + `)\z`).MatchString(text) {
			return true
		}
	}
	return false
}

var placeholderRE = regexp.MustCompile(`\{[a-z_]+\}`)

// words are the maximal runs of letters in r.
func words(r []rune) []string {
	var out []string
	for _, sp := range wordSpans(r) {
		out = append(out, string(r[sp[0]:sp[1]]))
	}
	return out
}

// wordSpans are the [start, end) indexes of the maximal runs of letters in r.
func wordSpans(r []rune) [][2]int {
	var out [][2]int
	for i := 0; i < len(r); {
		if !unicode.IsLetter(r[i]) {
			i++
			continue
		}
		j := i
		for j < len(r) && unicode.IsLetter(r[j]) {
			j++
		}
		out = append(out, [2]int{i, j})
		i = j
	}
	return out
}

func hasSwappablePair(w []rune) bool {
	for k := 0; k < len(w)-1; k++ {
		if unicode.ToLower(w[k]) != unicode.ToLower(w[k+1]) {
			return true
		}
	}
	return false
}

// faultOn is the fault the options put on row id, if any.
func (o Options) faultOn(id string) *Fault {
	if o.Fault != nil && o.Fault.ID == id {
		return o.Fault
	}
	for i := range o.Faults {
		if o.Faults[i].ID == id {
			return &o.Faults[i]
		}
	}
	return nil
}
