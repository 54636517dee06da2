package certificate

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/reports/results"
	"github.com/imconform/imconform/reports/results/resultstest"
)

// checkVerified holds for every outcome of Verify: an error is one line
// naming the file; a certificate it accepts lists the catalogue's rows with
// verdicts a complete run gives, counts them right, claims the result they
// support, and verifies again once written.
func checkVerified(t *testing.T, c Certificate, err error, name string) {
	t.Helper()
	if err != nil {
		if msg := err.Error(); !strings.HasPrefix(msg, name) || strings.ContainsAny(msg, "\n\r") {
			t.Fatalf("error is not one line naming the file: %q", msg)
		}
		return
	}
	rows := catalog.All()
	if len(c.Rows) != len(rows) {
		t.Fatalf("accepted %d rows, the catalogue has %d", len(c.Rows), len(rows))
	}
	counts := map[results.Verdict]int{}
	for i, r := range c.Rows {
		if r.ID != rows[i].ID {
			t.Fatalf("row %d is %q, the catalogue's is %q", i+1, r.ID, rows[i].ID)
		}
		if r.Verdict == results.NotTestable && rows[i].Testable() {
			t.Fatalf("row %s: not testable accepted for a testable row", r.ID)
		}
		counts[r.Verdict]++
	}
	for v, n := range counts {
		if c.Counts[string(v)] != n {
			t.Fatalf("counts %v accepted, rows say %v", c.Counts, counts)
		}
	}
	if want := results.ResultOf(counts); c.Result != want {
		t.Fatalf("result %q accepted, verdicts support %q", c.Result, want)
	}
	out, merr := c.Marshal()
	if merr != nil {
		t.Fatalf("an accepted certificate cannot be written: %v", merr)
	}
	if _, verr := Verify(out, name); verr != nil {
		t.Fatalf("an accepted certificate, written again, is refused: %v", verr)
	}
}

func sealedSeed(f *testing.F, verdicts map[string]results.Verdict) []byte {
	c, err := New(resultstest.Run(verdicts))
	if err != nil {
		f.Fatal(err)
	}
	data, err := c.Marshal()
	if err != nil {
		f.Fatal(err)
	}
	return data
}

// FuzzVerify feeds verify-certificate any file. The seeds are made by this
// build, so they carry this catalogue's digest whatever the catalogue holds.
func FuzzVerify(f *testing.F) {
	f.Add(sealedSeed(f, nil))
	f.Add(sealedSeed(f, map[string]results.Verdict{"users.get.not-found": results.Failed}))
	const name = "certificate.json"
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Verify(data, name)
		checkVerified(t, c, err, name)
	})
}

// FuzzVerifyResealed reads any JSON as a certificate and seals it again, as
// a forger with this source code would, before verifying it: random edits
// seldom get past the seal, and the checks behind it matter most.
func FuzzVerifyResealed(f *testing.F) {
	f.Add(sealedSeed(f, nil))
	f.Add(sealedSeed(f, map[string]results.Verdict{"users.register.closed": results.Skipped}))
	const name = "certificate.json"
	f.Fuzz(func(t *testing.T, data []byte) {
		var c Certificate
		if json.Unmarshal(data, &c) != nil {
			return
		}
		c.Catalogue = catalog.Digest()
		resealed, err := c.Marshal()
		if err != nil {
			return
		}
		got, err := Verify(resealed, name)
		checkVerified(t, got, err, name)
	})
}
