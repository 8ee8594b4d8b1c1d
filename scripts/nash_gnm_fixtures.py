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

  <name>.gnm_finer   for the games of FINER only, where pygambit's
               default trace returns fewer equilibria than ours (it loses
               its path): gnm_solve(game, steps=S), S the least of 200,
               500, 1000, 2000, 5000 that returns as many

with <name> as in the simpdiv fixtures. Each file has a comment line, then
one `NE,...` row per equilibrium with the probabilities player by player as
Python's repr of the double, and the row's maximum regret relative to the
payoff range in a `# regret` comment. Games pygambit fails on or cannot do
within the time limit get no file; the list is printed.

Usage: /tmp/venv-NAME/bin/python scripts/nash_gnm_fixtures.py
"""

import os

import pygambit as gbt

import pygambit_fixtures as fx


def solve(g, path):
    return fx.rows_with_regrets(g, path, "gnm_solve(game)", gbt.nash.gnm_solve(g).equilibria)


# The games of `<name>.gnm_finer` and their steps per support (found by
# bench/nplayer_vs_pygambit.py's PACES ladder, session 30).
FINER = {"fresh11020_2x2x2x2.nfg": 500, "fresh20016_3x3x3.nfg": 2000}


def solve_finer(g, path):
    steps = FINER[os.path.basename(path)]
    return fx.rows_with_regrets(g, path, f"gnm_solve(game, steps={steps})",
                                gbt.nash.gnm_solve(g, steps=steps).equilibria)


if __name__ == "__main__":
    fx.write_fixtures(fx.todo(fx.random_paths()), "gnm", solve)
    finer = [(p, n) for p, n in fx.todo(fx.random_paths()) if os.path.basename(p) in FINER]
    fx.write_fixtures(finer, "gnm_finer", solve_finer)
