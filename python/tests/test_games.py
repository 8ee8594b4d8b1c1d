"""Games and the Nash solvers, against `brink info`, `convert` and `solve`."""

import json
import pathlib
from fractions import Fraction

import numpy as np
import pytest

import brinkmanship as bk
from conftest import CORPUS, ROOT

EFG = [
    "contrib/games/e04.efg",
    "contrib/games/bayes2a.efg",
    "contrib/games/cent2.efg",
    "contrib/games/condjury.efg",
]
NFG = [
    "contrib/games/e04.nfg",
    "contrib/games/pd.nfg",
    "contrib/games/coord3.nfg",
    "contrib/games/2x2x2.nfg",
]


def existing(paths):
    out = [CORPUS / p for p in paths if (CORPUS / p).exists()]
    assert len(out) >= 2, "corpus games missing"
    return out


@pytest.mark.parametrize("path", existing(EFG + NFG), ids=lambda p: p.name)
def test_structure_agrees_with_info(cli, path):
    g = bk.read_game(path)
    facts = cli.json("info", path, "--format", "json")
    assert g.title == facts["title"]
    assert [p.name for p in g.players] == [p["name"] for p in facts["players"]]
    assert len(g.outcomes) == facts["outcomes"]
    if g.is_tree:
        assert [len(p.infosets) for p in g.players] == [p["infosets"] for p in facts["players"]]
        assert [sum(len(i.actions) for i in p.infosets) for p in g.players] == [
            p["actions"] for p in facts["players"]]
    else:
        assert [p.strategies for p in g.players] == [p["strategies"] for p in facts["players"]]


@pytest.mark.parametrize("path", existing(EFG + NFG), ids=lambda p: p.name)
def test_written_files_match_convert(cli, path, tmp_path):
    g = bk.read_game(path)
    out = tmp_path / "out.nfg"
    cli.run("convert", path, "-o", out)
    assert g.to_nfg() == out.read_text()
    if g.is_tree:
        out = tmp_path / "out.efg"
        cli.run("convert", path, "-o", out)
        assert g.to_efg() == out.read_text()
        # and it reads back as the same game
        assert bk.read_game(g.to_efg()).to_efg() == g.to_efg()
    else:
        with pytest.raises(ValueError):
            g.to_efg()


CASES = [(p, m) for p in existing(EFG) for m in ("lcp", "enumpure")] + [
    (p, m) for p in existing(NFG) for m in ("lcp", "enumpure", "enummixed")]


@pytest.mark.parametrize("path,method", CASES, ids=lambda x: getattr(x, "name", x))
@pytest.mark.parametrize("rational", [True, False])
def test_solve_gives_the_cli_json(cli, path, method, rational):
    args = ["solve", path, "--method", method, "--format", "json"]
    if not rational:
        args.append("--float")
    p = cli.run(*args, check=False)
    if p.returncode != 0:
        # a game the method cannot take: the same refusal, as an exception
        with pytest.raises(bk.SolveError) as e:
            bk.solve(path, method=method, rational=rational)
        assert p.returncode == 1 and p.stderr.strip() == "error: " + str(e.value)
        return
    expected = json.loads(p.stdout)
    got = bk.solve(path, method=method, rational=rational)
    assert got.data == expected
    assert len(got) == len(expected["equilibria"])
    for eq, e in zip(got, expected["equilibria"]):
        assert eq.regret == e["regret"]
        # the numpy vector is the CLI's Gambit row, in Gambit's order
        row = [Fraction(x) for x in cli_row(e)]
        np.testing.assert_allclose(eq.to_numpy(), [float(x) for x in row], rtol=0, atol=1e-12)
        if rational:
            assert eq.regret_exact == Fraction(e["regret_exact"])


def cli_row(e):
    out = []
    for p in e["players"]:
        if "strategies" in p:
            out += [s.get("exact", s["prob"]) for s in p["strategies"]]
        else:
            out += [a.get("exact", a["prob"]) for i in p["infosets"] for a in i["actions"]]
    return out


def test_probabilities_are_keyed_by_player_and_action():
    g = bk.read_game(CORPUS / "contrib/games/e04.efg")
    eq = bk.solve(g, "lcp")[0]
    for p in g.players:
        keys = [(i.number, a) for i in p.infosets for a in i.actions]
        assert list(eq.probs[p.name]) == keys
        for i in p.infosets:
            assert sum(eq.exact[p.name][(i.number, a)] for a in i.actions) == 1


@pytest.mark.parametrize("path", existing(["contrib/games/e04.efg", "contrib/games/pd.nfg"]),
                         ids=lambda p: p.name)
def test_logit_gives_the_cli_json_and_path(cli, path):
    r = bk.logit(path)
    expected = cli.json("solve", path, "--method", "logit", "--format", "json")
    got = dict(r.data)
    del got["path"]
    assert got == expected
    full = cli.json("solve", path, "--method", "logit", "--path", "json")
    pts = full["points"]
    assert list(r.path.columns) == ["lambda"] + full["columns"]
    assert len(r.path) == len(pts)
    np.testing.assert_array_equal(r.path["lambda"].to_numpy(), [p["lambda"] for p in pts])
    np.testing.assert_array_equal(r.path.iloc[:, 1:].to_numpy(), [p["profile"] for p in pts])


def test_logit_at_a_lambda(cli):
    path = CORPUS / "contrib/games/pd.nfg"
    r = bk.logit(path, lam=0.5, path=False)
    expected = cli.json("solve", path, "--method", "logit", "--lambda", "0.5", "--format", "json")
    assert r.data == expected and r.path is None


def test_parse_error_carries_line_and_column(cli, tmp_path):
    bad = tmp_path / "bad.efg"
    bad.write_text('EFG 2 R "x" { "A" "B" } ""\np "" 1 1 "" { "a" "b" } 0\nt "" 1 "" { 1 oops }\n')
    with pytest.raises(bk.ParseError) as e:
        bk.read_game(bad)
    p = cli.run("info", bad, check=False)
    assert p.returncode == 1
    assert p.stderr.strip() == "error: " + str(e.value)
    assert (e.value.file, e.value.line) == (str(bad), 3)
    assert f"{bad}:3:{e.value.column}" in str(e.value)


def test_solver_refusal_is_a_solve_error(cli):
    path = CORPUS / "contrib/games/2x2x2.nfg"
    with pytest.raises(bk.SolveError) as e:
        bk.solve(path, "enummixed")
    p = cli.run("solve", path, "--method", "enummixed", check=False)
    assert p.returncode == 1 and p.stderr.strip() == "error: " + str(e.value)


def test_bad_method_is_a_value_error():
    with pytest.raises(ValueError, match="unknown method"):
        bk.solve(CORPUS / "contrib/games/pd.nfg", "simplex")


WRITTEN = ROOT / "testdata" / "fixtures" / "pygambit_written"
WRITTEN_CASES = sorted(p for p in WRITTEN.rglob("*") if p.suffix in (".efg", ".nfg"))


class PygambitStandIn:
    """What `bk.from_pygambit` uses of a pygambit game, holding the text
    pygambit 16.7 wrote (scripts/pygambit_python_fixtures.py)."""

    def __init__(self, text, is_tree):
        self.text, self.is_tree = text, is_tree

    def to_efg(self):
        assert self.is_tree
        return self.text

    def to_nfg(self):
        assert not self.is_tree
        return self.text


def same_labels(theirs, mine):
    """pygambit renames repeated action labels of one set (`1` -> `1_1`)."""
    return theirs == mine or (len(set(mine)) < len(mine) and len(theirs) == len(mine))


def same_game(a, b):
    """The same game up to how outcomes are numbered and what unnamed ones
    are called (pygambit renumbers them in tree order and names them `_1`):
    players, information sets and actions, the payoffs, and the reduced
    strategic form, which follows the tree's payoffs at every play."""
    assert a.title == b.title
    assert [p.name for p in a.players] == [p.name for p in b.players]
    if b.is_tree:
        assert len(a.infosets) == len(b.infosets)
        assert all(same_labels(i.actions, j.actions) for i, j in zip(a.infosets, b.infosets))
        assert sorted(o.exact for o in a.outcomes) == sorted(o.exact for o in b.outcomes)
        assert a.to_nfg() == b.to_nfg()
    else:
        assert [p.strategies for p in a.players] == [p.strategies for p in b.players]


def test_fixtures_cover_the_corpus():
    assert len(WRITTEN_CASES) >= 30
    assert {p.suffix for p in WRITTEN_CASES} == {".efg", ".nfg"}


@pytest.mark.parametrize("path", WRITTEN_CASES, ids=lambda p: str(p.relative_to(WRITTEN)))
def test_pygambit_round_trip_fixtures(path):
    original = bk.read_game(CORPUS / path.relative_to(WRITTEN))
    # pygambit -> us: what pygambit wrote, read by from_pygambit
    back = bk.from_pygambit(PygambitStandIn(path.read_text(), path.suffix == ".efg"))
    same_game(back, original)
    # us -> pygambit: what pygambit read from our writer's text
    seen = json.loads(pathlib.Path(str(path) + ".ours").read_text())
    assert seen["title"] == original.title
    assert seen["players"] == [p.name for p in original.players]
    if original.is_tree:
        ours = [[p.name, i.actions] for p in original.players for i in p.infosets]
        assert len(seen["infosets"]) == len(ours)
        for (who, theirs), (who2, mine) in zip(seen["infosets"], ours):
            assert who == who2 and same_labels(theirs, mine)
        assert sorted([Fraction(x) for x in pay] for _, pay in seen["outcomes"]) == sorted(
            o.exact for o in original.outcomes)
    else:
        assert seen["strategies"] == [p.strategies for p in original.players]


def test_pygambit_round_trip_live():
    pytest.importorskip("pygambit")
    for path in WRITTEN_CASES:
        ours = bk.read_game(CORPUS / path.relative_to(WRITTEN))
        same_game(bk.from_pygambit(bk.to_pygambit(ours)), ours)
