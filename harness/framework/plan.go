package framework

import (
	"fmt"
	"io"
	"sort"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/config"
	"github.com/imconform/imconform/harness/evidence"
)

// registerPlan declares the ReportAfterSuite that totals the requests of
// a run and its courtesy retries.
func registerPlan() {
	ReportAfterSuite("imconform requests", func(r Report) {
		if r.SuiteConfig.DryRun {
			return
		}
		requests, retries := 0, 0
		for _, s := range r.SpecReports {
			if ev, ok := evidence.EvidenceOf(s); ok {
				requests += ev.Requests
				retries += ev.Retries
			}
		}
		fmt.Fprintf(GinkgoWriter, "imconform: specs sent %d requests; %d answers of 429 were retried as a courtesy (see \"retries\" in each spec's evidence)\n", requests, retries)
	})
}

// GuardTarget is the configured target as far as the guards need it, for
// tools that plan a run without connecting to it.
func GuardTarget(cfg config.Config) (Target, error) {
	t := Target{Embedded: cfg.Embedded(), BaseURL: cfg.BaseURLTrimmed()}
	return t, t.resolveStaging(cfg)
}

// PlanLine is one spec of a plan.
type PlanLine struct {
	Row      string
	Requests int
	Text     string
	Skip     string // why a guard would skip it against the target
}

// Plan reads the specs of a run against the embedded reference (the same
// code path as against any target): each spec that ran, with the requests
// it sent, and the ones a guard would skip against t.
func Plan(t Target, specs types.SpecReports) []PlanLine {
	var out []PlanLine
	for _, s := range specs {
		if s.LeafNodeType != types.NodeTypeIt || s.State.Is(types.SpecStatePending) || (s.State == types.SpecStateSkipped && s.Failure.Message == "") {
			continue // not selected by the filter
		}
		l := PlanLine{Row: "-", Text: s.FullText()}
		for _, lb := range s.Labels() {
			if _, ok := catalog.Get(lb); ok {
				l.Row = lb
				break
			}
		}
		if ev, ok := evidence.EvidenceOf(s); ok {
			l.Requests = ev.Requests
		}
		l.Skip = t.GuardReason(s.Labels())
		if l.Skip == "" && s.State == types.SpecStateSkipped {
			l.Skip = firstLineOf(s.Failure.Message)
		}
		out = append(out, l)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Row < out[j].Row })
	return out
}

// WritePlan writes a plan: its summary line, then one line per spec.
func WritePlan(w io.Writer, t Target, lines []PlanLine) (requests int) {
	run, skipped := 0, 0
	for _, l := range lines {
		if l.Skip != "" {
			skipped++
			continue
		}
		run++
		requests += l.Requests
	}
	rate := "with no rate limit"
	if t.Rate > 0 {
		rate = fmt.Sprintf("at %g per second, so at least %.0f s", t.Rate, float64(requests)/t.Rate)
	}
	target := "the embedded reference server"
	if !t.Embedded {
		target = t.BaseURL
	}
	fmt.Fprintf(w, "imconform plan: %d specs would run against %s, sending %d requests %s; %d would be skipped (measured against the embedded reference)\n", run, target, requests, rate, skipped)
	for _, l := range lines {
		n := fmt.Sprint(l.Requests)
		text := l.Text
		if l.Skip != "" {
			n, text = "skip", text+" — "+l.Skip
		}
		fmt.Fprintf(w, "  %-42s %5s  %s\n", l.Row, n, text)
	}
	return requests
}

func firstLineOf(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
