package config

import (
	"crypto/tls"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestAnUnknownVariableStopsTheRunNamingTheClosestSetting(t *testing.T) {
	for environ, want := range map[string]string{
		"IMCONF_BASEURL=http://staging.test": "IMCONF_BASEURL is not a setting imconform reads (did you mean IMCONF_BASE_URL?)",
		"IMCONF_CLIENT_SECRT=x":              "IMCONF_CLIENT_SECRT is not a setting imconform reads (did you mean IMCONF_CLIENT_SECRET?)",
		"IMCONF_PROFILE_ABSNT=groups":        "did you mean IMCONF_PROFILE_ABSENT?",
		"IMCONF_SOMETHING_ELSE=blue":         "IMCONF_SOMETHING_ELSE is not a setting imconform reads; unset it",
	} {
		_, err := LoadEnviron([]string{"PATH=/bin", environ, "IMCONF_ORG=o"})
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: got %v, want one line containing %q", environ, err, want)
		}
	}
	if _, err := LoadEnviron([]string{"IMCONF_TIMEOUT=3s", "IMCONF_PROFILE_ABSENT=", "IMCONF_SELFTEST=1", "OTHER_X=1"}); err != nil {
		t.Fatalf("known settings refused: %v", err)
	}
}

func TestTargetSettingsWithoutABaseURLAreAnError(t *testing.T) {
	for _, kv := range [][]string{
		{"IMCONF_ORG", "611299512", "IMCONF_APP", "1497260"},
		{"IMCONF_APPKEY", "o#a"},
		{"IMCONF_CLIENT_ID", "YXA6-id"},
		{"IMCONF_PROFILE_ABSENT", "groups"},
		{"IMCONF_PRODUCTION", "true"},
	} {
		_, err := LoadFrom(env(kv...))
		if err == nil || !strings.Contains(err.Error(), kv[0]+" is set but IMCONF_BASE_URL is not") || strings.Contains(err.Error(), "\n") {
			t.Errorf("%v: got %v", kv, err)
		}
	}
	_, err := LoadFrom(env("IMCONF_CONFIG", writeFile(t, "org: o\napp: a\n")))
	if err == nil || !strings.Contains(err.Error(), "is set but IMCONF_BASE_URL is not") {
		t.Errorf("YAML org without base_url: %v", err)
	}
	if _, err := LoadFrom(env("IMCONF_RATE", "3", "IMCONF_TIMEOUT", "2s", "IMCONF_STRICT", "true")); err != nil {
		t.Errorf("settings of the run itself refused against the embedded reference: %v", err)
	}
}

func TestTheRateBoundIsNamed(t *testing.T) {
	_, err := LoadFrom(env("IMCONF_RATE", "100000"))
	if err == nil || !strings.Contains(err.Error(), "at most 10000") || !strings.Contains(err.Error(), "unlimited") {
		t.Fatalf("got %v", err)
	}
}

func writePEM(t *testing.T, srv *httptest.Server) string {
	t.Helper()
	var pem strings.Builder
	pem.WriteString("-----BEGIN CERTIFICATE-----\n")
	pem.WriteString(encodeBase64Lines(srv.Certificate().Raw))
	pem.WriteString("-----END CERTIFICATE-----\n")
	p := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(p, []byte(pem.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// A staging server with a certificate of its own CA: trusted with
// IMCONF_CA_FILE, refused without it, accepted by the unsafe skip.
func TestTLSSettingsAgainstALoopbackServerWithItsOwnCA(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }))
	defer srv.Close()
	remote := []string{"IMCONF_BASE_URL", srv.URL, "IMCONF_APPKEY", "o#a", "IMCONF_APP_TOKEN", "t"}
	get := func(c Config) error {
		tc, err := c.ClientTLS()
		if err != nil {
			return err
		}
		tr := &http.Transport{TLSClientConfig: tc}
		defer tr.CloseIdleConnections()
		resp, err := (&http.Client{Transport: tr}).Get(srv.URL)
		if err == nil {
			resp.Body.Close()
		}
		return err
	}
	plain, err := LoadFrom(env(remote...))
	if err != nil {
		t.Fatal(err)
	}
	if get(plain) == nil {
		t.Fatal("a certificate of an unknown CA was accepted without IMCONF_CA_FILE")
	}
	withCA, err := LoadFrom(env(append(remote, "IMCONF_CA_FILE", writePEM(t, srv))...))
	if err != nil {
		t.Fatal(err)
	}
	if err := get(withCA); err != nil {
		t.Fatalf("IMCONF_CA_FILE: %v", err)
	}
	skip, err := LoadFrom(env(append(remote, "IMCONF_INSECURE_SKIP_VERIFY", "true")...))
	if err != nil {
		t.Fatal(err)
	}
	if err := get(skip); err != nil {
		t.Fatalf("IMCONF_INSECURE_SKIP_VERIFY: %v", err)
	}
	if tc, _ := withCA.ClientTLS(); tc.InsecureSkipVerify || tc.MinVersion < tls.VersionTLS12 {
		t.Fatalf("CA file config: %+v", tc)
	}
}

func TestBadTLSSettingsAreOneLine(t *testing.T) {
	notPEM := filepath.Join(t.TempDir(), "ca.txt")
	os.WriteFile(notPEM, []byte("hello"), 0o600)
	remote := []string{"IMCONF_BASE_URL", "https://staging.test", "IMCONF_APPKEY", "o#a", "IMCONF_APP_TOKEN", "t"}
	for _, c := range []struct {
		env  []string
		want string
	}{
		{append(remote, "IMCONF_CA_FILE", "/nonexistent/ca.pem"), "IMCONF_CA_FILE=/nonexistent/ca.pem cannot be read"},
		{append(remote, "IMCONF_CA_FILE", notPEM), "holds no PEM certificate"},
		{append(remote, "IMCONF_INSECURE_SKIP_VERIFY", "yes please"), "IMCONF_INSECURE_SKIP_VERIFY"},
		{append(remote, "IMCONF_CA_FILE", notPEM, "IMCONF_INSECURE_SKIP_VERIFY", "true"), "both set"},
		{[]string{"IMCONF_BASE_URL", "http://staging.test", "IMCONF_APPKEY", "o#a", "IMCONF_APP_TOKEN", "t", "IMCONF_INSECURE_SKIP_VERIFY", "true"}, "is not https"},
		{[]string{"IMCONF_CA_FILE", "/x.pem"}, "IMCONF_CA_FILE is set but IMCONF_BASE_URL is not"},
	} {
		_, err := LoadFrom(env(c.env...))
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%v: got %v, want one line containing %q", c.env[len(c.env)-2:], err, c.want)
		}
	}
}

func encodeBase64Lines(der []byte) string {
	s := base64.StdEncoding.EncodeToString(der)
	var b strings.Builder
	for len(s) > 64 {
		b.WriteString(s[:64] + "\n")
		s = s[64:]
	}
	b.WriteString(s + "\n")
	return b.String()
}
