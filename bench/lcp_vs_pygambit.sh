#!/usr/bin/env bash
# Times brink-nash's `lcp` (exact) against pygambit's lcp_solve(rational=True)
# on the same .efg files, side by side, and prints the ratio.
#   bench/lcp_vs_pygambit.sh            (from the repository root)
# Both sides report the best of several runs; ours includes the exact regret
# check every returned profile goes through. pygambit's lcp_solve on an
# extensive game runs Gambit's default search, which here finds one
# equilibrium (the one we return).
set -euo pipefail
cd "$(dirname "$0")/.."
games=(artist2 bayes2a holdout7 ttt)
files=()
for g in "${games[@]}"; do files+=("$PWD/testdata/gambit/contrib/games/$g.efg"); done

ours=$(cargo bench -q -p brink-nash --bench lcp_time -- "${files[@]}" 2>/dev/null)
theirs=$(python3 - "${files[@]}" <<'PY'
import sys, time
import pygambit as gbt
for f in sys.argv[1:]:
    g = gbt.read_efg(f)
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        gbt.nash.lcp_solve(g, rational=True)
        best = min(best, time.perf_counter() - t)
    print(f, f"{best:.6f}")
PY
)
printf "%-12s %12s %12s %8s\n" game "brink (s)" "pygambit (s)" ratio
for f in "${files[@]}"; do
    a=$(awk -v f="$f" '$1 == f {print $2}' <<<"$ours")
    b=$(awk -v f="$f" '$1 == f {print $2}' <<<"$theirs")
    printf "%-12s %12s %12s %7.1fx\n" "$(basename "$f" .efg)" "$a" "$b" "$(python3 -c "print($b / $a)")"
done
