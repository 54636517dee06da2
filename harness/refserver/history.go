package refserver

import (
	"net/http"
	"regexp"
	"time"

	"github.com/imconform/imconform/harness/catalog"
)

func init() {
	implement(map[string]handler{"GET /chatmessages/{time}": (*call).downloadHistory})
}

var hourPattern = regexp.MustCompile(`^[0-9]{10}$`)

// downloadHistory is GET /{org}/{app}/chatmessages/{yyyyMMddHH}. An hour is
// downloadable once a message was sent in it (the reference has no delay
// before the hour's file exists); an hour before the retention window, or
// one that has not begun, is "expired or unstored" (decisions.tsv).
func (c *call) downloadHistory() {
	raw := c.params["time"]
	hour, err := time.Parse(hourLayout, raw)
	if !hourPattern.MatchString(raw) || err != nil {
		c.fail("history.bad-time-format", catalog.Vars{"time": raw})
		return
	}
	a := c.s.app
	vars := catalog.Vars{"appkey": a.org + "#" + a.name, "time": raw}
	now := c.start.UTC().Truncate(time.Hour)
	retention := c.s.opts.Limits.HistoryRetention
	if hour.After(now) || (retention > 0 && hour.Before(now.Add(-retention))) {
		c.fail("history.expired", vars)
		return
	}
	if c.s.messages.count(raw) == 0 {
		c.fail("history.not-found", vars)
		return
	}
	url := "http://" + c.r.Host + "/" + a.org + "/" + a.name + "/chatmessages/" + raw + "/file?Expires=" +
		time.Now().Add(time.Hour).Format("20060102150405")
	c.writeJSON(http.StatusOK, orderedJSON{
		{"action", "get"}, {"application", a.uuid}, {"uri", "http://" + c.r.Host + c.r.URL.Path},
		{"data", []orderedJSON{{{"url", url}}}},
		{"timestamp", c.start.UnixMilli()}, {"duration", c.s.opts.Now().Sub(c.start).Milliseconds()},
		{"organization", a.org}, {"applicationName", a.name},
	})
}
