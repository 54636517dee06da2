package refserver

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"strconv"
	"sync"
	"time"
)

// storedMessage is a message the reference accepted, one per recipient, as
// the real service assigns one message ID per recipient: recall, rewrite,
// threads and reactions look messages up by that ID.
type storedMessage struct {
	ID       string
	From     string
	ChatType string // "chat" (to a user), "groupchat" or "chatroom"
	To       string // a username, a group ID or a chat room ID
	Type     string // txt, img, loc, audio, video, file, cmd, custom
	Body     json.RawMessage
	Ext      json.RawMessage
	Sent     time.Time
	Recalled bool
	Edits    int
	// Thread is the thread the message was sent in ("": the group itself);
	// only the seeding API sends one (seeding.go).
	Thread string
}

// messageStore holds the accepted messages by ID; the zero value is ready.
type messageStore struct {
	mu   sync.Mutex
	byID map[string]*storedMessage
	last uint64
	// foreign are IDs of messages of another app (seeding.go): this app's
	// operations do not find them.
	foreign map[string]bool
}

// add stores m under a fresh ID in the real service's form (a 19-digit,
// time-ordered number) and returns the ID.
func (s *messageStore) add(m storedMessage) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.byID == nil {
		s.byID = map[string]*storedMessage{}
		var b [2]byte
		rand.Read(b[:])
		s.last = 1_100_000_000_000_000_000 + uint64(binary.BigEndian.Uint16(b[:]))<<20
	}
	s.last += 1 + uint64(m.Sent.UnixNano()%997)
	m.ID = strconv.FormatUint(s.last, 10)
	s.byID[m.ID] = &m
	return m.ID
}

// addForeign issues an ID, in the same form, for a message of another app.
func (s *messageStore) addForeign(m storedMessage) string {
	id := s.add(m)
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.byID, id)
	if s.foreign == nil {
		s.foreign = map[string]bool{}
	}
	s.foreign[id] = true
	return id
}

// isForeign reports whether id is a message of another app.
func (s *messageStore) isForeign(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.foreign[id]
}

// get returns a copy of the message with ID id.
func (s *messageStore) get(id string) (storedMessage, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.byID[id]
	if !ok {
		return storedMessage{}, false
	}
	return *m, true
}

// update changes the stored message with ID id; false when there is none.
func (s *messageStore) update(id string, change func(*storedMessage)) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.byID[id]
	if ok {
		change(m)
	}
	return ok
}
