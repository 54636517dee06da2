package staging

import (
	"context"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/imconform/imconform/harness/faultproxy"
	"github.com/imconform/imconform/harness/ledger"
	"github.com/imconform/imconform/harness/refserver"
	"github.com/imconform/imconform/harness/tokens"
)

// slowTarget is the reference server behind a proxy that holds each spec
// request (not cleanup, not tokens) for a moment, so a run can be caught in
// the middle of a spec.
func slowTarget(t *testing.T) (*refserver.Server, *faultproxy.Proxy) {
	t.Helper()
	ref, base := reference(t, refserver.Options{})
	p, err := faultproxy.Start(base, faultproxy.Slow, specRequests)
	if err != nil {
		t.Fatal(err)
	}
	p.Delay = 250 * time.Millisecond
	t.Cleanup(func() { p.Close() })
	return ref, p
}

var credentials = map[string]string{"IMCONF_CLIENT_ID": clientID, "IMCONF_CLIENT_SECRET": clientSecret}

// Ctrl-C in the middle of a run (once a spec has created a user on the
// server), sent as a terminal does, to the whole process group of `ginkgo
// run`: Ginkgo lets the running spec finish its request, runs its cleanup
// and the reports, and the server is left with nothing.
func TestAnInterruptedRunLeavesNothingBehind(t *testing.T) {
	// The seed page's rows: most of them create users, so one is soon under way.
	interruptOnceAUserExists(t, seedRows())
}

// The duplicate registration runs right after its shared user is made, so
// the interrupt lands while its own POST of that name is on the wire. Were
// that request cancelled client-side, the proxy (like a real network)
// would still deliver it, after cleanup had deleted the user: the
// "duplicate" would then register it again and leave it behind.
func TestAnInterruptedRequestLandsBeforeCleanup(t *testing.T) {
	interruptOnceAUserExists(t, "users.register.duplicate")
}

func interruptOnceAUserExists(t *testing.T, filter string) {
	t.Helper()
	ref, p := slowTarget(t)
	binaries(t) // compiles nothing here, but skips under -short
	r := &run{reportDir: t.TempDir()}
	r.cmd = exec.Command("go", "tool", "ginkgo", "run", "--no-color", "--label-filter="+filter, "./suites/conformance")
	r.cmd.Dir = repoRoot
	r.cmd.Env = append(cleanEnv(), "IMCONF_BASE_URL="+p.URL(), "IMCONF_APPKEY="+org+"#"+app, "IMCONF_REPORT_DIR="+r.reportDir,
		"IMCONF_RATE=unlimited", "IMCONF_CLIENT_ID="+clientID, "IMCONF_CLIENT_SECRET="+clientSecret)
	r.cmd.Stdout, r.cmd.Stderr = &r.stdout, &r.stderr
	r.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 120*time.Second, "a spec to create a user", func() bool { return len(suiteUsers(ref)) > 0 })
	if err := syscall.Kill(-r.cmd.Process.Pid, syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if err := r.wait(t, suiteLimit); err == nil {
		t.Fatal("an interrupted run exited 0")
	}
	out := r.stdout.String()
	if !strings.Contains(out, "Interrupted by User") {
		t.Fatalf("the run does not say it was interrupted:\n%s", tail(out, 3000))
	}
	if left := suiteUsers(ref); len(left) > 0 {
		t.Fatalf("an interrupted run left users on the server: %v\n%s", left, tail(out, 3000))
	}
	if created, left := r.leftovers(t); created == 0 || len(left) > 0 {
		t.Fatalf("ledger: %d created, leftovers %v", created, left)
	}
	if len(r.specs(t)) == 0 {
		t.Fatal("the interrupted run wrote no report")
	}
}

// SIGKILL leaves no chance to clean up; the ledger, written before each
// create, lets `imconform janitor` remove what the run left.
func TestTheJanitorCleansTheLedgerOfAKilledRun(t *testing.T) {
	ref, p := slowTarget(t)
	_, janitor := binaries(t)
	r := startSuite(t, p.URL(), credentials)
	waitFor(t, 60*time.Second, "a spec to create a user", func() bool { return len(suiteUsers(ref)) > 0 })
	if err := r.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	r.cmd.Wait()
	// A create the proxy was still holding lands now, as on a real server.
	waitFor(t, 10*time.Second, "the proxy to finish in-flight requests", func() bool { return p.InFlight() == 0 })
	left := suiteUsers(ref)
	_, ledgerLeft := r.leftovers(t)
	if len(left) == 0 || len(ledgerLeft) == 0 {
		t.Fatalf("the killed run left nothing to clean (server %v, ledger %v); the test proves nothing", left, ledgerLeft)
	}
	for _, u := range left {
		if !inLedger(ledgerLeft, u) {
			t.Errorf("user %s is on the server but not among the ledger's leftovers", u)
		}
	}

	cmd := exec.Command(janitor, "janitor")
	cmd.Env = append(cleanEnv(), "IMCONF_BASE_URL="+p.URL(), "IMCONF_APPKEY="+org+"#"+app, "IMCONF_CLIENT_ID="+clientID,
		"IMCONF_CLIENT_SECRET="+clientSecret, "IMCONF_REPORT_DIR="+r.reportDir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("imconform janitor: %v\n%s", err, out)
	}
	if got := suiteUsers(ref); len(got) > 0 {
		t.Fatalf("after the janitor the server still holds %v\n%s", got, out)
	}
	for _, u := range left {
		if !strings.Contains(string(out), "removed      user "+u) {
			t.Errorf("the janitor's report does not list %s as removed:\n%s", u, out)
		}
	}
	t.Logf("janitor:\n%s", out)
	if strings.Contains(string(out), clientSecret) {
		t.Fatal("the janitor printed the client secret")
	}
	// The janitor recorded its removals: the ledger has no leftovers now.
	if _, left := r.leftovers(t); len(left) > 0 {
		t.Fatalf("ledger leftovers after the janitor: %v", left)
	}

	// By prefix: users of the suite's shape are removed (any age with
	// --older-than 0), others are not.
	appURL := p.URL() + "/" + org + "/" + app
	g, err := tokens.Request(context.Background(), http.DefaultClient, appURL, clientID, clientSecret, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"imc-zzzzzz-1-u1", "imc-someone-else"} {
		req, _ := http.NewRequest(http.MethodPost, appURL+"/users", strings.NewReader(`{"username":"`+name+`","password":"p"}`))
		req.Header.Set("Authorization", "Bearer "+g.AccessToken)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("creating %s: %v %v", name, resp, err)
		}
		resp.Body.Close()
	}
	cmd = exec.Command(janitor, "janitor", "--prefix", "--older-than", "0")
	cmd.Env = append(cleanEnv(), "IMCONF_BASE_URL="+p.URL(), "IMCONF_APPKEY="+org+"#"+app, "IMCONF_CLIENT_ID="+clientID, "IMCONF_CLIENT_SECRET="+clientSecret)
	out, err = cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "removed      user imc-zzzzzz-1-u1") {
		t.Fatalf("imconform janitor --prefix: %v\n%s", err, out)
	}
	if users := ref.Usernames(); len(users) != 1 || users[0] != "imc-someone-else" {
		t.Fatalf("after janitor --prefix the server holds %v", users)
	}
}

func inLedger(entries []ledger.Entry, name string) bool {
	for _, e := range entries {
		if e.Kind == ledger.User && e.Name == name {
			return true
		}
	}
	return false
}

// A spec that panics after creating a user: Ginkgo reports the panic and
// still runs the spec's cleanup, so the user is deleted.
func TestAPanickingSpecStillCleansUp(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a suite in a subprocess")
	}
	ref, base := reference(t, refserver.Options{})
	reportDir := t.TempDir()
	cmd := exec.Command("go", "test", "-count=1", "./suites/staging/selftest", "-args", "-ginkgo.no-color", "-ginkgo.v")
	cmd.Dir = repoRoot
	cmd.Env = append(cleanEnv(), "IMCONF_SELFTEST=1", "IMCONF_BASE_URL="+base, "IMCONF_APPKEY="+org+"#"+app,
		"IMCONF_CLIENT_ID="+clientID, "IMCONF_CLIENT_SECRET="+clientSecret, "IMCONF_REPORT_DIR="+reportDir, "IMCONF_RATE=unlimited")
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "[PANICKED]") || !strings.Contains(string(out), "deliberate panic") {
		t.Fatalf("the selftest suite did not report the panic (err %v):\n%s", err, tail(string(out), 3000))
	}
	if left := suiteUsers(ref); len(left) > 0 {
		t.Fatalf("the panicking spec left %v", left)
	}
	entries, err := ledger.Read(filepath.Join(reportDir, ledger.FileName))
	if err != nil || len(entries) != 2 || entries[1].Event != ledger.Deleted {
		t.Fatalf("ledger %v %v", entries, err)
	}
}
