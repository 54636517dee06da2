# imconform: `make conformance` runs the suite, `make test` tests the project.
# Everything runs through the Go toolchain; the ginkgo CLI is pinned in go.mod
# as a tool, so `go tool ginkgo` always matches the library.

GO          ?= go
GINKGO      := $(GO) tool ginkgo
SUITE       := ./suites/conformance
# LABELS filters specs by label, e.g. make conformance LABELS='users.get.not-found || auth.token-expired'
LABELS      ?=
# PARALLEL=1 runs specs in parallel processes (ginkgo -p).
PARALLEL    ?=
GINKGO_ARGS := $(if $(LABELS),--label-filter='$(LABELS)') $(if $(PARALLEL),-p) $(if $(CI),--no-color) $(GINKGO_FLAGS)

# The project's own tests run against their own servers, whatever target the
# user's shell has exported (as the README tells them to): every IMCONF_
# variable is removed, and their reports go to a folder of their own, so a
# real target's reports in reports/out are never overwritten.
TEST_REPORTS := reports/test-out
TEST_ENV     := env $(foreach v,$(filter IMCONF_%,$(.VARIABLES)),-u $(v)) IMCONF_REPORT_DIR=$(TEST_REPORTS)

.PHONY: conformance test unit suite-serial suite-parallel standalone suite-reports staging mutation plan lint tools

## conformance: run the suite against IMCONF_BASE_URL, or the embedded reference server when unset
conformance:
	$(GINKGO) run $(GINKGO_ARGS) $(SUITE)

## test: everything CI checks
test: lint unit suite-serial suite-parallel standalone suite-reports staging mutation

## unit: unit tests of the harness, reports and tools, with the race detector
unit:
	$(TEST_ENV) $(GO) test -race -count=1 ./harness/... ./reports/... ./cmd/... ./specs/...

## suite-serial / suite-parallel: the whole suite against the embedded reference server
suite-serial:
	$(TEST_ENV) $(GINKGO) run $(if $(CI),--no-color) --race $(SUITE)

suite-parallel:
	$(TEST_ENV) $(GINKGO) run $(if $(CI),--no-color) -p $(SUITE)

## standalone: the suite against `imconform serve` in its own process, configured only by the environment
standalone:
	$(TEST_ENV) $(GO) test -count=1 ./suites/standalone/

## suite-reports: the report files of real runs: one wrong row, a filtered run, expected deviations, secrets
suite-reports:
	$(TEST_ENV) $(GO) test -count=1 ./suites/reporting/

## mutation: prove every spec can fail: each row's specs against the reference server with one
## fault on that row, per fault kind; writes reports/test-out/mutation.json, ends with "mutation score: K/N"
mutation:
	$(TEST_ENV) $(GO) run ./cmd/imconform mutation --out $(TEST_REPORTS)/mutation.json
## staging: safety against shared targets: faults, SIGINT, SIGKILL + janitor, panics, secrets, 429 retries, guards
staging:
	$(TEST_ENV) $(GO) test -count=1 ./suites/staging/

## plan: list the specs that would run and the requests each sends, sending nothing
plan:
	$(GINKGO) run --dry-run -v $(GINKGO_ARGS) $(SUITE) | sed -n '/imconform plan:/,/ReportAfterSuite\] PASSED/p' | sed '$$d'

## lint: go vet and a gofmt check
lint:
	$(GO) vet ./...
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change: $$out (run gofmt -w)"; exit 1; fi
