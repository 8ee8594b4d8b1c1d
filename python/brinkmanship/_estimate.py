"""Strategic estimation (R's ``games``): fits to a pandas DataFrame."""

from __future__ import annotations

import json
import os
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from . import _native

Data = Union[pd.DataFrame, str, "os.PathLike[str]"]


def _data(data: Data, uses: Sequence[Optional[str]] = ()) -> Any:
    """The data for the Rust side: a file's CSV text, or a DataFrame's
    columns (numbers as float64 bytes, NaN missing; anything else as text
    labels: int64 codes into the distinct labels, -1 missing), only those whose names occur in ``uses`` (the formulas) when
    given: writing a whole frame as CSV would cost more than a fit."""
    if not isinstance(data, pd.DataFrame):
        with open(os.fspath(data), encoding="utf-8") as f:
            return f.read()
    text = " ".join(u for u in uses if u)
    cols = []
    for name in data.columns:
        if text and str(name) not in text:
            continue
        col = data[name]
        if pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col):
            x = np.ascontiguousarray(col.to_numpy(dtype="<f8", na_value=np.nan))
            cols.append((str(name), "f8", x.tobytes()))
        else:
            # Each distinct label crosses once and the rows as integer codes
            # (-1 missing): a Python string per row cost 8% of a 7,240-row fit.
            codes, uniques = pd.factorize(col, use_na_sentinel=True)
            labels = [v if type(v) is str else str(v) for v in uniques.tolist()]
            cols.append((str(name), "codes",
                         (np.ascontiguousarray(codes, dtype="<i8").tobytes(), labels)))
    return cols


class Summary:
    """The regression table of a fit: ``str()`` is the table ``brink
    estimate`` prints; ``table`` the coefficients as a DataFrame (estimate,
    standard error, z, P>|z| and the 95% interval), as statsmodels shows them."""

    def __init__(self, text: str, table: pd.DataFrame) -> None:
        self.text = text
        self.table = table

    def __str__(self) -> str:
        return self.text

    __repr__ = __str__

    def _repr_html_(self) -> str:
        return f"<pre>{self.text}</pre>" + self.table.to_html(float_format="%.4f")


class Fit:
    """A fitted strategic model.

    ``params`` and ``bse`` are Series indexed ``utility:term`` (``u11:(Intercept)``),
    ``loglik`` the maximised log-likelihood, ``vcov`` the covariance matrix
    (a DataFrame), ``to_dict()`` the JSON of ``brink estimate --format json``.
    """

    def __init__(self, native: "_native.Fit") -> None:
        self._native = native
        d = json.loads(native.json())
        self._dict = d
        names = [f"{c['utility']}:{c['term']}" for c in d["coefficients"]]
        self.params = pd.Series([c["estimate"] for c in d["coefficients"]], index=names,
                                name="params")
        """The estimates."""
        self.bse = pd.Series([np.nan if c["se"] is None else c["se"]
                              for c in d["coefficients"]], index=names, name="bse")
        """Standard errors from the inverse Hessian."""
        self.bootstrap_bse: Optional[pd.Series] = None
        """Bootstrap standard errors, when bootstrapped."""
        if d.get("bootstrap"):
            self.bootstrap_bse = pd.Series(
                [np.nan if c.get("bootstrap_se") is None else c["bootstrap_se"]
                 for c in d["coefficients"]], index=names, name="bootstrap_bse")
        self.loglik: float = d["loglik"]
        """The maximised log-likelihood."""
        self.aic: float = d["aic"]
        """Akaike's information criterion."""
        self.nobs: int = d["n"]
        """Observations used."""
        self.converged: bool = d["converged"]
        """Whether the optimiser converged."""
        self.outcomes: List[str] = d["outcome_codes"]
        """Outcome labels, in the model's order."""
        v = native.vcov()
        self.vcov: Optional[pd.DataFrame] = (
            pd.DataFrame(np.array(v).reshape(len(names), len(names)), index=names, columns=names)
            if v is not None else None)
        """The variance-covariance matrix of the estimates."""

    def to_dict(self) -> Dict[str, Any]:
        """The JSON object of ``brink estimate --format json``."""
        return json.loads(self._native.json())

    def summary(self) -> Summary:
        """The regression table."""
        from statistics import NormalDist

        z = self.params / self.bse
        p = z.abs().map(lambda t: 2 * (1 - NormalDist().cdf(t)) if np.isfinite(t) else np.nan)
        table = pd.DataFrame({"coef": self.params, "std err": self.bse, "z": z, "P>|z|": p,
                              "[0.025": self.params - 1.959963984540054 * self.bse,
                              "0.975]": self.params + 1.959963984540054 * self.bse})
        return Summary(self._native.text(), table)

    def predict(self, data: Data) -> pd.DataFrame:
        """Predicted outcome probabilities (or, for the ultimatum game, the
        expected offer and acceptance) for each row of new data, as ``brink
        predict``; the index is the data's row (rows with missing regressors
        are left out)."""
        d = json.loads(self._native.predict(_data(data)))
        idx = pd.Index([r - 1 for r in d["rows"]], name="row")
        if isinstance(data, pd.DataFrame):
            idx = pd.Index(data.index[[r - 1 for r in d["rows"]]], name=data.index.name)
        return pd.DataFrame(d["values"], columns=d["columns"], index=idx)

    def pred_probs(self, var: str, n_points: int = 100, ci: float = 0.95, sims: int = 1000,
                   seed: int = 1) -> pd.DataFrame:
        """Predicted probabilities as ``games::predProbs`` computes them: each
        outcome as ``var`` runs over its observed range, the other regressors
        at their median or mode, with ``ci`` bands from ``sims`` coefficient
        draws. Long format, as ``brink estimate --probs-csv`` writes it:
        columns ``x, outcome, fit, lower, upper``; ``df.attrs["held"]`` holds
        the values the other regressors are held at."""
        d = json.loads(self._native.pred_probs(var, n_points, ci, sims, seed))
        rows = []
        for j, x in enumerate(d["x"]):
            for k, o in enumerate(d["outcomes"]):
                lo = d["band"]["lower"][k][j] if d["band"] else np.nan
                hi = d["band"]["upper"][k][j] if d["band"] else np.nan
                rows.append((x, o, d["fit"][k][j], lo, hi))
        df = pd.DataFrame(rows, columns=["x", "outcome", "fit", "lower", "upper"])
        df.attrs["var"] = var
        df.attrs["held"] = dict(d["held"])
        return df

    def __repr__(self) -> str:
        return str(self.summary())


def plot_pred_probs(df: pd.DataFrame, ax: Any = None) -> Any:
    """Draws the curves of :meth:`Fit.pred_probs` with their bands on
    matplotlib (which must be installed). Returns the axes."""
    import matplotlib.pyplot as plt

    ax = ax or plt.subplots()[1]
    for o, g in df.groupby("outcome", sort=False):
        line, = ax.plot(g["x"], g["fit"], label=str(o))
        if g["lower"].notna().all():
            ax.fill_between(g["x"], g["lower"], g["upper"], alpha=0.2, color=line.get_color())
    ax.set_xlabel(df.attrs.get("var", "x"))
    ax.set_ylabel("predicted probability")
    ax.legend()
    return ax


def estimate(model: str, data: Data, formula: str, errors: str = "agent",
             link: str = "probit", levels: Optional[Sequence[str]] = None,
             fixed: Optional[Mapping[str, float]] = None, scale: Optional[str] = None,
             max_offer: Optional[float] = None, s1: Optional[float] = None,
             s2: Optional[float] = None, outcome: str = "both", starts: int = 0, seed: int = 1,
             bootstrap: int = 0, client: Any = None, chunks: Optional[int] = None) -> Fit:
    """Fits ``model`` (``egame12``, ``egame122``, ``egame123``, ``ultimatum``)
    to ``data`` (a DataFrame, or a CSV path) by maximum likelihood, as ``brink
    estimate`` does, with a formula in the ``games`` syntax. For the
    ultimatum model, ``outcome="offer"`` fits offers alone (``games``'
    ``outcome = "offer"``; the formula's left side may then be ``offer``).

    ``bootstrap`` adds bootstrap standard errors (``fit.bootstrap_bse``) from
    that many resamples; with a Dask ``client`` the replicates run there in
    ``chunks`` tasks. Replicate ``r`` depends only on ``seed`` and ``r``, so
    the split does not change them (up to the last bits of the likelihood's
    parallel sums).

    >>> df = pd.DataFrame({"y1": [0, 1, 1, 1, 0, 1, 1, 0, 1, 0],
    ...                    "y2": [0, 0, 1, 1, 0, 1, 0, 0, 1, 0],
    ...                    "x": [0.1, 0.5, 0.9, 1.3, -0.2, 1.1, 0.4, -0.5, 0.7, 0.2]})
    >>> fit = estimate("egame12", df, "y1 + y2 ~ x | 0 | 1 | 1")
    >>> fit.nobs, list(fit.params.index)
    (10, ['u11:(Intercept)', 'u11:x', 'u14:(Intercept)', 'u24:(Intercept)'])
    """
    args = (model, _data(data, (formula, scale)), formula, errors, link,
            list(levels) if levels is not None else None,
            [(k, float(v)) for k, v in (fixed or {}).items()], scale, max_offer, s1, s2, outcome)
    if client is None or bootstrap == 0:
        return Fit(_native.estimate(*args, starts, seed, bootstrap))
    native = _native.estimate(*args, starts, seed, 0)
    theta, hess = native.start()
    chunks = chunks or max(1, min(bootstrap, 4 * len(client.scheduler_info()["workers"])))
    cuts = [bootstrap * i // chunks for i in range(chunks + 1)]
    ranges = [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]
    # The data and the start travel once to the cluster, not once per task.
    [shared] = client.scatter([(args, theta, hess)], broadcast=True)
    futures = [client.submit(_bootstrap_part, shared, seed, a, b, pure=False)
               for a, b in ranges]
    reps = [r for part in client.gather(futures) for r in part]
    return Fit(native.with_bootstrap(reps, seed))


def _bootstrap_part(shared: Tuple[tuple, List[float], List[float]], seed: int, start: int,
                    end: int) -> List[Optional[List[float]]]:
    """Replicates ``start..end`` on a Dask worker, one rayon thread per task."""
    args, theta, hess = shared
    return _native.bootstrap_replicates(*args, theta, hess, seed, start, end, 1)
