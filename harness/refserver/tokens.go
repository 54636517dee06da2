package refserver

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

func init() {
	implement(map[string]handler{"POST /token": (*call).issueToken})
}

// Tokens look like the real ones: "YWMt" followed by base64url. A token is
// well-formed when it has that prefix and decodes to tokenBytes bytes; a
// well-formed token the server never issued is "unknown", anything else is
// "corrupt" (the two auth_bad_access_token rows).
const (
	tokenPrefix = "YWMt"
	tokenBytes  = 30
)

type token struct {
	value   string
	user    string // empty for an app token
	expires time.Time
}

func randomToken(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func wellFormed(t string) bool {
	if !strings.HasPrefix(t, tokenPrefix) {
		return false
	}
	b, err := base64.RawURLEncoding.DecodeString(t[len(tokenPrefix):])
	return err == nil && len(b) == tokenBytes
}

// issue stores a new token; ttl 0 means it never expires.
func (s *Server) issue(user string, ttl time.Duration) *token {
	t := &token{value: tokenPrefix + randomToken(tokenBytes), user: user}
	if ttl > 0 {
		t.expires = s.opts.Now().Add(ttl)
	}
	s.mu.Lock()
	s.app.tokens[t.value] = t
	s.mu.Unlock()
	return t
}

// verify checks an Authorization header value and returns the token or the
// catalogue row that answers its failure.
func (s *Server) verify(header string) (*token, string) {
	if header == "" {
		// The document answers a missing token with the expired-token row.
		return nil, "auth.token-expired"
	}
	raw, ok := strings.CutPrefix(header, "Bearer ")
	if ok && s.opts.AgoraAppID != "" && strings.HasPrefix(raw, "007") {
		return s.verifyAgora(raw)
	}
	if !ok || !wellFormed(raw) {
		return nil, "auth.token-corrupt"
	}
	s.mu.Lock()
	t, ok := s.app.tokens[raw]
	s.mu.Unlock()
	if !ok {
		return nil, "auth.token-unknown"
	}
	if !t.expires.IsZero() && !s.opts.Now().Before(t.expires) {
		return nil, "auth.token-expired"
	}
	return t, ""
}

// tokenRequest is the body of POST /{org}/{app}/token.
type tokenRequest struct {
	GrantType    string          `json:"grant_type"`
	ClientID     *string         `json:"client_id"`
	ClientSecret *string         `json:"client_secret"`
	Username     string          `json:"username"`
	Password     string          `json:"password"`
	TTL          json.RawMessage `json:"ttl"`
	// AutoCreateUser: the inherit grant registers an unknown user (tokens_inherit.go).
	AutoCreateUser bool `json:"autoCreateUser"`
}

func (c *call) issueToken() {
	var req tokenRequest
	if !c.readJSON(&req) {
		return
	}
	ttl := c.s.opts.DefaultTTL
	if len(req.TTL) > 0 && string(req.TTL) != "null" {
		var secs float64
		if err := json.Unmarshal(req.TTL, &secs); err != nil || secs < 0 {
			c.writeError(http.StatusBadRequest, "illegal_argument", "java.lang.IllegalArgumentException", "ttl must be a number >= 0")
			return
		}
		ttl = time.Duration(secs) * time.Second
	}
	expiresIn := int64(ttl / time.Second)
	switch req.GrantType {
	case "client_credentials":
		switch {
		case req.ClientID == nil:
			c.fail("token.app.missing-client-id", nil)
		case req.ClientSecret == nil:
			c.fail("token.app.missing-client-secret", nil)
		case *req.ClientID != c.s.opts.ClientID:
			c.fail("token.app.client-id-mismatch", nil)
		case *req.ClientSecret != c.s.opts.ClientSecret:
			c.fail("token.app.client-secret-mismatch", nil)
		default:
			t := c.s.issue("", ttl)
			c.writeJSON(http.StatusOK, orderedJSON{{"access_token", t.value}, {"expires_in", expiresIn}, {"application", c.s.app.uuid}})
		}
	case "password":
		c.s.mu.Lock()
		u := c.s.app.users[strings.ToLower(req.Username)]
		var entity orderedJSON
		failure := passwordGrantFailure(u, req.Password)
		if failure == "" {
			entity = u.entity()
		}
		c.s.mu.Unlock()
		if failure != "" {
			c.fail(failure, nil)
			return
		}
		t := c.s.issue(u.Username, ttl)
		c.writeJSON(http.StatusOK, orderedJSON{{"access_token", t.value}, {"expires_in", expiresIn}, {"user", entity}})
	case "inherit":
		c.inheritGrant(req.Username, req.AutoCreateUser, ttl)
	default:
		c.writeOAuthError(http.StatusBadRequest, "unsupported_grant_type", "unsupported grant type: "+req.GrantType)
	}
}

// passwordGrantFailure is the row answering a password grant for user u
// (nil: not registered), or "" when the grant succeeds; s.mu is held. An
// unknown user is the per-API docs' 404 (token.user.not-found), a banned one
// token.user.not-activated, checked before the password (decisions.tsv).
func passwordGrantFailure(u *user, password string) string {
	switch {
	case u == nil:
		return "token.user.not-found"
	case u.deactivated:
		return "token.user.not-activated"
	case u.password != password:
		return "token.invalid-grant"
	}
	return ""
}
