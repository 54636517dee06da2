// Package staging checks that a run is safe against a shared target: faults
// on the way end every spec with a failure naming the cause, an interrupted
// run cleans up, a killed run's ledger lets the janitor clean up, and no
// secret reaches output or reports. Each test runs the real conformance
// suite (compiled once) in its own process against a reference server this
// process serves on loopback, often behind a fault-injecting proxy.
package staging

import (
	"bytes"
	"context"
	"encoding/json"
	"github.com/imconform/imconform/harness/config"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/imconform/imconform/harness/framework"
	"github.com/imconform/imconform/harness/ledger"
	"github.com/imconform/imconform/harness/refserver"
	"github.com/onsi/ginkgo/v2/types"
)

var (
	buildOnce            sync.Once
	suiteBin, janitorBin string
	buildErr             error
	binDir               string
	repoRoot, _          = filepath.Abs(filepath.Join("..", ".."))
	errBuildOutput       []byte
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "imconform-staging-")
	if err != nil {
		panic(err)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// binaries compiles the conformance suite and the imconform command once.
func binaries(t *testing.T) (suite, janitor string) {
	t.Helper()
	if testing.Short() {
		t.Skip("runs the whole suite in subprocesses")
	}
	buildOnce.Do(func() {
		suiteBin, janitorBin = filepath.Join(binDir, "conformance.test"), filepath.Join(binDir, "imconform")
		for _, args := range [][]string{{"test", "-c", "-o", suiteBin, "./suites/conformance"}, {"build", "-o", janitorBin, "./cmd/imconform"}} {
			cmd := exec.Command("go", args...)
			cmd.Dir = repoRoot
			if out, err := cmd.CombinedOutput(); err != nil {
				buildErr, errBuildOutput = err, out
				return
			}
		}
	})
	if buildErr != nil {
		t.Fatalf("building: %v\n%s", buildErr, errBuildOutput)
	}
	return suiteBin, janitorBin
}

// Known credentials of the reference servers these tests start.
const (
	clientID     = "YXA6-staging-client-id"
	clientSecret = "YXA6-staging-known-client-secret-0001"
	agoraAppID   = "0123456789abcdef0123456789abcdef"
	agoraCert    = "fedcba9876543210fedcba9876543210"
	org, app     = "imconform", "staging"
)

// reference serves a reference server on a loopback port.
func reference(t *testing.T, opts refserver.Options) (*refserver.Server, string) {
	t.Helper()
	opts.Org, opts.App, opts.ClientID, opts.ClientSecret = org, app, clientID, clientSecret
	ref := refserver.New(opts)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: ref, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ref, "http://" + ln.Addr().String()
}

// run is one suite process and what it left.
type run struct {
	cmd            *exec.Cmd
	stdout, stderr bytes.Buffer
	reportDir      string
}

// startSuite starts the compiled suite against base with the given
// settings (on top of org, app and a fresh report folder).
func startSuite(t *testing.T, base string, settings map[string]string, args ...string) *run {
	t.Helper()
	bin, _ := binaries(t)
	r := &run{reportDir: t.TempDir()}
	r.cmd = exec.Command(bin, append([]string{"-ginkgo.no-color"}, args...)...)
	r.cmd.Dir = filepath.Join(repoRoot, "suites", "conformance")
	r.cmd.Env = append(cleanEnv(), "IMCONF_BASE_URL="+base, "IMCONF_APPKEY="+org+"#"+app, "IMCONF_REPORT_DIR="+r.reportDir, "IMCONF_RATE=unlimited")
	for k, v := range settings {
		r.cmd.Env = append(r.cmd.Env, k+"="+v)
	}
	r.cmd.Stdout, r.cmd.Stderr = &r.stdout, &r.stderr
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return r
}

// wait waits for the suite to exit, failing the test if it hangs.
func (r *run) wait(t *testing.T, limit time.Duration) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- r.cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(limit):
		r.cmd.Process.Kill()
		<-done
		t.Fatalf("the suite did not finish within %s (a spec hangs); output:\n%s", limit, tail(r.stdout.String(), 3000))
		return nil
	}
}

// specs reads the It specs of the run's report.json.
func (r *run) specs(t *testing.T) []types.SpecReport {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(r.reportDir, "report.json"))
	if err != nil {
		t.Fatalf("no report.json: %v\n%s", err, tail(r.stdout.String(), 2000))
	}
	var reports []types.Report
	if err := json.Unmarshal(data, &reports); err != nil || len(reports) != 1 {
		t.Fatalf("report.json: %v", err)
	}
	var out []types.SpecReport
	for _, s := range reports[0].SpecReports {
		if s.LeafNodeType == types.NodeTypeIt {
			out = append(out, s)
		}
	}
	return out
}

// leftovers reads the run's ledger and returns what it created and never
// recorded as deleted.
func (r *run) leftovers(t *testing.T) (created int, left []ledger.Entry) {
	t.Helper()
	entries, err := ledger.Read(filepath.Join(r.reportDir, ledger.FileName))
	if err != nil {
		t.Fatalf("reading the ledger: %v", err)
	}
	for _, e := range entries {
		if e.Event == ledger.Creating {
			created++
		}
	}
	return created, ledger.Leftovers(entries)
}

// suiteUsers lists the users the suite created that the server still holds.
func suiteUsers(ref *refserver.Server) []string {
	var out []string
	for _, u := range ref.Usernames() {
		if strings.HasPrefix(u, framework.NamePrefix) {
			out = append(out, u)
		}
	}
	return out
}

// cleanEnv is the environment without any IMCONF_ setting of the caller.
func cleanEnv() []string { return config.WithoutSettings(os.Environ()) }

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// waitFor polls cond until it holds or the limit passes.
func waitFor(t *testing.T, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	for !cond() {
		select {
		case <-ctx.Done():
			t.Fatalf("gave up waiting for %s", what)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// suiteLimit bounds one run of the whole suite (417 specs, some of which wait
// out a recall window or a file's expiry): far above what it takes, so only a
// hang reaches it, on a machine busy with other work too.
const suiteLimit = 3 * time.Minute
