package certificate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/reports/results"
	"github.com/imconform/imconform/reports/results/resultstest"
)

func written(t *testing.T, verdicts map[string]results.Verdict) []byte {
	t.Helper()
	c, err := New(resultstest.Run(verdicts))
	if err != nil {
		t.Fatal(err)
	}
	data, err := c.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// edit changes a written certificate's JSON and, when reseal is set, seals
// it again the way a forger with this source code would.
func edit(t *testing.T, data []byte, reseal bool, change func(c *Certificate)) []byte {
	t.Helper()
	var c Certificate
	if err := json.Unmarshal(data, &c); err != nil {
		t.Fatal(err)
	}
	change(&c)
	if reseal {
		out, err := c.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	out, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestAWrittenCertificateVerifies(t *testing.T) {
	for name, verdicts := range map[string]map[string]results.Verdict{
		"all pass":  nil,
		"one fails": {"users.get.not-found": results.Failed},
		"deviation": {"users.get.not-found": results.Deviation},
		"no spec":   {"users.get.not-found": results.NoSpec},
		"declared":  {"users.register.closed": results.Skipped},
	} {
		t.Run(name, func(t *testing.T) {
			data := written(t, verdicts)
			c, err := Verify(data, "certificate.json")
			if err != nil {
				t.Fatal(err)
			}
			if c.Result != results.ResultOf(resultstest.Run(verdicts).Counts) {
				t.Errorf("result %q", c.Result)
			}
		})
	}
	c, _ := Verify(written(t, nil), "c")
	if c.Result != results.Conformant || c.Target.Fingerprint != Fingerprint("http://127.0.0.1:9", "o", "a", "mock/1") || c.Profile.RequestBudget == 0 {
		t.Errorf("certificate = %+v", c)
	}
	c, _ = Verify(written(t, map[string]results.Verdict{"users.get.not-found": results.Failed}), "c")
	if c.Result != results.NotConformant {
		t.Errorf("a run with a failed row claims %q", c.Result)
	}
}

func TestAPartialRunEarnsNoCertificate(t *testing.T) {
	run := resultstest.Run(nil)
	run.Partial = []string{`the label filter "x" selected part of the catalogue`}
	if _, err := New(run); err == nil || !strings.Contains(err.Error(), "label filter") {
		t.Fatalf("New = %v, want the reason", err)
	}
}

func TestATamperedCertificateIsRejectedWithOneLine(t *testing.T) {
	good := written(t, map[string]results.Verdict{"users.get.not-found": results.Failed})
	n := len(catalog.All())
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"verdict edited", edit(t, good, false, func(c *Certificate) {
			c.Rows[0].Verdict = results.Passed
			c.Rows[0].Verdict = results.Failed
			c.Result = results.Conformant
		}), "was changed after it was written"},
		{"byte flipped", bytes.Replace(good, []byte(`"failed"`), []byte(`"passed"`), 1), "was changed after it was written"},
		{"seal removed", edit(t, good, false, func(c *Certificate) { c.SHA256 = "" }), "has no sha256 seal"},
		{"result resealed", edit(t, good, true, func(c *Certificate) { c.Result = results.Conformant }), `claims "conformant" but its verdicts support "not conformant"`},
		{"failure hidden, counts left", edit(t, good, true, func(c *Certificate) {
			for i := range c.Rows {
				if c.Rows[i].Verdict == results.Failed {
					c.Rows[i].Verdict = results.Passed
				}
			}
			c.Result = results.Conformant
		}), `counts 1 rows "failed", its rows say 0`},
		{"row dropped", edit(t, good, true, func(c *Certificate) { c.Rows = c.Rows[1:] }), fmt.Sprintf("lists %d rows, the catalogue has %d", n-1, n)},
		{"row renamed", edit(t, good, true, func(c *Certificate) { c.Rows[0].ID = "users.other" }), `row 1 is "users.other"`},
		{"not run", edit(t, good, true, func(c *Certificate) { c.Rows[0].Verdict = results.NotRun }), "which a complete run cannot give"},
		{"testable row not testable", edit(t, good, true, func(c *Certificate) { c.Rows[0].Verdict = results.NotTestable }), "the catalogue says a client can provoke it"},
		{"other catalogue", edit(t, good, true, func(c *Certificate) { c.Catalogue = "sha256:0123456789abcdef" }), "was made with catalogue 0123456789ab"},
		{"target swapped", edit(t, good, true, func(c *Certificate) { c.Target.BaseURL = "https://staging.example.com" }), "fingerprint does not match"},
		{"extra field", bytes.Replace(good, []byte(`"format"`), []byte(`"approved": true, "format"`), 1), `unknown field "approved"`},
		{"not JSON", []byte("hello"), "is not an imconform certificate"},
		{"matrix instead", []byte(`{"format":"imconform-matrix/1"}`), `has format "imconform-matrix/1"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Verify(c.data, "certificate.json")
			if err == nil {
				t.Fatal("accepted")
			}
			if msg := err.Error(); !strings.Contains(msg, c.want) || strings.Contains(msg, "\n") || !strings.HasPrefix(msg, "certificate.json") {
				t.Errorf("error = %q; want one line naming the file and containing %q", msg, c.want)
			}
		})
	}
}

// A server that implements part of the API is certified for what it
// implements, and the certificate's result names the areas it declared
// absent; removing them from the result breaks the verification.
func TestACertificateNamesTheAreasDeclaredAbsent(t *testing.T) {
	run := resultstest.Run(map[string]results.Verdict{"groups.get.not-found": results.Skipped, "chatrooms.get.not-found": results.Skipped})
	run.Target.Profile.Absent, run.Target.Profile.AbsentDeclared = []string{"groups", "chatrooms"}, true
	c, err := New(run)
	if err != nil {
		t.Fatal(err)
	}
	if c.Result != "conformant; declared absent: groups, chatrooms" {
		t.Fatalf("result %q", c.Result)
	}
	data, _ := c.Marshal()
	if _, err := Verify(data, "certificate.json"); err != nil {
		t.Fatal(err)
	}
	forged := edit(t, data, true, func(c *Certificate) { c.Result = results.Conformant })
	if _, err := Verify(forged, "certificate.json"); err == nil || !strings.Contains(err.Error(), "declared absent: groups, chatrooms") {
		t.Fatalf("a result without the absent areas verified: %v", err)
	}
}
