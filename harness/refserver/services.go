package refserver

import (
	"fmt"
	"slices"

	"github.com/imconform/imconform/harness/profile"
)

// The per-app service switches. The real service switches presence, user
// and member attributes, group online counts, push statistics and reactions
// on per app; a switched-off service answers its "not open" row. The
// reference has every service on unless Options.Disabled names it, and then
// declares it absent in its profile, which is what makes the suite provoke
// the "not open" row instead of the service's other rows.

// declareDisabled returns p with the disabled services added to its absent
// capabilities; a name that is not a switchable service is a programming
// error (the command line checks what users type: CheckDisabled).
func declareDisabled(p profile.Profile, disabled []string) *profile.Profile {
	if err := CheckDisabled(disabled); err != nil {
		panic("refserver: " + err.Error())
	}
	p.Absent = slices.Clone(p.Absent)
	for _, d := range disabled {
		if !slices.Contains(p.Absent, d) {
			p.Absent = append(p.Absent, d)
		}
	}
	return &p
}

// CheckDisabled says what is wrong with a list of services to switch off.
func CheckDisabled(disabled []string) error {
	for _, d := range disabled {
		if !slices.Contains(profile.Services, d) {
			return fmt.Errorf("%q is not a service the reference can switch off (known: %v)", d, profile.Services)
		}
	}
	return nil
}

// serviceOff reports whether the app has service name switched off.
func (s *Server) serviceOff(name string) bool { return slices.Contains(s.opts.Disabled, name) }

// serviceOn answers the service's "not open" row, with vars, when the
// service is off; it reports whether the call may go on.
func (c *call) serviceOn(name, notOpenRow string) bool {
	if !c.s.serviceOff(name) && !c.switchedOffForRequest(name) {
		return true
	}
	c.fail(notOpenRow, map[string]string{"appkey": c.s.app.org + "#" + c.s.app.name})
	return false
}
