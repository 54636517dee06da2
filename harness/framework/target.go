package framework

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/imconform/imconform/harness/fault"
	"math/big"
	"net"
	"net/http"
	"slices"
	"time"

	"github.com/imconform/imconform/harness/client"
	"github.com/imconform/imconform/harness/config"
	"github.com/imconform/imconform/harness/evidence"
	"github.com/imconform/imconform/harness/profile"
	"github.com/imconform/imconform/harness/redact"
	"github.com/imconform/imconform/harness/refserver"
	"github.com/imconform/imconform/harness/tokens"
)

// Target is the resolved server a run talks to, shared by every parallel
// process of the run.
type Target struct {
	BaseURL      string        `json:"base_url"`
	Org          string        `json:"org"`
	App          string        `json:"app"`
	ClientID     string        `json:"client_id,omitempty"`
	ClientSecret string        `json:"client_secret,omitempty"`
	AppToken     string        `json:"app_token,omitempty"`
	Embedded     bool          `json:"embedded"`
	Strict       bool          `json:"strict"`
	Registration string        `json:"registration"`
	Timeout      time.Duration `json:"timeout"`
	// Profile is the target's declared limits and capabilities.
	Profile profile.Profile `json:"profile"`
	// RunID makes every name this run creates unique to it.
	RunID string `json:"run_id"`
	// TargetStaging: Agora credentials, courtesy and guards.
	TargetStaging
}

// runInfo is what the reports say about the target and the reference.
func (t Target) runInfo() evidence.RunInfo {
	return evidence.RunInfo{BaseURL: t.BaseURL, Org: t.Org, App: t.App, Embedded: t.Embedded, Strict: t.Strict,
		Profile: t.Profile, Implemented: refserver.Implemented()}
}

// AppKey is the App Key org#app.
func (t Target) AppKey() string { return t.Org + "#" + t.App }

// HasClientCredentials reports whether the run can request tokens itself.
func (t Target) HasClientCredentials() bool { return t.ClientID != "" && t.ClientSecret != "" }

// Description is a one-line, secret-free account of the target.
func (t Target) Description() string {
	kind := "configured endpoint"
	if t.Embedded {
		kind = "embedded reference server"
	}
	return fmt.Sprintf("%s %s (App Key %s)", kind, t.BaseURL, t.AppKey())
}

// Embedded reference server defaults: names a person recognises in logs.
const (
	embeddedOrg = "imconform"
	embeddedApp = "reference"
)

// embedded is the reference server this process started, if any.
type embedded struct {
	server *http.Server
	ref    *refserver.Server
}

// resolveTarget turns the configuration into a Target, starting the embedded
// reference server on a loopback port when no base URL is configured.
func resolveTarget(cfg config.Config) (Target, *embedded, error) {
	t := Target{
		BaseURL: cfg.BaseURLTrimmed(), Org: cfg.Org, App: cfg.App, ClientID: cfg.ClientID,
		ClientSecret: cfg.ClientSecret, AppToken: cfg.AppToken, Strict: cfg.Strict,
		Registration: cfg.Registration, Timeout: cfg.Timeout, RunID: newRunID(), Profile: cfg.Profile,
	}
	if err := t.resolveStaging(cfg); err != nil {
		return Target{}, nil, err
	}
	if !cfg.Embedded() {
		return t, nil, nil
	}
	id, secret := refserver.GenerateCredentials()
	opts := refserver.Options{Org: embeddedOrg, App: embeddedApp, ClientID: id, ClientSecret: secret,
		OpenRegistration: cfg.Registration == config.RegistrationOpen, Disabled: switchedOff(cfg.Profile.Absent)}
	if cfg.ReferenceFault != "" {
		faults, err := fault.ParseList(cfg.ReferenceFault)
		if err != nil {
			return Target{}, nil, err
		}
		opts.Faults = faults
	}
	ref := refserver.New(opts)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return Target{}, nil, fmt.Errorf("starting the embedded reference server: %w", err)
	}
	srv := ref.HTTPServer()
	go srv.Serve(ln)
	t.BaseURL = "http://" + ln.Addr().String()
	t.Org, t.App, t.ClientID, t.ClientSecret, t.AppToken, t.Embedded = embeddedOrg, embeddedApp, id, secret, "", true
	t.AgoraAppID, t.AgoraCertificate = "", ""
	t.Profile = *ref.Limits()
	return t, &embedded{server: srv, ref: ref}, nil
}

func (e *embedded) stop() {
	if e == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	e.server.Shutdown(ctx)
}

// newRunID is six base-36 characters: short enough for usernames, unique
// enough for concurrent runs against one app.
func newRunID() string {
	n, _ := rand.Int(rand.Reader, big.NewInt(36*36*36*36*36*36))
	s := n.Text(36)
	for len(s) < 6 {
		s = "0" + s
	}
	return s
}

func (t Target) marshal() []byte {
	data, err := json.Marshal(t)
	if err != nil {
		panic(err)
	}
	return data
}

func unmarshalTarget(data []byte) (Target, error) {
	var t Target
	err := json.Unmarshal(data, &t)
	return t, err
}

// connect builds the process's client and token source and proves the
// credentials work, so a bad secret stops the run before any spec.
func connect(t Target) (*client.Client, tokens.Source, error) {
	redact.Register(t.ClientSecret, t.AppToken, t.AgoraCertificate)
	c := client.New(t.BaseURL, t.Org, t.App, t.Timeout)
	tc, err := t.TLS.ClientTLS()
	if err != nil {
		return nil, nil, err
	}
	c.SetTLS(tc)
	src := tokens.Credentials{ClientID: t.ClientID, ClientSecret: t.ClientSecret, AppToken: t.AppToken,
		AgoraAppID: t.AgoraAppID, AgoraCertificate: t.AgoraCertificate, AgoraTTL: t.AgoraTokenTTL}.Source(c.HTTP(), c.AppURL())
	ctx, cancel := context.WithTimeout(context.Background(), t.Timeout)
	defer cancel()
	if _, err := src.Token(ctx); err != nil {
		var ue interface{ Timeout() bool }
		if errors.As(err, &ue) && ue.Timeout() {
			return nil, nil, fmt.Errorf("%s did not answer within %s (IMCONF_TIMEOUT): %w", t.Description(), t.Timeout, err)
		}
		if cause := transportCause(err.Error()); cause != "" {
			return nil, nil, fmt.Errorf("cannot reach %s: %s; check IMCONF_BASE_URL (%w)", t.Description(), cause, err)
		}
		return nil, nil, fmt.Errorf("%s: %w", t.Description(), err)
	}
	return c, src, nil
}

// switchedOff is the services a configured profile declares absent, which
// the embedded reference then switches off (IMCONF_PROFILE_ABSENT=reactions
// runs the reactions "not open" row against it).
func switchedOff(absent []string) []string {
	var out []string
	for _, a := range absent {
		if slices.Contains(profile.Services, a) {
			out = append(out, a)
		}
	}
	return out
}
