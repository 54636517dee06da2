// Package reports writes what a run leaves behind in the report folder, from
// a ReportAfterSuite so that a plain `ginkgo run` writes it without extra
// flags: Ginkgo JSON and JUnit, the conformance matrix (Markdown, HTML and
// its JSON), and the certificate when the run covered the whole catalogue.
// Rendering lives in the small packages below this one; this file is the
// glue to Ginkgo.
package reports

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/reporters"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/imconform/imconform/harness/config"
	"github.com/imconform/imconform/harness/evidence"
	"github.com/imconform/imconform/harness/expectations"
	"github.com/imconform/imconform/harness/redact"
	"github.com/imconform/imconform/harness/version"
	"github.com/imconform/imconform/reports/certificate"
	"github.com/imconform/imconform/reports/junit"
	"github.com/imconform/imconform/reports/matrix"
	"github.com/imconform/imconform/reports/results"
)

// File names inside the report folder.
const (
	JSONFile        = "report.json"
	JUnitFile       = "junit.xml"
	MatrixJSONFile  = "conformance.json"
	MarkdownFile    = "conformance.md"
	HTMLFile        = matrix.HTMLFile
	CertificateFile = matrix.CertificateFile
)

// Register declares the ReportAfterSuite that writes the reports into the
// configured report folder (relative paths are taken from the repository root). Call it from the
// suite's Test function, before RunSpecs.
//
// Stale or expired expected deviations fail the run here, after the files
// are written: a ReportAfterSuite failure fails the suite.
func Register(cfg config.Config) {
	ReportAfterSuite("imconform reports", func(report Report) {
		if report.SuiteConfig.DryRun {
			return // a dry run sends nothing; keep the last real run's reports
		}
		out, err := config.ReportFolder(cfg.ReportDir)
		if err != nil {
			Fail(err.Error())
		}
		// The file was read and checked before any spec (framework.LoadConfig).
		expected, _ := expectations.Load(config.FromRoot(cfg.Expectations), "expectations file "+cfg.Expectations)
		info, _ := evidence.RunInfoOf(report)
		run := results.Build(results.Input{
			Report: report, Target: results.TargetOf(info), Implemented: info.Implemented,
			Expectations: expected, Now: expectations.Today(), Suite: version.Suite,
		})
		if err := Write(out, report, run); err != nil {
			Fail(err.Error())
		}
		fmt.Fprint(os.Stdout, "\n"+consoleSummary(run, report, out)+"\n")
		for _, c := range run.Checks {
			for _, m := range c.Messages {
				fmt.Fprintln(os.Stdout, redact.String("imconform: "+m))
			}
		}
		if report.SuiteSucceeded && !run.Succeeded {
			Fail("imconform: " + strings.Join(run.Problems, "; "))
		}
	})
}

// consoleSummary is what a run prints last: the verdict and target, the
// catalogue rows and the specs (counted apart: one row can have several
// specs), and where the HTML report is.
func consoleSummary(run results.Run, report types.Report, dir string) string {
	verdict := "PASSED"
	if !run.Succeeded {
		verdict = "FAILED"
	}
	edition := run.Target.Edition
	if edition == "" {
		edition = "not declared"
	}
	var rows []string
	for _, v := range results.Verdicts {
		if n := run.Counts[v]; n > 0 {
			rows = append(rows, fmt.Sprintf("%d %s", n, v))
		}
	}
	specs := map[results.Verdict]int{}
	total := 0
	for _, sr := range report.SpecReports {
		if sr.LeafNodeType != types.NodeTypeIt {
			continue
		}
		s, _ := results.JudgeSpec(sr, report.SuiteConfig.DryRun, run.Target.Strict)
		specs[s.Verdict]++
		total++
	}
	var specCounts []string
	for _, v := range results.Verdicts {
		if n := specs[v]; n > 0 {
			specCounts = append(specCounts, fmt.Sprintf("%d %s", n, v))
		}
	}
	cert := "certificate written"
	if !run.Complete() {
		cert = "no certificate: " + strings.Join(run.Partial, "; ")
	}
	lines := []string{
		fmt.Sprintf("imconform: %s against %s, edition %s", verdict, run.Target.Name(), edition),
		fmt.Sprintf("  catalogue rows: %d (%s)", len(run.Rows), strings.Join(rows, ", ")),
		fmt.Sprintf("  specs:          %d (%s)", total, strings.Join(specCounts, ", ")),
		fmt.Sprintf("  report:         %s", filepath.Join(dir, HTMLFile)),
		fmt.Sprintf("  %s", cert),
	}
	return redact.String(strings.Join(lines, "\n"))
}

// Write writes every report of a run into dir. A run that did not cover the
// whole catalogue removes a certificate an earlier run left there.
func Write(dir string, report types.Report, run results.Run) error {
	report = redacted(report)
	report = withChecks(report, run.Checks)
	if err := writeMasked(dir, JSONFile, func(path string) error { return reporters.GenerateJSONReport(report, path) }); err != nil {
		return err
	}
	xmlData, err := junit.Marshal(junit.Build(report, run.Redacted()))
	if err != nil {
		return err
	}
	data, err := run.Marshal()
	if err != nil {
		return err
	}
	page, err := matrix.HTML(run)
	if err != nil {
		return err
	}
	files := map[string][]byte{JUnitFile: xmlData, MatrixJSONFile: data, MarkdownFile: matrix.Markdown(run), HTMLFile: page}
	cert, err := certificate.New(run)
	if err == nil {
		if files[CertificateFile], err = cert.Marshal(); err != nil {
			return err
		}
	} else if err := os.Remove(filepath.Join(dir, CertificateFile)); err != nil && !os.IsNotExist(err) {
		return fmt.Errorf("removing the certificate of an earlier run: %w", err)
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(redact.Known(string(data))), 0o644); err != nil {
			return fmt.Errorf("writing %s: %w", name, err)
		}
	}
	return nil
}

// withChecks adds a failed test case for each of the run's own checks that
// failed (expected deviations stale or expired, a label filter naming no
// spec's label), whether or not specs failed too, so JUnit and Ginkgo JSON
// say what the console says.
func withChecks(report types.Report, checks []results.Check) types.Report {
	if len(checks) == 0 {
		return report
	}
	report.SuiteSucceeded = false
	report.SpecReports = append(types.SpecReports{}, report.SpecReports...)
	for _, c := range checks {
		report.SpecReports = append(report.SpecReports, types.SpecReport{
			LeafNodeType: types.NodeTypeReportAfterSuite,
			LeafNodeText: c.Case,
			State:        types.SpecStateFailed,
			Failure:      types.Failure{Message: strings.Join(c.Messages, "\n")},
		})
	}
	return report
}

// redacted masks secrets in the texts Ginkgo's reporters copy verbatim:
// failure messages, captured output and report entries.
func redacted(report types.Report) types.Report {
	s := redact.String
	specs := make(types.SpecReports, len(report.SpecReports))
	for i, sr := range report.SpecReports {
		sr.Failure.Message, sr.Failure.ForwardedPanic = s(sr.Failure.Message), s(sr.Failure.ForwardedPanic)
		sr.CapturedGinkgoWriterOutput, sr.CapturedStdOutErr = s(sr.CapturedGinkgoWriterOutput), s(sr.CapturedStdOutErr)
		failures := make([]types.AdditionalFailure, len(sr.AdditionalFailures))
		for j, f := range sr.AdditionalFailures {
			f.Failure.Message, f.Failure.ForwardedPanic = s(f.Failure.Message), s(f.Failure.ForwardedPanic)
			failures[j] = f
		}
		sr.AdditionalFailures = failures
		entries := make(types.ReportEntries, len(sr.ReportEntries))
		for j, e := range sr.ReportEntries {
			e.Value = redactedValue(e.Value)
			entries[j] = e
		}
		sr.ReportEntries = entries
		specs[i] = sr
	}
	report.SpecReports = specs
	return report
}

// redactedValue masks a report entry's value through its JSON form, which
// is what the reporters write.
func redactedValue(v types.ReportEntryValue) types.ReportEntryValue {
	data, err := json.Marshal(v.GetRawValue())
	if err != nil {
		return types.WrapEntryValue(redact.String(v.String()))
	}
	var clean any
	if err := json.Unmarshal([]byte(redact.String(string(data))), &clean); err != nil {
		return types.WrapEntryValue(redact.Mask)
	}
	return types.WrapEntryValue(clean)
}

// writeMasked has Ginkgo's reporter write name, then masks the registered
// secret values in the file as a last line of defence.
func writeMasked(dir, name string, generate func(path string) error) error {
	path := filepath.Join(dir, name)
	if err := generate(path); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	return os.WriteFile(path, []byte(redact.Known(string(data))), 0o644)
}
