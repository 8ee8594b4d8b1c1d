"""Every command's JSON output validates against its schema in docs/schema/.

Run by scripts/test.d/json_schema.sh with the `brink` binary's path; runs each
command on a few inputs (both game forms, every solve method, a sweep, a Monte
Carlo run and their merge, an estimate with bootstrap and its predictions).
"""
import json
import os
import subprocess
import sys
import tempfile

import jsonschema

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BRINK = sys.argv[1]
GAMES = os.path.join(ROOT, "testdata", "gambit", "contrib", "games")
WAR = os.path.join(ROOT, "crates", "brink-estimate", "tests", "data", "war1800.csv")
OFFERS = os.path.join(ROOT, "crates", "brink-estimate", "tests", "data", "student_offers.csv")
FORMULA = "esc + war ~ peaceyrs + s_wt_re1 - 1 | 1 | balanc - 1 | balanc"


def schema(name):
    with open(os.path.join(ROOT, "docs", "schema", name + ".schema.json")) as f:
        return json.load(f)


def run(args):
    out = subprocess.run([BRINK, *args, "-q"], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"brink {' '.join(args)} failed: {out.stderr}")
    return json.loads(out.stdout)


def main():
    tmp = tempfile.mkdtemp(prefix="brink-schema-")
    efg, nfg = os.path.join(GAMES, "e04.efg"), os.path.join(GAMES, "2x2.nfg")
    fit = os.path.join(tmp, "fit.json")
    cases = [
        ("info", ["info", efg, "--format", "json"]),
        ("info", ["info", nfg, "--format", "json"]),
        ("run", ["run", "fearon-risk-return", "--format", "json"]),
        ("run", ["run", "brinkmanship", "--format", "json", "--draws", "8", "--sensitivity"]),
        ("design", ["sweep", "fearon-risk-return", "--vary", "c_hi=0.1:0.9:5", "--format", "json"]),
        ("design", ["montecarlo", "fearon-risk-return", "--draws", "20", "--format", "json"]),
        # Before the egame12 fit: the last estimate is what predict reads.
        ("estimate", ["estimate", "ultimatum", "--data", OFFERS, "--formula",
                      "offer ~ gender1 | gender2", "--max-offer", "100", "--s2", "1",
                      "--outcome", "offer", "--format", "json"]),
        ("estimate", ["estimate", "egame12", "--data", WAR, "--formula", FORMULA,
                      "--errors", "private", "--format", "json", "--bootstrap", "4"]),
    ]
    for method in ["enumpure", "spe", "enummixed", "lcp", "lp", "logit", "sequential"]:
        game = {"enummixed": nfg, "lp": os.path.join(GAMES, "2x2const.nfg")}.get(method, efg)
        if method == "spe":
            game = os.path.join(GAMES, "cent4.efg")
        cases.append(("solve", ["solve", game, "-m", method, "--format", "json"]))
    checked = 0
    for name, args in cases:
        value = run(args)
        jsonschema.validate(value, schema(name))
        checked += 1
        if args[0] == "estimate":
            with open(fit, "w") as f:
                json.dump(value, f)
    jsonschema.validate(run(["predict", "--model", fit, "--data", WAR, "--format", "json"]),
                        schema("predict"))
    parts = []
    for i in (1, 2):
        part = os.path.join(tmp, f"part{i}.json")
        subprocess.run([BRINK, "montecarlo", "fearon-risk-return", "--draws", "20",
                        "--shard", f"{i}/2", "-q", "-o", part], check=True)
        jsonschema.validate(json.load(open(part)), schema("design"))
        parts.append(part)
    jsonschema.validate(run(["merge", *parts]), schema("design"))
    print(f"{checked + 4} passed, 0 failed")


if __name__ == "__main__":
    main()
