// Package tokens supplies the app token a run authenticates with: requested
// with client credentials (cached and renewed before it expires) or given
// ready-made.
package tokens

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/imconform/imconform/harness/redact"
)

// Source yields a valid app token.
type Source interface {
	Token(ctx context.Context) (string, error)
}

// Static is a ready token given by configuration.
type Static string

// Token implements Source.
func (s Static) Token(context.Context) (string, error) { return string(s), nil }

// UserAgent marks the harness's own token requests.
const UserAgent = "imconform (token)"

// Grant is an issued token.
type Grant struct {
	AccessToken string
	// ExpiresIn is the lifetime the server granted; 0 means it never expires.
	ExpiresIn time.Duration
}

// Request asks POST {appURL}/token for an app token with client credentials.
// ttl 0 asks for the server's default lifetime. The token is registered for
// redaction before it is returned.
func Request(ctx context.Context, client *http.Client, appURL, clientID, clientSecret string, ttl time.Duration) (Grant, error) {
	body := map[string]any{"grant_type": "client_credentials", "client_id": clientID, "client_secret": clientSecret}
	if ttl > 0 {
		body["ttl"] = int64(ttl / time.Second)
	}
	data, _ := json.Marshal(body)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(appURL, "/")+"/token", bytes.NewReader(data))
	if err != nil {
		return Grant{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", UserAgent)
	resp, err := client.Do(req)
	if err != nil {
		return Grant{}, fmt.Errorf("requesting an app token: %w", err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return Grant{}, fmt.Errorf("reading the app token response: %w", err)
	}
	var out struct {
		AccessToken string  `json:"access_token"`
		ExpiresIn   float64 `json:"expires_in"`
	}
	if resp.StatusCode == http.StatusNotFound {
		return Grant{}, fmt.Errorf("the token endpoint answered 404 %s: the server knows no app %s; check IMCONF_ORG and IMCONF_APP (or IMCONF_APPKEY)", redact.String(trim(string(raw), 200)), appKeyOf(appURL))
	}
	if resp.StatusCode != http.StatusOK || json.Unmarshal(raw, &out) != nil || out.AccessToken == "" {
		return Grant{}, fmt.Errorf("the token endpoint answered %d %s; check IMCONF_CLIENT_ID and IMCONF_CLIENT_SECRET", resp.StatusCode, redact.String(trim(string(raw), 200)))
	}
	redact.Register(out.AccessToken)
	return Grant{AccessToken: out.AccessToken, ExpiresIn: time.Duration(out.ExpiresIn) * time.Second}, nil
}

// appKeyOf is the App Key org#app of an app URL scheme://host/org/app.
func appKeyOf(appURL string) string {
	parts := strings.Split(strings.TrimRight(appURL, "/"), "/")
	if len(parts) < 2 {
		return appURL
	}
	return parts[len(parts)-2] + "#" + parts[len(parts)-1]
}

func trim(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// ClientCredentials requests app tokens and caches them, renewing a token
// once less than a tenth of its lifetime (at most a minute) is left.
type ClientCredentials struct {
	HTTP         *http.Client
	AppURL       string // base/org/app
	ClientID     string
	ClientSecret string
	Now          func() time.Time

	mu      sync.Mutex
	current string
	renewAt time.Time // zero: never
}

// Token implements Source.
func (c *ClientCredentials) Token(ctx context.Context) (string, error) {
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.current != "" && (c.renewAt.IsZero() || now().Before(c.renewAt)) {
		return c.current, nil
	}
	g, err := Request(ctx, c.HTTP, c.AppURL, c.ClientID, c.ClientSecret, 0)
	if err != nil {
		return "", err
	}
	c.current, c.renewAt = g.AccessToken, time.Time{}
	if g.ExpiresIn > 0 {
		margin := min(g.ExpiresIn/10, time.Minute)
		c.renewAt = now().Add(g.ExpiresIn - margin)
	}
	return c.current, nil
}
