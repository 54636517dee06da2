#!/usr/bin/env bash
# Runs every fuzz target for FUZZTIME (default 20s), one after another (go
# test -fuzz takes one target per run), with one fuzzing worker so the
# machine stays usable. A failing input is written by go test to the
# package's testdata/fuzz/<Target>/: fix the bug and commit the input, and
# `make test` replays it from then on. Ends with executions per target.
set -uo pipefail

FUZZTIME=${FUZZTIME:-20s}
# Each input that finds new code is minimized before fuzzing goes on; with
# go test's default (60s) one large seed (a certificate, a conformance.json)
# takes a whole run.
FUZZMINIMIZETIME=${FUZZMINIMIZETIME:-2s}
GO=${GO:-go}

# The fuzz targets, package:Target. A new Fuzz function goes here too (the
# check below fails the run until it does).
targets=(
	./harness/matchers:FuzzBeDocumentedError
	./harness/refserver:FuzzCheckJSON
	./harness/refserver:FuzzServeHTTP
	./harness/config:FuzzLoadFile
	./harness/config:FuzzLoadEnv
	./harness/ledger:FuzzRead
	./harness/expectations:FuzzParse
	./reports/certificate:FuzzVerify
	./reports/certificate:FuzzVerifyResealed
	./reports/results:FuzzParse
)

cd "$(dirname "$0")/.."

listed=$(printf '%s\n' "${targets[@]}" | sort)
found=$(grep -rHo --include='*_test.go' '^func Fuzz[A-Za-z0-9_]*' harness reports cmd specs suites 2>/dev/null |
	sed -E 's|^(.*)/[^/]*_test\.go:func (Fuzz.*)$|./\1:\2|' | sort)
if [ "$listed" != "$found" ]; then
	echo "scripts/fuzz.sh: the target list and the Fuzz functions differ; add or remove these in scripts/fuzz.sh:" >&2
	diff <(echo "$listed") <(echo "$found") | grep '^[<>]' >&2
	exit 2
fi

summary=()
failed=0
for t in "${targets[@]}"; do
	pkg=${t%%:*} name=${t##*:}
	echo "== $name ($pkg) for $FUZZTIME"
	log=$(mktemp)
	corpus="$pkg/testdata/fuzz/$name"
	before=$(ls "$corpus" 2>/dev/null | wc -l)
	$GO test "$pkg" -run='^$' -fuzz="^${name}\$" -fuzztime="$FUZZTIME" -fuzzminimizetime="$FUZZMINIMIZETIME" -parallel=1 2>&1 | tee "$log"
	status=${PIPESTATUS[0]}
	after=$(ls "$corpus" 2>/dev/null | wc -l)
	execs=$(grep -o 'execs: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
	verdict=ok
	if [ "$status" -ne 0 ]; then
		# Go's coordinator can fail a target at the -fuzztime deadline with a
		# bare "context deadline exceeded" and no input (go.dev/issue/75804,
		# fixed in Go 1.27): not a finding. Anything else, or a new input
		# in the corpus, is one.
		if [ "$after" -eq "$before" ] && grep -q '^    context deadline exceeded$' "$log" && ! grep -q 'Failing input written' "$log"; then
			verdict="ok (stopped by go.dev/issue/75804 at the deadline, no failing input)"
		else
			verdict="FAILED (see $corpus)"
			failed=1
		fi
	fi
	rm -f "$log"
	summary+=("$(printf '%-24s %-24s %10s execs  %s' "$name" "$pkg" "${execs:-0}" "$verdict")")
done

echo
echo "fuzz summary ($FUZZTIME per target):"
printf '%s\n' "${summary[@]}"
exit $failed
