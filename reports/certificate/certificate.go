// Package certificate writes and verifies the certificate of a run that
// covered the whole catalogue: suite version, catalogue digest, target
// fingerprint, the target's declared profile, every row's verdict and the
// result they support, sealed by a SHA-256 over the canonical content.
//
// The SHA-256 detects a certificate edited after it was written; it is not
// a signature (anyone can reseal an edited file), which is why Verify also
// checks that the verdicts support the claimed result and that the rows are
// exactly the catalogue's.
package certificate

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/profile"
	"github.com/imconform/imconform/reports/results"
)

// Format identifies a certificate and its version.
const Format = "imconform-certificate/1"

// Certificate is what certificate.json holds.
type Certificate struct {
	Format    string          `json:"format"`
	Suite     string          `json:"suite_version"`
	Catalogue string          `json:"catalogue_digest"`
	Issued    string          `json:"issued"`
	Target    Target          `json:"target"`
	Profile   profile.Profile `json:"profile"`
	Result    string          `json:"result"`
	Counts    map[string]int  `json:"counts"`
	Rows      []Row           `json:"rows"`
	// SHA256 is the hex SHA-256 of the certificate's canonical JSON (compact,
	// fields in this order) with this field empty.
	SHA256 string `json:"sha256,omitempty"`
}

// Target identifies the server without secrets.
type Target struct {
	BaseURL  string `json:"base_url"`
	Org      string `json:"org"`
	App      string `json:"app"`
	Server   string `json:"server,omitempty"`
	Embedded bool   `json:"embedded"`
	// Fingerprint is a SHA-256 over base URL, org, app and Server header.
	Fingerprint string `json:"fingerprint"`
}

// Row is one catalogue row's verdict.
type Row struct {
	ID      string          `json:"id"`
	Verdict results.Verdict `json:"verdict"`
	Detail  string          `json:"detail,omitempty"`
}

// New makes the certificate of run, or says why the run earns none.
func New(run results.Run) (Certificate, error) {
	if !run.Complete() {
		return Certificate{}, errors.New("no certificate: " + strings.Join(run.Partial, "; "))
	}
	t := run.Target
	c := Certificate{
		Format: Format, Suite: run.Suite, Catalogue: run.Catalogue, Issued: run.Started,
		Target: Target{BaseURL: t.BaseURL, Org: t.Org, App: t.App, Server: t.Server, Embedded: t.Embedded,
			Fingerprint: Fingerprint(t.BaseURL, t.Org, t.App, t.Server)},
		Profile: t.Profile,
		Counts:  map[string]int{},
	}
	for _, r := range run.Rows {
		c.Rows = append(c.Rows, Row{ID: r.ID, Verdict: r.Verdict, Detail: r.Detail})
		c.Counts[string(r.Verdict)]++
	}
	c.Result = results.ResultOf(verdictCounts(c.Counts)) + results.AbsentQualifier(c.Profile)
	return c, nil
}

// Fingerprint identifies a target by what a client sees of it.
func Fingerprint(baseURL, org, app, server string) string {
	sum := sha256.Sum256([]byte(strings.Join([]string{baseURL, org, app, server}, "\n")))
	return "sha256:" + hex.EncodeToString(sum[:])
}

func verdictCounts(m map[string]int) map[results.Verdict]int {
	out := map[results.Verdict]int{}
	for k, v := range m {
		out[results.Verdict(k)] = v
	}
	return out
}

// seal returns the SHA-256 of c's canonical content.
func (c Certificate) seal() (string, error) {
	c.SHA256 = ""
	data, err := json.Marshal(c)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]), nil
}

// Marshal seals the certificate and renders it as indented JSON.
func (c Certificate) Marshal() ([]byte, error) {
	sum, err := c.seal()
	if err != nil {
		return nil, err
	}
	c.SHA256 = sum
	data, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}

// Verify checks a certificate file against this build's catalogue: it is
// well formed, unchanged since it was sealed, made with this catalogue,
// lists exactly the catalogue's rows, and its verdicts support its result.
// Errors are one line; name is how they call the file.
func Verify(data []byte, name string) (Certificate, error) {
	var c Certificate
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return Certificate{}, fmt.Errorf("%s is not an imconform certificate (%v); pass the certificate.json a complete run wrote", name, err)
	}
	if c.Format != Format {
		return Certificate{}, fmt.Errorf("%s has format %q, want %q; pass the certificate.json a complete run wrote", name, c.Format, Format)
	}
	if c.SHA256 == "" {
		return Certificate{}, fmt.Errorf("%s has no sha256 seal; it was not written by imconform", name)
	}
	sum, err := c.seal()
	if err != nil {
		return Certificate{}, fmt.Errorf("%s: %v", name, err)
	}
	if sum != c.SHA256 {
		return Certificate{}, fmt.Errorf("%s was changed after it was written: its content hashes to %s, its seal says %s", name, short(sum), short(c.SHA256))
	}
	if c.Catalogue != catalog.Digest() {
		return Certificate{}, fmt.Errorf("%s was made with catalogue %s, this imconform has %s; verify it with imconform %s", name, short(c.Catalogue), short(catalog.Digest()), c.Suite)
	}
	if want := Fingerprint(c.Target.BaseURL, c.Target.Org, c.Target.App, c.Target.Server); c.Target.Fingerprint != want {
		return Certificate{}, fmt.Errorf("%s: the target fingerprint does not match its base URL, org, app and server", name)
	}
	rows := catalog.All()
	if len(c.Rows) != len(rows) {
		return Certificate{}, fmt.Errorf("%s lists %d rows, the catalogue has %d; a certificate covers every row", name, len(c.Rows), len(rows))
	}
	counts := map[string]int{}
	for i, r := range c.Rows {
		want := rows[i]
		if r.ID != want.ID {
			return Certificate{}, fmt.Errorf("%s row %d is %q, the catalogue's is %q", name, i+1, r.ID, want.ID)
		}
		switch r.Verdict {
		case results.Passed, results.Failed, results.Deviation, results.Skipped, results.NoSpec:
		case results.NotTestable:
			if want.Testable() {
				return Certificate{}, fmt.Errorf("%s row %s claims %q but the catalogue says a client can provoke it", name, r.ID, r.Verdict)
			}
		default:
			return Certificate{}, fmt.Errorf("%s row %s has verdict %q, which a complete run cannot give", name, r.ID, r.Verdict)
		}
		counts[string(r.Verdict)]++
	}
	for _, v := range results.Verdicts {
		if counts[string(v)] != c.Counts[string(v)] {
			return Certificate{}, fmt.Errorf("%s counts %d rows %q, its rows say %d", name, c.Counts[string(v)], v, counts[string(v)])
		}
	}
	if len(c.Counts) > len(counts) {
		for k, n := range c.Counts {
			if _, ok := counts[k]; !ok && n != 0 {
				return Certificate{}, fmt.Errorf("%s counts %d rows %q, its rows say 0", name, n, k)
			}
		}
	}
	if want := results.ResultOf(verdictCounts(counts)) + results.AbsentQualifier(c.Profile); c.Result != want {
		return Certificate{}, fmt.Errorf("%s claims %q but its verdicts support %q", name, c.Result, want)
	}
	return c, nil
}

func short(digest string) string {
	d := strings.TrimPrefix(digest, "sha256:")
	if len(d) > 12 {
		d = d[:12]
	}
	return d
}
