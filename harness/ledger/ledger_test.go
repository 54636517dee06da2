package ledger

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

var target = Target{BaseURL: "http://127.0.0.1:1", Org: "o", App: "a"}

func TestLeftoversAreWhatWasCreatedAndNotDeleted(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	l, err := Open(path, "run1", target)
	if err != nil {
		t.Fatal(err)
	}
	a, b := Resource{Kind: User, Name: "imc-run1-1-u1"}, Resource{Kind: User, Name: "imc-run1-1-u2"}
	g := Resource{Kind: Group, Name: "imc-run1-1-g3"}
	for _, step := range []func() error{
		func() error { return l.Creating(a) }, func() error { return l.Creating(b) }, func() error { return l.Deleted(a) },
		func() error { return l.Creating(g) }, func() error { g.ID = "12345"; return l.Creating(g) },
	} {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	l.Close()
	entries, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	left := Leftovers(entries)
	if len(left) != 2 || left[0].Name != b.Name || left[1].ID != "12345" || left[1].Target != target || left[1].Run != "run1" {
		t.Fatalf("leftovers %+v", left)
	}
}

func TestANameWithoutThePrefixIsRefused(t *testing.T) {
	l, _ := Open(filepath.Join(t.TempDir(), FileName), "r", target)
	defer l.Close()
	if err := l.Creating(Resource{Kind: User, Name: "alice"}); err == nil || !strings.Contains(err.Error(), NamePrefix) {
		t.Fatalf("err = %v", err)
	}
}

// Parallel writers (ginkgo -p processes share the file) never interleave
// within a line.
func TestConcurrentWritersKeepLinesWhole(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	var wg sync.WaitGroup
	for w := range 4 {
		l, err := Open(path, "r", target)
		if err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer l.Close()
			for i := range 25 {
				l.Creating(Resource{Kind: User, Name: "imc-r-" + string(rune('a'+w)) + "-" + strings.Repeat("x", i)})
			}
		}()
	}
	wg.Wait()
	entries, err := Read(path)
	if err != nil || len(entries) != 100 {
		t.Fatalf("%d entries, %v", len(entries), err)
	}
}

func TestATornLastLineIsIgnoredButABadLineIsNot(t *testing.T) {
	dir := t.TempDir()
	good := `{"time":"2026-01-01T00:00:00Z","run":"r","event":"creating","kind":"user","name":"imc-r-1-u1","base_url":"http://x","org":"o","app":"a"}`
	torn := filepath.Join(dir, "torn.jsonl")
	os.WriteFile(torn, []byte(good+"\n"+good[:40]), 0o644)
	if e, err := Read(torn); err != nil || len(e) != 1 {
		t.Fatalf("torn: %d %v", len(e), err)
	}
	bad := filepath.Join(dir, "bad.jsonl")
	os.WriteFile(bad, []byte("not json\n"+good+"\n"), 0o644)
	if _, err := Read(bad); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Fatalf("bad: %v", err)
	}
}

func TestEntriesHoldNoSecrets(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	l, _ := Open(path, "r", target)
	l.Creating(Resource{Kind: User, Name: "imc-r-1-u1"})
	l.Close()
	data, _ := os.ReadFile(path)
	for _, field := range []string{"secret", "token", "password", "certificate"} {
		if strings.Contains(strings.ToLower(string(data)), field) {
			t.Fatalf("ledger line has a %q field: %s", field, data)
		}
	}
}

func TestSuiteNamesHaveTheirWholeShape(t *testing.T) {
	for name, want := range map[string]bool{
		"imc-4slyn6-1-u3": true, "imc-4slyn6-12-room7": true, "imc-4slyn6-1-p9": true,
		"imc-": false, "imc-alice": false, "imc-4slyn6-u3": false, "alice": false, "imc-4SLYN6-1-u3": false,
	} {
		if IsSuiteName(name) != want {
			t.Errorf("IsSuiteName(%q) = %v", name, !want)
		}
	}
}
