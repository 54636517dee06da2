package suggest

import "testing"

func TestClosest(t *testing.T) {
	known := []string{"IMCONF_BASE_URL", "IMCONF_ORG", "IMCONF_APP", "IMCONF_APP_TOKEN", "IMCONF_CLIENT_SECRET"}
	cases := map[string]string{
		"IMCONF_BASEURL":        "IMCONF_BASE_URL",
		"imconf_base_url":       "IMCONF_BASE_URL",
		"IMCONF_CLIENT_SECRT":   "IMCONF_CLIENT_SECRET",
		"IMCONF_APPTOKEN":       "IMCONF_APP_TOKEN",
		"IMCONF_SOMETHING_ELSE": "",
	}
	for name, want := range cases {
		if got := Closest(name, known); got != want {
			t.Errorf("Closest(%q) = %q, want %q", name, got, want)
		}
	}
	if got := Closest("users.get.notfound", []string{"users.get.not-found", "users.register.duplicate"}); got != "users.get.not-found" {
		t.Errorf("row ID: %q", got)
	}
	if got := Closest("x", nil); got != "" {
		t.Errorf("no candidates: %q", got)
	}
}
