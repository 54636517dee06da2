// Package labelfilter checks a Ginkgo label filter against the suite: a
// filter that selects no spec, or names a row ID or label that no spec
// carries, is a typo, and a typo must not pass as a green run.
package labelfilter

import (
	"fmt"
	"sort"
	"strings"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/suggest"
)

// Names are the label names a filter mentions, lower case as Ginkgo matches
// them, in order and without duplicates. Regular expressions (/.../) and
// label-set expressions (key: op {...}) name no single label and are left
// out.
func Names(filter string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		s = strings.ToLower(strings.TrimSpace(s))
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	var cur strings.Builder
	flush := func() { add(cur.String()); cur.Reset() }
	runes := []rune(filter)
	for i := 0; i < len(runes); i++ {
		switch r := runes[i]; r {
		case '&', '|', '!', ',', '(', ')':
			flush()
		case '/': // a regular expression: skip to its end
			flush()
			for i++; i < len(runes) && runes[i] != '/'; i++ {
			}
		case ':':
			if i+1 < len(runes) && runes[i+1] == ' ' { // a label-set expression: skip to the next operator
				cur.Reset()
				for i++; i < len(runes) && !strings.ContainsRune("&|!,()", runes[i]); i++ {
					if runes[i] == '{' {
						for ; i < len(runes) && runes[i] != '}'; i++ {
						}
					}
				}
				i--
				continue
			}
			cur.WriteRune(r)
		default:
			cur.WriteRune(r)
		}
	}
	flush()
	return out
}

// looksLikeRowID: every catalogue ID is area.what[.how]; no other label
// has a dot.
func looksLikeRowID(name string) bool { return strings.Contains(name, ".") }

func rowIDs() []string {
	var ids []string
	for _, r := range catalog.All() {
		ids = append(ids, r.ID)
	}
	return ids
}

func rowExists(name string) bool {
	for _, r := range catalog.All() {
		if strings.EqualFold(r.ID, name) {
			return true
		}
	}
	return false
}

func unknownRow(name string) string {
	msg := fmt.Sprintf("%s, which is not a catalogue row ID", name)
	if near := suggest.Closest(name, rowIDs()); near != "" {
		msg += fmt.Sprintf(" (did you mean %s?)", near)
	}
	return msg
}

// BeforeRun checks a filter before any spec runs, knowing how many specs it
// selects: it names a row ID the catalogue does not have, or says that the
// filter selects no spec. "" when the filter is fine so far.
func BeforeRun(filter string, selected, total int) string {
	if strings.TrimSpace(filter) == "" {
		return ""
	}
	names := Names(filter)
	for _, n := range names {
		if looksLikeRowID(n) && !rowExists(n) {
			return fmt.Sprintf("imconform: the label filter %q names %s; fix the filter", filter, unknownRow(n))
		}
	}
	if selected > 0 || total == 0 {
		return ""
	}
	var why []string
	for _, n := range names {
		if rowExists(n) {
			why = append(why, fmt.Sprintf("%s is a catalogue row this suite version has no spec for", n))
		}
	}
	var other []string
	for _, n := range names {
		if !rowExists(n) {
			other = append(other, n)
		}
	}
	if len(other) > 0 {
		why = append(why, fmt.Sprintf("%s %s no catalogue row ID (labels are row IDs like users.get.not-found, or slow, quota, ratelimit, destructive)", strings.Join(other, ", "), isAre(len(other))))
	}
	msg := fmt.Sprintf("imconform: the label filter %q selects none of the %d specs", filter, total)
	if len(why) > 0 {
		msg += ": " + strings.Join(why, "; ")
	}
	return msg + "; fix the filter"
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

// AfterRun checks a filter against the labels of every spec of the suite
// (those the filter left out included, as Ginkgo reports them): a name that
// is neither a label of any spec nor a catalogue row ID is a typo that
// happened to leave other specs selected (a problem of the run, so without
// the "imconform: " of a console line). "" when every name is known, or
// when no spec was reported (the run stopped before, and said why).
func AfterRun(filter string, specLabels [][]string) string {
	if strings.TrimSpace(filter) == "" || len(specLabels) == 0 {
		return ""
	}
	known := map[string]bool{}
	var candidates []string
	for _, labels := range specLabels {
		for _, l := range labels {
			if k := strings.ToLower(l); !known[k] {
				known[k] = true
				candidates = append(candidates, l)
			}
		}
	}
	sort.Strings(candidates)
	for _, n := range Names(filter) {
		if known[n] || rowExists(n) {
			continue
		}
		msg := fmt.Sprintf("the label filter %q names %s, which is no spec's label and no catalogue row ID", filter, n)
		if near := suggest.Closest(n, append(candidates, rowIDs()...)); near != "" {
			msg += fmt.Sprintf(" (did you mean %s?)", near)
		}
		return msg + "; fix the filter"
	}
	return ""
}
