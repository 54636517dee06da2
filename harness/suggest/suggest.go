// Package suggest finds the known name closest to a mistyped one, so a
// one-line error can say "did you mean ...".
package suggest

import "strings"

// Closest returns the candidate nearest to name by edit distance (case
// ignored), or "" when none is near enough to be a plausible typo: within
// a third of the longer name's length, and at least 2 edits.
func Closest(name string, candidates []string) string {
	best, bestDist := "", -1
	n := strings.ToLower(name)
	for _, c := range candidates {
		d := distance(n, strings.ToLower(c))
		if bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	if best == "" {
		return ""
	}
	limit := max(len(n), len(best)) / 3
	if limit < 2 {
		limit = 2
	}
	if bestDist > limit {
		return ""
	}
	return best
}

// distance is the Levenshtein distance of a and b (bytes).
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
