package refserver

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"

	"github.com/imconform/imconform/harness/catalog"
)

// userMay reports whether a user token of user may make the request c, the
// documented rules of who may act (decisions.tsv, "user tokens"): a user
// acts on itself (its own record, password, contacts, block list,
// attributes, presence and joined groups), on the groups it owns (modify, delete, add, remove and
// block members) or belongs to (details, members, leaving), creates groups
// it owns, lists and reads chat rooms, joins and leaves them, and uploads
// files. Everything else (listing or deleting users, listing every group,
// creating chat rooms, messages and history as the app) is for the app
// administrator. A request about a group or chat room that does not exist
// is let through, so that the handler answers the documented 404.
//
// The per-API docs print "App 管理员的鉴权 token" in the header table of
// nearly every operation, yet the official client SDKs call these same
// operations with the user's token; the rules are those the SDKs rely on.
func (c *call) userMay(user string) bool {
	self := strings.EqualFold(c.params["username"], user)
	if c.op.Auth == catalog.AuthUser {
		// The inventory's user-token operations: the user's own settings.
		return self
	}
	switch c.api {
	case "GET /users/{username}", "PUT /users/{username}", "PUT /users/{username}/password",
		"GET /users/{username}/joined_chatgroups",
		"GET /users/{username}/contacts/users", "POST /users/{username}/contacts/users/{friend_username}",
		"DELETE /users/{username}/contacts/users/{friend_username}",
		"GET /users/{username}/blocks/users", "POST /users/{username}/blocks/users", "DELETE /users/{username}/blocks/users/{blocked_username}",
		"PUT /metadata/user/{username}", "DELETE /metadata/user/{username}",
		"POST /users/{username}/presence", "DELETE /users/{username}/presence",
		"GET /users/{username}/presence/sublist", "POST /users/{username}/presence/{expiry}",
		"POST /users/{username}/presence/{resource}/{status}":
		return self
	case "POST /metadata/user/get", "GET /chatrooms", "POST /chatfiles":
		return true
	case "POST /chatgroups":
		return c.bodyOwnerIs(user)
	case "GET /chatgroups/{group_id}", "GET /chatgroups/{group_id}/users":
		return c.inGroup(c.params["group_id"], false, user, false)
	case "PUT /chatgroups/{group_id}", "DELETE /chatgroups/{group_id}",
		"POST /chatgroups/{group_id}/users", "POST /chatgroups/{group_id}/users/{username}",
		"POST /chatgroups/{group_id}/blocks/users", "GET /chatgroups/{group_id}/blocks/users",
		"POST /chatgroups/{group_id}/blocks/users/{username}", "DELETE /chatgroups/{group_id}/blocks/users/{username}",
		"DELETE /chatgroups/{group_id}/blocks/users/{usernames}":
		return c.inGroup(c.params["group_id"], false, user, true)
	case "DELETE /chatgroups/{group_id}/users/{username}", "DELETE /chatgroups/{group_id}/users/{usernames}":
		// A member leaves a group by removing itself; the owner removes anyone.
		return strings.EqualFold(c.param("usernames", "username"), user) || c.inGroup(c.params["group_id"], false, user, true)
	case "GET /chatrooms/{chatroom_id}", "GET /chatrooms/{chatroom_id}/users":
		return true
	case "POST /chatrooms/{chatroom_id}/users/{username}", "DELETE /chatrooms/{chatroom_id}/users/{username}", "DELETE /chatrooms/{chatroom_id}/users/{usernames}":
		// Joining and leaving a chat room is the user's own act.
		return strings.EqualFold(c.param("usernames", "username"), user) || c.inGroup(c.params["chatroom_id"], true, user, true)
	case "PUT /chatrooms/{chatroom_id}", "DELETE /chatrooms/{chatroom_id}", "POST /chatrooms/{chatroom_id}/users":
		return c.inGroup(c.params["chatroom_id"], true, user, true)
	}
	return false
}

// inGroup reports whether user owns (ownerOnly) or is affiliated with the
// group or chat room id; true when there is no such group, for the handler
// to answer its 404.
func (c *call) inGroup(id string, room bool, user string, ownerOnly bool) bool {
	user = strings.ToLower(user)
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	g := c.s.app.lookupGroup(id, room)
	switch {
	case g == nil:
		return true
	case ownerOnly:
		return g.Owner == user
	default:
		return g.affiliated(user)
	}
}

// bodyOwnerIs reports whether the JSON body names user as "owner" (a user
// creates only groups it owns), leaving the body for the handler to read.
// A body that is not JSON is let through for the handler's documented error.
func (c *call) bodyOwnerIs(user string) bool {
	data, err := io.ReadAll(io.LimitReader(c.r.Body, maxBody))
	c.r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(data), c.r.Body))
	if err != nil {
		return true
	}
	var body struct {
		Owner *string `json:"owner"`
	}
	if json.Unmarshal(data, &body) != nil || body.Owner == nil {
		return true
	}
	return strings.EqualFold(*body.Owner, user)
}

// permissionPath is the resource a refused request names, as captured:
// the path inside the app, a user named by its UUID
// ("/users/<userUUID>", api-notes section 1).
func (c *call) permissionPath() string {
	segs := strings.Split(strings.Trim(c.r.URL.Path, "/"), "/")[2:]
	if name := c.params["username"]; name != "" {
		c.s.mu.Lock()
		u := c.s.app.users[strings.ToLower(name)]
		c.s.mu.Unlock()
		for i, seg := range segs {
			if u != nil && seg == name {
				segs[i] = u.UUID
			}
		}
	}
	return "/" + strings.Join(segs, "/")
}
