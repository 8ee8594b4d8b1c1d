#!/usr/bin/env python3
"""Oracle fixtures for brink-qre, computed with pygambit 16.7.

For every game of testdata/gambit, runs pygambit's principal-branch logit
tracer (`pygambit.qre.logit_solve_branch`, the tracer behind
`pygambit.nash.logit_solve`, which also reports the final lambda) at the
default precision (maxregret 1e-8 relative to the payoff range), in a child
process with a time limit, and writes one row per game to
testdata/fixtures/logit/pygambit_logit.csv:

    file, kind, status (ok | timeout | error), seconds, lambda, regret, profile

`profile` lists the final profile's probabilities in Gambit's order, joined
by ';'. Rows with status `timeout` or `error` record which games pygambit does
not finish on. It also writes logit_lambda.csv: QREs at fixed lambdas
(`pygambit.qre.logit_solve_lambda`) on a few small games, for `qre_at`.

Usage: python3 scripts/qre_fixtures.py [--limit SECONDS] [--only SUBSTRING] [--lambda-only]
"""
import argparse
import csv
import multiprocessing as mp
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "testdata", "gambit")
OUT = os.path.join(ROOT, "testdata", "fixtures", "logit")
LAMBDA_GAMES = [
    "contrib/games/2x2.nfg",
    "contrib/games/2x2a.nfg",
    "contrib/games/2x2x2.efg",
    "contrib/games/2x2x2.nfg",
    "contrib/games/bayes1a.efg",
    "contrib/games/bayes2a.efg",
    "catalog/books/myerson1991/fig4_2.efg",
]
LAMBDAS = [0.1, 0.5, 1.0, 2.5, 5.0]


def read(path):
    import pygambit as gbt
    return gbt.read_efg(path) if path.endswith(".efg") else gbt.read_nfg(path)


def flat(game, profile):
    if game.is_tree:
        return [float(profile[a]) for p in game.players for i in p.infosets for a in i.actions]
    return [float(profile[s]) for p in game.players for s in p.strategies]


def solve(path, queue):
    try:
        import pygambit as gbt
        game = read(path)
        start = time.time()
        branch = gbt.qre.logit_solve_branch(game, maxregret=1e-8)
        secs = time.time() - start
        last = branch[-1]
        # `last.profile` fails on some trees in pygambit 16.7 ("outside a
        # Game"); integer indexing reads the same probabilities in Gambit order.
        size = sum(len(i.actions) for p in game.players for i in p.infosets) if game.is_tree else sum(
            len(p.strategies) for p in game.players)
        probs = [float(last[k]) for k in range(size)]
        queue.put(("ok", secs, float(last.lam), float("nan"), probs))
    except Exception as e:  # recorded as a row, so the Rust tests skip the game
        queue.put(("error", 0.0, 0.0, 0.0, [str(e).replace("\n", " ")[:200]]))


def run_one(path, limit):
    queue = mp.Queue()
    proc = mp.Process(target=solve, args=(path, queue))
    start = time.time()
    proc.start()
    proc.join(limit)
    if proc.is_alive():
        proc.kill()
        proc.join()
        return ("timeout", time.time() - start, 0.0, 0.0, [])
    if queue.empty():
        return ("error", time.time() - start, 0.0, 0.0, ["crashed"])
    return queue.get()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=float, default=20.0)
    ap.add_argument("--only", default="")
    ap.add_argument("--lambda-only", action="store_true", help="write logit_lambda.csv only")
    args = ap.parse_args()
    os.makedirs(OUT, exist_ok=True)
    if not args.lambda_only:
        corpus_rows(args)
    lambda_rows()


def corpus_rows(args):
    files = []
    for dirpath, _, names in os.walk(CORPUS):
        for n in names:
            if n.endswith((".efg", ".nfg")):
                files.append(os.path.relpath(os.path.join(dirpath, n), CORPUS))
    files = sorted(f for f in files if args.only in f)
    with open(os.path.join(OUT, "pygambit_logit.csv"), "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["file", "kind", "status", "seconds", "lambda", "regret", "profile"])
        for f in files:
            status, secs, lam, regret, prof = run_one(os.path.join(CORPUS, f), args.limit)
            text = ";".join(repr(x) for x in prof) if status == "ok" else ";".join(prof)
            w.writerow([f, f[-3:], status, f"{secs:.3f}", repr(lam), repr(regret), text])
            fh.flush()
            print(f, status, f"{secs:.2f}s", file=sys.stderr)


def lambda_rows():
    import pygambit as gbt
    with open(os.path.join(OUT, "logit_lambda.csv"), "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["file", "lambda", "profile"])
        for f in LAMBDA_GAMES:
            game = read(os.path.join(CORPUS, f))
            size = sum(len(i.actions) for p in game.players for i in p.infosets) if game.is_tree else sum(
                len(p.strategies) for p in game.players)
            for qre in gbt.qre.logit_solve_lambda(game, lam=LAMBDAS):
                w.writerow([f, repr(float(qre.lam)), ";".join(repr(float(qre[k])) for k in range(size))])


if __name__ == "__main__":
    main()
