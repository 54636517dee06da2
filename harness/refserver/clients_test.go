package refserver

import (
	"fmt"
	"strings"
	"testing"

	"github.com/imconform/imconform/harness/catalog"
)

// register creates users with password "p" and returns nothing; the fixture
// fails the test on any error.
func (s *refFixture) register(app string, names ...string) {
	s.t.Helper()
	for _, n := range names {
		if status, out := s.do("POST", "/org/app/users", app, map[string]string{"username": n, "password": "p"}); status != 200 {
			s.t.Fatalf("register %s: %d %v", n, status, out)
		}
	}
}

// userToken is a password-grant token of name.
func (s *refFixture) userToken(name string) string {
	s.t.Helper()
	status, out := s.do("POST", "/org/app/token", "", map[string]any{"grant_type": "password", "username": name, "password": "p"})
	if status != 200 {
		s.t.Fatalf("user token of %s: %d %v", name, status, out)
	}
	return out["access_token"].(string)
}

func TestEditionsWordRowsDifferently(t *testing.T) {
	for _, edition := range []string{"", catalog.EditionDocument, catalog.EditionLive} {
		s := newTestServer(t, Options{Edition: edition})
		app := s.token(-1)
		s.register(app, "alice")
		want := func(id string, vars catalog.Vars) catalog.Expectation {
			w := catalog.MustGet(id).Wording(edition)
			w.Description = catalog.Render(w.Description, vars)
			return w
		}
		status, out := s.do("POST", "/org/app/users", "", map[string]string{"username": "bob", "password": "p"})
		w := want("users.register.closed", nil)
		wantError(t, status, out, w.Status, w.Error, w.Description)

		status, out = s.do("GET", "/org/app/chatgroups/123", app, nil)
		w = want("groups.get.not-found", catalog.Vars{"group_id": "123"})
		wantError(t, status, out, w.Status, w.Error, w.Description)

		status, out = s.do("POST", "/org/app/token", "", map[string]any{"grant_type": "password", "username": "alice", "password": "wrong"})
		w = want("token.invalid-grant", nil)
		wantError(t, status, out, w.Status, w.Error, w.Description)

		status, out = s.do("GET", "/nosuch/app/users", "", nil)
		w = want("request.unknown-app", catalog.Vars{"org": "nosuch", "app": "app"})
		wantError(t, status, out, w.Status, w.Error, strings.Replace(w.Description, "nosuch/app/token", "nosuch/app/users", 1))
	}
	// The two editions really differ on these rows.
	if catalog.MustGet("users.register.closed").Wording(catalog.EditionLive).Description != "Open registration doesn't allow, so register user need token," {
		t.Error("the live edition of users.register.closed is not the captured 2019+ wording")
	}
}

func TestPasswordGrantTellsAnUnknownUserFromAWrongPassword(t *testing.T) {
	s := newTestServer(t, Options{Edition: catalog.EditionLive})
	s.register(s.token(-1), "alice")
	status, out := s.do("POST", "/org/app/token", "", map[string]any{"grant_type": "password", "username": "nobody", "password": "p"})
	wantError(t, status, out, 404, "invalid_grant", "user not found")
	if _, ok := out["timestamp"]; ok {
		t.Errorf("the token endpoint answered the Usergrid envelope, not the two-field OAuth body: %v", out)
	}
	status, out = s.do("POST", "/org/app/token", "", map[string]any{"grant_type": "password", "username": "alice", "password": "x"})
	wantError(t, status, out, 400, "invalid_grant", "invalid password")
}

func TestInheritGrant(t *testing.T) {
	s := newTestServer(t, Options{})
	app := s.token(-1)
	inherit := func(token, name string, create bool) (int, map[string]any) {
		return s.do("POST", "/org/app/token", token, map[string]any{"grant_type": "inherit", "username": name, "autoCreateUser": create, "ttl": 60})
	}
	status, out := inherit(app, "carol", false)
	wantError(t, status, out, 404, "entity_not_found", "User null not found")
	status, out = inherit(app, "carol", true)
	if status != 200 || out["access_token"] == nil || out["expires_in"] != float64(60) || out["user"].(map[string]any)["username"] != "carol" {
		t.Fatalf("inherit with autoCreateUser: %d %v", status, out)
	}
	carol := out["access_token"].(string)
	if status, out := s.do("GET", "/org/app/users/carol", carol, nil); status != 200 {
		t.Fatalf("carol's own record with her inherited token: %d %v", status, out)
	}
	status, out = inherit("", "carol", false)
	wantError(t, status, out, 401, "unauthorized", catalog.MustGet("auth.token-expired").Description)
	status, _ = inherit(carol, "dave", true)
	if status != 401 {
		t.Errorf("a user token got an inherited token for another user: %d", status)
	}
}

func TestUserTokenPermissions(t *testing.T) {
	s := newTestServer(t, Options{})
	app := s.token(-1)
	s.register(app, "alice", "bob", "eve")
	alice, eve := s.userToken("alice"), s.userToken("eve")
	status, out := s.do("POST", "/org/app/chatgroups", alice, map[string]any{"groupname": "g", "public": true, "owner": "alice", "members": []string{"bob"}})
	if status != 200 {
		t.Fatalf("alice creates a group she owns: %d %v", status, out)
	}
	group := out["data"].(map[string]any)["groupid"].(string)
	status, out = s.do("POST", "/org/app/chatrooms", app, map[string]any{"name": "r", "owner": "bob"})
	if status != 200 {
		t.Fatalf("room: %d %v", status, out)
	}
	room := out["data"].(map[string]any)["id"].(string)

	for _, c := range []struct {
		who, token, method, path string
		body                     any
		allowed                  bool
	}{
		{"alice", alice, "GET", "/users/alice", nil, true},
		{"alice", alice, "GET", "/users/bob", nil, false},
		{"alice", alice, "GET", "/users", nil, false},
		{"alice", alice, "DELETE", "/users/alice", nil, false},
		{"alice", alice, "GET", "/users/alice/joined_chatgroups", nil, true},
		{"alice", alice, "GET", "/users/bob/joined_chatgroups", nil, false},
		{"alice", alice, "GET", "/users/alice/contacts/users", nil, true},
		// The receiver's template pair documents the user's own token.
		{"alice", alice, "GET", "/users/alice/notification/template", nil, true},
		{"eve", eve, "GET", "/users/alice/notification/template", nil, false},
		{"alice", alice, "GET", "/chatgroups", nil, false},
		{"alice", alice, "GET", "/chatgroups/" + group, nil, true},
		{"eve", eve, "GET", "/chatgroups/" + group, nil, false},
		{"alice", alice, "GET", "/chatgroups/" + group + "/users", nil, true},
		{"eve", eve, "GET", "/chatgroups/" + group + "/users", nil, false},
		{"eve", eve, "POST", "/chatgroups", map[string]any{"groupname": "x", "public": true, "owner": "alice"}, false},
		{"eve", eve, "PUT", "/chatgroups/" + group, map[string]any{"description": "mine now"}, false},
		{"alice", alice, "PUT", "/chatgroups/" + group, map[string]any{"description": "d"}, true},
		{"alice", alice, "GET", "/chatrooms", nil, true},
		{"alice", alice, "GET", "/chatrooms/" + room, nil, true},
		{"alice", alice, "POST", "/chatrooms", map[string]any{"name": "r2", "owner": "alice"}, false},
		{"alice", alice, "POST", "/chatrooms/" + room + "/users/alice", nil, true},
		{"alice", alice, "POST", "/chatrooms/" + room + "/users/eve", nil, false},
		{"alice", alice, "GET", "/chatgroups/1234", nil, true}, // no such group: the handler's 404, not a 401
		{"alice", alice, "POST", "/messages", map[string]any{"target_type": "users", "target": []string{"bob"}, "msg": map[string]string{"type": "txt", "msg": "hi"}}, false},
		{"bob", s.userToken("bob"), "DELETE", "/chatgroups/" + group + "/users/bob", nil, true}, // leaving
	} {
		status, out := s.do(c.method, "/org/app"+c.path, c.token, c.body)
		denied := status == 401 && strings.HasPrefix(fmt.Sprint(out["error_description"]), "Subject does not have permission [applications:")
		if denied == c.allowed {
			t.Errorf("%s's token on %s %s: %d %v; allowed should be %v", c.who, c.method, c.path, status, out, c.allowed)
		}
	}
	// The refusal names the resource as captured: the path in the app, the user by UUID.
	_, out = s.do("GET", "/org/app/users/bob", alice, nil)
	_, bob := s.do("GET", "/org/app/users/bob", app, nil)
	bobUUID := bob["entities"].([]any)[0].(map[string]any)["uuid"].(string)
	if want := "Subject does not have permission [applications:get:" + s.ref.app.uuid + ":/users/" + bobUUID + "]"; out["error_description"] != want {
		t.Errorf("refusal %q, want %q", out["error_description"], want)
	}
	// App tokens keep working everywhere.
	if status, out := s.do("GET", "/org/app/users/bob", app, nil); status != 200 {
		t.Errorf("app token: %d %v", status, out)
	}
}

func TestDocumentedPaging(t *testing.T) {
	limits := Profile()
	limits.GroupsPerApp, limits.GroupsPerUser = 100, 100
	s := newTestServer(t, Options{Limits: &limits})
	app := s.token(-1)
	names := []string{"owner"}
	for i := 0; i < 12; i++ {
		names = append(names, fmt.Sprintf("m%02d", i))
	}
	s.register(app, names...)
	var groups []string
	for i := 0; i < 12; i++ {
		status, out := s.do("POST", "/org/app/chatgroups", app, map[string]any{"groupname": fmt.Sprint("g", i), "public": true, "owner": "owner", "members": names[1:]})
		if status != 200 {
			t.Fatalf("group %d: %d %v", i, status, out)
		}
		groups = append(groups, out["data"].(map[string]any)["groupid"].(string))
	}
	count := func(out map[string]any) int { return len(out["data"].([]any)) }

	// limit + cursor: default 10, then the rest.
	_, out := s.do("GET", "/org/app/chatgroups", app, nil)
	if count(out) != 10 || out["count"] != float64(10) || out["cursor"] == nil {
		t.Fatalf("chatgroups without limit: %d items, count %v, cursor %v", count(out), out["count"], out["cursor"])
	}
	_, out = s.do("GET", "/org/app/chatgroups?limit=10&cursor="+out["cursor"].(string), app, nil)
	if count(out) != 2 || out["cursor"] != nil {
		t.Errorf("second page: %d items, cursor %v", count(out), out["cursor"])
	}
	// pagenum + pagesize on members: owner first.
	_, out = s.do("GET", "/org/app/chatgroups/"+groups[0]+"/users?pagenum=2&pagesize=5", app, nil)
	if count(out) != 5 || out["count"] != float64(5) || out["data"].([]any)[0].(map[string]any)["member"] != "m04" {
		t.Errorf("members page 2 of 5: %v", out["data"])
	}
	_, out = s.do("GET", "/org/app/chatgroups/"+groups[0]+"/users", app, nil)
	if count(out) != 13 {
		t.Errorf("members without paging: %d, want all 13 (default page size 1000)", count(out))
	}
	// Joined groups: newest first, default page size 10 when paged.
	_, out = s.do("GET", "/org/app/users/m00/joined_chatgroups?pagenum=1&pagesize=3", app, nil)
	if count(out) != 3 || out["data"].([]any)[0].(map[string]any)["groupid"] != groups[11] {
		t.Errorf("joined groups page: %v", out["data"])
	}
	_, out = s.do("GET", "/org/app/users/m00/joined_chatgroups?pagenum=1", app, nil)
	if count(out) != 10 {
		t.Errorf("joined groups with pagenum only: %d, want the default page size 10", count(out))
	}
	_, out = s.do("GET", "/org/app/users/m00/joined_chatgroups?pagenum=1&pagesize=2&version=v3", app, nil)
	if e := out["data"].([]any)[0].(map[string]any); e["id"] != groups[11] || e["name"] != "g11" || e["permission"] != "member" {
		t.Errorf("joined groups v3 entry: %v", e)
	}
	status, out := s.do("GET", "/org/app/chatgroups?limit=x", app, nil)
	if status != 400 || out["error"] != "invalid_parameter" {
		t.Errorf("limit=x: %d %v", status, out)
	}
}

func TestContactsAndAttributes(t *testing.T) {
	s := newTestServer(t, Options{})
	app := s.token(-1)
	s.register(app, "alice", "bob")
	alice := s.userToken("alice")
	if status, out := s.do("POST", "/org/app/users/alice/contacts/users/bob", app, nil); status != 200 {
		t.Fatalf("add contact: %d %v", status, out)
	}
	_, out := s.do("GET", "/org/app/users/alice/contacts/users", alice, nil)
	if fmt.Sprint(out["data"]) != "[bob]" || out["count"] != float64(1) {
		t.Errorf("contacts: %v", out)
	}
	status, out := s.do("PUT", "/org/app/metadata/user/alice", alice, "nickname=Alice&sign=hi%20there", "Content-Type", "application/x-www-form-urlencoded")
	if status != 200 || out["data"].(map[string]any)["sign"] != "hi there" {
		t.Fatalf("set attributes: %d %v", status, out)
	}
	_, out = s.do("POST", "/org/app/metadata/user/get", alice, map[string]any{"targets": []string{"alice", "bob"}, "properties": []string{"nickname"}})
	data := out["data"].(map[string]any)
	if data["alice"].(map[string]any)["nickname"] != "Alice" || len(data["bob"].(map[string]any)) != 0 {
		t.Errorf("get attributes: %v", out)
	}
	if status, _ := s.do("PUT", "/org/app/metadata/user/bob", alice, "nickname=Bob", "Content-Type", "application/x-www-form-urlencoded"); status != 401 {
		t.Errorf("alice set bob's attributes: %d", status)
	}
}

func TestUserBlockListPages(t *testing.T) {
	s := newTestServer(t, Options{})
	app := s.token(-1)
	s.register(app, "alice", "b1", "b2", "b3")
	alice := s.userToken("alice")
	if status, out := s.do("POST", "/org/app/users/alice/blocks/users", alice, map[string]any{"usernames": []string{"b1", "b2", "b3"}}); status != 200 || len(out["data"].([]any)) != 3 {
		t.Fatalf("block: %d %v", status, out)
	}
	_, out := s.do("GET", "/org/app/users/alice/blocks/users?pageSize=2", alice, nil)
	if fmt.Sprint(out["data"]) != "[b3 b2]" || out["count"] != float64(2) || out["cursor"] == nil {
		t.Fatalf("first page: %v", out)
	}
	_, out = s.do("GET", "/org/app/users/alice/blocks/users?pageSize=2&cursor="+out["cursor"].(string), alice, nil)
	if fmt.Sprint(out["data"]) != "[b1]" || out["cursor"] != nil {
		t.Errorf("second page: %v", out)
	}
	if status, _ := s.do("DELETE", "/org/app/users/alice/blocks/users/b2", alice, nil); status != 200 {
		t.Errorf("unblock: %d", status)
	}
	_, out = s.do("GET", "/org/app/users/alice/blocks/users", alice, nil)
	if fmt.Sprint(out["data"]) != "[b3 b1]" {
		t.Errorf("after unblocking b2: %v", out["data"])
	}
	if status, _ := s.do("GET", "/org/app/users/b1/blocks/users", alice, nil); status != 401 {
		t.Errorf("alice read b1's block list: %d", status)
	}
}

// The live edition answers a missing group as the service was captured
// answering group mutations: resource_not_found, its exception and "grpID … does not exist!".
func TestLiveEditionAnswersAMissingGroupAsCaptured(t *testing.T) {
	s := newTestServer(t, Options{Edition: catalog.EditionLive})
	for _, p := range []string{"/org/app/chatgroups/12345", "/org/app/chatrooms/12345"} {
		status, out := s.do("DELETE", p, s.token(-1), nil)
		wantError(t, status, out, 404, "resource_not_found", "grpID 12345 does not exist!")
		if out["exception"] != "com.easemob.group.exception.ResourceNotFoundException" {
			t.Errorf("DELETE %s: exception %v, want the captured ResourceNotFoundException", p, out["exception"])
		}
	}
}

// An unknown user on the operations documenting groups.members.batch-add-unknown
// is the captured 404 in the live edition.
func TestLiveEditionAnswersAnUnknownUserAsCaptured(t *testing.T) {
	s := newTestServer(t, Options{Edition: catalog.EditionLive})
	app := s.token(-1)
	status, out := s.do("POST", "/org/app/chatgroups", app, map[string]any{"groupname": "g", "public": true, "owner": "nobody"})
	wantError(t, status, out, 404, "resource_not_found", "username nobody doesn't exist!")
	status, out = s.do("POST", "/org/app/chatrooms/super_admin", app, map[string]any{"superadmin": "nobody"})
	wantError(t, status, out, 404, "resource_not_found", "username nobody doesn't exist!")
}
