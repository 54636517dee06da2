package expectations

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const valid = `# known deviations of our mock
deviations:
  - row: users.get.not-found
    reason: the mock answers 400
    link: https://tracker.example.com/MOCK-12
    expires: 2026-12-31
  - row: auth.token-expired
    reason: tokens never expire in the mock
    link: https://tracker.example.com/MOCK-13
    expires: 2026-06-30
`

func on(s string) time.Time {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		panic(err)
	}
	return t.Add(13 * time.Hour)
}

func TestParseReadsEntries(t *testing.T) {
	set, err := Parse([]byte(valid), "deviations.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Entries) != 2 {
		t.Fatalf("got %d entries, want 2", len(set.Entries))
	}
	e, ok := set.Lookup("users.get.not-found")
	if !ok || e.Reason != "the mock answers 400" || e.Link != "https://tracker.example.com/MOCK-12" || e.Expires != "2026-12-31" {
		t.Fatalf("entry = %+v, %v", e, ok)
	}
	if _, ok := set.Lookup("users.delete.not-found"); ok {
		t.Fatal("an unlisted row was found")
	}
}

func TestEmptyFileListsNothing(t *testing.T) {
	for _, doc := range []string{"", "# nothing yet\n", "deviations:\n", "deviations: []\n"} {
		set, err := Parse([]byte(doc), "d.yaml")
		if err != nil || len(set.Entries) != 0 {
			t.Errorf("Parse(%q) = %+v, %v; want an empty set", doc, set, err)
		}
	}
	set, err := Load("", "unset")
	if err != nil || len(set.Entries) != 0 {
		t.Errorf("Load(\"\") = %+v, %v", set, err)
	}
}

func TestExpiryIsInclusiveOfTheLastDay(t *testing.T) {
	set, _ := Parse([]byte(valid), "d.yaml")
	if _, ok := set.Honoured("users.get.not-found", on("2026-12-31")); !ok {
		t.Error("an entry is not honoured on its expiry date")
	}
	if _, ok := set.Honoured("users.get.not-found", on("2027-01-01")); ok {
		t.Error("an entry is honoured the day after its expiry date")
	}
	if _, ok := set.Honoured("users.delete.not-found", on("2026-01-01")); ok {
		t.Error("an unlisted row is honoured")
	}
}

func TestProblemsNameStaleAndExpiredEntries(t *testing.T) {
	set, _ := Parse([]byte(valid), "deviations.yaml")
	outcomes := map[string]Outcome{"users.get.not-found": Passed, "auth.token-expired": Deviated}
	outcome := func(id string) Outcome { return outcomes[id] }

	// 2026-07-15: the first entry is current and stale, the second expired.
	problems := set.Problems(on("2026-07-15"), outcome)
	if len(problems) != 2 {
		t.Fatalf("problems = %q, want two", problems)
	}
	if !strings.Contains(problems[0], "users.get.not-found is stale") || !strings.Contains(problems[0], "remove its entry from deviations.yaml") {
		t.Errorf("stale problem = %q", problems[0])
	}
	if !strings.Contains(problems[1], "auth.token-expired expired on 2026-06-30") || !strings.Contains(problems[1], "MOCK-13") {
		t.Errorf("expired problem = %q", problems[1])
	}

	// A row that deviates as listed, or did not run, is no problem.
	outcomes["users.get.not-found"] = Deviated
	if p := set.Problems(on("2026-01-01"), outcome); len(p) != 0 {
		t.Errorf("problems = %q, want none", p)
	}
	outcomes["users.get.not-found"] = NotRun
	if p := set.Problems(on("2026-01-01"), outcome); len(p) != 0 {
		t.Errorf("problems = %q, want none for a row that did not run", p)
	}
	// An expired entry fails the run even when its row did not run.
	outcomes["auth.token-expired"] = NotRun
	if p := set.Problems(on("2026-07-01"), outcome); len(p) != 1 || !strings.Contains(p[0], "expired") {
		t.Errorf("problems = %q, want the expired entry", p)
	}
}

func TestMalformedEntriesAreRejectedWithOneLineNamingTheEntry(t *testing.T) {
	entry := func(fields string) string {
		return "deviations:\n  - row: users.get.not-found\n    reason: r\n    link: https://x.example/1\n    expires: 2026-12-31\n  -" + fields
	}
	cases := []struct{ name, doc, want string }{
		{"not YAML", "deviations: [", "is not valid YAML"},
		{"top level list", "- row: x\n", "expected a mapping"},
		{"unknown top key", "deviation:\n  - row: x\n", `unknown key "deviation"`},
		{"deviations not a list", "deviations: users.get.not-found\n", "must be a list"},
		{"entry not a mapping", entry(" users.get.not-found\n"), "entry 2 (line 6): is not a mapping"},
		{"missing reason", entry(" row: auth.token-expired\n    link: https://x.example/2\n    expires: 2026-12-31\n"), "entry 2 (line 6): reason is missing"},
		{"missing expires", entry(" row: auth.token-expired\n    reason: r\n    link: https://x.example/2\n"), "entry 2 (line 6): expires is missing"},
		{"unknown row", entry(" row: users.nope\n    reason: r\n    link: https://x.example/2\n    expires: 2026-12-31\n"), `row "users.nope" is not a catalogue ID`},
		{"bad date", entry(" row: auth.token-expired\n    reason: r\n    link: https://x.example/2\n    expires: 31/12/2026\n"), `expires "31/12/2026" is not a date`},
		{"bad link", entry(" row: auth.token-expired\n    reason: r\n    link: MOCK-12\n    expires: 2026-12-31\n"), `link "MOCK-12" is not an http(s) URL`},
		{"unknown field", entry(" row: auth.token-expired\n    reason: r\n    link: https://x.example/2\n    expires: 2026-12-31\n    owner: me\n"), `unknown field "owner"`},
		{"nested value", entry(" row: auth.token-expired\n    reason: [a, b]\n    link: https://x.example/2\n    expires: 2026-12-31\n"), "reason must be a single value"},
		{"duplicate row", entry(" row: users.get.not-found\n    reason: r\n    link: https://x.example/2\n    expires: 2026-12-31\n"), "already listed by entry 1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse([]byte(c.doc), "deviations.yaml")
			if err == nil {
				t.Fatal("accepted")
			}
			msg := err.Error()
			if !strings.Contains(msg, c.want) || !strings.HasPrefix(msg, "deviations.yaml") || strings.Contains(msg, "\n") {
				t.Errorf("error = %q; want one line starting with the file and containing %q", msg, c.want)
			}
		})
	}
}

func TestLoadNamesAnUnreadableFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "missing.yaml"), "IMCONF_EXPECTATIONS=missing.yaml")
	if err == nil || !strings.HasPrefix(err.Error(), "IMCONF_EXPECTATIONS=missing.yaml cannot be read (no such file or directory)") {
		t.Fatalf("error = %v", err)
	}
	path := filepath.Join(t.TempDir(), "d.yaml")
	os.WriteFile(path, []byte(valid), 0o644)
	if set, err := Load(path, "d"); err != nil || len(set.Entries) != 2 {
		t.Fatalf("Load = %+v, %v", set, err)
	}
}
