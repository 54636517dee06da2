package janitor

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/imconform/imconform/harness/ledger"
	"github.com/imconform/imconform/harness/refserver"
	"github.com/imconform/imconform/harness/tokens"
)

// reference starts a reference server holding users, created at the times
// given, and a janitor pointed at it.
func reference(t *testing.T, users map[string]time.Time) (*refserver.Server, *Janitor) {
	t.Helper()
	var mu sync.Mutex
	now := time.Now()
	// The clock is set by hand, so rates would never refill; and the test
	// holds more users than the reference's free-edition quota.
	limits := refserver.Profile()
	limits.APIRatePerSecond, limits.FreeEditionUsers = 0, 0
	ref := refserver.New(refserver.Options{Org: "o", App: "a", ClientID: "id", ClientSecret: "secret-value", Limits: &limits,
		Now: func() time.Time { mu.Lock(); defer mu.Unlock(); return now }})
	srv := httptest.NewServer(ref)
	t.Cleanup(srv.Close)
	g, err := tokens.Request(context.Background(), srv.Client(), srv.URL+"/o/a", "id", "secret-value", 0)
	if err != nil {
		t.Fatal(err)
	}
	for name, at := range users {
		mu.Lock()
		now = at
		mu.Unlock()
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/o/a/users", strings.NewReader(fmt.Sprintf(`{"username":%q,"password":"p"}`, name)))
		req.Header.Set("Authorization", "Bearer "+g.AccessToken)
		req.Header.Set("Content-Type", "application/json")
		resp, err := srv.Client().Do(req)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("creating %s: %v %v", name, resp, err)
		}
		resp.Body.Close()
	}
	mu.Lock()
	now = time.Now()
	mu.Unlock()
	return ref, &Janitor{HTTP: srv.Client(), Target: ledger.Target{BaseURL: srv.URL, Org: "o", App: "a"}, Tokens: tokens.Static(g.AccessToken)}
}

func TestFromLedgerRemovesLeftoversOfThisTargetOnly(t *testing.T) {
	ref, j := reference(t, map[string]time.Time{"imc-r1-1-u1": time.Now(), "imc-r1-1-u2": time.Now(), "alice": time.Now()})
	path := filepath.Join(t.TempDir(), ledger.FileName)
	l, _ := ledger.Open(path, "r1", j.Target)
	for _, n := range []string{"imc-r1-1-u1", "imc-r1-1-u2", "imc-r1-1-u3"} {
		l.Creating(ledger.Resource{Kind: ledger.User, Name: n})
	}
	l.Deleted(ledger.Resource{Kind: ledger.User, Name: "imc-r1-1-u2"}) // the run cleaned this one
	other, _ := ledger.Open(path, "r2", ledger.Target{BaseURL: "http://127.0.0.1:1", Org: "o", App: "a"})
	other.Creating(ledger.Resource{Kind: ledger.User, Name: "imc-r2-1-u1"})
	l.Creating(ledger.Resource{Kind: ledger.Group, Name: "imc-r1-1-g4"}) // killed before the ID came back (and never created)
	entries, err := ledger.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	j.Ledger = l
	rep := j.FromLedger(context.Background(), entries)
	if rep.Count(Removed) != 1 || rep.Count(AlreadyGone) != 2 || rep.Count(Skipped) != 1 || !rep.OK() {
		t.Fatalf("report: %v", rep.Results)
	}
	// u2 is recorded as deleted, so the janitor leaves it; alice has no prefix.
	left := ref.Usernames()
	slices.Sort(left)
	if !slices.Equal(left, []string{"alice", "imc-r1-1-u2"}) {
		t.Fatalf("left on the server: %v", left)
	}
	// Its own removals are recorded: a second pass has nothing to do.
	entries, _ = ledger.Read(path)
	again := j.FromLedger(context.Background(), entries)
	if again.Count(Removed)+again.Count(AlreadyGone) != 0 {
		t.Fatalf("second pass: %v", again.Results)
	}
}

func TestAForgedLedgerEntryWithoutThePrefixIsRefused(t *testing.T) {
	ref, j := reference(t, map[string]time.Time{"alice": time.Now()})
	rep := j.FromLedger(context.Background(), []ledger.Entry{{Event: ledger.Creating, Resource: ledger.Resource{Kind: ledger.User, Name: "alice"}, Target: j.Target}})
	if rep.Count(Refused) != 1 || !slices.Contains(ref.Usernames(), "alice") {
		t.Fatalf("report %v, users %v", rep.Results, ref.Usernames())
	}
}

func TestByPrefixRemovesOldPrefixedUsersAcrossPages(t *testing.T) {
	old := time.Now().Add(-3 * time.Hour)
	users := map[string]time.Time{"alice": old, "imc-run002-1-u1": time.Now(), "imc-not-a-suite-name": old}
	for i := range 150 { // two pages of 100
		users[fmt.Sprintf("imc-run001-1-u%d", i)] = old
	}
	ref, j := reference(t, users)
	rep := j.ByPrefix(context.Background(), time.Hour)
	if rep.Count(Removed) != 150 || rep.Count(Skipped) != 1 || !rep.OK() {
		t.Fatalf("removed %d skipped %d: %v", rep.Count(Removed), rep.Count(Skipped), rep.Notes)
	}
	left := ref.Usernames()
	slices.Sort(left)
	if !slices.Equal(left, []string{"alice", "imc-not-a-suite-name", "imc-run002-1-u1"}) {
		t.Fatalf("left: %v", left)
	}
	// The reference server lists groups and chat rooms too (none here).
	if len(rep.Notes) != 0 {
		t.Fatalf("notes: %v", rep.Notes)
	}
}

func TestDryRunRemovesNothing(t *testing.T) {
	ref, j := reference(t, map[string]time.Time{"imc-run003-1-u1": time.Now().Add(-2 * time.Hour)})
	j.DryRun = true
	rep := j.ByPrefix(context.Background(), time.Hour)
	if rep.Count(WouldRemove) != 1 || len(ref.Usernames()) != 1 {
		t.Fatalf("%v %v", rep.Results, ref.Usernames())
	}
}

// Groups and chat rooms are listed with a cursor and removed by ID.
func TestByPrefixRemovesGroupsAndChatroomsByID(t *testing.T) {
	var mu sync.Mutex
	deleted := map[string]bool{}
	old := time.Now().Add(-2 * time.Hour).UnixMilli()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.Method == http.MethodGet && r.URL.Path == "/o/a/users":
			fmt.Fprint(w, `{"entities":[]}`)
		case r.Method == http.MethodGet && r.URL.Path == "/o/a/chatgroups" && r.URL.Query().Get("cursor") == "":
			fmt.Fprintf(w, `{"data":[{"groupid":"100","groupname":"imc-run004-1-g1","created":%d},{"groupid":"101","groupname":"team","created":%d}],"cursor":"p2"}`, old, old)
		case r.Method == http.MethodGet && r.URL.Path == "/o/a/chatgroups":
			fmt.Fprintf(w, `{"data":[{"groupid":"102","groupname":"imc-run004-2-g2","last_modified":"%d"}]}`, old)
		case r.Method == http.MethodGet && r.URL.Path == "/o/a/chatrooms":
			fmt.Fprint(w, `{"data":[{"id":"200","name":"imc-run004-1-room3"}]}`) // no time: age unknown
		case r.Method == http.MethodDelete:
			deleted[r.URL.Path] = true
			fmt.Fprint(w, `{"data":{"success":true}}`)
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	defer srv.Close()
	j := &Janitor{HTTP: srv.Client(), Target: ledger.Target{BaseURL: srv.URL, Org: "o", App: "a"}, Tokens: tokens.Static("t")}
	rep := j.ByPrefix(context.Background(), time.Hour)
	if !deleted["/o/a/chatgroups/100"] || !deleted["/o/a/chatgroups/102"] || len(deleted) != 2 || rep.Count(Skipped) != 1 {
		t.Fatalf("deleted %v, report %v", deleted, rep.Results)
	}
	j.ByPrefix(context.Background(), 0)
	if !deleted["/o/a/chatrooms/200"] || deleted["/o/a/chatgroups/101"] {
		t.Fatalf("deleted %v", deleted)
	}
}

// A group whose create answer never came is recorded without an ID; the
// janitor finds it by name and removes it.
func TestFromLedgerFindsAGroupWithoutIDByName(t *testing.T) {
	_, j := reference(t, map[string]time.Time{"imc-r1-1-u1": time.Now()})
	tok, _ := j.Tokens.Token(context.Background())
	req, _ := http.NewRequest(http.MethodPost, j.Target.BaseURL+"/o/a/chatgroups",
		strings.NewReader(`{"groupname":"imc-r1-1-g7","description":"d","public":true,"maxusers":10,"owner":"imc-r1-1-u1"}`))
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/json")
	resp, err := j.HTTP.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("creating the group: %v %v", resp, err)
	}
	resp.Body.Close()
	path := filepath.Join(t.TempDir(), ledger.FileName)
	l, _ := ledger.Open(path, "r1", j.Target)
	l.Creating(ledger.Resource{Kind: ledger.Group, Name: "imc-r1-1-g7"})
	entries, _ := ledger.Read(path)
	j.Ledger = l
	rep := j.FromLedger(context.Background(), entries)
	if rep.Count(Removed) != 1 || !rep.OK() {
		t.Fatalf("report: %v", rep.Results)
	}
	if _, found, err := j.Find(context.Background(), ledger.Group, "imc-r1-1-g7"); found || err != nil {
		t.Fatalf("the group is still listed (err %v)", err)
	}
	after, _ := ledger.Read(path)
	if left := ledger.Leftovers(after); len(left) != 0 {
		t.Fatalf("ledger leftovers: %v", left)
	}
}
