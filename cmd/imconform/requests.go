package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/imconform/imconform/reports"
)

func init() {
	commands["requests"] = command{summary: "HTTP requests a run spent per catalogue row, from its report.json", run: requestsCmd}
}

func requestsCmd(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("requests")
	byCost := fs.Bool("by-cost", false, "list the costliest rows first")
	if code, done := parseFlags(fs, args, "usage: imconform requests [--by-cost] [REPORT.json]   (default reports/out/report.json)", stdout, stderr); done {
		return code
	}
	if fs.NArg() > 1 {
		return flagError(stderr, "requests", fmt.Errorf("give one report file, not %d", fs.NArg()))
	}
	path := "reports/out/report.json"
	if fs.NArg() == 1 {
		path = fs.Arg(0)
	}
	rs, err := reports.ReadJSON(path)
	if err != nil {
		fmt.Fprintf(stderr, "imconform requests: %v\n", err)
		return 1
	}
	sp := reports.RequestsPerRow(rs)
	rows := sp.Rows
	if *byCost {
		rows = sp.SortedByRequests()
	}
	w := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "row\tspecs\trequests")
	for _, r := range append(rows, sp.Operations, sp.Sweep, sp.Other) {
		if r.Specs == 0 {
			continue
		}
		fmt.Fprintf(w, "%s\t%d\t%d\n", r.Row, r.Specs, r.Requests)
	}
	fmt.Fprintf(w, "total, %d rows\t\t%d\n", len(sp.Rows), sp.Total)
	w.Flush()
	avg, n := sp.Average()
	fmt.Fprintf(stdout, "average: %.2f requests per row over %d rows (rows labelled quota or ratelimit aside; the sweep and the rows on their other operations apart)\n", avg, n)
	return 0
}
