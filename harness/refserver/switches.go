package refserver

import (
	"strings"

	"github.com/imconform/imconform/harness/profile"
)

// Features an app can have switched off. The reference has every one of
// them, and switches one off for a single request that names it in
// profile.SwitchOffHeader, so one app provokes both a feature's rows and its
// "not open" row, in parallel specs, without a second app. A server whose
// Limits declare a feature absent has it off for every request. Other areas
// add their features here, and call featureOff in their handlers.
var switchable = []string{profile.Broadcast, profile.Recall, profile.Rewrite, profile.Roaming, profile.AttachmentLifetime}

// featureOff reports whether the request must be answered as by an app
// without capability c.
func (c *call) featureOff(capability string) bool {
	limits := c.s.opts.Limits
	if !limits.Has(capability) {
		return true
	}
	if !limits.CanSwitchOff(capability) {
		return false
	}
	for _, v := range strings.Split(c.r.Header.Get(profile.SwitchOffHeader), ",") {
		if strings.TrimSpace(v) == capability {
			return true
		}
	}
	return false
}
