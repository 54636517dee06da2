package tokens

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/imconform/imconform/harness/agoratoken"
	"github.com/imconform/imconform/harness/redact"
)

// Agora builds Agora Chat app tokens ("007" AccessToken2, chat service, app
// privilege) locally from the App ID and App Certificate, with no request to
// the server, and renews one once less than a tenth of its lifetime (at most
// a minute) is left.
type Agora struct {
	AppID       string
	Certificate string
	// TTL is each token's lifetime; at most agoratoken.MaxChatTTL.
	TTL time.Duration
	Now func() time.Time

	mu      sync.Mutex
	current string
	renewAt time.Time
}

// Token implements Source.
func (a *Agora) Token(context.Context) (string, error) {
	now := time.Now
	if a.Now != nil {
		now = a.Now
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.current != "" && now().Before(a.renewAt) {
		return a.current, nil
	}
	t := now()
	tok, err := agoratoken.ChatApp(a.AppID, t, a.TTL).Encode(a.Certificate)
	if err != nil {
		return "", err
	}
	redact.Register(tok)
	a.current = tok
	a.renewAt = t.Add(a.TTL - min(a.TTL/10, time.Minute))
	return tok, nil
}

// Credentials are the ways a run can authenticate, as configured.
type Credentials struct {
	ClientID, ClientSecret string
	AppToken               string
	AgoraAppID             string
	AgoraCertificate       string
	AgoraTTL               time.Duration
}

// Source picks the app token source: a ready token first, then Agora
// credentials, then client credentials (requested at appURL).
func (c Credentials) Source(client *http.Client, appURL string) Source {
	switch {
	case c.AppToken != "":
		return Static(c.AppToken)
	case c.AgoraAppID != "":
		return &Agora{AppID: c.AgoraAppID, Certificate: c.AgoraCertificate, TTL: c.AgoraTTL}
	default:
		return &ClientCredentials{HTTP: client, AppURL: appURL, ClientID: c.ClientID, ClientSecret: c.ClientSecret}
	}
}
