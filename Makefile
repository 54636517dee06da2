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

.PHONY: conformance test unit suite-serial suite-parallel standalone suite-reports staging mutation plan lint coverage coverage-check tools serve-load dist fuzz soak report-consumers suite-editions sdk-deps sdk-contract

## conformance: run the suite against IMCONF_BASE_URL, or the embedded reference server when unset
conformance:
	$(GINKGO) run $(GINKGO_ARGS) $(SUITE)

## test: everything CI checks
test: lint unit suite-serial suite-parallel suite-editions coverage-check standalone sdk-contract suite-reports report-consumers staging mutation

## unit: unit tests of the harness, reports and tools, with the race detector
unit:
	$(TEST_ENV) $(GO) test -race -count=1 ./harness/... ./reports/... ./cmd/... ./specs/...

## suite-serial / suite-parallel: the whole suite against the embedded reference server
suite-serial:
	$(TEST_ENV) $(GINKGO) run $(if $(CI),--no-color) --race $(SUITE)

suite-parallel:
	$(TEST_ENV) $(GINKGO) run $(if $(CI),--no-color) -p $(SUITE)

## suite-editions: the suite against the embedded reference in each edition, in strict mode for
## that edition (each live wording is one of its row's accepted wordings, so a strict pass is also
## a pass in the default mode, which accepts every known wording)
suite-editions:
	$(TEST_ENV) IMCONF_STRICT=document $(GINKGO) run $(if $(CI),--no-color) $(SUITE)
	$(TEST_ENV) IMCONF_REFERENCE_EDITION=live IMCONF_STRICT=live $(GINKGO) run $(if $(CI),--no-color) $(SUITE)

## sdk-deps: install the pinned official web SDK (suites/sdkcontract/package-lock.json) from the npm registry
sdk-deps:
	cd suites/sdkcontract && npm ci --ignore-scripts --no-audit --no-fund

## sdk-contract: the official web SDK, in Node, against `imconform serve` on loopback
sdk-contract: sdk-deps
	$(TEST_ENV) $(GO) test -count=1 ./suites/sdkcontract/

## standalone: the suite against `imconform serve` in its own process, configured only by the environment;
## and the host platform's `make dist` binaries, run from a temporary folder, without Go
standalone:
	$(TEST_ENV) $(GO) test -count=1 ./suites/standalone/

## suite-reports: the report files of real runs: one wrong row, a filtered run, expected deviations, secrets
suite-reports:
	$(TEST_ENV) $(GO) test -count=1 ./suites/reporting/

## report-consumers: the reports of two real runs (passing, and with REPORT_FAULTS: 20 rows wrong and
## one more listed as an expected deviation in reports/browsertest/expectations.yaml) in
## real consumers: conformance.html in Debian's headless Chromium (offline; filter, search, collapse;
## the failing run's first screen), junit.xml in xunit-viewer; screenshots in reports/out/report-consumers/
BROWSERTEST   := reports/browsertest
CONSUMERS_OUT := $(CURDIR)/reports/out/report-consumers
REPORT_FAULTS ?= users.get.not-found:text,users.register.duplicate:status,users.delete.not-found:error-type,groups.get.not-found:no-description,chatrooms.get.not-found:non-json,groups.members.already-member:punctuation,chatrooms.members.already-member:status,groups.members.not-member:text,messages.empty-from:error-type,messages.bad-target-type:status,history.not-found:text,presence.sub-self:status,auth.token-unknown:status,auth.token-corrupt:text,request.json-parse:status,token.invalid-grant:error-type,files.too-large:not-raised,http.method-not-allowed:status,groups.transfer.same-owner:text,users.register.missing-username:punctuation,users.password.missing-newpassword:status
report-consumers: /usr/bin/chromium $(BROWSERTEST)/node_modules/.package-lock.json
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

# npm ci writes node_modules/.package-lock.json: it stands for the installed packages.
$(BROWSERTEST)/node_modules/.package-lock.json: $(BROWSERTEST)/package.json $(BROWSERTEST)/package-lock.json
	cd $(BROWSERTEST) && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund
	touch $@

## mutation: prove every spec can fail: each row's specs against the reference server with one
## fault on that row, per fault kind; writes reports/test-out/mutation.json, ends with "mutation score: K/N"
mutation:
	$(TEST_ENV) $(GO) run ./cmd/imconform mutation --out $(TEST_REPORTS)/mutation.json
## staging: safety against shared targets: faults, SIGINT, SIGKILL + janitor, panics, secrets, 429 retries, guards
staging:
	$(TEST_ENV) $(GO) test -count=1 -timeout=25m ./suites/staging/

## serve-load: the scripted comparison of serve's limits under a client's load test (16 clients, 8 s per
## configuration, loopback): the share of 429 and of successes with the default limits and with --rate-limits=off
serve-load:
	IMCONF_SERVE_LOAD=8s $(GO) test -count=1 -run TestServeUnderLoad -v ./cmd/imconform

## fuzz: every fuzz target for FUZZTIME each (default 20s), one after another; the list is in scripts/fuzz.sh.
## Not part of test: `make test` replays the checked-in corpora (testdata/fuzz/) as ordinary tests.
FUZZTIME    ?= 20s
fuzz:
	FUZZTIME=$(FUZZTIME) GO=$(GO) ./scripts/fuzz.sh

## soak: SOAK_CLIENTS (16) clients against the reference server for SOAK_TIME (60s) or SOAK_REQUESTS
## (1000000), race detector on; reports throughput, latency, errors and heap. Not part of test.
SOAK_TIME   ?= 60s
soak:
	IMCONF_SOAK=1 SOAK_TIME=$(SOAK_TIME) $(GO) test -race -count=1 -v -timeout=75m -run '^TestSoak$$' ./suites/soak/

## dist: imconform (serve, janitor, report tools) and the compiled suite for every DIST_PLATFORMS
## (os/arch) into DIST_DIR, with SHA256SUMS; no Go needed to run them (README, Without Go)
DIST_DIR       ?= dist
DIST_PLATFORMS ?= linux/amd64 linux/arm64 darwin/amd64 darwin/arm64
dist:
	@mkdir -p $(DIST_DIR)
	@set -e; for p in $(DIST_PLATFORMS); do \
		os=$${p%/*}; arch=$${p#*/}; \
		echo "building imconform and the suite for $$os/$$arch"; \
		CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch $(GO) build -trimpath -o $(DIST_DIR)/imconform-$$os-$$arch ./cmd/imconform; \
		CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch $(GO) test -c -trimpath -o $(DIST_DIR)/imconform-suite-$$os-$$arch $(SUITE); \
	done
	@cd $(DIST_DIR) && rm -f SHA256SUMS && files=$$(ls imconform-* | sort) && \
		if command -v sha256sum >/dev/null; then sha256sum $$files; else shasum -a 256 $$files; fi > SHA256SUMS
	@echo "wrote $(DIST_DIR)/ and $(DIST_DIR)/SHA256SUMS"

## plan: the requests each selected spec sends, measured against the embedded reference; the guards of the configured target
plan:
	$(GO) run ./cmd/imconform plan $(if $(LABELS),--label-filter='$(LABELS)')

## coverage: write docs/coverage.md (rows with a spec, operations exercised and implemented) from a run against the embedded reference
coverage:
	$(GO) run ./cmd/imconform coverage

## coverage-check: fail when docs/coverage.md is stale
coverage-check:
	$(GO) run ./cmd/imconform coverage --check

## lint: go vet, staticcheck (pinned in go.mod as a tool), go mod tidy -diff and a gofmt check
lint:
	$(GO) vet ./...
	$(GO) tool staticcheck ./...
	$(GO) mod tidy -diff
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change: $$out (run gofmt -w)"; exit 1; fi
