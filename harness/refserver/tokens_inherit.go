package refserver

import (
	"net/http"
	"strings"
	"time"
)

// inheritGrant is the token endpoint's "inherit" grant (easemob-doc-v2
// easemob_user_token.md): with the app token, a user token for any user by
// name, registering the user first when autoCreateUser is true. Kept apart
// from the other grants (issue 13); the user-token permissions (issue 10a)
// may replace it.
func (c *call) inheritGrant(username string, autoCreate bool, ttl time.Duration) {
	tok, failID := c.s.verify(c.r.Header.Get("Authorization"))
	switch {
	case failID != "":
		c.fail(failID, nil)
		return
	case tok.user != "":
		c.writeError(http.StatusUnauthorized, "unauthorized", "EasemobSecurityException", "the inherit grant needs the app token")
		return
	case !legalUsername.MatchString(username):
		c.fail("users.register.illegal-username", map[string]string{"username": username})
		return
	}
	key := strings.ToLower(username)
	c.s.mu.Lock()
	u := c.s.app.users[key]
	if u == nil && autoCreate {
		c.s.app.seq++
		now := c.start.UnixMilli()
		u = &user{UUID: newUUID(), Username: key, password: randomToken(12), created: now, modified: now, seq: c.s.app.seq}
		c.s.app.users[key] = u
	}
	var entity orderedJSON
	banned := u != nil && u.deactivated
	if u != nil {
		entity = u.entity()
	}
	c.s.mu.Unlock()
	switch {
	case u == nil:
		c.fail("token.inherit.user-not-found", nil)
	case banned:
		c.fail("token.user.not-activated", nil)
	default:
		t := c.s.issue(u.Username, ttl)
		c.writeJSON(http.StatusOK, orderedJSON{{"access_token", t.value}, {"expires_in", int64(ttl / time.Second)}, {"user", entity}})
	}
}
