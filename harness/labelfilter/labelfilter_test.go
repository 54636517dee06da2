package labelfilter

import (
	"strings"
	"testing"
)

func TestNames(t *testing.T) {
	for filter, want := range map[string]string{
		"users.get.not-found":                          "users.get.not-found",
		"users || auth":                                "users,auth",
		"!destructive && (slow, Quota)":                "destructive,slow,quota",
		"/users\\..*/ || requests:2":                   "requests:2",
		"area: containsAny {groups,chatrooms} && slow": "slow",
		"a && a": "a",
	} {
		if got := strings.Join(Names(filter), ","); got != want {
			t.Errorf("Names(%q) = %q, want %q", filter, got, want)
		}
	}
}

func TestBeforeRun(t *testing.T) {
	for _, c := range []struct {
		filter          string
		selected, total int
		want            string
	}{
		{"users.get.notfound", 0, 66, `names users.get.notfound, which is not a catalogue row ID (did you mean users.get.not-found?)`},
		{"users.get.notfound || auth.token-expired", 1, 66, `users.get.notfound, which is not a catalogue row ID`},
		{"users || auth", 0, 66, `selects none of the 66 specs: users, auth are no catalogue row ID`},
		{"users.password.missing-oldpassword", 0, 66, `users.password.missing-oldpassword is a catalogue row this suite version has no spec for`},
		{"slow && quota && ratelimit", 0, 66, `selects none of the 66 specs`},
		{"users.get.not-found", 1, 66, ""},
		{"", 0, 66, ""},
	} {
		got := BeforeRun(c.filter, c.selected, c.total)
		if (c.want == "") != (got == "") || !strings.Contains(got, c.want) || strings.Contains(got, "\n") {
			t.Errorf("BeforeRun(%q, %d) = %q, want one line containing %q", c.filter, c.selected, got, c.want)
		}
	}
}

func TestAfterRun(t *testing.T) {
	labels := [][]string{{"users.get.not-found", "requests:1"}, {"files.upload.too-large", "slow"}}
	if got := AfterRun("slwo || users.get.not-found", labels); !strings.Contains(got, "names slwo, which is no spec's label and no catalogue row ID (did you mean slow?)") {
		t.Errorf("typo: %q", got)
	}
	for _, ok := range []string{"Slow || users.get.not-found", "users.password.missing-oldpassword || slow", "!requests:1", ""} {
		if got := AfterRun(ok, labels); got != "" {
			t.Errorf("AfterRun(%q) = %q", ok, got)
		}
	}
	if got := AfterRun("slwo", nil); got != "" {
		t.Errorf("no specs reported: %q", got)
	}
}
