// Package soak holds a sustained-load run of the reference server, the
// server `imconform serve` runs: refserver.New and its HTTPServer on a
// loopback port, in this process so that the race detector watches the
// server's code and the heap can be read. It runs only when IMCONF_SOAK is
// set (make soak), never in `go test ./...`.
//
// SOAK_CLIENTS clients (default 16) each repeat, until SOAK_TIME (default
// 60s) or SOAK_REQUESTS requests in all (default 1000000): get an app
// token, register three users, get a user token, create a group with one
// member, add another, send a message to the users and to the group, read a
// user and the group's members, then delete the group and the users, except
// every tenth round, whose users and group are kept. Afterwards every user
// and group is listed and compared with what was kept.
//
// It fails on a data race (the race detector), a 5xx that is not a
// catalogue row, any other unexpected answer, a lost or resurrected write,
// or heap growth beyond what the live objects explain.
package soak

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/matchers"
	"github.com/imconform/imconform/harness/refserver"
)

// Settings of a soak run.
type settings struct {
	clients     int
	duration    time.Duration
	maxRequests int64
}

func settingsFromEnv(t *testing.T) settings {
	s := settings{clients: 16, duration: time.Minute, maxRequests: 1_000_000}
	if v := os.Getenv("SOAK_CLIENTS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1024 {
			t.Fatalf("SOAK_CLIENTS=%q is not a number of clients from 1 to 1024", v)
		}
		s.clients = n
	}
	if v := os.Getenv("SOAK_TIME"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 || d > time.Hour {
			t.Fatalf("SOAK_TIME=%q is not a duration up to 1h, like 60s", v)
		}
		s.duration = d
	}
	if v := os.Getenv("SOAK_REQUESTS"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 {
			t.Fatalf("SOAK_REQUESTS=%q is not a positive number of requests", v)
		}
		s.maxRequests = n
	}
	return s
}

// latencies is a histogram of request durations in 10 µs buckets up to 10 s
// (longer ones land in the last): fixed memory, however long the run.
type latencies struct{ buckets [1_000_000]atomic.Int64 }

const bucketWidth = 10 * time.Microsecond

func (l *latencies) record(d time.Duration) {
	l.buckets[min(int(d/bucketWidth), len(l.buckets)-1)].Add(1)
}

// quantile is the upper bound of the bucket holding quantile q.
func (l *latencies) quantile(q float64) time.Duration {
	var total int64
	for i := range l.buckets {
		total += l.buckets[i].Load()
	}
	want, seen := int64(float64(total)*q+0.5), int64(0)
	for i := range l.buckets {
		if seen += l.buckets[i].Load(); seen >= max(want, 1) {
			return time.Duration(i+1) * bucketWidth
		}
	}
	return 0
}

// run is the shared state of one soak run.
type run struct {
	base, org, app, clientID, clientSecret string
	http                                   *http.Client
	deadline                               time.Time
	budget                                 atomic.Int64 // requests left
	requests                               atomic.Int64
	lat                                    latencies

	mu         sync.Mutex
	problems   []string       // unexpected answers, first ones kept
	problemN   int            // all of them
	documented map[string]int // documented 5xx by row
	// What the server must hold at the end: users and groups created and
	// not deleted (kept rounds, and rounds the deadline cut short), each
	// group with its members, owner first.
	users     map[string]bool
	groups    map[string][]string
	appTokens int // app tokens issued: live until they expire
}

var rows500 = func() []string {
	var out []string
	for _, r := range catalog.All() {
		if r.Status == http.StatusInternalServerError {
			out = append(out, r.ID)
		}
	}
	return out
}()

// errStop ends a client: the time or the request budget is spent.
var errStop = fmt.Errorf("soak over")

// call sends one request and decodes a 200 answer into out; any other
// answer is recorded as a problem and returned as an error.
func (r *run) call(method, path, token string, body any, out any) error {
	if time.Now().After(r.deadline) || r.budget.Add(-1) < 0 {
		return errStop
	}
	var rd io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			panic(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, r.base+"/"+r.org+"/"+r.app+path, rd)
	if err != nil {
		panic(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	start := time.Now()
	resp, err := r.http.Do(req)
	if err != nil {
		return r.problem("%s %s: %v", method, path, err)
	}
	data, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	r.lat.record(time.Since(start))
	r.requests.Add(1)
	if err != nil {
		return r.problem("%s %s: reading the answer: %v", method, path, err)
	}
	if resp.StatusCode >= 500 {
		reply := matchers.Reply{Status: resp.StatusCode, Header: resp.Header, Body: data}
		for _, id := range rows500 {
			if ok, _ := matchers.BeDocumentedError(id, nil).Match(reply); ok {
				r.mu.Lock()
				r.documented[id]++
				r.mu.Unlock()
				return fmt.Errorf("%s %s: documented %s", method, path, id)
			}
		}
		return r.problem("%s %s: undocumented server error %d %s", method, path, resp.StatusCode, data)
	}
	if resp.StatusCode != http.StatusOK {
		return r.problem("%s %s: %d %s", method, path, resp.StatusCode, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			return r.problem("%s %s: answer is not the documented JSON: %v: %s", method, path, err, data)
		}
	}
	return nil
}

func (r *run) problem(format string, a ...any) error {
	err := fmt.Errorf(format, a...)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.problemN++
	if len(r.problems) < 20 {
		r.problems = append(r.problems, err.Error())
	}
	return err
}

type tokenAnswer struct {
	AccessToken string `json:"access_token"`
}

// round is one client's round of the mix; keep leaves its users and group
// on the server for the final comparison.
func (r *run) round(client, n int, keep bool) error {
	var app tokenAnswer
	if err := r.call("POST", "/token", "", map[string]any{"grant_type": "client_credentials", "client_id": r.clientID, "client_secret": r.clientSecret}, &app); err != nil {
		return err
	}
	r.mu.Lock()
	r.appTokens++
	r.mu.Unlock()
	tok := app.AccessToken
	users := make([]string, 3)
	var regs []map[string]string
	for i := range users {
		users[i] = fmt.Sprintf("soak-%d-%d-%c", client, n, 'a'+i)
		regs = append(regs, map[string]string{"username": users[i], "password": "p-" + users[i]})
	}
	if err := r.call("POST", "/users", tok, regs, nil); err != nil {
		return err
	}
	r.mu.Lock()
	for _, u := range users {
		r.users[u] = true
	}
	r.mu.Unlock()
	var user tokenAnswer
	if err := r.call("POST", "/token", "", map[string]any{"grant_type": "password", "username": users[0], "password": "p-" + users[0]}, &user); err != nil {
		return err
	}
	var created struct {
		Data struct {
			GroupID string `json:"groupid"`
		} `json:"data"`
	}
	if err := r.call("POST", "/chatgroups", tok, map[string]any{"groupname": "soak", "desc": "soak", "public": true, "maxusers": 10, "owner": users[0], "members": users[1:2]}, &created); err != nil {
		return err
	}
	group := created.Data.GroupID
	r.setGroup(group, users[:2])
	if err := r.call("POST", "/chatgroups/"+group+"/users/"+users[2], tok, nil, nil); err != nil {
		return err
	}
	r.setGroup(group, users)
	if err := r.call("POST", "/messages", tok, map[string]any{"target_type": "users", "target": users[1:], "msg": map[string]string{"type": "txt", "msg": "hello"}, "from": users[0]}, nil); err != nil {
		return err
	}
	if err := r.call("POST", "/messages", tok, map[string]any{"target_type": "chatgroups", "target": []string{group}, "msg": map[string]string{"type": "txt", "msg": "hello all"}, "from": users[0]}, nil); err != nil {
		return err
	}
	var got struct {
		Entities []struct {
			Username string `json:"username"`
		} `json:"entities"`
	}
	if err := r.call("GET", "/users/"+users[1], tok, nil, &got); err != nil {
		return err
	}
	if len(got.Entities) != 1 || got.Entities[0].Username != users[1] {
		return r.problem("GET /users/%s answered %+v", users[1], got.Entities)
	}
	members, err := r.members(tok, group)
	if err != nil {
		return err
	}
	if want := strings.Join(users, ","); strings.Join(members, ",") != want {
		return r.problem("group %s: members %v, want %s", group, members, want)
	}
	if keep {
		return nil
	}
	if err := r.call("DELETE", "/chatgroups/"+group, tok, nil, nil); err != nil {
		return err
	}
	r.mu.Lock()
	delete(r.groups, group)
	r.mu.Unlock()
	for _, u := range users {
		if err := r.call("DELETE", "/users/"+u, tok, nil, nil); err != nil {
			return err
		}
		r.mu.Lock()
		delete(r.users, u)
		r.mu.Unlock()
	}
	return nil
}

func (r *run) setGroup(id string, members []string) {
	r.mu.Lock()
	r.groups[id] = members
	r.mu.Unlock()
}

// members lists a group's members, owner first.
func (r *run) members(tok, group string) ([]string, error) {
	var list struct {
		Data []struct {
			Owner  string `json:"owner"`
			Member string `json:"member"`
		} `json:"data"`
	}
	if err := r.call("GET", "/chatgroups/"+group+"/users", tok, nil, &list); err != nil {
		return nil, err
	}
	var out []string
	for _, m := range list.Data {
		out = append(out, m.Owner+m.Member)
	}
	return out, nil
}

// liveHeap is the heap in use after a full collection.
func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// maxBytesPerLiveObject bounds heap growth per object the server must keep
// (a kept user, group or unexpired token; each is well under 2 KiB): more
// means memory grows with traffic, not with what the server holds.
const maxBytesPerLiveObject = 8 << 10

// heapSlack is growth any run may show whatever it holds: the connections'
// buffers, the runtime's own caches.
const heapSlack = 4 << 20

func TestSoak(t *testing.T) {
	if os.Getenv("IMCONF_SOAK") == "" {
		t.Skip("a soak run takes a minute and more: run it with make soak (IMCONF_SOAK=1)")
	}
	cfg := settingsFromEnv(t)

	limits := refserver.Profile()
	// Rate limits and quotas off: a soak is about sustained load, and 0 is
	// "no limit" for each of them (refserver ratelimit.go, quota.go, groups.go).
	limits.APIRatePerSecond, limits.PresenceQueryRate = 0, 0
	limits.FreeEditionUsers, limits.GroupsPerApp, limits.GroupsPerUser = 0, 0, 0
	id, secret := refserver.GenerateCredentials()
	ref := refserver.New(refserver.Options{Org: "imconform", App: "soak", ClientID: id, ClientSecret: secret, Limits: &limits})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := ref.HTTPServer()
	go srv.Serve(ln)
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	}()

	r := &run{base: "http://" + ln.Addr().String(), org: "imconform", app: "soak", clientID: id, clientSecret: secret,
		http:       &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: cfg.clients, MaxConnsPerHost: cfg.clients}},
		documented: map[string]int{}, users: map[string]bool{}, groups: map[string][]string{}}
	r.budget.Store(cfg.maxRequests)

	heapStart := liveHeap()
	start := time.Now()
	r.deadline = start.Add(cfg.duration)
	var wg sync.WaitGroup
	for c := range cfg.clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; ; n++ {
				if err := r.round(c, n, n%10 == 0); err == errStop {
					return
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)

	lost := r.compare()
	heapEnd := liveHeap()
	r.mu.Lock()
	// A user token lives as long as its user: one per round still held.
	userTokens := len(r.users) / 3
	live := len(r.users) + len(r.groups) + r.appTokens + userTokens
	r.mu.Unlock()
	growth := int64(heapEnd) - int64(heapStart)
	perObject := float64(growth) / float64(max(live, 1))

	t.Logf("soak: %d clients for %v, %d requests: %.0f requests/s", cfg.clients, elapsed.Round(time.Millisecond), r.requests.Load(), float64(r.requests.Load())/elapsed.Seconds())
	t.Logf("soak: latency p50 %v, p99 %v", r.lat.quantile(0.50), r.lat.quantile(0.99))
	t.Logf("soak: unexpected answers %d, documented 5xx %v, lost or resurrected writes %d", r.problemN, r.documented, len(lost))
	t.Logf("soak: live heap %.1f MiB at the start, %.1f MiB at the end; %d live objects (users %d, groups %d, tokens %d): %.0f bytes each",
		float64(heapStart)/(1<<20), float64(heapEnd)/(1<<20), live, len(r.users), len(r.groups), r.appTokens+userTokens, perObject)

	for _, p := range r.problems {
		t.Errorf("unexpected answer: %s", p)
	}
	for _, l := range lost {
		t.Errorf("%s", l)
	}
	if r.requests.Load() == 0 {
		t.Errorf("no request was answered")
	}
	if allowed := int64(heapSlack) + int64(live)*maxBytesPerLiveObject; growth > allowed {
		t.Errorf("the heap grew %d bytes for %d live objects, %.0f bytes each (at most %d, beyond %d MiB for connections and buffers): memory grows with traffic",
			growth, live, perObject, maxBytesPerLiveObject, heapSlack>>20)
	}
}

// compare lists every user and group the server holds and says what differs
// from what the clients kept: a kept resource missing (a lost write), a
// deleted one present, or a kept group with other members.
func (r *run) compare() []string {
	r.deadline = time.Now().Add(time.Hour)
	r.budget.Store(1 << 40)
	var app tokenAnswer
	if err := r.call("POST", "/token", "", map[string]any{"grant_type": "client_credentials", "client_id": r.clientID, "client_secret": r.clientSecret}, &app); err != nil {
		return []string{"listing what was created: " + err.Error()}
	}
	var out []string
	users := map[string]bool{}
	for cursor := ""; ; {
		var page struct {
			Entities []struct {
				Username string `json:"username"`
			} `json:"entities"`
			Cursor string `json:"cursor"`
		}
		if err := r.call("GET", "/users?limit=100&cursor="+cursor, app.AccessToken, nil, &page); err != nil {
			return append(out, "listing users: "+err.Error())
		}
		for _, e := range page.Entities {
			users[e.Username] = true
		}
		if cursor = page.Cursor; cursor == "" {
			break
		}
	}
	var groups struct {
		Data []struct {
			GroupID string `json:"groupid"`
		} `json:"data"`
	}
	if err := r.call("GET", "/chatgroups", app.AccessToken, nil, &groups); err != nil {
		return append(out, "listing groups: "+err.Error())
	}
	held := map[string]bool{}
	for _, g := range groups.Data {
		held[g.GroupID] = true
	}
	// The clients are done: their maps are read without the lock.
	out = append(out, differences("user", r.users, users)...)
	keptGroups := map[string]bool{}
	for g := range r.groups {
		keptGroups[g] = true
	}
	out = append(out, differences("group", keptGroups, held)...)
	for g, want := range r.groups {
		if !held[g] {
			continue
		}
		got, err := r.members(app.AccessToken, g)
		if err != nil || strings.Join(got, ",") != strings.Join(want, ",") {
			out = append(out, fmt.Sprintf("group %s: members %v (%v), want %v", g, got, err, want))
		}
	}
	return out
}

func differences(kind string, kept, held map[string]bool) []string {
	var out []string
	for k := range kept {
		if !held[k] {
			out = append(out, fmt.Sprintf("lost write: %s %s was kept but the server does not list it", kind, k))
		}
	}
	for k := range held {
		if !kept[k] {
			out = append(out, fmt.Sprintf("resurrected: %s %s was deleted (or never made) but the server lists it", kind, k))
		}
	}
	sort.Strings(out)
	return out
}
