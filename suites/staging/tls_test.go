package staging

import (
	"encoding/pem"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/imconform/imconform/harness/refserver"
)

// A staging server behind TLS with a certificate of its own CA (an
// httptest TLS server on loopback): without IMCONF_CA_FILE the run stops
// in its set-up with one line naming the setting; with it, the run passes.
func TestAnHTTPSTargetWithAnInternalCA(t *testing.T) {
	binaries(t)
	ref := refserver.New(refserver.Options{Org: org, App: app, ClientID: clientID, ClientSecret: clientSecret})
	srv := httptest.NewTLSServer(ref)
	defer srv.Close()
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	filter := "-ginkgo.label-filter=users.get.not-found"

	untrusted := startSuite(t, srv.URL, credentials, filter)
	if err := untrusted.wait(t, suiteLimit); err == nil {
		t.Fatal("a run against a certificate of an unknown CA passed")
	}
	if out := untrusted.stdout.String(); !strings.Contains(out, "signed by a CA this machine does not trust: set IMCONF_CA_FILE") {
		t.Errorf("the set-up failure does not name IMCONF_CA_FILE:\n%s", tail(out, 3000))
	}

	trusted := startSuite(t, srv.URL, map[string]string{"IMCONF_CLIENT_ID": clientID, "IMCONF_CLIENT_SECRET": clientSecret, "IMCONF_CA_FILE": ca}, filter)
	if err := trusted.wait(t, suiteLimit); err != nil {
		t.Fatalf("the run with IMCONF_CA_FILE failed: %v\n%s", err, tail(trusted.stdout.String(), 3000))
	}
	if specs := trusted.specs(t); len(specs) == 0 {
		t.Fatal("no spec ran")
	}
}
