package refserver

import (
	"net/http"
	"slices"
	"testing"

	"github.com/imconform/imconform/harness/profile"
)

func newAreaClient(t *testing.T, disabled ...string) *groupClient {
	t.Helper()
	s := New(Options{Org: "o", App: "a", ClientID: "id", ClientSecret: "secret", Disabled: disabled})
	gc := &groupClient{t: t, s: s, token: s.issue("", 0).value}
	for _, u := range []string{"ann", "bob", "cat", "dan"} {
		gc.expect(http.StatusOK, "POST", "/users", `{"username":"`+u+`","password":"p"}`)
	}
	return gc
}

func TestSwitchedOffServicesAnswerNotOpenAndAreDeclaredAbsent(t *testing.T) {
	gc := newAreaClient(t, profile.Reactions, profile.UserMetadata, profile.Presence)
	for _, c := range []string{profile.Reactions, profile.UserMetadata, profile.Presence} {
		if gc.s.Limits().Has(c) {
			t.Errorf("the profile declares %s present though it is switched off", c)
		}
	}
	if !gc.s.Limits().Has(profile.MemberMetadata) {
		t.Error("member_metadata is declared absent though it is on")
	}
	gc.expectError(400, "Bad Request", "this appKey is not open reaction service!", "POST", "/reaction/user/ann", `{"msgId":"1","message":"e"}`)
	gc.expectError(403, "FORBIDDEN", "o#a user metadata service not allow", "GET", "/metadata/user/ann", "")
	gc.expectError(400, "service open exception", "the app not open presence", "POST", "/users/ann/presence", `{"usernames":["bob"]}`)
	// A service left on works.
	gc.expect(200, "GET", "/presence/online/123/type/1", "")
	defer func() {
		if recover() == nil {
			t.Error("an unknown service name was accepted")
		}
	}()
	New(Options{Disabled: []string{"groups"}})
}

func TestBannedUserGetsNoTokenUntilActivated(t *testing.T) {
	gc := newAreaClient(t)
	grant := `{"grant_type":"password","username":"ann","password":"p"}`
	gc.expect(200, "POST", "/token", grant)
	out := gc.expect(200, "POST", "/users/ann/deactivate", "")
	if e := out["entities"].([]any)[0].(map[string]any); e["activated"] != false {
		t.Errorf("deactivated user shows activated=%v", e["activated"])
	}
	gc.expectError(400, "invalid_grant", "user not activated", "POST", "/token", grant)
	gc.expect(200, "POST", "/users/ann/activate", "")
	gc.expect(200, "POST", "/token", grant)
	gc.expectError(404, "invalid_grant", "user not found", "POST", "/token", `{"grant_type":"password","username":"nobody","password":"p"}`)
	gc.expectError(400, "invalid_grant", "Invalid username or password", "POST", "/token", `{"grant_type":"password","username":"ann","password":"wrong"}`)
}

func TestContactLimitCountsBothUsersAndDiesWithTheUser(t *testing.T) {
	gc := newAreaClient(t) // contacts_per_user 2
	gc.expect(200, "POST", "/users/ann/contacts/import", `{"usernames":["bob","cat"]}`)
	gc.expectError(403, "exceed_limit", "user contact number exceed limit", "POST", "/users/ann/contacts/users/dan", "")
	gc.expectError(403, "exceed_limit", "Invitee's contact max count", "POST", "/users/dan/contacts/users/ann", "")
	gc.expectError(403, "exceed_limit", "Inviter's contact max count.", "POST", "/users/ann/contacts/import", `{"usernames":["dan"]}`)
	gc.expect(200, "PUT", "/user/ann/contacts/users/bob", `{"remark":"r"}`)
	gc.expectError(400, "illegal_argument", "updateRemark they are not friends, please add as a friend first.", "PUT", "/user/bob/contacts/users/cat", `{"remark":"r"}`)
	gc.expect(200, "DELETE", "/users/bob", "")
	out := gc.expect(200, "GET", "/users/ann/contacts/users", "")
	if got := out["data"].([]any); len(got) != 1 || got[0] != "cat" {
		t.Errorf("contacts after bob's deletion = %v, want [cat]", got)
	}
	gc.expect(200, "POST", "/users/ann/contacts/users/dan", "") // room again
}

func TestReactionsAttachToStoredMessages(t *testing.T) {
	gc := newAreaClient(t) // reactions_per_message 3
	// The one-to-one send answers the message IDs (the legacy POST /messages
	// answers "success", as captured).
	out := gc.expect(200, "POST", "/messages/users", `{"to":["bob"],"from":"ann","type":"txt","body":{"msg":"hi"}}`)
	id, _ := out["data"].(map[string]any)["bob"].(string)
	if m, ok := gc.s.stored.get(id); !ok || m.From != "ann" || m.To != "bob" || m.ChatType != "chat" {
		t.Fatalf("the send answered %q, stored as %+v", id, m)
	}
	react := func(user, reaction string) string { return `{"msgId":"` + id + `","message":"` + reaction + `"}` }
	gc.expectError(400, "Bad Request", "the user operation is illegal!", "POST", "/reaction/user/cat", react("cat", "e1"))
	gc.expect(200, "POST", "/reaction/user/ann", react("ann", "e1"))
	gc.expect(200, "POST", "/reaction/user/bob", react("bob", "e1"))
	gc.expectError(400, "Bad Request", "the user is already operation this message", "POST", "/reaction/user/ann", react("ann", "e1"))
	gc.expect(200, "POST", "/reaction/user/ann", react("ann", "e2"))
	gc.expect(200, "POST", "/reaction/user/ann", react("ann", "e3"))
	gc.expectError(400, "Bad Request", "The quantity has exceeded the limit!", "POST", "/reaction/user/ann", react("ann", "e4"))
	out = gc.expect(200, "GET", "/reaction/user/ann?msgType=chat&msgIdList="+id, "")
	list := out["data"].([]any)[0].(map[string]any)["reactionList"].([]any)
	if first := list[0].(map[string]any); len(list) != 3 || first["reaction"] != "e1" || first["count"] != float64(2) {
		t.Errorf("reaction list = %v", list)
	}
	gc.expectError(400, "Bad Request", "the user operation is illegal!", "DELETE", "/reaction/user/cat?msgId="+id+"&message=e1", "")
	gc.expect(200, "DELETE", "/reaction/user/bob?msgId="+id+"&message=e1", "")
	out = gc.expect(200, "GET", "/reaction/user/ann/detail?msgId="+id+"&message=e1", "")
	if users := out["data"].(map[string]any)["userList"].([]any); !slices.Equal(users, []any{"ann"}) {
		t.Errorf("detail users = %v, want [ann]", users)
	}
}

func TestRoomAttributesBelongToWhoSetThem(t *testing.T) {
	gc := newAreaClient(t)
	room := gc.expect(200, "POST", "/chatrooms", `{"name":"r","owner":"ann","members":["bob"]}`)["data"].(map[string]any)["id"].(string)
	gc.expect(200, "PUT", "/metadata/chatroom/"+room+"/user/ann", `{"metaData":{"k":"v"}}`)
	gc.expectError(400, "metadata_error", "others are not allowed to be set", "PUT", "/metadata/chatroom/"+room+"/user/bob", `{"metaData":{"k":"w"}}`)
	gc.expectError(401, "MetadataException", "user is not in chatroom", "PUT", "/metadata/chatroom/"+room+"/user/cat", `{"metaData":{"x":"y"}}`)
	gc.expect(200, "PUT", "/metadata/chatroom/"+room+"/user/bob/forced", `{"metaData":{"k":"w"}}`)
	out := gc.expect(200, "POST", "/metadata/chatroom/"+room, `{"keys":["k"]}`)
	if got := out["data"].(map[string]any)["k"]; got != "w" {
		t.Errorf("k = %v after the forced set, want w", got)
	}
}
