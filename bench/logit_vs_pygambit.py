#!/usr/bin/env python3
"""brink-qre's `logit` against pygambit 16.7's `logit_solve`, side by side.

Same files, same precision (`maxregret`, relative to the payoff range as
pygambit defines it), in one run. For each game prints our time, pygambit's
time (or its time limit if it did not finish), the ratio, and both regrets.

Games: contrib/games/bayes2a.efg, artist2.efg, holdout7.efg, and random
strategic games 3 players x 6 strategies and 2 players x 30 strategies
(integer payoffs 0..99, fixed seeds), written to a temporary directory.

Usage:  python3 bench/logit_vs_pygambit.py [--max-regret 1e-8] [--limit 120]
It builds the `logit_file` example of brink-qre in release mode first.
"""
import argparse
import multiprocessing as mp
import os
import random
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GAMES = os.path.join(ROOT, "testdata", "gambit", "contrib", "games")


def random_nfg(path, shape, seed):
    rng = random.Random(seed)
    n = len(shape)
    cells = 1
    for k in shape:
        cells *= k
    players = " ".join(f'"P{i + 1}"' for i in range(n))
    with open(path, "w") as f:
        f.write(f'NFG 1 R "random {"x".join(map(str, shape))} seed {seed}" {{ {players} }} {{ {" ".join(map(str, shape))} }}\n\n')
        f.write(" ".join(str(rng.randint(0, 99)) for _ in range(cells * n)) + "\n")


def pygambit_solve(path, maxregret, queue):
    import pygambit as gbt
    game = gbt.read_efg(path) if path.endswith(".efg") else gbt.read_nfg(path)
    start = time.perf_counter()
    result = gbt.nash.logit_solve(game, maxregret=maxregret)
    secs = time.perf_counter() - start
    queue.put((secs, float(result.equilibria[0].max_regret())))


def time_pygambit(path, maxregret, limit):
    queue = mp.Queue()
    proc = mp.Process(target=pygambit_solve, args=(path, maxregret, queue))
    proc.start()
    proc.join(limit)
    if proc.is_alive():
        proc.kill()
        proc.join()
        return None, None
    return queue.get() if not queue.empty() else (None, None)


def time_ours(binary, path, maxregret):
    # Repeat short runs so the timer is not dominated by process start-up.
    out = subprocess.run([binary, "--max-regret", str(maxregret), "--repeat", "5", path],
                         capture_output=True, text=True, check=True).stdout.strip()
    fields = out.split(",")
    if fields[1] != "ok":
        return None, fields[-1]
    return float(fields[2]), float(fields[4])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--max-regret", type=float, default=1e-8)
    ap.add_argument("--limit", type=float, default=120.0, help="pygambit time limit per game (s)")
    args = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "brink-qre", "--example", "logit_file"],
                   cwd=ROOT, check=True)
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    binary = os.path.join(target, "release", "examples", "logit_file")
    tmp = tempfile.mkdtemp()
    games = [os.path.join(GAMES, g) for g in ("bayes2a.efg", "artist2.efg", "holdout7.efg")]
    for shape, seed in (((6, 6, 6), 1), ((30, 30), 2)):
        p = os.path.join(tmp, f"random_{'x'.join(map(str, shape))}.nfg")
        random_nfg(p, shape, seed)
        games.append(p)
    print(f"maxregret {args.max_regret:g} (relative to the payoff range); pygambit limit {args.limit:g} s")
    print(f"{'game':<22} {'ours (s)':>10} {'pygambit (s)':>13} {'ratio':>9} {'our regret':>11} {'their regret':>13}")
    for g in games:
        ours, our_regret = time_ours(binary, g, args.max_regret)
        theirs, their_regret = time_pygambit(g, args.max_regret, args.limit)
        name = os.path.basename(g)
        if ours is None:
            print(f"{name:<22} failed: {our_regret}")
            continue
        if theirs is None:
            print(f"{name:<22} {ours:>10.4f} {'> ' + format(args.limit, 'g'):>13} {'> ' + format(args.limit / ours, '.0f'):>9} {our_regret:>11.2e} {'-':>13}")
        else:
            print(f"{name:<22} {ours:>10.4f} {theirs:>13.3f} {theirs / ours:>9.0f} {our_regret:>11.2e} {their_regret:>13.2e}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
