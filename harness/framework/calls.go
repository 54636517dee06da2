package framework

import (
	"bytes"
	"fmt"
	"regexp"

	"github.com/gavv/httpexpect/v2"
	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/catalog"
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
// values and its body from with (for user); the spec is skipped, declared,
// where the target declares the operation's area absent.
func (f *Framework) Send(method, path string, values PathValues, user string, with Payload) *httpexpect.Response {
	GinkgoHelper()
	f.RequireOperation(method, path)
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

// CallEntry is the table entry of row id on one operation: its text is the
// operation, its parameters method, path and with (nil: no body), for a
// table body func(ctx SpecContext, method, path string, with Payload).
func CallEntry(id, method, path string, with Payload) TableEntry {
	if with == nil {
		with = NoBody
	}
	return Entry(method+" "+path, Row(id), method, path, with)
}

// Call is one operation with a valid body.
type Call struct {
	Method, Path string
	With         Payload // nil: no body
}

// Entries are the calls' table entries for row id.
func Entries(id string, calls []Call) []any {
	out := make([]any, len(calls))
	for i, c := range calls {
		out[i] = CallEntry(id, c.Method, c.Path, c.With)
	}
	return out
}

// GroupCalls are the operations chat groups and chat rooms share below
// prefix ("/chatgroups/{group_id}" or "/chatrooms/{chatroom_id}"), each
// with a valid body naming the payload's user where it names one.
func GroupCalls(prefix string) []Call {
	text := func(field string) Payload {
		return JSON(func(string) any { return map[string]string{field: "imconform"} })
	}
	newAdmin := JSON(func(u string) any { return map[string]string{"newadmin": u} })
	return []Call{
		{"PUT", prefix, text("description")},
		{"DELETE", prefix, nil},
		{"GET", prefix + "/admin", nil},
		{"POST", prefix + "/admin", newAdmin},
		{"DELETE", prefix + "/admin/{username}", nil},
		{"GET", prefix + "/announcement", nil},
		{"POST", prefix + "/announcement", text("announcement")},
		{"POST", prefix + "/ban", nil},
		{"DELETE", prefix + "/ban", nil},
		{"GET", prefix + "/blocks/users", nil},
		{"POST", prefix + "/blocks/users", UsernamesBody(nil)},
		{"DELETE", prefix + "/blocks/users/{usernames}", nil},
		{"POST", prefix + "/blocks/users/{username}", nil},
		{"DELETE", prefix + "/blocks/users/{username}", nil},
		{"GET", prefix + "/mute", nil},
		{"POST", prefix + "/mute", UsernamesBody(map[string]any{"mute_duration": 60000})},
		{"DELETE", prefix + "/mute/{usernames}", nil},
		{"GET", prefix + "/users", nil},
		{"POST", prefix + "/users", UsernamesBody(nil)},
		{"DELETE", prefix + "/users/{usernames}", nil},
		{"POST", prefix + "/users/{username}", nil},
		{"DELETE", prefix + "/users/{username}", nil},
		{"GET", prefix + "/white/users", nil},
		{"POST", prefix + "/white/users", UsernamesBody(nil)},
		{"POST", prefix + "/white/users/{username}", nil},
		{"DELETE", prefix + "/white/users/{username}", nil},
	}
}

// RequireOperation skips the spec, declared, when the target declares the
// area of the operation method path (below /{org}/{app}) absent: a row is
// labelled with its own area, and checked on other areas' operations too.
func (f *Framework) RequireOperation(method, path string) {
	GinkgoHelper()
	op, ok := catalog.EndpointByKey(method + " /{org}/{app}" + path)
	if !ok {
		Fail(fmt.Sprintf("spec error: %s %s is not an operation of endpoints.tsv", method, path))
	}
	if !suite.target.Profile.Has(op.Area) {
		f.SkipDeclared(fmt.Sprintf("the operation %s is of the %s area, which the target's profile declares absent (profile.absent / IMCONF_PROFILE_ABSENT)", op.Key(), op.Area))
	}
}
