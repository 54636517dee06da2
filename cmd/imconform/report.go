package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/imconform/imconform/reports/compare"
	"github.com/imconform/imconform/reports/results"
)

func init() {
	commands["report"] = command{summary: "work with run reports: 'report compare A.json B.json ...'", run: report}
}

func report(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(stdout, "usage: imconform report compare [-o FILE.md|FILE.html] A.json B.json ...")
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	if args[0] != "compare" {
		fmt.Fprintf(stderr, "imconform report: unknown subcommand %q; the one subcommand is compare\n", args[0])
		return 2
	}
	return reportCompare(args[1:], stdout, stderr)
}

// reportCompare writes catalogue rows by targets from the conformance.json
// of each run.
func reportCompare(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("report compare")
	out := fs.String("o", "", "write to FILE (.md or .html) instead of Markdown on stdout")
	if code, done := parseFlags(fs, args, "usage: imconform report compare [-o FILE.md|FILE.html] A.json B.json ...\n\nEach file is the conformance.json a run wrote to its report folder\n(reports/out by default). The table has one row per catalogue entry and\none column per file; rows whose verdicts differ are marked.", stdout, stderr); done {
		return code
	}
	if fs.NArg() < 2 {
		return flagError(stderr, "report compare", fmt.Errorf("want at least two conformance.json files, got %d", fs.NArg()))
	}
	html := false
	switch ext := strings.ToLower(filepath.Ext(*out)); {
	case *out == "" || ext == ".md":
	case ext == ".html" || ext == ".htm":
		html = true
	default:
		return flagError(stderr, "report compare", fmt.Errorf("-o %s: the file name must end in .md or .html", *out))
	}
	var in []compare.Input
	for _, name := range fs.Args() {
		data, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintf(stderr, "imconform report compare: %s cannot be read (%v); pass the conformance.json a run wrote\n", name, unwrapPath(err))
			return 1
		}
		run, err := results.Parse(data, name)
		if err != nil {
			fmt.Fprintf(stderr, "imconform report compare: %v\n", err)
			return 1
		}
		in = append(in, compare.Input{Name: columnName(name, fs.Args()), Run: run})
	}
	var data []byte
	if html {
		var err error
		if data, err = compare.HTML(in); err != nil {
			fmt.Fprintf(stderr, "imconform report compare: %v\n", err)
			return 1
		}
	} else {
		data = compare.Markdown(in)
	}
	if *out == "" {
		stdout.Write(data)
		return 0
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		fmt.Fprintf(stderr, "imconform report compare: -o %s cannot be written (%v); pick a writable path\n", *out, unwrapPath(err))
		return 1
	}
	fmt.Fprintf(stdout, "wrote %s\n", *out)
	return 0
}

// columnName is the shortest distinguishing name of a file among all:
// its parent folder when every file is called conformance.json.
func columnName(name string, all []string) string {
	base := filepath.Base(name)
	n := 0
	for _, a := range all {
		if filepath.Base(a) == base {
			n++
		}
	}
	if n > 1 {
		return filepath.Base(filepath.Dir(name)) + "/" + base
	}
	return base
}
