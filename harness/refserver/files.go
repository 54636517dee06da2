package refserver

import (
	"crypto/sha256"
	"errors"
	"io"
	"net/http"
	"sync"
)

func init() {
	implement(map[string]handler{"POST /chatfiles": (*call).uploadFile})
}

// fileStore keeps what the reference knows of uploaded files: their size
// and digest, never their bytes.
type fileStore struct {
	mu    sync.Mutex
	files map[string]chatfile // by uuid
}

type chatfile struct {
	size   int64
	sha256 [sha256.Size]byte
	secret string
}

// multipartSlack is what a multipart body may carry beyond the file itself
// (part headers, boundaries, small form fields).
const multipartSlack = 64 << 10

// uploadFile is POST /{org}/{app}/chatfiles, a multipart upload of the part
// "file". The body is read as a stream: the file is hashed as it arrives,
// and reading stops at the first byte over the limit, which is answered 413
// at once. Memory stays flat whatever the size of the upload (see
// BenchmarkUploadTooLarge).
func (c *call) uploadFile() {
	limit := c.s.opts.Limits.FileMaxBytes
	if limit > 0 {
		c.r.Body = http.MaxBytesReader(c.w, c.r.Body, limit+multipartSlack)
	}
	mr, err := c.r.MultipartReader()
	if err != nil {
		c.illegalArgument("file must be provided.")
		return
	}
	var stored *chatfile
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			c.bodyReadFailed(err)
			return
		}
		if part.FormName() != "file" {
			if _, err := io.Copy(io.Discard, part); err != nil {
				c.bodyReadFailed(err)
				return
			}
			continue
		}
		h := sha256.New()
		src := io.Reader(part)
		if limit > 0 {
			src = io.LimitReader(part, limit+1)
		}
		n, err := io.Copy(h, src)
		if err != nil {
			c.bodyReadFailed(err)
			return
		}
		if limit > 0 && n > limit {
			c.fail("files.too-large", nil)
			return
		}
		f := chatfile{size: n}
		copy(f.sha256[:], h.Sum(nil))
		stored = &f
	}
	if stored == nil {
		c.illegalArgument("file must be provided.")
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
