package refserver

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/imconform/imconform/harness/agoratoken"
	"github.com/imconform/imconform/harness/catalog"
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

// Tokens that carry the chat app privilege together with other services,
// as the published builders make them (one service of each other type, the
// RTC and streaming ones twice), authenticate; with another certificate or
// App ID they get the unknown-token row; past 24 hours after issue they are
// expired whatever they declare.
func TestAgoraTokensWithSeveralServicesAuthenticate(t *testing.T) {
	const appID, cert = "970CA35de60c44645bbae8a215061b33", "5CFd2fd1755d40ecb72977518be15d3b"
	now := time.Unix(1_700_000_000, 0)
	s := New(Options{Org: "o", App: "a", ClientID: "id", ClientSecret: "secret", AgoraAppID: appID, AgoraAppCertificate: cert, Now: func() time.Time { return now }})
	others := map[string]agoratoken.Service{
		"RTC":       {Type: agoratoken.ServiceRTC, Privileges: map[uint16]uint32{1: 3600, 2: 3600}, Strings: []string{"channel", "2882341273"}},
		"RTM":       {Type: agoratoken.ServiceRTM, Privileges: map[uint16]uint32{1: 3600}, Strings: []string{"user"}},
		"streaming": {Type: agoratoken.ServiceStreaming, Privileges: map[uint16]uint32{1: 3600}, Strings: []string{"channel", ""}},
		"FPA":       {Type: agoratoken.ServiceFPA, Privileges: map[uint16]uint32{1: 3600}},
		"FCDN":      {Type: agoratoken.ServiceFCDN, Privileges: map[uint16]uint32{1: 3600, 2: 3600}, Strings: []string{"channel", "account"}},
		"APaaS":     {Type: agoratoken.ServiceAPaaS, Privileges: map[uint16]uint32{3: 3600}, Strings: []string{"", ""}, Role: -1},
		"RTM2":      {Type: agoratoken.ServiceRTM2, Privileges: map[uint16]uint32{1: 3600}, Strings: []string{"user"}, Permissions: map[uint16]map[uint16][]string{0: {0: {"a", "b"}}, 4: {1: {"u"}}}},
	}
	build := func(id, c string, issued time.Time, ttl time.Duration, with ...string) string {
		t.Helper()
		tok := agoratoken.ChatApp(id, issued, ttl)
		for _, name := range with {
			tok.Services = append(tok.Services, others[name])
		}
		raw, err := tok.Encode(c)
		if err != nil {
			t.Fatal(err)
		}
		return raw
	}
	// want is the catalogue row of the answer; "" is success.
	type want = string
	const ok, unknown, expired = "", "auth.token-unknown", "auth.token-expired"
	cases := []struct {
		name  string
		token string
		want  want
	}{
		{"chat + every other service", build(appID, cert, now, time.Hour, "RTC", "RTM", "streaming", "FPA", "FCDN", "APaaS", "RTM2"), ok},
		{"chat + RTC twice + streaming twice", build(appID, cert, now, time.Hour, "RTC", "RTC", "streaming", "streaming"), ok},
		{"chat + every other service, other certificate", build(appID, strings.Repeat("a", 32), now, time.Hour, "RTC", "RTM", "FCDN", "APaaS", "RTM2"), unknown},
		{"chat + every other service, other App ID", build(strings.Repeat("b", 32), cert, now, time.Hour, "RTC", "RTM", "FCDN", "APaaS", "RTM2"), unknown},
		{"declares 48 h, issued 23 h ago", build(appID, cert, now.Add(-23*time.Hour), 48*time.Hour, "RTC"), ok},
		{"declares 48 h, issued 25 h ago", build(appID, cert, now.Add(-25*time.Hour), 48*time.Hour, "RTC"), expired},
		{"declares 1 h, issued 61 min ago", build(appID, cert, now.Add(-61*time.Minute), time.Hour, "RTM2"), expired},
	}
	for name := range others {
		cases = append(cases, struct {
			name  string
			token string
			want  want
		}{"chat + " + name, build(appID, cert, now, time.Hour, name), ok})
	}
	for _, c := range cases {
		req := httptest.NewRequest(http.MethodGet, "/o/a/users", nil)
		req.Header.Set("Authorization", "Bearer "+c.token)
		w := httptest.NewRecorder()
		s.ServeHTTP(w, req)
		if c.want == ok {
			if w.Code != http.StatusOK {
				t.Errorf("%s: %d %s, want 200", c.name, w.Code, w.Body.String())
			}
			continue
		}
		if !answersRow(w, c.want) {
			t.Errorf("%s: %d %s, want row %s", c.name, w.Code, w.Body.String(), c.want)
		}
	}
}

// answersRow reports whether w holds one of row id's wordings.
func answersRow(w *httptest.ResponseRecorder, id string) bool {
	var body struct {
		Error       string `json:"error"`
		Description string `json:"error_description"`
	}
	if json.Unmarshal(w.Body.Bytes(), &body) != nil {
		return false
	}
	for _, e := range catalog.MustGet(id).Expectations() {
		if w.Code == e.Status && body.Error == e.Error && body.Description == e.Description {
			return true
		}
	}
	return false
}
