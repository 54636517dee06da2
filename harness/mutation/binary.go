package mutation

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/imconform/imconform/harness/config"
	"github.com/imconform/imconform/harness/fault"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2/types"
)

// Build compiles the suite package (e.g. "./suites/conformance") of the
// module at root into a test binary in dir, once for the whole run.
func Build(ctx context.Context, root, suite, dir string) (string, error) {
	bin := filepath.Join(dir, filepath.Base(suite)+".test")
	cmd := exec.CommandContext(ctx, "go", "test", "-c", "-o", bin, suite)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building %s failed (%v): %s", suite, err, strings.TrimSpace(string(out)))
	}
	return bin, nil
}

// BinaryRunner runs a compiled suite binary, one process per run, each with
// its own embedded reference server.
type BinaryRunner struct {
	Binary string        // from Build
	Dir    string        // the suite package's folder: a test binary's working directory
	Limit  time.Duration // per run; a run that takes longer is an error
	// Edition is the wording the embedded reference answers in
	// (IMCONF_REFERENCE_EDITION); empty is its default, the document's.
	Edition string
}

// Run implements Runner.
func (b BinaryRunner) Run(ctx context.Context, fault *fault.Fault, labelFilter string) Execution {
	tmp, err := os.MkdirTemp("", "imconform-mutant-")
	if err != nil {
		return Execution{Err: err}
	}
	defer os.RemoveAll(tmp)
	reportFile := filepath.Join(tmp, "ginkgo.json")
	args := []string{"--ginkgo.no-color", "--ginkgo.json-report=" + reportFile, "--ginkgo.timeout=" + b.Limit.String()}
	if labelFilter != "" {
		args = append(args, "--ginkgo.label-filter="+labelFilter)
	}
	// Ginkgo's own timeout reports interrupted specs; the context is the
	// backstop for a process that does not stop.
	ctx, cancel := context.WithTimeout(ctx, b.Limit+30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, b.Binary, args...)
	cmd.Dir = b.Dir
	cmd.Env = childEnv(os.Environ(), tmp, fault)
	if b.Edition != "" {
		cmd.Env = append(cmd.Env, "IMCONF_REFERENCE_EDITION="+b.Edition)
	}
	cmd.WaitDelay = 5 * time.Second
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	runErr := cmd.Run()

	x := Execution{Output: out.String(), ExitCode: cmd.ProcessState.ExitCode()}
	var exit *exec.ExitError
	if (runErr != nil && !errors.As(runErr, &exit)) || ctx.Err() != nil {
		x.Err = errors.Join(runErr, ctx.Err())
		return x
	}
	data, err := os.ReadFile(reportFile)
	if err != nil {
		return x // no report: Judge says so, with the output
	}
	var reports []types.Report
	if err := json.Unmarshal(data, &reports); err != nil || len(reports) != 1 {
		x.Err = fmt.Errorf("reading the run's Ginkgo report: %v (%d reports)", err, len(reports))
		return x
	}
	x.Report = &reports[0]
	return x
}

// childEnv is the environment of one run: the caller's, without any IMCONF_
// setting (the run is always against the embedded reference server with its
// defaults, whatever target the caller has configured), plus a private
// report folder and the fault.
func childEnv(parent []string, reportDir string, fault *fault.Fault) []string {
	env := append(config.WithoutSettings(parent), "IMCONF_REPORT_DIR="+reportDir)
	if fault != nil {
		env = append(env, "IMCONF_REFERENCE_FAULT="+fault.String())
	}
	return env
}
