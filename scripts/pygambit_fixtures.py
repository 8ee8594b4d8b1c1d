"""What the scripts that write brink-nash's n-player oracle fixtures share:
the games they cover, a solve in a child process killed past a time limit
(pygambit cannot be interrupted from Python), and the rows they write.

The scripts (scripts/nash_nplayer_fixtures.py, nash_simpdiv_fixtures.py,
nash_ipa_fixtures.py, nash_gnm_fixtures.py) each give `write_fixtures` a
`solve(game, path)` that returns a fixture's lines, or raises `Skip`.
"""

import glob
import multiprocessing as mp
import os
import queue as queues
import sys

import pygambit as gbt

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "testdata", "gambit")
OUT = os.path.join(ROOT, "testdata", "fixtures", "nplayer")
RANDOM_DIR = os.path.join(OUT, "random")
TIME_LIMIT = 20  # seconds per game
MAX_CELLS = 2_000


class Skip(Exception):
    """A game the script leaves out, with the reason."""


def cells(g):
    """The number of pure-strategy profiles of `g`."""
    total = 1
    for p in g.players:
        total *= len(p.strategies)
    return total


def payoff_span(g):
    """The range of `g`'s payoffs (1 where they are all equal): regrets are
    written relative to it, as brink reports them."""
    pay = [float(g[s][p]) for s in g.contingencies for p in g.players]
    return (max(pay) - min(pay)) or 1.0


def float_row(g, eq):
    """An `NE,...` row: the probabilities player by player as Python's repr
    of the double, which reads back to the same double."""
    return ",".join(["NE"] + [repr(float(eq[s])) for p in g.players for s in p.strategies])


def exact_row(g, eq):
    """An `NE,...` row of exact probabilities (`p/q`)."""
    return ",".join(["NE"] + [str(eq[s]) for p in g.players for s in p.strategies])


def rows_with_regrets(g, path, call, equilibria):
    """A fixture of floating-point equilibria: the header, then per
    equilibrium its regret relative to the payoff range in a `# regret`
    comment and its `NE,...` row."""
    span = payoff_span(g)
    lines = [header(call, path)]
    for eq in equilibria:
        lines.append(f"# regret {eq.max_regret() / span!r}")
        lines.append(float_row(g, eq))
    return lines


def header(call, path):
    """A fixture's first line: the pygambit version, the call and the game."""
    return f"# pygambit {gbt.__version__} {call} on " + os.path.relpath(path, ROOT)


def todo(random_paths):
    """The games and their fixture names: the random games under their file
    names after `random__`, then every strategic game of the corpus under
    its path below testdata/gambit with '/' turned into '__'."""
    games = [(p, "random__" + os.path.basename(p)) for p in random_paths]
    corpus = sorted(glob.glob(os.path.join(CORPUS, "**", "*.nfg"), recursive=True))
    return games + [(p, os.path.relpath(p, CORPUS).replace("/", "__")) for p in corpus]


def random_paths():
    """The random games already written under testdata/fixtures/nplayer/random/
    (by scripts/nash_nplayer_fixtures.py)."""
    return sorted(glob.glob(os.path.join(RANDOM_DIR, "*.nfg")))


def _child(solve, path, out):
    try:
        g = gbt.read_nfg(path)
        if cells(g) > MAX_CELLS:
            raise Skip(f"{cells(g)} cells")
        out.put(("ok", "\n".join(solve(g, path)) + "\n"))
    except Skip as why:
        out.put(("skip", str(why)))
    except Exception as e:  # noqa: BLE001 -- report and go on
        out.put(("error", repr(e)))


def solve_within_limit(solve, path):
    """`solve(game, path)`'s lines as one text, or None and the reason
    (skipped, failed, or still running after TIME_LIMIT seconds)."""
    out = mp.Queue()
    proc = mp.Process(target=_child, args=(solve, path, out))
    proc.start()
    try:
        # Read before joining: a child that has put a large text waits for
        # it to be read before it can exit.
        status, text = out.get(timeout=TIME_LIMIT)
    except queues.Empty:
        status, text = "timeout", f"timeout after {TIME_LIMIT}s"
    if proc.is_alive():
        proc.kill()
    proc.join()
    return (text, None) if status == "ok" else (None, text)


def write_fixtures(games, extension, solve):
    """Writes `<name>.<extension>` under testdata/fixtures/nplayer/ for each
    `(path, name)` of `games` that `solve` does within the limit; prints each
    name as it goes (stderr) and the games left out, with why, at the end."""
    os.makedirs(OUT, exist_ok=True)
    skipped = []
    for path, name in games:
        text, why = solve_within_limit(solve, path)
        if text is None:
            skipped.append((name, why))
        else:
            with open(os.path.join(OUT, f"{name}.{extension}"), "w") as f:
                f.write(text)
        print(name, file=sys.stderr)
    for s in skipped:
        print("skipped:", *s)
