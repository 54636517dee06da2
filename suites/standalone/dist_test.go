package standalone

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestDistBinariesRunWithoutGo builds the host platform's `make dist`
// binaries and uses them as the README's "Without Go" section says: the
// server from one folder, the compiled suite from another, configured by
// serve's export line, with a label filter and a JUnit report. Nothing of
// the source tree is on the way: the binaries run from temporary folders.
func TestDistBinariesRunWithoutGo(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the dist binaries")
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	dist := t.TempDir()
	platform := runtime.GOOS + "-" + runtime.GOARCH
	build := exec.Command("make", "--no-print-directory", "dist", "DIST_DIR="+dist, "DIST_PLATFORMS="+runtime.GOOS+"/"+runtime.GOARCH)
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("make dist: %v\n%s", err, out)
	}
	server, suite := filepath.Join(dist, "imconform-"+platform), filepath.Join(dist, "imconform-suite-"+platform)
	checkSums(t, dist, server, suite)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	serve := exec.CommandContext(ctx, server, "serve", "--addr", "127.0.0.1:0")
	serve.Dir = t.TempDir()
	stdout, err := serve.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		serve.Process.Signal(os.Interrupt)
		serve.Wait()
	}()
	env := readExports(t, stdout)

	work := t.TempDir()
	const rows = "users.get.not-found || auth.token-corrupt"
	run := exec.CommandContext(ctx, suite, "--ginkgo.label-filter="+rows, "--ginkgo.junit-report=run.xml", "--ginkgo.no-color")
	run.Dir = work
	run.Env = cleanEnv()
	for k, v := range env {
		run.Env = append(run.Env, k+"="+v)
	}
	out, err := run.CombinedOutput()
	if err != nil {
		t.Fatalf("the compiled suite failed against imconform serve: %v\n%s", err, tail(out, 4000))
	}
	junit, err := os.ReadFile(filepath.Join(work, "run.xml"))
	if err != nil {
		t.Fatalf("no JUnit report where --ginkgo.junit-report said: %v", err)
	}
	for _, row := range []string{"users.get.not-found", "auth.token-corrupt"} {
		passed := regexp.MustCompile(`<testcase name="[^"]*\[` + regexp.QuoteMeta(row) + `[],][^"]*"[^>]*status="passed"`)
		if !passed.Match(junit) {
			t.Errorf("the JUnit report has no passed case of %s", row)
		}
	}
	// The reports go to the working folder's reports/out, as from a
	// checkout, and name the server as the target.
	matrix, err := os.ReadFile(filepath.Join(work, "reports", "out", "conformance.md"))
	if err != nil {
		t.Fatalf("no conformance matrix in the working folder: %v", err)
	}
	if !strings.Contains(string(matrix), env["IMCONF_BASE_URL"]) {
		t.Errorf("the compiled suite did not run against the server at %s:\n%s", env["IMCONF_BASE_URL"], tail(matrix, 2000))
	}
}

// checkSums checks that dist's SHA256SUMS lists each file with its digest.
func checkSums(t *testing.T, dist string, files ...string) {
	t.Helper()
	sums, err := os.ReadFile(filepath.Join(dist, "SHA256SUMS"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		if want := hex.EncodeToString(sum[:]) + "  " + filepath.Base(f); !strings.Contains(string(sums), want+"\n") {
			t.Errorf("SHA256SUMS lacks %q:\n%s", want, sums)
		}
	}
}
