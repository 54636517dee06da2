// Package faultproxy is a loopback HTTP proxy that breaks the requests it is
// told to: it drops or resets the connection, holds it past the client's
// timeout, cuts the body short, or answers with an HTML page or a gateway
// error, the way a flaky network or a load balancer in front of a real
// target does. Tests put it in front of the reference server to show that
// every spec then ends with a failure naming the cause.
package faultproxy

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strconv"
	"sync/atomic"
	"time"
)

// Kind is one way of breaking a request.
type Kind string

// The faults.
const (
	Drop      Kind = "drop"     // close the connection without an answer
	Reset     Kind = "reset"    // reset the connection (TCP RST)
	Delay     Kind = "delay"    // hold the connection for Delay, then close it unanswered
	Slow      Kind = "slow"     // wait Delay, then forward (even if the client gave up, as a server would)
	TooMany   Kind = "429"      // answer every other request 429 with Retry-After: 0, forward the rest
	Truncate  Kind = "truncate" // forward, then send half the body under the full Content-Length
	HTML      Kind = "html"     // forward, then replace the body with an HTML page (status kept)
	Status502 Kind = "502"      // answer 502 Bad Gateway with an nginx-style HTML page
	Status503 Kind = "503"      // answer 503 Service Unavailable
	Status504 Kind = "504"      // answer 504 Gateway Timeout
)

// Kinds lists every fault.
var Kinds = []Kind{Drop, Reset, Delay, Slow, TooMany, Truncate, HTML, Status502, Status503, Status504}

// Proxy forwards to a target and breaks the requests Match selects.
type Proxy struct {
	Kind Kind
	// Match selects the requests to break; nil breaks every request.
	Match func(*http.Request) bool
	// Delay is how long Delay holds a connection.
	Delay time.Duration

	target   *url.URL
	forward  *httputil.ReverseProxy
	server   *http.Server
	url      string
	faulted  atomic.Int64
	matched  atomic.Int64
	inFlight atomic.Int64
}

// Start starts a proxy on a loopback port in front of target.
func Start(target string, kind Kind, match func(*http.Request) bool) (*Proxy, error) {
	u, err := url.Parse(target)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	forward := httputil.NewSingleHostReverseProxy(u)
	forward.ErrorLog = log.New(io.Discard, "", 0) // a broken upstream is the test's business, not noise
	p := &Proxy{Kind: kind, Match: match, Delay: 5 * time.Second, target: u, forward: forward, url: "http://" + ln.Addr().String()}
	p.server = &http.Server{Handler: p, ReadHeaderTimeout: 10 * time.Second}
	go p.server.Serve(ln)
	return p, nil
}

// URL is the proxy's base URL.
func (p *Proxy) URL() string { return p.url }

// Faulted is how many requests the proxy broke.
func (p *Proxy) Faulted() int64 { return p.faulted.Load() }

// InFlight is how many requests the proxy is handling now.
func (p *Proxy) InFlight() int64 { return p.inFlight.Load() }

// Close stops the proxy.
func (p *Proxy) Close() error { return p.server.Close() }

// ServeHTTP implements http.Handler.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.inFlight.Add(1)
	defer p.inFlight.Add(-1)
	if p.Match != nil && !p.Match(r) {
		p.forward.ServeHTTP(w, r)
		return
	}
	if p.Kind == TooMany && p.matched.Add(1)%2 == 0 {
		p.forward.ServeHTTP(w, r)
		return
	}
	p.faulted.Add(1)
	switch p.Kind {
	case Drop:
		hijack(w, func(c net.Conn) {})
	case Reset:
		hijack(w, func(c net.Conn) {
			if tc, ok := c.(*net.TCPConn); ok {
				tc.SetLinger(0) // close sends RST instead of FIN
			}
		})
	case Delay:
		select {
		case <-time.After(p.Delay):
		case <-r.Context().Done():
		}
		hijack(w, func(c net.Conn) {})
	case Slow:
		time.Sleep(p.Delay)
		p.forward.ServeHTTP(w, r.WithContext(context.WithoutCancel(r.Context())))
	case TooMany:
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Retry-After", "0")
		w.WriteHeader(http.StatusTooManyRequests)
		fmt.Fprint(w, `{"error":"reach_limit","error_description":"This request has reached api limit"}`)
	case Truncate:
		rec := p.record(r)
		hijack(w, func(c net.Conn) {
			fmt.Fprintf(c, "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n",
				rec.status, http.StatusText(rec.status), rec.header.Get("Content-Type"), len(rec.body))
			c.Write(rec.body[:len(rec.body)/2])
		})
	case HTML:
		rec := p.record(r)
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(rec.status)
		fmt.Fprintf(w, "<html><head><title>Welcome</title></head><body><h1>%d</h1><p>Served by a proxy in the way.</p></body></html>\n", rec.status)
	case Status502, Status503, Status504:
		code, _ := strconv.Atoi(string(p.Kind))
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(code)
		fmt.Fprintf(w, "<html>\r\n<head><title>%d %s</title></head>\r\n<body>\r\n<center><h1>%d %s</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n", code, http.StatusText(code), code, http.StatusText(code))
	default:
		http.Error(w, "faultproxy: unknown fault "+string(p.Kind), http.StatusInternalServerError)
	}
}

type recorded struct {
	status int
	header http.Header
	body   []byte
}

// record forwards r and keeps the whole answer.
func (p *Proxy) record(r *http.Request) recorded {
	rw := &recorder{header: http.Header{}, status: http.StatusOK}
	p.forward.ServeHTTP(rw, r)
	return recorded{rw.status, rw.header, rw.body.Bytes()}
}

type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }
func (r *recorder) WriteHeader(s int)           { r.status = s }

// hijack takes the raw connection, lets f write to it, and closes it.
func hijack(w http.ResponseWriter, f func(net.Conn)) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic("faultproxy: the server does not support hijacking")
	}
	c, buf, err := hj.Hijack()
	if err != nil {
		return
	}
	buf.Flush()
	f(c)
	c.Close()
}
