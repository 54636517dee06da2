package refserver

import (
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func testServer(t testing.TB, tune func(*Options)) (*Server, string) {
	t.Helper()
	opts := Options{Org: "o", App: "a", ClientID: "id", ClientSecret: "secret"}
	if tune != nil {
		tune(&opts)
	}
	s := New(opts)
	return s, s.issue("", 0).value
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// streamedUpload is a multipart body with a file of size bytes, generated as
// it is read, so the test itself holds none of it.
func streamedUpload(size int64) (body *countingReader, contentType string, stop func()) {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		part, err := mw.CreateFormFile("file", "big.bin")
		if err == nil {
			chunk := make([]byte, 32<<10)
			for left := size; left > 0 && err == nil; left -= int64(len(chunk)) {
				_, err = part.Write(chunk[:min(int64(len(chunk)), left)])
			}
		}
		if err == nil {
			err = mw.Close()
		}
		pw.CloseWithError(err)
	}()
	return &countingReader{r: pr}, mw.FormDataContentType(), func() { pr.Close() }
}

func upload(s *Server, token string, size int64) (*httptest.ResponseRecorder, int64) {
	body, ct, stop := streamedUpload(size)
	defer stop()
	req := httptest.NewRequest(http.MethodPost, "/o/a/chatfiles", body)
	req.Header.Set("Content-Type", ct)
	req.Header.Set("Authorization", "Bearer "+token)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	return rec, body.n.Load()
}

func TestUploadOverTheLimitStopsReadingAtTheLimit(t *testing.T) {
	s, token := testServer(t, nil)
	limit := s.opts.Limits.FileMaxBytes
	const size = 16 << 20
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	rec, read := upload(s, token, size)
	runtime.ReadMemStats(&after)
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d, want 413; body %s", rec.Code, rec.Body)
	}
	// The multipart reader buffers a few KiB beyond what it hands out.
	if most := limit + multipartSlack; read > most {
		t.Errorf("read %d bytes of a %d-byte upload; a %d-byte limit should stop reading by %d", read, size, limit, most)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > size/8 {
		t.Errorf("allocated %d bytes answering a %d-byte upload; the body must not be held in memory", alloc, size)
	}
}

func TestUploadWithinTheLimitIsStored(t *testing.T) {
	s, token := testServer(t, nil)
	rec, _ := upload(s, token, s.opts.Limits.FileMaxBytes)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"type":"chatfile"`) {
		t.Fatalf("status %d body %s, want 200 with a chatfile entity", rec.Code, rec.Body)
	}
}

// BenchmarkUploadTooLarge measures what answering an over-limit upload
// allocates, as a ratio to the upload's size: it stays flat as uploads grow.
// The readAll runs are the naive handler, reading the whole body first, for
// comparison.
//
//	go test -run '^$' -bench UploadTooLarge -benchmem ./harness/refserver
func BenchmarkUploadTooLarge(b *testing.B) {
	unlimitedRate := func(o *Options) {
		p := Profile()
		p.APIRatePerSecond = 0
		o.Limits = &p
	}
	for _, size := range []int64{1 << 20, 16 << 20, 64 << 20} {
		b.Run(fmt.Sprintf("readAll/%dMiB", size>>20), func(b *testing.B) {
			var ms0, ms1 runtime.MemStats
			runtime.ReadMemStats(&ms0)
			for b.Loop() {
				body, _, stop := streamedUpload(size)
				io.ReadAll(body)
				stop()
			}
			runtime.ReadMemStats(&ms1)
			b.ReportMetric(float64(ms1.TotalAlloc-ms0.TotalAlloc)/float64(b.N)/float64(size), "alloc/upload-byte")
		})
		b.Run(fmt.Sprintf("streamed/%dMiB", size>>20), func(b *testing.B) {
			s, token := testServer(b, unlimitedRate)
			var ms0, ms1 runtime.MemStats
			runtime.ReadMemStats(&ms0)
			b.ReportAllocs()
			for b.Loop() {
				if rec, _ := upload(s, token, size); rec.Code != http.StatusRequestEntityTooLarge {
					b.Fatalf("status %d", rec.Code)
				}
			}
			runtime.ReadMemStats(&ms1)
			perOp := float64(ms1.TotalAlloc-ms0.TotalAlloc) / float64(b.N)
			b.ReportMetric(perOp/float64(size), "alloc/upload-byte")
		})
	}
}

func TestRateLimitAnswers429WithRetryAfterPerAPI(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	s, token := testServer(t, func(o *Options) {
		o.Now = func() time.Time { return now }
		p := Profile()
		p.APIRatePerSecond = 2
		o.Limits = &p
	})
	get := func(path string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		return rec
	}
	for i := 0; i < 2; i++ {
		if rec := get("/o/a/users/nobody"); rec.Code != http.StatusNotFound {
			t.Fatalf("call %d within the rate: %d", i+1, rec.Code)
		}
	}
	rec := get("/o/a/users/nobody")
	var body struct{ Error, Error_description string }
	json.Unmarshal(rec.Body.Bytes(), &body)
	if rec.Code != http.StatusTooManyRequests || body.Error != "reach_limit" || rec.Header().Get("Retry-After") != "1" {
		t.Fatalf("third call: %d Retry-After %q %s, want 429 reach_limit with Retry-After: 1", rec.Code, rec.Header().Get("Retry-After"), rec.Body)
	}
	if rec := get("/o/a/chatmessages/2018-02-09"); rec.Code == http.StatusTooManyRequests {
		t.Fatalf("another API was limited too")
	}
	now = now.Add(time.Second) // the Retry-After of rows.tsv
	if rec := get("/o/a/users/nobody"); rec.Code != http.StatusNotFound {
		t.Fatalf("after Retry-After: %d, want the rate back", rec.Code)
	}
}

func TestAnswersServeGatewayStatuses(t *testing.T) {
	s, _ := testServer(t, func(o *Options) { o.Answers = map[string]int{"/o/a/users": 503} })
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/o/a/users", nil))
	if rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("status %d, want 503", rec.Code)
	}
}

func TestMethodsAnAPIDoesNotSupport(t *testing.T) {
	s, token := testServer(t, nil)
	for method, want := range map[string]int{http.MethodPut: 500, http.MethodPatch: 405} {
		req := httptest.NewRequest(method, "/o/a/users", strings.NewReader("{}"))
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != want {
			t.Errorf("%s /users: %d, want %d", method, rec.Code, want)
		}
	}
}

func TestHistoryOfAnHourWithMessagesHasADownloadURL(t *testing.T) {
	now := time.Date(2026, 11, 28, 17, 30, 0, 0, time.UTC)
	s, token := testServer(t, func(o *Options) { o.Now = func() time.Time { return now } })
	do := func(method, path, body string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		return rec
	}
	if rec := do(http.MethodGet, "/o/a/chatmessages/2026112817", ""); rec.Code != http.StatusNotFound {
		t.Fatalf("hour without messages: %d, want 404", rec.Code)
	}
	if rec := do(http.MethodPost, "/o/a/messages", `{"target_type":"users","target":["u1"],"msg":{"type":"txt","msg":"hi"}}`); rec.Code != http.StatusOK {
		t.Fatalf("send: %d %s", rec.Code, rec.Body)
	}
	rec := do(http.MethodGet, "/o/a/chatmessages/2026112817", "")
	var body struct {
		Data []struct{ URL string }
	}
	json.Unmarshal(rec.Body.Bytes(), &body)
	if rec.Code != http.StatusOK || len(body.Data) != 1 || !strings.HasPrefix(body.Data[0].URL, "http://") {
		t.Fatalf("hour with a message: %d %s, want 200 with one download URL", rec.Code, rec.Body)
	}
	for hour, want := range map[string]int{"2026112818": 400, "2026112516": 400, "2026112517": 404} {
		if rec := do(http.MethodGet, "/o/a/chatmessages/"+hour, ""); rec.Code != want {
			t.Errorf("hour %s: %d, want %d (retention 72h, now 2026-11-28 17:30 UTC)", hour, rec.Code, want)
		}
	}
}
