// Package janitor removes what runs left on a target: the leftovers of a
// run's ledger (a run that was killed before its cleanup), or everything
// named with the suite's prefix and older than an age, found by listing the
// target's users, groups and chat rooms. It never touches a name without
// the suite's prefix.
package janitor

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/imconform/imconform/harness/ledger"
	"github.com/imconform/imconform/harness/redact"
	"github.com/imconform/imconform/harness/tokens"
)

// UserAgent marks the janitor's requests in the target's logs.
const UserAgent = "imconform (janitor)"

// Janitor cleans one app on one target.
type Janitor struct {
	HTTP   *http.Client
	Target ledger.Target
	Tokens tokens.Source
	// DryRun lists what would be removed without removing it.
	DryRun bool
	// Ledger, when set, gets a Deleted entry for everything removed.
	Ledger *ledger.Ledger
	Now    func() time.Time
	// UserAgent replaces the janitor's own, for a suite cleaning up after a spec.
	UserAgent string
}

// Outcomes of one resource.
const (
	Removed     = "removed"
	AlreadyGone = "already gone"
	WouldRemove = "would remove"
	Failed      = "failed"
	Refused     = "refused"
	Skipped     = "skipped"
)

// Result is what happened to one resource.
type Result struct {
	ledger.Resource
	Outcome string
	Detail  string
}

func (r Result) String() string {
	s := fmt.Sprintf("%-12s %s", r.Outcome, r.Resource)
	if r.Detail != "" {
		s += ": " + r.Detail
	}
	return s
}

// Report is the janitor's account of a pass.
type Report struct {
	Results []Result
	// Notes are lines about the pass itself (a listing the target lacks).
	Notes []string
}

// Count is how many results have outcome o.
func (r Report) Count(o string) int {
	n := 0
	for _, x := range r.Results {
		if x.Outcome == o {
			n++
		}
	}
	return n
}

// OK reports whether nothing failed.
func (r Report) OK() bool { return r.Count(Failed) == 0 }

func (j *Janitor) appURL() string {
	return strings.TrimRight(j.Target.BaseURL, "/") + "/" + j.Target.Org + "/" + j.Target.App
}

// FromLedger removes the leftovers among entries: what was recorded as
// being created and never as deleted. Entries of another target are
// skipped; names without the prefix are refused.
func (j *Janitor) FromLedger(ctx context.Context, entries []ledger.Entry) Report {
	var rep Report
	for _, e := range ledger.Leftovers(entries) {
		switch {
		case e.Target != j.Target:
			rep.Results = append(rep.Results, Result{e.Resource, Skipped, fmt.Sprintf("recorded for %s %s/%s, not the configured target", e.Target.BaseURL, e.Target.Org, e.Target.App)})
		case (e.Kind == ledger.Group || e.Kind == ledger.Chatroom) && e.ID == "":
			// The run stopped before the server answered the create: look
			// the resource up by the name the suite gave it.
			found, ok, err := j.Find(ctx, e.Kind, e.Name)
			switch {
			case err != nil:
				rep.Results = append(rep.Results, Result{e.Resource, Skipped, "no ID was recorded and looking it up by name failed (" + redact.String(err.Error()) + "); 'imconform janitor --prefix' may find it later"})
			case !ok:
				if !j.DryRun {
					j.Ledger.Deleted(e.Resource)
				}
				rep.Results = append(rep.Results, Result{e.Resource, AlreadyGone, "no ID was recorded and no such name is listed: it was never created"})
			default:
				rep.Results = append(rep.Results, j.remove(ctx, found))
			}
		default:
			rep.Results = append(rep.Results, j.remove(ctx, e.Resource))
		}
	}
	return rep
}

// ByPrefix lists users, groups and chat rooms and removes those named the
// way the suite names things (ledger.IsSuiteName: the prefix, a run ID and a
// process number) and created more than olderThan ago. Listings the target
// does not offer are noted, not failed.
func (j *Janitor) ByPrefix(ctx context.Context, olderThan time.Duration) Report {
	var rep Report
	now := time.Now
	if j.Now != nil {
		now = j.Now
	}
	cutoff := now().Add(-olderThan)
	for _, l := range listings {
		found, note := j.list(ctx, l)
		if note != "" {
			rep.Notes = append(rep.Notes, note)
		}
		for _, f := range found {
			switch {
			case !ledger.IsSuiteName(f.Name):
				continue // not made by the suite: never the janitor's business
			case olderThan > 0 && f.created.IsZero():
				rep.Results = append(rep.Results, Result{f.Resource, Skipped, "the listing gives no creation time, so its age is unknown (use --older-than 0 to remove it anyway)"})
			case olderThan > 0 && f.created.After(cutoff):
				rep.Results = append(rep.Results, Result{f.Resource, Skipped, fmt.Sprintf("created %s ago, younger than --older-than %s (a run may still be using it)", now().Sub(f.created).Round(time.Second), olderThan)})
			default:
				rep.Results = append(rep.Results, j.remove(ctx, f.Resource))
			}
		}
	}
	return rep
}

// remove deletes one resource, refusing any name without the prefix.
func (j *Janitor) remove(ctx context.Context, r ledger.Resource) Result {
	if !strings.HasPrefix(r.Name, ledger.NamePrefix) {
		return Result{r, Refused, fmt.Sprintf("the name does not start with %q, so it is not the suite's", ledger.NamePrefix)}
	}
	var path string
	switch r.Kind {
	case ledger.User:
		path = "/users/" + url.PathEscape(r.Name)
	case ledger.Group:
		path = "/chatgroups/" + url.PathEscape(r.ID)
	case ledger.Chatroom:
		path = "/chatrooms/" + url.PathEscape(r.ID)
	default:
		return Result{r, Failed, "unknown kind"}
	}
	if j.DryRun {
		return Result{r, WouldRemove, ""}
	}
	status, body, err := j.do(ctx, http.MethodDelete, path)
	switch {
	case err != nil:
		return Result{r, Failed, redact.String(err.Error())}
	case status == http.StatusOK:
		j.Ledger.Deleted(r)
		return Result{r, Removed, ""}
	case status == http.StatusNotFound:
		j.Ledger.Deleted(r)
		return Result{r, AlreadyGone, ""}
	default:
		return Result{r, Failed, fmt.Sprintf("DELETE answered %d %s", status, trim(redact.String(body), 200))}
	}
}

func (j *Janitor) do(ctx context.Context, method, path string) (int, string, error) {
	tok, err := j.Tokens.Token(ctx)
	if err != nil {
		return 0, "", fmt.Errorf("getting an app token: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, method, j.appURL()+path, nil)
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Accept", "application/json")
	ua := UserAgent
	if j.UserAgent != "" {
		ua = j.UserAgent
	}
	req.Header.Set("User-Agent", ua)
	resp, err := j.HTTP.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	return resp.StatusCode, string(body), err
}

// listing is one collection the janitor pages through.
type listing struct {
	kind, path string
	// items is the JSON field holding the page's items.
	items                string
	idFields, nameFields []string
	createdFields        []string
	nameIsID             bool
}

var listings = []listing{
	{kind: ledger.User, path: "/users", items: "entities", nameFields: []string{"username"}, createdFields: []string{"created"}, nameIsID: true},
	{kind: ledger.Group, path: "/chatgroups", items: "data", idFields: []string{"groupid", "id"}, nameFields: []string{"groupname", "name", "title"}, createdFields: []string{"created", "last_modified"}},
	{kind: ledger.Chatroom, path: "/chatrooms", items: "data", idFields: []string{"id", "chatroomid"}, nameFields: []string{"name", "title"}, createdFields: []string{"created", "last_modified"}},
}

type found struct {
	ledger.Resource
	created time.Time
}

// maxPages bounds a listing, so a server whose cursor never ends cannot
// keep the janitor busy forever.
const maxPages = 1000

// list pages through a collection with limit and cursor. A listing the
// target does not offer (any answer but 200 on the first page) is a note.
func (j *Janitor) list(ctx context.Context, l listing) ([]found, string) {
	var out []found
	cursor := ""
	for page := 0; page < maxPages; page++ {
		q := url.Values{"limit": {"100"}}
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		status, body, err := j.do(ctx, http.MethodGet, l.path+"?"+q.Encode())
		if err != nil {
			return out, fmt.Sprintf("listing %ss failed: %s", l.kind, redact.String(err.Error()))
		}
		if status != http.StatusOK {
			if page == 0 {
				return nil, fmt.Sprintf("%ss: the target offers no listing at GET %s (HTTP %d); none checked", l.kind, l.path, status)
			}
			return out, fmt.Sprintf("listing %ss stopped at page %d: HTTP %d", l.kind, page+1, status)
		}
		var doc map[string]json.RawMessage
		if err := json.Unmarshal([]byte(body), &doc); err != nil {
			return out, fmt.Sprintf("listing %ss: the answer is not JSON; none checked", l.kind)
		}
		var items []map[string]any
		json.Unmarshal(doc[l.items], &items)
		for _, it := range items {
			f := found{Resource: ledger.Resource{Kind: l.kind, Name: firstString(it, l.nameFields)}, created: firstTime(it, l.createdFields)}
			if !l.nameIsID {
				f.ID = firstString(it, l.idFields)
			}
			if f.Name != "" {
				out = append(out, f)
			}
		}
		cursor = ""
		json.Unmarshal(doc["cursor"], &cursor)
		if cursor == "" || len(items) == 0 {
			return out, ""
		}
	}
	return out, fmt.Sprintf("listing %ss stopped after %d pages", l.kind, maxPages)
}

func firstString(m map[string]any, keys []string) string {
	for _, k := range keys {
		switch v := m[k].(type) {
		case string:
			if v != "" {
				return v
			}
		case float64:
			return strconv.FormatFloat(v, 'f', -1, 64)
		}
	}
	return ""
}

// firstTime reads epoch milliseconds, as a number or a numeric string.
func firstTime(m map[string]any, keys []string) time.Time {
	for _, k := range keys {
		var ms int64
		switch v := m[k].(type) {
		case float64:
			ms = int64(v)
		case string:
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				continue
			}
			ms = n
		default:
			continue
		}
		if ms > 0 {
			return time.UnixMilli(ms)
		}
	}
	return time.Time{}
}

func trim(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// Find looks a group or chat room up by the name the suite gave it, for a
// create whose answer never came. found is false when the listing was read
// whole and holds no such name; err says why the listing could not be read.
func (j *Janitor) Find(ctx context.Context, kind, name string) (r ledger.Resource, found bool, err error) {
	for _, l := range listings {
		if l.kind != kind {
			continue
		}
		items, note := j.list(ctx, l)
		for _, it := range items {
			if it.Name == name {
				return it.Resource, true, nil
			}
		}
		if note != "" {
			return ledger.Resource{}, false, errors.New(note)
		}
		return ledger.Resource{}, false, nil
	}
	return ledger.Resource{}, false, fmt.Errorf("no listing of %ss", kind)
}
