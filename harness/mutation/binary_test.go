package mutation

import (
	"context"
	"github.com/imconform/imconform/harness/fault"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fakeSuite writes a shell script standing in for the compiled suite: it
// prints the fault and label filter it got, writes report (if any) where
// --ginkgo.json-report says, and exits with exit.
func fakeSuite(t *testing.T, report string, exit string) string {
	t.Helper()
	script := `#!/bin/sh
for a in "$@"; do
  case "$a" in
    --ginkgo.json-report=*) out="${a#--ginkgo.json-report=}" ;;
    --ginkgo.label-filter=*) echo "filter ${a#--ginkgo.label-filter=}" ;;
  esac
done
echo "fault $IMCONF_REFERENCE_FAULT base ${IMCONF_BASE_URL:-none}"
if [ -n '` + report + `' ]; then printf '%s' '` + report + `' > "$out"; fi
exit ` + exit + "\n"
	path := filepath.Join(t.TempDir(), "suite.test")
	if err := os.WriteFile(path, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestBinaryRunnerReadsTheReportAndExitCode(t *testing.T) {
	t.Setenv("IMCONF_BASE_URL", "https://example.invalid")
	report := `[{"SuiteSucceeded":false,"SpecReports":[{"LeafNodeType":"It","LeafNodeLabels":["users.get.not-found"],"State":"failed","Failure":{"Message":"Expected documented error users.get.not-found: ..."}}]}]`
	r := BinaryRunner{Binary: fakeSuite(t, report, "1"), Dir: t.TempDir(), Limit: time.Minute}
	x := r.Run(context.Background(), &fault.Fault{ID: row, Kind: fault.Text}, row)
	if x.Err != nil || x.ExitCode != 1 || x.Report == nil || len(x.Report.SpecReports) != 1 {
		t.Fatalf("Run = err %v exit %d report %v; want exit 1 and the report", x.Err, x.ExitCode, x.Report)
	}
	for _, want := range []string{"filter " + row, "fault " + row + ":text base none"} {
		if !strings.Contains(x.Output, want) {
			t.Errorf("output %q lacks %q", x.Output, want)
		}
	}
	if v, _ := Judge(Mutant{Row: row, Kind: fault.Text}, x); v != Killed {
		t.Errorf("verdict %s; want killed", v)
	}
}

func TestBinaryRunnerWithoutReport(t *testing.T) {
	r := BinaryRunner{Binary: fakeSuite(t, "", "2"), Dir: t.TempDir(), Limit: time.Minute}
	x := r.Run(context.Background(), nil, "")
	if x.Err != nil || x.ExitCode != 2 || x.Report != nil {
		t.Errorf("Run = err %v exit %d report %v; want exit 2 and no report", x.Err, x.ExitCode, x.Report)
	}
}

func TestBinaryRunnerMissingBinary(t *testing.T) {
	r := BinaryRunner{Binary: filepath.Join(t.TempDir(), "absent.test"), Dir: t.TempDir(), Limit: time.Minute}
	if x := r.Run(context.Background(), nil, ""); x.Err == nil {
		t.Errorf("Run of a missing binary: no error")
	}
}

func TestBinaryRunnerCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := BinaryRunner{Binary: fakeSuite(t, "", "0"), Dir: t.TempDir(), Limit: time.Minute}
	if x := r.Run(ctx, nil, ""); x.Err == nil {
		t.Errorf("Run after cancel: no error")
	}
}
