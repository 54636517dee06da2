package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/imconform/imconform/harness/config"
	"github.com/imconform/imconform/harness/refserver"
	"github.com/imconform/imconform/reports"
	"github.com/imconform/imconform/reports/coverage"
)

func init() {
	commands["coverage"] = command{summary: "write docs/coverage.md: rows with a spec, operations exercised and implemented", run: coverageCmd}
}

const coverageUsage = `usage: imconform coverage [--report REPORT.json] [-o FILE] [--check]

Measures the suite's coverage of the documented API and writes it as Markdown.
Without --report it runs the suite against the embedded reference server first
(from the repository root, as 'make coverage' does).`

func coverageCmd(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("coverage")
	report := fs.String("report", "", "a report.json of a whole run against the embedded reference (default: run the suite now)")
	out := fs.String("o", "docs/coverage.md", "the file to write")
	check := fs.Bool("check", false, "write nothing; fail when the file differs from what would be written")
	if code, done := parseFlags(fs, args, coverageUsage, stdout, stderr); done {
		return code
	}
	if fs.NArg() > 0 {
		return flagError(stderr, "coverage", fmt.Errorf("unexpected argument %q", fs.Arg(0)))
	}
	path := *report
	if path == "" {
		dir, err := os.MkdirTemp("", "imconform-coverage-")
		if err != nil {
			fmt.Fprintf(stderr, "imconform coverage: %v\n", err)
			return 1
		}
		defer os.RemoveAll(dir)
		if path, err = runSuiteEmbedded(dir, ""); err != nil {
			fmt.Fprintf(stderr, "imconform coverage: %v\n", err)
			return 1
		}
	}
	rs, err := reports.ReadJSON(path)
	if err != nil {
		fmt.Fprintf(stderr, "imconform coverage: %v\n", err)
		return 1
	}
	c := coverage.Measure(rs, refserver.Implemented())
	if err := c.Contradictions(); err != nil {
		fmt.Fprintf(stderr, "imconform coverage: %v\n", err)
		return 1
	}
	page := c.Markdown()
	if *check {
		have, err := os.ReadFile(*out)
		if err != nil || !bytes.Equal(have, page) {
			fmt.Fprintf(stderr, "imconform coverage: %s is stale: run 'make coverage' and commit it\n", *out)
			return 1
		}
		fmt.Fprintf(stdout, "imconform coverage: %s is up to date (%s)\n", *out, strings.Join(c.Figures.Headlines(), "; "))
		return 0
	}
	if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
		fmt.Fprintf(stderr, "imconform coverage: %v\n", err)
		return 1
	}
	if err := os.WriteFile(*out, page, 0o644); err != nil {
		fmt.Fprintf(stderr, "imconform coverage: writing %s: %v\n", *out, err)
		return 1
	}
	fmt.Fprintf(stdout, "imconform coverage: wrote %s (%s)\n", *out, strings.Join(c.Figures.Headlines(), "; "))
	return 0
}

// runSuiteEmbedded runs the suite (the specs labelFilter selects; all when
// empty) against the embedded reference, whatever target the shell names,
// and returns the path of its Ginkgo JSON report.
func runSuiteEmbedded(dir, labelFilter string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	args := []string{"tool", "ginkgo", "run", "--no-color", "--json-report=run.json", "--output-dir=" + dir}
	if labelFilter != "" {
		args = append(args, "--label-filter="+labelFilter)
	}
	cmd := exec.CommandContext(ctx, "go", append(args, "./suites/conformance")...)
	cmd.Env = append(config.WithoutSettings(os.Environ()), "IMCONF_REPORT_DIR="+dir)
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Run(); err != nil {
		lines := strings.Split(strings.TrimSpace(log.String()), "\n")
		if len(lines) > 15 {
			lines = lines[len(lines)-15:]
		}
		return "", fmt.Errorf("the suite run against the embedded reference failed (%v); run it from the repository root; its last lines:\n%s", err, strings.Join(lines, "\n"))
	}
	return filepath.Join(dir, "run.json"), nil
}
