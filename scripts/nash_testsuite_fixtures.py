#!/usr/bin/env python3
"""Gambit 16.7.0's own `tests/test_nash.py`, answered by pygambit 16.7.0, as
fixtures that `cargo test` replays without Python (tests/gambit_testsuite.rs).

Every case of test_nash.py (every `pytest.param` of its `*_CASES` lists) is
run as the suite runs it: the game its factory builds, the solver with its
arguments. For each case this writes testdata/fixtures/testsuite/<id>.txt:

  case <id>                  the pytest id
  method <name>              the pygambit function, without `_solve`
  game <path>                below testdata/gambit/ (Gambit's own files, the
                             action-graph games .agg/.bagg included: brink reads
                             them), or games/<file> beside the fixtures (games
                             test_nash.py builds in Python)
  form strategy|behavior     what the solver returns (strategy solvers on a tree
                             work on its reduced strategic form)
  rational true|false
  option <key>=<value>       the solver's other arguments (stop_after, lam, ...)
  status replay | not shared: <why>
  NE,...                     one row per equilibrium, pygambit's answer, in its
                             order: mixed strategies (strategy form) or
                             behavior (Gambit's action order)
  QRE,<lambda>,...           logit_solve_branch / logit_solve_lambda points

Exact answers are printed as fractions, floating-point ones with repr().

Usage: /tmp/venv-NAME/bin/python scripts/nash_testsuite_fixtures.py GAMBIT_TESTS
where GAMBIT_TESTS is the `tests/` folder of Gambit at tag v16.7.0 (commit
2e3e53f0ec684bcca394d716da3d4d4b865c9a2c), e.g. from
`git archive v16.7.0 tests | tar -x`. Needs pygambit==16.7.0 and pytest.
"""

import fractions
import functools
import importlib
import os
import shutil
import sys
import tempfile

import pygambit as gbt

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "testdata", "gambit")
OUT = os.path.join(ROOT, "testdata", "fixtures", "testsuite")
GAMES = os.path.join(OUT, "games")

# Methods brink does not have.
NOT_SHARED = {
    "ipa": "not shared: brink has no iterated polymatrix approximation (ipa)",
    "gnm": "not shared: brink has no global Newton method (gnm)",
    "enumpure_agent": "not shared: brink has no agent-form pure enumeration "
    "(its enumpure on a tree gives Nash equilibria of the strategic form)",
}
# pygambit's defaults for `rational` where a solver has the argument (and
# exact answers where it has none: pure and simplicial-grid profiles).
DEFAULT_RATIONAL = {"lp": True, "lcp": True, "enumpure": True, "enumpure_agent": True,
                    "simpdiv": True}


# Text of each game written under games/, to its path.
WRITTEN = {}


def num(x):
    """Exact answers as fractions, floating-point ones in full precision."""
    if isinstance(x, fractions.Fraction):
        return str(x)
    return repr(float(x))


def factory_game(factory):
    """The game file for a case: (path relative to testdata/gambit or to the
    fixtures, the pygambit game)."""
    f = factory.func if isinstance(factory, functools.partial) else factory
    args = factory.args if isinstance(factory, functools.partial) else ()
    kwargs = factory.keywords if isinstance(factory, functools.partial) else {}
    game = factory()
    if f.__name__ == "read_from_file":
        # Every file of tests/test_games is in our corpus, .agg and .bagg
        # too: brink expands those to the strategic form in the order
        # pygambit's strategies have (one agent per player and type).
        return f"tests/test_games/{args[0]}", game
    if f.__name__ == "load":  # gbt.catalog.load: the catalog is in our corpus
        rel = f"catalog/{args[0]}.{'efg' if game.is_tree else 'nfg'}"
        if os.path.exists(os.path.join(CORPUS, rel)):
            return rel, game
    # One file per distinct game, named by the factory and its arguments.
    suffix = "".join(f"_{v}" for v in args)
    suffix += "".join(f"_{k}={v}" for k, v in sorted(kwargs.items()) if v is not None)
    name = f"{f.__name__.removeprefix('create_')}{suffix}".replace(" ", "_").replace("=", "-")
    text = game.to_efg() if game.is_tree else game.to_nfg()
    name += ".efg" if game.is_tree else ".nfg"
    if text in WRITTEN:
        return WRITTEN[text], game
    with open(os.path.join(GAMES, name), "w") as out:
        out.write(text)
    WRITTEN[text] = f"games/{name}"
    return f"games/{name}", game


def solver_of(solver):
    f = solver.func if isinstance(solver, functools.partial) else solver
    kw = dict(solver.keywords) if isinstance(solver, functools.partial) else {}
    name = f.__name__.removesuffix("_solve").replace("logit_solve_", "logit_")
    return name, kw


def strategy_rows(game, eqs):
    return [",".join(["NE"] + [num(eq[s]) for p in game.players
                               for s in p.strategies]) for eq in eqs]


def behavior_rows(game, eqs):
    return [",".join(["NE"] + [num(eq[a]) for p in game.players
                               for i in p.infosets for a in i.actions]) for eq in eqs]


def run_case(param):
    case = param.values[0]
    cid = param.id
    method, kw = solver_of(case.solver)
    path, game = factory_game(case.factory)
    rational = bool(kw.pop("rational", DEFAULT_RATIONAL.get(method, False)))
    use_strategic = kw.pop("use_strategic", False)
    agent = method.endswith("_agent")
    if method in ("enumpure", "enummixed", "liap", "simpdiv", "ipa", "gnm"):
        form = "strategy"
    elif method in ("logit_branch", "logit_lambda"):
        form = "strategy"
    else:
        form = "behavior" if game.is_tree and not use_strategic else "strategy"
    if agent:
        form = "behavior"
    lines = [f"# Gambit 16.7.0 tests/test_nash.py, case {cid}: pygambit "
             f"{gbt.__version__}'s answer", f"case {cid}", f"method {method}",
             f"game {path}", f"form {form}", f"rational {str(rational).lower()}"]
    for k, v in sorted(kw.items()):
        lines.append(f"option {k}={v}")
    why = NOT_SHARED.get(method)
    if why is not None:
        lines.append(f"status {why}")
        return cid, lines
    lines.append("status replay")
    if method in ("logit_branch", "logit_lambda"):
        fn = case.solver.func
        result = fn(game, **case.solver.keywords)
        for exp in case.expected:
            point = result[exp["idx"]]
            lines.append(",".join(["QRE", repr(float(point.lam))]
                                  + [repr(float(point.profile[s])) for p in game.players
                                     for s in p.strategies]))
        return cid, lines
    start_data = getattr(case, "start_data", None)
    if start_data is not None:
        start = (game.mixed_behavior_profile(**start_data) if agent
                 else game.mixed_strategy_profile(**start_data))
        result = case.solver(start)
    else:
        result = case.solver(game)
    eqs = result.equilibria
    if form == "strategy":
        lines += strategy_rows(game, eqs)
    else:
        lines += behavior_rows(game, eqs)
    return cid, lines


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    tests = os.path.abspath(sys.argv[1])
    work = tempfile.mkdtemp()
    # test_nash.py imports `from . import games` and reads tests/test_games
    # relative to the working directory: a package `tests` under `work`.
    shutil.copytree(tests, os.path.join(work, "tests"))
    os.chdir(work)
    sys.path.insert(0, work)
    module = importlib.import_module("tests.test_nash")
    shutil.rmtree(GAMES, ignore_errors=True)
    os.makedirs(GAMES)
    seen = {}
    for name in dir(module):
        value = getattr(module, name)
        if not (name.endswith("_CASES") and isinstance(value, list)):
            continue
        for param in value:
            seen.setdefault(param.id, param)
    counts = {}
    for cid in sorted(seen):
        cid, lines = run_case(seen[cid])
        with open(os.path.join(OUT, f"{cid}.txt"), "w") as out:
            out.write("\n".join(lines) + "\n")
        status = next(x for x in lines if x.startswith("status "))[7:].split(":")[0]
        counts[status] = counts.get(status, 0) + 1
        print(cid, status, file=sys.stderr)
    print(f"{len(seen)} cases: {counts}")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
