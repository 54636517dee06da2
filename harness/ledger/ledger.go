// Package ledger is the run's record of what it creates on the target: one
// JSON line per event, appended and synced to disk before the create
// request is sent, so that even a run killed outright leaves a list the
// janitor can clean from. It holds names and IDs, never secrets.
package ledger

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"
)

// NamePrefix starts every name the suite creates; the janitor touches
// nothing without it.
const NamePrefix = "imc-"

// suiteName is the whole shape of a name the suite makes:
// imc-<run id: 6 base-36 characters>-<process>-<kind><n> (framework.UniqueName).
var suiteName = regexp.MustCompile(`^` + NamePrefix + `[0-9a-z]{6}-[0-9]+-[a-z]`)

// IsSuiteName reports whether name has the shape of a name the suite makes,
// not just its prefix: what the janitor requires before removing anything
// it found by listing.
func IsSuiteName(name string) bool { return suiteName.MatchString(name) }

// FileName is the ledger's name inside the report folder.
const FileName = "ledger.jsonl"

// Resource kinds.
const (
	User     = "user"
	Group    = "group"
	Chatroom = "chatroom"
)

// Events.
const (
	Creating = "creating" // about to be created (or created: ID known)
	Deleted  = "deleted"  // gone: deleted, or found absent
)

// Resource is something the suite creates. Users are known by name; groups
// and chat rooms by the ID the server assigns, with the name the suite gave.
type Resource struct {
	Kind string `json:"kind"`
	Name string `json:"name"`
	ID   string `json:"id,omitempty"`
}

// Key identifies the resource across events.
func (r Resource) Key() string { return r.Kind + "/" + r.Name }

func (r Resource) String() string {
	if r.ID != "" {
		return fmt.Sprintf("%s %s (id %s)", r.Kind, r.Name, r.ID)
	}
	return r.Kind + " " + r.Name
}

// Target says where a resource lives: no credentials, only the address.
type Target struct {
	BaseURL string `json:"base_url"`
	Org     string `json:"org"`
	App     string `json:"app"`
}

// Entry is one line of the ledger.
type Entry struct {
	Time  time.Time `json:"time"`
	Run   string    `json:"run"`
	Event string    `json:"event"`
	Resource
	Target
}

// Ledger appends entries to one file; safe for concurrent use, and for
// several processes appending to the same file (each entry is one write of
// one line to a file opened for appending).
type Ledger struct {
	run    string
	target Target

	mu sync.Mutex
	f  *os.File
}

// Open opens (creating if needed) the ledger at path for run against target.
func Open(path, run string, target Target) (*Ledger, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("creating the ledger's folder: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("opening the ledger: %w", err)
	}
	return &Ledger{run: run, target: target, f: f}, nil
}

// Creating records that r is about to be created (call it again with the
// ID once the server has assigned one). It returns once the line is on disk.
func (l *Ledger) Creating(r Resource) error { return l.append(Creating, r) }

// Deleted records that r is gone.
func (l *Ledger) Deleted(r Resource) error { return l.append(Deleted, r) }

func (l *Ledger) append(event string, r Resource) error {
	if l == nil {
		return nil
	}
	if !strings.HasPrefix(r.Name, NamePrefix) {
		return fmt.Errorf("ledger: %s does not start with %q; every name the suite creates must", r, NamePrefix)
	}
	line, err := json.Marshal(Entry{Time: time.Now().UTC(), Run: l.run, Event: event, Resource: r, Target: l.target})
	if err != nil {
		return err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, err := l.f.Write(append(line, '\n')); err != nil {
		return fmt.Errorf("writing the ledger: %w", err)
	}
	if err := l.f.Sync(); err != nil {
		return fmt.Errorf("syncing the ledger: %w", err)
	}
	return nil
}

// Close closes the file.
func (l *Ledger) Close() error {
	if l == nil {
		return nil
	}
	return l.f.Close()
}

// maxLine bounds a ledger line: entries hold a name and an ID, far less.
const maxLine = 1 << 20

// Read reads every entry of the ledger at path. A torn last line (a run
// killed mid-write) is ignored; any other bad line is an error naming it.
func Read(path string) ([]Entry, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Entry
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), maxLine)
	var pending error
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue // blank lines after a torn one leave it the last
		}
		if pending != nil {
			return nil, pending
		}
		var e Entry
		if err := json.Unmarshal([]byte(line), &e); err != nil || e.Kind == "" || e.Name == "" {
			pending = fmt.Errorf("%s line %d is not a ledger entry", path, n)
			continue
		}
		out = append(out, e)
	}
	if err := sc.Err(); err == bufio.ErrTooLong {
		return nil, fmt.Errorf("%s line %d is longer than %d bytes, which no ledger entry is", path, n+1, maxLine)
	} else if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	return out, nil
}

// Leftovers are the resources whose last event is not Deleted, in the order
// they were first recorded, with the latest ID known for each.
func Leftovers(entries []Entry) []Entry {
	type state struct {
		e       Entry
		deleted bool
	}
	byKey := map[string]*state{}
	var order []string
	for _, e := range entries {
		k := e.Target.BaseURL + " " + e.Org + "/" + e.App + " " + e.Key()
		s, ok := byKey[k]
		if !ok {
			s = &state{e: e}
			byKey[k] = s
			order = append(order, k)
		}
		switch e.Event {
		case Deleted:
			s.deleted = true
		default:
			s.deleted = false
			if e.ID == "" {
				e.ID = s.e.ID
			}
			s.e = e
		}
	}
	var out []Entry
	for _, k := range order {
		if s := byKey[k]; !s.deleted {
			out = append(out, s.e)
		}
	}
	return out
}
