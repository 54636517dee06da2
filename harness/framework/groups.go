package framework

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"github.com/imconform/imconform/harness/profile"
	"math/big"
	"net/http"
	"sync"

	"github.com/gavv/httpexpect/v2"
	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/janitor"
	"github.com/imconform/imconform/harness/ledger"
	"github.com/imconform/imconform/harness/redact"
)

// Group and chat room fixtures. Every create goes through createAfterSpec,
// which schedules the deletion of whatever the server created before the
// spec looks at the answer, so nothing is left behind when the spec fails.

// CreateGroup creates a public group owned by owner, with members, and
// returns its ID; the group is deleted after the spec.
func (f *Framework) CreateGroup(owner string, members ...string) string {
	f.needsArea(profile.Groups)
	GinkgoHelper()
	return f.mustCreate("group", f.TryCreateGroup(owner, members...), "groupid")
}

// TryCreateGroup sends the request CreateGroup sends and returns the answer
// unchecked, for specs that expect creation to fail; a group it creates all
// the same is deleted after the spec.
func (f *Framework) TryCreateGroup(owner string, members ...string) *httpexpect.Response {
	f.needsArea(profile.Groups)
	body := map[string]any{"groupname": f.UniqueName("g"), "description": "imconform fixture",
		"public": true, "maxusers": 200, "owner": owner}
	if len(members) > 0 {
		body["members"] = members
	}
	return f.createAfterSpec(ledger.Resource{Kind: ledger.Group, Name: body["groupname"].(string)}, "/chatgroups", body, "groupid", "/chatgroups/{group_id}")
}

// TryCreateGroupWith POSTs body to /chatgroups as it is and returns the
// answer unchecked, for specs of the create rows; a group it creates all
// the same is deleted after the spec. body must name the group
// ("groupname", e.g. f.UniqueName("g")) so cleanup can find it.
func (f *Framework) TryCreateGroupWith(body map[string]any) *httpexpect.Response {
	f.needsArea(profile.Groups)
	GinkgoHelper()
	name, _ := body["groupname"].(string)
	return f.createAfterSpec(ledger.Resource{Kind: ledger.Group, Name: name}, "/chatgroups", body, "groupid", "/chatgroups/{group_id}")
}

// TryCreateChatroomWith is TryCreateGroupWith for chat rooms (named by
// "name").
func (f *Framework) TryCreateChatroomWith(body map[string]any) *httpexpect.Response {
	f.needsArea(profile.Chatrooms)
	GinkgoHelper()
	name, _ := body["name"].(string)
	return f.createAfterSpec(ledger.Resource{Kind: ledger.Chatroom, Name: name}, "/chatrooms", body, "id", "/chatrooms/{chatroom_id}")
}

// CreateChatroom creates a chat room owned by owner, with members, and
// returns its ID; the room is deleted after the spec.
func (f *Framework) CreateChatroom(owner string, members ...string) string {
	f.needsArea(profile.Chatrooms)
	GinkgoHelper()
	body := map[string]any{"name": f.UniqueName("r"), "description": "imconform fixture", "maxusers": 300, "owner": owner}
	if len(members) > 0 {
		body["members"] = members
	}
	return f.mustCreate("chat room", f.createAfterSpec(ledger.Resource{Kind: ledger.Chatroom, Name: body["name"].(string)}, "/chatrooms", body, "id", "/chatrooms/{chatroom_id}"), "id")
}

// UnusedGroupID returns a numeric ID in the form of real group and chat room
// IDs that no group or room of the target has: a random 15-digit number, so
// the chance that it names one is negligible.
func (f *Framework) UnusedGroupID() string {
	n, _ := rand.Int(rand.Reader, big.NewInt(9e14))
	return fmt.Sprint(1e14 + n.Int64())
}

// createAfterSpec records r in the run's ledger, POSTs body to path, and has
// the created resource deleted after the spec with DELETE deletePath. The
// deletion is arranged before the request goes out: if the answer never
// comes (a spec interrupted mid-request, a connection lost), cleanup waits
// for the request to end and then finds the resource by its name. It is
// the one place the suite creates groups and rooms.
func (f *Framework) createAfterSpec(r ledger.Resource, path string, body any, idKey, deletePath string) *httpexpect.Response {
	GinkgoHelper()
	var mu sync.Mutex
	id, answer := "", "got no answer"
	f.TrackResource(r, func() *httpexpect.Response {
		mu.Lock()
		known, answered := id, answer
		mu.Unlock()
		if known == "" {
			known = f.findByName(r, answered)
			if known == "" {
				return nil // confirmed absent: nothing was created
			}
		}
		return f.App().DELETE(deletePath, known).Expect()
	})
	resp := f.App().POST(path).WithJSON(body).Expect()
	if raw := resp.Raw(); raw != nil {
		mu.Lock()
		answer = fmt.Sprintf("answered %d without an ID", raw.StatusCode)
		mu.Unlock()
	}
	if got := createdID(resp, idKey); got != "" {
		mu.Lock()
		id = got
		mu.Unlock()
		r.ID = got
		f.RecordResource(r) // the ID lets 'imconform janitor' delete it after a killed run
	}
	return resp
}

// findByName looks a group or chat room up by name, after its create
// answered as answered says ("got no answer", "answered 500 without an
// ID"); "" when the listing shows it does not exist. A listing that cannot
// be read fails the cleanup, leaving the resource in the ledger for
// 'imconform janitor --prefix'.
func (f *Framework) findByName(r ledger.Resource, answered string) string {
	j := janitor.Janitor{HTTP: suite.client.HTTP(), Tokens: suite.tokens, UserAgent: f.userAgent("cleanup"),
		Target: ledger.Target{BaseURL: suite.target.BaseURL, Org: suite.target.Org, App: suite.target.App}}
	ctx, cancel := context.WithTimeout(context.Background(), 4*suite.target.Timeout)
	defer cancel()
	found, ok, err := j.Find(ctx, r.Kind, r.Name)
	if err != nil {
		Fail(fmt.Sprintf("cleanup: the create of %s %s, and looking it up by name failed: %v (it stays in the ledger for 'imconform janitor --prefix')", r, answered, redact.String(err.Error())))
	}
	if !ok {
		return ""
	}
	return found.ID
}

func (f *Framework) mustCreate(what string, resp *httpexpect.Response, idKey string) string {
	GinkgoHelper()
	id := createdID(resp, idKey)
	if id == "" {
		Fail(fmt.Sprintf("fixture: creating a %s answered %s", what, describeAnswer(resp)))
	}
	return id
}

// createdID reads data.<key> of a 200 answer; "" for anything else.
func createdID(resp *httpexpect.Response, key string) string {
	if resp.Raw() == nil || resp.Raw().StatusCode != http.StatusOK {
		return ""
	}
	var body struct {
		Data map[string]any `json:"data"`
	}
	if json.Unmarshal([]byte(resp.Body().Raw()), &body) != nil {
		return ""
	}
	switch v := body.Data[key].(type) {
	case string:
		return v
	case float64: // a server that sends the ID as a number
		return fmt.Sprintf("%.0f", v)
	}
	return ""
}

// needsArea skips the spec, declared, when it needs a fixture of an area the
// target declares absent (a thread needs a group): the spec cannot run there.
func (f *Framework) needsArea(area string) {
	GinkgoHelper()
	if !suite.target.Profile.Has(area) {
		f.SkipDeclared(fmt.Sprintf("the spec needs a fixture of the %s area, which the target's profile declares absent (profile.absent / IMCONF_PROFILE_ABSENT)", area))
	}
}
