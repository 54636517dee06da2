package framework

import (
	"slices"
	"strings"

	"github.com/imconform/imconform/harness/catalog"
)

// specAreas are the API areas a spec with these labels belongs to: those of
// its area: labels, and those of the catalogue rows its row-ID labels name
// (so a spec is placed even without an area: label).
func specAreas(labels []string) []string {
	var areas []string
	add := func(a string) {
		if a != "" && !slices.Contains(areas, a) {
			areas = append(areas, a)
		}
	}
	for _, l := range labels {
		if a, ok := strings.CutPrefix(l, AreaLabelPrefix); ok {
			add(a)
		} else if r, ok := catalog.Get(l); ok {
			add(r.Area)
		}
	}
	return areas
}

// absentReason says why a spec with these labels does not run because the
// target's profile has its area (or the capability its cost label
// provokes: ratelimit, quota) absent; "" when it may run. With declared
// only, it answers only for an absent list the user declared.
func (t Target) absentReason(labels []string, declared bool) string {
	if declared && !t.Profile.AbsentDeclared {
		return ""
	}
	needs := specAreas(labels)
	for _, l := range []string{LabelRateLimit, LabelQuota} {
		if slices.Contains(labels, l) && !slices.Contains(needs, l) {
			needs = append(needs, l)
		}
	}
	for _, a := range needs {
		if !t.Profile.Has(a) {
			return t.Profile.AbsentReason(a)
		}
	}
	return ""
}
