#!/usr/bin/env python3
"""Prints pygambit 16.7's logit branch (`pygambit.qre.logit_solve_branch`, the
tracer behind `logit_solve`) for one Gambit file as CSV: lambda, then each
probability in Gambit's order. Compare with `brink solve FILE --method logit
--path csv` to see where two tracers part (see crates/brink-qre/tests/corpus.rs).

Usage: python3 scripts/pygambit_branch.py FILE [--maxregret 1e-8]
"""
import argparse
import csv
import sys

import pygambit as gbt


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--maxregret", type=float, default=1e-8)
    args = ap.parse_args()
    game = gbt.read_efg(args.file) if args.file.endswith(".efg") else gbt.read_nfg(args.file)
    if game.is_tree:
        size = sum(len(i.actions) for p in game.players for i in p.infosets)
    else:
        size = sum(len(p.strategies) for p in game.players)
    w = csv.writer(sys.stdout)
    w.writerow(["lambda"] + [f"p{k}" for k in range(size)])
    for q in gbt.qre.logit_solve_branch(game, maxregret=args.maxregret):
        w.writerow([repr(float(q.lam))] + [repr(float(q[k])) for k in range(size)])


if __name__ == "__main__":
    main()
