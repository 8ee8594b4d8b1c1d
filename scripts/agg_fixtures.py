#!/usr/bin/env python3
"""Fixtures for the .agg/.bagg reader: what pygambit 16.7.0 reads from each
action-graph game of Gambit's repository (testdata/gambit) and from ours
(testdata/agg: function nodes of every signature), so that
`cargo test` checks our reading and our enumpure without Python.

For each game: the agents' strategy counts, the strategic form's payoffs
(every profile for games of at most 1,000 profiles, and for games of at most
5,000 whose payoffs pygambit 16.7.0 rounded through doubles (decimals in the
file), which the test compares to 1e-12; otherwise an FNV-1a 64-bit hash of
the payoff text plus 300 profiles drawn with a fixed seed),
and enumpure's pure equilibria as strategy indices. Files pygambit 16.7.0
cannot read are listed with its error.

Usage: /tmp/venv-h19b/bin/python scripts/agg_fixtures.py
(pip install pygambit==16.7.0 into that venv first).
"""

import json
import pathlib
import random

import pygambit as gbt

ROOT = pathlib.Path(__file__).resolve().parent.parent
TESTDATA = ROOT / "testdata"
GAMES = [TESTDATA / "gambit", TESTDATA / "agg"]
OUT = ROOT / "testdata" / "fixtures" / "agg"
FULL_LIMIT = 1000
SAMPLE = 300


def text(x):
    """A payoff as brinkmanship writes rationals: `3`, `-1/3`."""
    r = gbt.Rational(x) if not isinstance(x, gbt.Rational) else x
    return str(r.numerator) if r.denominator == 1 else f"{r.numerator}/{r.denominator}"


def fnv1a64(data: bytes) -> str:
    h = 0xCBF29CE484222325
    for b in data:
        h ^= b
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


def profiles(shape):
    """Every pure profile, the first agent's strategy fastest (Gambit's order)."""
    p = [0] * len(shape)
    while True:
        yield tuple(p)
        for i, k in enumerate(shape):
            p[i] += 1
            if p[i] < k:
                break
            p[i] = 0
        else:
            return


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    paths = sorted(p for folder in GAMES for p in folder.rglob("*"))
    for path in paths:
        if path.suffix not in (".agg", ".bagg"):
            continue
        rel = path.relative_to(TESTDATA).as_posix()
        record = {"file": rel, "pygambit": gbt.__version__}
        reader = gbt.read_agg if path.suffix == ".agg" else gbt.read_bagg
        try:
            game = reader(str(path))
        except Exception as e:  # noqa: BLE001 - the error is the fixture
            record["unreadable"] = str(e)
        else:
            players = list(game.players)
            shape = [len(p.strategies) for p in players]
            record["players"] = [p.label for p in players]
            record["shape"] = shape
            total = 1
            for k in shape:
                total *= k
            record["profiles"] = total
            rows = []
            for prof in profiles(shape):
                outcome = game[prof]
                rows.append(",".join(text(outcome[p]) for p in players))
            # A denominator above 2^20 is a double's rounding of a decimal:
            # no exact text to hash.
            rounded = any(
                int(v.split("/")[1]) > 1 << 20 for r in rows for v in r.split(",") if "/" in v
            )
            if total <= FULL_LIMIT or (rounded and total <= 5 * FULL_LIMIT):
                record["payoffs"] = rows
            else:
                record["fnv1a64"] = fnv1a64("".join(r + "\n" for r in rows).encode())
                rng = random.Random(19)
                picks = sorted(rng.sample(range(total), SAMPLE))
                record["sample"] = [{"cell": c, "payoffs": rows[c]} for c in picks]
            eqs = gbt.nash.enumpure_solve(game).equilibria
            record["enumpure"] = [
                [next(j for j, s in enumerate(p.strategies) if eq[s] == 1) for p in players]
                for eq in eqs
            ]
        name = rel.replace("/", "__") + ".json"
        (OUT / name).write_text(json.dumps(record, indent=1) + "\n")
        print(name, "unreadable" if "unreadable" in record else record["profiles"])


if __name__ == "__main__":
    main()
