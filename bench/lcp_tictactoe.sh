#!/usr/bin/env bash
# `lcp` (exact) on full tic-tac-toe (549,946 nodes; a sequence-form LCP of
# 844,727 rows), brink against pygambit's lcp_solve(rational=True), one run
# each, in one go:
#   bench/lcp_tictactoe.sh [PYGAMBIT_LIMIT_SECONDS] [GAME.efg]
# (limit 1800 by default; GAME replaces full tic-tac-toe, for a quick check of
# the script itself).
# pygambit is stopped at the limit; its time is then reported as "> limit"
# and the ratio as a lower bound. Both peak memories are printed.
set -euo pipefail
cd "$(dirname "$0")/.."
limit=${1:-1800}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build -q --release -p brinkmanship
if [ -n "${2:-}" ]; then
    cp "$2" "$work/ttt.efg"
else
    cargo run -q --release -p brink-nash --example tictactoe_efg > "$work/ttt.efg"
fi

/usr/bin/time -f "%e %M" -o "$work/ours.time" \
    target/release/brink solve "$work/ttt.efg" --method lcp --format json > "$work/ours.json"
read -r ours ours_kb < "$work/ours.time"
regret=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['max_regret'])" "$work/ours.json")

set +e
/usr/bin/time -f "%e %M" -o "$work/theirs.time" timeout "$limit" python3 - "$work/ttt.efg" <<'PY' > "$work/theirs.out" 2>&1
import sys
import pygambit as gbt
g = gbt.read_efg(sys.argv[1])
r = gbt.nash.lcp_solve(g, rational=True)
print(len(r.equilibria), "equilibria")
PY
status=$?
set -e
read -r theirs theirs_kb < <(tail -n 1 "$work/theirs.time")

printf "brink    lcp (exact): %8.1f s, peak %6.2f GB, regret %s\n" "$ours" "$(python3 -c "print($ours_kb / 1e6)")" "$regret"
if [ "$status" -eq 124 ]; then
    printf "pygambit lcp_solve:   no answer in %s s (stopped), peak %6.2f GB\n" "$limit" "$(python3 -c "print($theirs_kb / 1e6)")"
    printf "ratio: > %.1fx\n" "$(python3 -c "print($limit / $ours)")"
else
    printf "pygambit lcp_solve:   %8.1f s (exit %s), peak %6.2f GB: %s\n" "$theirs" "$status" \
        "$(python3 -c "print($theirs_kb / 1e6)")" "$(tail -n 1 "$work/theirs.out")"
    printf "ratio: %.1fx\n" "$(python3 -c "print($theirs / $ours)")"
fi
