package framework

import (
	"strings"

	"github.com/gavv/httpexpect/v2"
	. "github.com/onsi/ginkgo/v2"
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

// BatchLimit is one batch call that chat groups and chat rooms share below
// their prefix, and the rule of its row ("members.add-too-many": the row is
// groups.<rule> or chatrooms.<rule>).
type BatchLimit struct {
	Text, Rule string
	Send       BatchCall
}

// BatchLimits are the batch calls of the group service below prefix
// ("/chatgroups/{group_id}" or "/chatrooms/{chatroom_id}"), each limited to
// 60 names.
func BatchLimits(prefix string) []BatchLimit {
	inBody := func(what, path, rule string, extra map[string]any) BatchLimit {
		return BatchLimit{"POST " + prefix + path + " (" + what + ")", rule, BatchInBody("POST", prefix+path, extra)}
	}
	inPath := func(what, path, rule string) BatchLimit {
		return BatchLimit{"DELETE " + prefix + path + " (" + what + ")", rule, BatchInPath("DELETE", prefix+path)}
	}
	return []BatchLimit{
		inBody("add members", "/users", "members.add-too-many", nil),
		inPath("remove members", "/users/{usernames}", "members.kick-too-many"),
		inBody("block", "/blocks/users", "blocks.add-too-many", nil),
		inPath("unblock", "/blocks/users/{usernames}", "blocks.remove-too-many"),
		inBody("allow", "/white/users", "allowlist.add-too-many", nil),
		inPath("disallow", "/white/users/{username}", "allowlist.remove-too-many"),
		inBody("mute", "/mute", "mute.add-too-many", map[string]any{"mute_duration": 60000}),
		inPath("unmute", "/mute/{usernames}", "mute.remove-too-many"),
	}
}

// BatchLimitEntries are the table entries of the batch limits of an area
// ("groups" or "chatrooms"): parameters the row ID and the BatchCall.
func BatchLimitEntries(area, prefix string) []any {
	var out []any
	for _, b := range BatchLimits(prefix) {
		id := area + "." + b.Rule
		out = append(out, Entry(b.Text, Row(id), id, b.Send))
	}
	return out
}
