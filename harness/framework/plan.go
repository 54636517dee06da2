package framework

import (
	"fmt"
	"io"
	"sort"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/imconform/imconform/harness/config"
	"github.com/imconform/imconform/harness/evidence"
)

// registerPlan declares the ReportAfterSuite that accounts for requests:
// under `ginkgo run --dry-run -v` it lists the specs that would run with the
// requests each declares (framework.SendsRequests) and the ones a guard
// would skip; after a real run it totals requests and courtesy retries.
func registerPlan(cfg config.Config) {
	ReportAfterSuite("imconform plan", func(r Report) {
		if r.SuiteConfig.DryRun {
			t := Target{Embedded: cfg.Embedded(), BaseURL: cfg.BaseURLTrimmed()}
			if err := t.resolveStaging(cfg); err != nil {
				Fail(err.Error())
			}
			WritePlan(GinkgoWriter, t, r.SpecReports)
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

// WritePlan writes the dry-run plan: one line per spec that would run.
func WritePlan(w io.Writer, t Target, specs types.SpecReports) {
	type line struct{ id, requests, text string }
	var run, skipped []line
	total, undeclared := 0, 0
	for _, s := range specs {
		if s.LeafNodeType != types.NodeTypeIt || s.State.Is(types.SpecStateSkipped|types.SpecStatePending) {
			continue
		}
		labels := s.Labels()
		id := "-"
		for _, l := range labels {
			if !strings.Contains(l, ":") && l != LabelRateLimit && l != LabelQuota && l != LabelDestructive {
				id = l
				break
			}
		}
		if reason := t.GuardReason(labels); reason != "" {
			skipped = append(skipped, line{id, "skip", s.FullText() + " — " + reason})
			continue
		}
		req := "?"
		if n, ok := DeclaredRequests(labels); ok {
			req = fmt.Sprint(n)
			total += n
		} else {
			undeclared++
		}
		run = append(run, line{id, req, s.FullText()})
	}
	sort.SliceStable(run, func(i, j int) bool { return run[i].id < run[j].id })
	rate := "with no rate limit"
	if t.Rate > 0 {
		rate = fmt.Sprintf("at %g per second", t.Rate)
	}
	target := "the embedded reference server"
	if !t.Embedded {
		target = t.BaseURL
	}
	fmt.Fprintf(w, "imconform plan: %d specs would run against %s, sending about %d requests %s", len(run), target, total, rate)
	if undeclared > 0 {
		fmt.Fprintf(w, " (%d specs declare no count: ?)", undeclared)
	}
	fmt.Fprintf(w, "; %d would be skipped by a guard\n", len(skipped))
	for _, l := range append(run, skipped...) {
		fmt.Fprintf(w, "  %-40s %5s  %s\n", l.id, l.requests, l.text)
	}
}
