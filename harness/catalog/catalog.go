// Package catalog is the error catalogue: the documented errors this suite
// checks, with stable IDs, as data embedded in the binary.
//
// catalog.tsv, endpoints.tsv and variants.tsv are byte-for-byte copies of
// the files of the same names in ../shared (a test keeps them in step):
// the documented error rows, the documented REST operations, and the other
// wordings the per-API docs print. observed-variants.tsv is the project's
// own list of wordings real servers are known to send (captures, other doc
// pages); decisions.tsv records what this project decided where the sources
// leave a choice.
package catalog

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

//go:embed catalog.tsv
var catalogTSV []byte

//go:embed variants.tsv
var variantsTSV []byte

//go:embed observed-variants.tsv
var observedVariantsTSV []byte

//go:embed endpoints.tsv
var endpointsTSV []byte

//go:embed decisions.tsv
var decisionsTSV []byte

// Provokable values of the catalogue's provokable column.
const (
	ProvokableYes      = "yes"
	ProvokableInferred = "inferred"
	ProvokableProfile  = "profile"
	ProvokableNo       = "no"
)

// Row is one documented error.
type Row struct {
	ID          string
	Status      int
	Error       string // may be empty: the document gives no error type
	Description string // canonical text (the document's), may hold {placeholders}
	Trigger     string
	Provokable  string
	Notes       string
	// Area is the API area of the row (users, groups, ...): every spec of
	// the row carries it as the label area:<Area>.
	Area string
	// Endpoints are the documented operations ("METHOD /{org}/{app}/...")
	// whose error tables list the row.
	Endpoints []string
	// Source names the document the row comes from (catalog-notes.md).
	Source   string
	Decision string // this project's decision where the sources leave a choice
	Variants []Variant
}

// Variant is another wording a real server is known to send for a row. Empty
// fields inherit the row's canonical value.
type Variant struct {
	Status      int
	Error       string
	Description string
	Source      string
}

// Expectation is one acceptable (status, error, description) triple of a row.
type Expectation struct {
	Name        string // "canonical" or "variant N: <source>"
	Status      int
	Error       string
	Description string
}

// CanonicalName names the document's own wording among a row's expectations.
const CanonicalName = "canonical"

// Testable reports whether a client can provoke the row at all.
func (r Row) Testable() bool { return r.Provokable != ProvokableNo }

// HasBody reports whether the document gives an error body for the row; rows
// without one (405, 408, 5xx gateway rows) are asserted on status only.
func (r Row) HasBody() bool { return r.Error != "" || r.Description != "" }

// Expectations lists the canonical wording first, then the known variants.
func (r Row) Expectations() []Expectation {
	out := []Expectation{{Name: CanonicalName, Status: r.Status, Error: r.Error, Description: r.Description}}
	for i, v := range r.Variants {
		out = append(out, r.expectation(v, fmt.Sprintf("variant %d (%s)", i+1, v.Source)))
	}
	return out
}

// expectation is v with the row's values where v leaves a field empty.
func (r Row) expectation(v Variant, name string) Expectation {
	e := Expectation{Name: name, Status: r.Status, Error: r.Error, Description: r.Description}
	if v.Status != 0 {
		e.Status = v.Status
	}
	if v.Error != "" {
		e.Error = v.Error
	}
	if v.Description != "" {
		e.Description = v.Description
	}
	return e
}

type catalogue struct {
	rows      []Row
	byID      map[string]int
	endpoints []Endpoint
	err       error
	hash      string
}

var (
	loadOnce sync.Once
	loaded   catalogue
)

func load() *catalogue {
	loadOnce.Do(func() {
		loaded = parseAll(catalogTSV, [][]byte{variantsTSV, observedVariantsTSV}, decisionsTSV, endpointsTSV)
	})
	if loaded.err != nil {
		// The data is embedded at build time; a parse error is a build defect
		// that every test reports, not a runtime condition.
		panic("catalog: " + loaded.err.Error())
	}
	return &loaded
}

func parseAll(rowsData []byte, variantFiles [][]byte, decisionsData, endpointsData []byte) catalogue {
	c := catalogue{byID: map[string]int{}}
	sum := sha256.Sum256(rowsData)
	c.hash = "sha256:" + hex.EncodeToString(sum[:])

	recs, err := readTSV(rowsData, 10)
	if err != nil {
		c.err = fmt.Errorf("catalog.tsv: %w", err)
		return c
	}
	for i, rec := range recs {
		status, err := strconv.Atoi(rec[1])
		if err != nil {
			c.err = fmt.Errorf("catalog.tsv line %d: status %q is not a number", i+2, rec[1])
			return c
		}
		id := rec[0]
		if _, dup := c.byID[id]; dup {
			c.err = fmt.Errorf("catalog.tsv line %d: duplicate id %q", i+2, id)
			return c
		}
		switch rec[5] {
		case ProvokableYes, ProvokableInferred, ProvokableProfile, ProvokableNo:
		default:
			c.err = fmt.Errorf("catalog.tsv line %d: provokable %q is not yes, inferred, profile or no", i+2, rec[5])
			return c
		}
		c.byID[id] = len(c.rows)
		c.rows = append(c.rows, Row{
			ID: id, Status: status, Error: rec[2], Description: unescape(rec[3]),
			Trigger: rec[4], Provokable: rec[5], Notes: rec[6],
			Area: rec[7], Endpoints: splitList(rec[8]), Source: rec[9],
		})
	}

	for n, data := range variantFiles {
		name := []string{"variants.tsv", "observed-variants.tsv"}[n]
		vrecs, err := readTSV(data, 5)
		if err != nil {
			c.err = fmt.Errorf("%s: %w", name, err)
			return c
		}
		for i, rec := range vrecs {
			idx, ok := c.byID[rec[0]]
			if !ok {
				c.err = fmt.Errorf("%s line %d: unknown id %q", name, i+2, rec[0])
				return c
			}
			v := Variant{Error: rec[2], Description: unescape(rec[3]), Source: rec[4]}
			if rec[1] != "" {
				if v.Status, err = strconv.Atoi(rec[1]); err != nil {
					c.err = fmt.Errorf("%s line %d: status %q is not a number", name, i+2, rec[1])
					return c
				}
			}
			c.rows[idx].addVariant(v)
		}
	}

	if c.endpoints, c.err = parseEndpoints(endpointsData, c.byID); c.err != nil {
		return c
	}

	drecs, err := readTSV(decisionsData, 2)
	if err != nil {
		c.err = fmt.Errorf("decisions.tsv: %w", err)
		return c
	}
	for i, rec := range drecs {
		idx, ok := c.byID[rec[0]]
		if !ok {
			c.err = fmt.Errorf("decisions.tsv line %d: unknown id %q", i+2, rec[0])
			return c
		}
		c.rows[idx].Decision = rec[1]
	}
	return c
}

func readTSV(data []byte, fields int) ([][]string, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = '\t'
	r.LazyQuotes = true
	r.FieldsPerRecord = fields
	var out [][]string
	header := true
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		if header {
			header = false
			continue
		}
		out = append(out, rec)
	}
}

// addVariant adds v unless it words the row exactly as the canonical text or
// an earlier variant does (the shared and the observed lists overlap).
func (r *Row) addVariant(v Variant) {
	e := r.expectation(v, "")
	for _, have := range r.Expectations() {
		if have.Status == e.Status && have.Error == e.Error && have.Description == e.Description {
			return
		}
	}
	r.Variants = append(r.Variants, v)
}

// splitList reads a catalogue list cell: items separated by ";".
func splitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ";") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// unescape turns the catalogue's literal "\n" into the newline real servers send.
func unescape(s string) string { return strings.ReplaceAll(s, `\n`, "\n") }

// All returns every row in catalogue order.
func All() []Row {
	c := load()
	out := make([]Row, len(c.rows))
	copy(out, c.rows)
	return out
}

// Get returns the row with the given ID.
func Get(id string) (Row, bool) {
	c := load()
	i, ok := c.byID[id]
	if !ok {
		return Row{}, false
	}
	return c.rows[i], true
}

// MustGet returns the row with the given ID and panics on an unknown ID: an
// unknown ID in a spec is a programming error caught when the spec tree is built.
func MustGet(id string) Row {
	r, ok := Get(id)
	if !ok {
		panic(fmt.Sprintf("catalog: unknown id %q (see harness/catalog/catalog.tsv)", id))
	}
	return r
}

// Digest identifies the catalogue data a run used (SHA-256 of catalog.tsv).
func Digest() string { return load().hash }

// Vars are the values a spec substitutes for a row's placeholders.
type Vars map[string]string

// volatile placeholders vary per request on real servers; they are matched as
// patterns and never need a value from the spec.
var volatile = map[string]string{
	"hash": `[0-9a-f]{1,8}`,
	"uuid": `[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`,
}

var placeholder = regexp.MustCompile(`\{([a-z_]+)\}`)

// Pattern compiles a description template into an anchored regexp: literal
// text must match exactly, {name} is replaced by vars[name] (quoted), and
// volatile placeholders ({hash}, {uuid}) match their pattern.
func Pattern(template string, vars Vars) (*regexp.Regexp, error) {
	var b strings.Builder
	b.WriteString(`\A`)
	last := 0
	for _, m := range placeholder.FindAllStringSubmatchIndex(template, -1) {
		b.WriteString(regexp.QuoteMeta(template[last:m[0]]))
		name := template[m[2]:m[3]]
		if v, ok := vars[name]; ok {
			if !utf8.ValidString(v) {
				// No JSON answer can hold it: decoding turns such bytes into U+FFFD.
				return nil, fmt.Errorf("the spec's value for {%s} is not valid UTF-8 (%q), so no answer can carry it", name, v)
			}
			b.WriteString(regexp.QuoteMeta(v))
		} else if p, ok := volatile[name]; ok {
			b.WriteString(p)
		} else {
			return nil, fmt.Errorf("the spec gave no value for {%s} in %q", name, template)
		}
		last = m[1]
	}
	b.WriteString(regexp.QuoteMeta(template[last:]))
	b.WriteString(`\z`)
	return regexp.Compile(b.String())
}

// Render substitutes vars into a template; used by servers that produce the
// text. A placeholder without a value is left as written.
func Render(template string, vars Vars) string {
	return placeholder.ReplaceAllStringFunc(template, func(m string) string {
		if v, ok := vars[m[1:len(m)-1]]; ok {
			return v
		}
		return m
	})
}
