// Package reports writes what a run leaves behind in the report folder:
// Ginkgo JSON and JUnit, produced by a ReportAfterSuite so that a plain
// `ginkgo run` writes them without extra flags.
package reports

import (
	"fmt"
	"os"
	"path/filepath"

	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/reporters"
	"github.com/onsi/ginkgo/v2/types"
)

// File names inside the report folder.
const (
	JSONFile  = "report.json"
	JUnitFile = "junit.xml"
)

// Register declares the ReportAfterSuite that writes the reports into dir
// (relative paths are taken from the repository root). Call it from the
// suite's Test function, before RunSpecs.
func Register(dir string) {
	ReportAfterSuite("imconform reports", func(report Report) {
		if report.SuiteConfig.DryRun {
			return // a dry run sends nothing; keep the last real run's reports
		}
		out, err := Dir(dir)
		if err != nil {
			Fail(err.Error())
		}
		if err := Write(out, report); err != nil {
			Fail(err.Error())
		}
		fmt.Fprintf(GinkgoWriter, "imconform: reports written to %s\n", out)
	})
}

// Write writes the Ginkgo JSON and JUnit reports of report into dir.
func Write(dir string, report types.Report) error {
	if err := reporters.GenerateJSONReport(report, filepath.Join(dir, JSONFile)); err != nil {
		return fmt.Errorf("writing %s: %w", JSONFile, err)
	}
	if err := reporters.GenerateJUnitReportWithConfig(report, filepath.Join(dir, JUnitFile), reporters.JunitReportConfig{OmitLeafNodeType: true}); err != nil {
		return fmt.Errorf("writing %s: %w", JUnitFile, err)
	}
	return nil
}

// Dir resolves and creates the report folder; a relative dir is taken from
// the repository root (the folder holding go.mod), so reports land in one
// place whichever package the suite runs from.
func Dir(dir string) (string, error) {
	if !filepath.IsAbs(dir) {
		root, err := repoRoot()
		if err != nil {
			return "", err
		}
		dir = filepath.Join(root, dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("IMCONF_REPORT_DIR=%s cannot be created (%v); point it at a writable folder", dir, err)
	}
	return dir, nil
}

func repoRoot() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return wd, nil
		}
	}
}
