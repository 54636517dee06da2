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
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestWebSDKAgainstServe(t *testing.T) {
	results, out, err := runContract(t, "live")
	var failed []string
	for _, r := range results {
		t.Logf("%-40s %s  got %s", r.Call, mark(r.Pass), r.Got)
		if !r.Pass {
			failed = append(failed, r.Call+": want "+r.Want+", got "+string(r.Got))
		}
	}
	if len(failed) > 0 || err != nil || len(results) == 0 {
		t.Fatalf("the web SDK did not get the live service's results from imconform serve (%v, %d calls):\n%s\n\noutput:\n%s", err, len(results), strings.Join(failed, "\n"), out)
	}
}

// TestTheDocumentEditionMisleadsTheSDK: the summary page's wording is not
// what the SDK maps, so against the document edition exactly the calls
// whose outcome hangs on the live wording come out otherwise (this is why
// serve speaks the live edition, and it shows the contract can fail).
func TestTheDocumentEditionMisleadsTheSDK(t *testing.T) {
	results, out, _ := runContract(t, "document")
	wordingBound := map[string]bool{
		"registerUser (registration closed)": true, "open (wrong password)": true,
		"getGroupInfo (no such group)": true, "getChatRoomDetails (no such room)": true,
		"getChatRooms (expired token)": true,
	}
	for _, r := range results {
		if r.Pass == wordingBound[r.Call] {
			t.Errorf("%s against the document edition: pass=%v, got %s", r.Call, r.Pass, r.Got)
		}
	}
	if len(results) == 0 {
		t.Fatalf("the contract script reported nothing:\n%s", out)
	}
}

// result is one SDK call's line of contract.js's output.
type result struct {
	Call string          `json:"call"`
	Got  json.RawMessage `json:"got"`
	Want string          `json:"want"`
	Pass bool            `json:"pass"`
}

// runContract starts two servers of the edition (open and authorized
// registration) and runs contract.js against them.
func runContract(t *testing.T, edition string) ([]result, []byte, error) {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("node is not on PATH; the client contract test runs the web SDK in Node (install Node.js 18 or newer)")
	}
	if _, err := os.Stat(filepath.Join("node_modules", "easemob-websdk", "package.json")); err != nil {
		t.Fatal("the web SDK is not installed; run `make sdk-deps` (npm ci in suites/sdkcontract)")
	}
	bin := imconform(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	const id, secret = "YXA6-sdk-contract-id", "YXA6-sdk-contract-secret"
	open := serve(ctx, t, bin, "--edition", edition, "--open-registration", "--client-id", id, "--client-secret", secret)
	closed := serve(ctx, t, bin, "--edition", edition)
	script := exec.CommandContext(ctx, node, "contract.js", open, closed, "imconform#reference", id, secret)
	script.Env = append(os.Environ(), "REPORT_ONLY=")
	out, err := script.CombinedOutput()
	var results []result
	for _, line := range strings.Split(string(out), "\n") {
		var r result
		if json.Unmarshal([]byte(line), &r) == nil && r.Call != "" {
			results = append(results, r)
		}
	}
	return results, out, err
}

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// imconform builds the command once for the package's tests.
func imconform(t *testing.T) string {
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "imconform-sdkcontract-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "imconform")
		build := exec.Command("go", "build", "-o", binPath, "./cmd/imconform")
		build.Dir = filepath.Join("..", "..")
		if out, err := build.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("building imconform: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

func mark(pass bool) string {
	if pass {
		return "ok  "
	}
	return "FAIL"
}

// serve starts `imconform serve` on a loopback
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

func TestMain(m *testing.M) {
	code := m.Run()
	if binPath != "" {
		os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}
