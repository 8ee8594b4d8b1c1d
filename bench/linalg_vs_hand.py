#!/usr/bin/env python3
"""nalgebra against the hand-written dense linear algebra it replaced.

Runs brink-qre's criterion bench `linalg` (the hand-written LU, Cholesky
solve, SPD inverse and tracer QR step, kept in the bench as the baseline,
against what the crates now run) and prints, per routine and size, both
median times and the ratio nalgebra / hand-written (below 1: nalgebra is
faster).

Usage:  python3 bench/linalg_vs_hand.py [--measurement-time 3]
"""
import argparse
import os
import re
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
UNIT = {"ns": 1e-9, "µs": 1e-6, "us": 1e-6, "ms": 1e-3, "s": 1.0}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--measurement-time", type=float, default=3.0)
    args = ap.parse_args()
    out = subprocess.run(
        ["cargo", "bench", "-q", "-p", "brink-qre", "--bench", "linalg", "--",
         "--warm-up-time", "1", "--measurement-time", str(args.measurement_time), "--noplot"],
        cwd=ROOT, check=True, capture_output=True, text=True).stdout
    # Criterion prints "group/variant/size" and, on the same line or the next,
    # "time:   [low median high]".
    times = {}
    for name, value, unit in re.findall(
            r"^(\S+/\S+/\d+)\s+time:\s+\[\S+ \S+ (\S+) (\S+) \S+ \S+\]", out, re.M):
        times[name] = float(value) * UNIT[unit]
    print(f"{'routine':<16} {'size':>5} {'hand (us)':>11} {'nalgebra (us)':>14} {'ratio':>6}")
    for name, hand in times.items():
        group, variant, size = name.split("/")
        if variant != "hand":
            continue
        nal = times[f"{group}/nalgebra/{size}"]
        print(f"{group:<16} {size:>5} {hand * 1e6:>11.3f} {nal * 1e6:>14.3f} {nal / hand:>6.2f}")


if __name__ == "__main__":
    main()
