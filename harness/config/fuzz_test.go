package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/imconform/imconform/harness/profile"
)

// secretSettings are the settings whose values must never reach a message
// (Config.Secrets), by environment and YAML name.
var secretSettings = map[string]string{
	"IMCONF_CLIENT_SECRET": "client_secret", "IMCONF_APP_TOKEN": "app_token", "IMCONF_AGORA_APP_CERTIFICATE": "agora_app_certificate",
}

// checkLoaded holds for every outcome of LoadFrom: an error is a one-line
// *Error that leaks none of secrets; a configuration is one validate
// accepts (a run could start with it).
func checkLoaded(t *testing.T, c Config, err error, secrets []string) {
	t.Helper()
	if err != nil {
		var cerr *Error
		if !errors.As(err, &cerr) {
			t.Fatalf("error of type %T, want *config.Error: %v", err, err)
		}
		msg := err.Error()
		if msg == "" || strings.ContainsAny(msg, "\n\r") {
			t.Fatalf("error is not one line: %q", msg)
		}
		for _, s := range secrets {
			if strings.Contains(msg, s) {
				t.Fatalf("error %q holds the secret %q", msg, s)
			}
		}
		return
	}
	if c.Timeout <= 0 || (c.Registration != RegistrationAuthorized && c.Registration != RegistrationOpen) {
		t.Fatalf("accepted timeout %v registration %q", c.Timeout, c.Registration)
	}
	if !c.Embedded() && (c.Org == "" || c.App == "") {
		t.Fatalf("accepted a remote target %q without org and app", c.BaseURL)
	}
	if verr := c.validate(); verr != nil {
		t.Fatalf("LoadFrom returned a configuration validate refuses: %v", verr)
	}
}

// distinctive keeps the candidate secrets a message could only hold by
// leaking them: long enough, and not part of anything else the user gave
// (a message may echo other settings) or of the messages' fixed text.
func distinctive(candidates []string, others []string) []string {
	var out []string
	hints := allHints()
	for _, s := range candidates {
		s = strings.TrimSpace(s)
		if len(s) < 8 || strings.Contains(hints, s) {
			continue
		}
		shared := false
		for _, o := range others {
			if strings.Contains(o, s) {
				shared = true
			}
		}
		if !shared {
			out = append(out, s)
		}
	}
	return out
}

// allHints is the fixed text of the settings' messages.
func allHints() string {
	var b strings.Builder
	for _, s := range settings {
		b.WriteString(s.env + " " + s.yaml + " " + s.hint + "\n")
	}
	return b.String() + strings.Join(profile.Names(), " ")
}

// FuzzLoadFile feeds the settings loader any YAML file.
func FuzzLoadFile(f *testing.F) {
	f.Add([]byte("base_url: https://a61.chat.agora.io\norg: o\napp: a\nclient_id: YXA6id\nclient_secret: YXA6secret-value\nprofile:\n  absent: [presence, history]\n"))
	// One file rewritten by every input: a folder per input would cost more
	// than the load itself.
	path := filepath.Join(f.TempDir(), "imconform.yaml")
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		c, err := LoadFrom(env("IMCONF_CONFIG", path))
		var raw map[string]any
		var secrets []string
		if yaml.Unmarshal(data, &raw) == nil {
			var candidates, others []string
			for k, v := range raw {
				others = append(others, k)
				s, isString := v.(string)
				isSecret := false
				for _, name := range secretSettings {
					isSecret = isSecret || name == k
				}
				switch {
				case isString && isSecret:
					candidates = append(candidates, s)
				case isString:
					others = append(others, s)
				default:
					out, _ := yaml.Marshal(v)
					others = append(others, string(out))
				}
			}
			secrets = distinctive(candidates, append(others, path))
		}
		checkLoaded(t, c, err, secrets)
	})
}

// envNames are the environment variables LoadFrom reads, but IMCONF_CONFIG
// (FuzzLoadFile covers files). A function: settings is complete only after
// the package's init.
func envNames() []string {
	var out []string
	for _, s := range settings {
		out = append(out, s.env)
	}
	for _, n := range profile.Names() {
		out = append(out, profile.EnvName(n))
	}
	return out
}

// FuzzLoadEnv feeds the loader four settings of the environment, chosen by
// index, with any values.
func FuzzLoadEnv(f *testing.F) {
	names := envNames()
	index := func(name string) uint16 {
		for i, n := range names {
			if n == name {
				return uint16(i)
			}
		}
		f.Fatalf("no setting %s", name)
		return 0
	}
	f.Add(index("IMCONF_BASE_URL"), "https://example.test", index("IMCONF_APPKEY"), "o#a",
		index("IMCONF_CLIENT_ID"), "YXA6id", index("IMCONF_CLIENT_SECRET"), "YXA6secret-value")
	f.Fuzz(func(t *testing.T, n1 uint16, v1 string, n2 uint16, v2 string, n3 uint16, v3 string, n4 uint16, v4 string) {
		vars := map[string]string{}
		for _, kv := range []struct {
			n uint16
			v string
		}{{n1, v1}, {n2, v2}, {n3, v3}, {n4, v4}} {
			vars[names[int(kv.n)%len(names)]] = kv.v
		}
		lookup := func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
		c, err := LoadFrom(lookup)
		var candidates, others []string
		for k, v := range vars {
			if _, ok := secretSettings[k]; ok {
				candidates = append(candidates, v)
			} else {
				others = append(others, v)
			}
		}
		checkLoaded(t, c, err, distinctive(candidates, others))
	})
}
