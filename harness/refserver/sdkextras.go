package refserver

import (
	"net/http"
	"sort"
	"strings"
)

// Operations the official client SDKs call that the per-API docs do not
// list (so they are not in the endpoint inventory): the reference serves
// them so that an SDK works against it, routed after the documented ones.
func init() {
	implementUndocumented(map[string]handler{
		"GET /users/{username}/joined_chatgroups": (*call).listJoinedGroups,
	})
}

// existingUser answers the documented 404 for an unknown {username} and
// reports whether the user exists.
func (c *call) existingUser(name string) bool {
	c.s.mu.Lock()
	u := c.s.app.users[strings.ToLower(name)]
	c.s.mu.Unlock()
	if u == nil {
		c.fail("users.get.not-found", nil)
	}
	return u != nil
}

// listJoinedGroups answers GET /users/{username}/joined_chatgroups: the
// groups the user owns or belongs to, newest first, paged with pagenum
// (from 1) and pagesize (default 10, at most 100), each as groupid and
// groupname (group.md); with version=v3, as the web SDK asks, each as id,
// name, disabled and permission, the fields that SDK reads (decisions.tsv).
func (c *call) listJoinedGroups() {
	name := strings.ToLower(c.params["username"])
	if !c.existingUser(name) {
		return
	}
	p, problem := c.numberedPage(1, 10, 100)
	if problem != "" {
		c.invalidParameter(problem)()
		return
	}
	if !p.paged {
		// Documented: without paging, the latest 500 groups.
		p = page{size: 500}
	}
	c.locked(func(a *app) func() {
		var joined []*group
		for _, g := range a.groups {
			if !g.room && g.affiliated(name) {
				joined = append(joined, g)
			}
		}
		sort.Slice(joined, func(i, j int) bool { return joined[i].seq > joined[j].seq })
		from, to, _ := p.bounds(len(joined))
		data := []any{}
		v3 := c.r.URL.Query().Get("version") == "v3"
		for _, g := range joined[from:to] {
			if v3 {
				role := "member"
				if g.Owner == name {
					role = "owner"
				}
				data = append(data, orderedJSON{{"id", g.ID}, {"name", g.Name}, {"disabled", false}, {"permission", role}})
				continue
			}
			data = append(data, orderedJSON{{"groupid", g.ID}, {"groupname", g.Name}})
		}
		env := c.dataEnvelope("get", data)
		env = append(env, kv{"params", c.pageParams("pagenum", "pagesize")}, kv{"count", len(data)})
		return func() { c.writeJSON(http.StatusOK, env) }
	})
}
