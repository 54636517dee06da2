package framework

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/imconform/imconform/harness/labelfilter"
)

// checkLabelFilter stops the run before any spec (and before the suite
// set-up sends anything) when its label filter selects no spec or names a
// row ID the catalogue does not have: "Ran 0 of 66 Specs ... SUCCESS!" must
// never be the answer to a typo. A name that is no spec's label, in a filter
// that still selects other specs, is caught after the run by the reports
// (only then has Ginkgo shown every spec's labels).
func checkLabelFilter() {
	ReportBeforeSuite(func(r Report) {
		if msg := labelfilter.BeforeRun(r.SuiteConfig.LabelFilter, r.PreRunStats.SpecsThatWillRun, r.PreRunStats.TotalSpecs); msg != "" {
			Fail(msg)
		}
	})
}
