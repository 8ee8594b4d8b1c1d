"""Exceptions of brinkmanship: each carries the message the ``brink`` CLI prints."""

from __future__ import annotations

from typing import Optional


class BrinkError(Exception):
    """Base class of every error brinkmanship raises about its input."""


class ParseError(BrinkError, ValueError):
    """A Gambit file or a crisis scenario that does not parse.

    ``file``, ``line`` and ``column`` (1-based) say where, as the CLI's
    ``file:line:column`` does.
    """

    def __init__(self, message: str, file: Optional[str] = None,
                 line: Optional[int] = None, column: Optional[int] = None) -> None:
        super().__init__(message)
        self.file = file
        self.line = line
        self.column = column


class SolveError(BrinkError):
    """A game the method cannot take, or a solve that hit a size limit."""


class CrisisError(BrinkError):
    """A scenario that is well formed but cannot be solved or is invalid."""


class AnalysisError(BrinkError):
    """A sweep, Monte Carlo run or merge asked for something impossible."""


class EstimateError(BrinkError, ValueError):
    """A fit that cannot be made: bad data, formula or options."""
