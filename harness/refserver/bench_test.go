package refserver

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// discardWriter is a ResponseWriter that keeps nothing but the status, so a
// benchmark measures the handler and not a recorder.
type discardWriter struct {
	header http.Header
	status int
}

func (d *discardWriter) Header() http.Header         { return d.header }
func (d *discardWriter) Write(p []byte) (int, error) { return len(p), nil }
func (d *discardWriter) WriteHeader(status int)      { d.status = status }

// BenchmarkGetUser compares the reference's request path for GET
// /{org}/{app}/users/{username} with an app token (routing, rate limit,
// token check, lookup, envelope) with a bare net/http handler writing the
// same answer. Compare the two ns/op:
//
//	go test -run '^$' -bench BenchmarkGetUser -benchmem ./harness/refserver/
func BenchmarkGetUser(b *testing.B) {
	s, token := testServer(b, func(o *Options) {
		// The documented 100 calls a second would answer most iterations 429.
		p := Profile()
		p.APIRatePerSecond = 0
		o.Limits = &p
	})
	reg := httptest.NewRequest("POST", "/o/a/users", strings.NewReader(`{"username":"u1","password":"p1"}`))
	reg.Header.Set("Authorization", "Bearer "+token)
	reg.Header.Set("Content-Type", "application/json")
	s.ServeHTTP(httptest.NewRecorder(), reg)

	req := httptest.NewRequest("GET", "/o/a/users/u1", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		b.Fatalf("GET /users/u1: %d %s", rec.Code, rec.Body)
	}
	body, contentType := rec.Body.Bytes(), rec.Header().Get("Content-Type")

	run := func(b *testing.B, h http.Handler) {
		w := &discardWriter{header: http.Header{}}
		b.ReportAllocs()
		for b.Loop() {
			clear(w.header)
			h.ServeHTTP(w, req)
			if w.status != http.StatusOK {
				b.Fatalf("status %d", w.status)
			}
		}
	}
	b.Run("reference", func(b *testing.B) { run(b, s) })
	b.Run("bare", func(b *testing.B) {
		run(b, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", contentType)
			w.WriteHeader(http.StatusOK)
			w.Write(body)
		}))
	})
}
