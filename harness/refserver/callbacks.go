package refserver

import (
	"net/http"
	"regexp"
)

// The failed-callback store. The reference sends no callbacks, so none has
// failed: the store is always empty.
func init() {
	implement(map[string]handler{
		"GET /callbacks/storage/info":   (*call).callbackStorageInfo,
		"POST /callbacks/storage/retry": (*call).callbackStorageRetry,
	})
}

// callbackStorageInfo lists the ten-minute date keys holding failed
// callbacks: none.
func (c *call) callbackStorageInfo() {
	c.writeJSON(http.StatusOK, append(c.envelope("get", nil), kv{"data", []any{}}))
}

// tenMinuteKey is a date key of the store, yyyyMMddHHmm.
var tenMinuteKey = regexp.MustCompile(`^[0-9]{12}$`)

// callbackStorageRetry resends the failed callbacks of one date key. No
// document gives its errors: a missing or malformed date is answered
// illegal_argument (not a catalogue row), and a key with nothing stored is
// resent trivially: "success".
func (c *call) callbackStorageRetry() {
	var m struct {
		Date      *string `json:"date"`
		Retry     *int    `json:"retry"`
		TargetURL *string `json:"targetUrl"`
	}
	if !c.decodeBody(&m, "request.invalid") {
		return
	}
	if m.Date == nil || !tenMinuteKey.MatchString(*m.Date) {
		c.writeError(http.StatusBadRequest, "illegal_argument", "java.lang.IllegalArgumentException", "date must be a date key yyyyMMddHHmm")
		return
	}
	c.writeJSON(http.StatusOK, append(c.envelope("post", nil), kv{"data", "success"}))
}
