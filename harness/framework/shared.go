package framework

import (
	"fmt"
	"github.com/imconform/imconform/harness/profile"
	"net/http"
	"sync"

	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/ledger"
	"github.com/imconform/imconform/harness/redact"
)

// Shared fixtures: resources that specs only read (a user that exists, a
// group with an owner and a member) are created once per process, by the
// first spec that asks, and deleted when the process's specs are done
// (SynchronizedAfterSuite, which Ginkgo also runs after an interrupt). They
// are in the ledger like every other fixture, so 'imconform janitor' finds
// them after a killed run. Parallel processes never share them.
//
// A spec that changes what it is given (a password, a membership, an
// owner) must use fresh fixtures instead (CreateUser, CreateGroup).

// SharedGroup is a public group owned by Owner with one member, Member.
type SharedGroup struct {
	ID            string
	Owner, Member User
}

var shared struct {
	mu     sync.Mutex
	users  []User // users[0] stands alone; the others belong to the group
	group  *SharedGroup
	room   *SharedGroup     // a chat room: ID, owner and member
	delete []sharedResource // in creation order; deleted in reverse
}

type sharedResource struct {
	r    ledger.Resource
	path string // the delete path; "" until the create answered with an ID
	base string // the collection, for one found by name
}

// SharedUser returns a user that belongs to no group; specs must not change it.
func (f *Framework) SharedUser() User {
	GinkgoHelper()
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if len(shared.users) == 0 {
		shared.users = append(shared.users, f.createSharedUser())
	}
	return shared.users[0]
}

// SharedGroupOf returns this process's shared group; specs must not change
// it (add, remove, block, transfer, modify successfully).
func (f *Framework) SharedGroupOf() SharedGroup {
	GinkgoHelper()
	f.needsArea(profile.Groups)
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if shared.group == nil {
		g := f.createShared(ledger.Group, "/chatgroups", "groupid", func(name, owner, member string) map[string]any {
			return map[string]any{"groupname": name, "description": "imconform shared fixture",
				"public": true, "maxusers": 200, "owner": owner, "members": []string{member}}
		})
		shared.group = &g
	}
	return *shared.group
}

// SharedChatroomOf returns this process's shared chat room (owner and one
// member); specs must not change it.
func (f *Framework) SharedChatroomOf() SharedGroup {
	GinkgoHelper()
	f.needsArea(profile.Chatrooms)
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if shared.room == nil {
		r := f.createShared(ledger.Chatroom, "/chatrooms", "id", func(name, owner, member string) map[string]any {
			return map[string]any{"name": name, "description": "imconform shared fixture", "maxusers": 300,
				"owner": owner, "members": []string{member}}
		})
		shared.room = &r
	}
	return *shared.room
}

// createShared creates a group or chat room with a fresh owner and member,
// all deleted when the process's specs are done. Call with shared.mu held.
func (f *Framework) createShared(kind, path, idKey string, body func(name, owner, member string) map[string]any) SharedGroup {
	GinkgoHelper()
	owner, member := f.createSharedUser(), f.createSharedUser()
	name := f.UniqueName(map[string]string{ledger.Group: "g", ledger.Chatroom: "r"}[kind])
	r := ledger.Resource{Kind: kind, Name: name}
	f.RecordResource(r)
	// Scheduled before the create goes out: without an ID (no answer, a cut
	// or failed one) cleanup finds it by name.
	shared.delete = append(shared.delete, sharedResource{r: r, base: path})
	slot := &shared.delete[len(shared.delete)-1]
	resp := f.App().POST(path).WithJSON(body(name, owner.Username, member.Username)).Expect()
	id := createdID(resp, idKey)
	if id == "" {
		Fail(fmt.Sprintf("fixture: creating the shared %s answered %s", kind, describeAnswer(resp)))
	}
	r.ID = id
	f.RecordResource(r)
	slot.r, slot.path = r, path+"/"+id
	return SharedGroup{ID: id, Owner: owner, Member: member}
}

// createSharedUser registers a user that lives until the process's specs
// are done. Call with shared.mu held.
func (f *Framework) createSharedUser() User {
	GinkgoHelper()
	u := User{Username: f.UniqueName("u"), Password: "Pw-" + f.UniqueName("p")}
	redact.Register(u.Password)
	r := ledger.Resource{Kind: ledger.User, Name: u.Username}
	f.RecordResource(r)
	shared.delete = append(shared.delete, sharedResource{r: r, path: "/users/" + u.Username})
	resp := f.App().POST("/users").WithJSON(map[string]string{"username": u.Username, "password": u.Password}).Expect()
	if resp.Raw() == nil || resp.Raw().StatusCode != http.StatusOK {
		Fail(fmt.Sprintf("fixture: registering the shared user %s answered %s", u.Username, describeAnswer(resp)))
	}
	return u
}

// deleteShared deletes this process's shared fixtures, newest first (the
// group before its users), and records each in the ledger.
func deleteShared() {
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if len(shared.delete) == 0 || suite.client == nil {
		return
	}
	// A create the last spec still has under way (it was interrupted while
	// making a shared fixture) must land before its delete goes out.
	if last := current.Load(); last != nil && last.session != nil {
		last.session.WaitIdle(suite.target.Timeout)
	}
	f := &Framework{session: suite.client.NewSession(GinkgoWriter, ginkgoReporter{})}
	f.session.SetUserAgent(f.userAgent("cleanup"))
	var failed []string
	for i := len(shared.delete) - 1; i >= 0; i-- {
		sr := shared.delete[i]
		path := sr.path
		if path == "" {
			id := f.findByName(sr.r, "answered without an ID")
			if id == "" {
				_ = suite.ledger.Deleted(sr.r)
				continue
			}
			path = sr.base + "/" + id
		}
		resp := f.App().DELETE(path).Expect()
		if resp.Raw() != nil && (resp.Raw().StatusCode == http.StatusOK || resp.Raw().StatusCode == http.StatusNotFound) {
			_ = suite.ledger.Deleted(sr.r)
			continue
		}
		failed = append(failed, fmt.Sprintf("%s (%s)", sr.r, describeAnswer(resp)))
	}
	shared.delete, shared.users, shared.group, shared.room = nil, nil, nil, nil
	if len(failed) > 0 {
		Fail(fmt.Sprintf("cleanup: deleting the shared fixtures failed for %v; they stay in the ledger for 'imconform janitor'", failed))
	}
}
