#!/usr/bin/env python3
"""Oracle fixtures for brink-nash's `lcp` and `lp`, computed by pygambit 16.7
so that CI needs no Python.

For every two-player game of the corpus under testdata/gambit this writes,
under testdata/fixtures/lcp/ (name: the path below testdata/gambit with '/'
turned into '__'):

  <name>.lcp   pygambit.nash.lcp_solve(game, rational=True): one `NE,...` row
               per equilibrium, in the order pygambit finds them (the first is
               the one Lemke-Howson from label 1, or Lemke on the sequence
               form, reaches first)
  <name>.lp    for constant-sum games, pygambit.nash.lp_solve(game,
               rational=True): its `NE,...` row, then `V,<value of player 1>`

Rows list probabilities as exact rationals, players in order, then (strategic)
strategies or (extensive) information sets and actions in pygambit's order.
Games pygambit rejects or cannot do within the time limit get no file; the
list is printed. It also writes testdata/fixtures/lcp/kuhn.efg and
leduc.efg results if those files exist (the Rust examples write them):
`<name>.lp` with the value.

Usage: python3 scripts/nash_lcp_fixtures.py [NAME...]   (from the repository root)
With names (file names such as leduc.efg or corpus paths such as
contrib/games/e02.efg), only those games are redone.
"""

import glob
import multiprocessing as mp
import os
import sys

import pygambit as gbt

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "testdata", "gambit")
OUT = os.path.join(ROOT, "testdata", "fixtures", "lcp")
TIME_LIMIT = 600  # seconds per game and method (Leduc takes a while)


def values(game, eq):
    players = list(game.players)
    if hasattr(eq, "as_strategy"):  # a behavior profile
        return [str(eq[a]) for p in players for i in p.infosets for a in i.actions]
    return [str(eq[s]) for p in players for s in p.strategies]


def solve(path, method, queue):
    try:
        game = gbt.read_efg(path) if path.endswith(".efg") else gbt.read_nfg(path)
        if len(game.players) != 2:
            queue.put(("skip", "not two players"))
            return
        if path.endswith(".efg") and not game.is_perfect_recall:
            queue.put(("skip", "imperfect recall"))
            return
        if method == "lp" and not game.is_const_sum:
            queue.put(("skip", "not constant-sum"))
            return
        if method == "lcp":
            result = gbt.nash.lcp_solve(game, rational=True)
        else:
            result = gbt.nash.lp_solve(game, rational=True)
        rows = ["NE," + ",".join(values(game, eq)) for eq in result.equilibria]
        if method == "lp" and result.equilibria:
            rows.append("V," + str(result.equilibria[0].payoff(list(game.players)[0])))
        queue.put(("ok", rows))
    except Exception as e:  # pygambit refuses some games; record and move on
        queue.put(("error", repr(e)))


def run(path, method):
    queue = mp.Queue()
    proc = mp.Process(target=solve, args=(path, method, queue))
    proc.start()
    proc.join(TIME_LIMIT)
    if proc.is_alive():
        proc.kill()
        proc.join()
        return ("timeout", None)
    return queue.get() if not queue.empty() else ("error", "no result")


def main():
    os.makedirs(OUT, exist_ok=True)
    paths = sorted(glob.glob(os.path.join(CORPUS, "**", "*.efg"), recursive=True))
    paths += sorted(glob.glob(os.path.join(CORPUS, "**", "*.nfg"), recursive=True))
    extra = [os.path.join(OUT, n) for n in ("kuhn.efg", "leduc.efg") if os.path.exists(os.path.join(OUT, n))]
    wanted = sys.argv[1:]
    if wanted:
        paths = [p for p in paths if os.path.relpath(p, CORPUS) in wanted]
        extra = [p for p in extra if os.path.basename(p) in wanted]
    skipped = []
    for path in paths + extra:
        if path in extra:
            name = os.path.basename(path)
            methods = ["lp"]
        else:
            name = os.path.relpath(path, CORPUS).replace("/", "__")
            methods = ["lcp", "lp"]
        for method in methods:
            status, rows = run(path, method)
            if status == "ok":
                with open(os.path.join(OUT, f"{name}.{method}"), "w") as f:
                    f.write("\n".join(rows) + "\n")
            elif status != "skip" or method == "lcp":
                skipped.append(f"{name} {method}: {status} {rows or ''}")
            print(name, method, status, file=sys.stderr)
    print("no fixture for:")
    for s in skipped:
        print("  " + s)


if __name__ == "__main__":
    main()
