package refserver

import (
	"fmt"
	"net/http"
	"strings"
	"unicode"
)

// FaultKind is one way of getting a catalogue row wrong.
type FaultKind string

// The kinds of fault the reference server can inject into one row.
const (
	FaultStatus        FaultKind = "status"         // wrong HTTP status
	FaultErrorType     FaultKind = "error-type"     // wrong `error` value
	FaultText          FaultKind = "text"           // error_description off by one word
	FaultNotRaised     FaultKind = "not-raised"     // the request succeeds instead
	FaultNonJSON       FaultKind = "non-json"       // an HTML error page
	FaultNoDescription FaultKind = "no-description" // error_description missing
)

// FaultKinds lists every kind, in a stable order.
var FaultKinds = []FaultKind{FaultStatus, FaultErrorType, FaultText, FaultNotRaised, FaultNonJSON, FaultNoDescription}

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

func (f Fault) apply(a answer) answer {
	switch f.Kind {
	case FaultStatus:
		a.status = wrongStatus(a.status)
	case FaultErrorType:
		a.errType = wrongErrorType(a.errType)
	case FaultText:
		a.description = NearMiss(a.description)
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

// NearMiss changes one word of text the least visible way: two adjacent,
// different letters of its longest word swap places. The result differs from
// the text and from any wording that differs only in case or punctuation.
func NearMiss(text string) string {
	r := []rune(text)
	bestStart, bestLen := -1, 0
	for i := 0; i < len(r); {
		if !unicode.IsLetter(r[i]) {
			i++
			continue
		}
		j := i
		for j < len(r) && unicode.IsLetter(r[j]) {
			j++
		}
		if j-i > bestLen && hasSwappablePair(r[i:j]) {
			bestStart, bestLen = i, j-i
		}
		i = j
	}
	if bestStart < 0 {
		return text + " (altered)"
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

func hasSwappablePair(w []rune) bool {
	for k := 0; k < len(w)-1; k++ {
		if unicode.ToLower(w[k]) != unicode.ToLower(w[k+1]) {
			return true
		}
	}
	return false
}
