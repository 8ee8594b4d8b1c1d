#!/usr/bin/env python3
"""Writes testdata/conflict/cow_wars_major_v_minor.csv: the reference class of the
founding crisis's war deaths.

Class: Correlates of War inter-state wars (v4) starting 1900 or later with exactly
two sides, a major power (COW major-power spells) on one side and none on the other:
a great power fighting a smaller state. Deaths are the war's battle deaths summed
over its participants (each state's largest `batdeath1`). Run from the repository
root with ../shared present: python3 scripts/reference_class.py
"""
import collections
import csv
import sys

SRC = "../shared/data/conflict"
OUT = "testdata/conflict/cow_wars_major_v_minor.csv"


def main():
    majors = list(csv.DictReader(open(f"{SRC}/cow_majors.csv")))

    def major(code, year):
        return any(
            float(m["ccode"]) == code and float(m["styear"]) <= year <= float(m["endyear"])
            for m in majors
        )

    deaths = collections.defaultdict(dict)
    side = collections.defaultdict(dict)
    start = {}
    for r in csv.DictReader(open(f"{SRC}/cow_war_inter.csv")):
        war, code, year = r["warnum"], float(r["ccode1"]), float(r["year"])
        deaths[war][code] = max(deaths[war].get(code, 0.0), float(r["batdeath1"] or 0))
        side[war][code] = r["sidea1"]
        start[war] = min(start.get(war, 9999.0), year)
    rows = []
    for war in deaths:
        if start[war] < 1900:
            continue
        sides = collections.defaultdict(list)
        for code, s in side[war].items():
            sides[s].append(code)
        if len(sides) != 2:
            continue
        a, b = sides.values()
        ma = any(major(c, start[war]) for c in a)
        mb = any(major(c, start[war]) for c in b)
        if ma != mb:
            major_side, minor_side = (a, b) if ma else (b, a)
            rows.append((
                int(float(war)),
                int(start[war]),
                int(sum(deaths[war].values())),
                " ".join(str(int(c)) for c in sorted(major_side)),
                " ".join(str(int(c)) for c in sorted(minor_side)),
            ))
    rows.sort(key=lambda r: (r[2], r[0]))
    with open(OUT, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["warnum", "start_year", "battle_deaths", "major_side_ccodes", "other_side_ccodes"])
        w.writerows(rows)
    print(f"{len(rows)} wars written to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
