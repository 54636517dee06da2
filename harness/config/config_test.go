package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func env(kv ...string) func(string) (string, bool) {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestDefaultIsTheEmbeddedReferenceServer(t *testing.T) {
	c, err := LoadFrom(env())
	if err != nil {
		t.Fatal(err)
	}
	if !c.Embedded() || c.Timeout != 15*time.Second || c.Registration != RegistrationAuthorized || c.ReportDir != "reports/out" {
		t.Fatalf("defaults: %+v", c)
	}
}

func TestRemoteTarget(t *testing.T) {
	c, err := LoadFrom(env("IMCONF_BASE_URL", "https://example.test/", "IMCONF_ORG", "o", "IMCONF_APP", "a",
		"IMCONF_CLIENT_ID", "id", "IMCONF_CLIENT_SECRET", "s3cret-value", "IMCONF_TIMEOUT", "3s", "IMCONF_STRICT", "true",
		"IMCONF_PROFILE_MESSAGE_MAX_BYTES", "40960", "IMCONF_PROFILE_ABSENT", "presence"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Embedded() || c.BaseURLTrimmed() != "https://example.test" || c.Timeout != 3*time.Second || !c.Strict {
		t.Fatalf("%+v", c)
	}
	if c.Profile.MessageMaxBytes != 40960 || c.Profile.Has("presence") || !c.Profile.Has("history") {
		t.Fatalf("profile: %+v", c.Profile)
	}
	if strings.Join(c.Secrets(), ",") != "s3cret-value" {
		t.Fatalf("secrets: %v", c.Secrets())
	}
}

func TestErrorsAreOneLineAndNameTheSetting(t *testing.T) {
	remote := []string{"IMCONF_BASE_URL", "https://example.test", "IMCONF_ORG", "o", "IMCONF_APP", "a"}
	cases := map[string]struct {
		env  []string
		want string
	}{
		"bad url":            {[]string{"IMCONF_BASE_URL", "ftp://x", "IMCONF_ORG", "o", "IMCONF_APP", "a", "IMCONF_APP_TOKEN", "t"}, "IMCONF_BASE_URL"},
		"url with a path":    {[]string{"IMCONF_BASE_URL", "https://x/o/a", "IMCONF_ORG", "o", "IMCONF_APP", "a", "IMCONF_APP_TOKEN", "t"}, "has a path"},
		"no org":             {[]string{"IMCONF_BASE_URL", "https://x", "IMCONF_APP", "a", "IMCONF_APP_TOKEN", "t"}, "IMCONF_ORG is not set"},
		"no app":             {[]string{"IMCONF_BASE_URL", "https://x", "IMCONF_ORG", "o", "IMCONF_APP_TOKEN", "t"}, "IMCONF_APP is not set"},
		"org with #":         {[]string{"IMCONF_BASE_URL", "https://x", "IMCONF_ORG", "o#a", "IMCONF_APP", "a", "IMCONF_APP_TOKEN", "t"}, "IMCONF_ORG"},
		"no credentials":     {remote, "IMCONF_CLIENT_ID and IMCONF_CLIENT_SECRET, or IMCONF_APP_TOKEN"},
		"id without secret":  {append(remote, "IMCONF_CLIENT_ID", "id"), "IMCONF_CLIENT_SECRET is not set"},
		"secret without id":  {append(remote, "IMCONF_CLIENT_SECRET", "s"), "IMCONF_CLIENT_ID is not set"},
		"secret, no url":     {[]string{"IMCONF_CLIENT_SECRET", "s"}, "IMCONF_BASE_URL is not"},
		"bad timeout":        {[]string{"IMCONF_TIMEOUT", "soon"}, "IMCONF_TIMEOUT"},
		"bad strict":         {[]string{"IMCONF_STRICT", "maybe"}, "IMCONF_STRICT"},
		"bad registration":   {[]string{"IMCONF_REGISTRATION", "closed"}, "IMCONF_REGISTRATION"},
		"bad fault":          {[]string{"IMCONF_REFERENCE_FAULT", "users.get.not-found:explode"}, "IMCONF_REFERENCE_FAULT"},
		"fault of no row":    {[]string{"IMCONF_REFERENCE_FAULT", "nosuch.row:status"}, "names no catalogue row"},
		"2nd fault bad":      {[]string{"IMCONF_REFERENCE_FAULT", "users.get.not-found:status,nosuch.row:text"}, "nosuch.row:text: names no catalogue row"},
		"row faulted twice":  {[]string{"IMCONF_REFERENCE_FAULT", "users.get.not-found:status, users.get.not-found:text"}, "IMCONF_REFERENCE_FAULT"},
		"fault with remote":  {append(remote, "IMCONF_APP_TOKEN", "t", "IMCONF_REFERENCE_FAULT", "users.get.not-found:status"), "embedded reference server only"},
		"bad profile number": {[]string{"IMCONF_PROFILE_MESSAGE_MAX_BYTES", "5KB"}, "IMCONF_PROFILE_MESSAGE_MAX_BYTES"},
		"bad capability":     {[]string{"IMCONF_PROFILE_ABSENT", "teleport"}, "teleport"},
		"missing file":       {[]string{"IMCONF_CONFIG", "/nonexistent/imconform.yaml"}, "IMCONF_CONFIG=/nonexistent/imconform.yaml cannot be read"},
	}
	for name, c := range cases {
		_, err := LoadFrom(env(c.env...))
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		if !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: %q does not name %q on one line", name, err, c.want)
		}
		if strings.Contains(err.Error(), "s3cret") {
			t.Errorf("%s: secret in error %q", name, err)
		}
	}
}

func writeFile(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "imconform.yaml")
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestYAMLFileWithEnvironmentOverride(t *testing.T) {
	p := writeFile(t, `
base_url: https://file.example.test
org: fileorg
app: fileapp
app_token: tok-from-file
timeout: 20s
profile:
  message_max_bytes: 40960
  absent: [presence, files]
`)
	c, err := LoadFrom(env("IMCONF_CONFIG", p, "IMCONF_ORG", "envorg"))
	if err != nil {
		t.Fatal(err)
	}
	if c.BaseURL != "https://file.example.test" || c.Org != "envorg" || c.App != "fileapp" || c.Timeout != 20*time.Second || c.AppToken != "tok-from-file" {
		t.Fatalf("%+v", c)
	}
	if c.Profile.MessageMaxBytes != 40960 || c.Profile.Has("files") || c.Profile.Has("presence") {
		t.Fatalf("profile %+v", c.Profile)
	}
}

func TestYAMLFileErrors(t *testing.T) {
	for text, want := range map[string]string{
		"base_url: [a, b]\n":                   "line 1: base_url must be a single value",
		"timeout: forever\n":                   "line 1: timeout \"forever\" is not a positive duration",
		"baseurl: https://x\n":                 "line 1: unknown setting \"baseurl\" (did you mean base_url?)",
		"colour: blue\n":                       "line 1: unknown setting \"colour\"; known settings: ",
		"base_url: https://x\n  org: [\n":      "is not valid YAML",
		"profile:\n  message_max_bytes: big\n": "line 2: message_max_bytes \"big\"",
		"profile:\n  colour: blue\n":           "unknown profile setting \"colour\"",
		"profile: 3\n":                         "must be a mapping",
	} {
		_, err := LoadFrom(env("IMCONF_CONFIG", writeFile(t, text)))
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%q: got %v, want one line containing %q", text, err, want)
		}
	}
}
