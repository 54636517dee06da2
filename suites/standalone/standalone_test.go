// Package standalone runs the conformance suite the way a user points it at
// a server of their own: `imconform serve` in its own process, the suite
// configured only through IMCONF_* environment variables. Afterwards the
// server must hold no user, group or chat room the suite created, and neither the client secret
// nor any token may appear in the suite's output or report files.
package standalone

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"github.com/imconform/imconform/harness/config"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/imconform/imconform/harness/tokens"
)

func TestSuiteAgainstStandaloneServer(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole suite")
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "imconform")
	build := exec.Command("go", "build", "-o", bin, "./cmd/imconform")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building imconform: %v\n%s", err, out)
	}

	const secret = "YXA6-known-secret-for-the-hygiene-check"
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	server := exec.CommandContext(ctx, bin, "serve", "--addr", "127.0.0.1:0", "--client-id", "YXA6-standalone-id", "--client-secret", secret)
	stdout, err := server.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := server.Start(); err != nil {
		t.Fatal(err)
	}
	stopped := false
	defer func() {
		if !stopped {
			server.Process.Kill()
			server.Wait()
		}
	}()
	env := readExports(t, stdout)
	if env["IMCONF_CLIENT_SECRET"] != secret {
		t.Fatalf("serve printed secret %q, want the one given", env["IMCONF_CLIENT_SECRET"])
	}

	reportDir := t.TempDir()
	suite := exec.CommandContext(ctx, "go", "tool", "ginkgo", "run", "-v", "./suites/conformance")
	suite.Dir = root
	suite.Env = append(cleanEnv(), "IMCONF_REPORT_DIR="+reportDir)
	for k, v := range env {
		suite.Env = append(suite.Env, k+"="+v)
	}
	out, err := suite.CombinedOutput()
	if err != nil {
		t.Fatalf("the suite failed against imconform serve: %v\n%s", err, tail(out, 4000))
	}
	if !bytes.Contains(out, []byte("configured endpoint "+env["IMCONF_BASE_URL"])) {
		t.Fatalf("the suite did not run against the standalone server:\n%s", tail(out, 2000))
	}

	// Nothing the suite created is left on the server.
	c := &http.Client{Timeout: 10 * time.Second}
	appURL := env["IMCONF_BASE_URL"] + "/" + env["IMCONF_ORG"] + "/" + env["IMCONF_APP"]
	g, err := tokens.Request(ctx, c, appURL, env["IMCONF_CLIENT_ID"], secret, 0)
	if err != nil {
		t.Fatal(err)
	}
	list := func(path string, into any) {
		t.Helper()
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, appURL+path, nil)
		req.Header.Set("Authorization", "Bearer "+g.AccessToken)
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s answered %s", path, resp.Status)
		}
		if err := json.NewDecoder(resp.Body).Decode(into); err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
	}
	var users struct {
		Entities []struct{ Username string } `json:"entities"`
	}
	list("/users?limit=100", &users)
	for _, u := range users.Entities {
		t.Errorf("the suite left user %s on the server", u.Username)
	}
	// The server is fresh, so any group or chat room is the suite's.
	var groups struct {
		Data []struct{ GroupID, GroupName string } `json:"data"`
	}
	list("/chatgroups", &groups)
	for _, gr := range groups.Data {
		t.Errorf("the suite left group %s (%s) on the server", gr.GroupID, gr.GroupName)
	}
	var rooms struct {
		Data []struct{ ID, Name string } `json:"data"`
	}
	list("/chatrooms", &rooms)
	for _, r := range rooms.Data {
		t.Errorf("the suite left chat room %s (%s) on the server", r.ID, r.Name)
	}
	var threads struct {
		Entities []struct{ ID string } `json:"entities"`
	}
	list("/thread?limit=50", &threads)
	for _, th := range threads.Entities {
		t.Errorf("the suite left thread %s on the server", th.ID)
	}

	// The server stops cleanly on SIGINT.
	server.Process.Signal(os.Interrupt)
	stopped = true
	if err := server.Wait(); err != nil {
		t.Errorf("imconform serve did not stop cleanly on SIGINT: %v", err)
	}

	// No secret in the output or any report file.
	leaks := regexp.MustCompile(regexp.QuoteMeta(secret) + `|YWMt[A-Za-z0-9_-]{20,}`)
	if m := leaks.Find(out); m != nil {
		t.Errorf("the suite's output holds a secret or token: %q", m)
	}
	files, _ := filepath.Glob(filepath.Join(reportDir, "*"))
	if len(files) == 0 {
		t.Fatal("the suite wrote no report files")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if m := leaks.Find(data); m != nil {
			t.Errorf("%s holds a secret or token: %q", filepath.Base(f), m)
		}
	}
}

// readExports reads serve's "export K=V ..." line.
func readExports(t *testing.T, r interface{ Read([]byte) (int, error) }) map[string]string {
	t.Helper()
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, "export "); ok {
			env := map[string]string{}
			for _, kv := range strings.Fields(rest) {
				k, v, _ := strings.Cut(kv, "=")
				env[k] = v
			}
			go func() { // keep draining so the server never blocks on stdout
				for sc.Scan() {
				}
			}()
			return env
		}
	}
	t.Fatal("imconform serve printed no export line")
	return nil
}

// cleanEnv is the environment without any IMCONF_ setting of the caller.
func cleanEnv() []string { return config.WithoutSettings(os.Environ()) }

func tail(b []byte, n int) string {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}
