package refserver

import (
	"net/http"
	"strings"

	"github.com/imconform/imconform/harness/profile"
)

func init() {
	implement(map[string]handler{
		"DELETE /users/{username}/user_channel":                   (*call).deleteConversation,
		"DELETE /rest/message/roaming/chat/user/{username}":       func(c *call) { c.deleteRoaming("userId") },
		"DELETE /rest/message/roaming/group/user/{username}":      func(c *call) { c.deleteRoaming("groupId") },
		"DELETE /rest/message/roaming/chat/user/{username}/time":  func(c *call) { c.clearRoaming("userId") },
		"DELETE /rest/message/roaming/group/user/{username}/time": func(c *call) { c.clearRoaming("groupId") },
		"POST /rest/message/roaming/user/{username}/delete/all":   func(c *call) { c.clearRoaming("") },
	})
}

type conversationBody struct {
	Channel    *string `json:"channel"`
	Type       *string `json:"type"`
	DeleteRoam *bool   `json:"delete_roam"`
}

// deleteConversation is DELETE /users/{username}/user_channel. The fields
// are validated before the user is looked up (the wording is a bean
// validation's), and the reference keeps no conversation list, so any user
// has the conversation deleted (decisions.tsv).
func (c *call) deleteConversation() {
	var m conversationBody
	if !c.decodeBody(&m, "conversations.delete.invalid-body") {
		return
	}
	switch {
	case m.Channel == nil || *m.Channel == "":
		c.fail("conversations.delete.empty-channel", nil)
	case m.Type == nil || *m.Type == "":
		c.fail("conversations.delete.empty-type", nil)
	case m.DeleteRoam == nil:
		c.fail("conversations.delete.missing-delete-roam", nil)
	default:
		c.writeJSON(http.StatusOK, append(c.envelope("delete", nil), kv{"data", orderedJSON{{"result", "ok"}}}))
	}
}

// roamingDeleteMax is the most message IDs one roaming delete takes.
const roamingDeleteMax = 50

// deleteRoaming is the one-way deletion of roaming messages by ID: the
// peer (userId) or group (groupId) and msgIdList are required query
// parameters. Order: the feature switch, the parameters, the ID count.
func (c *call) deleteRoaming(peerParam string) {
	if c.featureOff(profile.Roaming) {
		c.fail("messages.roaming-delete.not-open", nil)
		return
	}
	q := c.r.URL.Query()
	ids := q.Get("msgIdList")
	if q.Get(peerParam) == "" || ids == "" {
		c.fail("messages.roaming-delete.missing-param", nil)
		return
	}
	if len(strings.Split(ids, ",")) > roamingDeleteMax {
		c.fail("messages.roaming-delete.too-many", nil)
		return
	}
	c.roamingOK()
}

// clearRoaming is the one-way clearing of roaming messages up to a time
// (peer or group and delTime required) or all of a user's.
func (c *call) clearRoaming(peerParam string) {
	if c.featureOff(profile.Roaming) {
		c.fail("messages.roaming-delete.not-open", nil)
		return
	}
	q := c.r.URL.Query()
	if peerParam != "" && (q.Get(peerParam) == "" || q.Get("delTime") == "") {
		c.fail("messages.roaming-delete.missing-param", nil)
		return
	}
	c.roamingOK()
}

// roamingOK is the roaming service's success body (not the Usergrid
// envelope).
func (c *call) roamingOK() {
	c.writeJSON(http.StatusOK, orderedJSON{{"requestStatusCode", "ok"}, {"timestamp", c.start.UnixMilli()}})
}
