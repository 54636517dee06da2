package refserver

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/profile"
)

func init() {
	implement(map[string]handler{
		"POST /chatfiles":                           (*call).uploadFile,
		"GET /chatfiles/{file_uuid}":                (*call).downloadFile,
		"POST /users/{username}/chatfiles/lifetime": (*call).setFileLifetime,
	})
}

// fileStore keeps what the reference knows of uploaded files: their size
// and digest, and their bytes only when they are small (keptBytes).
type fileStore struct {
	mu    sync.Mutex
	files map[string]chatfile // by uuid
}

type chatfile struct {
	size     int64
	sha256   [sha256.Size]byte
	secret   string
	data     []byte // the file, when at most keptBytes long
	uploaded time.Time
	forever  bool // lifetime "forever": never expires
}

// keptBytes is the largest file whose bytes the reference keeps, so that it
// can be downloaded; a larger one is answered 501 on download.
const keptBytes = 64 << 10

// multipartSlack is what a multipart body may carry beyond the file itself
// (part headers, boundaries, small form fields).
const multipartSlack = 64 << 10

// uploadFile is POST /{org}/{app}/chatfiles, a multipart upload of the part
// "file". The body is read as a stream: the file is hashed as it arrives,
// and reading stops at the first byte over the limit, which is answered 413
// at once. Memory stays flat whatever the size of the upload (see
// BenchmarkUploadTooLarge).
func (c *call) uploadFile() {
	var stored *chatfile
	found, ok := c.eachFilePart("files.upload.missing-file", func(_ *multipart.Part, src io.Reader) bool {
		h := sha256.New()
		kept := &keepSmall{max: keptBytes}
		n, err := io.Copy(io.MultiWriter(h, kept), src)
		if err != nil {
			c.bodyReadFailed(err)
			return false
		}
		if c.overFileLimit(n) {
			return false
		}
		f := chatfile{size: n, data: kept.bytes(), uploaded: c.start}
		copy(f.sha256[:], h.Sum(nil))
		stored = &f
		return true
	})
	if !ok {
		return
	}
	if !found {
		c.fail("files.upload.missing-file", nil)
		return
	}
	uuid := newUUID()
	entity := orderedJSON{{"uuid", uuid}, {"type", "chatfile"}}
	if c.r.Header.Get("restrict-access") == "true" {
		stored.secret = randomToken(24)
		entity = append(entity, kv{"share-secret", stored.secret})
	}
	c.s.files.mu.Lock()
	if c.s.files.files == nil {
		c.s.files.files = map[string]chatfile{}
	}
	c.s.files.files[uuid] = *stored
	c.s.files.mu.Unlock()
	c.writeJSON(http.StatusOK, c.envelope("post", []any{entity}))
}

// eachFilePart streams the multipart request body, at most the profile's
// file size plus the parts' overhead, and calls file for each part named
// "file" with a reader that stops one byte past the file size limit; other
// parts are skipped. A body that is not multipart answers notMultipartRow;
// one that cannot be read to its end answers bodyReadFailed. ok is false
// when it or file answered; found says whether a file part came.
func (c *call) eachFilePart(notMultipartRow string, file func(part *multipart.Part, src io.Reader) bool) (found, ok bool) {
	limit := c.s.opts.Limits.FileMaxBytes
	if limit > 0 {
		c.r.Body = http.MaxBytesReader(c.w, c.r.Body, limit+multipartSlack)
	}
	mr, err := c.r.MultipartReader()
	if err != nil {
		c.fail(notMultipartRow, nil)
		return false, false
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return found, true
		}
		if err != nil {
			c.bodyReadFailed(err)
			return found, false
		}
		if part.FormName() != "file" {
			if _, err := io.Copy(io.Discard, part); err != nil {
				c.bodyReadFailed(err)
				return found, false
			}
			continue
		}
		src := io.Reader(part)
		if limit > 0 {
			src = io.LimitReader(part, limit+1)
		}
		found = true
		if !file(part, src) {
			return found, false
		}
	}
}

// overFileLimit answers files.too-large for a file of n bytes over the
// profile's file size, and reports whether it did.
func (c *call) overFileLimit(n int64) bool {
	if limit := c.s.opts.Limits.FileMaxBytes; limit > 0 && n > limit {
		c.fail("files.too-large", nil)
		return true
	}
	return false
}

// bodyReadFailed answers a request body that could not be read to its end:
// it stalled past the read timeout (408), ran over the size bound (413), or
// is not the multipart it claims to be.
func (c *call) bodyReadFailed(err error) {
	var tooBig *http.MaxBytesError
	switch {
	case isTimeout(err):
		c.fail("http.request-timeout", nil)
	case errors.As(err, &tooBig):
		c.fail("files.too-large", nil)
	default:
		c.illegalArgument("the multipart body cannot be read: " + err.Error())
	}
}

// keepSmall keeps what is written to it while it is at most max bytes, and
// nothing once it is more, so memory stays flat for large uploads.
type keepSmall struct {
	max  int
	buf  bytes.Buffer
	over bool
}

func (k *keepSmall) Write(p []byte) (int, error) {
	if !k.over && k.buf.Len()+len(p) <= k.max {
		k.buf.Write(p)
	} else {
		k.over = true
		k.buf = bytes.Buffer{}
	}
	return len(p), nil
}

func (k *keepSmall) bytes() []byte {
	if k.over {
		return nil
	}
	return k.buf.Bytes()
}

// downloadFile is GET /{org}/{app}/chatfiles/{file_uuid}: an unknown UUID
// is "file may not exists", one uploaded longer ago than the retention
// (profile file_retention) without lifetime "forever" has expired. The
// share-secret of a restricted file is not checked: no document gives the
// answer to a wrong one.
func (c *call) downloadFile() {
	id := c.params["file_uuid"]
	c.s.files.mu.Lock()
	f, ok := c.s.files.files[id]
	c.s.files.mu.Unlock()
	retention := c.s.opts.Limits.FileRetention
	switch {
	case !ok:
		c.fail("files.get.not-found", nil)
	case !f.forever && retention > 0 && c.start.Sub(f.uploaded) > retention:
		c.fail("files.get.expired", catalog.Vars{"file_uuid": id})
	case f.data == nil && f.size > 0:
		c.writeError(http.StatusNotImplemented, "not_implemented", "", "the imconform reference server keeps no bytes of files over "+strconv.Itoa(keptBytes)+" bytes")
	default:
		c.w.Header().Set("Content-Type", "application/octet-stream")
		c.w.Header().Set("Content-Length", strconv.Itoa(len(f.data)))
		c.w.WriteHeader(http.StatusOK)
		c.w.Write(f.data)
	}
}

type lifetimeBody struct {
	Lifetime    *string  `json:"lifetime"`
	ChatfileIDs []string `json:"chatfile_ids"`
}

// lifetimeMaxIDs is the most attachments one lifetime call sets.
const lifetimeMaxIDs = 100

var lifetimes = map[string]bool{"forever": true, "default": true, "refresh": true}

// setFileLifetime is POST /users/{username}/chatfiles/lifetime (Shengwang):
// "forever" keeps an attachment, "default" gives it the app's retention
// again, "refresh" restarts its retention. Order: the feature switch, the
// ID count, the lifetime; IDs of no attachment are left alone (no document
// gives an error for them).
func (c *call) setFileLifetime() {
	if c.featureOff(profile.AttachmentLifetime) {
		// No error_description is documented; the reference words one
		// in the style of the other "not open" rows (decisions.tsv).
		c.failText("files.lifetime.not-open", "message attachment storage service is unopened")
		return
	}
	var m lifetimeBody
	if !c.decodeBody(&m, "request.invalid") {
		return
	}
	switch {
	case len(m.ChatfileIDs) > lifetimeMaxIDs:
		c.fail("files.lifetime.too-many-ids", nil)
		return
	case m.Lifetime == nil || !lifetimes[*m.Lifetime]:
		c.fail("files.lifetime.bad-lifetime", nil)
		return
	}
	c.s.files.mu.Lock()
	for _, id := range m.ChatfileIDs {
		f, ok := c.s.files.files[id]
		if !ok {
			continue
		}
		switch *m.Lifetime {
		case "forever":
			f.forever = true
		case "default":
			f.forever = false
		case "refresh":
			f.uploaded = c.start
		}
		c.s.files.files[id] = f
	}
	c.s.files.mu.Unlock()
	ids, _ := json.Marshal(m.ChatfileIDs)
	c.writeJSON(http.StatusOK, append(c.envelope("put", nil), kv{"data", orderedJSON{{"lifetime", *m.Lifetime}, {"chatfile_ids", json.RawMessage(ids)}}}))
}
