package staging

import (
	"context"
	"fmt"
	"github.com/imconform/imconform/harness/evidence"
	"github.com/imconform/imconform/harness/fault"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/imconform/imconform/harness/faultproxy"
	"github.com/imconform/imconform/harness/refserver"
	"github.com/imconform/imconform/harness/tokens"
)

// tokenShapes match any token the server issues (YWMt…) or the suite
// builds (Agora 007eJ…), known in advance or not.
var tokenShapes = regexp.MustCompile(`YWMt[A-Za-z0-9_-]{20,}|007eJ[A-Za-z0-9+/=]{20,}`)

// scan fails the test if any secret or token-shaped string appears in the
// run's stdout, stderr or any file of its report folder.
func scan(t *testing.T, r *run, secrets ...string) {
	t.Helper()
	sources := map[string][]byte{"stdout": r.stdout.Bytes(), "stderr": r.stderr.Bytes()}
	files, _ := filepath.Glob(filepath.Join(r.reportDir, "*"))
	if len(files) < 3 { // report.json, junit.xml, ledger.jsonl
		t.Fatalf("the run wrote only %v", files)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sources[filepath.Base(f)] = data
	}
	for name, data := range sources {
		for _, s := range secrets {
			if strings.Contains(string(data), s) {
				t.Errorf("%s holds the secret %.8s…", name, s)
			}
		}
		if m := tokenShapes.Find(data); m != nil {
			t.Errorf("%s holds a token: %.12s…", name, m)
		}
	}
}

// Every way of authenticating, with verbose output and a spec made to fail
// (failures print the request as a curl line): no client secret, App
// Certificate or token appears anywhere the run writes.
func TestNoSecretReachesOutputOrReports(t *testing.T) {
	t.Run("client credentials, with a failing spec", func(t *testing.T) {
		fault, _ := fault.Parse("auth.token-corrupt:text")
		_, base := reference(t, refserver.Options{Fault: fault})
		r := startSuite(t, base, credentials, "-ginkgo.v", "-ginkgo.label-filter="+seedRows())
		if err := r.wait(t, suiteLimit); err == nil {
			t.Fatal("the suite passed against a server with a fault")
		}
		if !strings.Contains(r.stdout.String(), "Authorization: Bearer ***") {
			t.Fatalf("the failing spec's curl line is not in the output; the scan would prove little:\n%s", tail(r.stdout.String(), 2000))
		}
		scan(t, r, clientSecret)
	})

	t.Run("a ready app token", func(t *testing.T) {
		_, base := reference(t, refserver.Options{})
		g, err := tokens.Request(context.Background(), http.DefaultClient, base+"/"+org+"/"+app, clientID, clientSecret, 0)
		if err != nil {
			t.Fatal(err)
		}
		r := startSuite(t, base, map[string]string{"IMCONF_APP_TOKEN": g.AccessToken}, "-ginkgo.v", "-ginkgo.label-filter="+seedRows())
		if err := r.wait(t, suiteLimit); err != nil {
			t.Fatalf("the suite failed with a ready token: %v\n%s", err, tail(r.stdout.String(), 3000))
		}
		scan(t, r, g.AccessToken)
	})

	t.Run("Agora App ID and App Certificate", func(t *testing.T) {
		_, base := reference(t, refserver.Options{AgoraAppID: agoraAppID, AgoraAppCertificate: agoraCert})
		r := startSuite(t, base, map[string]string{"IMCONF_AGORA_APP_ID": agoraAppID, "IMCONF_AGORA_APP_CERTIFICATE": agoraCert}, "-ginkgo.v", "-ginkgo.label-filter="+seedRows())
		if err := r.wait(t, suiteLimit); err != nil {
			t.Fatalf("the suite failed with Agora credentials: %v\n%s", err, tail(r.stdout.String(), 3000))
		}
		passed := 0
		for _, s := range r.specs(t) {
			if s.State == types.SpecStatePassed {
				passed++
			}
		}
		if passed == 0 {
			t.Fatal("no spec passed with an Agora app token")
		}
		scan(t, r, agoraCert)
	})
}

// 429 answers to specs that do not test rate limits are retried after
// Retry-After; the specs pass, and each retry is counted in the spec's
// evidence in report.json.
func TestA429IsRetriedAndReported(t *testing.T) {
	_, base := reference(t, refserver.Options{})
	p, err := faultproxy.Start(base, faultproxy.TooMany, specRequests)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	// The seed page's rows: every other request waits out a Retry-After,
	// so the whole suite would take minutes to say the same.
	r := startSuite(t, p.URL(), credentials, "-ginkgo.v", "-ginkgo.label-filter="+seedRows())
	if err := r.wait(t, suiteLimit); err != nil {
		t.Fatalf("the suite failed although every 429 could be retried: %v\n%s", err, tail(r.stdout.String(), 3000))
	}
	retries := 0
	for _, s := range r.specs(t) {
		if s.State.Is(types.SpecStateSkipped | types.SpecStatePending) {
			continue // not selected by the filter, or declared skipped
		}
		ev, ok := evidence.EvidenceOf(s)
		if !ok {
			t.Fatalf("%s recorded no evidence", s.FullText())
		}
		if s.State == types.SpecStatePassed && ev.Retries == 0 {
			t.Errorf("%s: no retry counted, though the proxy answers every other request 429", s.FullText())
		}
		retries += ev.Retries
	}
	if int64(retries) != p.Faulted() || retries == 0 {
		t.Fatalf("evidence counts %d retries, the proxy answered %d times 429", retries, p.Faulted())
	}
	if !strings.Contains(r.stdout.String(), "courtesy retry 1 of 3") || !strings.Contains(r.stdout.String(), fmt.Sprintf(" %d answers of 429 were retried", retries)) {
		t.Fatalf("the run does not report its retries:\n%s", tail(r.stdout.String(), 2000))
	}
}
