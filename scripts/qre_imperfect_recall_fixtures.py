#!/usr/bin/env python3
"""pygambit 16.7 oracle for brink-qre's agent logit on games without perfect recall.

For every .efg game of testdata/gambit that pygambit reads and finds without
perfect recall (`Game.is_perfect_recall`), in a child process with a time
limit per game:

* `pygambit.qre.logit_solve_branch(game, maxregret=1e-8)`, the tracer behind
  `pygambit.nash.logit_solve`: status (ok | timeout | error), seconds, final
  lambda, pygambit's own `max_regret` (16.7 computes it on the mixed strategy
  profile the behavior profile induces, which for an absent-minded player is
  not the behavior profile's payoff) and `agent_max_regret` of the final
  profile, and the profile. Written to
  testdata/fixtures/logit/imperfect_recall.csv:

      file, status, seconds, lambda, max_regret, agent_max_regret, profile

* `pygambit.qre.logit_solve_lambda` at a few lambdas (the same equations at
  fixed precision, which pins down how pygambit values actions, absent-minded
  sets included): testdata/fixtures/logit/imperfect_recall_lambda.csv,

      file, lambda, profile

  written only for games whose run finishes within the limit.

Profiles list probabilities in Gambit's order, joined by ';'. Games pygambit
cannot read are listed with status `error` and the reason.

Usage: python3 scripts/qre_imperfect_recall_fixtures.py [--limit SECONDS]
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
LAMBDAS = [0.5, 2.0, 5.0]


def size(game):
    return sum(len(i.actions) for p in game.players for i in p.infosets)


def is_candidate(path, queue):
    try:
        import pygambit as gbt
        queue.put(("ok", not gbt.read_efg(path).is_perfect_recall))
    except Exception as e:
        queue.put(("error", str(e).replace("\n", " ")[:200]))


def branch(path, queue):
    try:
        import pygambit as gbt
        game = gbt.read_efg(path)
        start = time.time()
        last = gbt.qre.logit_solve_branch(game, maxregret=1e-8)[-1]
        secs = time.time() - start
        # `last.profile` fails on some trees in 16.7; integer indexing reads
        # the probabilities in Gambit order, and a fresh profile carries them.
        probs = [float(last[k]) for k in range(size(game))]
        prof = game.mixed_behavior_profile()
        for a, p in zip(game.actions, probs):
            prof[a] = p
        queue.put(("ok", secs, float(last.lam), float(prof.max_regret()),
                   float(prof.agent_max_regret()), probs))
    except Exception as e:
        queue.put(("error", 0.0, 0.0, 0.0, 0.0, [str(e).replace("\n", " ")[:200]]))


def at_lambdas(path, queue):
    try:
        import pygambit as gbt
        game = gbt.read_efg(path)
        rows = []
        for qre in gbt.qre.logit_solve_lambda(game, lam=LAMBDAS):
            rows.append((float(qre.lam), [float(qre[k]) for k in range(size(game))]))
        queue.put(("ok", rows))
    except Exception as e:
        queue.put(("error", str(e)))


def in_child(target, path, limit):
    queue = mp.Queue()
    proc = mp.Process(target=target, args=(path, queue))
    start = time.time()
    proc.start()
    proc.join(limit)
    if proc.is_alive():
        proc.kill()
        proc.join()
        return None, time.time() - start
    if queue.empty():
        return ("error", "crashed"), time.time() - start
    return queue.get(), time.time() - start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=float, default=20.0)
    args = ap.parse_args()
    files = sorted(
        os.path.relpath(os.path.join(d, n), CORPUS)
        for d, _, names in os.walk(CORPUS) for n in names if n.endswith(".efg"))
    with open(os.path.join(OUT, "imperfect_recall.csv"), "w", newline="") as fh, \
            open(os.path.join(OUT, "imperfect_recall_lambda.csv"), "w", newline="") as fl:
        w, wl = csv.writer(fh), csv.writer(fl)
        w.writerow(["file", "status", "seconds", "lambda", "max_regret", "agent_max_regret",
                    "profile"])
        wl.writerow(["file", "lambda", "profile"])
        for f in files:
            path = os.path.join(CORPUS, f)
            got, _ = in_child(is_candidate, path, args.limit)
            if got is None or got[0] == "error":
                # Unreadable for pygambit: whether it has perfect recall is
                # for the Rust test to decide; record why.
                w.writerow([f, "error", "0", "0", "0", "0", got[1] if got else "timeout"])
                continue
            if not got[1]:
                continue
            got, secs = in_child(branch, path, args.limit)
            if got is None:
                w.writerow([f, "timeout", f"{secs:.3f}", "0", "0", "0", ""])
                print(f, "timeout", file=sys.stderr)
                continue
            status, secs, lam, regret, agent, probs = got
            text = ";".join(repr(x) for x in probs) if status == "ok" else ";".join(probs)
            w.writerow([f, status, f"{secs:.3f}", repr(lam), repr(regret), repr(agent), text])
            print(f, status, f"{secs:.2f}s", file=sys.stderr)
            if status == "ok":
                got, _ = in_child(at_lambdas, path, args.limit)
                if got is not None and got[0] == "ok":
                    for lam, probs in got[1]:
                        wl.writerow([f, repr(lam), ";".join(repr(x) for x in probs)])
            fh.flush()
            fl.flush()


if __name__ == "__main__":
    main()
