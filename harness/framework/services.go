package framework

import (
	"fmt"

	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/profile"
)

// RequireSwitchedOff skips the spec of a service's "not open" row, with the
// reason, unless the target declares the service absent: the row can only
// be provoked on an app that has the service switched off. Against the
// embedded reference, IMCONF_PROFILE_ABSENT=<service> switches it off.
func (f *Framework) RequireSwitchedOff(service string) {
	GinkgoHelper()
	if f.Profile().Has(service) {
		f.SkipDeclared(fmt.Sprintf("the target has the %q service switched on; its \"not open\" row needs an app without it, declared with profile.absent / %s=%s", service, profile.EnvName("absent"), service))
	}
}
