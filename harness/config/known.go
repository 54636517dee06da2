package config

import (
	"os"
	"sort"
	"strings"

	"github.com/imconform/imconform/harness/profile"
	"github.com/imconform/imconform/harness/suggest"
)

// A setting nobody reads is worse than a wrong one: IMCONF_BASEURL (for
// IMCONF_BASE_URL) would silently test the embedded reference server. So
// every IMCONF_ variable and YAML key must be one the suite knows.

// otherEnvNames are IMCONF_ variables read outside the settings table.
var otherEnvNames = []string{
	"IMCONF_CONFIG",
	// IMCONF_SELFTEST switches on suites/staging/selftest, a suite of
	// deliberately failing specs the staging tests run.
	"IMCONF_SELFTEST",
}

// KnownEnvNames lists every IMCONF_ variable the suite reads, sorted.
func KnownEnvNames() []string {
	names := append([]string(nil), otherEnvNames...)
	for _, s := range settings {
		names = append(names, s.env)
	}
	for _, n := range profile.Names() {
		names = append(names, profile.EnvName(n))
	}
	sort.Strings(names)
	return names
}

// checkEnvNames returns a one-line error for the first IMCONF_ variable of
// environ (KEY=VALUE entries) the suite does not read.
func checkEnvNames(environ []string) error {
	known := KnownEnvNames()
	var unknown []string
	for _, kv := range environ {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "IMCONF_") && !contains(known, name) {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	sort.Strings(unknown)
	name := unknown[0]
	if near := suggest.Closest(name, known); near != "" {
		return errorf("%s is not a setting imconform reads (did you mean %s?); rename or unset it", name, near)
	}
	return errorf("%s is not a setting imconform reads; unset it (the settings are listed in README.md)", name)
}

// unknownYAMLKey is the one-line error of a YAML key the suite does not read.
func unknownYAMLKey(path string, line int, key string) error {
	if near := suggest.Closest(key, knownYAML()); near != "" {
		return errorf("IMCONF_CONFIG=%s line %d: unknown setting %q (did you mean %s?); rename or remove it", path, line, key, near)
	}
	return errorf("IMCONF_CONFIG=%s line %d: unknown setting %q; known settings: %s", path, line, key, strings.Join(knownYAML(), ", "))
}

// Load reads the configuration from the process environment; an IMCONF_
// variable the suite does not read is an error.
func Load() (Config, error) { return LoadEnviron(os.Environ()) }

// LoadEnviron reads the configuration from environ (KEY=VALUE entries, as
// os.Environ returns them).
func LoadEnviron(environ []string) (Config, error) {
	if err := checkEnvNames(environ); err != nil {
		return Config{}, err
	}
	m := map[string]string{}
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok {
			m[k] = v
		}
	}
	return LoadFrom(func(k string) (string, bool) { v, ok := m[k]; return v, ok })
}

// targetSettings describe the remote target; given without IMCONF_BASE_URL
// they would be ignored, and a run that ignores them tests the embedded
// reference server instead of the server the user meant.
var targetSettings = []string{
	"IMCONF_ORG", "IMCONF_APP", "IMCONF_APPKEY", "IMCONF_CLIENT_ID", "IMCONF_CLIENT_SECRET", "IMCONF_APP_TOKEN",
	"IMCONF_AGORA_APP_ID", "IMCONF_AGORA_APP_CERTIFICATE", "IMCONF_AGORA_TOKEN_TTL",
	"IMCONF_PRODUCTION", "IMCONF_ALLOW_PRODUCTION_DESTRUCTIVE", "IMCONF_CA_FILE", "IMCONF_INSECURE_SKIP_VERIFY",
}

// isTargetSetting reports whether the environment name env is a setting
// of the remote target (profile settings included).
func isTargetSetting(env string) bool {
	return contains(targetSettings, env) || strings.HasPrefix(env, "IMCONF_PROFILE_")
}

// given records that the setting env (environment name) was set, from the
// environment or the YAML file; an empty value counts as unset.
func (c *Config) given(env, value string) {
	if strings.TrimSpace(value) != "" {
		c.givenSettings = append(c.givenSettings, env)
	}
}

// checkTargetWithoutBaseURL fails a run against the embedded reference
// server that was given settings of a remote target.
func (c Config) checkTargetWithoutBaseURL() error {
	if !c.Embedded() {
		return nil
	}
	for _, env := range c.givenSettings {
		if isTargetSetting(env) {
			return errorf("%s is set but IMCONF_BASE_URL is not, so it would be ignored and the run would test the embedded reference server; set IMCONF_BASE_URL to your server, or unset %s", env, env)
		}
	}
	return nil
}

// EmbeddedNotice is the first and last line of a run against the embedded
// reference server, so that nobody mistakes its verdict for their server's.
const EmbeddedNotice = "imconform: IMCONF_BASE_URL is not set: this run tests the embedded reference server, not a server of yours"

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
