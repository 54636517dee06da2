#!/usr/bin/env bash
# Request economy, before and after: runs the suite of two commits against
# one `imconform serve` (document edition, loopback) at IMCONF_RATE (default
# 5 per second, as against a metered target), on the same specs, and reports
# each run's requests, requests per row and wall time, and the ratios.
#
#   scripts/economy.sh [BEFORE [AFTER]]   (defaults: 139624a, the 57-row suite, and HEAD)
#
# Both runs are whole runs less the rows that spend what their limit takes
# (labels quota and ratelimit) and the sweep (one request per documented
# operation, not a row's cost); LABELS overrides the filter. The figure
# compared is requests per row, fixtures and cleanup included, since the two
# commits check different numbers of rows; a row's checks on other
# operations are counted apart, as `imconform requests` does. Nothing but loopback is contacted.
set -euo pipefail
cd "$(dirname "$0")/.."
BEFORE=${1:-139624a}
AFTER=${2:-HEAD}
RATE=${IMCONF_RATE:-5}
GO=${GO:-go}
work=$(mktemp -d)
trap 'kill $serve_pid 2>/dev/null || true; git worktree remove --force "$work/before" >/dev/null 2>&1 || true; git worktree remove --force "$work/after" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

LABELS=${LABELS:-!quota && !ratelimit && !sweep}

$GO build -o "$work/imconform" ./cmd/imconform
"$work/imconform" serve --edition document --addr 127.0.0.1:0 >"$work/serve.out" 2>&1 &
serve_pid=$!
for _ in $(seq 50); do grep -q '^export ' "$work/serve.out" && break; sleep 0.1; done
settings=$(grep '^export ' "$work/serve.out" | sed 's/^export //; s/IMCONF_RATE=[^ ]*//')

run() { # name commit
	local name=$1 commit=$2 dir="$work/$1"
	git worktree add -q --detach "$dir" "$commit"
	[ -d ../shared ] && ln -sfn "$(cd ../shared && pwd)" "$work/shared"
	(cd "$dir" && $GO test -c -o "$work/$name.test" ./suites/conformance)
	local start end
	start=$(date +%s.%N)
	(cd "$dir/suites/conformance" && env $(env | grep -o '^IMCONF_[A-Z_]*' | sed 's/^/-u /') $settings IMCONF_RATE="$RATE" \
		IMCONF_REPORT_DIR="$work/$name-reports" "$work/$name.test" -ginkgo.no-color -ginkgo.label-filter="$LABELS" >"$work/$name.log" 2>&1) || true
	end=$(date +%s.%N)
	local out total avg
	out=$("$work/imconform" requests "$work/$name-reports/report.json")
	total=$(echo "$out" | grep '^total, ')
	avg=$(echo "$out" | grep '^average: ')
	echo "$name $commit: $total; $avg; wall $(echo "$end - $start" | bc) s"
	# rows averaged, requests per row (checks on other operations apart, as in imconform requests)
	echo "$avg" | awk '{print $7, $2}' >"$work/$name.req"
	echo "$end - $start" | bc >"$work/$name.wall"
}
echo "imconform economy: $BEFORE against $AFTER at IMCONF_RATE=$RATE against imconform serve (document edition), specs $LABELS"
run before "$BEFORE"
run after "$AFTER"
read -r rb qb <"$work/before.req"
read -r ra qa <"$work/after.req"
wb=$(cat "$work/before.wall"); wa=$(cat "$work/after.wall")
printf 'requests per row: before %.2f, after %.2f (after/before %.2f); wall time per row (the whole run over its rows): before %.2f s, after %.2f s (after/before %.2f)\n' \
	"$qb" "$qa" "$(echo "$qa / $qb" | bc -l)" \
	"$(echo "$wb / $rb" | bc -l)" "$(echo "$wa / $ra" | bc -l)" "$(echo "($wa / $ra) / ($wb / $rb)" | bc -l)"
