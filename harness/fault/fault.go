// Package fault names the ways a server can get a catalogue row wrong:
// the fault kinds of mutation testing, which the reference server injects
// and the mutation driver and settings name.
package fault

import (
	"fmt"
	"strings"

	"github.com/imconform/imconform/harness/catalog"
)

// Kind is one way of getting a catalogue row wrong.
type Kind string

// The kinds of fault the reference server can inject into one row.
const (
	Status        Kind = "status"         // wrong HTTP status
	ErrorType     Kind = "error-type"     // wrong `error` value
	Text          Kind = "text"           // error_description off by one word
	Punctuation   Kind = "punctuation"    // error_description off by one punctuation mark
	NotRaised     Kind = "not-raised"     // the request succeeds instead
	NonJSON       Kind = "non-json"       // an HTML error page
	NoDescription Kind = "no-description" // error_description missing
)

// Kinds lists every kind, in a stable order.
var Kinds = []Kind{Status, ErrorType, Text, Punctuation, NotRaised, NonJSON, NoDescription}

// AppliesTo reports whether the kind can make row's answer non-conformant.
// When it cannot, the reason says why: a wrong value in a field the document
// leaves open is still a conformant answer, so no spec may fail on it.
func (k Kind) AppliesTo(row catalog.Row) (bool, string) {
	switch k {
	case Status, NotRaised:
		return true, ""
	}
	if !row.HasBody() {
		return false, fmt.Sprintf("the document gives row %s no body (status %d only), so any body conforms", row.ID, row.Status)
	}
	for _, e := range row.Expectations() {
		switch {
		case k == ErrorType && e.Error == "":
			return false, "the document gives no `error` type for this row, so any value conforms"
		case (k == Text || k == Punctuation || k == NoDescription) && e.Description == "":
			return false, "the document gives no error_description for this row, so any text conforms"
		}
	}
	return true, ""
}

// Fault makes the server answer one catalogue row wrongly, in one way.
type Fault struct {
	ID   string
	Kind Kind
}

func (f Fault) String() string { return f.ID + ":" + string(f.Kind) }

// Parse reads "row-id:kind".
func Parse(s string) (*Fault, error) {
	id, kind, ok := strings.Cut(s, ":")
	if !ok {
		return nil, fmt.Errorf("fault %q is not ROW-ID:KIND", s)
	}
	for _, k := range Kinds {
		if string(k) == kind {
			return &Fault{ID: id, Kind: k}, nil
		}
	}
	return nil, fmt.Errorf("fault kind %q is not one of %v", kind, Kinds)
}

// ParseList reads a comma-separated list of "row-id:kind", one fault per
// row at most, so that one reference server can get many rows wrong (a
// failing run for the reports' own tests).
func ParseList(s string) ([]Fault, error) {
	var out []Fault
	seen := map[string]bool{}
	for _, part := range strings.Split(s, ",") {
		f, err := Parse(strings.TrimSpace(part))
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
