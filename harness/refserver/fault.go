package refserver

import (
	"github.com/imconform/imconform/harness/fault"
	"net/http"
	"regexp"
	"strings"
	"unicode"

	"github.com/imconform/imconform/harness/catalog"
)

// applyFault makes answer a wrong in the way f says.
func applyFault(f fault.Fault, row catalog.Row, a answer) answer {
	switch f.Kind {
	case fault.Status:
		a.status = wrongStatus(a.status)
	case fault.ErrorType:
		a.errType = wrongErrorType(a.errType)
	case fault.Text:
		a.description = NearMiss(row, a.description)
	case fault.Punctuation:
		a.description = PunctuationMiss(row, a.description)
	case fault.NotRaised:
		a.succeed = true
	case fault.NonJSON:
		a.nonJSON = true
	case fault.NoDescription:
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
func (o Options) faultOn(id string) *fault.Fault {
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
