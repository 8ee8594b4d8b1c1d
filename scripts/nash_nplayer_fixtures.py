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

import glob
import multiprocessing as mp
import os
import random
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
        result = gbt.nash.enumpoly_solve(g)
        lines = [f"# pygambit {gbt.__version__} enumpoly_solve on "
                 + os.path.relpath(path, ROOT)]
        for eq in result.equilibria:
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
    with open(os.path.join(OUT, f"{name}.enumpoly"), "w") as f:
        f.write(text)
    return None


def write_nfg(path, title, shape, payoffs):
    players = " ".join(f'"{i + 1}"' for i in range(len(shape)))
    with open(path, "w") as f:
        f.write(f'NFG 1 R "{title}" {{ {players} }} {{ {" ".join(map(str, shape))} }}\n\n')
        f.write(" ".join(" ".join(map(str, cell)) for cell in payoffs) + "\n")


def random_games():
    """Seeded random 3- and 4-player games, payoffs in 0..99 (first player's
    strategy fastest, as .nfg payoff lists are)."""
    rng = random.Random(20261203)
    os.makedirs(RANDOM_DIR, exist_ok=True)
    paths = []
    shapes = [(2, 2, 2)] * 4 + [(3, 3, 3)] * 4 + [(2, 2, 2, 2)] * 4 + [(3, 2, 2, 2)] * 2
    for k, shape in enumerate(shapes):
        cells = 1
        for n in shape:
            cells *= n
        payoffs = [[rng.randint(0, 99) for _ in shape] for _ in range(cells)]
        name = "x".join(map(str, shape))
        path = os.path.join(RANDOM_DIR, f"rand{k:02}_{name}.nfg")
        write_nfg(path, f"random {name} #{k}", shape, payoffs)
        paths.append(path)
    return paths


def main():
    os.makedirs(OUT, exist_ok=True)
    games = sorted(glob.glob(os.path.join(CORPUS, "**", "*.nfg"), recursive=True))
    todo = [(p, "random__" + os.path.basename(p)) for p in random_games()]
    todo += [(p, os.path.relpath(p, CORPUS).replace("/", "__")) for p in games]
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
