package refserver

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/imconform/imconform/harness/profile"
)

var messageIDForm = regexp.MustCompile(`^[0-9]{19}$`)

// sendText sends a text message from the admin to user and returns its ID.
func (s *refFixture) sendText(tok, to string) string {
	s.t.Helper()
	status, out := s.do("POST", "/org/app/messages/users", tok, map[string]any{"to": []string{to}, "type": "txt", "body": map[string]string{"msg": "hi"}})
	if status != 200 {
		s.t.Fatalf("send: %d %v", status, out)
	}
	id, _ := out["data"].(map[string]any)[to].(string)
	if !messageIDForm.MatchString(id) {
		s.t.Fatalf("send: data.%s = %q; want a 19-digit message ID", to, id)
	}
	return id
}

func wantRow(t *testing.T, what string, status int, out map[string]any, wantStatus int, wantDescription string) {
	t.Helper()
	if status != wantStatus || out["error_description"] != wantDescription {
		t.Errorf("%s: %d %v; want %d %q", what, status, out, wantStatus, wantDescription)
	}
}

func TestSendsReturnOneStoredIDPerRecipient(t *testing.T) {
	s := newTestServer(t, Options{})
	tok := s.token(-1)
	status, out := s.do("POST", "/org/app/messages/chatgroups", tok, map[string]any{"from": "u1", "to": []string{"1", "2"}, "type": "txt", "body": map[string]string{"msg": "hi"}})
	data, _ := out["data"].(map[string]any)
	if status != 200 || len(data) != 2 || data["1"] == data["2"] {
		t.Fatalf("group send to two groups: %d %v; want a distinct ID per group", status, out)
	}
	m, ok := s.ref.stored.get(data["2"].(string))
	if !ok || m.To != "2" || m.From != "u1" || m.ChatType != "groupchat" || m.Type != "txt" {
		t.Errorf("stored message = %+v, %v; want the group message to 2 from u1", m, ok)
	}
}

func TestSendChecksAndErrorCodes(t *testing.T) {
	s := newTestServer(t, Options{})
	tok := s.token(-1)
	status, out := s.do("POST", "/org/app/messages/users", tok, map[string]any{"from": "", "to": []string{"u2"}, "type": "txt", "body": map[string]string{"msg": "hi"}})
	wantRow(t, "empty from", status, out, 400, "param from can't be empty")
	if out["error"] != "message_send_error" || out["error_code"] != float64(14001) {
		t.Errorf("empty from: %v; want message_send_error with error_code 14001", out)
	}
	status, out = s.do("POST", "/org/app/messages/chatrooms/users", tok, map[string]any{"to": []string{"1"}, "type": "txt", "body": map[string]string{"msg": "hi"}})
	wantRow(t, "targeted room message without users", status, out, 400, "param users can't be empty")
	status, out = s.do("POST", "/org/app/messages/users", tok, map[string]any{"to": []string{"u2"}, "type": "txt", "body": "hi"})
	wantRow(t, "body a string", status, out, 400, "Request body is invalid. Please check body is correct.")
}

func TestRecallOnceWithinTheWindow(t *testing.T) {
	s := newTestServer(t, Options{})
	tok := s.token(-1)
	recall := func(id, to string, force any) (int, map[string]any) {
		body := map[string]any{"msg_id": id, "to": to, "chat_type": "chat"}
		if force != nil {
			body["force"] = force
		}
		return s.do("POST", "/org/app/messages/msg_recall", tok, body)
	}
	id := s.sendText(tok, "u2")
	status, out := recall(id, "u3", nil)
	wantRow(t, "recall naming another receiver", status, out, 400, "can’t find msg to")
	if status, out = recall(id, "u2", nil); status != 200 {
		t.Fatalf("recall: %d %v", status, out)
	}
	status, out = recall(id, "u2", nil)
	wantRow(t, "second recall", status, out, 403, "not_found msg")

	old := s.sendText(tok, "u2")
	s.advance(s.ref.Limits().RecallWindow + time.Millisecond)
	status, out = recall(old, "u2", false)
	wantRow(t, "recall after the window", status, out, 403, "exceed recall time limit")
	if status, out = recall(old, "u2", true); status != 200 {
		t.Errorf("forced recall after the window: %d %v; want 200", status, out)
	}
}

func TestRewriteUpToTheEditLimit(t *testing.T) {
	s := newTestServer(t, Options{})
	tok := s.token(-1)
	id := s.sendText(tok, "u2")
	edit := map[string]any{"new_msg": map[string]string{"type": "txt", "msg": "edited"}}
	for i := range s.ref.Limits().RewriteEditLimit {
		if status, out := s.do("PUT", "/org/app/messages/rewrite/"+id, tok, edit); status != 200 || out["data"] != "success" {
			t.Fatalf("edit %d: %d %v", i+1, status, out)
		}
	}
	status, out := s.do("PUT", "/org/app/messages/rewrite/"+id, tok, edit)
	wantRow(t, "edit over the limit", status, out, 403, "The message has reached its edit limit and cannot be modified further.")
	status, out = s.do("PUT", "/org/app/messages/rewrite/"+s.sendText(tok, "u2"), tok, map[string]any{"user": "u2", "new_msg": edit["new_msg"]})
	wantRow(t, "edit by the receiver", status, out, 401, "You are not authorized to edit this message.")
}

func TestFeaturesSwitchOffPerRequestOnlyWhenSwitchable(t *testing.T) {
	body := map[string]any{"msg": map[string]string{"type": "txt", "msg": "hi"}}
	s := newTestServer(t, Options{})
	tok := s.token(-1)
	if status, out := s.do("POST", "/org/app/messages/chatrooms/broadcast", tok, body); status != 200 {
		t.Fatalf("broadcast: %d %v", status, out)
	}
	status, out := s.do("POST", "/org/app/messages/chatrooms/broadcast", tok, body, profile.SwitchOffHeader, "recall, broadcast")
	wantRow(t, "broadcast switched off", status, out, 403, "message broadcast service is unopened")

	// A server that declares the feature absent has it off for every
	// request; one that declares nothing switchable ignores the header.
	limits := Profile()
	limits.Absent, limits.Switchable = []string{profile.Broadcast}, nil
	off := newTestServer(t, Options{Limits: &limits})
	offTok := off.token(-1)
	status, out = off.do("POST", "/org/app/messages/chatrooms/broadcast", offTok, body)
	wantRow(t, "broadcast on an app without it", status, out, 403, "message broadcast service is unopened")
	if status, out := off.do("PUT", "/org/app/messages/rewrite/1", offTok, map[string]any{"new_msg": map[string]string{"type": "txt", "msg": "x"}}, profile.SwitchOffHeader, "rewrite"); status != 404 {
		t.Errorf("rewrite with the header on a server without switchable features: %d %v; want the 404 of an unknown message", status, out)
	}
}

func TestChatFileDownloadExpiresUnlessKeptForever(t *testing.T) {
	s := newTestServer(t, Options{})
	tok := s.token(-1)
	upload := func() string {
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		part, _ := w.CreateFormFile("file", "a.txt")
		part.Write([]byte("content"))
		w.Close()
		req, _ := http.NewRequest("POST", s.srv.URL+"/org/app/chatfiles", &buf)
		req.Header.Set("Content-Type", w.FormDataContentType())
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := s.srv.Client().Do(req)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("upload: %v %v", resp, err)
		}
		defer resp.Body.Close()
		var out struct {
			Entities []struct {
				UUID string `json:"uuid"`
			} `json:"entities"`
		}
		if json.NewDecoder(resp.Body).Decode(&out) != nil || len(out.Entities) != 1 {
			t.Fatal("upload: no entity in the answer")
		}
		return out.Entities[0].UUID
	}
	kept := upload()
	if status, out := s.do("POST", "/org/app/users/u1/chatfiles/lifetime", tok, map[string]any{"lifetime": "forever", "chatfile_ids": []string{kept}}); status != 200 {
		t.Fatalf("lifetime forever: %d %v", status, out)
	}
	expiring := upload()
	resp, err := s.srv.Client().Get(s.srv.URL + "/org/app/chatfiles/" + expiring)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(data) != "content" {
		t.Errorf("download: %d %q; want 200 and the file", resp.StatusCode, data)
	}
	s.advance(s.ref.Limits().FileRetention + time.Millisecond)
	status, out := s.do("GET", "/org/app/chatfiles/"+expiring, "", nil)
	wantRow(t, "download after the retention", status, out, 404, "file "+expiring+" is expired")
	if status, out := s.do("GET", "/org/app/chatfiles/"+kept, "", nil); status != 200 {
		t.Errorf("download of a file kept forever after the retention: %d %v; want 200", status, out)
	}
}

func TestBatchRecallChecksEveryMessageFirst(t *testing.T) {
	s := newTestServer(t, Options{})
	tok := s.token(-1)
	a, b := s.sendText(tok, "u2"), s.sendText(tok, "u3")
	item := func(id, to string) map[string]any { return map[string]any{"msg_id": id, "to": to, "chat_type": "chat"} }
	status, out := s.do("POST", "/org/app/messages/batch_recall", tok, map[string]any{"msgs": []any{item(a, "u2"), item(b, "nobody")}})
	wantRow(t, "batch with a wrong receiver", status, out, 400, "can’t find msg to")
	if m, _ := s.ref.stored.get(a); m.Recalled {
		t.Errorf("a refused batch recalled %s; want nothing recalled", a)
	}
	status, out = s.do("POST", "/org/app/messages/batch_recall", tok, map[string]any{"msgs": []any{item(a, "u2"), item(b, "u3")}})
	if data, _ := out["data"].([]any); status != 200 || len(data) != 2 {
		t.Fatalf("batch recall: %d %v; want 200 and two results", status, out)
	}
	for _, id := range []string{a, b} {
		if m, _ := s.ref.stored.get(id); !m.Recalled {
			t.Errorf("%s is not recalled after the batch", id)
		}
	}
}
