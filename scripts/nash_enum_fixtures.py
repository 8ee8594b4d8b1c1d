#!/usr/bin/env python3
"""Oracle fixtures for brink-nash's `enumpure` and `enummixed` (and the reduced
strategic form), computed by pygambit 16.7 so that CI needs no Python.

For every corpus game under testdata/gambit (and ~30 seeded random bimatrix
games, written as .nfg files beside the fixtures) this writes, under
testdata/fixtures/enum/:

  <name>.enumpure    pygambit.nash.enumpure_solve
  <name>.enummixed   pygambit.nash.enummixed_solve(rational=True)  (two players)

where <name> is the game's path below testdata/gambit with '/' turned into '__'.
Each file has one line per player `S,<player>,<strategy label>,...` (for .efg
files: Gambit's reduced strategies), then one `NE,...` row per equilibrium with
the mixed-strategy probabilities as exact rationals, and for .efg files after
each `NE` row a `BE,...` row with Gambit's behavior profile (`as_behavior()`:
players, information sets, actions in file order). Games Gambit cannot do
within the time limit get no file; the list is printed.

It also writes the random 10x10 and 15x15 games the benchmark uses into
bench/enum_games/.

Usage: python3 scripts/nash_enum_fixtures.py   (from the repository root)
"""

import glob
import multiprocessing as mp
import os
import random
import sys

import pygambit as gbt

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "testdata", "gambit")
OUT = os.path.join(ROOT, "testdata", "fixtures", "enum")
RANDOM_DIR = os.path.join(OUT, "random")
BENCH_DIR = os.path.join(ROOT, "bench", "enum_games")
TIME_LIMIT = 30  # seconds per game and method
MAX_CELLS = 20_000  # skip reduced forms larger than this (pygambit gets slow)


def rat(x):
    return str(gbt.Rational(x)) if not isinstance(x, str) else x


def read(path):
    return gbt.read_efg(path) if path.endswith(".efg") else gbt.read_nfg(path)


def work(path, method, queue):
    try:
        g = read(path)
        cells = 1
        for p in g.players:
            cells *= len(p.strategies)
        if cells > MAX_CELLS:
            queue.put(("skip", f"{cells} cells"))
            return
        if method == "enumpure":
            result = gbt.nash.enumpure_solve(g)
        else:
            result = gbt.nash.enummixed_solve(g, rational=True)
        lines = [f"# pygambit {gbt.__version__} {result.method} on testdata/gambit/"
                 + os.path.relpath(path, CORPUS)]
        for i, p in enumerate(g.players):
            lines.append(",".join(["S", str(i + 1)] + [s.label for s in p.strategies]))
        tree = path.endswith(".efg")
        for eq in result.equilibria:
            lines.append(",".join(["NE"] + [str(eq[s]) for p in g.players for s in p.strategies]))
            if tree:
                b = eq.as_behavior()
                lines.append(",".join(["BE"] + [str(b[a]) for p in g.players
                                                for i in p.infosets for a in i.actions]))
        queue.put(("ok", "\n".join(lines) + "\n"))
    except Exception as e:  # noqa: BLE001 -- report and go on
        queue.put(("error", repr(e)))


def run(path, method, name):
    queue = mp.Queue()
    proc = mp.Process(target=work, args=(path, method, queue))
    proc.start()
    proc.join(TIME_LIMIT)
    if proc.is_alive():
        proc.kill()
        proc.join()
        return f"timeout after {TIME_LIMIT}s"
    status, text = queue.get() if not queue.empty() else ("error", "no result")
    if status != "ok":
        return text
    with open(os.path.join(OUT, f"{name}.{method}"), "w") as f:
        f.write(text)
    return None


def write_nfg(path, title, a, b):
    m, n = len(a), len(a[0])
    cells = []
    for j in range(n):
        for i in range(m):
            cells.append(f"{a[i][j]} {b[i][j]}")
    with open(path, "w") as f:
        f.write(f'NFG 1 R "{title}" {{ "1" "2" }} {{ {m} {n} }}\n\n')
        f.write(" ".join(cells) + "\n")


def random_games():
    """Seeded random bimatrix games, 2x2 up to 6x6, payoffs in -5..5 (small
    integers make degenerate games common, which is the point)."""
    rng = random.Random(20261128)
    os.makedirs(RANDOM_DIR, exist_ok=True)
    paths = []
    for k in range(30):
        m, n = rng.randint(2, 6), rng.randint(2, 6)
        lo, hi = (-5, 5) if k % 3 else (0, 3)
        a = [[rng.randint(lo, hi) for _ in range(n)] for _ in range(m)]
        b = [[rng.randint(lo, hi) for _ in range(n)] for _ in range(m)]
        path = os.path.join(RANDOM_DIR, f"rand{k:02}_{m}x{n}.nfg")
        write_nfg(path, f"random {m}x{n} #{k}", a, b)
        paths.append(path)
    return paths


def bench_games():
    rng = random.Random(15)
    os.makedirs(BENCH_DIR, exist_ok=True)
    for size in (10, 15):
        for k in range(3):
            a = [[rng.randint(0, 99) for _ in range(size)] for _ in range(size)]
            b = [[rng.randint(0, 99) for _ in range(size)] for _ in range(size)]
            write_nfg(os.path.join(BENCH_DIR, f"rand{size}x{size}_{k}.nfg"),
                      f"random {size}x{size} #{k}", a, b)


def main():
    os.makedirs(OUT, exist_ok=True)
    games = sorted(glob.glob(os.path.join(CORPUS, "**", "*.nfg"), recursive=True)
                   + glob.glob(os.path.join(CORPUS, "**", "*.efg"), recursive=True))
    todo = [(p, "random__" + os.path.basename(p)) for p in random_games()]
    todo += [(p, os.path.relpath(p, CORPUS).replace("/", "__")) for p in games]
    skipped = []
    for path, name in todo:
        try:
            players = len(read(path).players)
        except Exception as e:  # noqa: BLE001
            skipped.append((name, "read", repr(e)))
            continue
        methods = ["enumpure"] + (["enummixed"] if players == 2 else [])
        for method in methods:
            why = run(path, method, name)
            if why:
                skipped.append((name, method, why))
        print(name, file=sys.stderr)
    bench_games()
    for s in skipped:
        print("skipped:", *s)


if __name__ == "__main__":
    main()
