package client

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Courtesy toward a shared target: a client-side request rate, and 429
// answers retried after Retry-After (or a backoff) for requests whose spec
// is not itself testing rate limits.

// MaxRetries is how often one request is retried after a 429.
const MaxRetries = 3

// maxRetryWait caps one wait when the request has no deadline.
const maxRetryWait = 30 * time.Second

// Policy is how the courtesy layer treats one spec's requests.
type Policy struct {
	// Raw429 hands every 429 to the spec unretried: rate-limit and quota
	// specs must see the server's own answer.
	Raw429 atomic.Bool
	// Unthrottled sends the spec's requests without the client-side rate
	// limit: a rate-limit spec must outpace the server's limit.
	Unthrottled atomic.Bool
	// Retries counts the 429 retries made for the spec.
	Retries atomic.Int64
	// inFlight counts the spec's requests under way.
	inFlight atomic.Int64
	// Cleanup marks the requests that undo what the spec created: they
	// must survive the interrupt (Ctrl-C) that ends the spec, so they are
	// detached from the cancellation of the spec's context, and bounded by
	// the request timeout instead (http.Client.Timeout), waiting in the
	// rate limiter included.
	Cleanup atomic.Bool
	// Log receives a line per retry.
	Log io.Writer
}

type policyKey struct{}

// WithPolicy attaches p to the requests sent with ctx.
func WithPolicy(ctx context.Context, p *Policy) context.Context {
	return context.WithValue(ctx, policyKey{}, p)
}

func policyOf(ctx context.Context) *Policy {
	p, _ := ctx.Value(policyKey{}).(*Policy)
	return p
}

// Pacer spaces events at most rate per second apart (a token bucket of
// depth one: no bursts, which is what a shared target appreciates). The
// zero Pacer does not wait.
type Pacer struct {
	mu       sync.Mutex
	interval time.Duration // 0: unlimited
	next     time.Time
}

// SetRate sets the rate; 0 lifts the limit.
func (l *Pacer) SetRate(perSecond float64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.interval = 0
	if perSecond > 0 {
		l.interval = time.Duration(float64(time.Second) / perSecond)
	}
}

// Wait takes the next slot, sleeping until it comes or ctx ends.
func (l *Pacer) Wait(ctx context.Context) error {
	l.mu.Lock()
	if l.interval == 0 {
		l.mu.Unlock()
		return nil
	}
	now := time.Now()
	slot := l.next
	if slot.Before(now) {
		slot = now
	}
	l.next = slot.Add(l.interval)
	l.mu.Unlock()
	return sleep(ctx, slot.Sub(now))
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// courtesyTransport waits for the rate limiter before every attempt and
// retries 429 answers as the request's Policy allows.
type courtesyTransport struct {
	next    http.RoundTripper
	limit   Pacer
	retries atomic.Int64
}

func (t *courtesyTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	p := policyOf(ctx)
	if p != nil {
		p.inFlight.Add(1)
		defer p.inFlight.Add(-1)
	}
	if req.Body != nil && req.Body != http.NoBody && req.GetBody == nil && !isStream(ctx) {
		// Keep the body so a retry can send it again.
		data, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		req = req.Clone(ctx)
		req.Body = io.NopCloser(bytes.NewReader(data))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }
	}
	for attempt := 0; ; attempt++ {
		if p != nil && p.Unthrottled.Load() {
			// no client-side spacing for a spec that must outpace the server
		} else if err := t.limit.Wait(ctx); err != nil {
			return nil, fmt.Errorf("waiting for the client-side rate limit (IMCONF_RATE): %w", err)
		}
		if ctx.Err() != nil {
			// The spec has ended (interrupted, timed out): send nothing more.
			return nil, context.Cause(ctx)
		}
		resp, err := send(t.next, req)
		if err != nil || resp.StatusCode != http.StatusTooManyRequests || attempt == MaxRetries || isStream(ctx) || (p != nil && p.Raw429.Load()) {
			return resp, err
		}
		wait := retryAfter(resp.Header.Get("Retry-After"), attempt)
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait+100*time.Millisecond {
			return resp, nil // no time left to wait: the spec sees the 429
		} else if !ok && wait > maxRetryWait {
			return resp, nil
		}
		io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
		resp.Body.Close()
		t.retries.Add(1)
		if p != nil {
			p.Retries.Add(1)
			if p.Log != nil {
				fmt.Fprintf(p.Log, "↻ 429 Too Many Requests for %s %s; courtesy retry %d of %d after %s\n", req.Method, req.URL.Path, attempt+1, MaxRetries, wait)
			}
		}
		if err := sleep(ctx, wait); err != nil {
			return nil, err
		}
		if req.GetBody != nil {
			body, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			req = req.Clone(ctx)
			req.Body = body
		}
	}
}

// send sends req through next. Once on the wire a request runs to its
// answer even if its spec ends (is interrupted) meanwhile, bounded by its
// deadline (the request timeout): the server may carry it out anyway, so
// it must land, and its answer be known, before cleanup's requests go out
// (Session.WaitIdle), or a delete could overtake the create it undoes.
func send(next http.RoundTripper, req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	var detached context.Context
	var cancel context.CancelFunc
	if dl, ok := ctx.Deadline(); ok {
		detached, cancel = context.WithDeadline(context.WithoutCancel(ctx), dl)
	} else {
		detached, cancel = context.WithCancel(context.WithoutCancel(ctx))
	}
	resp, err := next.RoundTrip(req.WithContext(detached))
	if err != nil {
		cancel()
		return nil, err
	}
	resp.Body = cancelOnClose{resp.Body, cancel}
	return resp, nil
}

type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (c cancelOnClose) Close() error {
	err := c.ReadCloser.Close()
	c.cancel()
	return err
}

// retryAfter reads a Retry-After header (seconds or an HTTP date); without
// one it backs off 1s, 2s, 4s.
func retryAfter(h string, attempt int) time.Duration {
	if s, err := strconv.Atoi(h); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if at, err := http.ParseTime(h); err == nil {
		return max(time.Until(at), 0)
	}
	return time.Second << attempt
}

// SetRate limits the client to perSecond requests per second; 0 lifts the
// limit.
func (c *Client) SetRate(perSecond float64) { c.courtesy.limit.SetRate(perSecond) }

// Retries is how many 429 answers this client has retried.
func (c *Client) Retries() int64 { return c.courtesy.retries.Load() }

type streamKey struct{}

// WithStream marks a request whose body is a stream that must not be read
// ahead (a stalled body, say): it is sent once, never buffered or retried.
func WithStream(ctx context.Context) context.Context {
	return context.WithValue(ctx, streamKey{}, true)
}

func isStream(ctx context.Context) bool { return ctx.Value(streamKey{}) != nil }
