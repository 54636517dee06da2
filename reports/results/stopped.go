package results

import (
	"strings"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/imconform/imconform/harness/redact"
)

// stoppedBeforeSpecs says why a run ran no spec at all because a node before
// the specs failed (the label filter check, the suite set-up: an unreachable
// target, a refused token request); "" when specs ran. Such a run says
// nothing about any row: its rows are "not run" with this cause, never
// "no spec", and it earns no certificate.
func stoppedBeforeSpecs(rep types.Report) string {
	for _, sr := range rep.SpecReports {
		if sr.LeafNodeType == types.NodeTypeIt {
			return ""
		}
	}
	for _, sr := range rep.SpecReports {
		if sr.LeafNodeType.Is(types.NodeTypeReportBeforeSuite|types.NodeTypeBeforeSuite|types.NodeTypeSynchronizedBeforeSuite) && sr.State.Is(types.SpecStateFailureStates) {
			return strings.TrimPrefix(firstLine(redact.String(sr.Failure.Message)), "imconform: ")
		}
	}
	return ""
}

// specLabels are the labels of every spec of the report, run or not.
func specLabels(rep types.Report) [][]string {
	var out [][]string
	for _, sr := range rep.SpecReports {
		if sr.LeafNodeType == types.NodeTypeIt {
			out = append(out, sr.Labels())
		}
	}
	return out
}
