// Package selftest is a suite of deliberately broken specs, run only by the
// staging tests (IMCONF_SELFTEST=1) to show that cleanup survives them.
package selftest

import (
	"os"
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/imconform/imconform/harness/framework"
	"github.com/imconform/imconform/reports"
)

func TestSelftest(t *testing.T) {
	if os.Getenv("IMCONF_SELFTEST") == "" {
		t.Skip("a suite of deliberately failing specs; the staging tests run it with IMCONF_SELFTEST=1")
	}
	cfg := framework.LoadConfig(t)
	RegisterFailHandler(Fail)
	framework.SetupSuite(cfg)
	reports.Register(cfg)
	RunSpecs(t, "imconform selftest")
}

var _ = Describe("A spec that panics", func() {
	f := framework.New()

	It("after creating a user still has the user deleted", func() {
		u := f.CreateUser()
		panic("deliberate panic after creating user " + u.Username)
	})
})

// Costly specs: skipped against a remote target unless allowed, and a
// destructive one refused on production even then. Their bodies only say
// that they ran.
var _ = Describe("Costly specs", func() {
	framework.New()

	It("change app-wide state", Label(framework.LabelDestructive), func() {
		By("the destructive spec ran")
	})

	It("provoke the rate limit", Label(framework.LabelRateLimit), func() {
		By("the rate-limit spec ran")
	})
})
