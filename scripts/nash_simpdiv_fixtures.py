#!/usr/bin/env python3
"""Oracle fixtures for brink-nash's `simpdiv`, computed by pygambit 16.7 so
that CI needs no Python.

For the games scripts/nash_nplayer_fixtures.py covers (the random 3- and
4-player games under testdata/fixtures/nplayer/random/, and every strategic
game of the Gambit corpus under testdata/gambit with at most MAX_CELLS pure
profiles), this writes under testdata/fixtures/nplayer/:

  <name>.simpdiv   pygambit.nash.simpdiv_solve(start) from the profile where
                   everyone plays their first strategy (Gambit's default
                   start, as brink's), maxregret 1e-7, refine 2

with <name> as in the enumpoly fixtures. Each file has a comment line, then
one `NE,...` row with the profile's probabilities player by player, exact
(pygambit's rationals, as `p/q`). Games pygambit cannot do within the time
limit get no file; the list is printed.

Usage: /tmp/venv-NAME/bin/python scripts/nash_simpdiv_fixtures.py
"""

import pygambit as gbt

import pygambit_fixtures as fx


def solve(g, path):
    start = g.mixed_strategy_profile(
        rational=True, data=[[1] + [0] * (len(p.strategies) - 1) for p in g.players])
    result = gbt.nash.simpdiv_solve(start)
    lines = [fx.header("simpdiv_solve from the first strategies", path)]
    lines += [fx.exact_row(g, eq) for eq in result.equilibria]
    return lines


if __name__ == "__main__":
    fx.write_fixtures(fx.todo(fx.random_paths()), "simpdiv", solve)
