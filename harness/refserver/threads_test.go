package refserver

import (
	"fmt"
	"net/http"
	"testing"
)

// The seeding API's messages provoke the two thread rows a REST client
// cannot: a message sent inside a thread, and one of another app, which no
// other operation of this app finds.
func TestSeededMessagesProvokeTheNestedAndForeignThreadRows(t *testing.T) {
	gc := newGroupClient(t, nil)
	g := gc.createGroup("ann", "bob")
	thread := gc.createThread(g, gc.groupMessage("ann", g), "ann")
	create := func(msg string) string {
		return fmt.Sprintf(`{"group_id":%q,"name":"t","msg_id":%q,"owner":"ann"}`, g, msg)
	}
	seed := func(path, body string) string {
		t.Helper()
		out := gc.expect(http.StatusOK, "POST", path, body)
		return out["data"].(map[string]any)["msg_id"].(string)
	}
	inThread := seed("/_imconform/thread_messages", fmt.Sprintf(`{"thread_id":%q,"from":"bob"}`, thread))
	gc.expectError(http.StatusBadRequest, "group_error", "thread not nested.", "POST", "/thread", create(inThread))
	foreign := seed("/_imconform/foreign_messages", `{}`)
	gc.expectError(http.StatusBadRequest, "group_error", "msg not belong to app.", "POST", "/thread", create(foreign))
	gc.expectError(http.StatusNotFound, "group_error", "thread not found.", "POST", "/_imconform/thread_messages", `{"thread_id":"1","from":"bob"}`)
}
