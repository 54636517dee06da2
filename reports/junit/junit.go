// Package junit writes a run as JUnit XML shaped for CI tools: one
// <testsuite> per API area, test names ending with the catalogue row ID,
// the target and suite in <properties>, expected deviations and declared
// skips as <skipped> with their reason, and Ginkgo's timeline only for the
// specs that failed (a passed test with output is shown as "unknown" by
// some viewers, and the timelines of a passing run are most of its size).
package junit

import (
	"bytes"
	"encoding/xml"
	"math"
	"sort"
	"strings"

	"github.com/onsi/ginkgo/v2/reporters"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/reports/results"
)

// AreaLabelPrefix starts the label that names a spec's API area.
const AreaLabelPrefix = "area:"

// SuiteArea is the testsuite of failed suite-level nodes (set-up, the
// expected-deviations check), which belong to no area.
const SuiteArea = "suite"

// Property names, on every testsuite.
const (
	PropBaseURL   = "target.base_url"
	PropAppKey    = "target.appkey"
	PropServer    = "target.server"
	PropEdition   = "target.edition"
	PropSuite     = "suite_version"
	PropCatalogue = "catalogue_digest"
)

// Build turns a (redacted) Ginkgo report into JUnit test suites, one per
// area in catalogue order. run supplies the target and suite properties and
// is judged by the same rules as the matrix (results.JudgeSpec).
func Build(report types.Report, run results.Run) Suites {
	byArea := map[string]*Suite{}
	var order []string
	suiteOf := func(area string) *Suite {
		if s, ok := byArea[area]; ok {
			return s
		}
		s := &Suite{Name: "imconform " + area, Timestamp: report.StartTime.UTC().Format("2006-01-02T15:04:05"),
			Properties: properties(run)}
		byArea[area] = s
		order = append(order, area)
		return s
	}
	var out Suites
	for _, sr := range report.SpecReports {
		if sr.LeafNodeType != types.NodeTypeIt && !sr.State.Is(types.SpecStateFailureStates) {
			continue // passed suite nodes say nothing a CI tool should show
		}
		area := areaOf(sr)
		tc := testCase(sr, area, report.SuiteConfig.DryRun, run)
		s := suiteOf(area)
		s.Cases = append(s.Cases, tc)
		s.Tests++
		s.Time += tc.Time
		switch {
		case tc.Failure != nil:
			s.Failures++
		case tc.Error != nil:
			s.Errors++
		case tc.Skipped != nil:
			s.Skipped++
		}
	}
	sort.SliceStable(order, func(i, j int) bool { return areaRank(order[i]) < areaRank(order[j]) })
	for _, a := range order {
		s := byArea[a]
		s.Time = seconds(s.Time)
		out.Suites = append(out.Suites, *s)
		out.Tests += s.Tests
		out.Failures += s.Failures
		out.Errors += s.Errors
		out.Skipped += s.Skipped
	}
	out.Time = seconds(report.RunTime.Seconds())
	return out
}

// Suites is the document: the JUnit shape CI tools read (Ginkgo's reporters
// parse it too), with nothing a passed test does not need, since a passing
// run of the whole catalogue must stay small.
type Suites struct {
	XMLName  xml.Name `xml:"testsuites"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Errors   int      `xml:"errors,attr"`
	Skipped  int      `xml:"skipped,attr"`
	Time     float64  `xml:"time,attr"`
	Suites   []Suite  `xml:"testsuite"`
}

// Suite is one area's specs.
type Suite struct {
	Name       string     `xml:"name,attr"`
	Tests      int        `xml:"tests,attr"`
	Failures   int        `xml:"failures,attr"`
	Errors     int        `xml:"errors,attr"`
	Skipped    int        `xml:"skipped,attr"`
	Time       float64    `xml:"time,attr"`
	Timestamp  string     `xml:"timestamp,attr"`
	Properties Properties `xml:"properties"`
	Cases      []Case     `xml:"testcase"`
}

// Properties name the target and the suite.
type Properties struct {
	Properties []Property `xml:"property"`
}

// Property is one name and value.
type Property struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

// WithName is the value of the named property, or "".
func (p Properties) WithName(name string) string {
	for _, x := range p.Properties {
		if x.Name == name {
			return x.Value
		}
	}
	return ""
}

// Case is one spec. A passed case is the bare element.
type Case struct {
	Name      string   `xml:"name,attr"`
	Classname string   `xml:"classname,attr"`
	Time      float64  `xml:"time,attr"`
	Skipped   *Skipped `xml:"skipped,omitempty"`
	Error     *Error   `xml:"error,omitempty"`
	Failure   *Failure `xml:"failure,omitempty"`
	SystemErr string   `xml:"system-err,omitempty"`
}

// Skipped says why a spec did not count: a skip or an expected deviation.
type Skipped struct {
	Message string `xml:"message,attr"`
}

// Failure is a failed spec: what differed in the message, the full failure
// and the request in the text.
type Failure struct {
	Message     string `xml:"message,attr"`
	Type        string `xml:"type,attr"`
	Description string `xml:",chardata"`
}

// Error is a spec that panicked, was interrupted or aborted.
type Error struct {
	Message     string `xml:"message,attr"`
	Type        string `xml:"type,attr"`
	Description string `xml:",chardata"`
}

// Marshal renders the suites as an XML document; a case or property with no
// content is written as an empty element (<testcase .../>).
func Marshal(s Suites) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", " ")
	if err := enc.Encode(s); err != nil {
		return nil, err
	}
	b.WriteString("\n")
	// Attribute values escape every quote, so `"></testcase>` only ends an
	// empty case (and `"></property>` an empty property).
	out := bytes.ReplaceAll(b.Bytes(), []byte(`"></testcase>`), []byte(`"/>`))
	return bytes.ReplaceAll(out, []byte(`"></property>`), []byte(`"/>`)), nil
}

func testCase(sr types.SpecReport, area string, dryRun bool, run results.Run) Case {
	tc := Case{Name: name(sr), Classname: "imconform." + area, Time: seconds(sr.RunTime.Seconds())}
	if sr.LeafNodeType != types.NodeTypeIt {
		tc.Failure = &Failure{Message: firstLine(sr.Failure.Message), Type: "failed", Description: sr.Failure.Message}
		tc.SystemErr = reporters.RenderTimeline(sr, true)
		return tc
	}
	spec, _ := results.JudgeSpec(sr, dryRun, run.Target.Strict)
	switch spec.Verdict {
	case results.Passed:
	case results.Deviation:
		how := results.WhatDiffered(spec.Differences)
		if how == "" {
			how = firstLine(spec.Message)
		}
		tc.Skipped = &Skipped{Message: "expected deviation" + listedAs(run, results.RowIDs(sr)) + ": " + how}
	case results.Skipped:
		tc.Skipped = &Skipped{Message: "skipped: " + spec.Message}
	case results.NotRun:
		tc.Skipped = &Skipped{Message: "not run: " + spec.Message}
	default:
		what := results.WhatDiffered(spec.Differences)
		if what == "" {
			what = firstLine(spec.Message)
		}
		desc := spec.Message
		if x := spec.Exchange; x != nil && x.Curl != "" {
			desc += "\n\nrequest: " + x.Curl
		}
		if sr.State.Is(types.SpecStatePanicked | types.SpecStateInterrupted | types.SpecStateAborted) {
			tc.Error = &Error{Message: what, Type: sr.State.String(), Description: desc}
		} else {
			tc.Failure = &Failure{Message: what, Type: "failed", Description: desc}
		}
		tc.SystemErr = reporters.RenderTimeline(sr, true)
	}
	return tc
}

// listedAs is why the target's expectations file lists the rows as
// expected deviations: " (reason, link, until date)".
func listedAs(run results.Run, ids []string) string {
	for _, r := range run.Rows {
		if e := r.Expectation; e != nil && contains(ids, r.ID) {
			return " (" + e.Reason + ", " + e.Link + ", until " + e.Expires + ")"
		}
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// name is the spec's text ending with its row IDs, "... [users.get.not-found]".
func name(sr types.SpecReport) string {
	text := sr.FullText()
	if text == "" {
		text = sr.LeafNodeText
	}
	if text == "" {
		text = sr.LeafNodeType.String()
	}
	if ids := rowsOf(sr); len(ids) > 0 {
		text += " [" + strings.Join(ids, ", ") + "]"
	}
	return text
}

// rowsOf are the catalogue rows a spec checks: its row labels. The specs
// that list rows no client can provoke carry no row label (so that their
// rows stay "not testable from a client" in the matrix) and start their
// text with the row ID instead.
func rowsOf(sr types.SpecReport) []string {
	if ids := results.RowIDs(sr); len(ids) > 0 {
		return ids
	}
	if id, _, ok := strings.Cut(sr.LeafNodeText, ":"); ok {
		if _, known := catalog.Get(id); known {
			return []string{id}
		}
	}
	return nil
}

// areaOf is the spec's area label, else its first row's catalogue area.
func areaOf(sr types.SpecReport) string {
	for _, l := range sr.Labels() {
		if a, ok := strings.CutPrefix(l, AreaLabelPrefix); ok && a != "" {
			return a
		}
	}
	for _, id := range rowsOf(sr) {
		if r, ok := catalog.Get(id); ok && r.Area != "" {
			return r.Area
		}
	}
	return SuiteArea
}

// areaRank orders areas as the catalogue first lists them, suite last.
func areaRank(area string) int {
	for i, r := range catalog.All() {
		if r.Area == area {
			return i
		}
	}
	return math.MaxInt
}

func properties(run results.Run) Properties {
	t := run.Target
	appKey := ""
	if t.Org != "" || t.App != "" {
		appKey = t.Org + "#" + t.App
	}
	server, edition := t.Server, t.Edition
	if server == "" {
		server = "(none sent)"
	}
	if edition == "" {
		edition = "(not declared)"
	}
	return Properties{Properties: []Property{
		{Name: PropBaseURL, Value: t.BaseURL}, {Name: PropAppKey, Value: appKey}, {Name: PropServer, Value: server},
		{Name: PropEdition, Value: edition}, {Name: PropSuite, Value: run.Suite}, {Name: PropCatalogue, Value: run.Catalogue},
	}}
}

// seconds rounds to milliseconds: more digits are noise in every test case.
func seconds(s float64) float64 { return math.Round(s*1000) / 1000 }

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
