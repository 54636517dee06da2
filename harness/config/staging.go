package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/imconform/imconform/harness/agoratoken"
	"github.com/imconform/imconform/harness/profile"
)

// Staging is what a run needs to be safe against a shared, metered target:
// how it authenticates without client credentials, how fast it may send,
// and which costly or destructive specs it may run.
type Staging struct {
	// AgoraAppID and AgoraAppCertificate let the suite build Agora Chat app
	// tokens ("007" AccessToken2) itself instead of requesting them.
	AgoraAppID          string
	AgoraAppCertificate string
	// AgoraTokenTTL is the lifetime of each built token.
	AgoraTokenTTL time.Duration
	// AppKey is IMCONF_APPKEY (org#app) as given; it sets Org and App.
	AppKey string
	// Rate is the most requests per second the run sends: 0 means the
	// default (DefaultRemoteRate for a remote target, unlimited for the
	// embedded reference server), a negative value unlimited.
	Rate float64
	// AllowCostly runs the rate-limit, quota and destructive specs against
	// a remote target (they always run against the embedded reference).
	AllowCostly bool
	// Production marks the target as a production service: destructive
	// specs are refused unless AllowProductionDestructive is set. Known
	// vendor production hosts are marked automatically.
	Production                 bool
	AllowProductionDestructive bool
}

// DefaultRemoteRate is the request rate against a remote target when
// IMCONF_RATE is not set: far below any documented per-App-Key limit (the
// lowest is 10/s on Easemob community plans, api-notes §9), so a run never
// crowds out the target's other users.
const DefaultRemoteRate = 5

// maxRate bounds IMCONF_RATE: above it the client-side limit is no limit
// at all; say "unlimited" then.
const maxRate = 10000

// DefaultAgoraTokenTTL is the lifetime of a built Agora token.
const DefaultAgoraTokenTTL = time.Hour

func stagingDefaults() Staging { return Staging{AgoraTokenTTL: DefaultAgoraTokenTTL} }

// ProductionHosts are the vendors' documented production REST hosts
// (api-notes §0.1). Any host under .chat.agora.io counts as well.
var ProductionHosts = []string{
	"a41.chat.agora.io", "a61.chat.agora.io", "a71.chat.agora.io",
	"a1.easemob.com", "a31.easemob.com", "a1-sgp.easemob.com", "a1.easecdn.com", "ngi-a1.easemob.com",
}

// RequestRate is the effective request rate limit, 0 for unlimited.
func (c Config) RequestRate() float64 {
	switch {
	case c.Rate < 0:
		return 0
	case c.Rate > 0:
		return c.Rate
	case c.Embedded():
		return 0
	default:
		return DefaultRemoteRate
	}
}

// ProductionReason says why the target counts as production ("" when it
// does not): it is marked so, or its host is a known vendor production host.
func (c Config) ProductionReason() string {
	if c.Embedded() {
		return ""
	}
	if c.Production {
		return "the target is marked production (IMCONF_PRODUCTION)"
	}
	if h := productionHost(c.BaseURL); h != "" {
		return h + " is a vendor production host"
	}
	return ""
}

func productionHost(base string) string {
	u, err := url.Parse(base)
	if err != nil {
		return ""
	}
	host := strings.ToLower(u.Host)
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(host, ".")
	if slices.Contains(ProductionHosts, host) || strings.HasSuffix(host, ".chat.agora.io") {
		return host
	}
	return ""
}

func boolSetting(dst func(*Config) *bool) func(*Config, string) error {
	return func(c *Config, v string) error {
		b, err := strconv.ParseBool(strings.TrimSpace(v))
		if err != nil {
			return errors.New("is not true or false")
		}
		*dst(c) = b
		return nil
	}
}

var stagingSettings = []setting{
	{"IMCONF_APPKEY", "appkey", "the App Key as org#app (it sets IMCONF_ORG and IMCONF_APP; give either, not both)", func(c *Config, v string) error {
		v = strings.TrimSpace(v)
		org, app, ok := strings.Cut(v, "#")
		if !ok || org == "" || app == "" || strings.Contains(app, "#") {
			return errors.New("is not an App Key org#app")
		}
		if (c.Org != "" && c.Org != org) || (c.App != "" && c.App != app) {
			return errors.New("disagrees with IMCONF_ORG/IMCONF_APP")
		}
		c.AppKey, c.Org, c.App = v, org, app
		return nil
	}},
	{"IMCONF_AGORA_APP_ID", "agora_app_id", "the App ID from the Agora console (32 hexadecimal characters)", str(func(c *Config) *string { return &c.AgoraAppID })},
	{"IMCONF_AGORA_APP_CERTIFICATE", "agora_app_certificate", "the primary App Certificate from the Agora console (32 hexadecimal characters)", str(func(c *Config) *string { return &c.AgoraAppCertificate })},
	{"IMCONF_AGORA_TOKEN_TTL", "agora_token_ttl", "a duration from 1m to 24h, like 1h", func(c *Config, v string) error {
		d, err := time.ParseDuration(strings.TrimSpace(v))
		if err != nil || d < time.Minute || d > agoratoken.MaxChatTTL {
			return errors.New("is not a duration from 1m to 24h (Agora Chat tokens live at most 24 hours)")
		}
		c.AgoraTokenTTL = d
		return nil
	}},
	{"IMCONF_RATE", "rate", "requests per second, like 5, or unlimited", func(c *Config, v string) error {
		v = strings.ToLower(strings.TrimSpace(v))
		if v == "unlimited" {
			c.Rate = -1
			return nil
		}
		r, err := strconv.ParseFloat(v, 64)
		if err != nil || r <= 0 || r > maxRate {
			return fmt.Errorf("is not a number of requests per second above 0 and at most %d", maxRate)
		}
		c.Rate = r
		return nil
	}},
	{"IMCONF_ALLOW_COSTLY", "allow_costly", "true to run the rate-limit, quota and destructive specs against a remote target", boolSetting(func(c *Config) *bool { return &c.AllowCostly })},
	{"IMCONF_PRODUCTION", "production", "true when the target is a production service", boolSetting(func(c *Config) *bool { return &c.Production })},
	{"IMCONF_ALLOW_PRODUCTION_DESTRUCTIVE", "allow_production_destructive", "true to run destructive specs against a production target anyway", boolSetting(func(c *Config) *bool { return &c.AllowProductionDestructive })},
}

func init() { settings = append(settings, stagingSettings...) }

// costlyCapabilities are absent from a remote target's default profile only
// because provoking them is costly; IMCONF_ALLOW_COSTLY turns them on.
var costlyCapabilities = []string{profile.RateLimit, profile.Quota}

// applyAllowCostly turns the costly capabilities on when allowed, unless the
// user declared the profile's absent list (then it says what the target has).
func (c *Config) applyAllowCostly() {
	if !c.AllowCostly {
		return
	}
	if c.Profile.AbsentDeclared {
		return
	}
	c.Profile.Absent = slices.DeleteFunc(slices.Clone(c.Profile.Absent), func(a string) bool { return slices.Contains(costlyCapabilities, a) })
}

func (c Config) validateStaging() error {
	if c.AppKey != "" && c.AppKey != c.Org+"#"+c.App {
		return errorf("IMCONF_APPKEY=%q disagrees with IMCONF_ORG=%q / IMCONF_APP=%q; set only IMCONF_APPKEY or only IMCONF_ORG and IMCONF_APP", c.AppKey, c.Org, c.App)
	}
	if c.AgoraAppID == "" && c.AgoraAppCertificate == "" {
		return nil
	}
	if c.Embedded() {
		return errorf("IMCONF_AGORA_APP_ID/IMCONF_AGORA_APP_CERTIFICATE are set but IMCONF_BASE_URL is not; set IMCONF_BASE_URL to the server of that Agora app, or unset them to use the embedded reference server")
	}
	if c.AgoraAppCertificate == "" {
		return errorf("IMCONF_AGORA_APP_CERTIFICATE is not set; set it to the App Certificate of App ID %s, or unset IMCONF_AGORA_APP_ID", c.AgoraAppID)
	}
	if c.AgoraAppID == "" {
		return errorf("IMCONF_AGORA_APP_ID is not set; set it to the App ID the App Certificate belongs to, or unset IMCONF_AGORA_APP_CERTIFICATE")
	}
	if !agoratoken.CheckID(c.AgoraAppID) {
		return errorf("IMCONF_AGORA_APP_ID=%q is not 32 hexadecimal characters; copy the App ID from the Agora console", c.AgoraAppID)
	}
	if !agoratoken.CheckID(c.AgoraAppCertificate) {
		return errorf("IMCONF_AGORA_APP_CERTIFICATE is not 32 hexadecimal characters; copy the primary App Certificate from the Agora console")
	}
	return nil
}
