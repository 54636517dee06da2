package profile

import (
	"strings"
	"testing"
)

func TestEnvRoundTrip(t *testing.T) {
	p := Documented()
	p.GroupsPerApp = 7
	p.Absent = []string{Presence, Quota}
	p.Switchable = []string{Recall, AttachmentLifetime}
	var q Profile
	for _, kv := range p.Env() {
		k, v, _ := strings.Cut(kv, "=")
		name := strings.ToLower(strings.TrimPrefix(k, "IMCONF_PROFILE_"))
		if err := q.Set(name, v); err != nil {
			t.Fatalf("%s: %v", kv, err)
		}
	}
	if strings.Join(q.Env(), " ") != strings.Join(p.Env(), " ") {
		t.Fatalf("round trip changed the profile:\n%v\n%v", p.Env(), q.Env())
	}
	if len(p.Env()) != len(fields) {
		t.Fatalf("Env renders %d of %d settings", len(p.Env()), len(fields))
	}
}

func TestSetRejectsBadValues(t *testing.T) {
	var p Profile
	for name, v := range map[string]string{"message_max_bytes": "-1", "history_retention": "3 days", "absent": "presence,teleport", "nope": "1"} {
		if err := p.Set(name, v); err == nil {
			t.Errorf("%s=%s accepted", name, v)
		}
	}
}

func TestSkipReason(t *testing.T) {
	p := Documented()
	if r := p.SkipReason(RateLimit, 1); !strings.Contains(r, "ratelimit") {
		t.Errorf("got %q", r)
	}
	if r := p.SkipReason("", 10000); !strings.Contains(r, "budget") {
		t.Errorf("got %q", r)
	}
	if r := p.SkipReason(Presence, 10); r != "" {
		t.Errorf("got %q", r)
	}
}

func TestSwitchable(t *testing.T) {
	var p Profile
	if err := p.Set("switchable", "recall, rewrite"); err != nil {
		t.Fatal(err)
	}
	if !p.CanSwitchOff(Recall) || !p.CanSwitchOff(Rewrite) || p.CanSwitchOff(Broadcast) {
		t.Errorf("switchable recall,rewrite: CanSwitchOff = %v %v %v; want true true false", p.CanSwitchOff(Recall), p.CanSwitchOff(Rewrite), p.CanSwitchOff(Broadcast))
	}
	if err := p.Set("switchable", "recall,teleport"); err == nil || !strings.Contains(err.Error(), "teleport") {
		t.Errorf("an unknown capability in switchable: %v; want an error naming it", err)
	}
}
