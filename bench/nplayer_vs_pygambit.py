#!/usr/bin/env python3
"""brink's liap and enumpoly side by side with pygambit 16.7's same methods,
on the same files, in one run; prints each side's time, our regret relative
to the payoff range, and the ratio.

Games: the random 3- and 4-player games written by
scripts/nash_nplayer_fixtures.py (testdata/fixtures/nplayer/random/) and the
n-player strategic games of the Gambit corpus (testdata/gambit). Both sides
run as whole processes, file reading included: ours is
`target/release/brink solve FILE --method M --format json` (build it first:
`cargo build --release`), theirs `python -c` with pygambit:

  liap:     liap_solve(game.mixed_strategy_profile())  (from the centroid, as ours)
  enumpoly: enumpoly_solve(game)                        (ours: two players only)

Each run is killed at --limit seconds; a killed pygambit run gives a lower
bound on the ratio (">="), a killed or refused run of ours prints its reason.

Usage: /tmp/venv-NAME/bin/python bench/nplayer_vs_pygambit.py [--limit SECONDS]
"""

import argparse
import glob
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BRINK = os.path.join(ROOT, "target", "release", "brink")
RANDOM = os.path.join(ROOT, "testdata", "fixtures", "nplayer", "random")
CORPUS = os.path.join(ROOT, "testdata", "gambit")

PYGAMBIT = {
    "liap": "import pygambit as g,sys,time;t=time.time();G=g.read_nfg(sys.argv[1]);"
            "r=g.nash.liap_solve(G.mixed_strategy_profile());print(time.time()-t,len(r.equilibria))",
    "enumpoly": "import pygambit as g,sys,time;t=time.time();G=g.read_nfg(sys.argv[1]);"
                "r=g.nash.enumpoly_solve(G);print(time.time()-t,len(r.equilibria))",
}


def theirs(method, path, limit):
    try:
        out = subprocess.run([sys.executable, "-c", PYGAMBIT[method], path], capture_output=True,
                             text=True, timeout=limit, check=True).stdout.split()
        return float(out[0]), int(out[1]), False
    except subprocess.TimeoutExpired:
        return float(limit), 0, True
    except subprocess.CalledProcessError as e:
        return None, e.stderr.strip().splitlines()[-1:], False


def ours(method, path, limit):
    t = time.time()
    try:
        run = subprocess.run([BRINK, "solve", path, "--method", method, "--format", "json"],
                             capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return None, "timeout", None
    elapsed = time.time() - t
    if run.returncode != 0:
        return None, run.stderr.strip().splitlines()[-1][:60], None
    out = json.loads(run.stdout)
    return elapsed, len(out["equilibria"]), out["max_regret"]


def payoff_range(path):
    """Largest payoff less the smallest, read from the file's payoff list."""
    text = open(path).read()
    body = text[text.index("}", text.index("}") + 1) + 1:]
    if "{" in body:  # outcome-list format: not parsed here
        return 1.0
    values = [float(eval(v)) for v in body.split()[1:] if v[0] in "-0123456789"]
    return (max(values) - min(values)) or 1.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=float, default=120.0)
    args = ap.parse_args()
    if not os.path.exists(BRINK):
        sys.exit("build target/release/brink first: cargo build --release")
    games = sorted(glob.glob(os.path.join(RANDOM, "*.nfg")))
    games += sorted(p for p in glob.glob(os.path.join(CORPUS, "**", "*.nfg"), recursive=True)
                    if open(p).read().split("{")[1].count('"') > 4)
    print(f"{'game':<40} {'method':<9} {'brink':>9} {'eq':>3} {'rel.regret':>10} "
          f"{'pygambit':>10} {'eq':>3} {'ratio':>8}")
    for path in games:
        name = os.path.relpath(path, ROOT)[-40:]
        for method in ("liap", "enumpoly"):
            t, n, regret = ours(method, path, args.limit)
            tt, tn, killed = theirs(method, path, args.limit)
            ratio = (f"{'>=' if killed else ''}{tt / t:.0f}x" if t and tt else "-")
            ours_t = f"{t:.3f}s" if t else str(n)[:9]
            rel = f"{regret / payoff_range(path):.1e}" if regret is not None else "-"
            theirs_t = (f"{'>' if killed else ''}{tt:.2f}s" if tt is not None else "error")
            print(f"{name:<40} {method:<9} {ours_t:>9} {n if t else '':>3} {rel:>10} "
                  f"{theirs_t:>10} {tn if tt is not None else '':>3} {ratio:>8}", flush=True)


if __name__ == "__main__":
    main()
