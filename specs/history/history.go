// Package history holds the specs of the chat history download API's rows.
package history

import (
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/framework"
	"github.com/imconform/imconform/harness/profile"
)

// hourOf is t in the API's time format: the UTC hour, yyyyMMddHH.
func hourOf(t time.Time) string { return t.UTC().Format("2006010215") }

var _ = Describe("GET /{org}/{app}/chatmessages/{time}", func() {
	f := framework.New()

	BeforeEach(func() { f.Require(profile.History, 1) })

	// retention is the target's history retention, or a skip.
	retention := func() time.Duration {
		r := f.Profile().HistoryRetention
		if r <= 0 {
			f.SkipDeclared("the target's history retention is unknown (profile.history_retention / IMCONF_PROFILE_HISTORY_RETENTION is 0)")
		}
		return r
	}

	framework.ConformanceIt("history.bad-time-format",
		"answers 400 illegal_argument to a time that is a date, not yyyyMMddHH", func(ctx SpecContext) {
			resp := f.App().GET("/chatmessages/{time}", "2018-02-09").Expect()
			f.ExpectDocumentedError(resp, "history.bad-time-format", catalog.Vars{"appkey": f.Target().AppKey(), "time": "2018-02-09"})
		})

	framework.ConformanceIt("history.expired",
		"answers 400 illegal_argument to an hour before the retention window", func(ctx SpecContext) {
			hour := hourOf(time.Now().Add(-retention() - 2*time.Hour))
			resp := f.App().GET("/chatmessages/{time}", hour).Expect()
			f.ExpectDocumentedError(resp, "history.expired", catalog.Vars{"appkey": f.Target().AppKey(), "time": hour})
		})

	framework.ConformanceIt("history.not-found",
		"answers 404 storage_object_not_found to an hour inside the retention window in which no message was sent", func(ctx SpecContext) {
			if retention() < 3*time.Hour {
				Skip("the target's history retention is shorter than the 3 hours this spec looks back")
			}
			// Two hours ago: inside retention, and an hour the suite sends no
			// message in (it sends in the current hour only). decisions.tsv.
			hour := hourOf(time.Now().Add(-2 * time.Hour))
			resp := f.App().GET("/chatmessages/{time}", hour).Expect()
			f.ExpectDocumentedError(resp, "history.not-found", catalog.Vars{"appkey": f.Target().AppKey(), "time": hour})
		})
})
