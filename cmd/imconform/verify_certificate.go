package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/imconform/imconform/reports/certificate"
)

func init() {
	commands["verify-certificate"] = command{summary: "check a certificate.json: seal, catalogue digest, verdicts vs result", run: verifyCertificate}
}

// verifyCertificate exits 0 and prints what the certificate claims when it
// holds, non-zero with a one-line reason when it does not.
func verifyCertificate(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("verify-certificate")
	if code, done := parseFlags(fs, args, "usage: imconform verify-certificate FILE\n\nChecks that FILE is unchanged since the run wrote it, was made with this\nimconform's catalogue, lists every catalogue row, and that its verdicts\nsupport the result it claims.", stdout, stderr); done {
		return code
	}
	if fs.NArg() != 1 {
		return flagError(stderr, "verify-certificate", fmt.Errorf("want one FILE, got %d arguments", fs.NArg()))
	}
	name := fs.Arg(0)
	data, err := os.ReadFile(name)
	if err != nil {
		fmt.Fprintf(stderr, "imconform verify-certificate: %s cannot be read (%v); pass the certificate.json a complete run wrote\n", name, unwrapPath(err))
		return 1
	}
	c, err := certificate.Verify(data, name)
	if err != nil {
		fmt.Fprintf(stderr, "imconform verify-certificate: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "%s holds: %s for %s (%s#%s), suite %s, %d rows, issued %s\n",
		name, c.Result, c.Target.BaseURL, c.Target.Org, c.Target.App, c.Suite, len(c.Rows), c.Issued)
	return 0
}

// unwrapPath drops the path from a file error; messages name the file already.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
