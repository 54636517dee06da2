package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// Bad input to the janitor is one line saying what is wrong and how to fix
// it, with a non-zero exit, before any request.
func TestJanitorBadInputIsOneLine(t *testing.T) {
	for k := range envMap() {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	cases := []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"--ledger", "x", "--prefix"}, nil, "give one"},
		{[]string{"--older-than", "-1h", "--prefix"}, nil, "--older-than"},
		{[]string{"--bogus"}, nil, "flag provided but not defined"},
		{nil, nil, "IMCONF_BASE_URL is not set"},
		{nil, map[string]string{"IMCONF_BASE_URL": "http://127.0.0.1:9", "IMCONF_APPKEY": "o#a"}, "no credentials"},
		{[]string{"--ledger", "/nonexistent/ledger.jsonl"}, map[string]string{"IMCONF_BASE_URL": "http://127.0.0.1:9", "IMCONF_APPKEY": "o#a", "IMCONF_APP_TOKEN": "YWMt-x"}, "cannot read the ledger"},
	}
	for _, c := range cases {
		for k, v := range c.env {
			t.Setenv(k, v)
		}
		var out, errOut bytes.Buffer
		code := run(append([]string{"janitor"}, c.args...), &out, &errOut)
		msg := strings.TrimSpace(errOut.String())
		if code == 0 || !strings.Contains(msg, c.want) || strings.Contains(msg, "\n") {
			t.Errorf("janitor %v: exit %d, stderr %q; want one line with %q", c.args, code, msg, c.want)
		}
		for k := range c.env {
			os.Unsetenv(k)
		}
	}
}

func envMap() map[string]bool {
	m := map[string]bool{}
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "IMCONF_") {
			m[k] = true
		}
	}
	return m
}
