#!/usr/bin/env python3
"""Why pygambit's exact `lcp` gives no answer on full tic-tac-toe.

pygambit 16.7's sequence-form `lcp_solve` builds a dense tableau of
n x (n + 1) rationals, n the LCP size, and the product overflows 32 bits
once n passes 46,340. This script shows it on small games, in about a
minute: player 1 picks one of K actions, player 2 sees it and picks l or r
(so n = 4K + 5). For n = 65,533 the product wraps negative and pygambit
says so; for n = 65,537 it wraps to 196,610, a 3 MB tableau for a 69 GB
one, and pygambit writes past it and dies of SIGSEGV. On full tic-tac-toe
(n = 844,727) it wraps to 599,978,120 entries: at 16 bytes each, 9.6 GB,
which is the peak memory pygambit reaches there before it crashes.

    python3 bench/pygambit_lcp_overflow.py
"""
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUN = """
import sys, pygambit as gbt
g = gbt.read_efg(sys.argv[1])
try:
    r = gbt.nash.lcp_solve(g, rational=True)
    print(len(r.equilibria), "equilibria")
except Exception as e:
    print(type(e).__name__ + ":", e)
"""


def one_move_game(k: int) -> str:
    rng = random.Random(k)
    lines = [f'EFG 2 R "one move of {k} actions" {{ "1" "2" }}']
    actions = " ".join(f'"a{i}"' for i in range(k))
    lines.append(f'p "" 1 1 "" {{ {actions} }} 0')
    outcome = 1
    for i in range(k):
        lines.append(f'p "" 2 {i + 1} "" {{ "l" "r" }} 0')
        for _ in range(2):
            u = rng.randint(-3, 3), rng.randint(-3, 3)
            lines.append(f't "" {outcome} "" {{ {u[0]}, {u[1]} }}')
            outcome += 1
    return "\n".join(lines) + "\n"


def wrapped(n: int) -> int:
    v = (n * (n + 1)) % 2**32
    return v - 2**32 if v >= 2**31 else v


def main() -> None:
    with tempfile.TemporaryDirectory() as work:
        for k in (16382, 16383):
            n = 4 * k + 5
            path = Path(work) / f"k{k}.efg"
            path.write_text(one_move_game(k))
            start = time.time()
            done = subprocess.run(
                [sys.executable, "-c", RUN, str(path)], capture_output=True, text=True
            )
            took = time.time() - start
            said = (done.stdout + done.stderr).strip().splitlines()
            if done.returncode < 0:
                result = f"killed by signal {-done.returncode}"
            else:
                result = said[-1] if said else f"exit {done.returncode}"
            print(
                f"K={k}: n={n}, n(n+1)={n * (n + 1):,} wraps to {wrapped(n):,} "
                f"in 32 bits; pygambit after {took:.1f} s: {result}"
            )
    n = 844_727
    print(
        f"full tic-tac-toe: n={n}, n(n+1)={n * (n + 1):,} wraps to {wrapped(n):,} "
        f"({wrapped(n) * 16 / 1e9:.1f} GB at 16 bytes per rational)"
    )


if __name__ == "__main__":
    main()
