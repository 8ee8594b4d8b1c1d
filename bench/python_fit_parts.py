#!/usr/bin/env python3
"""Where the time of the leblang2003 fit from Python goes, in CPU time.

Round-robin over four calls, `rounds` times: the native fit on a frame's
columns as `bk.estimate` hands them over, the native fit on the CSV file's
text, `bk.estimate(df)` whole, and the library alone reading the CSV file
(`brink estimate`'s calls). CPU time (`time.process_time`, all threads) is
printed beside wall time: on a small shared machine the wall-clock minima
swing by tens of percent while CPU medians hold within a few.

    python3 bench/python_fit_parts.py [--rounds 20]
"""

import argparse
import os
import statistics
import sys
import time

import pandas as pd

import brinkmanship as bk
from brinkmanship import _native
from brinkmanship._estimate import _data

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from python_overhead import FORMULA, LEBLANG, LEVELS  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=20)
    rounds = ap.parse_args().rounds
    df = pd.read_csv(LEBLANG)
    csv = LEBLANG.read_text(encoding="utf-8")
    cols = _data(df, (FORMULA, None))

    def native(data):
        return _native.estimate("egame12", data, FORMULA, "private", "probit", LEVELS, [],
                                None, None, None, None, "both", 0, 1, 0)

    calls = {
        "native(frame columns)": lambda: native(cols),
        "native(CSV text)": lambda: native(csv),
        "bk.estimate(df)": lambda: bk.estimate("egame12", df, FORMULA, errors="private",
                                               levels=LEVELS),
        "library (CSV file)": lambda: _native.bench_library_fit(
            "egame12", str(LEBLANG), FORMULA, "private", LEVELS, 1),
    }
    times = {k: ([], []) for k in calls}
    for f in calls.values():  # warm up: page faults, the rayon pool
        f()
    print(f"cores: {os.cpu_count()}, load average: {os.getloadavg()[0]:.1f}")
    for _ in range(rounds):
        for k, f in calls.items():
            w, c = time.perf_counter(), time.process_time()
            f()
            times[k][0].append(time.perf_counter() - w)
            times[k][1].append(time.process_time() - c)
    for k, (w, c) in times.items():
        print(f"{k:22s} CPU median {statistics.median(c) * 1e3:5.1f} ms, "
              f"wall median {statistics.median(w) * 1e3:5.1f} ms, min {min(w) * 1e3:5.1f} ms")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
