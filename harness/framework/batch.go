package framework

import (
	"strings"

	"github.com/gavv/httpexpect/v2"
)

// UnregisteredNames returns n fresh names no user has, for batch calls whose
// count is refused before any name is looked up: no call registers them, so
// nothing needs deleting.
func (f *Framework) UnregisteredNames(n int) []string {
	names := make([]string, n)
	for i := range names {
		names[i] = f.UniqueName("u")
	}
	return names
}

// BatchCall sends one batch call naming users to the group or room id.
type BatchCall func(f *Framework, id string, names []string) *httpexpect.Response

// BatchInBody sends the names as {"usernames": [...]} (plus extra fields).
func BatchInBody(method, path string, extra map[string]any) BatchCall {
	return func(f *Framework, id string, names []string) *httpexpect.Response {
		body := map[string]any{"usernames": names}
		for k, v := range extra {
			body[k] = v
		}
		return f.App().Request(method, path, id).WithJSON(body).Expect()
	}
}

// BatchInPath sends the names as a comma list in the path's last segment.
func BatchInPath(method, path string) BatchCall {
	return func(f *Framework, id string, names []string) *httpexpect.Response {
		return f.App().Request(method, path, id, strings.Join(names, ",")).Expect()
	}
}
