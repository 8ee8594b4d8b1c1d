#!/usr/bin/env python3
"""What calling brinkmanship through Python costs, and what Dask gains.

1. Overhead: `bk.run("founding-crisis")` and the leblang2003 fit
   (`bk.estimate` on a pandas DataFrame), against the same library calls
   timed in Rust with no Python in the loop (`_native.bench_library_*`, which
   call the library as the `brink` binary does). The two are interleaved,
   repetition by repetition, so that load from other work hits both alike;
   the overhead is the ratio of the fastest times, minus one.
2. Dask: a Monte Carlo run of the founding crisis (`--draws`, default 2000)
   on a LocalCluster of one worker process, then of two (one thread each,
   one rayon thread per task), and the speed-up. Both give the same frame.

Needs the package (`pip install ./python`) and dask[distributed]:

    python3 bench/python_overhead.py [--reps 15] [--draws 2000] [--skip-dask]
"""

import argparse
import os
import pathlib
import statistics
import time

import pandas as pd

import brinkmanship as bk
from brinkmanship import _native

ROOT = pathlib.Path(__file__).resolve().parent.parent
LEBLANG = ROOT / "crates" / "brink-estimate" / "tests" / "data" / "leblang2003.csv"
FORMULA = ("outcome ~ capcont + lreserves + overval + creditgrow + USinterest + service"
           " + contagion + prioratt - 1 | 1 | 1 | unifgov + lexports + preelec + postelec"
           " + rightgov + realinterest + capcont + lreserves")
LEVELS = ["no attack", "devaluation", "defense"]


def interleaved(reps, python_call, library_call):
    """Fastest times of the Python call and of the library alone, alternating:
    on a shared machine, load only ever adds time, so the minimum is the
    least noisy estimate of each (the medians are printed too)."""
    py, lib = [], []
    python_call()  # warm up both: first calls pay for page faults and pools
    library_call()
    for _ in range(reps):
        t = time.perf_counter()
        python_call()
        py.append(time.perf_counter() - t)
        lib.append(library_call())
    print(f"  medians: Python {statistics.median(py) * 1e3:.1f} ms, "
          f"library {statistics.median(lib) * 1e3:.1f} ms")
    return min(py), min(lib)


def overhead(reps):
    py, lib = interleaved(
        reps, lambda: bk.run("founding-crisis"),
        lambda: _native.bench_library_run("founding-crisis", 1)[0])
    print(f"bk.run('founding-crisis'): Python {py * 1e3:.1f} ms, library {lib * 1e3:.1f} ms, "
          f"overhead {100 * (py / lib - 1):+.1f}%")
    df = pd.read_csv(LEBLANG)
    py, lib = interleaved(
        reps,
        lambda: bk.estimate("egame12", df, FORMULA, errors="private", levels=LEVELS),
        lambda: _native.bench_library_fit("egame12", str(LEBLANG), FORMULA, "private",
                                          LEVELS, 1)[0])
    print(f"leblang2003 fit (7240 rows, 19 parameters): Python {py * 1e3:.1f} ms, "
          f"library {lib * 1e3:.1f} ms, overhead {100 * (py / lib - 1):+.1f}%")


def _cpu_seconds():
    """A worker process's CPU seconds so far (run on each worker)."""
    import resource

    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def dask_speedup(draws):
    from distributed import Client, LocalCluster

    times, frames = {}, {}
    for workers in (1, 2):
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            # warm the workers: import the package and solve once
            bk.montecarlo("founding-crisis", draws=workers, seed=99, client=client)
            cpu0 = sum(client.run(_cpu_seconds).values())
            t = time.perf_counter()
            frames[workers] = bk.montecarlo("founding-crisis", draws=draws, seed=1,
                                            client=client)
            times[workers] = time.perf_counter() - t
            cpu = sum(client.run(_cpu_seconds).values()) - cpu0
        # The workers' CPU seconds over (workers x wall seconds): below 1
        # where the workers waited, for tasks or for cores that other work held.
        print(f"montecarlo founding-crisis, {draws} draws, {workers} worker(s): "
              f"{times[workers]:.1f} s, workers' CPU {cpu:.1f} s "
              f"(busy {100 * cpu / (workers * times[workers]):.0f}%), "
              f"load average {os.getloadavg()[0]:.1f}")
    pd.testing.assert_frame_equal(frames[1], frames[2], check_exact=True)
    print(f"speed-up with 2 workers: {times[1] / times[2]:.2f}x (identical frames)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=15)
    ap.add_argument("--draws", type=int, default=2000)
    ap.add_argument("--skip-dask", action="store_true")
    args = ap.parse_args()
    print(f"cores: {os.cpu_count()}, load average: {os.getloadavg()[0]:.1f}")
    overhead(args.reps)
    if not args.skip_dask:
        dask_speedup(args.draws)
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
