package catalog

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDataIsInStepWithShared keeps the copies of the shared facts
// byte-identical to ../shared.
func TestDataIsInStepWithShared(t *testing.T) {
	for name, have := range map[string][]byte{"catalog.tsv": catalogTSV, "endpoints.tsv": endpointsTSV, "variants.tsv": variantsTSV} {
		shared := filepath.Join("..", "..", "..", "shared", name)
		want, err := os.ReadFile(shared)
		if os.IsNotExist(err) {
			t.Skipf("%s is not beside this checkout; nothing to compare with", shared)
		}
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(want, have) {
			t.Errorf("harness/catalog/%s differs from %s: copy it over (cp %s harness/catalog/%s), then update observed-variants.tsv and decisions.tsv", name, shared, shared, name)
		}
	}
}

func TestEveryRowHasAnAreaAndKnownEndpoints(t *testing.T) {
	for _, r := range All() {
		if r.Area == "" {
			t.Errorf("%s has no area", r.ID)
		}
		for _, ep := range r.Endpoints {
			if _, ok := EndpointByKey(ep); !ok {
				t.Logf("%s lists %q, which is not an operation of endpoints.tsv", r.ID, ep)
			}
		}
	}
	if n := len(Endpoints()); n != 179 {
		t.Errorf("endpoints.tsv holds %d operations, want 179", n)
	}
}

func TestMatchPrefersLiteralsAndPluralParameters(t *testing.T) {
	for _, c := range []struct{ method, path, want string }{
		{"POST", "/o/a/users/batch/status", "POST /{org}/{app}/users/batch/status"},
		{"GET", "/o/a/users/bob/status", "GET /{org}/{app}/users/{username}/status"},
		{"DELETE", "/o/a/chatgroups/1/users/a,b", "DELETE /{org}/{app}/chatgroups/{group_id}/users/{usernames}"},
		{"DELETE", "/o/a/chatgroups/1/users/a", "DELETE /{org}/{app}/chatgroups/{group_id}/users/{username}"},
		{"GET", "/o/a/chatrooms/super_admin", "GET /{org}/{app}/chatrooms/super_admin"},
		{"GET", "/o/a/metadata/user/capacity", "GET /{org}/{app}/metadata/user/capacity"},
		{"GET", "/o/a/users/bob/notification/language", "GET /{org}/{app}/users/{username}/notification/language"},
		{"GET", "/o/a/users/bob/notification/chat/bob2", "GET /{org}/{app}/users/{username}/notification/{chattype}/{key}"},
	} {
		e, _, ok := MatchURLPath(c.method, c.path)
		if !ok || e.Key() != c.want {
			t.Errorf("%s %s matched %q (%v), want %q", c.method, c.path, e.Key(), ok, c.want)
		}
	}
	if _, _, ok := MatchURLPath("PATCH", "/o/a/users"); ok {
		t.Error("PATCH /users matched a documented operation")
	}
}

func TestEveryRowParses(t *testing.T) {
	rows := All()
	if len(rows) < 50 {
		t.Fatalf("only %d rows", len(rows))
	}
	for _, r := range rows {
		if r.Status < 400 || r.Status > 599 {
			t.Errorf("%s: status %d", r.ID, r.Status)
		}
		for _, e := range r.Expectations() {
			vars := Vars{}
			for _, m := range placeholder.FindAllStringSubmatch(e.Description, -1) {
				if _, ok := volatile[m[1]]; !ok {
					vars[m[1]] = "x"
				}
			}
			if _, err := Pattern(e.Description, vars); err != nil {
				t.Errorf("%s %s: %v", r.ID, e.Name, err)
			}
		}
	}
}

func TestJSONParseTemplateHasRealNewlineAndVolatileHash(t *testing.T) {
	r := MustGet("request.json-parse")
	if !strings.Contains(r.Description, "value\n at [Source") {
		t.Fatalf("\\n not turned into a newline: %q", r.Description)
	}
	p, err := Pattern(r.Description, Vars{"line": "2", "column": "14"})
	if err != nil {
		t.Fatal(err)
	}
	ok := "Unexpected character ('=' (code 61)): was expecting a colon to separate field name and value\n at [Source: java.io.BufferedInputStream@170e3f35; line: 2, column: 14]"
	if !p.MatchString(ok) {
		t.Errorf("pattern %s does not match %q", p, ok)
	}
	for _, bad := range []string{
		strings.Replace(ok, "column: 14", "column: 13", 1),
		strings.Replace(ok, "@170e3f35", "@", 1),
		strings.Replace(ok, "\n", " ", 1),
		ok + ".",
	} {
		if p.MatchString(bad) {
			t.Errorf("pattern matches wrong text %q", bad)
		}
	}
}

func TestPatternNeedsEverySpecValue(t *testing.T) {
	if _, err := Pattern("user {username} here", nil); err == nil || !strings.Contains(err.Error(), "{username}") {
		t.Fatalf("want an error naming {username}, got %v", err)
	}
	p, _ := Pattern("a.b {x}", Vars{"x": "(y)"})
	if p.MatchString("aXb (y)") || !p.MatchString("a.b (y)") {
		t.Fatal("literal text must be quoted")
	}
}

func TestParseRejectsBadData(t *testing.T) {
	hdr := "id\tstatus\terror\tdescription\ttrigger\tprovokable\tnotes\tarea\tendpoints\tsource\n"
	noVariants := [][]byte{[]byte("h\th\th\th\th\n"), []byte("h\th\th\th\th\n")}
	noEndpoints := []byte("h\th\th\th\th\th\th\n")
	for name, rows := range map[string]string{
		"bad status":     hdr + "a\tfour\te\td\tt\tyes\tn\tx\t\ts\n",
		"bad provokable": hdr + "a\t400\te\td\tt\tmaybe\tn\tx\t\ts\n",
		"duplicate":      hdr + "a\t400\te\td\tt\tyes\tn\tx\t\ts\na\t400\te\td\tt\tyes\tn\tx\t\ts\n",
		"short":          hdr + "a\t400\te\n",
	} {
		if c := parseAll([]byte(rows), noVariants, []byte("h\th\n"), noEndpoints); c.err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if c := parseAll(catalogTSV, [][]byte{[]byte("h\th\th\th\th\nnope\t\t\tx\ts\n"), noVariants[1]}, decisionsTSV, endpointsTSV); c.err == nil {
		t.Error("variant of unknown id accepted")
	}
	for name, eps := range map[string]string{
		"unknown row":   "h\th\th\th\th\th\th\nGET\t/{org}/{app}/x\ta\tapi\tapp\tnope\ts\n",
		"bad method":    "h\th\th\th\th\th\th\nPATCH\t/{org}/{app}/x\ta\tapi\tapp\t\ts\n",
		"bad auth":      "h\th\th\th\th\th\th\nGET\t/{org}/{app}/x\ta\tapi\tadmin\t\ts\n",
		"not below app": "h\th\th\th\th\th\th\nGET\t/x\ta\tapi\tapp\t\ts\n",
	} {
		if c := parseAll(catalogTSV, noVariants, decisionsTSV, []byte(eps)); c.err == nil {
			t.Errorf("endpoints with %s accepted", name)
		}
	}
}

func TestTriggerOperationReadsTheTriggersPath(t *testing.T) {
	for id, want := range map[string]string{
		"groups.get.not-found":              "GET /{org}/{app}/chatgroups/{group_id}",
		"push.settings.bad-path":            "PUT /{org}/{app}/users/{username}/notification/{chattype}/{key}",
		"push.template.not-found":           "GET /{org}/{app}/notification/template/{name}",
		"metadata.chatroom.batch-too-large": "PUT /{org}/{app}/metadata/chatroom/{chatroom_id}/user/{username}",
	} {
		op, ok := MustGet(id).TriggerOperation()
		if !ok || op.Key() != want {
			t.Errorf("%s: trigger operation %q (%v), want %q", id, op.Key(), ok, want)
		}
	}
	if op, ok := MustGet("auth.token-expired").TriggerOperation(); ok {
		t.Errorf("auth.token-expired names no operation, got %s", op.Key())
	}
}
