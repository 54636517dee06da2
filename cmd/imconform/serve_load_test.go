package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/imconform/imconform/harness/refserver"
)

// The scripted comparison of serve's declared limits under a client's load
// test: 16 clients, each in a loop registering a user, reading it, creating
// a group it owns, reading and deleting the group and deleting the user,
// for IMCONF_SERVE_LOAD (e.g. 8s), against the reference as `imconform
// serve` builds it from its flags, on a loopback port. It prints the share
// of answers that were 429 and that succeeded, per configuration:
//
//	IMCONF_SERVE_LOAD=8s go test -count=1 -run TestServeUnderLoad -v ./cmd/imconform
//
// (make serve-load). Not part of make test: it takes twice the duration.
func TestServeUnderLoad(t *testing.T) {
	setting := os.Getenv("IMCONF_SERVE_LOAD")
	if setting == "" {
		t.Skip("set IMCONF_SERVE_LOAD=8s to run the load comparison (make serve-load)")
	}
	duration, err := time.ParseDuration(setting)
	if err != nil || duration <= 0 {
		t.Fatalf("IMCONF_SERVE_LOAD=%q is not a duration like 8s", setting)
	}
	const clients = 16
	configs := []struct {
		name string
		args []string
	}{
		{"default limits", nil},
		{"--rate-limits=off", []string{"--rate-limits=off"}},
	}
	var results []loadResult
	for _, c := range configs {
		r := runLoad(t, c.args, clients, duration)
		r.name = c.name
		results = append(results, r)
	}
	t.Logf("%d clients for %s each (register, read, create group, read group, delete group, delete user):", clients, duration)
	t.Logf("%-20s %9s %9s %9s %9s", "configuration", "requests", "429", "2xx", "other")
	for _, r := range results {
		t.Logf("%-20s %9d %8.1f%% %8.1f%% %8.1f%%", r.name, r.total, r.share(r.limited), r.share(r.succeeded), r.share(r.total-r.limited-r.succeeded))
	}
	off := results[1]
	t.Logf("successful answers with --rate-limits=off / with the default limits: %.2f", float64(off.succeeded)/float64(max(results[0].succeeded, 1)))
	if off.total == 0 || off.limited != 0 || off.succeeded != off.total {
		t.Errorf("with --rate-limits=off %d of %d answers were 429 and %d failed otherwise: %v", off.limited, off.total, off.total-off.limited-off.succeeded, off.others)
	}
}

type loadResult struct {
	name                      string
	total, limited, succeeded int
	others                    map[string]int // "METHOD route status" of the other answers
}

func (r loadResult) share(n int) float64 { return 100 * float64(n) / float64(max(r.total, 1)) }

func runLoad(t *testing.T, args []string, clients int, duration time.Duration) loadResult {
	t.Helper()
	limits, err := declaredLimits(args...)
	if err != nil {
		t.Fatal(err)
	}
	ref := refserver.New(refserver.Options{Org: "load", App: "test", ClientID: "YXA6-load", ClientSecret: "YXA6-load-secret", Limits: &limits})
	srv := httptest.NewServer(ref)
	defer srv.Close()
	app := srv.URL + "/load/test"
	hc := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: clients}}

	var token struct {
		AccessToken string `json:"access_token"`
	}
	if status := call(hc, http.MethodPost, app+"/token", "", map[string]string{"grant_type": "client_credentials", "client_id": "YXA6-load", "client_secret": "YXA6-load-secret"}, &token); status != http.StatusOK {
		t.Fatalf("token: %d", status)
	}
	ctx, cancel := context.WithTimeout(context.Background(), duration)
	defer cancel()
	var mu sync.Mutex
	result := loadResult{others: map[string]int{}}
	count := func(op string, status int) bool {
		mu.Lock()
		defer mu.Unlock()
		result.total++
		switch {
		case status == http.StatusTooManyRequests:
			result.limited++
		case status >= 200 && status < 300:
			result.succeeded++
			return true
		default:
			result.others[fmt.Sprintf("%s %d", op, status)]++
		}
		return false
	}
	var wg sync.WaitGroup
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ctx.Err() == nil; i++ {
				user := fmt.Sprintf("load-%d-%d", c, i)
				do := func(op, method, path string, body, into any) bool {
					return count(op, call(hc, method, app+path, token.AccessToken, body, into))
				}
				if !do("register", http.MethodPost, "/users", map[string]string{"username": user, "password": "p"}, nil) {
					continue
				}
				do("read user", http.MethodGet, "/users/"+user, nil, nil)
				var created struct {
					Data struct {
						GroupID string `json:"groupid"`
					} `json:"data"`
				}
				if do("create group", http.MethodPost, "/chatgroups", map[string]any{"groupname": "g-" + user, "description": "load", "public": true, "maxusers": 10, "owner": user}, &created) {
					do("read group", http.MethodGet, "/chatgroups/"+created.Data.GroupID, nil, nil)
					do("delete group", http.MethodDelete, "/chatgroups/"+created.Data.GroupID, nil, nil)
				}
				do("delete user", http.MethodDelete, "/users/"+user, nil, nil)
			}
		}()
	}
	wg.Wait()
	return result
}

// call sends one request and decodes a 2xx JSON answer into into; its
// status, or 0 when no answer came.
func call(hc *http.Client, method, url, token string, body, into any) int {
	var rd *bytes.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	} else {
		rd = bytes.NewReader(nil)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		return 0
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := hc.Do(req)
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	if into != nil && resp.StatusCode/100 == 2 {
		json.NewDecoder(resp.Body).Decode(into)
	} else {
		// Drain, so the connection is reused.
		var sink bytes.Buffer
		sink.ReadFrom(resp.Body)
	}
	return resp.StatusCode
}
