package refserver

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
)

func init() {
	implement(map[string]handler{
		"POST /chatrooms":                                   (*call).createRoom,
		"GET /chatrooms":                                    (*call).listRooms,
		"GET /chatrooms/{chatroom_id}":                      (*call).getRoom,
		"PUT /chatrooms/{chatroom_id}":                      (*call).modifyRoom,
		"DELETE /chatrooms/{chatroom_id}":                   (*call).deleteRoom,
		"POST /chatrooms/{chatroom_id}/users":               (*call).addRoomMembers,
		"GET /chatrooms/{chatroom_id}/users":                (*call).listRoomMembers,
		"POST /chatrooms/{chatroom_id}/users/{username}":    (*call).addRoomMember,
		"DELETE /chatrooms/{chatroom_id}/users/{username}":  (*call).removeRoomMembers,
		"DELETE /chatrooms/{chatroom_id}/users/{usernames}": (*call).removeRoomMembers,
	})
}

// Chat rooms share the group store and the member logic of groups.go; what
// differs is the body (name instead of groupname, no public field), the
// default size, the modifiable fields and the ID key of answers.

// defaultRoomMaxUsers and maxRoomMaxUsers bound a room's size (api-notes §9).
const (
	defaultRoomMaxUsers = 1000
	maxRoomMaxUsers     = 10000
)

type roomCreation struct {
	Name        *string  `json:"name"`
	Description string   `json:"description"`
	MaxUsers    *int     `json:"maxusers"`
	Owner       *string  `json:"owner"`
	Members     []string `json:"members"`
	Custom      string   `json:"custom"`
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
		c.invalidParameter("owner must be provided")()
		return
	}
	maxUsers := defaultRoomMaxUsers
	if req.MaxUsers != nil {
		maxUsers = *req.MaxUsers
	}
	if maxUsers < 1 || maxUsers > maxRoomMaxUsers {
		c.invalidParameter(fmt.Sprintf("maxusers must be between 1 and %d", maxRoomMaxUsers))()
		return
	}
	owner := strings.ToLower(*req.Owner)
	members := dedupe(req.Members, owner)
	if len(members)+1 > maxUsers {
		c.writeError(http.StatusForbidden, "exceed_limit", groupException+"ExceedLimitException", "members size is greater than max user size !")
		return
	}
	c.locked(func(a *app) func() {
		for _, n := range append([]string{owner}, members...) {
			if a.users[n] == nil {
				return c.userMissing(n)
			}
		}
		now := c.start.UnixMilli()
		g := &group{ID: a.newGroupID(), room: true, Name: *req.Name, Description: req.Description, Public: true,
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

// modifiableRoomFields may be set with PUT /chatrooms/{id} (api-notes §6).
var modifiableRoomFields = map[string]bool{"name": true, "description": true, "maxusers": true}

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
		var bad []string
		for k := range fields {
			if !modifiableRoomFields[k] {
				bad = append(bad, k)
			}
		}
		if len(bad) > 0 {
			// Same wording as the group row, which the document files under
			// groups only; not a catalogue row for chat rooms.
			sort.Strings(bad)
			return c.invalidParameter(fmt.Sprintf("some of %s are not valid fields", javaList(bad)))
		}
		if raw, ok := fields["maxusers"]; ok {
			var n int
			if json.Unmarshal(raw, &n) == nil && n > maxRoomMaxUsers {
				return c.invalidParameter(fmt.Sprintf("maxusers must be between 1 and %d", maxRoomMaxUsers))
			}
		}
		return c.applyModification(g, fields, map[string]string{"name": "name"})
	})
}

func (c *call) addRoomMember()     { c.addMember(true) }
func (c *call) addRoomMembers()    { c.addMembers(true) }
func (c *call) removeRoomMembers() { c.removeMembers(true) }
func (c *call) listRoomMembers()   { c.listMembers(true) }
