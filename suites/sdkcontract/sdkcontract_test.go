// Package sdkcontract is the client contract test: the official web SDK
// (easemob-websdk, pinned in package-lock.json, installed with `npm ci` by
// `make sdk-deps`) runs in Node against `imconform serve` on loopback and
// every SDK call must end in the result the SDK's source maps the live
// service's answer to (contract.js says which, call by call).
package sdkcontract

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestWebSDKAgainstServe(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("node is not on PATH; the client contract test runs the web SDK in Node (install Node.js 18 or newer)")
	}
	if _, err := os.Stat(filepath.Join("node_modules", "easemob-websdk", "package.json")); err != nil {
		t.Fatal("the web SDK is not installed; run `make sdk-deps` (npm ci in suites/sdkcontract)")
	}
	bin := filepath.Join(t.TempDir(), "imconform")
	build := exec.Command("go", "build", "-o", bin, "./cmd/imconform")
	build.Dir = filepath.Join("..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building imconform: %v\n%s", err, out)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	const id, secret = "YXA6-sdk-contract-id", "YXA6-sdk-contract-secret"
	open := serve(ctx, t, bin, "--open-registration", "--client-id", id, "--client-secret", secret)
	closed := serve(ctx, t, bin)

	script := exec.CommandContext(ctx, node, "contract.js", open, closed, "imconform#reference", id, secret)
	script.Env = append(os.Environ(), "REPORT_ONLY=")
	out, err := script.CombinedOutput()
	var failed []string
	calls := 0
	for _, line := range strings.Split(string(out), "\n") {
		var r struct {
			Call string          `json:"call"`
			Got  json.RawMessage `json:"got"`
			Want string          `json:"want"`
			Pass bool            `json:"pass"`
		}
		if json.Unmarshal([]byte(line), &r) != nil || r.Call == "" {
			continue
		}
		calls++
		t.Logf("%-40s %s  got %s", r.Call, mark(r.Pass), r.Got)
		if !r.Pass {
			failed = append(failed, r.Call+": want "+r.Want+", got "+string(r.Got))
		}
	}
	if len(failed) > 0 || err != nil || calls == 0 {
		t.Fatalf("the web SDK did not get the live service's results from imconform serve (%v, %d calls):\n%s\n\noutput:\n%s", err, calls, strings.Join(failed, "\n"), out)
	}
}

func mark(pass bool) string {
	if pass {
		return "ok  "
	}
	return "FAIL"
}

// serve starts `imconform serve` (live edition, its default) on a loopback
// port and returns its base URL; the server stops with the test.
func serve(ctx context.Context, t *testing.T, bin string, args ...string) string {
	t.Helper()
	cmd := exec.CommandContext(ctx, bin, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	})
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "export IMCONF_BASE_URL="); ok {
			base, _, _ := strings.Cut(rest, " ")
			go func() { // keep draining so the server never blocks on stdout
				for sc.Scan() {
				}
			}()
			return base
		}
	}
	t.Fatal("imconform serve printed no export line")
	return ""
}
