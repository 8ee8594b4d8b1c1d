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

import pygambit as gbt

import pygambit_fixtures as fx


def solve(g, path):
    return fx.rows_with_regrets(g, path, "gnm_solve(game)", gbt.nash.gnm_solve(g).equilibria)


if __name__ == "__main__":
    fx.write_fixtures(fx.todo(fx.random_paths()), "gnm", solve)
