package staging

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/imconform/imconform/harness/refserver"
)

// observed is a reference server that counts what the run has created and
// not yet deleted (groups and chat rooms; users the reference lists itself)
// and notices the first spec create and the first cleanup request.
type observed struct {
	ref                    *refserver.Server
	url                    string
	liveRooms              atomic.Int64
	undoLatency            time.Duration
	firstCreate, firstUndo chan struct{}
	createOnce, undoOnce   sync.Once
}

func observedReference(t *testing.T, undoLatency time.Duration) *observed {
	t.Helper()
	o := &observed{firstCreate: make(chan struct{}), firstUndo: make(chan struct{}), undoLatency: undoLatency}
	o.ref = refserver.New(refserver.Options{Org: org, App: app, ClientID: clientID, ClientSecret: clientSecret})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		if r.Method == http.MethodDelete && strings.HasSuffix(r.UserAgent(), "; cleanup)") {
			o.undoOnce.Do(func() { close(o.firstUndo) })
			// A remote target's latency: the cleanup is still under way
			// when Ctrl-C comes just after it started.
			time.Sleep(o.undoLatency)
		}
		o.ref.ServeHTTP(rec, r)
		room := strings.Contains(r.URL.Path, "/chatgroups") || strings.Contains(r.URL.Path, "/chatrooms")
		switch {
		case r.Method == http.MethodPost && strings.Count(r.URL.Path, "/") == 3 && (room || strings.HasSuffix(r.URL.Path, "/users")):
			if room && rec.status == http.StatusOK {
				o.liveRooms.Add(1)
			}
			o.createOnce.Do(func() { close(o.firstCreate) })
		case r.Method == http.MethodDelete && strings.HasSuffix(r.UserAgent(), "; cleanup)"):
			if room && strings.Count(r.URL.Path, "/") == 4 && rec.status == http.StatusOK {
				o.liveRooms.Add(-1)
			}
		}
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	o.url = "http://" + ln.Addr().String()
	return o
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) { s.status = code; s.ResponseWriter.WriteHeader(code) }

// interruptedDuring is the kind of node each spec Ginkgo reports as
// interrupted was in when Ctrl-C came.
func interruptedDuring(reportDir string) []types.NodeType {
	data, err := os.ReadFile(filepath.Join(reportDir, "report.json"))
	if err != nil {
		return nil
	}
	var reports []types.Report
	if json.Unmarshal(data, &reports) != nil || len(reports) != 1 {
		return nil
	}
	var out []types.NodeType
	for _, s := range reports[0].SpecReports {
		if s.State == types.SpecStateInterrupted {
			out = append(out, s.Failure.FailureNodeType)
		}
	}
	return out
}

// Ctrl-C at many random moments, as a terminal sends it (SIGINT to the
// process group of `go tool ginkgo run`), at the default remote rate, so
// that cleanup deletes wait in the client-side rate limiter: half the
// interrupts come at a random moment after the first create, half just
// after the first cleanup request. After each, the server holds nothing the
// run created and the ledger lists no leftover: Ginkgo waits for the cleanup
// node under way instead of abandoning it, and its delete is sent and its
// answer recorded.
func TestInterruptsAtRandomMomentsCleanupIncludedLeaveNothingBehind(t *testing.T) {
	bin, _ := binaries(t)
	const runs, together = 20, 4
	var wg sync.WaitGroup
	var mu sync.Mutex
	slots := make(chan struct{}, together)
	hits := map[types.NodeType]int{}
	for i := range runs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			slots <- struct{}{}
			defer func() { <-slots }()
			// Even runs: Ctrl-C at a random moment of a run of user, group
			// and chat room specs. Odd runs: just after the first cleanup
			// request of a run of user specs (most create one user, so it is
			// the spec's last cleanup), which the target takes 300ms to
			// answer.
			var when string
			var o *observed
			filter := "/^(groups|chatrooms|users)\\./"
			if i%2 == 0 {
				o = observedReference(t, 0)
				when = fmt.Sprintf("%v after the first create", time.Duration(rand.Int64N(int64(4*time.Second))).Round(time.Millisecond))
			} else {
				o = observedReference(t, 300*time.Millisecond)
				filter = "/^users\\./"
				when = fmt.Sprintf("%v after the first cleanup request", time.Duration(rand.Int64N(int64(150*time.Millisecond))).Round(time.Millisecond))
			}
			r := &run{reportDir: t.TempDir()}
			r.cmd = exec.Command("go", "tool", "ginkgo", "run", "--no-color", "--label-filter="+filter, bin)
			r.cmd.Dir = repoRoot
			r.cmd.Env = append(cleanEnv(), "IMCONF_BASE_URL="+o.url, "IMCONF_APPKEY="+org+"#"+app, "IMCONF_REPORT_DIR="+r.reportDir,
				"IMCONF_CLIENT_ID="+clientID, "IMCONF_CLIENT_SECRET="+clientSecret) // the default remote rate: 5 requests a second
			r.cmd.Stdout, r.cmd.Stderr = &r.stdout, &r.stderr
			r.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
			if err := r.cmd.Start(); err != nil {
				t.Error(err)
				return
			}
			exited := make(chan error, 1)
			go func() { exited <- r.cmd.Wait() }()
			var delay time.Duration
			fmt.Sscanf(when, "%v", &delay)
			trigger := o.firstCreate
			if i%2 == 1 {
				trigger = o.firstUndo
			}
			select {
			case <-trigger:
			case err := <-exited:
				t.Errorf("run %d ended before it was interrupted (%v):\n%s", i, err, tail(r.stdout.String(), 2000))
				return
			case <-time.After(60 * time.Second):
				syscall.Kill(-r.cmd.Process.Pid, syscall.SIGKILL)
				t.Errorf("run %d: no request came", i)
				return
			}
			time.Sleep(delay)
			syscall.Kill(-r.cmd.Process.Pid, syscall.SIGINT)
			select {
			case <-exited:
			case <-time.After(60 * time.Second):
				syscall.Kill(-r.cmd.Process.Pid, syscall.SIGKILL)
				t.Errorf("run %d (interrupted %s) did not end within 60s of Ctrl-C:\n%s", i, when, tail(r.stdout.String(), 2000))
				return
			}
			if left := suiteUsers(o.ref); len(left) > 0 {
				t.Errorf("run %d, interrupted %s, left users on the server: %v\n%s", i, when, left, tail(r.stdout.String(), 3000))
			}
			if n := o.liveRooms.Load(); n != 0 {
				t.Errorf("run %d, interrupted %s, left %d groups or chat rooms on the server", i, when, n)
			}
			if created, left := r.leftovers(t); len(left) > 0 {
				t.Errorf("run %d, interrupted %s: the ledger lists %d created, leftovers %v", i, when, created, left)
			}
			mu.Lock()
			for _, n := range interruptedDuring(r.reportDir) {
				hits[n]++
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	t.Logf("interrupted specs by the node Ctrl-C came in: %v", hits)
	if hits[types.NodeTypeCleanupAfterEach] == 0 {
		t.Errorf("no interrupt came during a cleanup node (%v); the test did not test what it is for", hits)
	}
}
