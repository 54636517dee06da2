package refserver

import (
	"strings"
	"sync"
	"time"
)

// limiter is a set of token buckets, one per key: each holds up to
// perSecond tokens and gains perSecond tokens a second, so a key may burst
// perSecond calls and then keep that pace.
type limiter struct {
	mu      sync.Mutex
	buckets map[string]*tokenBucket
}

type tokenBucket struct {
	tokens float64
	last   time.Time
}

// take spends one token of key's bucket; false means the bucket is empty.
// perSecond <= 0 means no limit.
func (l *limiter) take(key string, perSecond int, now time.Time) bool {
	if perSecond <= 0 {
		return true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.buckets == nil {
		l.buckets = map[string]*tokenBucket{}
	}
	b := l.buckets[key]
	if b == nil {
		b = &tokenBucket{tokens: float64(perSecond), last: now}
		l.buckets[key] = b
	}
	if elapsed := now.Sub(b.last).Seconds(); elapsed > 0 {
		b.tokens = min(float64(perSecond), b.tokens+elapsed*float64(perSecond))
		b.last = now
	}
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// rateLimits are the per-app call rate limits: one bucket per API, a method
// on a route (api-notes §9: the documented limits are per App Key and API,
// e.g. 100 calls a second to query users). Ordinary traffic spreads over many
// APIs, so a spec can exhaust one API's rate without its neighbours, which
// call other APIs, coming near theirs.
type rateLimits struct {
	apis limiter
}

// apiOf names the API a request calls: its method and route.
func apiOf(method string, segments []string) string {
	return method + " /" + strings.Join(segments, "/")
}

// withinRateLimit spends a call of the API's rate, answering 429
// reach_limit when it is spent.
func (c *call) withinRateLimit(api string) bool {
	if c.s.rates.apis.take(api, c.s.opts.Limits.APIRatePerSecond, c.start) {
		return true
	}
	c.fail("ratelimit.api", nil)
	return false
}

// A 429 reach_limit tells the client to wait one second (Retry-After in
// rows.tsv): one second refills any bucket by its whole rate.
