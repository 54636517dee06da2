package refserver

import (
	"strings"

	"github.com/imconform/imconform/harness/profile"
)

// Services an app can have switched off (profile.Services) are one set of
// switches, flipped two ways: for the server's whole life
// (Options.Disabled, serve --disable: declared absent in its profile), or
// for one request that names the service in
// profile.SwitchOffHeader (declared in the profile's switchable list, so any
// spec can provoke a "not open" row in parallel, against the embedded
// reference or imconform serve). Handlers ask serviceOn or featureOff.
var switchable = profile.Services

// featureOff reports whether the request must be answered as by an app
// without capability c: switched off either way, or declared
// absent in the server's limits.
func (c *call) featureOff(capability string) bool {
	return c.s.serviceOff(capability) || !c.s.opts.Limits.Has(capability) || c.switchedOffForRequest(capability)
}

// switchedOffForRequest reports whether the request names capability in
// profile.SwitchOffHeader and the server declares it switchable.
func (c *call) switchedOffForRequest(capability string) bool {
	if !c.s.opts.Limits.CanSwitchOff(capability) {
		return false
	}
	for _, v := range strings.Split(c.r.Header.Get(profile.SwitchOffHeader), ",") {
		if strings.TrimSpace(v) == capability {
			return true
		}
	}
	return false
}
