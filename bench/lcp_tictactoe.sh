#!/usr/bin/env bash
# `lcp` (exact) on full tic-tac-toe (549,946 nodes; a sequence-form LCP of
# 844,727 rows), brink against pygambit's lcp_solve(rational=True), one run
# each, in one go:
#   bench/lcp_tictactoe.sh [PYGAMBIT_LIMIT_SECONDS] [GAME.efg]
# (limit 1800 by default; GAME replaces full tic-tac-toe, for a quick check of
# the script itself).
# pygambit is stopped at the limit. If it gives no answer (stopped, or
# crashed: pygambit 16.7 dies of SIGSEGV after 23 to 26 minutes here), the
# time it ran is reported and the ratio is a lower bound. Both peak memories
# are printed. Why pygambit crashes: bench/pygambit_lcp_overflow.py.
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

gb() { python3 -c "print(f'{$1 / 1e6:.2f}')"; }
printf "brink    lcp (exact): %8.1f s, peak %s GB, regret %s\n" "$ours" "$(gb "$ours_kb")" "$regret"
if [ "$status" -eq 0 ]; then
    printf "pygambit lcp_solve:   %8.1f s, peak %s GB: %s\n" "$theirs" "$(gb "$theirs_kb")" "$(tail -n 1 "$work/theirs.out")"
    printf "ratio: %.1fx\n" "$(python3 -c "print($theirs / $ours)")"
else
    # No answer: stopped at the limit, or ended by an error or a signal
    # (139 is SIGSEGV). The time it ran is a lower bound on its time.
    if [ "$status" -eq 124 ]; then
        why="stopped at the $limit s limit"
    elif [ "$status" -gt 128 ]; then
        why="killed by signal $((status - 128))$([ "$status" -eq 139 ] && echo " (SIGSEGV)")"
    else
        why="exit $status: $(tail -n 1 "$work/theirs.out")"
    fi
    printf "pygambit lcp_solve:   no answer after %.1f s (%s), peak %s GB\n" "$theirs" "$why" "$(gb "$theirs_kb")"
    printf "ratio: > %.1fx (pygambit's time without an answer / ours)\n" "$(python3 -c "print($theirs / $ours)")"
fi
