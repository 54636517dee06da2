package framework

import . "github.com/onsi/ginkgo/v2"

// Labels for a spec's cost and risk, so users can leave such specs out, e.g.
// --label-filter='!destructive'.
var (
	// Slow specs take a second or more (a stalled body, an upload, a wait).
	Slow = Label("slow")
	// Quota specs fill a plan quota of the app.
	Quota = Label(LabelQuota)
	// RateLimit specs spend an API family's call rate until it is limited.
	RateLimit = Label(LabelRateLimit)
	// Destructive specs leave the app briefly unusable for other clients
	// (quota reached, calls limited) while they run.
	Destructive = Label(LabelDestructive)
)
