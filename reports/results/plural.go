package results

import (
	"fmt"
	"strings"

	"github.com/imconform/imconform/harness/profile"
)

// Count says "1 spec", "2 specs": n and noun, plural unless n is 1.
func Count(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", noun)
	}
	if strings.HasSuffix(noun, "s") {
		return fmt.Sprintf("%d %ses", n, noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// CountOf says how many rows have verdict v: "53 passed", "2 expected
// deviations" (the one verdict that is a noun).
func CountOf(v Verdict, n int) string {
	if v == Deviation {
		return Count(n, string(v))
	}
	return fmt.Sprintf("%d %s", n, v)
}

// AbsentQualifier names the areas the target's profile declares absent, for
// a result claim: a server that implements part of the API is certified
// for what it implements, and the claim says which areas it left out. (The
// documented default absences are in the certificate's profile.)
func AbsentQualifier(p profile.Profile) string {
	if len(p.Absent) == 0 || !p.AbsentDeclared {
		return ""
	}
	return "; declared absent: " + strings.Join(p.Absent, ", ")
}
