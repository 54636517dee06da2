package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/imconform/imconform/harness/client"
	"github.com/imconform/imconform/harness/config"
	"github.com/imconform/imconform/harness/janitor"
	"github.com/imconform/imconform/harness/ledger"
	"github.com/imconform/imconform/harness/redact"
	"github.com/imconform/imconform/harness/tokens"
)

func init() {
	commands["janitor"] = command{summary: "remove what runs left on the target (from a ledger, or by name prefix and age)", run: runJanitor}
}

func runJanitor(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("janitor")
	ledgerPath := fs.String("ledger", "", "clean the leftovers of this ledger (default: "+ledger.FileName+" in IMCONF_REPORT_DIR)")
	byPrefix := fs.Bool("prefix", false, "instead, list users, groups and chat rooms and remove those named as the suite names them, "+ledger.NamePrefix+"<run>-<process>-… (see --older-than)")
	olderThan := fs.Duration("older-than", time.Hour, "with --prefix: only remove what was created at least this long ago (0: any age)")
	dryRun := fs.Bool("dry-run", false, "list what would be removed, remove nothing")
	if code, done := parseFlags(fs, args, "usage: imconform janitor [--ledger FILE | --prefix [--older-than 1h]] [--dry-run]\n\nThe target and its credentials come from the IMCONF_* settings, as for the suite.", stdout, stderr); done {
		return code
	}
	if fs.NArg() > 0 {
		return flagError(stderr, "janitor", fmt.Errorf("unexpected argument %q", fs.Arg(0)))
	}
	if *byPrefix && *ledgerPath != "" {
		return flagError(stderr, "janitor", errors.New("--ledger and --prefix are two ways to clean; give one"))
	}
	if *olderThan < 0 {
		return flagError(stderr, "janitor", errors.New("--older-than must be 0 or more"))
	}
	cfg, err := config.Load()
	if err != nil {
		fmt.Fprintf(stderr, "imconform janitor: %v\n", err)
		return 2
	}
	if cfg.Embedded() {
		fmt.Fprintln(stderr, "imconform janitor: IMCONF_BASE_URL is not set; the embedded reference server keeps nothing after a run, so point IMCONF_BASE_URL (and its credentials) at the target to clean")
		return 2
	}
	redact.Register(cfg.Secrets()...)

	c := client.New(cfg.BaseURLTrimmed(), cfg.Org, cfg.App, cfg.Timeout)
	tc, err := cfg.ClientTLS()
	if err != nil {
		fmt.Fprintf(stderr, "imconform janitor: %v\n", err)
		return 2
	}
	c.SetTLS(tc)
	c.SetRate(cfg.RequestRate())
	target := ledger.Target{BaseURL: cfg.BaseURLTrimmed(), Org: cfg.Org, App: cfg.App}
	j := &janitor.Janitor{
		HTTP: c.HTTP(), Target: target, DryRun: *dryRun,
		Tokens: tokens.Credentials{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, AppToken: cfg.AppToken,
			AgoraAppID: cfg.AgoraAppID, AgoraCertificate: cfg.AgoraAppCertificate, AgoraTTL: cfg.AgoraTokenTTL}.Source(c.HTTP(), c.AppURL()),
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	var rep janitor.Report
	if *byPrefix {
		fmt.Fprintf(stdout, "imconform janitor: removing %s<run>-<process>-… users, groups and chat rooms older than %s from %s (App Key %s#%s)\n", ledger.NamePrefix, *olderThan, target.BaseURL, target.Org, target.App)
		rep = j.ByPrefix(ctx, *olderThan)
	} else {
		path := *ledgerPath
		if path == "" {
			dir, err := config.ReportFolder(cfg.ReportDir)
			if err != nil {
				fmt.Fprintf(stderr, "imconform janitor: %v\n", err)
				return 2
			}
			path = filepath.Join(dir, ledger.FileName)
		}
		entries, err := ledger.Read(path)
		if err != nil {
			fmt.Fprintf(stderr, "imconform janitor: cannot read the ledger (%v); give --ledger FILE (a run writes %s into its report folder) or use --prefix\n", err, ledger.FileName)
			return 2
		}
		if !*dryRun {
			if l, err := ledger.Open(path, "janitor", target); err == nil {
				j.Ledger = l
				defer l.Close()
			}
		}
		fmt.Fprintf(stdout, "imconform janitor: cleaning the leftovers of %s from %s (App Key %s#%s)\n", path, target.BaseURL, target.Org, target.App)
		rep = j.FromLedger(ctx, entries)
	}
	for _, n := range rep.Notes {
		fmt.Fprintf(stdout, "  note: %s\n", n)
	}
	for _, r := range rep.Results {
		fmt.Fprintf(stdout, "  %s\n", r)
	}
	fmt.Fprintf(stdout, "imconform janitor: %d removed, %d already gone, %d would be removed, %d skipped, %d refused, %d failed\n",
		rep.Count(janitor.Removed), rep.Count(janitor.AlreadyGone), rep.Count(janitor.WouldRemove), rep.Count(janitor.Skipped), rep.Count(janitor.Refused), rep.Count(janitor.Failed))
	if !rep.OK() {
		return 1
	}
	return 0
}
