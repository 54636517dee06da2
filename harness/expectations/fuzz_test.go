package expectations

import (
	"strings"
	"testing"
	"time"

	"github.com/imconform/imconform/harness/catalog"
)

// FuzzParse feeds the expectations reader any file. It must never panic;
// an error is one line that names the file; a loaded set holds only
// complete entries of catalogue rows, one per row, with a date that parses.
func FuzzParse(f *testing.F) {
	f.Add([]byte("deviations:\n  - row: users.get.not-found\n    reason: our mock answers 400\n    link: https://tracker.example.com/MOCK-12\n    expires: 2026-12-31\n"))
	const source = "IMCONF_EXPECTATIONS=deviations.yaml"
	f.Fuzz(func(t *testing.T, data []byte) {
		set, err := Parse(data, source)
		if err != nil {
			msg := err.Error()
			if !strings.HasPrefix(msg, source+" ") || strings.ContainsAny(msg, "\n\r") {
				t.Fatalf("error is not one line naming the file: %q", msg)
			}
			return
		}
		seen := map[string]bool{}
		for _, e := range set.Entries {
			if e.Row == "" || e.Reason == "" || e.Link == "" || e.Expires == "" {
				t.Fatalf("incomplete entry accepted: %+v", e)
			}
			if _, ok := catalog.Get(e.Row); !ok {
				t.Fatalf("entry of unknown row %q accepted", e.Row)
			}
			if seen[e.Row] {
				t.Fatalf("row %s listed twice", e.Row)
			}
			seen[e.Row] = true
			day, perr := time.Parse(DateLayout, e.Expires)
			if perr != nil {
				t.Fatalf("expiry %q accepted: %v", e.Expires, perr)
			}
			if e.Expired(day) || !e.Expired(day.AddDate(0, 0, 1)) {
				t.Fatalf("entry %s expiring %s: honoured on the wrong days", e.Row, e.Expires)
			}
			if got, ok := set.Honoured(e.Row, day); !ok || got.Row != e.Row {
				t.Fatalf("entry %s is not honoured on its last day", e.Row)
			}
		}
		_ = set.Problems(time.Now(), func(string) Outcome { return Passed })
	})
}
