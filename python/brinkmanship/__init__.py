"""brinkmanship: a laboratory for international crises, from Python.

Gambit games (``read_game``, ``solve``, ``logit``, pygambit interchange),
crisis scenarios (``models``, ``run``), analysis (``sweep``, ``montecarlo``,
on a Dask cluster with ``client=``) and strategic estimation
(``estimate``), computed by the same Rust library as the ``brink`` command.

>>> import brinkmanship as bk
>>> round(bk.run("founding-crisis").p_war, 4)
0.1601
"""

from ._analysis import montecarlo, plot_montecarlo, plot_sweep, sweep
from ._crisis import Report, model_source, models, run
from ._errors import AnalysisError, BrinkError, CrisisError, EstimateError, ParseError, SolveError
from ._estimate import Fit, Summary, estimate, plot_pred_probs
from ._games import (Equilibrium, Game, Infoset, LogitResult, Outcome, Player, Solution,
                     from_pygambit, logit, read_game, solve, to_pygambit)

__all__ = [
    "AnalysisError", "BrinkError", "CrisisError", "Equilibrium", "EstimateError", "Fit", "Game",
    "Infoset", "LogitResult", "Outcome", "ParseError", "Player", "Report", "Solution",
    "SolveError", "Summary", "estimate", "from_pygambit", "logit", "model_source", "models",
    "montecarlo", "plot_montecarlo", "plot_pred_probs", "plot_sweep", "read_game", "run",
    "solve", "sweep", "to_pygambit",
]
__version__ = "0.1.0"
