package refserver

import (
	"encoding/json"
	"net/http"
	"sync"
	"time"
)

func init() {
	implement(map[string]handler{"POST /messages": (*call).sendMessage})
}

// messageLog counts the messages sent per UTC hour, which is what the
// history API needs to know.
type messageLog struct {
	mu    sync.Mutex
	hours map[string]int // by hour, yyyyMMddHH
}

// hourLayout is the history API's time format, yyyyMMddHH in UTC.
const hourLayout = "2006010215"

func (l *messageLog) record(at time.Time, n int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.hours == nil {
		l.hours = map[string]int{}
	}
	l.hours[at.UTC().Format(hourLayout)] += n
}

func (l *messageLog) count(hour string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.hours[hour]
}

// message is the body of the legacy send API (api-notes §3). Pointers tell
// an absent key from an empty value: an absent "from" means the admin sends.
type message struct {
	TargetType *string         `json:"target_type"`
	Target     []string        `json:"target"`
	Msg        json.RawMessage `json:"msg"`
	From       *string         `json:"from"`
	Ext        json.RawMessage `json:"ext"`
}

var targetTypes = map[string]bool{"users": true, "chatgroups": true, "chatrooms": true}

// sendMessage is POST /{org}/{app}/messages. The size limit applies to msg
// and ext as sent (their JSON bytes), the two parts the document names.
func (c *call) sendMessage() {
	var m message
	if !c.readJSON(&m) {
		return
	}
	limit := c.s.opts.Limits.MessageMaxBytes
	switch {
	case m.TargetType == nil:
		c.writeError(http.StatusBadRequest, "illegal_argument", "java.lang.IllegalArgumentException", "target_type must be provided")
	case !targetTypes[*m.TargetType]:
		c.fail("messages.bad-target-type", nil)
	case m.From != nil && *m.From == "":
		c.fail("messages.empty-from", nil)
	case len(m.Target) == 0:
		c.writeError(http.StatusBadRequest, "illegal_argument", "java.lang.IllegalArgumentException", "target must be provided")
	case len(m.Msg) == 0 || string(m.Msg) == "null":
		c.writeError(http.StatusBadRequest, "illegal_argument", "java.lang.IllegalArgumentException", "msg must be provided")
	case limit > 0 && len(m.Msg)+len(m.Ext) > limit:
		c.fail("messages.too-large", nil)
	default:
		c.s.messages.record(c.start, len(m.Target))
		from := "admin"
		if m.From != nil {
			from = *m.From
		}
		var msg struct {
			Type string `json:"type"`
		}
		json.Unmarshal(m.Msg, &msg)
		chatType := chatTypes[*m.TargetType]
		data := orderedJSON{}
		for _, t := range m.Target {
			// Stored like the new sends' messages, though this API answers
			// "success" rather than the IDs.
			c.s.stored.add(storedMessage{From: from, ChatType: chatType, To: t, Type: msg.Type, Body: m.Msg, Ext: m.Ext, Sent: c.start})
			data = append(data, kv{t, "success"})
		}
		c.writeJSON(http.StatusOK, append(c.envelope("post", nil), kv{"data", data}))
	}
}

// chatTypes maps the legacy API's target_type to the message store's chat type.
var chatTypes = map[string]string{"users": "chat", "chatgroups": "groupchat", "chatrooms": "chatroom"}
