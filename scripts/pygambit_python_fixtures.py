#!/usr/bin/env python3
"""pygambit's side of the Python package's round trip, precomputed for CI.

`bk.from_pygambit(game)` reads what pygambit writes (`game.to_efg()` /
`to_nfg()`); `bk.to_pygambit` writes our text and has pygambit read it. CI has
no pygambit, so for a sample of the corpus this script records, under
testdata/fixtures/pygambit_written/:

- `<path>`: the text pygambit 16.7 writes after reading the corpus file, which
  python/tests/test_games.py reads back with `bk.from_pygambit` (through a
  stand-in object with pygambit's methods) and compares with the original;
- `<path>.ours`: the fingerprint (title, players, labels, exact payoffs) of
  the game pygambit reads from *our* writer's text, which the same test
  compares with our reading of the original.

With pygambit installed the test also runs the round trip live.

Usage: python3 scripts/pygambit_python_fixtures.py   (needs pygambit and the package)
"""

import json
import pathlib
import tempfile

import pygambit as gbt

import brinkmanship as bk

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "testdata" / "gambit"
OUT = ROOT / "testdata" / "fixtures" / "pygambit_written"


def sample():
    efg = sorted(CORPUS.rglob("*.efg"))
    nfg = sorted(CORPUS.rglob("*.nfg"))
    return efg[::6] + nfg[::4]


def pygambit_text(game):
    return game.to_efg() if game.is_tree else game.to_nfg()


def fingerprint(game):
    """What both sides must agree on, from a pygambit game."""
    f = {"title": game.title, "players": [p.label for p in game.players],
         "outcomes": [[o.label, [str(o[p]) for p in game.players]] for o in game.outcomes]}
    if game.is_tree:
        f["infosets"] = [[p.label, [a.label for a in i.actions]]
                         for p in game.players for i in p.infosets]
    else:
        f["strategies"] = [[s.label for s in p.strategies] for p in game.players]
    return f


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    done = 0
    for path in sample():
        rel = path.relative_to(CORPUS)
        try:
            theirs = gbt.read_efg(str(path)) if path.suffix == ".efg" else gbt.read_nfg(str(path))
            ours = bk.read_game(path)
        except Exception as e:  # a file either side refuses is not a round-trip case
            print(f"skip {rel}: {e}")
            continue
        target = OUT / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(pygambit_text(theirs))
        back = bk.to_pygambit(ours)
        (OUT / (str(rel) + ".ours")).write_text(json.dumps(fingerprint(back), indent=1) + "\n")
        done += 1
    print(f"{done} games written to {OUT}")


if __name__ == "__main__":
    main()
