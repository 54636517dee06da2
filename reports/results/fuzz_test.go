package results

import (
	"reflect"
	"strings"
	"testing"
)

// FuzzParse feeds the conformance.json reader any file. It must never
// panic; an error is one line naming the file; a run it reads has this
// format and well-formed rows, and survives a write and a read unchanged.
func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"format":"` + Format + `","rows":[{"id":"users.get.not-found","status":404,"verdict":"passed"}]}`))
	const name = "old/conformance.json"
	f.Fuzz(func(t *testing.T, data []byte) {
		run, err := Parse(data, name)
		if err != nil {
			if msg := err.Error(); !strings.HasPrefix(msg, name+" ") || strings.ContainsAny(msg, "\n\r") {
				t.Fatalf("error is not one line naming the file: %q", msg)
			}
			return
		}
		if run.Format != Format {
			t.Fatalf("format %q accepted", run.Format)
		}
		for _, r := range run.Rows {
			if r.ID == "" || !Known(r.Verdict) {
				t.Fatalf("row %+v accepted", r)
			}
		}
		out, err := run.Marshal()
		if err != nil {
			t.Fatalf("a run read cannot be written: %v", err)
		}
		again, err := Parse(out, name)
		if err != nil {
			t.Fatalf("a run written cannot be read: %v\n%s", err, out)
		}
		if !reflect.DeepEqual(normalized(t, run), normalized(t, again)) {
			t.Fatalf("write and read changed the run:\n%s", out)
		}
	})
}

// normalized is run as its JSON says it: what a write and a read must keep.
func normalized(t *testing.T, run Run) string {
	out, err := run.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}
