"""Sweeps and Monte Carlo runs, against `brink sweep` / `montecarlo`, and on
a Dask LocalCluster of two worker processes: equal to one process."""

import io

import numpy as np
import pandas as pd
import pytest

import brinkmanship as bk


def test_sweep_is_the_cli_table(cli):
    df = bk.sweep("audience-cost", "audience_cost=0:3:31")
    csv = pd.read_csv(io.StringIO(cli.text("sweep", "audience-cost", "--vary",
                                           "audience_cost=0:3:31", "--format", "csv")))
    got = df.reset_index(drop=True)
    assert list(got.columns) == list(csv.columns)
    num = [c for c in csv.columns if c != "error"]
    np.testing.assert_array_equal(got[num].to_numpy(float), csv[num].to_numpy(float))
    full = cli.json("sweep", "audience-cost", "--vary", "audience_cost=0:3:31", "--format", "json")
    assert df.attrs["run"]["outcome_names"] == full["outcome_names"]


def test_two_parameter_sweep_with_tuples(cli):
    df = bk.sweep("fearon-risk-return", [("c_a", 0.05, 0.2, 4), ("p", 0.4, 0.6, 3)],
                  set={"c_hi": 0.5})
    full = cli.json("sweep", "fearon-risk-return", "--vary", "c_a=0.05:0.2:4",
                    "--vary", "p=0.4:0.6:3", "--set", "c_hi=0.5", "--format", "json")
    assert len(df) == 12
    assert [list(r) for r in df[["c_a", "p"]].to_numpy()] == [p["params"] for p in full["points"]]
    probs = [c for c in df.columns if c.startswith("prob:")]
    assert [list(r) for r in df[probs].to_numpy()] == [p["outcomes"] for p in full["points"]]


def test_montecarlo_is_the_cli_run(cli):
    df = bk.montecarlo("fearon-risk-return", draws=40, seed=5, dist={"c_a": "uniform(0.05,0.3)"})
    full = cli.json("montecarlo", "fearon-risk-return", "--draws", "40", "--seed", "5",
                    "--dist", "c_a=uniform(0.05,0.3)", "--format", "json", "-q")
    assert list(df.index) == [d["index"] for d in full["points"]]
    names = full["param_names"]
    assert [list(r) for r in df[names].to_numpy()] == [d["params"] for d in full["points"]]
    probs = [c for c in df.columns if c.startswith("prob:")]
    assert [list(r) for r in df[probs].to_numpy()] == [d["outcomes"] for d in full["points"]]
    assert df.attrs["summary"].to_dict("records") == full["summary"]


def test_chunked_run_equals_the_whole_run():
    whole = bk.montecarlo("fearon-risk-return", draws=30, seed=2)
    parts = bk.montecarlo("fearon-risk-return", draws=30, seed=2, chunks=7)
    pd.testing.assert_frame_equal(whole, parts)


def test_bad_input_is_an_analysis_error():
    with pytest.raises(bk.AnalysisError, match="no_such"):
        bk.montecarlo("fearon-risk-return", draws=3, dist={"no_such": "normal(0,1)"})
    with pytest.raises(bk.AnalysisError):
        bk.sweep("fearon-risk-return", "c_a=0:1:0")


@pytest.fixture(scope="module")
def client():
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


def test_dask_montecarlo_equals_one_process(client):
    kw = dict(draws=60, seed=11, dist={"c_a": "uniform(0.05,0.3)"})
    local = bk.montecarlo("fearon-risk-return", **kw)
    dist = bk.montecarlo("fearon-risk-return", client=client, chunks=5, **kw)
    assert len(client.scheduler_info()["workers"]) == 2
    pd.testing.assert_frame_equal(local, dist, check_exact=True)
    pd.testing.assert_frame_equal(local.attrs["summary"], dist.attrs["summary"], check_exact=True)


def test_dask_sweep_equals_one_process(client):
    local = bk.sweep("audience-cost", "audience_cost=0:3:40")
    dist = bk.sweep("audience-cost", "audience_cost=0:3:40", client=client)
    pd.testing.assert_frame_equal(local, dist, check_exact=True)


def test_dask_founding_crisis_draws(client):
    local = bk.montecarlo("founding-crisis", draws=6, seed=3)
    dist = bk.montecarlo("founding-crisis", draws=6, seed=3, client=client, chunks=3)
    pd.testing.assert_frame_equal(local, dist, check_exact=True)


def test_plots(tmp_path):
    mpl = pytest.importorskip("matplotlib")
    mpl.use("Agg")
    ax = bk.plot_sweep(bk.sweep("audience-cost", "audience_cost=0:3:5"))
    assert len(ax.lines) == 4
    ax = bk.plot_montecarlo(bk.montecarlo("fearon-risk-return", draws=10))
    assert ax.patches


def test_progress_through_tqdm(monkeypatch):
    """With tqdm installed, a run shows a bar over its chunks (a stand-in
    tqdm records the updates) and gives the same frame."""
    import sys
    import types

    bars = []

    class FakeTqdm:
        def __init__(self, total=None, desc=None, leave=True):
            self.total, self.n, self.closed = total, 0, False
            bars.append(self)

        def update(self, n):
            self.n += n

        def close(self):
            self.closed = True

    module = types.ModuleType("tqdm.auto")
    module.tqdm = FakeTqdm
    monkeypatch.setitem(sys.modules, "tqdm", types.ModuleType("tqdm"))
    monkeypatch.setitem(sys.modules, "tqdm.auto", module)
    shown = bk.montecarlo("fearon-risk-return", draws=25, seed=4, progress=True, chunks=5)
    assert len(bars) == 1 and bars[0].n == bars[0].total == 5 and bars[0].closed
    silent = bk.montecarlo("fearon-risk-return", draws=25, seed=4, progress=False)
    pd.testing.assert_frame_equal(shown, silent, check_exact=True)
