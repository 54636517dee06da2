package refserver

import (
	"strings"
	"time"

	"github.com/imconform/imconform/harness/agoratoken"
)

// verifyAgora checks an Agora "007" AccessToken2 used as an app token: it
// must decode, be signed with the app's certificate, name the app's App ID,
// grant the chat service's app privilege and not have expired. How the real
// service answers each failure is not captured (decisions.tsv): a token
// that does not decode gets the corrupt-token row, a decodable one signed
// with another certificate, for another app or without the app privilege
// the unknown-token row, an expired one the expired-token row.
func (s *Server) verifyAgora(raw string) (*token, string) {
	t, err := agoratoken.Decode(raw)
	if err != nil {
		return nil, "auth.token-corrupt"
	}
	// Well-formed, but not a token of this app's: never issued here.
	if t.Verify(s.opts.AgoraAppCertificate) != nil || t.AppID != s.opts.AgoraAppID {
		return nil, "auth.token-unknown"
	}
	chat, ok := t.Service(agoratoken.ServiceChat)
	expire, granted := chat.Privileges[agoratoken.PrivilegeChatApp]
	user := ""
	if ok && !granted {
		// A user token (buildUserToken): the chat user privilege for the
		// user the service names by its UUID (or username).
		expire, granted = chat.Privileges[agoratoken.PrivilegeChatUser]
		if user = s.agoraUser(chat.Strings); user == "" {
			granted = false
		}
	}
	if !ok || !granted {
		return nil, "auth.token-unknown"
	}
	now := s.opts.Now()
	privilegeEnds := time.Unix(int64(t.IssueTs)+int64(expire), 0)
	if !now.Before(t.ExpiresAt()) || !now.Before(privilegeEnds) {
		return nil, "auth.token-expired"
	}
	return &token{value: raw, user: user, expires: t.ExpiresAt()}, ""
}

// agoraUser is the username of the user an Agora user token names (the
// chat service's first string: the user's UUID, as Agora's buildUserToken
// takes it, or its username); empty when no such user is registered.
func (s *Server) agoraUser(strs []string) string {
	if len(strs) == 0 || strs[0] == "" {
		return ""
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if u := s.app.users[strings.ToLower(strs[0])]; u != nil {
		return u.Username
	}
	for _, u := range s.app.users {
		if u.UUID == strs[0] {
			return u.Username
		}
	}
	return ""
}
