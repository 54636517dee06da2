package profile

import (
	"strings"
	"testing"
)

func TestEnvRoundTrip(t *testing.T) {
	p := Documented()
	p.GroupsPerApp = 7
	p.Absent = []string{Presence, Quota}
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

// A skip the documented default causes says so; only a list the user set
// is called a declaration.
func TestAbsentReasonTellsADefaultFromADeclaration(t *testing.T) {
	p := Documented()
	if r := p.SkipReason(Timeout, 1); strings.Contains(r, "profile declares") || !strings.Contains(r, "documented default profile") {
		t.Errorf("default: %q", r)
	}
	if r := p.SkipReason(Quota, 1); strings.Contains(r, "profile declares") || !strings.Contains(r, "IMCONF_ALLOW_COSTLY=true") {
		t.Errorf("default costly: %q", r)
	}
	if err := p.Set("absent", "timeout,groups"); err != nil {
		t.Fatal(err)
	}
	if r := p.SkipReason(Timeout, 1); !strings.Contains(r, `the target's profile declares "timeout" absent`) {
		t.Errorf("declared: %q", r)
	}
	if !p.Has(RateLimit) || p.Has("groups") {
		t.Errorf("a declared list replaces the default: %v", p.Absent)
	}
}

func TestEveryCatalogueAreaCanBeDeclaredAbsent(t *testing.T) {
	var p Profile
	if err := p.Set("absent", "threads, reactions,contacts,timeout"); err != nil {
		t.Fatal(err)
	}
	err := p.Set("absent", "group")
	if err == nil || !strings.Contains(err.Error(), `unknown capability "group" (did you mean groups?)`) {
		t.Errorf("got %v", err)
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
