package refserver

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/imconform/imconform/harness/agoratoken"
)

func TestAgoraAppTokensAuthenticate(t *testing.T) {
	const appID, cert = "970CA35de60c44645bbae8a215061b33", "5CFd2fd1755d40ecb72977518be15d3b"
	now := time.Unix(1_700_000_000, 0)
	s := New(Options{Org: "o", App: "a", ClientID: "id", ClientSecret: "secret", AgoraAppID: appID, AgoraAppCertificate: cert, Now: func() time.Time { return now }})
	build := func(id, c string, issued time.Time, ttl time.Duration) string {
		tok, err := agoratoken.ChatApp(id, issued, ttl).Encode(c)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	user := agoratoken.ChatApp(appID, now, time.Hour)
	user.Services[0].Privileges = map[uint16]uint32{agoratoken.PrivilegeChatUser: 3600}
	userTok, _ := user.Encode(cert)
	for _, c := range []struct {
		name, token, wantError string
		status                 int
	}{
		{"valid", build(appID, cert, now, time.Hour), "", 200},
		{"other certificate", build(appID, strings.Repeat("a", 32), now, time.Hour), `"Unable to authenticate"`, 401},
		{"other app", build(strings.Repeat("b", 32), cert, now, time.Hour), `"Unable to authenticate"`, 401},
		{"user privilege only", userTok, `"Unable to authenticate"`, 401},
		{"expired", build(appID, cert, now.Add(-2*time.Hour), time.Hour), "unauthorized", 401},
		{"garbage after 007", "007garbage", "corrupt access token", 401},
	} {
		req := httptest.NewRequest(http.MethodGet, "/o/a/users", nil)
		req.Header.Set("Authorization", "Bearer "+c.token)
		w := httptest.NewRecorder()
		s.ServeHTTP(w, req)
		if w.Code != c.status || !strings.Contains(w.Body.String(), c.wantError) {
			t.Errorf("%s: %d %s", c.name, w.Code, w.Body.String())
		}
	}
}

func TestAgoraUserTokensActAsTheirUser(t *testing.T) {
	const appID, cert = "970CA35de60c44645bbae8a215061b33", "5CFd2fd1755d40ecb72977518be15d3b"
	s := newTestServer(t, Options{AgoraAppID: appID, AgoraAppCertificate: cert})
	s.register(s.token(-1), "alice", "bob")
	_, out := s.do("GET", "/org/app/users/alice", s.token(-1), nil)
	uuid := out["entities"].([]any)[0].(map[string]any)["uuid"].(string)
	user := agoratoken.ChatApp(appID, *s.now, time.Hour)
	user.Services[0].Privileges = map[uint16]uint32{agoratoken.PrivilegeChatUser: 3600}
	user.Services[0].Strings = []string{uuid}
	tok, err := user.Encode(cert)
	if err != nil {
		t.Fatal(err)
	}
	if status, out := s.do("GET", "/org/app/users/alice", tok, nil); status != 200 {
		t.Errorf("alice's Agora user token on her own record: %d %v", status, out)
	}
	if status, out := s.do("GET", "/org/app/users/bob", tok, nil); status != 401 || !strings.Contains(out["error_description"].(string), "Subject does not have permission") {
		t.Errorf("alice's Agora user token on bob's record: %d %v", status, out)
	}
	user.Services[0].Strings = []string{"00000000-0000-1000-8000-000000000000"}
	nobody, _ := user.Encode(cert)
	if status, out := s.do("GET", "/org/app/users/alice", nobody, nil); status != 401 || out["error_description"] != "Unable to authenticate" {
		t.Errorf("an Agora user token of no registered user: %d %v", status, out)
	}
}
