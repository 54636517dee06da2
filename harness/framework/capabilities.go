package framework

import (
	"fmt"

	"github.com/gavv/httpexpect/v2"
	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/profile"
)

// AppWithout returns requests to the app's API as an app without feature
// capability answers them, for the feature's "not open" row: plain app
// requests when the target's profile declares the feature absent; requests
// naming the feature in profile.SwitchOffHeader when the target switches it
// off per request (profile.switchable: the reference server). It skips the
// spec, as declared, when the target has the feature and cannot switch it
// off, since such an app cannot provoke the row.
func (f *Framework) AppWithout(capability string) *httpexpect.Expect {
	GinkgoHelper()
	p := f.Profile()
	switch {
	case !p.Has(capability):
		return f.App()
	case p.CanSwitchOff(capability):
		return f.App().Builder(func(r *httpexpect.Request) { r.WithHeader(profile.SwitchOffHeader, capability) })
	}
	f.SkipDeclared(fmt.Sprintf("the target has %q, so its not-open row cannot be provoked; run against an app without it, declared in profile.absent / IMCONF_PROFILE_ABSENT", capability))
	return nil
}
