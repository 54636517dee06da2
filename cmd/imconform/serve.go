package main

import (
	"context"
	"fmt"
	"github.com/imconform/imconform/harness/fault"
	"io"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/imconform/imconform/harness/agoratoken"
	"github.com/imconform/imconform/harness/profile"
	"github.com/imconform/imconform/harness/refserver"
)

func init() {
	commands["serve"] = command{summary: "run the reference server standalone", run: serve}
}

func serve(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("serve")
	addr := fs.String("addr", "127.0.0.1:8080", "listen address (host:port)")
	org := fs.String("org", "imconform", "org name of the app")
	app := fs.String("app", "reference", "app name of the app")
	clientID := fs.String("client-id", "", "client ID (default: generated)")
	clientSecret := fs.String("client-secret", "", "client secret (default: generated)")
	open := fs.Bool("open-registration", false, "let anyone register users without a token")
	faultFlag := fs.String("fault", os.Getenv("IMCONF_REFERENCE_FAULT"), fmt.Sprintf("get one row wrong: ROW-ID:KIND (kinds: %v); env IMCONF_REFERENCE_FAULT", fault.Kinds))
	answers := answerFlag{}
	fs.Var(answers, "answer", "answer PATH (e.g. /imconform/reference/users) with STATUS, one of 501 502 503 504, which a client cannot provoke: PATH=STATUS, repeatable")
	agoraAppID := fs.String("agora-app-id", "", "accept Agora Chat app tokens built with this App ID (32 hex characters)")
	agoraCert := fs.String("agora-app-certificate", "", "... and this App Certificate")
	limits := addLimitFlags(fs)
	disable := fs.String("disable", "", fmt.Sprintf("comma-separated services to switch off, so their \"not open\" rows answer (known: %s); declared absent in the printed profile", strings.Join(profile.Services, ",")))
	if code, done := parseFlags(fs, args, "usage: imconform serve [flags]", stdout, stderr); done {
		return code
	}
	if fs.NArg() > 0 {
		return flagError(stderr, "serve", fmt.Errorf("unexpected argument %q", fs.Arg(0)))
	}
	opts := refserver.Options{Org: *org, App: *app, ClientID: *clientID, ClientSecret: *clientSecret, OpenRegistration: *open,
		Answers: answers, AgoraAppID: *agoraAppID, AgoraAppCertificate: *agoraCert}
	for _, d := range strings.Split(*disable, ",") {
		if d = strings.TrimSpace(d); d != "" {
			opts.Disabled = append(opts.Disabled, d)
		}
	}
	if err := refserver.CheckDisabled(opts.Disabled); err != nil {
		return flagError(stderr, "serve", fmt.Errorf("--disable: %v", err))
	}
	if (*agoraAppID == "") != (*agoraCert == "") || (*agoraAppID != "" && (!agoratoken.CheckID(*agoraAppID) || !agoratoken.CheckID(*agoraCert))) {
		return flagError(stderr, "serve", fmt.Errorf("--agora-app-id and --agora-app-certificate go together, each 32 hexadecimal characters"))
	}
	declared, err := limits.profile()
	if err != nil {
		return flagError(stderr, "serve", err)
	}
	opts.Limits = &declared
	if opts.ClientID == "" || opts.ClientSecret == "" {
		id, secret := refserver.GenerateCredentials()
		if opts.ClientID == "" {
			opts.ClientID = id
		}
		if opts.ClientSecret == "" {
			opts.ClientSecret = secret
		}
	}
	if *faultFlag != "" {
		f, err := fault.Parse(*faultFlag)
		if err == nil {
			err = f.Check()
		}
		if err != nil {
			return flagError(stderr, "serve", fmt.Errorf("--fault %s: %v", *faultFlag, err))
		}
		opts.Fault = f
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "imconform serve: cannot listen on %s (%v); pick another --addr\n", *addr, err)
		return 1
	}
	base := "http://" + ln.Addr().String()
	// Printed on purpose: these are generated credentials of a local test
	// server, and the person who started it needs them to point the suite at it.
	fmt.Fprintf(stdout, "imconform reference server listening on %s\n", base)
	ref := refserver.New(opts)
	srv := ref.HTTPServer()
	// A local reference server is there to be tested whole and fast: the
	// export line allows the costly rows and lifts the courtesy rate limit.
	fmt.Fprintf(stdout, "export IMCONF_BASE_URL=%s IMCONF_ORG=%s IMCONF_APP=%s IMCONF_CLIENT_ID=%s IMCONF_CLIENT_SECRET=%s IMCONF_ALLOW_COSTLY=true IMCONF_RATE=unlimited %s\n",
		base, opts.Org, opts.App, opts.ClientID, opts.ClientSecret, strings.Join(ref.Limits().Env(), " "))
	if opts.Fault != nil {
		fmt.Fprintf(stdout, "fault injected: %s\n", opts.Fault)
	}
	for _, path := range answers.paths() {
		fmt.Fprintf(stdout, "answering %s with %d\n", path, answers[path])
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		fmt.Fprintf(stderr, "imconform serve: %v\n", err)
		return 1
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		fmt.Fprintf(stderr, "imconform serve: shutdown: %v\n", err)
		return 1
	}
	fmt.Fprintln(stdout, "imconform reference server stopped")
	return 0
}
