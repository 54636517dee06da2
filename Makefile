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

.PHONY: conformance test unit suite-serial suite-parallel suite-editions standalone sdk-deps sdk-contract suite-reports staging mutation plan lint tools

## conformance: run the suite against IMCONF_BASE_URL, or the embedded reference server when unset
conformance:
	$(GINKGO) run $(GINKGO_ARGS) $(SUITE)

## test: everything CI checks
test: lint unit suite-serial suite-parallel suite-editions standalone sdk-contract suite-reports staging mutation

## unit: unit tests of the harness, reports and tools, with the race detector
unit:
	$(GO) test -race -count=1 ./harness/... ./reports/... ./cmd/... ./specs/...

## suite-serial / suite-parallel: the whole suite against the embedded reference server
suite-serial:
	env -u IMCONF_BASE_URL -u IMCONF_CONFIG $(GINKGO) run $(if $(CI),--no-color) --race $(SUITE)

suite-parallel:
	env -u IMCONF_BASE_URL -u IMCONF_CONFIG $(GINKGO) run $(if $(CI),--no-color) -p $(SUITE)

## suite-editions: the suite against the embedded reference in each edition, in strict mode for
## that edition (each live wording is one of its row's accepted wordings, so a strict pass is also
## a pass in the default mode, which accepts every known wording)
suite-editions:
	env -u IMCONF_BASE_URL -u IMCONF_CONFIG IMCONF_STRICT=document $(GINKGO) run $(if $(CI),--no-color) $(SUITE)
	env -u IMCONF_BASE_URL -u IMCONF_CONFIG IMCONF_REFERENCE_EDITION=live IMCONF_STRICT=live $(GINKGO) run $(if $(CI),--no-color) $(SUITE)

## sdk-deps: install the pinned official web SDK (suites/sdkcontract/package-lock.json) from the npm registry
sdk-deps:
	cd suites/sdkcontract && npm ci --ignore-scripts --no-audit --no-fund

## sdk-contract: the official web SDK, in Node, against `imconform serve` on loopback
sdk-contract: sdk-deps
	$(GO) test -count=1 ./suites/sdkcontract/

## standalone: the suite against `imconform serve` in its own process, configured only by the environment
standalone:
	$(GO) test -count=1 ./suites/standalone/

## suite-reports: the report files of real runs: one wrong row, a filtered run, expected deviations, secrets
suite-reports:
	$(GO) test -count=1 ./suites/reporting/

## mutation: prove every spec can fail: each row's specs against the reference server with one
## fault on that row, per fault kind; writes reports/out/mutation.json, ends with "mutation score: K/N"
mutation:
	$(GO) run ./cmd/imconform mutation
## staging: safety against shared targets: faults, SIGINT, SIGKILL + janitor, panics, secrets, 429 retries, guards
staging:
	$(GO) test -count=1 ./suites/staging/

## plan: list the specs that would run and the requests each sends, sending nothing
plan:
	$(GINKGO) run --dry-run -v $(GINKGO_ARGS) $(SUITE) | sed -n '/imconform plan:/,/ReportAfterSuite\] PASSED/p' | sed '$$d'

## lint: go vet and a gofmt check
lint:
	$(GO) vet ./...
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change: $$out (run gofmt -w)"; exit 1; fi
