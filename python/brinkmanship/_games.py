"""Gambit games: reading, writing, pygambit interchange and the Nash solvers."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Dict, List, Optional, Union

import numpy as np
import pandas as pd

from . import _native

PathOrText = Union[str, "os.PathLike[str]"]


@dataclass(frozen=True)
class Infoset:
    """An information set: who moves, its number within the player, its label and actions."""

    player: str
    number: int
    label: str
    actions: List[str]


@dataclass(frozen=True)
class Player:
    """A player: information sets (trees) or strategies (tables)."""

    name: str
    infosets: List[Infoset] = field(default_factory=list)
    strategies: List[str] = field(default_factory=list)


@dataclass(frozen=True)
class Outcome:
    """An outcome: label and payoffs (floats, and exact fractions)."""

    label: str
    payoffs: List[float]
    exact: List[Fraction]


class Game:
    """A game read from a Gambit ``.efg`` (tree) or ``.nfg`` (table).

    >>> g = read_game('NFG 1 R "Matching pennies" { "A" "B" } { 2 2 } 1 -1 -1 1 -1 1 1 -1')
    >>> [p.name for p in g.players], g.players[0].strategies
    (['A', 'B'], ['1', '2'])
    """

    def __init__(self, native: "_native.Game") -> None:
        self._native = native
        s = json.loads(native.structure_json())
        self._facts = s
        self.title: str = s["title"]
        """The title line."""
        self.is_tree: bool = native.is_tree
        """True for an extensive game (``.efg``), False for a strategic one."""
        players = []
        for p in s["players"]:
            infosets = [Infoset(p["name"], i["number"], i["label"], i["actions"])
                        for i in p.get("infosets", [])]
            players.append(Player(p["name"], infosets, p.get("strategies", [])))
        self.players: List[Player] = players
        """The players, in file order."""
        self.outcomes: List[Outcome] = [
            Outcome(o["label"], o["payoffs"], [Fraction(x) for x in o["exact"]])
            for o in s["outcomes"]]
        """The outcomes, in file order."""

    @property
    def infosets(self) -> List[Infoset]:
        """Every player's information sets (trees; empty for tables), player by player."""
        return [i for p in self.players for i in p.infosets]

    def to_efg(self) -> str:
        """The game as ``.efg`` text (trees only)."""
        return self._native.to_efg()

    def to_nfg(self) -> str:
        """The game as ``.nfg`` text; a tree gives its reduced strategic form."""
        return self._native.to_nfg()

    def write(self, path: PathOrText) -> None:
        """Writes the game to ``path``, ``.efg`` or ``.nfg`` by its extension."""
        text = self.to_nfg() if str(path).lower().endswith(".nfg") else self.to_efg()
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)

    def __repr__(self) -> str:
        form = "tree" if self.is_tree else "table"
        return f"<Game {self.title!r}: {form}, players {[p.name for p in self.players]}>"


def read_game(path_or_text: PathOrText) -> Game:
    """Reads a Gambit game from a ``.efg``/``.nfg`` file, or from its text.

    A string that starts with ``EFG`` or ``NFG`` is read as the text; any
    other is a path. A parse error raises :class:`ParseError` with the
    CLI's message and its ``line`` and ``column``.

    >>> g = read_game('EFG 2 R "Entry" { "E" "I" } ""\\n'
    ...               'p "" 1 1 "" { "in" "out" } 0\\n'
    ...               'p "" 2 1 "" { "fight" "yield" } 0\\n'
    ...               't "" 1 "" { -1, -1 }\\nt "" 2 "" { 1, 1 }\\nt "" 3 "" { 0, 2 }\\n')
    >>> [i.actions for i in g.infosets]
    [['in', 'out'], ['fight', 'yield']]
    """
    if isinstance(path_or_text, str) and path_or_text.lstrip()[:3] in ("EFG", "NFG"):
        return Game(_native.read_game(path_or_text, "<string>"))
    path = os.fspath(path_or_text)
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    return Game(_native.read_game(text, path))


def from_pygambit(game: Any) -> Game:
    """A pygambit game as a brinkmanship game, through the Gambit file format."""
    if hasattr(game, "to_efg"):
        text = game.to_efg() if game.is_tree else game.to_nfg()
    else:  # pygambit before 16.1
        text = game.write(format="native")
    return read_game(text)


def to_pygambit(game: Game) -> Any:
    """The game as a pygambit game (pygambit must be installed), through the file format."""
    import pygambit

    suffix = ".efg" if game.is_tree else ".nfg"
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "game" + suffix)
        game.write(path)
        return pygambit.read_efg(path) if game.is_tree else pygambit.read_nfg(path)


class Equilibrium:
    """One profile with its maximum regret (checked by a best-response pass).

    ``probs`` maps a player to a dict from action (trees: per information
    set, keyed ``(infoset number, action label)``) or strategy label to its
    probability; ``exact`` holds the same as fractions where the solve was
    exact; ``to_numpy()`` gives the flat vector in Gambit's order.
    """

    def __init__(self, game: Game, data: Dict[str, Any]) -> None:
        self.game = game
        self.regret: float = data["regret"]
        """Maximum regret of any player."""
        re = data.get("regret_exact")
        self.regret_exact: Optional[Fraction] = Fraction(re) if re is not None else None
        """The regret as a fraction, for exact solves."""
        self.probs: Dict[str, Dict[Any, float]] = {}
        self.exact: Optional[Dict[str, Dict[Any, Fraction]]] = {} if re is not None else None
        flat: List[float] = []
        for p in data["players"]:
            probs: Dict[Any, float] = {}
            exact: Dict[Any, Fraction] = {}
            if "strategies" in p:
                items = [(s["label"], s) for s in p["strategies"]]
            else:
                items = [((i["number"], a["label"]), a)
                         for i in p["infosets"] for a in i["actions"]]
            for key, a in items:
                probs[key] = a["prob"]
                flat.append(a["prob"])
                if "exact" in a:
                    exact[key] = Fraction(a["exact"])
            self.probs[p["name"]] = probs
            if self.exact is not None:
                self.exact[p["name"]] = exact
        self._flat = np.array(flat)
        self.data = data
        """The equilibrium's JSON object, as ``brink solve --format json`` prints it."""

    def to_numpy(self) -> np.ndarray:
        """The probabilities in Gambit's order (player by player, infoset by infoset)."""
        return self._flat.copy()

    def __repr__(self) -> str:
        return f"<Equilibrium regret={self.regret:.3g} {self.probs}>"


class Solution(list):
    """The equilibria of one solve (a list), with the CLI's JSON in ``data``."""

    data: Dict[str, Any]
    method: str
    max_regret: float


def solve(game: Union[Game, PathOrText], method: str = "lcp", rational: bool = True,
          lcp_start: str = "auto") -> Solution:
    """Equilibria of ``game`` by ``method``: ``enumpure``, ``spe``,
    ``enummixed``, ``lcp`` or ``lp``, in exact rationals unless ``rational``
    is False; ``liap``, ``enumpoly``, ``simpdiv`` (one equilibrium of an
    n-player game by simplicial subdivision), ``ipa`` (one by iterated
    polymatrix approximation) and ``gnm`` (those met on the global Newton
    path) in floating point (the logit
    branch is :func:`logit`).

    The result is a list of :class:`Equilibrium`, each with its regret; its
    ``data`` is the JSON of ``brink solve --format json``.

    >>> g = read_game('NFG 1 R "Matching pennies" { "A" "B" } { 2 2 } 1 -1 -1 1 -1 1 1 -1')
    >>> eq = solve(g, "lcp")[0]
    >>> eq.exact["A"], eq.regret
    ({'1': Fraction(1, 2), '2': Fraction(1, 2)}, 0.0)
    """
    if not isinstance(game, Game):
        game = read_game(game)
    data = json.loads(game._native.solve(method, rational, lcp_start))
    out = Solution(Equilibrium(game, e) for e in data["equilibria"])
    out.data = data
    out.method = method
    out.max_regret = data["regret"]
    return out


class LogitResult:
    """The end of the logit QRE branch, and the branch itself when recorded."""

    def __init__(self, game: Game, data: Dict[str, Any]) -> None:
        self.data = data
        """The JSON of ``brink solve --method logit --format json`` (plus ``path``)."""
        self.equilibrium = Equilibrium(game, data["equilibria"][0])
        """The last profile, with its regret."""
        self.lam: float = data["lambda"]
        """Lambda at the last point."""
        self.converged: bool = data["converged"]
        """Whether the regret target (or the lambda asked for) was met."""
        self.stop_reason: str = data["stop_reason"]
        """Why the trace stopped."""
        self.bifurcation_lambdas: List[float] = data["bifurcation_lambdas"]
        """Where the branch passed a bifurcation (the trace went straight on;
        another tracer, such as pygambit's, may take another arm there)."""
        self.path: Optional[pd.DataFrame] = None
        """One row per accepted point: ``lambda``, then the profile in Gambit's
        order, in the columns of ``brink solve --path csv``."""
        if "path" in data:
            rows = [[pt["lambda"]] + list(pt["profile"]) for pt in data["path"]["points"]]
            self.path = pd.DataFrame(rows, columns=["lambda"] + data["path"]["columns"])


def logit(game: Union[Game, PathOrText], max_lambda: Optional[float] = None,
          max_regret: Optional[float] = None, lam: Optional[float] = None,
          path: bool = True) -> LogitResult:
    """Follows the principal branch of the logit QRE to its Nash limit (or
    stops at ``lam``); ``path`` records the branch as a DataFrame.

    >>> g = read_game('NFG 1 R "Matching pennies" { "A" "B" } { 2 2 } 1 -1 -1 1 -1 1 1 -1')
    >>> r = logit(g)
    >>> r.converged, round(r.equilibrium.probs["A"]["1"], 6), list(r.path.columns)
    (True, 0.5, ['lambda', 'A:1', 'A:2', 'B:1', 'B:2'])
    """
    if not isinstance(game, Game):
        game = read_game(game)
    data = json.loads(game._native.logit(max_lambda, max_regret, lam, path))
    return LogitResult(game, data)
