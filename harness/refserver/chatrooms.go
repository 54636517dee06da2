package refserver

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/imconform/imconform/harness/catalog"
)

func init() {
	implement(map[string]handler{
		"POST /chatrooms":                                          (*call).createRoom,
		"GET /chatrooms":                                           (*call).listRooms,
		"GET /chatrooms/{chatroom_id}":                             (*call).getRoom,
		"PUT /chatrooms/{chatroom_id}":                             (*call).modifyRoom,
		"DELETE /chatrooms/{chatroom_id}":                          (*call).deleteRoom,
		"POST /chatrooms/{chatroom_id}/users":                      (*call).addRoomMembers,
		"GET /chatrooms/{chatroom_id}/users":                       (*call).listRoomMembers,
		"POST /chatrooms/{chatroom_id}/users/{username}":           (*call).addRoomMember,
		"DELETE /chatrooms/{chatroom_id}/users/{username}":         (*call).removeRoomMembers,
		"DELETE /chatrooms/{chatroom_id}/users/{usernames}":        (*call).removeRoomMembers,
		"POST /chatrooms/{chatroom_id}/blocks/users":               func(c *call) { c.blockBatch(true) },
		"GET /chatrooms/{chatroom_id}/blocks/users":                func(c *call) { c.listBlocks(true) },
		"POST /chatrooms/{chatroom_id}/blocks/users/{username}":    func(c *call) { c.block(true, usernamesParam(c.param("username")), false) },
		"DELETE /chatrooms/{chatroom_id}/blocks/users/{username}":  func(c *call) { c.unblock(true) },
		"DELETE /chatrooms/{chatroom_id}/blocks/users/{usernames}": func(c *call) { c.unblock(true) },
	})
}

// Chat rooms share the group store and the member logic of groups.go; what
// differs is the body (name instead of groupname, no public field), the
// default size, the modifiable fields and the ID key of answers.

// Limits of a chat room (api-notes §9); the most members a room may have
// is the profile's chatroom_max_users.
const (
	defaultRoomMaxUsers = 1000
	// documentedRoomMaxUsers is the documented default maximum, which the
	// vendor raises per app: so a target's profile leaves it unknown unless
	// declared.
	documentedRoomMaxUsers = 10000
	maxRoomTitle           = 128 // characters
	maxRoomDescription     = 512
)

// roomMaxUsers is the most members a chat room may be given.
func (c *call) roomMaxUsers() int {
	if n := c.s.opts.Limits.ChatroomMaxUsers; n > 0 {
		return n
	}
	return documentedRoomMaxUsers
}

type roomCreation struct {
	Name        *string  `json:"name"`
	Description string   `json:"description"`
	MaxUsers    *int     `json:"maxusers"`
	Owner       *string  `json:"owner"`
	Members     []string `json:"members"`
	Custom      string   `json:"custom"`
	// ID is a custom chat room ID (the key is a guess, decisions.tsv
	// chatrooms.create.duplicate-id).
	ID string `json:"id"`
}

func (c *call) createRoom() {
	var req roomCreation
	if !c.readJSON(&req) {
		return
	}
	switch {
	case req.Name == nil || *req.Name == "":
		c.invalidParameterNoException("chatroom must contain title/name field!")
		return
	case req.Owner == nil || *req.Owner == "":
		c.fail("chatrooms.create.missing-field", catalog.Vars{"field": "owner"})
		return
	}
	maxUsers := min(defaultRoomMaxUsers, c.roomMaxUsers())
	if req.MaxUsers != nil {
		maxUsers = *req.MaxUsers
	}
	if limit := c.roomMaxUsers(); maxUsers < 1 || maxUsers > limit {
		c.invalidParameter(fmt.Sprintf("maxusers must be between 1 and %d", limit))()
		return
	}
	owner := strings.ToLower(*req.Owner)
	members := dedupe(req.Members, owner)
	if len(members)+1 > maxUsers {
		c.fail("chatrooms.create.too-many-members", nil)
		return
	}
	c.locked(func(a *app) func() {
		if req.ID != "" && a.groups[req.ID] != nil {
			return c.failing("chatrooms.create.duplicate-id", catalog.Vars{"chatroom_id": req.ID})
		}
		for _, n := range append([]string{owner}, members...) {
			if a.users[n] == nil {
				return c.userMissing(n)
			}
		}
		now := c.start.UnixMilli()
		id := req.ID
		if id == "" {
			id = a.newGroupID()
		} else {
			a.seq++
		}
		g := &group{ID: id, room: true, Name: *req.Name, Description: req.Description, Public: true,
			MaxUsers: maxUsers, Custom: req.Custom, Owner: owner, members: members, blocked: map[string]bool{},
			created: now, modified: now, seq: a.seq}
		a.groups[g.ID] = g
		return c.ok("post", orderedJSON{{"id", g.ID}})
	})
}

// invalidParameterNoException: the captured "no name" answer has no
// exception field (api-notes §6).
func (c *call) invalidParameterNoException(text string) {
	c.writeError(http.StatusBadRequest, "invalid_parameter", "", text)
}

// listRooms answers GET /chatrooms.
func (c *call) listRooms() { c.listGroupsOf(true) }

func (c *call) getRoom() { c.getGroupOf(groupKindRoom) }

func (c *call) deleteRoom() { c.deleteGroupOf(groupKindRoom) }

// modifiableRoomFields may be set with PUT /chatrooms/{id} (api-notes §6);
// "newowner" transfers the room, as for groups.
var modifiableRoomFields = map[string]bool{"name": true, "description": true, "maxusers": true, "newowner": true}

func (c *call) modifyRoom() {
	id := c.params["chatroom_id"]
	var fields map[string]json.RawMessage
	if !c.readJSON(&fields) {
		return
	}
	c.locked(func(a *app) func() {
		g := a.lookupGroup(id, true)
		if g == nil {
			return c.groupMissing(id)
		}
		// The catalogue files the invalid-field row under the group and the
		// chat-room operation alike.
		if reply := c.invalidFields(fields, modifiableRoomFields, true); reply != nil {
			return reply
		}
		if raw, ok := fields["newowner"]; ok {
			return c.transferGroup(a, g, raw)
		}
		if reply := c.roomModificationLimits(fields); reply != nil {
			return reply
		}
		return c.applyModification(g, fields, map[string]string{"name": "name"})
	})
}

// roomModificationLimits answers the size rows of PUT /chatrooms/{id}:
// name, description, then maxusers; nil when all are within bounds.
func (c *call) roomModificationLimits(fields map[string]json.RawMessage) func() {
	var name, desc string
	if raw, ok := fields["name"]; ok && json.Unmarshal(raw, &name) == nil && len([]rune(name)) > maxRoomTitle {
		return c.failing("chatrooms.modify.title-too-long", catalog.Vars{"limit": fmt.Sprint(maxRoomTitle)})
	}
	if raw, ok := fields["description"]; ok && json.Unmarshal(raw, &desc) == nil && len([]rune(desc)) > maxRoomDescription {
		return c.failing("chatrooms.modify.desc-too-long", catalog.Vars{"limit": fmt.Sprint(maxRoomDescription)})
	}
	if raw, ok := fields["maxusers"]; ok {
		var n int
		if limit := c.roomMaxUsers(); json.Unmarshal(raw, &n) == nil && n > limit {
			return c.failing("chatrooms.modify.maxusers-too-large", catalog.Vars{"limit": fmt.Sprint(limit)})
		}
	}
	return nil
}

func (c *call) addRoomMember()     { c.addMember(true) }
func (c *call) addRoomMembers()    { c.addMembers(true) }
func (c *call) removeRoomMembers() { c.removeMembers(true) }
func (c *call) listRoomMembers()   { c.listMembers(true) }
