package main

import (
	"fmt"
	"io"
	"os"

	"github.com/imconform/imconform/harness/config"
	"github.com/imconform/imconform/harness/framework"
	"github.com/imconform/imconform/reports"
)

func init() {
	commands["plan"] = command{summary: "the requests a run would send, per spec, measured against the embedded reference", run: planCmd}
}

const planUsage = `usage: imconform plan [--label-filter FILTER]

Runs the selected specs against the embedded reference server (the same code
path as against any target) and lists, per spec, the requests it sent; then
the total, the configured rate and the resulting minimum wall time, and the
specs a guard would skip against the configured target (IMCONF_* / IMCONF_CONFIG).
Specs the target's profile makes skip (an undeclared limit) are not known until
the real run.`

func planCmd(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("plan")
	filter := fs.String("label-filter", "", "the Ginkgo label filter of the run to plan")
	if code, done := parseFlags(fs, args, planUsage, stdout, stderr); done {
		return code
	}
	if fs.NArg() > 0 {
		return flagError(stderr, "plan", fmt.Errorf("unexpected argument %q", fs.Arg(0)))
	}
	cfg, err := config.Load()
	if err != nil {
		fmt.Fprintf(stderr, "imconform plan: %v\n", err)
		return 2
	}
	target, err := framework.GuardTarget(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "imconform plan: %v\n", err)
		return 2
	}
	dir, err := os.MkdirTemp("", "imconform-plan-")
	if err != nil {
		fmt.Fprintf(stderr, "imconform plan: %v\n", err)
		return 1
	}
	defer os.RemoveAll(dir)
	path, err := runSuiteEmbedded(dir, *filter)
	if err != nil {
		fmt.Fprintf(stderr, "imconform plan: %v\n", err)
		return 1
	}
	rs, err := reports.ReadJSON(path)
	if err != nil {
		fmt.Fprintf(stderr, "imconform plan: %v\n", err)
		return 1
	}
	framework.WritePlan(stdout, target, framework.Plan(target, rs[0].SpecReports))
	return 0
}
