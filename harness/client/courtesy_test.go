package client

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gavv/httpexpect/v2"
)

// limited answers 429 (Retry-After: 0) to the first n requests, then 200,
// and checks every attempt carried the same body.
func limited(t *testing.T, n int32) (*httptest.Server, *atomic.Int32) {
	var seen atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.Method == http.MethodPost && string(body) != `{"username":"u"}` {
			t.Errorf("attempt %d sent body %q", seen.Load()+1, body)
		}
		if seen.Add(1) <= n {
			w.Header().Set("Retry-After", "0")
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusTooManyRequests)
			io.WriteString(w, `{"error":"reach_limit","error_description":"This request has reached api limit"}`)
			return
		}
		io.WriteString(w, `{"ok":true}`)
	}))
	t.Cleanup(srv.Close)
	return srv, &seen
}

func TestA429IsRetriedCountedAndLogged(t *testing.T) {
	srv, seen := limited(t, 2)
	c := New(srv.URL, "org", "app", 5*time.Second)
	var log strings.Builder
	s := c.NewSession(&log, httpexpect.NewAssertReporter(t))
	s.App("tok").POST("/users").WithJSON(map[string]string{"username": "u"}).Expect().Status(http.StatusOK)
	if seen.Load() != 3 || s.Retries() != 2 || c.Retries() != 2 || c.Requests() != 3 {
		t.Fatalf("attempts %d, session retries %d, client retries %d, requests %d", seen.Load(), s.Retries(), c.Retries(), c.Requests())
	}
	if strings.Count(log.String(), "courtesy retry") != 2 {
		t.Fatalf("log:\n%s", log.String())
	}
}

func TestRetriesStopAfterMaxRetries(t *testing.T) {
	srv, seen := limited(t, 100)
	c := New(srv.URL, "org", "app", 5*time.Second)
	s := c.NewSession(io.Discard, httpexpect.NewAssertReporter(t))
	s.App("tok").GET("/users").Expect().Status(http.StatusTooManyRequests)
	if seen.Load() != MaxRetries+1 {
		t.Fatalf("%d attempts, want %d", seen.Load(), MaxRetries+1)
	}
}

func TestARateLimitSpecSeesTheRaw429(t *testing.T) {
	srv, seen := limited(t, 1)
	c := New(srv.URL, "org", "app", 5*time.Second)
	s := c.NewSession(io.Discard, httpexpect.NewAssertReporter(t))
	s.SeeRaw429()
	s.App("tok").GET("/users").Expect().Status(http.StatusTooManyRequests).JSON().Object().HasValue("error", "reach_limit")
	if seen.Load() != 1 || s.Retries() != 0 {
		t.Fatalf("attempts %d retries %d", seen.Load(), s.Retries())
	}
}

func TestNoRetryWhenTheWaitOutlastsTheTimeout(t *testing.T) {
	var seen atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen.Add(1)
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer srv.Close()
	c := New(srv.URL, "org", "app", 2*time.Second)
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, srv.URL, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	resp, err := c.HTTP().Do(req.WithContext(ctx))
	if err != nil || resp.StatusCode != http.StatusTooManyRequests || seen.Load() != 1 {
		t.Fatalf("resp %v err %v attempts %d", resp, err, seen.Load())
	}
}

func TestRetryAfterForms(t *testing.T) {
	if d := retryAfter("7", 0); d != 7*time.Second {
		t.Errorf("seconds: %v", d)
	}
	if d := retryAfter(time.Now().Add(-time.Hour).UTC().Format(http.TimeFormat), 0); d != 0 {
		t.Errorf("past date: %v", d)
	}
	if d := retryAfter("", 2); d != 4*time.Second {
		t.Errorf("backoff: %v", d)
	}
}

// The pacer hands out slots one interval apart; checked on its schedule,
// not with a clock.
func TestThePacerSpacesRequests(t *testing.T) {
	var l Pacer
	l.SetRate(1000) // 1ms apart: the test sleeps about 20ms in all
	start := time.Now()
	for range 20 {
		if err := l.Wait(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if got := l.next.Sub(start); got < 20*time.Millisecond {
		t.Fatalf("20 slots span %v, want at least 20ms", got)
	}
	l.SetRate(0)
	if l.interval != 0 || l.Wait(context.Background()) != nil {
		t.Fatal("rate 0 is not unlimited")
	}
}

// A cleanup request waiting in the rate limiter when Ctrl-C cancels the
// spec's context is still sent (the delete undoes what the spec created);
// a spec request in the same place is cancelled.
func TestACleanupRequestSurvivesTheInterruptThatCancelsTheSpec(t *testing.T) {
	srv, seen := limited(t, 0)
	c := New(srv.URL, "o", "a", 5*time.Second)
	c.SetRate(4) // 250ms apart: the second request waits in the limiter
	for _, cleanup := range []bool{false, true} {
		s := c.NewSession(io.Discard, httpexpect.NewAssertReporter(t))
		spec, interrupt := context.WithCancel(context.Background())
		s.SetParent(spec)
		if cleanup {
			s.StartCleanup()
		}
		before := seen.Load()
		c.courtesy.limit.Wait(context.Background()) // take the next slot: the request below waits
		time.AfterFunc(50*time.Millisecond, interrupt)
		resp, err := c.HTTP().Do(mustRequest(t, s.Context(), srv.URL+"/o/a/users/u"))
		if cleanup {
			if err != nil || seen.Load() != before+1 {
				t.Fatalf("the cleanup request was not sent after the interrupt: %v", err)
			}
			resp.Body.Close()
		} else if err == nil || seen.Load() != before {
			t.Fatalf("a spec request was sent after its spec was interrupted")
		}
	}
}

func mustRequest(t *testing.T, ctx context.Context, url string) *http.Request {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodDelete, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}
