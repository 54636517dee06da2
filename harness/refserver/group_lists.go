package refserver

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/profile"
)

// The role and state lists of groups and chat rooms: admins, mute lists,
// allow lists, mute-all, announcements, group states; and a member's fate
// when a user is deleted. Both kinds share the handlers (the path parameter
// and the rows differ, by roomOrGroupRow).

func init() {
	both := func(path string, h func(c *call, room bool)) map[string]handler {
		return map[string]handler{
			strings.Replace(path, "{id}", "/chatgroups/{group_id}", 1):   func(c *call) { h(c, false) },
			strings.Replace(path, "{id}", "/chatrooms/{chatroom_id}", 1): func(c *call) { h(c, true) },
		}
	}
	for _, m := range []map[string]handler{
		both("GET {id}/admin", (*call).listAdmins),
		both("POST {id}/admin", (*call).addAdmin),
		both("DELETE {id}/admin/{username}", (*call).removeAdmin),
		both("GET {id}/mute", (*call).listMuted),
		both("POST {id}/mute", (*call).mute),
		both("DELETE {id}/mute/{usernames}", (*call).unmute),
		both("POST {id}/ban", func(c *call, room bool) { c.muteAll(room, true) }),
		both("DELETE {id}/ban", func(c *call, room bool) { c.muteAll(room, false) }),
		both("GET {id}/white/users", (*call).listAllowed),
		both("POST {id}/white/users", (*call).allowBatch),
		both("POST {id}/white/users/{username}", func(c *call, room bool) { c.allow(room, []string{strings.ToLower(c.param("username"))}) }),
		both("DELETE {id}/white/users/{username}", (*call).disallow),
		both("GET {id}/announcement", (*call).getAnnouncement),
		both("POST {id}/announcement", (*call).setAnnouncement),
	} {
		implement(m)
	}
	implement(map[string]handler{
		"POST /chatgroups/{group_id}/disable":                  func(c *call) { c.setDisabled(true) },
		"POST /chatgroups/{group_id}/enable":                   func(c *call) { c.setDisabled(false) },
		"GET /chatgroups/{group_id}/user/{username}/is_joined": (*call).isJoined,
		"GET /chatgroups/user/{username}":                      (*call).groupsOfUser,
	})
}

// groupLimits sets the reference's declared group limits beyond the quotas:
// a small room size, so the maxusers row is cheap, and a moderated word,
// so the content-moderation rows can be provoked.
func groupLimits(p *profile.Profile) {
	p.ChatroomMaxUsers = 500
	p.ModeratedWord = "imconform-moderated"
	p.ThreadsPerApp = 12
	p.ThreadsPerUser = 4
}

// moderate answers row when text holds the profile's moderated word (the
// reference's content moderation); nil otherwise.
func (c *call) moderate(row, text string) func() {
	word := c.s.opts.Limits.ModeratedWord
	if word == "" || !strings.Contains(strings.ToLower(text), strings.ToLower(word)) {
		return nil
	}
	return c.failing(row, catalog.Vars{"groupname": text})
}

// withGroup runs act on the group or room of the path, answering the
// captured "grpID … does not exist!" when there is none.
func (c *call) withGroup(room bool, act func(a *app, g *group) func()) {
	id := c.groupParam(room)
	c.locked(func(a *app) func() {
		g := a.lookupGroup(id, room)
		if g == nil {
			return c.groupMissing(id)
		}
		return act(a, g)
	})
}

func setOf(m *map[string]bool) map[string]bool {
	if *m == nil {
		*m = map[string]bool{}
	}
	return *m
}

// numberedPage is the pagenum (from 1) and pagesize of the group
// service's numbered listings (share files, super admins); zero: no paging.
type numberedPage struct{ num, size int }

// readNumberedPage reads the page parameters; ok is false when the request
// was answered.
func (c *call) readNumberedPage(defaultSize int) (p numberedPage, ok bool) {
	q := c.r.URL.Query()
	if q.Get("pagenum") == "" && q.Get("pagesize") == "" {
		return p, true
	}
	p = numberedPage{num: 1, size: defaultSize}
	for key, dst := range map[string]*int{"pagenum": &p.num, "pagesize": &p.size} {
		if v := q.Get(key); v != "" {
			x, err := strconv.Atoi(v)
			if err != nil || x < 1 {
				c.invalidParameter(key + " must be a number greater than 0")()
				return p, false
			}
			*dst = x
		}
	}
	return p, true
}

// window is the part of n items the page shows.
func (p numberedPage) window(n int) (start, end int) {
	if p.size == 0 {
		return 0, n
	}
	start = min((p.num-1)*p.size, n)
	return start, min(start+p.size, n)
}

// --- admins ---

func (c *call) listAdmins(room bool) {
	c.withGroup(room, func(a *app, g *group) func() { return c.ok("get", sortedKeys(g.admins)) })
}

// addAdmin answers POST …/admin {"newadmin": u}: only a member (not the
// owner) may become an admin; a non-member gets the captured 404.
func (c *call) addAdmin(room bool) {
	var body struct {
		NewAdmin string `json:"newadmin"`
	}
	if !c.readJSON(&body) {
		return
	}
	name := strings.ToLower(body.NewAdmin)
	if name == "" {
		c.invalidParameter("newadmin must be provided")()
		return
	}
	c.withGroup(room, func(a *app, g *group) func() {
		switch {
		case name == g.Owner:
			return c.forbiddenOp("forbidden operation on group owner!")
		case !g.isMember(name):
			return func() {
				c.writeError(http.StatusNotFound, "resource_not_found", groupException+"ResourceNotFoundException",
					fmt.Sprintf("user: %s doesn't exist in group: %s", name, g.ID))
			}
		case g.admins[name]:
			return c.forbiddenOp(fmt.Sprintf("user:%s is already admin of group:%s", name, g.ID))
		}
		setOf(&g.admins)[name] = true
		return c.ok("post", orderedJSON{{"result", "success"}, {"newadmin", name}})
	})
}

func (c *call) removeAdmin(room bool) {
	name := strings.ToLower(c.param("username"))
	c.withGroup(room, func(a *app, g *group) func() {
		if !g.admins[name] {
			if room {
				return c.forbiddenOp(fmt.Sprintf("user:%s is not admin of group:%s", name, g.ID))
			}
			return c.failing("groups.admin.not-admin", catalog.Vars{"username": name, "group_id": g.ID})
		}
		delete(g.admins, name)
		return c.ok("delete", orderedJSON{{"result", "success"}, {"oldadmin", name}})
	})
}

// --- mute lists ---

// muteRequest is the body of POST …/mute; mute_duration is in
// milliseconds, -1 for ever.
type muteRequest struct {
	Usernames    []string `json:"usernames"`
	MuteDuration *int64   `json:"mute_duration"`
}

func (c *call) mute(room bool) {
	var body muteRequest
	if !c.readJSON(&body) {
		return
	}
	names := dedupe(body.Usernames, "")
	switch {
	case len(names) == 0:
		c.invalidParameter("usernames must be provided")()
		return
	case len(names) > maxGroupBatch:
		c.fail(roomOrGroupRow(room, "mute.add-too-many"), nil)
		return
	case body.MuteDuration == nil || (*body.MuteDuration <= 0 && *body.MuteDuration != -1):
		c.invalidParameter("mute_duration must be a positive number of milliseconds or -1")()
		return
	}
	c.withGroup(room, func(a *app, g *group) func() {
		var outsiders []string
		for _, n := range names {
			if n == g.Owner {
				if room {
					return c.forbiddenOp("forbidden operation on group owner!")
				}
				return c.failing("groups.owner-forbidden", nil)
			}
			if !g.isMember(n) {
				outsiders = append(outsiders, n)
			}
		}
		if len(outsiders) > 0 {
			// Captured: 400 invalid_parameter, not the 403 of removal (api-notes §5).
			return c.invalidParameter(fmt.Sprintf("users %s are not members of this group!", javaList(outsiders)))
		}
		expire := int64(-1)
		if *body.MuteDuration > 0 {
			expire = c.start.UnixMilli() + *body.MuteDuration
		}
		if g.muted == nil {
			g.muted = map[string]int64{}
		}
		var results []any
		for _, n := range names {
			g.muted[n] = expire
			results = append(results, orderedJSON{{"result", true}, {"expire", expire}, {"user", n}})
		}
		return c.ok("post", results)
	})
}

func (c *call) unmute(room bool) {
	names := usernamesParam(c.param("usernames"))
	if len(names) > maxGroupBatch {
		c.fail(roomOrGroupRow(room, "mute.remove-too-many"), nil)
		return
	}
	c.withGroup(room, func(a *app, g *group) func() {
		var results []any
		for _, n := range names {
			_, was := g.muted[n]
			delete(g.muted, n)
			results = append(results, orderedJSON{{"result", was}, {"user", n}})
		}
		return c.ok("delete", results)
	})
}

// listMuted lists the members whose mute has not ended.
func (c *call) listMuted(room bool) {
	c.withGroup(room, func(a *app, g *group) func() {
		data := []any{}
		now := c.start.UnixMilli()
		for _, n := range sortedKeys(g.muted) {
			if end := g.muted[n]; end == -1 || end > now {
				data = append(data, orderedJSON{{"expire", end}, {"user", n}})
			}
		}
		return c.ok("get", data)
	})
}

func (c *call) muteAll(room, on bool) {
	c.withGroup(room, func(a *app, g *group) func() {
		g.allMuted = on
		return c.ok(map[bool]string{true: "post", false: "delete"}[on], orderedJSON{{"mute", on}})
	})
}

// --- allow lists ---

func (c *call) listAllowed(room bool) {
	c.withGroup(room, func(a *app, g *group) func() { return c.ok("get", sortedKeys(g.allowed)) })
}

func (c *call) allowBatch(room bool) {
	names, ok := c.readUsernames()
	if !ok {
		return
	}
	c.allow(room, dedupe(names, ""))
}

// allow puts members on the allow list; only members may be on it.
func (c *call) allow(room bool, names []string) {
	if len(names) > maxGroupBatch {
		c.fail(roomOrGroupRow(room, "allowlist.add-too-many"), nil)
		return
	}
	c.withGroup(room, func(a *app, g *group) func() {
		var outsiders []string
		for _, n := range names {
			if !g.affiliated(n) {
				outsiders = append(outsiders, n)
			}
		}
		if reply := c.notMembers(g, outsiders); reply != nil {
			return reply
		}
		for _, n := range names {
			setOf(&g.allowed)[n] = true
		}
		return c.ok("post", memberResults(g, names, "add_user_whitelist"))
	})
}

// notMembers answers the not-member row naming outsiders; nil when none.
func (c *call) notMembers(g *group, outsiders []string) func() {
	switch {
	case len(outsiders) == 1:
		return c.failing(notMemberRow(g.room), catalog.Vars{"username": outsiders[0]})
	case len(outsiders) > 1:
		return c.failingText(notMemberRow(g.room), fmt.Sprintf("users %s are not members of this group!", javaList(outsiders)))
	}
	return nil
}

// disallow answers DELETE …/white/users/{u1,u2}: a name not on the list
// is reported per user.
func (c *call) disallow(room bool) {
	names := usernamesParam(c.param("username"))
	if len(names) > maxGroupBatch {
		c.fail(roomOrGroupRow(room, "allowlist.remove-too-many"), nil)
		return
	}
	c.withGroup(room, func(a *app, g *group) func() {
		var results []any
		for _, n := range names {
			results = append(results, orderedJSON{{"result", g.allowed[n]}, {"action", "remove_user_whitelist"}, {"user", n}, {memberIDKey(room), g.ID}})
			delete(g.allowed, n)
		}
		return c.ok("delete", results)
	})
}

// --- announcements ---

// maxAnnouncement is the longest announcement, in characters.
const maxAnnouncement = 512

func (c *call) getAnnouncement(room bool) {
	c.withGroup(room, func(a *app, g *group) func() {
		return c.ok("get", orderedJSON{{"announcement", g.announcement}})
	})
}

func (c *call) setAnnouncement(room bool) {
	var body struct {
		Announcement *string `json:"announcement"`
	}
	if !c.readJSON(&body) {
		return
	}
	c.withGroup(room, func(a *app, g *group) func() {
		switch {
		case body.Announcement == nil:
			if room {
				return func() {
					c.writeError(http.StatusBadRequest, "illegal_argument", "java.lang.IllegalArgumentException", "announcement is null")
				}
			}
			return c.failing("groups.announcement.missing", nil)
		case len([]rune(*body.Announcement)) > maxAnnouncement:
			return c.failing(roomOrGroupRow(room, "announcement.too-long"), nil)
		}
		if !room {
			if reply := c.moderate("groups.announcement.violation", *body.Announcement); reply != nil {
				return reply
			}
		}
		g.announcement = *body.Announcement
		return c.ok("post", orderedJSON{{"id", g.ID}, {"result", true}})
	})
}

// --- group state, membership look-ups ---

func (c *call) setDisabled(disabled bool) {
	c.withGroup(false, func(a *app, g *group) func() {
		g.disabled = disabled
		return c.ok("post", orderedJSON{{"disabled", disabled}})
	})
}

func (c *call) isJoined() {
	name := strings.ToLower(c.param("username"))
	c.withGroup(false, func(a *app, g *group) func() {
		return func() { c.writeJSON(http.StatusOK, c.dataEnvelope("get", g.affiliated(name))) }
	})
}

// groupsOfUser answers GET /chatgroups/user/{username}: the groups the
// user owns or belongs to, oldest first. (The chat-room counterpart,
// GET /users/{username}/joined_chatrooms, belongs to the users area; joinedOf
// serves it too.)
func (c *call) groupsOfUser() { c.joinedOf(false) }

func (c *call) joinedOf(room bool) {
	name := strings.ToLower(c.param("username"))
	c.locked(func(a *app) func() {
		if a.users[name] == nil {
			return c.userMissing(name)
		}
		data := []any{}
		for _, g := range a.groupsInOrder(room) {
			if g.affiliated(name) {
				if room {
					data = append(data, orderedJSON{{"id", g.ID}, {"name", g.Name}})
				} else {
					data = append(data, orderedJSON{{"groupid", g.ID}, {"groupname", g.Name}})
				}
			}
		}
		return c.ok("get", data)
	})
}

// leaveGroups is what deleting a user does to groups and rooms: the ones
// it owns are deleted (with their threads), and it leaves the others, with
// every role and list entry it had there. Called with the lock held.
func (a *app) leaveGroups(name string) {
	for id, g := range a.groups {
		if g.Owner == name {
			a.deleteGroupState(id)
			continue
		}
		g.removeMember(name)
		delete(g.blocked, name)
	}
	delete(a.superAdmins, name)
	for _, t := range a.threads {
		delete(t.members, name)
	}
}

// removeFromGroup takes name out of g (removeMember) and out of the
// threads of g: a thread's members are members of its group.
func (a *app) removeFromGroup(g *group, name string) {
	g.removeMember(name)
	for _, t := range a.threads {
		if t.groupID == g.ID {
			delete(t.members, name)
		}
	}
}

// deleteGroupState deletes a group or room and its threads.
func (a *app) deleteGroupState(id string) {
	delete(a.groups, id)
	for tid, t := range a.threads {
		if t.groupID == id {
			delete(a.threads, tid)
		}
	}
}
