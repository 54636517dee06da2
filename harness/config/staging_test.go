package config

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/imconform/imconform/harness/profile"
)

const (
	testAppID = "970CA35de60c44645bbae8a215061b33"
	testCert  = "5CFd2fd1755d40ecb72977518be15d3b"
)

func remote(kv ...string) func(string) (string, bool) {
	return env(append([]string{"IMCONF_BASE_URL", "https://staging.example.test"}, kv...)...)
}

func TestAppKeySetsOrgAndApp(t *testing.T) {
	c, err := LoadFrom(remote("IMCONF_APPKEY", "611299512#1497260", "IMCONF_APP_TOKEN", "YWMt-ready"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Org != "611299512" || c.App != "1497260" {
		t.Fatalf("org %q app %q", c.Org, c.App)
	}
}

func TestAgoraCredentialsAreEnoughAndTheCertificateIsASecret(t *testing.T) {
	c, err := LoadFrom(remote("IMCONF_APPKEY", "org#app", "IMCONF_AGORA_APP_ID", testAppID, "IMCONF_AGORA_APP_CERTIFICATE", testCert))
	if err != nil {
		t.Fatal(err)
	}
	if c.AgoraTokenTTL != DefaultAgoraTokenTTL || !slices.Contains(c.Secrets(), testCert) {
		t.Fatalf("ttl %v secrets %v", c.AgoraTokenTTL, len(c.Secrets()))
	}
}

// Every bad staging setting stops the run with one line that names it and
// never echoes the certificate.
func TestBadStagingSettingsAreOneLineErrors(t *testing.T) {
	cases := []struct {
		lookup func(string) (string, bool)
		want   string
	}{
		{remote("IMCONF_APPKEY", "orgapp", "IMCONF_APP_TOKEN", "x"), "IMCONF_APPKEY"},
		{remote("IMCONF_APPKEY", "a#b", "IMCONF_ORG", "c", "IMCONF_APP_TOKEN", "x"), "IMCONF_APPKEY"},
		{remote("IMCONF_APPKEY", "org#app", "IMCONF_AGORA_APP_ID", testAppID), "IMCONF_AGORA_APP_CERTIFICATE is not set"},
		{remote("IMCONF_APPKEY", "org#app", "IMCONF_AGORA_APP_CERTIFICATE", testCert), "IMCONF_AGORA_APP_ID is not set"},
		{remote("IMCONF_APPKEY", "org#app", "IMCONF_AGORA_APP_ID", "nothex", "IMCONF_AGORA_APP_CERTIFICATE", testCert), "IMCONF_AGORA_APP_ID="},
		{remote("IMCONF_APPKEY", "org#app", "IMCONF_AGORA_APP_ID", testAppID, "IMCONF_AGORA_APP_CERTIFICATE", testCert[:31]+"Z"), "IMCONF_AGORA_APP_CERTIFICATE is not 32"},
		{remote("IMCONF_APPKEY", "org#app", "IMCONF_AGORA_APP_ID", testAppID, "IMCONF_AGORA_APP_CERTIFICATE", testCert, "IMCONF_AGORA_TOKEN_TTL", "25h"), "IMCONF_AGORA_TOKEN_TTL"},
		{env("IMCONF_AGORA_APP_ID", testAppID, "IMCONF_AGORA_APP_CERTIFICATE", testCert), "IMCONF_BASE_URL is not"},
		{remote("IMCONF_APPKEY", "org#app", "IMCONF_APP_TOKEN", "x", "IMCONF_RATE", "0"), "IMCONF_RATE"},
		{remote("IMCONF_APPKEY", "org#app", "IMCONF_APP_TOKEN", "x", "IMCONF_RATE", "fast"), "IMCONF_RATE"},
		{remote("IMCONF_APPKEY", "org#app", "IMCONF_APP_TOKEN", "x", "IMCONF_ALLOW_COSTLY", "yes please"), "IMCONF_ALLOW_COSTLY"},
		{remote("IMCONF_APPKEY", "org#app", "IMCONF_APP_TOKEN", "x", "IMCONF_PRODUCTION", "maybe"), "IMCONF_PRODUCTION"},
	}
	for _, tc := range cases {
		_, err := LoadFrom(tc.lookup)
		if err == nil {
			t.Errorf("want an error naming %s, got none", tc.want)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, tc.want) || strings.Contains(msg, "\n") || strings.Contains(msg, testCert[:20]) || !strings.Contains(msg, "; ") {
			t.Errorf("error %q: want one line naming %s with a fix, without the certificate", msg, tc.want)
		}
	}
}

func TestRateDefaultsToConservativeForRemoteTargetsOnly(t *testing.T) {
	embedded, _ := LoadFrom(env())
	remoteCfg, _ := LoadFrom(remote("IMCONF_APPKEY", "o#a", "IMCONF_APP_TOKEN", "x"))
	set, _ := LoadFrom(remote("IMCONF_APPKEY", "o#a", "IMCONF_APP_TOKEN", "x", "IMCONF_RATE", "2.5"))
	unlimited, _ := LoadFrom(remote("IMCONF_APPKEY", "o#a", "IMCONF_APP_TOKEN", "x", "IMCONF_RATE", "unlimited"))
	if embedded.RequestRate() != 0 || remoteCfg.RequestRate() != DefaultRemoteRate || set.RequestRate() != 2.5 || unlimited.RequestRate() != 0 {
		t.Fatalf("rates %v %v %v %v", embedded.RequestRate(), remoteCfg.RequestRate(), set.RequestRate(), unlimited.RequestRate())
	}
}

func TestAllowCostlyTurnsOnRateLimitAndQuotaSpecs(t *testing.T) {
	base := []string{"IMCONF_APPKEY", "o#a", "IMCONF_APP_TOKEN", "x"}
	off, _ := LoadFrom(remote(base...))
	on, _ := LoadFrom(remote(append(base, "IMCONF_ALLOW_COSTLY", "true")...))
	declared, _ := LoadFrom(remote(append(base, "IMCONF_ALLOW_COSTLY", "true", "IMCONF_PROFILE_ABSENT", "quota")...))
	if off.Profile.Has(profile.RateLimit) || off.Profile.Has(profile.Quota) {
		t.Fatal("costly capabilities on by default against a remote target")
	}
	if !on.Profile.Has(profile.RateLimit) || !on.Profile.Has(profile.Quota) || on.Profile.Has(profile.Timeout) {
		t.Fatalf("IMCONF_ALLOW_COSTLY gave absent=%v", on.Profile.Absent)
	}
	if declared.Profile.Has(profile.Quota) || !declared.Profile.Has(profile.RateLimit) {
		t.Fatalf("a declared absent list was overridden: %v", declared.Profile.Absent)
	}
}

// The guard is tested with configuration only: no request is ever sent to
// these hosts.
func TestProductionHostsAreRecognised(t *testing.T) {
	for base, want := range map[string]bool{
		"https://a61.chat.agora.io":      true,
		"https://A41.chat.agora.io:443/": true,
		"https://a9.chat.agora.io":       true,
		"http://a1.easemob.com":          true,
		"https://a1-sgp.easemob.com":     true,
		"https://a1-hsb.easemob.com":     false,
		"https://staging.example.test":   false,
		"http://127.0.0.1:8080":          false,
	} {
		c, err := LoadFrom(env("IMCONF_BASE_URL", base, "IMCONF_APPKEY", "o#a", "IMCONF_APP_TOKEN", "x"))
		if err != nil {
			t.Fatal(err)
		}
		if got := c.ProductionReason() != ""; got != want {
			t.Errorf("%s: production %v, want %v (%q)", base, got, want, c.ProductionReason())
		}
	}
	c, _ := LoadFrom(remote("IMCONF_APPKEY", "o#a", "IMCONF_APP_TOKEN", "x", "IMCONF_PRODUCTION", "true"))
	if !strings.Contains(c.ProductionReason(), "IMCONF_PRODUCTION") {
		t.Fatalf("marked production: %q", c.ProductionReason())
	}
}

func TestStagingSettingsReadFromYAML(t *testing.T) {
	path := filepath.Join(t.TempDir(), "target.yaml")
	os.WriteFile(path, []byte("base_url: https://staging.example.test\nappkey: org#app\nagora_app_id: "+testAppID+"\nagora_app_certificate: "+testCert+"\nagora_token_ttl: 2h\nrate: 3\nproduction: true\nallow_costly: true\n"), 0o600)
	c, err := LoadFrom(env("IMCONF_CONFIG", path))
	if err != nil {
		t.Fatal(err)
	}
	if c.Org != "org" || c.AgoraTokenTTL.Hours() != 2 || c.RequestRate() != 3 || !c.Production || !c.AllowCostly {
		t.Fatalf("%+v", c.Staging)
	}
}
