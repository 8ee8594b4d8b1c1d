#!/usr/bin/env python3
"""Independent check of the statistical ultimatum likelihood (Ramsay and
Signorino 2009) on `student_offers` (the `games` example
`ultimatum(offer + accept ~ gender1 | gender2, maxOffer = 100, s2 = 1)`).

Two objectives, written from the model and from R `games` 1.1.2's
`logLikUlt` (games/R/ultimatum.r, helpers.r), not from the Rust code:

exact(theta)
    The log-likelihood of the model. Player 2 accepts y iff y >= R2 + e2,
    e2 ~ Logistic(0, s2): P(accept) = Lambda((y - R2) / s2). Player 1 with
    reservation value R1 + e1, e1 ~ Logistic(0, s1), maximises
    (Q - y) P(accept | y) + (R1 + e1)(1 - P(accept | y)); the first-order
    condition gives e1 = Q - y - R1 - s2 (1 + exp((y - R2) / s2)), strictly
    decreasing in y, so the optimal offer has CDF Lambda(h(y)) with
    h(y) = (y + R1 + s2 (1 + exp((y - R2) / s2)) - Q) / s1, an atom
    Lambda(h(0)) at 0, an atom 1 - Lambda(h(Q)) at Q and the density
    Lambda(h) (1 - Lambda(h)) (1 + exp((y - R2) / s2)) / s1 inside.
    Evaluated in log space (no overflow anywhere).

r_games(theta)
    What R's logLikUlt returns, step by step in IEEE doubles: the offer
    density or atom and the acceptance probability are each floored at
    .Machine$double.eps (2.2e-16, log -36.04), the acceptance probability
    capped at 1 - 2^-53, overflowing exponentials give Inf and Inf / Inf
    gives NaN (which no floor replaces, so the sum is NaN).

Prints both at our estimate (brink estimate, default options) and the
maxima of both over many starts, and writes them with a few other points to
crates/brink-estimate/tests/data/ultimatum_oracle.json for the Rust tests.
"""
import csv
import json
import os
import sys

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit, log_expit

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "crates", "brink-estimate", "tests", "data", "student_offers.csv")
Q = 100.0
EPS = np.finfo(float).eps  # .Machine$double.eps
NEG_EPS = EPS / 2  # .Machine$double.neg.eps

rows = list(csv.DictReader(open(DATA)))
y = np.array([float(r["offer"]) for r in rows])
acc = np.array([float(r["accept"]) for r in rows])
g1 = np.array([float(r["gender1"]) for r in rows])
g2 = np.array([float(r["gender2"]) for r in rows])
TOL = np.sqrt(EPS)
is_min = np.abs(y) < TOL
is_max = np.abs(y - Q) < TOL


def split(theta, log_s2=0.0):
    """theta = (R1:(Intercept), R1:gender1, R2:(Intercept), R2:gender2, log s1)."""
    b0, b1, c0, c1, ls1 = theta
    return b0 + b1 * g1, c0 + c1 * g2, np.exp(ls1), np.exp(log_s2), ls1


def exact_obs(theta):
    fit1, fit2, s1, s2, ls1 = split(theta)
    d = (y - fit2) / s2
    # s2 exp(d) in log space: exp(log s2 + d) may overflow to inf, which only
    # pushes h to +inf where log Lambda(-h) = -inf is the correct limit.
    with np.errstate(over="ignore"):
        h = (y + fit1 + s2 + np.exp(np.log(s2) + d) - Q) / s1
    softplus_d = np.logaddexp(0.0, d)  # log(1 + exp(d))
    interior = log_expit(h) + log_expit(-h) - ls1 + softplus_d
    with np.errstate(over="ignore"):
        h0 = (0.0 + fit1 + s2 + np.exp(np.log(s2) - fit2 / s2) - Q) / s1
        hq = (Q + fit1 + s2 + np.exp(np.log(s2) + (Q - fit2) / s2) - Q) / s1
    offer = np.where(is_max, log_expit(-hq), np.where(is_min, log_expit(h0), interior))
    accept = np.where(acc == 1, log_expit(d), log_expit(-d))
    return offer + accept


def exact(theta):
    return float(np.sum(exact_obs(theta)))


def finite_probs(x):
    x = np.where(x < EPS, EPS, x)  # NaN < EPS is False in numpy as NA is skipped in R
    return np.where(x > 1 - NEG_EPS, 1 - NEG_EPS, x)


def r_games_obs(theta):
    with np.errstate(all="ignore"):
        fit1, fit2, s1, s2, _ = split(theta)

        def cdf(yy):
            return 1 / (1 + np.exp((Q - yy - fit1 - s2 * (1 + np.exp((yy - fit2) / s2))) / s1))

        def pdf(yy):
            num = np.exp(-(Q - yy - fit1 - s2 * (1 + np.exp((yy - fit2) / s2))) / s1)
            denom = s1 * (1 + num) ** 2
            return (num / denom) * (1 + np.exp((yy - fit2) / s2))

        pr_accept = finite_probs(1 / (1 + np.exp(-(y - fit2) / s2)))
        lowball = finite_probs(cdf(0.0))
        highball = finite_probs(1 - cdf(Q))
        interior = pdf(y)
        ans1 = np.where(is_max, highball, np.where(is_min, lowball, interior))
        ans1 = np.where(ans1 < EPS, EPS, ans1)
        ans2 = finite_probs(np.where(acc == 1, pr_accept, 1 - pr_accept))
        return np.log(ans1 * ans2)


def r_games(theta):
    return float(np.sum(r_games_obs(theta)))


def best_of(fun, starts):
    best = None
    for s in starts:
        for method in ("Nelder-Mead", "Powell"):
            def neg(t):
                v = fun(t)
                return 1e300 if not np.isfinite(v) else -v
            r = minimize(neg, s, method=method,
                         options={"maxiter": 40000, "maxfev": 40000, "xatol": 1e-10, "fatol": 1e-12}
                         if method == "Nelder-Mead" else {"maxiter": 40000, "xtol": 1e-10, "ftol": 1e-14})
            # polish
            r = minimize(neg, r.x, method="Nelder-Mead",
                         options={"maxiter": 40000, "maxfev": 40000, "xatol": 1e-11, "fatol": 1e-13})
            if best is None or r.fun < best.fun:
                best = r
    return best.x, -best.fun


def main():
    # Our estimate (brink estimate ultimatum ... --max-offer 100 --s2 1) is
    # read from argv when given, else the values printed by the fit at the
    # time of writing.
    ours = np.array([float(v) for v in sys.argv[1:6]]) if len(sys.argv) >= 6 else \
        np.array([66.695004, -27.337573, 44.695923, -0.400929, 3.897022])
    print("theta = (R1:(Intercept), R1:gender1, R2:(Intercept), R2:gender2, log s1), log s2 = 0")
    print(f"at our estimate {ours.tolist()}:")
    print(f"  exact log-likelihood  {exact(ours):.6f}")
    print(f"  R games logLikUlt     {r_games(ours):.6f}")
    floored = exact_obs(ours) < np.log(EPS)
    print(f"  observations with an exact term below log(eps) = {np.log(EPS):.2f}: {int(floored.sum())}")

    rng = np.random.default_rng(1)
    starts = [ours]
    # R's own start: lsfit of Q - y on X, logit of accept on Z with offset -y
    # (computed here by a logit fit), log s1 = log sd(y).
    starts.append(np.array([Q - y.mean(), 0.0, y.mean(), 0.0, np.log(y.std(ddof=1))]))
    for _ in range(40):
        starts.append(np.array([rng.uniform(-50, 150), rng.uniform(-60, 60),
                                rng.uniform(-20, 80), rng.uniform(-30, 30), rng.uniform(0, 6)]))
    tx, tv = best_of(exact, starts)
    print(f"best exact log-likelihood over {len(starts)} starts: {tv:.6f} at {np.round(tx, 6).tolist()}")
    print(f"  R games logLikUlt there: {r_games(tx):.6f}")
    rx, rv = best_of(r_games, starts)
    print(f"best R games logLikUlt over {len(starts)} starts: {rv:.6f} at {np.round(rx, 6).tolist()}")
    print(f"  exact log-likelihood there: {exact(rx):.6f}")
    print(f"  observations floored by R there: offer {int((exact_obs(rx) < np.log(EPS)).sum())}")

    points = [("our estimate", ours), ("exact maximum", tx), ("R games maximum", rx),
              ("R games start", starts[1]),
              # exp((y - R2) / s2) overflows: R's density is Inf / Inf = NaN.
              ("R overflow", np.array([10.0, 0.0, -700.0, 0.0, 1.0]))]
    for _ in range(4):
        points.append(("random", starts[2 + len(points)]))
    out = {
        "source": "scripts/ultimatum_check.py (numpy " + np.__version__ + "); data student_offers, "
                  "maxOffer 100, log s2 fixed at 0",
        "theta_order": ["R1:(Intercept)", "R1:gender1", "R2:(Intercept)", "R2:gender2", "log(s1)"],
        "exact_max": tv,
        "r_games_max": rv,
        # JSON has no infinities: non-finite values are written as null.
        "points": [{"what": w, "theta": [float(v) for v in t],
                    "exact": (exact(t) if np.isfinite(exact(t)) else None),
                    "r_games": (r_games(t) if np.isfinite(r_games(t)) else None)}
                   for w, t in points],
    }
    path = os.path.join(HERE, "..", "crates", "brink-estimate", "tests", "data", "ultimatum_oracle.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print("wrote", os.path.normpath(path))


if __name__ == "__main__":
    main()
