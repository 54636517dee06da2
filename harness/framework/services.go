package framework

import (
	"fmt"

	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/profile"
)

// RequireSwitchedOff prepares the spec of a service's "not open" row, which
// needs an app without the service. A target that declares the service
// absent (profile.absent) is such an app. The embedded reference has every
// service on: when this process runs it, the service is switched off for
// the spec, which must then be Serial so that no other spec sees the
// service off. Otherwise the spec is skipped, declared.
func (f *Framework) RequireSwitchedOff(service string) {
	GinkgoHelper()
	if !f.Profile().Has(service) {
		return
	}
	if suite.embedded != nil && suite.embedded.ref != nil {
		if !CurrentSpecReport().IsSerial {
			Fail(fmt.Sprintf("imconform: a spec switching the embedded reference's %q service off must be Serial", service))
		}
		restore, err := suite.embedded.ref.SwitchOff(service)
		if err != nil {
			Fail("imconform: " + err.Error())
		}
		DeferCleanup(restore)
		return
	}
	f.SkipDeclared(fmt.Sprintf("the target has the %q service switched on; its \"not open\" row needs an app without it, declared with profile.absent / %s=%s", service, profile.EnvName("absent"), service))
}
