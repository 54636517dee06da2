package framework

import (
	"bytes"
	"fmt"
	"regexp"

	"github.com/gavv/httpexpect/v2"
	. "github.com/onsi/ginkgo/v2"
)

// PathValues fills the {placeholders} of an operation's path by name.
type PathValues map[string]string

// Payload gives a request its body; user is a registered user the body
// may name.
type Payload func(r *httpexpect.Request, user string) *httpexpect.Request

// NoBody sends the request without a body.
func NoBody(r *httpexpect.Request, _ string) *httpexpect.Request { return r }

// JSON sends body(user) as JSON.
func JSON(body func(user string) any) Payload {
	return func(r *httpexpect.Request, user string) *httpexpect.Request { return r.WithJSON(body(user)) }
}

// UsernamesBody sends {"usernames": [user]} plus the extra fields.
func UsernamesBody(extra map[string]any) Payload {
	return JSON(func(user string) any {
		body := map[string]any{"usernames": []string{user}}
		for k, v := range extra {
			body[k] = v
		}
		return body
	})
}

// TextFile sends a small text file as the multipart field "file".
func TextFile(r *httpexpect.Request, _ string) *httpexpect.Request {
	return r.WithMultipart().WithFile("file", "imconform.txt", bytes.NewReader([]byte("imconform")))
}

var placeholder = regexp.MustCompile(`\{(\w+)\}`)

// Send sends method path with the app token, its placeholders filled from
// values and its body from with (for user).
func (f *Framework) Send(method, path string, values PathValues, user string, with Payload) *httpexpect.Response {
	GinkgoHelper()
	var args []any
	for _, m := range placeholder.FindAllStringSubmatch(path, -1) {
		v, ok := values[m[1]]
		if !ok {
			Fail(fmt.Sprintf("spec error: no value for {%s} of %s", m[1], path))
		}
		args = append(args, v)
	}
	return with(f.App().Request(method, path, args...), user).Expect()
}
