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

.PHONY: conformance test unit suite-serial suite-parallel standalone suite-reports report-consumers staging mutation plan lint tools

## conformance: run the suite against IMCONF_BASE_URL, or the embedded reference server when unset
conformance:
	$(GINKGO) run $(GINKGO_ARGS) $(SUITE)

## test: everything CI checks
test: lint unit suite-serial suite-parallel standalone suite-reports report-consumers staging mutation

## unit: unit tests of the harness, reports and tools, with the race detector
unit:
	$(GO) test -race -count=1 ./harness/... ./reports/... ./cmd/... ./specs/...

## suite-serial / suite-parallel: the whole suite against the embedded reference server
suite-serial:
	env -u IMCONF_BASE_URL -u IMCONF_CONFIG $(GINKGO) run $(if $(CI),--no-color) --race $(SUITE)

suite-parallel:
	env -u IMCONF_BASE_URL -u IMCONF_CONFIG $(GINKGO) run $(if $(CI),--no-color) -p $(SUITE)

## standalone: the suite against `imconform serve` in its own process, configured only by the environment
standalone:
	$(GO) test -count=1 ./suites/standalone/

## suite-reports: the report files of real runs: one wrong row, a filtered run, expected deviations, secrets
suite-reports:
	$(GO) test -count=1 ./suites/reporting/

## report-consumers: the reports of two real runs (passing, and with REPORT_FAULTS: 20 rows wrong and
## one more listed as an expected deviation in reports/browsertest/expectations.yaml) in
## real consumers: conformance.html in Debian's headless Chromium (offline; filter, search, collapse;
## the failing run's first screen), junit.xml in xunit-viewer; screenshots in reports/out/report-consumers/
BROWSERTEST   := reports/browsertest
CONSUMERS_OUT := $(CURDIR)/reports/out/report-consumers
REPORT_FAULTS ?= users.get.not-found:text,users.register.duplicate:status,users.delete.not-found:error-type,groups.get.not-found:no-description,chatrooms.get.not-found:non-json,groups.members.already-member:punctuation,chatrooms.members.already-member:status,groups.members.not-member:text,messages.empty-from:error-type,messages.bad-target-type:status,history.not-found:text,presence.sub-self:status,auth.token-expired:status,auth.token-corrupt:text,request.json-parse:status,token.invalid-grant:error-type,files.too-large:not-raised,http.method-not-allowed:status,groups.transfer.same-owner:text,users.register.missing-username:punctuation,users.password.missing-newpassword:status
report-consumers: /usr/bin/chromium $(BROWSERTEST)/node_modules/.installed
	rm -rf $(CONSUMERS_OUT) && mkdir -p $(CONSUMERS_OUT)
	@echo "report-consumers: a passing run and a run with 20 rows wrong (logs in $(CONSUMERS_OUT))"
	@env -u IMCONF_BASE_URL -u IMCONF_CONFIG -u IMCONF_REFERENCE_FAULT IMCONF_REPORT_DIR=$(CONSUMERS_OUT)/passing \
		$(GINKGO) run --no-color $(SUITE) >$(CONSUMERS_OUT)/passing.log 2>&1 & passing=$$!; \
	env -u IMCONF_BASE_URL -u IMCONF_CONFIG IMCONF_REFERENCE_FAULT='$(REPORT_FAULTS)' IMCONF_REPORT_DIR=$(CONSUMERS_OUT)/failing \
		IMCONF_EXPECTATIONS=$(CURDIR)/$(BROWSERTEST)/expectations.yaml \
		$(GINKGO) run --no-color $(SUITE) >$(CONSUMERS_OUT)/failing.log 2>&1; failing=$$?; \
	wait $$passing || { echo "report-consumers: the passing run failed, see $(CONSUMERS_OUT)/passing.log"; exit 1; }; \
	[ $$failing -ne 0 ] || { echo "report-consumers: the run with REPORT_FAULTS passed"; exit 1; }
	@cd $(BROWSERTEST) && { node check-junit.js $(CONSUMERS_OUT)/passing $(CONSUMERS_OUT)/failing & junit=$$!; \
		node check-html.js $(CONSUMERS_OUT)/passing $(CONSUMERS_OUT)/failing $(CONSUMERS_OUT)/screenshots; html=$$?; \
		wait $$junit && [ $$html -eq 0 ]; }

# Debian's Chromium, for a fresh machine (root, as CI runs); npm never downloads a browser.
/usr/bin/chromium:
	apt-get update && apt-get install -y chromium

$(BROWSERTEST)/node_modules/.installed: $(BROWSERTEST)/package.json $(BROWSERTEST)/package-lock.json
	cd $(BROWSERTEST) && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund
	touch $@

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
