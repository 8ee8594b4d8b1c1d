#!/usr/bin/env python3
"""Oracle fixtures for brink-nash's `gnm`, computed by pygambit 16.7 so that
CI needs no Python.

For the random 3- and 4-player games under testdata/fixtures/nplayer/random/
and the strategic games of the Gambit corpus under testdata/gambit with at
most MAX_CELLS pure profiles (two players too: there gnm's path is
piecewise linear and traced in one step per support), this writes under
testdata/fixtures/nplayer/:

  <name>.gnm   pygambit.nash.gnm_solve(game): the perturbation 1 on each
               player's first strategy and 0 elsewhere (Gambit's default,
               as brink's; Gambit's other settings at their defaults too:
               end_lambda -10, 100 steps per support, a local Newton
               correction every 3 steps of at most 10 iterations), every
               equilibrium met on the path, in the path's order

with <name> as in the simpdiv fixtures. Each file has a comment line, then
one `NE,...` row per equilibrium with the probabilities player by player as
Python's repr of the double, and the row's maximum regret relative to the
payoff range in a `# regret` comment. Games pygambit fails on or cannot do
within the time limit get no file; the list is printed.

Usage: /tmp/venv-NAME/bin/python scripts/nash_gnm_fixtures.py
"""

import glob
import multiprocessing as mp
import os
import sys

import pygambit as gbt

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "testdata", "gambit")
OUT = os.path.join(ROOT, "testdata", "fixtures", "nplayer")
RANDOM_DIR = os.path.join(OUT, "random")
TIME_LIMIT = 20  # seconds per game
MAX_CELLS = 2_000


def work(path, queue):
    try:
        g = gbt.read_nfg(path)
        cells = 1
        for p in g.players:
            cells *= len(p.strategies)
        if cells > MAX_CELLS:
            queue.put(("skip", f"{cells} cells"))
            return
        result = gbt.nash.gnm_solve(g)
        pay = [float(g[s][p]) for s in g.contingencies for p in g.players]
        span = (max(pay) - min(pay)) or 1.0
        lines = [f"# pygambit {gbt.__version__} gnm_solve(game) on "
                 + os.path.relpath(path, ROOT)]
        for eq in result.equilibria:
            lines.append(f"# regret {eq.max_regret() / span!r}")
            lines.append(",".join(["NE"] + [repr(float(eq[s])) for p in g.players
                                            for s in p.strategies]))
        queue.put(("ok", "\n".join(lines) + "\n"))
    except Exception as e:  # noqa: BLE001 -- report and go on
        queue.put(("error", repr(e)))


def run(path, name):
    queue = mp.Queue()
    proc = mp.Process(target=work, args=(path, queue))
    proc.start()
    proc.join(TIME_LIMIT)
    if proc.is_alive():
        proc.kill()
        proc.join()
        return f"timeout after {TIME_LIMIT}s"
    status, text = queue.get() if not queue.empty() else ("error", "no result")
    if status != "ok":
        return text
    with open(os.path.join(OUT, f"{name}.gnm"), "w") as f:
        f.write(text)
    return None


def main():
    todo = [(p, "random__" + os.path.basename(p))
            for p in sorted(glob.glob(os.path.join(RANDOM_DIR, "*.nfg")))]
    todo += [(p, os.path.relpath(p, CORPUS).replace("/", "__"))
             for p in sorted(glob.glob(os.path.join(CORPUS, "**", "*.nfg"), recursive=True))]
    skipped = []
    for path, name in todo:
        why = run(path, name)
        if why:
            skipped.append((name, why))
        print(name, file=sys.stderr)
    for s in skipped:
        print("skipped:", *s)


if __name__ == "__main__":
    main()
