"""Sweeps and Monte Carlo runs as DataFrames, on this machine or on a Dask
cluster. A distributed run is split into the shards of ``brink ... --shard
i/n`` (draw ``i`` is seeded by its index, a sweep's rows are fixed chunks),
one Dask task each, and merged exactly: the result equals a single-process
run with the same seed, draw for draw."""

from __future__ import annotations

import json
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import pandas as pd

from . import _native
from ._crisis import _pairs, _source
from ._progress import progress_callback

Vary = Union[str, Tuple[str, float, float, int]]


def _vary_arg(v: Vary) -> str:
    if isinstance(v, str):
        return v
    name, lo, hi, steps = v
    return f"{name}={lo!r}:{hi!r}:{int(steps)}"


def _dist_args(dist: Optional[Mapping[str, str]]) -> List[str]:
    return [f"{k}={v}" for k, v in (dist or {}).items()]


def _part(kind: str, args: Dict[str, Any], shard: Optional[Tuple[int, int]],
          threads: Optional[int]) -> str:
    """One shard on whichever process runs it (a Dask worker imports this module)."""
    fn = _native.montecarlo if kind == "montecarlo" else _native.sweep
    return fn(**args, shard=shard, threads=threads)


# Dask tasks per worker when ``chunks`` is not given.
CHUNKS_PER_WORKER = 16


def _run(kind: str, args: Dict[str, Any], client: Any, chunks: Optional[int],
         threads: Optional[int], progress: Optional[bool], units: int) -> Dict[str, Any]:
    """The run's JSON object: whole here, or in ``chunks`` shards on ``client``
    (or here, chunk by chunk, to show progress)."""
    bar = progress_callback(kind, progress, client is not None or units >= 256)
    if client is None and bar is None and not chunks:
        return json.loads(_part(kind, args, None, threads))
    if chunks is None:
        workers = len(client.scheduler_info()["workers"]) if client is not None else 1
        # Many small tasks: a draw's cost varies (a hard solve takes ten times
        # a median one), and with few large tasks one worker idles at the
        # end. 2,000 draws of the founding crisis on 2 workers: 29.6 s in 16
        # tasks, 24.3 s in 32, 27.0 s in 64 (one worker: 51 s either way).
        chunks = max(1, min(units, CHUNKS_PER_WORKER * workers if client is not None else 20))
    shards = [(i, chunks) for i in range(1, chunks + 1)]
    parts: List[str] = []
    if client is None:
        for s in shards:
            parts.append(_part(kind, args, s, threads))
            if bar:
                bar.update(1, total=chunks)
    else:
        from distributed import as_completed

        # One rayon thread per task by default: the cluster's parallelism is
        # its workers' threads, and more would oversubscribe their cores.
        futures = client.map(_part, [kind] * chunks, [args] * chunks, shards,
                             [threads or 1] * chunks, pure=False)
        for _ in as_completed(futures):
            if bar:
                bar.update(1, total=chunks)
        parts = client.gather(futures)
    if bar:
        bar.close()
    return json.loads(_native.merge(parts))


def _points_frame(run: Dict[str, Any], names: List[str], points: List[Dict[str, Any]],
                  index: str) -> pd.DataFrame:
    outcomes, metrics = run["outcome_names"], run["metric_names"]
    cols = names + [f"prob:{o}" for o in outcomes] + [f"metric:{m}" for m in metrics] + [
        "regret", "error"]
    rows = []
    for p in points:
        ok = p.get("error") is None
        vals = list(p["params"])
        vals += list(p["outcomes"]) + list(p["metrics"]) if ok else [None] * (
            len(outcomes) + len(metrics))
        vals += [p.get("regret"), p.get("error")]
        rows.append(vals)
    df = pd.DataFrame(rows, columns=cols, index=pd.Index([p["index"] for p in points], name=index))
    df.attrs["run"] = {k: v for k, v in run.items() if k != "points"}
    return df


def sweep(name_or_source: str, vary: Union[Vary, Sequence[Vary]],
          set: Optional[Mapping[str, float]] = None, method: str = "auto",
          client: Any = None, chunks: Optional[int] = None, threads: Optional[int] = None,
          progress: Optional[bool] = None) -> pd.DataFrame:
    """Comparative statics, as ``brink sweep``: the scenario solved over a
    grid of one or two parameters.

    ``vary`` is ``"name=from:to:steps"`` or ``(name, from, to, steps)``, or
    two of them (the first varies fastest). One row per grid point (index:
    its position): the varied parameters, ``prob:OUTCOME``, ``metric:NAME``,
    ``regret`` and ``error``, the columns of ``brink sweep``'s CSV; the run's
    other facts are in ``df.attrs["run"]``. With a Dask ``client`` the grid is
    split into ``chunks`` shards run on the cluster, with the same result.

    >>> df = sweep("audience-cost", "audience_cost=0:3:4")
    >>> list(df["audience_cost"])
    [0.0, 1.0, 2.0, 3.0]
    """
    text, is_source = _source(name_or_source)
    vs = [vary] if isinstance(vary, (str, tuple)) else list(vary)
    args = dict(source=text, is_source=is_source, vary=[_vary_arg(v) for v in vs],
                set=_pairs(set), method=method)
    points = 1
    for v in args["vary"]:  # a rough size for the progress bar; Rust checks the syntax
        steps = v.rsplit(":", 1)[-1].strip()
        points *= int(steps) if steps.isdigit() else 1
    run = _run("sweep", args, client, chunks, threads, progress, max(1, points // 16))
    return _points_frame(run, run["param_names"], run["points"], "point")


def montecarlo(name_or_source: str = "founding-crisis", draws: int = 1000, seed: int = 1,
               dist: Optional[Mapping[str, str]] = None,
               set: Optional[Mapping[str, float]] = None, method: str = "auto",
               client: Any = None, chunks: Optional[int] = None, threads: Optional[int] = None,
               progress: Optional[bool] = None) -> pd.DataFrame:
    """Parameter uncertainty, as ``brink montecarlo``: the scenario solved at
    ``draws`` draws of its uncertain parameters.

    ``dist`` maps a parameter to ``"normal(m,s)"``, ``"uniform(a,b)"`` or
    ``"beta(a,b)"`` (replacing its declared distribution); ``set`` fixes
    parameters. One row per draw (index: draw number): the drawn values,
    ``prob:OUTCOME``, ``metric:NAME``, ``regret``, ``error``; the summary
    table (mean, sd, quantiles) is ``df.attrs["summary"]``. Draw ``i`` depends
    only on ``seed`` and ``i``: with a Dask ``client`` the draws are split
    into ``chunks`` tasks and the frame is identical.

    >>> df = montecarlo("fearon-risk-return", draws=4, seed=7, dist={"c_a": "uniform(0.1,0.3)"})
    >>> len(df), df.index.name
    (4, 'draw')
    """
    text, is_source = _source(name_or_source)
    args = dict(source=text, is_source=is_source, draws=draws, seed=seed,
                dists=_dist_args(dist), set=_pairs(set), method=method)
    run = _run("montecarlo", args, client, chunks, threads, progress, draws)
    df = _points_frame(run, run["param_names"], run["points"], "draw")
    df.attrs["summary"] = pd.DataFrame(run["summary"])
    return df


def plot_sweep(df: pd.DataFrame, ax: Any = None) -> Any:
    """Outcome probabilities against the (first) varied parameter, on
    matplotlib (which must be installed). Returns the axes."""
    import matplotlib.pyplot as plt

    x = df.columns[0]
    ax = ax or plt.subplots()[1]
    for c in df.columns:
        if c.startswith("prob:"):
            ax.plot(df[x], df[c], label=c[5:])
    ax.set_xlabel(x)
    ax.set_ylabel("probability")
    ax.legend()
    return ax


def plot_montecarlo(df: pd.DataFrame, column: str = "", ax: Any = None) -> Any:
    """A histogram of one column over the draws (by default the first
    outcome probability), on matplotlib. Returns the axes."""
    import matplotlib.pyplot as plt

    column = column or next(c for c in df.columns if c.startswith("prob:"))
    ax = ax or plt.subplots()[1]
    ax.hist(df[column].dropna(), bins=30)
    ax.set_xlabel(column)
    ax.set_ylabel("draws")
    return ax
