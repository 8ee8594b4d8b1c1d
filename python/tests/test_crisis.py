"""Crisis scenarios, against `brink run` and `brink models`."""

import pandas as pd
import pytest

import brinkmanship as bk


def test_founding_crisis_report_is_the_cli_json(cli):
    r = bk.run("founding-crisis")
    expected = cli.json("run", "founding-crisis", "--format", "json")
    assert r.to_dict() == expected
    assert r.p_war == expected["p_war"]
    assert isinstance(r.outcomes, pd.Series)
    assert r.outcomes.to_dict() == expected["outcomes"]
    assert r.expected.to_dict() == expected["expected"]
    assert abs(r.outcomes[expected["war_outcomes"]].sum() - r.p_war) < 1e-12


def test_text_report_is_the_cli_text(cli):
    r = bk.run("audience-cost", set={"audience_cost": 1.5})
    assert r.text() == cli.text("run", "audience-cost", "--set", "audience_cost=1.5")
    assert r.text(verbose=True) == cli.text("run", "audience-cost", "--set",
                                           "audience_cost=1.5", "--verbose")


def test_levers_frame(cli):
    r = bk.run("founding-crisis")
    levers = r.levers
    expected = cli.json("run", "founding-crisis", "--format", "json")["levers"]
    assert list(levers.index) == [lv["name"] for lv in expected]
    assert list(levers["p_war"]) == [lv["p_war"] for lv in expected]
    assert list(levers["p_war_change"]) == [lv["p_war_change"] for lv in expected]
    deaths = [c for c in levers.columns if c.startswith("E[")]
    assert deaths, "expected metrics are columns"


def test_overrides_and_source_text(cli, tmp_path):
    src = bk.model_source("fearon-risk-return")
    assert src == cli.text("models", "--show", "fearon-risk-return")
    path = tmp_path / "s.crisis"
    path.write_text(src)
    a = bk.run(src, set={"c_a": 0.2})
    b = bk.run(str(path), set={"c_a": 0.2})
    expected = cli.json("run", path, "--set", "c_a=0.2", "--format", "json")
    assert b.to_dict() == expected
    assert a.outcomes.to_dict() == expected["outcomes"]


def test_draws_and_sensitivity_match_the_cli(cli):
    r = bk.run("fearon-risk-return", draws=8, seed=3, sensitivity=True)
    expected = cli.json("run", "fearon-risk-return", "--draws", "8", "--seed", "3",
                        "--sensitivity", "--format", "json")
    assert r.to_dict() == expected


def test_models_list(cli):
    m = bk.models()
    names = [line.split()[0] for line in cli.text("models").splitlines()
             if line and not line.startswith(" ")]
    assert list(m.index) == names
    assert m.loc["fearon-bargaining", "parameters"] == {"p": 0.5, "c_a": 0.1, "c_b": 0.15}


def test_parse_error_in_a_scenario(cli, tmp_path):
    lines = bk.model_source("fearon-bargaining").splitlines()
    at = next(k for k, line in enumerate(lines) if line.startswith("param"))
    lines[at] = lines[at].replace("=", "= = ", 1)
    bad = "\n".join(lines) + "\n"
    path = tmp_path / "bad.crisis"
    path.write_text(bad)
    with pytest.raises(bk.ParseError) as e:
        bk.run(str(path))
    p = cli.run("run", path, check=False)
    assert p.returncode == 1
    assert p.stderr.strip() == ("error: " + str(e.value)).strip()
    assert e.value.line == at + 1 and e.value.column is not None
    assert f"{e.value.file}:{e.value.line}:{e.value.column}" in str(e.value)


def test_unknown_model_is_an_error():
    with pytest.raises(bk.BrinkError):
        bk.run("no-such-model")
    with pytest.raises(ValueError):
        bk.run("fearon-bargaining", method="magic")


def test_notebook_view_has_the_tables_and_the_tree():
    h = bk.run("fearon-risk-return")._repr_html_()
    assert "<svg" in h and "Outcomes" in h and "<table" in h


def test_progress_callback_is_called():
    seen = []
    native = bk._native.run("fearon-risk-return", False, [], "auto", 6, 1, False, False, 32,
                            lambda d, t: seen.append((d, t)))
    assert native is not None
    assert seen and seen[-1][1] > 0 and max(d for d, _ in seen) == seen[-1][1]
