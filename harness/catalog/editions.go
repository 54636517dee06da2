package catalog

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
)

// The catalogue has two editions of every row's wording. The document
// edition is the canonical wording (the catalogue's own, from the summary
// page); the live edition is what the current service sends, where the
// per-API docs or captured responses say otherwise (live.tsv). Every live
// wording is one of the row's accepted wordings, so the default mode of the
// matcher accepts both editions.
const (
	EditionDocument = "document"
	EditionLive     = "live"
)

// Editions lists the editions, the default of the suite's own reference first.
var Editions = []string{EditionDocument, EditionLive}

// CheckEdition reports whether name is an edition, with a sentence saying
// which ones there are.
func CheckEdition(name string) error {
	for _, e := range Editions {
		if name == e {
			return nil
		}
	}
	return fmt.Errorf("%q is not an edition; use %s", name, strings.Join(Editions, " or "))
}

//go:embed live.tsv
var liveTSV []byte

// Live is the row's wording in the live edition: the document's where the
// row is not listed in live.tsv.
func (r Row) Live() Expectation {
	if r.live == nil {
		return Expectation{Name: r.canonicalName(), Status: r.Status, Error: r.Error, Description: r.Description}
	}
	return r.expectation(*r.live, r.liveName())
}

// LiveSource is where the live wording comes from; empty when the live
// edition keeps the document's wording.
func (r Row) LiveSource() string {
	if r.live == nil {
		return ""
	}
	return r.live.Source
}

// Wording is the row's wording in edition (EditionDocument or EditionLive).
func (r Row) Wording(edition string) Expectation {
	if edition == EditionLive {
		return r.Live()
	}
	return r.Expectations()[0]
}

// canonicalName names the document's wording: it is the live one too when
// live.tsv does not list the row.
func (r Row) canonicalName() string {
	if r.live == nil {
		return CanonicalName + ", " + EditionLive
	}
	return CanonicalName
}

func (r Row) liveName() string { return EditionLive + " (" + r.live.Source + ")" }

// parseLive reads live.tsv into the rows: each line must name a known row
// once and word it as the row's canonical text or one of its variants do.
func parseLive(data []byte, c *catalogue) error {
	recs, err := readTSV(data, 5)
	if err != nil {
		return fmt.Errorf("live.tsv: %w", err)
	}
	for i, rec := range recs {
		idx, ok := c.byID[rec[0]]
		if !ok {
			return fmt.Errorf("live.tsv line %d: unknown id %q", i+2, rec[0])
		}
		row := &c.rows[idx]
		if row.live != nil {
			return fmt.Errorf("live.tsv line %d: %s is listed twice", i+2, rec[0])
		}
		v := Variant{Error: rec[2], Description: unescape(rec[3]), Source: rec[4]}
		if rec[1] != "" {
			if v.Status, err = strconv.Atoi(rec[1]); err != nil {
				return fmt.Errorf("live.tsv line %d: status %q is not a number", i+2, rec[1])
			}
		}
		if v.Source == "" {
			return fmt.Errorf("live.tsv line %d: %s has no source", i+2, rec[0])
		}
		want := row.expectation(v, "")
		if want.Status == row.Status && want.Error == row.Error && want.Description == row.Description {
			return fmt.Errorf("live.tsv line %d: %s's live wording is its canonical one; remove the line", i+2, rec[0])
		}
		accepted := false
		for _, e := range row.Expectations() {
			if e.Status == want.Status && e.Error == want.Error && e.Description == want.Description {
				accepted = true
				break
			}
		}
		if !accepted {
			return fmt.Errorf("live.tsv line %d: %s's live wording %d %q %q is neither its canonical wording nor a variant; add it to observed-variants.tsv first", i+2, rec[0], want.Status, want.Error, want.Description)
		}
		row.live = &v
	}
	return nil
}
