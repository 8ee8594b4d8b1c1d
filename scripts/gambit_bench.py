#!/usr/bin/env python3
"""Reading speed, brink-gambit against pygambit, side by side.

Reads the largest files of testdata/gambit and a generated binary tree
(2^16 leaves) with pygambit and with our reader (the `read_timing` example,
release build), and prints the mean time per read and the ratio.
Both sides include opening and reading the file.

Usage: python3 scripts/gambit_bench.py   (from the repository root; needs pygambit)
"""

import pathlib
import subprocess
import sys
import tempfile
import time

import pygambit as gb

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "testdata" / "gambit"
FILES = [
    "contrib/games/condjury.efg",
    "contrib/games/jury_mr.efg",
    "contrib/games/artist2.efg",
    "contrib/games/ttt.efg",
    "catalog/journals/dcg/vonstengel1999/6x6_game_with_75_eq.nfg",
]


def big_tree(depth):
    """A complete binary tree: chance at the root, then two players alternating,
    one information set per level, a distinct outcome at every leaf."""
    lines = ['EFG 2 R "big" { "A" "B" }', '""']
    declared = set()
    leaf = 0
    stack = [0]
    while stack:
        d = stack.pop()
        if d == depth:
            leaf += 1
            lines.append(f't "" {leaf} "" {{ {leaf % 7}, -{leaf % 5}/3 }}')
            continue
        if d == 0:
            lines.append('c "root" 1 "nature" { "H" 1/2 "T" 1/2 } 0')
        elif d not in declared:
            declared.add(d)
            lines.append(f'p "" {1 + d % 2} {d} "" {{ "L" "R" }} 0')
        else:
            lines.append(f'p "" {1 + d % 2} {d} 0')
        stack += [d + 1, d + 1]
    return "\n".join(lines) + "\n"


def pygambit_time(path, repeats):
    read = gb.read_efg if path.suffix == ".efg" else gb.read_nfg
    read(str(path))
    start = time.perf_counter()
    for _ in range(repeats):
        read(str(path))
    return (time.perf_counter() - start) / repeats


def our_time(path, repeats):
    out = subprocess.run(
        ["cargo", "run", "-q", "--release", "-p", "brink-gambit", "--example", "read_timing", "--", str(path), str(repeats)],
        cwd=ROOT, check=True, capture_output=True, text=True,
    )
    return float(out.stdout.strip())


def main():
    with tempfile.TemporaryDirectory() as tmp:
        big = pathlib.Path(tmp) / "big.efg"
        big.write_text(big_tree(16))
        cases = [(CORPUS / f, 200) for f in FILES] + [(big, 2)]
        print(f"{'file':<40} {'bytes':>10} {'pygambit s':>12} {'ours s':>12} {'pygambit/ours':>14}")
        for path, repeats in cases:
            theirs = pygambit_time(path, repeats)
            ours = our_time(path, repeats)
            print(f"{path.name:<40} {path.stat().st_size:>10} {theirs:>12.6f} {ours:>12.6f} {theirs / ours:>14.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
