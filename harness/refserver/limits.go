package refserver

import (
	"time"

	"github.com/imconform/imconform/harness/profile"
)

// smallLimits sets the limits the reference enforces on the messaging APIs:
// small, so that provoking each limit row costs a handful of requests, yet
// far enough from what ordinary specs do that none of them trips a limit
// while specs run in parallel (decisions.tsv, ratelimit.api).
func smallLimits(p *profile.Profile) {
	p.MessageMaxBytes = 1024
	p.PresenceExtMaxBytes = 64
	p.PresenceMaxUsers = 5
	p.PresenceQueryRate = 5
	p.FileMaxBytes = 64 << 10
	// Per API (a method on a route), the documented real rate. The busiest
	// API of the suite (DELETE /users/{username}) keeps a quarter of it
	// spare even at three times today's traffic, with or without -p.
	p.APIRatePerSecond = 100
	// The real free plan's user quota. Lower would be cheaper to provoke, but
	// parallel specs hold users too, and must never meet the quota.
	p.FreeEditionUsers = 100
	p.HistoryRetention = 72 * time.Hour
	p.ReadTimeout = time.Second
	// A few seconds: the recall-window and attachment-expiry specs wait
	// them out, while a spec that recalls or downloads at once never does.
	p.RecallWindow = 3 * time.Second
	p.FileRetention = 3 * time.Second
	// Two rewrites and the third is refused: cheap, and still shows the
	// count is kept per message.
	p.RewriteEditLimit = 2
	// Contact, attribute and reaction limits: small enough that provoking
	// them costs a handful of requests. No spec that runs in parallel stores
	// user attributes, so the app total (provoked by a Serial spec) is not
	// met by accident.
	p.ContactsPerUser = 2
	p.UserMetadataMaxBytes = 256
	p.UserMetadataAppMaxBytes = 512
	p.ReactionsPerMessage = 3
	// The rate-limit spec needs APIRatePerSecond+1 requests and more.
	p.RequestBudget = 500
}
