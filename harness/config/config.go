// Package config reads the target a run is pointed at: environment variables
// (IMCONF_*) over an optional YAML file named by IMCONF_CONFIG. Every error is
// one line that names the setting and says how to fix it.
package config

import (
	"errors"
	"fmt"
	"github.com/imconform/imconform/harness/fault"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/profile"
)

func faultKinds() string {
	var ks []string
	for _, k := range fault.Kinds {
		ks = append(ks, string(k))
	}
	return strings.Join(ks, ", ")
}

// Registration modes of an app.
const (
	RegistrationAuthorized = "authorized"
	RegistrationOpen       = "open"
)

// Config is the resolved configuration of a run.
type Config struct {
	BaseURL      string        `yaml:"base_url"`
	Org          string        `yaml:"org"`
	App          string        `yaml:"app"`
	ClientID     string        `yaml:"client_id"`
	ClientSecret string        `yaml:"client_secret"`
	AppToken     string        `yaml:"app_token"`
	Timeout      time.Duration `yaml:"timeout"`
	// Strict names the edition whose wording alone is accepted
	// (catalog.EditionDocument or catalog.EditionLive); empty accepts every
	// known wording. IMCONF_STRICT=true is the document edition.
	Strict string `yaml:"strict"`
	// ReferenceEdition is the edition the embedded reference server answers
	// in; empty is the document edition.
	ReferenceEdition string `yaml:"reference_edition"`
	// Registration is the target app's user registration mode.
	Registration string `yaml:"registration"`
	// ReportDir is where reports are written; relative paths are taken from
	// the repository root.
	ReportDir string `yaml:"report_dir"`
	// ReferenceFault makes the embedded reference server get one catalogue
	// row wrong ("ROW-ID:KIND"), to show that the specs catch it; a
	// comma-separated list gets several rows wrong.
	ReferenceFault string `yaml:"reference_fault"`
	// Expectations names a YAML file of the target's expected deviations;
	// relative paths are taken from the repository root.
	Expectations string `yaml:"expectations"`
	// Profile is the target's declared limits and capabilities (YAML section
	// "profile", environment IMCONF_PROFILE_*); unused for the embedded
	// reference server, which declares its own.
	Profile profile.Profile `yaml:"profile"`
	// Staging holds the settings for running safely against shared,
	// metered targets (staging.go).
	Staging
	// TLS is how the suite trusts an https target (tls.go).
	TLS
	// givenSettings are the environment names of the settings the
	// environment or the YAML file set.
	givenSettings []string
}

// Embedded reports whether the run targets the embedded reference server.
func (c Config) Embedded() bool { return c.BaseURL == "" }

// Secrets lists the configured values that must never reach output or reports.
func (c Config) Secrets() []string {
	var s []string
	for _, v := range []string{c.ClientSecret, c.AppToken, c.AgoraAppCertificate} {
		if v != "" {
			s = append(s, v)
		}
	}
	return s
}

// Defaults are the values of settings nobody set.
func Defaults() Config {
	return Config{Timeout: 15 * time.Second, Registration: RegistrationAuthorized, ReportDir: "reports/out", Profile: profile.Documented(), Staging: stagingDefaults()}
}

// setting is one configuration key, known by its environment and YAML names.
type setting struct {
	env, yaml, hint string
	set             func(c *Config, v string) error
}

func str(field func(*Config) *string) func(*Config, string) error {
	return func(c *Config, v string) error { *field(c) = strings.TrimSpace(v); return nil }
}

var settings = []setting{
	{"IMCONF_BASE_URL", "base_url", "the server's scheme and host, like https://a61.chat.agora.io; leave it unset to use the embedded reference server", str(func(c *Config) *string { return &c.BaseURL })},
	{"IMCONF_ORG", "org", "the org_name part of the App Key org#app", str(func(c *Config) *string { return &c.Org })},
	{"IMCONF_APP", "app", "the app_name part of the App Key org#app", str(func(c *Config) *string { return &c.App })},
	{"IMCONF_CLIENT_ID", "client_id", "the app's Client ID from the console", str(func(c *Config) *string { return &c.ClientID })},
	{"IMCONF_CLIENT_SECRET", "client_secret", "the app's Client Secret from the console", str(func(c *Config) *string { return &c.ClientSecret })},
	{"IMCONF_APP_TOKEN", "app_token", "a ready app token, used instead of client credentials", str(func(c *Config) *string { return &c.AppToken })},
	{"IMCONF_TIMEOUT", "timeout", "a duration like 15s", func(c *Config, v string) error {
		d, err := time.ParseDuration(strings.TrimSpace(v))
		if err != nil || d <= 0 {
			return errors.New("is not a positive duration")
		}
		c.Timeout = d
		return nil
	}},
	{"IMCONF_STRICT", "strict", "document or live (the edition whose wording alone is accepted), true (= document) or false", func(c *Config, v string) error {
		v = strings.ToLower(strings.TrimSpace(v))
		if catalog.CheckEdition(v) == nil {
			c.Strict = v
			return nil
		}
		b, err := strconv.ParseBool(v)
		if err != nil {
			return errors.New("is not document, live, true or false")
		}
		c.Strict = ""
		if b {
			c.Strict = catalog.EditionDocument
		}
		return nil
	}},
	{"IMCONF_REFERENCE_EDITION", "reference_edition", "document or live: the wording the embedded reference server answers in", func(c *Config, v string) error {
		v = strings.ToLower(strings.TrimSpace(v))
		if err := catalog.CheckEdition(v); err != nil {
			return errors.New("is not document or live")
		}
		c.ReferenceEdition = v
		return nil
	}},
	{"IMCONF_REGISTRATION", "registration", "authorized or open, as set in the app's console", func(c *Config, v string) error {
		v = strings.ToLower(strings.TrimSpace(v))
		if v != RegistrationAuthorized && v != RegistrationOpen {
			return errors.New("is not authorized or open")
		}
		c.Registration = v
		return nil
	}},
	{"IMCONF_REPORT_DIR", "report_dir", "a folder for reports", str(func(c *Config) *string { return &c.ReportDir })},
	{"IMCONF_EXPECTATIONS", "expectations", "a YAML file of expected deviations (see README.md, Reports)", str(func(c *Config) *string { return &c.Expectations })},
	{"IMCONF_REFERENCE_FAULT", "reference_fault", "ROW-ID:KIND (or a comma-separated list of them) with a catalogue ID and one of " + faultKinds(), func(c *Config, v string) error {
		v = strings.TrimSpace(v)
		if v == "" {
			c.ReferenceFault = ""
			return nil
		}
		faults, err := fault.ParseList(v)
		if err != nil {
			return errors.New("is not a fault")
		}
		for _, f := range faults {
			if err := f.Check(); err != nil {
				return fmt.Errorf("%s: %w", f, err)
			}
		}
		c.ReferenceFault = v
		return nil
	}},
}

// Error is a configuration error: one line naming the setting and the fix.
type Error struct{ msg string }

func (e *Error) Error() string { return e.msg }

func errorf(format string, a ...any) error { return &Error{msg: fmt.Sprintf(format, a...)} }

// LoadFrom reads the configuration through lookup (os.LookupEnv in production).
func LoadFrom(lookup func(string) (string, bool)) (Config, error) {
	c := Defaults()
	if path, ok := lookup("IMCONF_CONFIG"); ok && strings.TrimSpace(path) != "" {
		if err := loadFile(&c, strings.TrimSpace(path)); err != nil {
			return Config{}, err
		}
	}
	for _, s := range settings {
		v, ok := lookup(s.env)
		if !ok {
			continue
		}
		if err := s.set(&c, v); err != nil {
			return Config{}, errorf("%s=%q %v; set it to %s", s.env, v, err, s.hint)
		}
		c.given(s.env, v)
	}
	for _, name := range profile.Names() {
		env := profile.EnvName(name)
		if v, ok := lookup(env); ok {
			if err := c.Profile.Set(name, v); err != nil {
				return Config{}, errorf("%s=%q %v; see the profile table in README.md", env, v, err)
			}
			c.given(env, v)
		}
	}
	c.applyAllowCostly()
	return c, c.validate()
}

func loadFile(c *Config, path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return errorf("IMCONF_CONFIG=%s cannot be read (%v); point it at a YAML file or unset it", path, unwrapPathError(err))
	}
	var raw map[string]yaml.Node
	if err := yaml.Unmarshal(data, &raw); err != nil {
		msg := strings.SplitN(err.Error(), "\n", 2)[0]
		return errorf("IMCONF_CONFIG=%s is not valid YAML (%s); fix the file", path, strings.TrimPrefix(msg, "yaml: "))
	}
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		node := raw[k]
		s, ok := settingByYAML(k)
		if !ok {
			if extra, ok := extensions[k]; ok {
				if err := extra(c, &node); err != nil {
					return errorf("IMCONF_CONFIG=%s line %d: %s: %v", path, node.Line, k, err)
				}
				continue
			}
			return unknownYAMLKey(path, node.Line, k)
		}
		if node.Kind != yaml.ScalarNode {
			return errorf("IMCONF_CONFIG=%s line %d: %s must be a single value; set it to %s", path, node.Line, k, s.hint)
		}
		if err := s.set(c, node.Value); err != nil {
			return errorf("IMCONF_CONFIG=%s line %d: %s %q %v; set it to %s", path, node.Line, k, node.Value, err, s.hint)
		}
		c.given(s.env, node.Value)
	}
	return nil
}

// extensions are YAML sections that are not single values; each decodes its
// own node into the Config.
var extensions = map[string]func(*Config, *yaml.Node) error{
	"profile": loadProfile,
}

// loadProfile reads the "profile" mapping (profile.SetYAML).
func loadProfile(c *Config, node *yaml.Node) error {
	return c.Profile.SetYAML(node, func(name, value string) { c.given(profile.EnvName(name), value) })
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func settingByYAML(k string) (setting, bool) {
	for _, s := range settings {
		if s.yaml == k {
			return s, true
		}
	}
	return setting{}, false
}

func knownYAML() []string {
	var ks []string
	for _, s := range settings {
		ks = append(ks, s.yaml)
	}
	for k := range extensions {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func (c Config) validate() error {
	if err := c.validateStaging(); err != nil {
		return err
	}
	if c.Embedded() {
		for _, s := range []struct{ env, v string }{{"IMCONF_CLIENT_SECRET", c.ClientSecret}, {"IMCONF_APP_TOKEN", c.AppToken}} {
			if s.v != "" {
				return errorf("%s is set but IMCONF_BASE_URL is not; set IMCONF_BASE_URL to the server those credentials belong to, or unset %s to use the embedded reference server", s.env, s.env)
			}
		}
		return c.checkTargetWithoutBaseURL()
	}
	if c.ReferenceEdition != "" {
		return errorf("IMCONF_REFERENCE_EDITION is set but IMCONF_BASE_URL is not empty; the edition applies to the embedded reference server only (use 'imconform serve --edition' for a standalone one)")
	}
	if c.ReferenceFault != "" {
		return errorf("IMCONF_REFERENCE_FAULT is set but IMCONF_BASE_URL is not empty; a fault applies to the embedded reference server only (use 'imconform serve --fault' for a standalone one)")
	}
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return errorf("IMCONF_BASE_URL=%q is not an http(s) URL; set it like https://a61.chat.agora.io", c.BaseURL)
	}
	if u.Path != "" && u.Path != "/" {
		return errorf("IMCONF_BASE_URL=%q has a path; give the scheme and host only and put org and app in IMCONF_ORG and IMCONF_APP", c.BaseURL)
	}
	if c.Org == "" {
		return errorf("IMCONF_ORG is not set; set it to the org_name part of the App Key org#app")
	}
	if c.App == "" {
		return errorf("IMCONF_APP is not set; set it to the app_name part of the App Key org#app")
	}
	for name, v := range map[string]string{"IMCONF_ORG": c.Org, "IMCONF_APP": c.App} {
		if strings.ContainsAny(v, "/#?% ") {
			return errorf("%s=%q contains a character that cannot stand in a URL path; give the bare name", name, v)
		}
	}
	if err := c.validateTLS(); err != nil {
		return err
	}
	switch {
	case c.AppToken != "":
	case c.AgoraAppID != "" && c.ClientID == "" && c.ClientSecret == "":
	case c.ClientID != "" && c.ClientSecret != "":
	case c.ClientID != "":
		return errorf("IMCONF_CLIENT_SECRET is not set; set it to the app's Client Secret, or set IMCONF_APP_TOKEN instead")
	case c.ClientSecret != "":
		return errorf("IMCONF_CLIENT_ID is not set; set it to the app's Client ID, or set IMCONF_APP_TOKEN instead")
	default:
		return errorf("no credentials: set IMCONF_CLIENT_ID and IMCONF_CLIENT_SECRET, or IMCONF_APP_TOKEN, or IMCONF_AGORA_APP_ID and IMCONF_AGORA_APP_CERTIFICATE")
	}
	return nil
}

// BaseURLTrimmed is BaseURL without a trailing slash.
func (c Config) BaseURLTrimmed() string { return strings.TrimRight(c.BaseURL, "/") }
