package framework

import (
	"fmt"

	"github.com/gavv/httpexpect/v2"
	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/config"
	"github.com/imconform/imconform/harness/expectations"
	"github.com/imconform/imconform/harness/matchers"
	"github.com/imconform/imconform/harness/redact"
)

// expected is the target's file of expected deviations, loaded with the
// configuration in every process.
var expected expectations.Set

// loadExpectations reads the file of expected deviations the configuration
// names; a malformed file stops the run before any spec.
func loadExpectations(cfg config.Config) error {
	set, err := expectations.Load(config.FromRoot(cfg.Expectations), "expectations file "+cfg.Expectations)
	if err != nil {
		return err
	}
	expected = set
	return nil
}

// expectDeviation is ExpectDocumentedError for a row the target lists as an
// expected deviation that has not expired: a mismatch is recorded as the
// deviation and the spec passes, because a ReportAfterSuite cannot turn a
// failed spec back into a passed one. A match is recorded too; the report
// then calls the entry stale and fails the run.
func (f *Framework) expectDeviation(resp *httpexpect.Response, m *matchers.DocumentedErrorMatcher, e expectations.Entry) {
	ok, err := m.Match(resp)
	if err == nil && ok {
		f.evidence.Matched = m.Matched()
		return
	}
	msg := ""
	if err != nil {
		msg = err.Error()
	} else {
		msg = m.FailureMessage(resp)
	}
	f.evidence.Deviation = redact.String(msg)
	fmt.Fprintf(GinkgoWriter, "imconform: expected deviation of %s (%s, %s, until %s):\n%s\n", e.Row, e.Reason, e.Link, e.Expires, f.evidence.Deviation)
}

// SkipDeclared skips the spec for a reason the target declares about itself
// (its profile, its registration mode). Such a skip does not keep the run
// from earning a certificate; a plain Skip does.
func (f *Framework) SkipDeclared(reason string) {
	GinkgoHelper()
	f.evidence.DeclaredSkip = true
	Skip(reason)
}
