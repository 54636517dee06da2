package refserver

import (
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
	if !ok || !granted {
		return nil, "auth.token-unknown"
	}
	now := s.opts.Now()
	privilegeEnds := time.Unix(int64(t.IssueTs)+int64(expire), 0)
	if !now.Before(t.ExpiresAt()) || !now.Before(privilegeEnds) {
		return nil, "auth.token-expired"
	}
	return &token{value: raw, expires: t.ExpiresAt()}, ""
}
