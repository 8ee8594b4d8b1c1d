#!/usr/bin/env python3
"""brink's liap, enumpoly, simpdiv, gnm and ipa side by side with pygambit 16.7's same methods,
on the same files, in one run; prints each side's time, our regret relative
to the payoff range, and the ratio.

Games: the random 3- and 4-player games written by
scripts/nash_nplayer_fixtures.py (testdata/fixtures/nplayer/random/) and the
n-player strategic games of the Gambit corpus (testdata/gambit). Both sides
are timed in process, the file read once, then the method repeated for half
a second (at least once, at most 1000 times), the mean per solve compared:
ours by `target/release/examples/nplayer_time METHOD FILE` (build it first:
`cargo build --release -p brink-nash --example nplayer_time`; the method as
`brink solve FILE --method M` runs it), theirs in `python -c` with pygambit:

  liap:     liap_solve(game.mixed_strategy_profile())  (from the centroid, as ours)
  enumpoly: enumpoly_solve(game)                        (the n-player games, then
            the corpus's two-player strategic games)
  simpdiv:  simpdiv_solve(first strategies, rational)   (the same start and
            maxregret 1e-7 relative to the payoff range, refine 2, as ours)
  gnm:      gnm_solve(game)                             (the default perturbation,
            1 on each player's first strategy, as ours; every equilibrium
            met on the path, so the `eq` columns may differ where the paths
            do: ours retraces a tilted ray after a tie or a lost path;
            where pygambit returns fewer than ours, it is timed again at
            the least of PACES Euler steps per support, beyond its
            default 100, that returns as many, the like-for-like ratio)
  ipa:      ipa_solve(game)                             (the default perturbation,
            as ours; one equilibrium, which may differ where the iterations
            settle on different ones)

Each run is killed at --limit seconds; a killed pygambit run gives a lower
bound on the ratio (">="), a killed or refused run of ours prints its reason.

--repeat K times each side K times, the two sides' runs alternating, and
keeps each side's fastest mean (as timeit does): on a shared machine a
solve of microseconds is timed over a few milliseconds, so one run can
land in a stretch when the process is descheduled; the same rule for
both sides. K = 1 (the default) is the single run of earlier tables.

--old TIMER also times another build of nplayer_time (say main's, copied
before a change) on each game, its runs alternating with ours and
pygambit's, and prints its time and ratio beside ours and its summary line:
old and new compared under the same load.

Usage: /tmp/venv-NAME/bin/python bench/nplayer_vs_pygambit.py [--limit SECONDS]
       [--methods M,...] [--nplayer-only] [--repeat K] [--old TIMER]
"""

import argparse
import glob
import math
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TIMER = os.path.join(ROOT, "target", "release", "examples", "nplayer_time")
RANDOM = os.path.join(ROOT, "testdata", "fixtures", "nplayer", "random")
CORPUS = os.path.join(ROOT, "testdata", "gambit")

PYGAMBIT = {
    "liap": "g.nash.liap_solve(G.mixed_strategy_profile())",
    "enumpoly": "g.nash.enumpoly_solve(G)",
    "simpdiv": "g.nash.simpdiv_solve(G.mixed_strategy_profile(rational=True,"
               "data=[[1]+[0]*(len(p.strategies)-1) for p in G.players]))",
    "gnm": "g.nash.gnm_solve(G)",
    "ipa": "g.nash.ipa_solve(G)",
}
# Read once, then repeat the solve as nplayer_time does; the mean per solve.
REPEAT = ("import pygambit as g,sys,time;G=g.read_nfg(sys.argv[1]);t=time.time();n=0\n"
          "while n==0 or (time.time()-t<0.5 and n<1000):\n r={call};n+=1\n"
          "print((time.time()-t)/n,len(r.equilibria))")


# Euler steps per support for pygambit's gnm beyond its default 100. Where
# its default trace returns fewer equilibria than ours it has lost the path
# (on fresh11020 and fresh20016 Gambit's rule at 200 times the steps meets
# ours: crates/brink-nash/src/gnm/path_tests.rs), and the least of these
# paces that returns as many is the like-for-like time.
PACES = [200, 500, 1000, 2000, 5000, 10000, 20000]


def theirs(method, path, limit, call=None):
    try:
        code = REPEAT.format(call=call or PYGAMBIT[method])
        out = subprocess.run([sys.executable, "-c", code, path], capture_output=True,
                             text=True, timeout=limit, check=True).stdout.split()
        return float(out[0]), int(out[1]), False
    except subprocess.TimeoutExpired:
        return float(limit), 0, True
    except subprocess.CalledProcessError as e:
        return None, e.stderr.strip().splitlines()[-1:], False


def theirs_at_pace(path, count, limit, repeat):
    """pygambit's gnm_solve at the least of PACES that returns at least
    `count` equilibria: (steps, fastest mean time of `repeat` runs, number
    of equilibria), or None where none does within `limit` seconds."""
    for steps in PACES:
        call = f"g.nash.gnm_solve(G, steps={steps})"
        tt, tn, killed = theirs("gnm", path, limit, call)
        if tt is None or killed:
            return None
        if tn >= count:
            for _ in range(repeat - 1):
                tt = min(tt, theirs("gnm", path, limit, call)[0] or tt)
            return steps, tt, tn
    return None


def ours(method, path, limit, timer=TIMER):
    try:
        run = subprocess.run([timer, method, path], capture_output=True, text=True,
                             timeout=limit)
    except subprocess.TimeoutExpired:
        return None, "timeout", None
    if run.returncode != 0:
        why = run.stderr.strip().splitlines()[-1]
        return None, "refused" if "too large" in why or "cannot solve" in why else why[:9], None
    per, n, regret = run.stdout.split()
    return float(per), int(n), float(regret)


def payoff_range(path):
    """Largest payoff less the smallest, read from the file's payoff list."""
    text = open(path).read()
    body = text[text.index("}", text.index("}") + 1) + 1:]
    if "{" in body:  # outcome-list format: not parsed here
        return 1.0
    values = [float(eval(v)) for v in body.split()[1:] if v[0] in "-0123456789"]
    return (max(values) - min(values)) or 1.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=float, default=120.0)
    ap.add_argument("--methods", default="liap,enumpoly,simpdiv",
                    help="comma-separated, of liap, enumpoly, simpdiv, gnm, ipa")
    ap.add_argument("--nplayer-only", action="store_true",
                    help="skip enumpoly's two-player corpus games")
    ap.add_argument("--repeat", type=int, default=1,
                    help="time each side this many times (alternating), keep each side's fastest")
    ap.add_argument("--old", help="another nplayer_time build to time alongside ours")
    args = ap.parse_args()
    if not os.path.exists(TIMER):
        sys.exit("build the timer first: cargo build --release -p brink-nash --example nplayer_time")
    corpus = sorted(glob.glob(os.path.join(CORPUS, "**", "*.nfg"), recursive=True))
    # Three or more players: more than two quoted names in the player list.
    many = [p for p in corpus if open(p).read().split("{")[1].count('"') > 4]
    games = sorted(glob.glob(os.path.join(RANDOM, "*.nfg"))) + many
    # enumpoly is timed on the n-player games and on the corpus's two-player
    # strategic games too (ours solves those exactly, in rationals).
    two = [] if args.nplayer_only else [p for p in corpus if p not in many]
    ratios = {m: [] for m in args.methods.split(",")}
    worst = {m: 0.0 for m in ratios}
    print(f"{'game':<40} {'method':<9} {'brink':>9} {'eq':>3} {'rel.regret':>10} "
          f"{'pygambit':>10} {'eq':>3} {'ratio':>8}")
    for method in args.methods.split(","):
        for path in (games + two if method == "enumpoly" else games):
            name = os.path.relpath(path, ROOT)[-40:]
            old = ours(method, path, args.limit, args.old)[0] if args.old else None
            t, n, regret = ours(method, path, args.limit)
            tt, tn, killed = theirs(method, path, args.limit)
            for _ in range(args.repeat - 1):
                if t and tt and not killed:
                    if old:
                        old = min(old, ours(method, path, args.limit, args.old)[0] or old)
                    t = min(t, ours(method, path, args.limit)[0] or t)
                    tt = min(tt, theirs(method, path, args.limit)[0] or tt)
            ratio = (f"{'>=' if killed else ''}{tt / t:.0f}x" if t and tt else "-")
            ours_t = f"{t * 1e3:.3f}ms" if t else str(n)[:9]
            rel = f"{regret / payoff_range(path):.1e}" if regret is not None else "-"
            theirs_t = (f"{'>' if killed else ''}{tt * 1e3:.3f}ms" if tt is not None else "error")
            # Two-player enumpoly (exact, linear systems) summarised apart.
            key = f"{method} (two players)" if path in two and path not in games else method
            # Whether pygambit returned as many equilibria as we did (a side
            # that returns fewer may have stopped early: pygambit's gnm on
            # fresh11020 returns one of our five).
            alike = bool(t) and not killed and tt is not None and tn >= n
            # Where pygambit's gnm stopped early: its least pace that
            # returns as many (PACES), the like-for-like ratio.
            paced = (theirs_at_pace(path, n, args.limit, args.repeat)
                     if method == "gnm" and t and tt is not None and not killed and not alike
                     else None)
            if t and tt:
                ratios.setdefault(key, []).append(
                    (tt / t, killed, tt / t if alike else paced and paced[1] / t))
            if old and tt:
                ratios.setdefault(f"{key} (old)", []).append(
                    (tt / old, killed, tt / old if alike else paced and paced[1] / old))
                ratio += f"   old {old * 1e3:.3f}ms {tt / old:.0f}x"
            if regret is not None:
                worst[key] = max(worst.get(key, 0.0), regret / payoff_range(path))
            if paced:
                ratio += (f"   pygambit at steps={paced[0]}: {paced[1] * 1e3:.3f}ms "
                          f"{paced[2]} eq {paced[1] / t:.0f}x")
            print(f"{name:<40} {method:<9} {ours_t:>9} {n if t else '':>3} {rel:>10} "
                  f"{theirs_t:>10} {tn if tt is not None else '':>3} {ratio:>8}", flush=True)
    print()
    for method, rs in ratios.items():
        if not rs:
            continue
        values = sorted(r for r, _, _ in rs)
        alike = [a for _, _, a in rs if a]
        geo = math.exp(sum(math.log(r) for r in values) / len(values))
        print(f"{method}: {len(values)} games both solved, ratio min {values[0]:.1f}x, "
              f"median {values[len(values) // 2]:.1f}x, geometric mean {geo:.1f}x, "
              f"max {values[-1]:.1f}x ({sum(k for _, k, _ in rs)} pygambit runs killed at the "
              f"limit; fastest of {args.repeat} per side; min {min(alike, default=math.nan):.1f}x "
              f"over the {len(alike)} where pygambit returned as many equilibria"
              + (f", at its default pace or the least of {PACES} steps that does"
                 if method.startswith("gnm") else "")
              + "); our largest "
              f"relative regret "
              f"{worst.get(method.replace(' (old)', ''), 0.0):.1e}"
              + (" (the new build's: the old's is not measured)" if "(old)" in method else ""))


if __name__ == "__main__":
    main()
