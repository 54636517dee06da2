// Package client is the suite's one HTTP client: httpexpect requests with a
// timeout, counted, and logged as redacted curl lines with their answers.
package client

import (
	"bytes"
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gavv/httpexpect/v2"

	"github.com/imconform/imconform/harness/redact"
)

// Exchange is one request and its answer, redacted, kept as evidence.
type Exchange struct {
	// Method and Path (the URL path, no query) name the operation called.
	Method  string `json:"method,omitempty"`
	Path    string `json:"path,omitempty"`
	Curl    string `json:"curl"`
	Status  int    `json:"status,omitempty"`
	Body    string `json:"body,omitempty"`
	Server  string `json:"server,omitempty"`
	Elapsed string `json:"elapsed,omitempty"`
}

// maxEvidenceBody bounds the body kept per exchange.
const maxEvidenceBody = 4096

// Client sends the suite's requests to one target.
type Client struct {
	baseURL  string // scheme://host
	appPath  string // /org/app
	http     *http.Client
	counter  *countingTransport
	courtesy *courtesyTransport
}

// New returns a client for baseURL (scheme and host) and the app org/app.
func New(baseURL, org, app string, timeout time.Duration) *Client {
	ct := &countingTransport{next: http.DefaultTransport.(*http.Transport).Clone()}
	ctt := &courtesyTransport{next: ct}
	return &Client{
		baseURL:  strings.TrimRight(baseURL, "/"),
		appPath:  "/" + org + "/" + app,
		http:     &http.Client{Transport: ctt, Timeout: timeout, CheckRedirect: noRedirects},
		counter:  ct,
		courtesy: ctt,
	}
}

// SetTLS sets how the client verifies an https target (nil: the system's
// CAs); call it before the first request.
func (c *Client) SetTLS(cfg *tls.Config) {
	c.counter.next.(*http.Transport).TLSClientConfig = cfg
}

func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// HTTP is the underlying client, for harness plumbing (tokens, cleanup).
func (c *Client) HTTP() *http.Client { return c.http }

// BaseURL is the target's scheme and host.
func (c *Client) BaseURL() string { return c.baseURL }

// AppURL is the base URL of the app: scheme://host/org/app.
func (c *Client) AppURL() string { return c.baseURL + c.appPath }

// Requests is how many requests this client has sent.
func (c *Client) Requests() int64 { return c.counter.n.Load() }

// Session is a view of the client for one spec: where its log goes, how
// failures are reported, and the evidence it collected.
type Session struct {
	client   *Client
	log      io.Writer
	reporter httpexpect.Reporter

	mu        sync.Mutex
	exchanges []Exchange
	byRequest map[*http.Request]int // request → index of its exchange
	policy    *Policy
	userAgent atomic.Value // string
	parent    atomic.Pointer[context.Context]
}

// SetParent makes the session's requests end when ctx ends (a spec that is
// interrupted or times out).
func (s *Session) SetParent(ctx context.Context) { s.parent.Store(&ctx) }

// Detach undoes SetParent, so that cleanup requests outlive the spec's context.
func (s *Session) Detach() { s.parent.Store(nil) }

// UserAgent is sent with every request unless a session says otherwise.
const UserAgent = "imconform"

// SetUserAgent sets the User-Agent of the session's next requests, so the
// target's operators can tell the suite's traffic (and its cleanup) apart.
func (s *Session) SetUserAgent(ua string) { s.userAgent.Store(ua) }

func (s *Session) currentUserAgent() string {
	if ua, ok := s.userAgent.Load().(string); ok && ua != "" {
		return ua
	}
	return UserAgent
}

// NewSession starts a spec's use of the client. Request lines go to log;
// transport failures go to reporter.
func (c *Client) NewSession(log io.Writer, reporter httpexpect.Reporter) *Session {
	return &Session{client: c, log: log, reporter: reporter, policy: &Policy{Log: log}}
}

// SeeRaw429 makes the session's requests see every 429 unretried, for specs
// that test rate limits and quotas.
func (s *Session) SeeRaw429() { s.policy.Raw429.Store(true) }

// WaitIdle waits, at most timeout, until none of the session's requests is
// under way, and reports whether that happened. Cleanup waits so that a
// create request still in flight (a spec interrupted mid-request) cannot
// land after the delete that was meant to undo it.
func (s *Session) WaitIdle(timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for s.policy.inFlight.Load() > 0 {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(10 * time.Millisecond)
	}
	return true
}

// Unthrottle sends this session's requests without the client-side rate
// limit (IMCONF_RATE), for specs that must outpace the server's own limit.
func (s *Session) Unthrottle() { s.policy.Unthrottled.Store(true) }

// Retries is how many 429 answers were retried for this session.
func (s *Session) Retries() int { return int(s.policy.Retries.Load()) }

// Context carries the session's courtesy policy to the transport.
func (s *Session) Context() context.Context {
	parent := context.Background()
	if p := s.parent.Load(); p != nil {
		parent = *p
	}
	if s.policy.Cleanup.Load() {
		parent = context.WithoutCancel(parent)
	}
	return WithPolicy(parent, s.policy)
}

// ExchangeOf returns the exchange of req, a request the session sent.
func (s *Session) ExchangeOf(req *http.Request) (Exchange, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i, ok := s.byRequest[req]
	if !ok || i >= len(s.exchanges) {
		return Exchange{}, false
	}
	return s.exchanges[i], true
}

// StartCleanup puts the session's next requests in cleanup mode (see
// Policy.Cleanup): an interrupt no longer cancels them, their own timeout
// bounds them.
func (s *Session) StartCleanup() { s.policy.Cleanup.Store(true) }

// Exchanges returns the evidence collected so far.
func (s *Session) Exchanges() []Exchange {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Exchange(nil), s.exchanges...)
}

// App returns requests rooted at the app (paths like "/users"), with the
// Authorization header "Bearer token" when token is not empty.
func (s *Session) App(token string) *httpexpect.Expect {
	return s.expect(s.client.AppURL(), token)
}

// Root returns requests rooted at the server (paths like "/org/app/token"),
// with no Authorization header.
func (s *Session) Root() *httpexpect.Expect {
	return s.expect(s.client.baseURL, "")
}

func (s *Session) expect(base, token string) *httpexpect.Expect {
	e := httpexpect.WithConfig(httpexpect.Config{
		BaseURL:  base,
		Client:   s.client.http,
		Reporter: s.reporter,
		Printers: []httpexpect.Printer{&printer{session: s}},
	})
	return e.Builder(func(r *httpexpect.Request) {
		r.WithContext(s.Context())
		r.WithHeader("User-Agent", s.currentUserAgent())
		r.WithHeader("Accept", "application/json")
		if token != "" {
			r.WithHeader("Authorization", "Bearer "+token)
		}
	})
}

// Record adds an exchange sent outside httpexpect (a request whose body must
// not be read ahead, like a stalled one), logging it like the printer does.
func (s *Session) Record(req *http.Request, x Exchange) {
	fmt.Fprintf(s.log, "→ %s\n← %d (%s) %s\n", x.Curl, x.Status, x.Elapsed, x.Body)
	s.mu.Lock()
	if s.byRequest == nil {
		s.byRequest = map[*http.Request]int{}
	}
	s.byRequest[req] = len(s.exchanges)
	s.exchanges = append(s.exchanges, x)
	s.mu.Unlock()
}

// printer logs each request as a redacted curl line and each answer with its
// status and body, and keeps both as evidence. Requests sent concurrently
// through one printer are paired with their own answers.
type printer struct {
	session *Session
	pending map[*http.Request]int // request → index of its exchange; session.mu
}

func (p *printer) Request(req *http.Request) {
	if req == nil {
		return
	}
	line := redact.String(Curl(req))
	fmt.Fprintf(p.session.log, "→ %s\n", line)
	p.session.mu.Lock()
	if p.pending == nil {
		p.pending = map[*http.Request]int{}
	}
	p.pending[req] = len(p.session.exchanges)
	if p.session.byRequest == nil {
		p.session.byRequest = map[*http.Request]int{}
	}
	p.session.byRequest[req] = len(p.session.exchanges)
	p.session.exchanges = append(p.session.exchanges, Exchange{Method: req.Method, Path: req.URL.Path, Curl: line})
	p.session.mu.Unlock()
}

func (p *printer) Response(resp *http.Response, elapsed time.Duration) {
	if resp == nil {
		return
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	shown := redact.String(string(body))
	if len(shown) > maxEvidenceBody {
		shown = shown[:maxEvidenceBody] + fmt.Sprintf("… (%d bytes in all)", len(body))
	}
	// A server may echo what it was sent into its reason phrase.
	fmt.Fprintf(p.session.log, "← %s (%s) %s\n", redact.String(resp.Status), elapsed.Round(time.Millisecond), shown)
	p.session.mu.Lock()
	defer p.session.mu.Unlock()
	i, ok := p.pending[resp.Request]
	if ok {
		delete(p.pending, resp.Request)
	} else {
		i = len(p.session.exchanges) - 1
	}
	if i >= 0 && i < len(p.session.exchanges) {
		x := &p.session.exchanges[i]
		x.Status, x.Body, x.Server, x.Elapsed = resp.StatusCode, shown, resp.Header.Get("Server"), elapsed.Round(time.Millisecond).String()
	}
}

// Curl renders a request as a curl command line (not redacted; callers
// redact). The body is read and left in place.
func Curl(req *http.Request) string {
	var b strings.Builder
	fmt.Fprintf(&b, "curl -X %s %s", req.Method, shellQuote(req.URL.String()))
	keys := make([]string, 0, len(req.Header))
	for k := range req.Header {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range req.Header[k] {
			fmt.Fprintf(&b, " -H %s", shellQuote(k+": "+v))
		}
	}
	data := peekBody(req)
	if len(data) > maxEvidenceBody {
		fmt.Fprintf(&b, " --data-binary @body-of-%d-bytes", len(data))
	} else if len(data) > 0 {
		fmt.Fprintf(&b, " --data-raw %s", shellQuote(string(data)))
	}
	return b.String()
}

// peekBody reads the request body and puts it back, so it is still sent.
func peekBody(req *http.Request) []byte {
	if req.Body == nil || req.Body == http.NoBody {
		return nil
	}
	data, err := io.ReadAll(req.Body)
	req.Body.Close()
	req.Body = io.NopCloser(bytes.NewReader(data))
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }
	if err != nil {
		return nil
	}
	return data
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// countingTransport counts requests as they are sent.
type countingTransport struct {
	next http.RoundTripper
	n    atomic.Int64
}

func (t *countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	t.n.Add(1)
	return t.next.RoundTrip(req)
}
