"""Strategic estimation from pandas, against `brink estimate` and `brink predict`."""

import io

import numpy as np
import pandas as pd
import pytest

import brinkmanship as bk
from conftest import ESTIMATE_DATA

WAR1800 = ESTIMATE_DATA / "war1800.csv"
FORMULA = "esc + war ~ peaceyrs + s_wt_re1 - 1 | 1 | balanc - 1 | balanc"


@pytest.fixture(scope="module")
def war1800():
    return pd.read_csv(WAR1800)


@pytest.fixture(scope="module")
def fit(war1800):
    return bk.estimate("egame12", data=war1800, formula=FORMULA, errors="private",
                       link="probit")


@pytest.fixture(scope="module")
def cli_fit(cli):
    return cli.json("estimate", "egame12", "--data", WAR1800, "--formula", FORMULA,
                    "--errors", "private", "--format", "json")


def test_fit_matches_the_cli(fit, cli_fit):
    assert fit.nobs == cli_fit["n"]
    # The likelihood sums in parallel chunks: the last bits may differ
    # between two runs of the same binary, never more.
    assert fit.loglik == pytest.approx(cli_fit["loglik"], rel=1e-12)
    est = [c["estimate"] for c in cli_fit["coefficients"]]
    se = [c["se"] for c in cli_fit["coefficients"]]
    np.testing.assert_allclose(fit.params.to_numpy(), est, rtol=1e-8)
    np.testing.assert_allclose(fit.bse.to_numpy(), se, rtol=1e-8)
    d = fit.to_dict()
    for k in ("model", "n", "errors", "link", "formula", "outcome_codes", "dropped", "xlevels"):
        assert d[k] == cli_fit[k]


def test_summary_is_the_cli_table(cli, fit):
    text = cli.text("estimate", "egame12", "--data", WAR1800, "--formula", FORMULA,
                    "--errors", "private")
    s = fit.summary()
    assert _numbers_close(str(s), text)
    t = s.table
    assert list(t.columns) == ["coef", "std err", "z", "P>|z|", "[0.025", "0.975]"]
    np.testing.assert_allclose(t["z"], fit.params / fit.bse)
    assert fit.vcov.shape == (len(fit.params), len(fit.params))
    np.testing.assert_allclose(np.sqrt(np.diag(fit.vcov)), fit.bse, rtol=1e-12)


def _numbers_close(a, b):
    """The same table, numbers equal to the printed precision."""
    return a.split() == b.split() or all(
        x == y or abs(float(x) - float(y)) <= 1e-3 * (1 + abs(float(y)))
        for x, y in zip(a.split(), b.split()))


def test_predict_matches_brink_predict(cli, fit, war1800, tmp_path):
    model = tmp_path / "fit.json"
    import json
    model.write_text(json.dumps(fit.to_dict()))
    new = war1800.head(25)
    data = tmp_path / "new.csv"
    new.to_csv(data, index=False)
    got = fit.predict(new)
    expected = pd.read_csv(io.StringIO(cli.text("predict", "--model", model, "--data", data)))
    assert list(got.columns) == [c for c in expected.columns if c != "row"]
    np.testing.assert_allclose(got.to_numpy(), expected[got.columns].to_numpy(), rtol=1e-12)


def test_pred_probs_match_the_cli_csv(cli, fit, tmp_path):
    out = tmp_path / "probs.csv"
    cli.run("estimate", "egame12", "--data", WAR1800, "--formula", FORMULA, "--errors", "private",
            "--plot-probs", "balanc", "--probs-csv", out)
    expected = pd.read_csv(out)
    got = fit.pred_probs("balanc")
    assert list(got.columns) == list(expected.columns)
    assert list(got["outcome"]) == list(expected["outcome"].astype(str))
    np.testing.assert_allclose(got[["x", "fit", "lower", "upper"]].to_numpy(),
                               expected[["x", "fit", "lower", "upper"]].to_numpy(), rtol=1e-6)
    assert set(got.attrs["held"]) == {"peaceyrs", "s_wt_re1"}


def test_bad_formula_and_data_are_estimate_errors(war1800):
    with pytest.raises(bk.EstimateError, match="nosuch"):
        bk.estimate("egame12", war1800, FORMULA.replace("peaceyrs", "nosuch"))
    with pytest.raises(ValueError):
        bk.estimate("egame99", war1800, FORMULA)


def test_bootstrap_matches_the_cli(cli, war1800):
    fit = bk.estimate("egame12", war1800, FORMULA, errors="private", bootstrap=20, seed=4)
    expected = cli.json("estimate", "egame12", "--data", WAR1800, "--formula", FORMULA,
                        "--errors", "private", "--bootstrap", "20", "--seed", "4",
                        "--format", "json")
    np.testing.assert_allclose(fit.bootstrap_bse.to_numpy(),
                               [c["bootstrap_se"] for c in expected["coefficients"]], rtol=1e-6)


def test_dask_bootstrap_equals_one_process(war1800):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        local = bk.estimate("egame12", war1800, FORMULA, errors="private", bootstrap=12, seed=9)
        dist = bk.estimate("egame12", war1800, FORMULA, errors="private", bootstrap=12, seed=9,
                           client=client, chunks=3)
    np.testing.assert_allclose(dist.bootstrap_bse, local.bootstrap_bse, rtol=1e-6)
    assert dist.to_dict()["bootstrap"] == local.to_dict()["bootstrap"]
    np.testing.assert_array_equal(dist.params, local.params)


def test_offer_only_ultimatum_matches_the_cli(cli):
    data = ESTIMATE_DATA / "data_ult.csv"
    formula = "offer ~ x1 + x2 + x3 + x4 + w1 + w2 | z1 + z2 + z3 + z4 + w1 + w2"
    fit = bk.estimate("ultimatum", pd.read_csv(data), formula, max_offer=15, outcome="offer")
    expected = cli.json("estimate", "ultimatum", "--data", data, "--formula", formula,
                        "--max-offer", "15", "--outcome", "offer", "--format", "json")
    assert fit.to_dict()["outcome"] == expected["outcome"] == "offer"
    assert fit.loglik == pytest.approx(expected["loglik"], rel=1e-9)
    np.testing.assert_allclose(fit.params.to_numpy(),
                               [c["estimate"] for c in expected["coefficients"]], rtol=1e-6)
    # Offers alone are a different likelihood from offers and acceptances.
    with pytest.raises(bk.EstimateError, match="offer"):
        bk.estimate("ultimatum", pd.read_csv(data), formula, max_offer=15)
