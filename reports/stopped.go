package reports

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/imconform/imconform/harness/config"
	"github.com/imconform/imconform/harness/redact"
)

// StoppedBeforeAnySpec is called when a run cannot start (a bad setting, a
// malformed file of expected deviations): it removes the report files an
// earlier run left in the folder this run would have written (the ledger
// stays: it lists what earlier runs created) and leaves a matrix that says
// the run stopped and why, so that neither a person nor CI takes the earlier
// run's certificate or "run passed" for this run's.
func StoppedBeforeAnySpec(err error) {
	dir := config.IntendedReportDir(os.LookupEnv)
	if _, statErr := os.Stat(dir); statErr != nil {
		return // no folder, no earlier reports
	}
	if rmErr := Supersede(dir, err); rmErr != nil {
		fmt.Fprintf(os.Stderr, "imconform: %v\n", rmErr)
	}
}

// Supersede replaces the reports in dir by a matrix saying the run stopped
// before any spec because of err.
func Supersede(dir string, err error) error {
	for _, name := range []string{JSONFile, JUnitFile, MatrixJSONFile, HTMLFile, CertificateFile} {
		if rmErr := os.Remove(filepath.Join(dir, name)); rmErr != nil && !os.IsNotExist(rmErr) {
			return fmt.Errorf("removing the %s of an earlier run: %w", name, rmErr)
		}
	}
	md := fmt.Sprintf("# imconform conformance matrix\n\n**✗ the run stopped before any spec:** imconform: %s\n\nNo spec ran, so this run has no verdict on any row; the reports of earlier runs were removed.\n", redact.String(err.Error()))
	return os.WriteFile(filepath.Join(dir, MarkdownFile), []byte(md), 0o644)
}
