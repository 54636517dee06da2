package staging

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/faultproxy"
	"github.com/imconform/imconform/harness/refserver"
	"github.com/imconform/imconform/harness/tokens"
)

// causes are the words a spec's failure must contain for each fault, so a
// reader of the report knows what went wrong on the way: all the words of
// one of the kind's alternatives. A proxy that closes the connection while
// a large upload is still being written shows as a reset to the client.
var causes = map[faultproxy.Kind][][]string{
	faultproxy.Drop:      {{"closed the connection without answering"}, {"connection was reset"}},
	faultproxy.Reset:     {{"connection was reset"}},
	faultproxy.Delay:     {{"no answer within the request timeout (IMCONF_TIMEOUT)"}},
	faultproxy.Truncate:  {{"the answer was cut short"}, {"connection was reset"}},
	faultproxy.HTML:      {{"not a JSON object", "text/html"}},
	faultproxy.Status502: {{"502", "Bad Gateway"}},
	faultproxy.Status503: {{"503", "Service Unavailable"}},
	faultproxy.Status504: {{"504", "Gateway Timeout"}},
}

// namesCause reports whether msg holds every word of one alternative.
func namesCause(msg string, alternatives [][]string) bool {
	for _, words := range alternatives {
		all := true
		for _, w := range words {
			all = all && strings.Contains(msg, w)
		}
		if all {
			return true
		}
	}
	return false
}

// statusOnly reports whether the spec checks a row with no documented body
// (405, 408): a fault that only spoils the body leaves its answer right.
func statusOnly(labels []string) bool {
	for _, l := range labels {
		if r, ok := catalog.Get(l); ok && !r.HasBody() {
			return true
		}
	}
	return false
}

// seedRows is a label filter for the specs of the seed page's rows: every
// kind of spec the suite has (fixtures, uploads, stalled bodies, quotas,
// rate limits), few enough that eight fault runs stay within minutes; the
// per-API rows share their harness code.
func seedRows() string {
	var ids []string
	for _, r := range catalog.All() {
		if r.Source == "seed:http-status-codes" && r.Testable() {
			ids = append(ids, r.ID)
		}
	}
	return "(" + strings.Join(ids, " || ") + ") && !sweep"
}

// specRequests are the requests of spec bodies: not the harness's token
// requests, not cleanup (told apart by their User-Agent).
func specRequests(r *http.Request) bool {
	ua := r.UserAgent()
	return ua != tokens.UserAgent && !strings.HasSuffix(ua, "; cleanup)")
}

// Behind each fault, every spec fails (none passes by accident, panics or
// hangs), its failure in the report names the cause, and cleanup still runs
// (the proxy lets cleanup through, so everything the specs created is
// removed and the ledger records every removal).
func TestEverySpecFailsWithTheCauseBehindAFault(t *testing.T) {
	ref, base := reference(t, refserver.Options{})
	// Slow and 429 are not failures: the interrupt and courtesy tests use them.
	for _, kind := range []faultproxy.Kind{faultproxy.Drop, faultproxy.Reset, faultproxy.Delay, faultproxy.Truncate,
		faultproxy.HTML, faultproxy.Status502, faultproxy.Status503, faultproxy.Status504} {
		t.Run(string(kind), func(t *testing.T) {
			p, err := faultproxy.Start(base, kind, specRequests)
			if err != nil {
				t.Fatal(err)
			}
			defer p.Close()
			p.Delay = 3 * time.Second
			r := startSuite(t, p.URL(), map[string]string{
				"IMCONF_CLIENT_ID": clientID, "IMCONF_CLIENT_SECRET": clientSecret, "IMCONF_TIMEOUT": "400ms",
			}, "-ginkgo.label-filter="+seedRows())
			if err := r.wait(t, suiteLimit); err == nil {
				t.Fatalf("the suite passed behind a %s fault:\n%s", kind, tail(r.stdout.String(), 2000))
			}
			out := r.stdout.String() + r.stderr.String()
			if strings.Contains(out, "[PANICKED]") || strings.Contains(out, "panic:") {
				t.Fatalf("a spec panicked:\n%s", tail(out, 3000))
			}
			specs := r.specs(t)
			if len(specs) == 0 || p.Faulted() == 0 {
				t.Fatalf("%d specs ran, %d requests faulted", len(specs), p.Faulted())
			}
			for _, s := range specs {
				if s.State == types.SpecStateSkipped {
					// Skipped before the fault could matter (a guard, an
					// undeclared limit, a row no client can provoke): never a pass.
					continue
				}
				if s.State == types.SpecStatePassed && (kind == faultproxy.HTML || kind == faultproxy.Truncate) && statusOnly(s.Labels()) {
					continue
				}
				if s.State != types.SpecStateFailed {
					t.Errorf("%s: %s behind a %s fault, want failed", s.FullText(), s.State, kind)
					continue
				}
				if !namesCause(s.Failure.Message, causes[kind]) {
					t.Errorf("%s: the failure does not name the cause (%q):\n%s", s.FullText(), causes[kind], s.Failure.Message)
				}
			}
			if left := suiteUsers(ref); len(left) > 0 {
				t.Errorf("users left on the server: %v", left)
			}
			if created, left := r.leftovers(t); created == 0 || len(left) > 0 {
				t.Errorf("ledger: %d created, leftovers %v\n%s", created, left, tail(out, 4000))
			}
		})
	}
}
