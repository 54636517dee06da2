package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/imconform/imconform/harness/catalog"
	"github.com/imconform/imconform/harness/mutation"
)

func init() {
	commands["mutation"] = command{summary: "prove every spec can fail: run each row's specs against a reference server that gets the row wrong", run: mutate}
}

func mutate(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("mutation")
	suite := fs.String("suite", "./suites/conformance", "the suite package, relative to the module root")
	out := fs.String("out", "reports/out/mutation.json", "where the summary goes (relative paths: from the module root)")
	jobs := fs.Int("jobs", runtime.NumCPU(), "mutants run at once")
	rows := fs.String("rows", "", "comma-separated catalogue IDs to mutate (default: every row that has specs)")
	limit := fs.Duration("timeout", 10*time.Minute, "time limit of one run of the suite (the control runs all of it; a mutant one row)")
	verbose := fs.Bool("v", false, "print every mutant's verdict, not only the ones not killed")
	edition := fs.String("edition", catalog.EditionDocument, "the edition the embedded reference answers in: document (its default) or live")
	if code, done := parseFlags(fs, args, "usage: imconform mutation [flags]\n\nBuilds the suite once, runs it without a fault (the control), then runs each row's specs\nagainst the embedded reference server with one fault on that row, for every fault kind.", stdout, stderr); done {
		return code
	}
	switch {
	case fs.NArg() > 0:
		return flagError(stderr, "mutation", fmt.Errorf("unexpected argument %q", fs.Arg(0)))
	case *jobs < 1:
		return flagError(stderr, "mutation", fmt.Errorf("--jobs=%d: give at least 1", *jobs))
	case *limit <= 0:
		return flagError(stderr, "mutation", fmt.Errorf("--timeout=%s: give a positive duration such as 10m", *limit))
	case catalog.CheckEdition(*edition) != nil:
		return flagError(stderr, "mutation", fmt.Errorf("--edition: %v", catalog.CheckEdition(*edition)))
	}
	var rowList []string
	for _, r := range strings.Split(*rows, ",") {
		if r = strings.TrimSpace(r); r == "" {
			continue
		}
		if _, ok := catalog.Get(r); !ok {
			return flagError(stderr, "mutation", fmt.Errorf("--rows: %q is not a catalogue ID (see harness/catalog/catalog.tsv)", r))
		}
		rowList = append(rowList, r)
	}

	root, err := moduleRoot()
	if err != nil {
		fmt.Fprintf(stderr, "imconform mutation: %v; run it inside the imconform repository\n", err)
		return 2
	}
	outPath := *out
	if !filepath.IsAbs(outPath) {
		outPath = filepath.Join(root, outPath)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	tmp, err := os.MkdirTemp("", "imconform-mutation-")
	if err != nil {
		fmt.Fprintf(stderr, "imconform mutation: %v\n", err)
		return 1
	}
	defer os.RemoveAll(tmp)
	fmt.Fprintf(stdout, "building %s\n", *suite)
	bin, err := mutation.Build(ctx, root, *suite, tmp)
	if err != nil {
		fmt.Fprintf(stderr, "imconform mutation: %v\n", err)
		return 1
	}
	runner := mutation.BinaryRunner{Binary: bin, Dir: filepath.Join(root, *suite), Limit: *limit, Edition: *edition}
	opts := mutation.Options{Rows: rowList, Jobs: *jobs, Progress: func(r mutation.Result) {
		if *verbose || r.Verdict != mutation.Killed {
			fmt.Fprintf(stdout, "%-8s %s:%s  %s\n", r.Verdict, r.ID, r.Mutation, r.Detail)
		}
	}}
	fmt.Fprintf(stdout, "running the control (the whole suite, no fault), then every mutant\n")
	sum, err := mutation.Run(ctx, runner, opts)
	if err != nil {
		fmt.Fprintf(stderr, "imconform mutation: %v\n", err)
		return 2
	}
	if err := writeSummary(outPath, sum); err != nil {
		fmt.Fprintf(stderr, "imconform mutation: %v; point --out at a writable path\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "control: %s\n", sum.Control)
	printNotApplicable(stdout, sum.NotApplicable)
	if sum.ControlPassed {
		fmt.Fprintf(stdout, "%d rows with specs x %d fault kinds: %d mutants, %d pairs not applicable (listed with reasons in %s); %d survived, %d errors; %.1fs on %d jobs\n",
			len(sum.Rows), len(sum.Kinds), sum.Total, len(sum.NotApplicable), outPath, len(sum.Survived), len(sum.Errors), sum.DurationSeconds, sum.Jobs)
	}
	fmt.Fprintln(stdout, sum.Score())
	if !sum.OK() {
		return 1
	}
	return 0
}

// printNotApplicable prints one line per row and reason: the kinds left out.
func printNotApplicable(w io.Writer, entries []mutation.Entry) {
	type key struct{ id, reason string }
	var order []key
	kinds := map[key][]string{}
	for _, e := range entries {
		k := key{e.ID, e.Detail}
		if kinds[k] == nil {
			order = append(order, k)
		}
		kinds[k] = append(kinds[k], e.Mutation)
	}
	for _, k := range order {
		fmt.Fprintf(w, "not applicable: %s %s: %s\n", k.id, strings.Join(kinds[k], ","), k.reason)
	}
}

func writeSummary(path string, sum mutation.Summary) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	data, err := json.MarshalIndent(sum, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}

// moduleRoot is the folder holding go.mod, from the working directory up.
func moduleRoot() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no go.mod in %s or above", wd)
		}
	}
}
