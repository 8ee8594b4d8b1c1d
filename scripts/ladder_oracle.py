"""Independent oracle for the three-step ladder of
crates/brink-crisis/tests/data/ladder3.crisis: its perfect Bayesian
equilibrium derived by hand and solved by nested bisection.

The challenger C (no private type) escalates at step s with probability e_s
or backs off; each escalation risks an accident; the defender D, whose
resolve r ~ N(0, 1) is private, then concedes or stands firm. Backward
induction gives D a threshold x_s at each step (stand firm iff r > x_s, with
x_3 = concede_d - w_d) and C, believing r > x_{s-1} after D stood firm at
step s-1 (Bayes' rule), escalates for sure, backs off for sure, or mixes so
that it is indifferent, the mix fixing D's earlier threshold through D's
indifference. Pure Python, no solver shared with brinkmanship.

    python3 scripts/ladder_oracle.py back=0.05      # one setting
    python3 scripts/ladder_oracle.py --fixture      # the test fixture
"""
import math, sys

def Phi(x):
    if x == -math.inf: return 0.0
    if x == math.inf: return 1.0
    return 0.5 * math.erfc(-x / math.sqrt(2))

def bisect(f, lo, hi, n=200):
    flo = f(lo)
    for _ in range(n):
        m = 0.5 * (lo + hi)
        fm = f(m)
        if (fm > 0) == (flo > 0):
            lo, flo = m, fm
        else:
            hi = m
    return 0.5 * (lo + hi)

def solve(back, w_c, w_d, prize, risk, concede_d=-1.0, steps=3):
    # D's continuation value at the start of step s (before C moves), as a function of r,
    # built backwards: V_{steps+1}(r) = w_d + r (war).
    # For each step s (from last), C's escalation prob e_s, D's threshold x_s.
    # Solve backwards: given the later (e, x), find e_s and x_{s-1} jointly:
    #   x_s: D indifferent at step s between concede and continuing: cont_s(r) = V_{s+1}(r).
    #   C at step s: belief r > x_{s-1}; escalate value vs back-off value.
    # Because x_{s-1} depends on e_s (D's indifference at step s-1), we solve e_s by bisection.
    def Vnext_factory(es, xs):
        # returns V_s(r) for the given later e's, D playing thresholds optimally
        def V(s, r):
            if s == steps + 1:
                return w_d + r
            cont = V(s + 1, r)
            return (1 - es[s]) * 0.0 + es[s] * (risk * (w_d + r) + (1 - risk) * max(concede_d, cont))
        return V
    es = {}; xs = {}
    # x_steps: concede vs war
    xs[steps] = concede_d - w_d
    Cval = {}  # C's continuation value at start of step s+1 given reached
    Cval[steps + 1] = w_c
    for s in range(steps, 0, -1):
        backoff = -back * (s - 1)
        def x_prev(e):
            es_try = dict(es); es_try[s] = e
            V = Vnext_factory(es_try, xs)
            if s == 1:
                return -math.inf
            # D at step s-1 indifferent: concede_d == V(s, r)
            f = lambda r: V(s, r) - concede_d
            if f(-40) > 0: return -math.inf
            if f(40) < 0: return math.inf
            return bisect(f, -40, 40)
        def esc_value(xp):
            lo = Phi(xp); tail = 1 - lo
            if tail <= 0: return w_c
            pc = (Phi(xs[s]) - lo) / tail if xs[s] > xp else 0.0
            pc = max(pc, 0.0)
            return risk * w_c + (1 - risk) * (pc * prize + (1 - pc) * Cval[s + 1])
        u1 = esc_value(x_prev(1.0))
        u0 = esc_value(x_prev(1e-12))
        if u1 >= backoff:
            e = 1.0
        elif u0 <= backoff:
            e = 0.0
        else:
            e = bisect(lambda e: esc_value(x_prev(e)) - backoff, 1e-12, 1.0)
        es[s] = e
        if s > 1:
            xs[s - 1] = x_prev(e)
        Cval[s] = max(backoff, esc_value(xs.get(s - 1, -math.inf))) if e > 0 else backoff
    # outcome probabilities along the path
    out = dict(backs_off=0.0, concedes=0.0, accident=0.0, war=0.0)
    reach = 1.0; xp = -math.inf
    for s in range(1, steps + 1):
        e = es[s]
        out['backs_off'] += reach * (1 - e)
        reach *= e
        out['accident'] += reach * risk
        reach *= (1 - risk)
        tail = 1 - Phi(xp)
        pc = max(Phi(xs[s]) - Phi(xp), 0.0) / tail if tail > 0 else 0.0
        out['concedes'] += reach * pc
        reach *= (1 - pc)
        xp = max(xp, xs[s])
    out['war'] = reach
    return es, xs, out

SETTINGS = [
    {},
    {"back": 0.05},
    {"risk": 0.25},
    {"w_d": -0.6, "prize": 1.0},
    {"w_c": -2.0, "back": 0.5},
    {"w_d": -3.0},
    {"back": 1.0, "w_c": -0.1},
]

DEFAULTS = dict(back=0.2, w_c=-0.5, w_d=-1.2, prize=2.0, risk=0.1)

if __name__ == '__main__':
    if sys.argv[1:] == ['--fixture']:
        # The fixture crates/brink-crisis/tests/data/ladder3_oracle.json.
        import json
        cases = []
        for ov in SETTINGS:
            es, xs, out = solve(**{**DEFAULTS, **ov})
            cases.append({"set": ov, "escalate": [es[s] for s in (1, 2, 3)],
                          "thresholds": [xs[s] for s in (1, 2, 3)], "outcomes": out})
        print(json.dumps({"source": "scripts/ladder_oracle.py --fixture", "cases": cases}, indent=1))
        sys.exit(0)
    args = dict(DEFAULTS)
    for a in sys.argv[1:]:
        k, v = a.split('='); args[k] = float(v)
    es, xs, out = solve(**args)
    print('e', es); print('x', xs); print(out)
