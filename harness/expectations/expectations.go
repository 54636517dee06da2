// Package expectations reads a target's file of expected deviations: rows
// it is known to get wrong, each with a reason, a link and an expiry date.
// A listed row that deviates is reported as an expected deviation and does
// not fail the run; a listed row that passes is a stale entry, and an entry
// past its expiry date is expired: both fail the run.
//
// The file is YAML:
//
//	deviations:
//	  - row: users.get.not-found
//	    reason: our mock answers 400 instead of 404
//	    link: https://tracker.example.com/MOCK-12
//	    expires: 2026-12-31
package expectations

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/imconform/imconform/harness/catalog"
)

// DateLayout is how expiry dates are written.
const DateLayout = "2006-01-02"

// Entry is one expected deviation.
type Entry struct {
	Row    string `json:"row"`
	Reason string `json:"reason"`
	Link   string `json:"link"`
	// Expires is the last day (UTC) the entry is honoured.
	Expires string `json:"expires"`
	expires time.Time
}

// Expired reports whether the entry is past its expiry date on day now.
func (e Entry) Expired(now time.Time) bool {
	return day(now).After(e.expires)
}

func day(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Set is a loaded file of expected deviations; the zero Set lists nothing.
type Set struct {
	// Source names the file in messages.
	Source  string
	Entries []Entry
}

// Lookup returns the entry for row id.
func (s Set) Lookup(id string) (Entry, bool) {
	for _, e := range s.Entries {
		if e.Row == id {
			return e, true
		}
	}
	return Entry{}, false
}

// Honoured returns the entry for row id when it is listed and not expired
// on day now: only then may the row deviate without failing its spec.
func (s Set) Honoured(id string, now time.Time) (Entry, bool) {
	e, ok := s.Lookup(id)
	if !ok || e.Expired(now) {
		return Entry{}, false
	}
	return e, true
}

// Load reads the file at path; an empty path is an empty Set. source is
// how messages name the file (like "IMCONF_EXPECTATIONS=deviations.yaml").
func Load(path, source string) (Set, error) {
	if path == "" {
		return Set{}, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return Set{}, fmt.Errorf("%s cannot be read (%v); point it at a YAML file of expected deviations or unset it", source, err)
	}
	return Parse(data, source)
}

// Parse reads the YAML of a file of expected deviations. Every error is one
// line naming the entry and what to fix.
func Parse(data []byte, source string) (Set, error) {
	set := Set{Source: source}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg := strings.SplitN(err.Error(), "\n", 2)[0]
		return Set{}, fmt.Errorf("%s is not valid YAML (%s); fix the file", source, strings.TrimPrefix(msg, "yaml: "))
	}
	if len(doc.Content) == 0 {
		return set, nil // an empty file lists nothing
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return Set{}, fmt.Errorf("%s line %d: expected a mapping with a \"deviations\" list; see README.md, Reports", source, root.Line)
	}
	var list *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		k := root.Content[i]
		if k.Value != "deviations" {
			return Set{}, fmt.Errorf("%s line %d: unknown key %q; the file holds one key, \"deviations\"", source, k.Line, k.Value)
		}
		list = root.Content[i+1]
	}
	if list == nil || (list.Kind == yaml.ScalarNode && list.Tag == "!!null") {
		return set, nil
	}
	if list.Kind != yaml.SequenceNode {
		return Set{}, fmt.Errorf("%s line %d: \"deviations\" must be a list of entries (row, reason, link, expires)", source, list.Line)
	}
	seen := map[string]int{}
	for i, node := range list.Content {
		e, err := parseEntry(node)
		if err != nil {
			return Set{}, fmt.Errorf("%s entry %d (line %d): %v", source, i+1, node.Line, err)
		}
		if prev, dup := seen[e.Row]; dup {
			return Set{}, fmt.Errorf("%s entry %d (line %d): row %s is already listed by entry %d; keep one entry per row", source, i+1, node.Line, e.Row, prev)
		}
		seen[e.Row] = i + 1
		set.Entries = append(set.Entries, e)
	}
	return set, nil
}

func parseEntry(node *yaml.Node) (Entry, error) {
	if node.Kind != yaml.MappingNode {
		return Entry{}, errors.New("is not a mapping; give row, reason, link and expires")
	}
	var e Entry
	fields := map[string]*string{"row": &e.Row, "reason": &e.Reason, "link": &e.Link, "expires": &e.Expires}
	for i := 0; i+1 < len(node.Content); i += 2 {
		k, v := node.Content[i], node.Content[i+1]
		dst, ok := fields[k.Value]
		if !ok {
			return Entry{}, fmt.Errorf("unknown field %q; an entry has row, reason, link and expires", k.Value)
		}
		if v.Kind != yaml.ScalarNode {
			return Entry{}, fmt.Errorf("%s must be a single value", k.Value)
		}
		*dst = strings.TrimSpace(v.Value)
	}
	for _, name := range []string{"row", "reason", "link", "expires"} {
		if *fields[name] == "" {
			return Entry{}, fmt.Errorf("%s is missing; an entry has row, reason, link and expires", name)
		}
	}
	if _, ok := catalog.Get(e.Row); !ok {
		return Entry{}, fmt.Errorf("row %q is not a catalogue ID; use an ID from harness/catalog/catalog.tsv", e.Row)
	}
	if u, err := url.Parse(e.Link); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Entry{}, fmt.Errorf("row %s: link %q is not an http(s) URL; link the issue that tracks the deviation", e.Row, e.Link)
	}
	t, err := time.Parse(DateLayout, e.Expires)
	if err != nil {
		return Entry{}, fmt.Errorf("row %s: expires %q is not a date like 2026-12-31", e.Row, e.Expires)
	}
	e.expires = t
	return e, nil
}

// Outcome is what a listed row did in a run, as far as its entry cares.
type Outcome int

// Outcomes of a listed row in a run.
const (
	NotRun   Outcome = iota // the row's specs did not run (filtered, skipped, no spec)
	Passed                  // every spec of the row matched the documented error
	Deviated                // at least one spec saw the deviation
	Failed                  // a spec failed (an expired entry is not honoured)
)

// Problems lists what fails the run: entries past their expiry date and
// entries whose row passed (stale). outcome gives each row's outcome.
func (s Set) Problems(now time.Time, outcome func(id string) Outcome) []string {
	var out []string
	for _, e := range s.Entries {
		switch {
		case e.Expired(now):
			out = append(out, fmt.Sprintf("expected deviation of %s expired on %s (%s, %s): fix the row or renew the entry in %s", e.Row, e.Expires, e.Reason, e.Link, s.Source))
		case outcome(e.Row) == Passed:
			out = append(out, fmt.Sprintf("expected deviation of %s is stale: the row passes now; remove its entry from %s", e.Row, s.Source))
		}
	}
	return out
}

// Today is the day expected deviations are judged against.
func Today() time.Time { return time.Now().UTC() }
