#!/usr/bin/env python3
"""pygambit as the oracle for brink-gambit.

For every .efg/.nfg file of testdata/gambit this script

1. reads the original with pygambit and records a fingerprint of the game
   (sizes, and exact payoff and probability sums weighted by position) in
   crates/brink-gambit/tests/fixtures/pygambit_corpus.tsv; the Rust test
   tests/pygambit_oracle.rs computes the same fingerprint from our reader,
   so CI checks our reading against Gambit's without Python;
2. rewrites the file with our writer (the `rewrite` example of brink-gambit)
   and checks that pygambit reads what we wrote and sees the same game as in
   the original: same fingerprint, title, and labels of players, nodes,
   information sets, actions, outcomes and strategies. The result goes to
   crates/brink-gambit/tests/fixtures/pygambit_roundtrip.txt.

Usage: python3 scripts/gambit_roundtrip.py   (from the repository root; needs pygambit)
"""

import pathlib
import subprocess
import sys
import tempfile
from fractions import Fraction

import pygambit as gb

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "testdata" / "gambit"
FIXTURES = ROOT / "crates" / "brink-gambit" / "tests" / "fixtures"


def q(x):
    return Fraction(str(x))


def fmt(x):
    return str(Fraction(x))


def read(path):
    if path.suffix == ".efg":
        return gb.read_efg(str(path))
    return gb.read_nfg(str(path))


def efg_fingerprint(g):
    players = list(g.players)
    s1 = [Fraction(0)] * len(players)
    s2 = [Fraction(0)] * len(players)
    chance = Fraction(0)
    # Preorder walk (the order of the file) carrying the payoffs accumulated
    # from the outcomes on the path.
    stack = [(g.root, [Fraction(0)] * len(players))]
    k = 0
    while stack:
        n, acc = stack.pop()
        k += 1
        here = list(acc)
        for i, p in enumerate(players):
            try:
                here[i] += q(n.outcome[p])
            except KeyError:  # no outcome at this node
                break
        if n.is_terminal:
            for i in range(len(players)):
                s1[i] += here[i]
                s2[i] += k * here[i]
        else:
            if n.infoset.is_chance:
                for j, a in enumerate(n.infoset.actions):
                    chance += k * (j + 1) * q(a.prob)
            stack.extend((c, here) for c in reversed(list(n.children)))
    return [
        "efg",
        str(len(players)),
        str(k),
        ",".join(str(len(list(p.infosets))) for p in players) or "-",
        str(len(list(g.players.chance.infosets))),
        str(len(list(g.outcomes))),
        ",".join(map(fmt, s1)) or "-",
        ",".join(map(fmt, s2)) or "-",
        fmt(chance),
    ]


def nfg_fingerprint(g):
    players = list(g.players)
    shape = [len(list(p.strategies)) for p in players]
    s1 = [Fraction(0)] * len(players)
    s2 = [Fraction(0)] * len(players)
    for c in g.contingencies:
        cell, stride = 0, 1  # first player fastest, as in .nfg files
        for p, s in enumerate(c):
            cell += s * stride
            stride *= shape[p]
        for i, p in enumerate(players):
            v = q(g[c][p])
            s1[i] += v
            s2[i] += (cell + 1) * v
    return [
        "nfg",
        str(len(players)),
        ",".join(map(str, shape)),
        str(len(list(g.outcomes))),
        ",".join(map(fmt, s1)),
        ",".join(map(fmt, s2)),
    ]


def fingerprint(g):
    return efg_fingerprint(g) if g.is_tree else nfg_fingerprint(g)


def labels(g):
    out = [g.title, [p.label for p in g.players]]
    if g.is_tree:
        out.append([n.label for n in g.nodes])
        out.append([o.label for o in g.outcomes])
        for p in list(g.players) + [g.players.chance]:
            out.append([(i.label, [a.label for a in i.actions]) for i in p.infosets])
    else:
        out.append([[s.label for s in p.strategies] for p in g.players])
    return out


def main():
    files = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".efg", ".nfg"))
    FIXTURES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        outs = [pathlib.Path(tmp) / f"{k}{p.suffix}" for k, p in enumerate(files)]
        args = [str(a) for pair in zip(files, outs) for a in pair]
        subprocess.run(
            ["cargo", "run", "-q", "-p", "brink-gambit", "--example", "rewrite", "--", *args],
            cwd=ROOT,
            check=True,
        )
        tsv, report = [], []
        counts = {"same": 0, "input refused": 0, "DIFFERENT": 0, "OUTPUT REFUSED": 0}
        for path, out in zip(files, outs):
            rel = path.relative_to(CORPUS).as_posix()
            try:
                original = read(path)
            except Exception as e:  # pygambit refuses some of Gambit's own files
                msg = str(e).replace("\t", " ").replace("\n", " ")
                tsv.append("\t".join([rel, "refused", msg]))
                report.append(f"{rel}\tinput refused by pygambit: {msg}")
                counts["input refused"] += 1
                continue
            tsv.append("\t".join([rel] + fingerprint(original)))
            try:
                ours = read(out)
            except Exception as e:
                report.append(f"{rel}\tOUTPUT REFUSED: {e}")
                counts["OUTPUT REFUSED"] += 1
                continue
            if fingerprint(ours) == fingerprint(original) and labels(ours) == labels(original):
                report.append(f"{rel}\tsame")
                counts["same"] += 1
            else:
                report.append(f"{rel}\tDIFFERENT")
                counts["DIFFERENT"] += 1
        summary = (
            f"pygambit {gb.__version__}: {len(files)} files; pygambit reads our rewrite as the same game "
            f"for {counts['same']}; input refused by pygambit: {counts['input refused']}; "
            f"different: {counts['DIFFERENT']}; our output refused: {counts['OUTPUT REFUSED']}"
        )
        (FIXTURES / "pygambit_corpus.tsv").write_text(
            "# path\tkind\tfingerprint (written by scripts/gambit_roundtrip.py)\n" + "\n".join(tsv) + "\n"
        )
        (FIXTURES / "pygambit_roundtrip.txt").write_text(summary + "\n" + "\n".join(report) + "\n")
        print(summary)
        return 0 if counts["DIFFERENT"] == 0 and counts["OUTPUT REFUSED"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
