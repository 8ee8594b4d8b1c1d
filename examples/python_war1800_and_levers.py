"""brinkmanship from Python: fit Signorino's war1800 disputes, plot the
predicted probabilities against the balance of power, and print the founding
crisis's lever table.

    pip install ./python matplotlib
    python examples/python_war1800_and_levers.py [OUTPUT_DIR]

Run by the Python tests (scripts/test.d/20-python.sh).
"""

import pathlib
import sys

import pandas as pd

import brinkmanship as bk

ROOT = pathlib.Path(__file__).resolve().parent.parent
out = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")

# 1. Fit egame12 under private information, as R's games::egame12 does.
war1800 = pd.read_csv(ROOT / "crates" / "brink-estimate" / "tests" / "data" / "war1800.csv")
fit = bk.estimate("egame12", data=war1800,
                  formula="esc + war ~ peaceyrs + s_wt_re1 - 1 | 1 | balanc - 1 | balanc",
                  errors="private", link="probit")
print(fit.summary())

# 2. Predicted probabilities against the balance of power (games::predProbs).
probs = fit.pred_probs("balanc")
# egame12's outcomes in the model's order: status quo, acquiescence, war.
probs["outcome"] = probs["outcome"].map(
    dict(zip(probs["outcome"].unique(), ["status quo", "acquiescence", "war"])))
print(probs.groupby("outcome")["fit"].agg(["first", "last"]))
try:
    import matplotlib

    matplotlib.use("Agg")
    ax = bk.plot_pred_probs(probs)
    ax.set_title("war1800: predicted probabilities (private information)")
    ax.figure.savefig(out / "predprobs_war1800.png", dpi=100)
    print(f"wrote {out / 'predprobs_war1800.png'}")
except ImportError:
    print("matplotlib is not installed: no picture")

# 3. The founding crisis: P(war) and what each lever does to it.
report = bk.run("founding-crisis")
print(f"P(war) = {report.p_war:.4f}")
print(report.levers[["p_war", "p_war_change", "mechanism"]].sort_values("p_war_change")
      .to_string(float_format=lambda x: f"{x:.4f}"))
