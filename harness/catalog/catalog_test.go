package catalog

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCatalogIsInStepWithShared(t *testing.T) {
	shared := filepath.Join("..", "..", "..", "shared", "catalog.tsv")
	want, err := os.ReadFile(shared)
	if os.IsNotExist(err) {
		t.Skipf("%s is not beside this checkout; nothing to compare with", shared)
	}
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(want, catalogTSV) {
		t.Fatalf("harness/catalog/catalog.tsv differs from %s: copy it over (cp %s harness/catalog/catalog.tsv) and update variants.tsv and decisions.tsv", shared, shared)
	}
}

func TestEveryRowParses(t *testing.T) {
	rows := All()
	if len(rows) < 50 {
		t.Fatalf("only %d rows", len(rows))
	}
	for _, r := range rows {
		if r.Status < 400 || r.Status > 599 {
			t.Errorf("%s: status %d", r.ID, r.Status)
		}
		for _, e := range r.Expectations() {
			vars := Vars{}
			for _, m := range placeholder.FindAllStringSubmatch(e.Description, -1) {
				if _, ok := volatile[m[1]]; !ok {
					vars[m[1]] = "x"
				}
			}
			if _, err := Pattern(e.Description, vars); err != nil {
				t.Errorf("%s %s: %v", r.ID, e.Name, err)
			}
		}
	}
}

func TestJSONParseTemplateHasRealNewlineAndVolatileHash(t *testing.T) {
	r := MustGet("request.json-parse")
	if !strings.Contains(r.Description, "value\n at [Source") {
		t.Fatalf("\\n not turned into a newline: %q", r.Description)
	}
	p, err := Pattern(r.Description, Vars{"line": "2", "column": "14"})
	if err != nil {
		t.Fatal(err)
	}
	ok := "Unexpected character ('=' (code 61)): was expecting a colon to separate field name and value\n at [Source: java.io.BufferedInputStream@170e3f35; line: 2, column: 14]"
	if !p.MatchString(ok) {
		t.Errorf("pattern %s does not match %q", p, ok)
	}
	for _, bad := range []string{
		strings.Replace(ok, "column: 14", "column: 13", 1),
		strings.Replace(ok, "@170e3f35", "@", 1),
		strings.Replace(ok, "\n", " ", 1),
		ok + ".",
	} {
		if p.MatchString(bad) {
			t.Errorf("pattern matches wrong text %q", bad)
		}
	}
}

func TestPatternNeedsEverySpecValue(t *testing.T) {
	if _, err := Pattern("user {username} here", nil); err == nil || !strings.Contains(err.Error(), "{username}") {
		t.Fatalf("want an error naming {username}, got %v", err)
	}
	p, _ := Pattern("a.b {x}", Vars{"x": "(y)"})
	if p.MatchString("aXb (y)") || !p.MatchString("a.b (y)") {
		t.Fatal("literal text must be quoted")
	}
}

func TestParseRejectsBadData(t *testing.T) {
	hdr := "id\tstatus\terror\tdescription\ttrigger\tprovokable\tnotes\n"
	for name, rows := range map[string]string{
		"bad status":     hdr + "a\tfour\te\td\tt\tyes\tn\n",
		"bad provokable": hdr + "a\t400\te\td\tt\tmaybe\tn\n",
		"duplicate":      hdr + "a\t400\te\td\tt\tyes\tn\na\t400\te\td\tt\tyes\tn\n",
		"short":          hdr + "a\t400\te\n",
	} {
		if c := parseAll([]byte(rows), []byte("h\th\th\th\th\n"), []byte("h\th\n")); c.err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if c := parseAll(catalogTSV, []byte("h\th\th\th\th\nnope\t\t\tx\ts\n"), decisionsTSV); c.err == nil {
		t.Error("variant of unknown id accepted")
	}
}
