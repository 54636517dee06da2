package refserver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"
)

// list reads data of a GET as a list of names.
func (gc *groupClient) names(path string) []string {
	gc.t.Helper()
	out := gc.expect(http.StatusOK, "GET", path, "")
	var names []string
	for _, v := range out["data"].([]any) {
		switch e := v.(type) {
		case string:
			names = append(names, e)
		case map[string]any:
			names = append(names, e["user"].(string))
		}
	}
	return names
}

func TestRemovalTakesAdminMuteAndAllowListAlong(t *testing.T) {
	gc := newGroupClient(t, nil)
	g := gc.createGroup("ann", "bob", "cat")
	p := "/chatgroups/" + g
	gc.expect(http.StatusOK, "POST", p+"/admin", `{"newadmin":"bob"}`)
	gc.expect(http.StatusOK, "POST", p+"/mute", `{"usernames":["bob"],"mute_duration":60000}`)
	gc.expect(http.StatusOK, "POST", p+"/white/users/bob", "")
	if got := gc.names(p + "/admin"); !reflect.DeepEqual(got, []string{"bob"}) {
		t.Fatalf("admins = %v, want [bob]", got)
	}
	gc.expect(http.StatusOK, "DELETE", p+"/users/bob", "")
	for _, list := range []string{"/admin", "/mute", "/white/users"} {
		if got := gc.names(p + list); len(got) != 0 {
			t.Errorf("%s after bob left = %v, want empty", list, got)
		}
	}
	// Blocking removes the member and its roles too, and a blocked user
	// cannot be added back.
	gc.expect(http.StatusOK, "POST", p+"/admin", `{"newadmin":"cat"}`)
	gc.expect(http.StatusOK, "POST", p+"/blocks/users/cat", "")
	if got := gc.names(p + "/admin"); len(got) != 0 {
		t.Errorf("admins after cat was blocked = %v, want none", got)
	}
	gc.expect(http.StatusForbidden, "POST", p+"/users/cat", "")
}

func TestMembershipRules(t *testing.T) {
	gc := newGroupClient(t, nil)
	g := gc.createGroup("ann", "bob")
	p := "/chatgroups/" + g
	gc.expectError(http.StatusNotFound, "resource_not_found", "user: cat doesn't exist in group: "+g, "POST", p+"/admin", `{"newadmin":"cat"}`)
	gc.expectError(http.StatusForbidden, "forbidden_op", "user:bob is not admin of group:"+g, "DELETE", p+"/admin/bob", "")
	gc.expectError(http.StatusBadRequest, "invalid_parameter", "users [cat] are not members of this group!", "POST", p+"/mute", `{"usernames":["cat"],"mute_duration":1000}`)
	gc.expectError(http.StatusForbidden, "forbidden_op", "forbidden operation on group owner!", "POST", p+"/mute", `{"usernames":["ann"],"mute_duration":1000}`)
	gc.expectError(http.StatusForbidden, "forbidden_op", "users [cat] are not members of this group!", "POST", p+"/white/users/cat", "")
	// A mute ends when its duration is over.
	now := time.Now()
	gc.s.opts.Now = func() time.Time { return now }
	gc.expect(http.StatusOK, "POST", p+"/mute", `{"usernames":["bob"],"mute_duration":1000}`)
	if got := gc.names(p + "/mute"); !reflect.DeepEqual(got, []string{"bob"}) {
		t.Fatalf("muted = %v, want [bob]", got)
	}
	gc.s.opts.Now = func() time.Time { return now.Add(2 * time.Second) }
	if got := gc.names(p + "/mute"); len(got) != 0 {
		t.Fatalf("muted after the duration = %v, want none", got)
	}
}

func TestDeletedUserLeavesItsGroups(t *testing.T) {
	gc := newGroupClient(t, nil)
	owned := gc.createGroup("bob")
	joined := gc.createGroup("ann", "bob")
	gc.expect(http.StatusOK, "POST", "/chatgroups/"+joined+"/admin", `{"newadmin":"bob"}`)
	gc.expect(http.StatusOK, "DELETE", "/users/bob", "")
	gc.expect(http.StatusNotFound, "GET", "/chatgroups/"+owned, "")
	members := gc.expect(http.StatusOK, "GET", "/chatgroups/"+joined+"/users", "")["data"].([]any)
	if len(members) != 1 {
		t.Errorf("members of %s after bob was deleted = %v, want the owner only", joined, members)
	}
	if got := gc.names("/chatgroups/" + joined + "/admin"); len(got) != 0 {
		t.Errorf("admins after bob was deleted = %v", got)
	}
}

// groupMessage stores a group message as the send APIs do.
func (gc *groupClient) groupMessage(from, groupID string) string {
	return gc.s.stored.add(storedMessage{From: from, ChatType: "groupchat", To: groupID, Type: "txt", Sent: time.Now()})
}

func (gc *groupClient) createThread(groupID, msgID, owner string) string {
	gc.t.Helper()
	body, _ := json.Marshal(map[string]string{"group_id": groupID, "name": "t", "msg_id": msgID, "owner": owner})
	out := gc.expect(http.StatusOK, "POST", "/thread", string(body))
	return out["data"].(map[string]any)["thread_id"].(string)
}

func TestThreadsOnGroupMessages(t *testing.T) {
	gc := newGroupClient(t, nil)
	g := gc.createGroup("ann", "bob")
	msg := gc.groupMessage("ann", g)
	th := gc.createThread(g, msg, "ann")
	gc.expectError(http.StatusForbidden, "group_error", "msg already create thread.not allow to create.", "POST", "/thread",
		fmt.Sprintf(`{"group_id":%q,"name":"t","msg_id":%q,"owner":"bob"}`, g, msg))
	direct := gc.s.stored.add(storedMessage{From: "ann", ChatType: "chat", To: "bob", Type: "txt"})
	gc.expectError(http.StatusBadRequest, "group_error", "thread must on group message to create.", "POST", "/thread",
		fmt.Sprintf(`{"group_id":%q,"name":"t","msg_id":%q,"owner":"ann"}`, g, direct))
	// The document's sample sends the IDs as numbers.
	gc.expect(http.StatusOK, "POST", "/thread", fmt.Sprintf(`{"group_id":%s,"name":"t","msg_id":%s,"owner":"bob"}`, g, gc.groupMessage("bob", g)))
	gc.expect(http.StatusOK, "POST", "/thread/"+th+"/users", `{"usernames":["bob"]}`)
	gc.expectError(http.StatusNotFound, "group_error", "user not in group.", "POST", "/thread/"+th+"/users", `{"usernames":["cat"]}`)
	members := gc.expect(http.StatusOK, "GET", "/thread/"+th+"/users", "")["data"].(map[string]any)["affiliations"]
	if !reflect.DeepEqual(members, []any{"ann", "bob"}) {
		t.Fatalf("thread members = %v, want [ann bob]", members)
	}
	// Deleting the group deletes its threads.
	gc.expect(http.StatusOK, "DELETE", "/chatgroups/"+g, "")
	gc.expectError(http.StatusNotFound, "group_error", "thread not found.", "GET", "/thread/"+th+"/users", "")
}

func TestThreadListsPageWithLimitAndCursor(t *testing.T) {
	gc := newGroupClient(t, nil)
	g := gc.createGroup("ann")
	var want []string
	for i := 0; i < 4; i++ { // the reference's per-user thread quota
		want = append(want, gc.createThread(g, gc.groupMessage("ann", g), "ann"))
	}
	var got []string
	cursor := ""
	for page := 0; page < 10; page++ {
		path := "/thread?limit=2&sort=asc"
		if cursor != "" {
			path += "&cursor=" + cursor
		}
		out := gc.expect(http.StatusOK, "GET", path, "")
		for _, e := range out["entities"].([]any) {
			got = append(got, e.(map[string]any)["id"].(string))
		}
		cursor, _ = out["properties"].(map[string]any)["cursor"].(string)
		if cursor == "" {
			break
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("paged thread IDs = %v, want %v", got, want)
	}
	gc.expectError(http.StatusBadRequest, "group_error", "query param reaches limit.", "GET", "/threads/user/ann?limit=51", "")
	if n := len(gc.expect(http.StatusOK, "GET", "/threads/chatgroups/"+g+"/user/ann", "")["entities"].([]any)); n != 4 {
		t.Fatalf("ann's threads in the group = %d, want 4", n)
	}
}

func TestThreadQuotas(t *testing.T) {
	p := Profile()
	p.ThreadsPerApp, p.ThreadsPerUser = 3, 2
	gc := newGroupClient(t, &p)
	g := gc.createGroup("ann", "bob")
	gc.createThread(g, gc.groupMessage("ann", g), "ann")
	gc.createThread(g, gc.groupMessage("ann", g), "ann")
	gc.expectError(http.StatusForbidden, "group_error", "user join thread reach limit.", "POST", "/thread",
		fmt.Sprintf(`{"group_id":%q,"name":"t","msg_id":%q,"owner":"ann"}`, g, gc.groupMessage("ann", g)))
	gc.createThread(g, gc.groupMessage("bob", g), "bob")
	gc.expectError(http.StatusForbidden, "group_error", "thread number has reached limit.", "POST", "/thread",
		fmt.Sprintf(`{"group_id":%q,"name":"t","msg_id":%q,"owner":"bob"}`, g, gc.groupMessage("bob", g)))
}

func (gc *groupClient) createRoom(owner string, members ...string) string {
	gc.t.Helper()
	body, _ := json.Marshal(map[string]any{"name": "r", "owner": owner, "members": members})
	return gc.expect(http.StatusOK, "POST", "/chatrooms", string(body))["data"].(map[string]any)["id"].(string)
}

func TestChatroomTagsAndTagMute(t *testing.T) {
	gc := newGroupClient(t, nil)
	r := gc.createRoom("ann", "bob")
	p := "/chatrooms/" + r
	gc.expectError(http.StatusNotFound, "resource_not_found", "group tag not found", "PUT", p+"/tag/mute", `{"tag":"vip","mute_duration":60}`)
	gc.expect(http.StatusOK, "PUT", p+"/users/bob/tag", `{"tags":["vip"]}`)
	tags := gc.expect(http.StatusOK, "GET", p+"/users/bob/tag", "")["data"].(map[string]any)["tags"]
	if !reflect.DeepEqual(tags, []any{"vip"}) {
		t.Fatalf("bob's tags = %v, want [vip]", tags)
	}
	gc.expect(http.StatusOK, "PUT", p+"/tag/mute", `{"tag":"vip","mute_duration":60}`)
	if got := gc.names(p + "/mute"); !reflect.DeepEqual(got, []string{"bob"}) {
		t.Fatalf("muted by tag = %v, want [bob]", got)
	}
	gc.expectError(http.StatusForbidden, "forbidden_op", "users [cat] are not members of this group!", "PUT", p+"/users/cat/tag", `{"tags":["vip"]}`)
	// Leaving the room takes the tags along.
	gc.expect(http.StatusOK, "DELETE", p+"/users/bob", "")
	gc.expect(http.StatusOK, "POST", p+"/users/bob", "")
	if tags := gc.expect(http.StatusOK, "GET", p+"/users/bob/tag", "")["data"].(map[string]any)["tags"]; len(tags.([]any)) != 0 {
		t.Fatalf("bob's tags after leaving and joining again = %v, want none", tags)
	}
}

func TestChatroomTransferAndSuperAdmins(t *testing.T) {
	gc := newGroupClient(t, nil)
	r := gc.createRoom("ann", "bob")
	gc.expect(http.StatusOK, "PUT", "/chatrooms/"+r, `{"newowner":"bob"}`)
	gc.expectError(http.StatusForbidden, "forbidden_op", "new owner and old owner are the same.", "PUT", "/chatrooms/"+r, `{"newowner":"bob"}`)
	gc.expect(http.StatusOK, "POST", "/chatrooms/super_admin", `{"superadmin":"cat"}`)
	if got := gc.names("/chatrooms/super_admin"); !reflect.DeepEqual(got, []string{"cat"}) {
		t.Fatalf("super admins = %v, want [cat]", got)
	}
	gc.expect(http.StatusOK, "DELETE", "/users/cat", "")
	if got := gc.names("/chatrooms/super_admin"); len(got) != 0 {
		t.Fatalf("super admins after cat was deleted = %v, want none", got)
	}
}

func TestLeavingAGroupLeavesItsThreads(t *testing.T) {
	gc := newGroupClient(t, nil)
	g := gc.createGroup("ann", "bob")
	th := gc.createThread(g, gc.groupMessage("ann", g), "ann")
	gc.expect(http.StatusOK, "POST", "/thread/"+th+"/users", `{"usernames":["bob"]}`)
	gc.expect(http.StatusOK, "DELETE", "/chatgroups/"+g+"/users/bob", "")
	members := gc.expect(http.StatusOK, "GET", "/thread/"+th+"/users", "")["data"].(map[string]any)["affiliations"]
	if !reflect.DeepEqual(members, []any{"ann"}) {
		t.Fatalf("thread members after bob left the group = %v, want [ann]", members)
	}
}

func TestGroupSharedFiles(t *testing.T) {
	gc := newGroupClient(t, nil)
	g := gc.createGroup("ann")
	p := "/chatgroups/" + g + "/share_files"
	upload := func(part, content string) *httptest.ResponseRecorder {
		var body bytes.Buffer
		w := multipart.NewWriter(&body)
		fw, _ := w.CreateFormFile(part, "notes.txt")
		fw.Write([]byte(content))
		w.Close()
		req := httptest.NewRequest("POST", "/o/a"+p, &body)
		req.Header.Set("Authorization", "Bearer "+gc.token)
		req.Header.Set("Content-Type", w.FormDataContentType())
		rec := httptest.NewRecorder()
		gc.s.ServeHTTP(rec, req)
		return rec
	}
	if rec := upload("other", "x"); rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "file must be provided.") {
		t.Fatalf("upload without a file part: %d %s", rec.Code, rec.Body)
	}
	rec := upload("file", "hello")
	var out struct {
		Data struct {
			FileID string `json:"file_id"`
		} `json:"data"`
	}
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &out) != nil || out.Data.FileID == "" {
		t.Fatalf("upload: %d %s", rec.Code, rec.Body)
	}
	if n := len(gc.expect(http.StatusOK, "GET", p, "")["data"].([]any)); n != 1 {
		t.Fatalf("shared files = %d, want 1", n)
	}
	req := httptest.NewRequest("GET", "/o/a"+p+"/"+out.Data.FileID, nil)
	req.Header.Set("Authorization", "Bearer "+gc.token)
	dl := httptest.NewRecorder()
	gc.s.ServeHTTP(dl, req)
	if dl.Code != http.StatusOK || dl.Body.String() != "hello" {
		t.Fatalf("download: %d %q", dl.Code, dl.Body)
	}
	gc.expect(http.StatusOK, "DELETE", p+"/"+out.Data.FileID, "")
	gc.expectError(http.StatusNotFound, "not_found", "file "+out.Data.FileID+" does not exist", "DELETE", p+"/"+out.Data.FileID, "")
}

func TestSuperAdminListPagesByNumber(t *testing.T) {
	gc := newGroupClient(t, nil)
	for _, u := range []string{"ann", "bob", "cat"} {
		gc.expect(http.StatusOK, "POST", "/chatrooms/super_admin", `{"superadmin":"`+u+`"}`)
	}
	if got := gc.names("/chatrooms/super_admin?pagenum=2&pagesize=2"); !reflect.DeepEqual(got, []string{"cat"}) {
		t.Fatalf("page 2 of 2 = %v, want [cat]", got)
	}
	gc.expect(http.StatusBadRequest, "GET", "/chatrooms/super_admin?pagesize=0", "")
}
