#!/usr/bin/env python3
"""brink-nash's enummixed and spe side by side with pygambit 16.7, on the same files.

  enummixed: the random 10x10 and 15x15 games in bench/enum_games/ (written by
             scripts/nash_enum_fixtures.py), exact on both sides:
             pygambit.nash.enummixed_solve(game, rational=True).
  spe:       the full tic-tac-toe tree (549,946 nodes) written by
             `cargo run --release -p brink-nash --example tictactoe_efg`.
             pygambit has no backward-induction solver, so its side is
             reading the file (read_efg) plus lp_solve (sequence-form LP; the
             game is zero-sum), stopped at the time limit.

Our side is `target/release/brink solve FILE --method M` when that binary
exists and runs (wall time of the whole process, file reading included);
otherwise the criterion benches `cargo bench -p brink-nash --bench enummixed`
and `--bench spe_tictactoe` (in-process, which the output says).
Each pygambit run is a separate process killed at --limit seconds; a killed
run gives a lower bound on the ratio (printed as ">=").

Usage: python3 bench/enum_vs_pygambit.py [--limit SECONDS] [--skip-spe]
"""

import argparse
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GAMES = os.path.join(ROOT, "bench", "enum_games")
BRINK = os.path.join(ROOT, "target", "release", "brink")
TTT = os.path.join(ROOT, "target", "ttt_full.efg")

PYGAMBIT = {
    "enummixed": "import pygambit as g,sys,time;t=time.time();G=g.read_nfg(sys.argv[1]);"
                 "r=g.nash.enummixed_solve(G,rational=True);print(time.time()-t,len(r.equilibria))",
    "read": "import pygambit as g,sys,time;t=time.time();G=g.read_efg(sys.argv[1]);print(time.time()-t,0)",
    "lp": "import pygambit as g,sys,time;t=time.time();G=g.read_efg(sys.argv[1]);"
          "r=g.nash.lp_solve(G,rational=False);print(time.time()-t,len(r.equilibria))",
}


def pygambit(kind, path, limit):
    """Seconds pygambit takes, or (limit, True) when killed at the limit."""
    try:
        out = subprocess.run([sys.executable, "-c", PYGAMBIT[kind], path], capture_output=True,
                             text=True, timeout=limit, check=True).stdout.split()
        return float(out[0]), False
    except subprocess.TimeoutExpired:
        return float(limit), True


def brink_cli_works():
    if not os.path.exists(BRINK):
        return False
    probe = os.path.join(GAMES, "rand10x10_0.nfg")
    return subprocess.run([BRINK, "solve", probe, "--method", "enummixed"],
                          capture_output=True).returncode == 0


def ours_cli(path, method, repeats=3):
    best = float("inf")
    for _ in range(repeats):
        t = time.time()
        subprocess.run([BRINK, "solve", path, "--method", method], capture_output=True, check=True)
        best = min(best, time.time() - t)
    return best


UNITS = {"ns": 1e-9, "µs": 1e-6, "us": 1e-6, "ms": 1e-3, "s": 1.0}


def ours_criterion(bench):
    """Median times (seconds) by benchmark name, from criterion's output."""
    out = subprocess.run(["cargo", "bench", "-p", "brink-nash", "--bench", bench, "--", "--noplot"],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    times = {}
    for m in re.finditer(r"^(\S+)\s+time:\s+\[\S+ \S+ (\S+) (\S+) ", out, re.M):
        times[m.group(1)] = float(m.group(2)) * UNITS[m.group(3)]
    return times


def ratio(theirs, killed, ours):
    return f"{'>=' if killed else ''}{theirs / ours:.0f}x"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=float, default=300.0)
    ap.add_argument("--skip-spe", action="store_true")
    args = ap.parse_args()
    cli = brink_cli_works()
    print(f"our side: {'brink CLI (whole process)' if cli else 'criterion benches (in-process)'}")
    names = ["rand10x10_0", "rand10x10_1", "rand15x15_0"]
    crit = {} if cli else ours_criterion("enummixed")
    print(f"{'game':<14} {'brink':>10} {'pygambit':>12} {'ratio':>8}")
    for name in names:
        path = os.path.join(GAMES, name + ".nfg")
        ours = ours_cli(path, "enummixed") if cli else crit[f"enummixed/{name}"]
        theirs, killed = pygambit("enummixed", path, args.limit)
        print(f"{name:<14} {ours:>9.3f}s {('>' if killed else '') + f'{theirs:.1f}s':>12} "
              f"{ratio(theirs, killed, ours):>8}", flush=True)
    if args.skip_spe:
        return
    if not os.path.exists(TTT):
        with open(TTT, "w") as f:
            subprocess.run(["cargo", "run", "--release", "-q", "-p", "brink-nash", "--example",
                            "tictactoe_efg"], cwd=ROOT, stdout=f, check=True)
    if cli:
        ours = ours_cli(TTT, "spe", repeats=1)
        label = "brink solve --method spe (read + solve + regret check)"
    else:
        ours = ours_criterion("spe_tictactoe")["tictactoe/read_and_spe_exact"]
        label = "criterion read_and_spe_exact (read + solve + regret check)"
    print(f"tic-tac-toe, ours: {ours:.3f}s  [{label}]")
    read, read_killed = pygambit("read", TTT, args.limit)
    print(f"tic-tac-toe, pygambit read_efg alone: {'>' if read_killed else ''}{read:.1f}s "
          f"(ratio to our read+solve {ratio(read, read_killed, ours)})", flush=True)
    lp, lp_killed = pygambit("lp", TTT, args.limit)
    print(f"tic-tac-toe, pygambit read_efg + lp_solve: {'>' if lp_killed else ''}{lp:.1f}s "
          f"(ratio {ratio(lp, lp_killed, ours)})")


if __name__ == "__main__":
    main()
