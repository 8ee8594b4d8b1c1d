"""Crisis scenarios: the model library and the report of ``brink run``."""

from __future__ import annotations

import functools
import html
import json
import os
from typing import Any, Callable, Dict, Mapping, Optional, Tuple

import pandas as pd

from . import _native
from ._progress import progress_callback


def _source(name_or_source: str) -> Tuple[str, bool]:
    """(text, is_source): a library name or an existing file is loaded by
    the library; anything else is the scenario's source text."""
    if "\n" in name_or_source or "{" in name_or_source:
        if not os.path.exists(name_or_source):
            return name_or_source, True
    return name_or_source, False


def _pairs(values: Optional[Mapping[str, float]]) -> list:
    return [(str(k), float(v)) for k, v in (values or {}).items()]


def models() -> pd.DataFrame:
    """The model library, one row per model (index: name), with its
    description and default parameters, as ``brink models`` lists them.

    >>> m = models()
    >>> "founding-crisis" in m.index, "fearon-bargaining" in m.index
    (True, True)
    """
    rows = json.loads(_native.models())
    return pd.DataFrame(
        {"description": [r["description"] for r in rows],
         "parameters": [dict(r["parameters"]) for r in rows]},
        index=pd.Index([r["name"] for r in rows], name="name"))


def model_source(name: str) -> str:
    """The crisis-language source of a library model (``brink models --show``)."""
    return _native.model_source(name)


class Report:
    """The report of a solved scenario, as ``brink run`` prints it.

    ``p_war`` is the probability of war; ``outcomes`` (a Series) the
    probability of each outcome; ``expected`` (a Series) the expected human
    costs and other metrics; ``levers`` (a DataFrame) each policy lever's
    effect; ``to_dict()`` is the JSON of ``brink run --format json``; in a
    notebook the report shows its summary, tables and tree.
    """

    def __init__(self, native: "_native.Report") -> None:
        # The scalars come straight from the report; the JSON text and the
        # pandas objects are built on first use, so that a caller who reads
        # only P(war) pays for no serialisation (bench/python_overhead.py).
        self._native = native
        self.p_war: float = native.p_war
        """P(war): the sum of the war outcomes' probabilities."""
        self.regret: float = native.regret
        """The certificate: the larger of the ex-ante and sequential regret."""
        self.converged: bool = native.converged
        """Whether the solver converged."""

    @functools.cached_property
    def _dict(self) -> Dict[str, Any]:
        return json.loads(self._native.json())

    @functools.cached_property
    def outcomes(self) -> pd.Series:
        """Probability of each outcome, in the scenario's order."""
        return pd.Series(dict(self._native.outcomes()), name="probability")

    @functools.cached_property
    def expected(self) -> pd.Series:
        """Expected value of each metric (deaths, refugees, ...)."""
        return pd.Series(dict(self._native.expected()), name="expected")

    @property
    def levers(self) -> pd.DataFrame:
        """One row per lever (index: its name): P(war) with it, the change,
        the expected metrics (``E[metric]``), the certificate, and the
        mechanism (the choice that moved most) in words."""
        rows = []
        for lv in self._dict.get("levers", []):
            row: Dict[str, Any] = {"lever": lv["name"], "p_war": lv["p_war"],
                                   "p_war_change": lv["p_war_change"]}
            for k, v in lv["expected"].items():
                row[f"E[{k}]"] = v
            row["converged"] = lv["converged"]
            row["regret"] = lv["regret"]
            m = lv.get("mechanism")
            row["mechanism"] = (f"{m['player']} {m['action']}: {m['before']:.3f} -> {m['after']:.3f}"
                                if m else "")
            row["doc"] = lv["doc"]
            rows.append(row)
        cols = ["lever", "p_war", "p_war_change", "converged", "regret", "mechanism", "doc"]
        df = pd.DataFrame(rows) if rows else pd.DataFrame(columns=cols)
        return df.set_index("lever")

    def to_dict(self) -> Dict[str, Any]:
        """The JSON object of ``brink run --format json``."""
        return json.loads(self._native.json())

    def text(self, verbose: bool = False) -> str:
        """The text report of ``brink run`` (``--verbose`` with ``verbose``)."""
        return self._native.text(verbose)

    def tree_svg(self) -> str:
        """The game tree with its equilibrium, as SVG text (``brink tree --to svg``)."""
        return self._native.tree_svg()

    def levers_svg(self) -> str:
        """The lever chart of ``brink run --plot``, as SVG text."""
        return self._native.levers_svg()

    def __repr__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        summary = html.escape(self.text())
        parts = [f"<pre>{summary}</pre>",
                 "<h4>Outcomes</h4>", self.outcomes.to_frame().to_html(float_format="%.4f"),
                 "<h4>Expected</h4>", self.expected.to_frame().to_html(float_format="%.4g")]
        if len(self.levers):
            parts += ["<h4>Levers</h4>", self.levers.drop(columns=["doc"]).to_html(float_format="%.4g")]
        try:
            parts += ["<h4>Game tree</h4>", f"<div style='overflow:auto'>{self.tree_svg()}</div>"]
        except Exception as e:  # a tree that cannot be drawn must not hide the report
            parts.append(f"<p>(no tree: {html.escape(str(e))})</p>")
        return "\n".join(parts)


def run(name_or_source: str = "founding-crisis", set: Optional[Mapping[str, float]] = None,
        method: str = "auto", draws: int = 0, seed: int = 1, sensitivity: bool = False,
        all: bool = False, starts: int = 32, progress: Optional[bool] = None) -> Report:
    """Solves a crisis scenario as ``brink run`` does and returns its report.

    ``name_or_source`` is a library model, a scenario file, or scenario
    source text; ``set`` overrides parameters; ``draws`` adds the lever
    table's 90% intervals over that many parameter draws (``seed``),
    ``sensitivity`` the tornado table, ``all`` the other equilibria from
    ``starts`` seeded starts. ``progress`` shows a tqdm bar for the draws
    (by default when tqdm is installed and draws are asked for).

    >>> r = run("fearon-bargaining")
    >>> r.p_war
    0.0
    """
    text, is_source = _source(name_or_source)
    cb: Optional[Callable[[int, int], None]] = progress_callback(
        "draws" if draws else "sensitivity", progress, draws > 0 or sensitivity)
    try:
        native = _native.run(text, is_source, _pairs(set), method, draws, seed,
                             sensitivity, all, starts, cb)
    finally:
        if cb is not None:
            cb.close()  # type: ignore[attr-defined]
    return Report(native)
