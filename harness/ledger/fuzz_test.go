package ledger

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzRead feeds the ledger reader any file. It must never panic; what it
// returns are entries with a kind and a name, and every line it skipped
// without an error is blank or the torn last line; a line it refuses is
// named with the file.
func FuzzRead(f *testing.F) {
	f.Add([]byte(`{"time":"2026-11-28T12:00:00Z","run":"abc123","event":"creating","kind":"user","name":"imc-abc123-1-u1","base_url":"http://127.0.0.1:9","org":"o","app":"a"}` + "\n"))
	// One file rewritten by every input: a folder per input would cost more
	// than the read itself.
	path := filepath.Join(f.TempDir(), FileName)
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		entries, err := Read(path)
		// An independent reading: every non-blank line is an entry, but
		// the last non-blank one may be torn.
		var want []Entry
		var bad int // first bad line that is not the last, 1-based
		lines := bytes.Split(data, []byte("\n"))
		for i, line := range lines {
			line = bytes.TrimSpace(line)
			if len(line) == 0 {
				continue
			}
			var e Entry
			if json.Unmarshal(line, &e) == nil && e.Kind != "" && e.Name != "" {
				want = append(want, e)
				continue
			}
			if rest := bytes.TrimSpace(bytes.Join(lines[i+1:], nil)); len(rest) != 0 && bad == 0 {
				bad = i + 1
			}
		}
		if err != nil {
			if msg := err.Error(); strings.ContainsAny(msg, "\n\r") || !strings.Contains(msg, path) {
				t.Fatalf("error is not one line naming the ledger: %q", msg)
			}
			if bad == 0 {
				t.Fatalf("refused a ledger whose only bad line is the last: %v", err)
			}
			return
		}
		if bad != 0 {
			t.Fatalf("bad line %d (%q), with lines after it, was not refused", bad, lines[bad-1])
		}
		if len(want) != len(entries) {
			t.Fatalf("read %d entries, the file holds %d", len(entries), len(want))
		}
		for _, e := range entries {
			if e.Kind == "" || e.Name == "" {
				t.Fatalf("entry without kind or name: %+v", e)
			}
		}
		left := Leftovers(entries)
		if len(left) > len(entries) {
			t.Fatalf("%d leftovers of %d entries", len(left), len(entries))
		}
		for _, l := range left {
			if l.Event == Deleted {
				t.Fatalf("a deleted resource is left over: %+v", l)
			}
		}
	})
}

// TestReadNamesAnOverlongLine: a line past the reader's buffer is refused
// with the file and the line, like any other bad line.
func TestReadNamesAnOverlongLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	good := `{"event":"creating","kind":"user","name":"imc-abc123-1-u1"}` + "\n"
	if err := os.WriteFile(path, []byte(good+strings.Repeat("x", maxLine+1)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Read(path)
	if err == nil || !strings.Contains(err.Error(), path+" line 2 is longer than") {
		t.Fatalf("got %v", err)
	}
}
