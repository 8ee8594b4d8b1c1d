#!/usr/bin/env python3
"""Oracle fixtures for brink-nash's `enumpoly` and `liap`, computed by
pygambit 16.7 so that CI needs no Python.

For every strategic (.nfg) game of the Gambit corpus under testdata/gambit,
and for seeded random 3- and 4-player games written beside the fixtures
(testdata/fixtures/nplayer/random/, also the games bench/nplayer_vs_pygambit.py
times), this writes under testdata/fixtures/nplayer/:

  <name>.enumpoly   pygambit.nash.enumpoly_solve(game)   (floating point)

with <name> the game's path below testdata/gambit, '/' turned into '__'.
Each file has a comment line, then one `NE,...` row per equilibrium with the
mixed-strategy probabilities player by player, in full precision. Games that
pygambit cannot do within the time limit get no file; the list is printed.

Usage: /tmp/venv-NAME/bin/python scripts/nash_nplayer_fixtures.py
"""

import os
import random

import pygambit as gbt

import pygambit_fixtures as fx


def solve(g, path):
    result = gbt.nash.enumpoly_solve(g)
    return [fx.header("enumpoly_solve", path)] + [fx.float_row(g, eq) for eq in result.equilibria]


def write_nfg(path, title, shape, payoffs):
    players = " ".join(f'"{i + 1}"' for i in range(len(shape)))
    with open(path, "w") as f:
        f.write(f'NFG 1 R "{title}" {{ {players} }} {{ {" ".join(map(str, shape))} }}\n\n')
        f.write(" ".join(" ".join(map(str, cell)) for cell in payoffs) + "\n")


def random_games():
    """Seeded random 3- and 4-player games, payoffs in 0..99 (first player's
    strategy fastest, as .nfg payoff lists are)."""
    rng = random.Random(20261203)
    os.makedirs(fx.RANDOM_DIR, exist_ok=True)
    paths = []
    shapes = [(2, 2, 2)] * 4 + [(3, 3, 3)] * 4 + [(2, 2, 2, 2)] * 4 + [(3, 2, 2, 2)] * 2
    for k, shape in enumerate(shapes):
        cells = 1
        for n in shape:
            cells *= n
        payoffs = [[rng.randint(0, 99) for _ in shape] for _ in range(cells)]
        name = "x".join(map(str, shape))
        path = os.path.join(fx.RANDOM_DIR, f"rand{k:02}_{name}.nfg")
        write_nfg(path, f"random {name} #{k}", shape, payoffs)
        paths.append(path)
    return paths


if __name__ == "__main__":
    fx.write_fixtures(fx.todo(random_games()), "enumpoly", solve)
