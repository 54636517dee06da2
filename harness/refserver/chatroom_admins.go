package refserver

import (
	"encoding/json"
	"fmt"
	"github.com/imconform/imconform/harness/profile"
	"strings"

	"github.com/imconform/imconform/harness/catalog"
)

// What chat rooms have and groups do not: the app's super admins (who may
// create rooms), member tags and muting by tag (Shengwang documents).

func init() {
	implement(map[string]handler{
		"GET /chatrooms/super_admin":                        (*call).listSuperAdmins,
		"POST /chatrooms/super_admin":                       (*call).addSuperAdmin,
		"DELETE /chatrooms/super_admin/{username}":          (*call).removeSuperAdmin,
		"GET /chatrooms/{chatroom_id}/users/{username}/tag": withTags((*call).getMemberTags),
		"PUT /chatrooms/{chatroom_id}/users/{username}/tag": withTags((*call).setMemberTags),
		"PUT /chatrooms/{chatroom_id}/tag/mute":             withTags((*call).muteByTag),
	})
}

// withTags has a tag operation answer the tag feature's "not open" row
// first when the app has chat-room tags switched off (the Shengwang docs
// list the row on all three operations).
func withTags(h handler) handler {
	return func(c *call) {
		if c.serviceOn(profile.ChatroomTags, "chatrooms.tag-mute.not-open") {
			h(c)
		}
	}
}

// Tag limits (chatrooms.tags.* rows).
const (
	maxTagsPerMember = 10
	maxTagLength     = 32 // characters
)

// listSuperAdmins answers GET /chatrooms/super_admin?pagenum=&pagesize=.
func (c *call) listSuperAdmins() {
	page, ok := c.readNumberedPage(10)
	if !ok {
		return
	}
	c.locked(func(a *app) func() {
		names := sortedKeys(a.superAdmins)
		start, end := page.window(len(names))
		return c.ok("get", names[start:end])
	})
}

func (c *call) addSuperAdmin() {
	var body struct {
		SuperAdmin string `json:"superadmin"`
	}
	if !c.readJSON(&body) {
		return
	}
	name := strings.ToLower(body.SuperAdmin)
	if name == "" {
		c.invalidParameter("superadmin must be provided")()
		return
	}
	c.locked(func(a *app) func() {
		if a.users[name] == nil {
			return c.userMissing(name)
		}
		setOf(&a.superAdmins)[name] = true
		return c.ok("post", orderedJSON{{"result", "success"}, {"resource", ""}})
	})
}

func (c *call) removeSuperAdmin() {
	name := strings.ToLower(c.param("username"))
	c.locked(func(a *app) func() {
		if a.users[name] == nil {
			return c.userMissing(name)
		}
		if !a.superAdmins[name] {
			return c.forbiddenOp(fmt.Sprintf("user %s is not a chatroom super admin", name))
		}
		delete(a.superAdmins, name)
		return c.ok("delete", orderedJSON{{"newSuperAdmin", name}, {"resource", ""}})
	})
}

// withRoomMember runs act on the room of the path and its affiliated user
// {username}, answering the not-member row for anyone else.
func (c *call) withRoomMember(act func(g *group, name string) func()) {
	name := strings.ToLower(c.param("username"))
	c.withGroup(true, func(a *app, g *group) func() {
		if !g.affiliated(name) {
			return c.failing("chatrooms.members.not-member", catalog.Vars{"username": name})
		}
		return act(g, name)
	})
}

func (c *call) getMemberTags() {
	c.withRoomMember(func(g *group, name string) func() {
		tags := g.tags[name]
		if tags == nil {
			tags = []string{}
		}
		return c.ok("get", orderedJSON{{"tags", tags}})
	})
}

// setMemberTags answers PUT …/users/{username}/tag {"tags":[...]}; the
// body is checked before the room (type, count, then each tag's length).
func (c *call) setMemberTags() {
	var body struct {
		Tags json.RawMessage `json:"tags"`
	}
	if !c.readJSON(&body) {
		return
	}
	var tags []string
	if err := json.Unmarshal(body.Tags, &tags); err != nil || len(body.Tags) == 0 || string(body.Tags) == "null" {
		c.fail("chatrooms.tags.bad-type", nil)
		return
	}
	if len(tags) > maxTagsPerMember {
		c.fail("chatrooms.tags.too-many", nil)
		return
	}
	for _, t := range tags {
		if len([]rune(t)) > maxTagLength {
			c.fail("chatrooms.tags.too-long", nil)
			return
		}
	}
	c.withRoomMember(func(g *group, name string) func() {
		if g.tags == nil {
			g.tags = map[string][]string{}
		}
		g.tags[name] = tags
		return c.ok("put", orderedJSON{{"result", true}})
	})
}

// muteByTag answers PUT /chatrooms/{id}/tag/mute {"tag": t, "mute_duration":
// seconds}: every member with tag t is muted; none has it, 404.
func (c *call) muteByTag() {
	var body struct {
		Tag          string `json:"tag"`
		MuteDuration int64  `json:"mute_duration"`
	}
	if !c.readJSON(&body) {
		return
	}
	if len([]rune(body.Tag)) > maxTagLength {
		c.fail("chatrooms.tags.too-long", nil)
		return
	}
	if body.Tag == "" || (body.MuteDuration <= 0 && body.MuteDuration != -1) {
		c.invalidParameter("tag and mute_duration must be provided")()
		return
	}
	c.withGroup(true, func(a *app, g *group) func() {
		var tagged []string
		for _, n := range sortedKeys(g.tags) {
			for _, t := range g.tags[n] {
				if t == body.Tag {
					tagged = append(tagged, n)
					break
				}
			}
		}
		if len(tagged) == 0 {
			return c.failing("chatrooms.tag-mute.tag-not-found", nil)
		}
		expire := int64(-1)
		if body.MuteDuration > 0 {
			expire = c.start.UnixMilli() + body.MuteDuration*1000
		}
		if g.muted == nil {
			g.muted = map[string]int64{}
		}
		var results []any
		for _, n := range tagged {
			g.muted[n] = expire
			results = append(results, orderedJSON{{"result", true}, {"expire", expire}, {"user", n}})
		}
		return c.ok("put", results)
	})
}
