#!/usr/bin/env python3
"""Regenerates test-vectors/stats.json: reference values for the statistics calculator (DESIGN.md §6).

Independent of the Java code: every expected value comes from scipy/numpy (and mpmath for the Bayesian
closed form), either a scipy routine
(scipy.stats.chisquare, chi2_contingency, ttest_ind_from_stats, false_discovery_control,
scipy.integrate.quad) or the textbook closed form evaluated with scipy's survival functions, as
named in each vector's "reference". Run:  python3 test-vectors/generate_stats_vectors.py
"""
import json
import math
import os
from fractions import Fraction

import mpmath
import numpy as np
import scipy
from scipy import integrate, special, stats

mpmath.mp.dps = 30
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "stats.json")

# Tolerances: |actual - expected| <= abs + rel * |expected|, per result key ("*" = any other key).
CLOSED = {"*": {"rel": 1e-9, "abs": 1e-14}, "p_value": {"rel": 1e-9, "abs": 0.0}}
# Student t tails through the regularized incomplete beta lose ~df/2 * 1e-16 relative (p and the t quantile of
# the CI); 1e-8 relative for p and 1e-10 absolute for the CI ends cover df ~ 2e7.
WELCH = {"*": {"rel": 1e-9, "abs": 1e-14}, "p_value": {"rel": 1e-8, "abs": 0.0}, "ci_diff": {"rel": 1e-9, "abs": 1e-10}}
# Quadrature (Java: 20-point Gauss-Legendre on sd-spaced panels) against exact closed forms / QUADPACK: probabilities
# to 1e-9 absolute; the expected loss (often ~1e-5) to 1e-6 relative.
INTEGRATED = {"*": {"rel": 0.0, "abs": 1e-9}, "expected_loss_treatment": {"rel": 1e-6, "abs": 1e-12}}
# Beta parameters below 1 have an integrable singularity at 0 or 1.
INTEGRATED_SINGULAR = {"*": {"rel": 0.0, "abs": 1e-8}}
EXACT = {"*": {"rel": 0.0, "abs": 0.0}}

vectors = []


def add(name, method, inputs, expected, tolerance, reference):
    vectors.append({"name": name, "method": method, "inputs": inputs, "expected": expected,
                    "tolerance": tolerance, "reference": reference})


def add_error(name, method, inputs, message_part):
    vectors.append({"name": name, "method": method, "inputs": inputs, "expected": {"error": message_part},
                    "tolerance": EXACT, "reference": "invalid input must be rejected with a message naming it"})


def fin(x):
    """Undefined (NaN/inf) is null in results."""
    if x is None:
        return None
    x = float(x)
    return x if math.isfinite(x) else None


def two_sided_p(z):
    return float(2 * stats.norm.sf(abs(z)))


def zcrit(alpha):
    return float(stats.norm.isf(alpha / 2))


# ---------------------------------------------------------------- two_proportion_z_test
def z_test(nA, cA, nB, cB, alpha=0.05):
    if nA == 0 or nB == 0:
        return dict(diff=None, z=None, p_value=None, ci_diff=None, lift=None, ci_lift=None)
    pA, pB = cA / nA, cB / nB
    diff = pB - pA
    pool = (cA + cB) / (nA + nB)
    se0 = math.sqrt(pool * (1 - pool) * (1 / nA + 1 / nB))
    z = 0.0 if se0 == 0 else diff / se0
    p = 1.0 if se0 == 0 else two_sided_p(z)
    varA, varB = pA * (1 - pA) / nA, pB * (1 - pB) / nB
    k = zcrit(alpha)
    h = k * math.sqrt(varA + varB)
    out = dict(diff=diff, z=z, p_value=p, ci_diff=[diff - h, diff + h], lift=None, ci_lift=None)
    if pA > 0:
        lift = pB / pA - 1
        se_lift = math.sqrt(varB / pA ** 2 + pB ** 2 * varA / pA ** 4)
        out.update(lift=lift, ci_lift=[lift - k * se_lift, lift + k * se_lift])
    return out


Z_REF = ("closed form (DESIGN §6: pooled SE for z, unpooled SE for ci_diff, delta-method ci_lift) with "
         "scipy.stats.norm.sf for p = 2*sf(|z|) and norm.isf(alpha/2) for the critical value")
for name, nA, cA, nB, cB, alpha in [
    ("typical 10% vs 12%", 1000, 100, 1000, 120, 0.05),
    ("unequal arms, negative lift", 5234, 611, 4877, 512, 0.05),
    ("alpha 0.01", 20000, 1000, 20000, 1100, 0.01),
    ("alpha 0.10", 20000, 1000, 20000, 1100, 0.10),
    ("control 0% gives null lift", 500, 0, 500, 7, 0.05),
    ("both 0% gives z 0 and p 1", 800, 0, 900, 0, 0.05),
    ("both 100% gives z 0 and p 1", 50, 50, 70, 70, 0.05),
    ("treatment 100%", 40, 30, 40, 40, 0.05),
    ("treatment 0%", 400, 30, 400, 0, 0.05),
    ("tiny arms", 1, 0, 2, 1, 0.05),
    ("huge arms 1e7", 10_000_000, 500_000, 10_000_000, 501_500, 0.05),
    ("huge arms 5e7 tiny rate", 50_000_000, 5_000, 50_000_000, 5_400, 0.05),
    ("tail p about 1e-12", 100_000, 10_000, 100_000, 10_957, 0.05),
    ("tail p about 1e-30", 100_000, 10_000, 100_000, 11_550, 0.05),
    ("tail p about 1e-100", 100_000, 10_000, 100_000, 13_000, 0.05),
    ("tail p about 1e-250", 1_000_000, 100_000, 1_000_000, 130_000, 0.05),
]:
    add("z test: " + name, "two_proportion_z_test",
        {"control": {"visitors": nA, "conversions": cA}, "treatment": {"visitors": nB, "conversions": cB}, "alpha": alpha},
        z_test(nA, cA, nB, cB, alpha), CLOSED, Z_REF)
add("z test: empty control arm gives nulls", "two_proportion_z_test",
    {"control": {"visitors": 0, "conversions": 0}, "treatment": {"visitors": 10, "conversions": 1}},
    z_test(0, 0, 10, 1), CLOSED, "DESIGN §6: undefined quantities are null")
add_error("z test: conversions above visitors", "two_proportion_z_test",
          {"control": {"visitors": 10, "conversions": 11}, "treatment": {"visitors": 10, "conversions": 1}}, "conversions (11)")
add_error("z test: negative visitors", "two_proportion_z_test",
          {"control": {"visitors": -1, "conversions": 0}, "treatment": {"visitors": 10, "conversions": 1}}, "-1")
add_error("z test: alpha outside (0,1)", "two_proportion_z_test",
          {"control": {"visitors": 10, "conversions": 1}, "treatment": {"visitors": 10, "conversions": 1}, "alpha": 1.5}, "1.5")


# ---------------------------------------------------------------- welch_t_test
def welch(a, b, alpha=0.05):
    """a, b: (n, sum, sum_squares) with exact (integer or dyadic) values."""
    (nA, sA, qA), (nB, sB, qB) = a, b
    if nA == 0 or nB == 0:
        return dict(diff=None, t=None, df=None, p_value=None, ci_diff=None)
    mA, mB = Fraction(sA) / nA, Fraction(sB) / nB
    diff = float(mB - mA)
    if nA < 2 or nB < 2:
        return dict(diff=diff, t=None, df=None, p_value=None, ci_diff=None)
    vA = (Fraction(qA) - Fraction(sA) ** 2 / nA) / (nA - 1)
    vB = (Fraction(qB) - Fraction(sB) ** 2 / nB) / (nB - 1)
    if vA == 0 and vB == 0:
        if diff == 0:
            return dict(diff=diff, t=0.0, df=None, p_value=1.0, ci_diff=[diff, diff])
        return dict(diff=diff, t=None, df=None, p_value=None, ci_diff=None)
    sdA, sdB = math.sqrt(float(vA)), math.sqrt(float(vB))
    res = stats.ttest_ind_from_stats(float(mA), sdA, nA, float(mB), sdB, nB, equal_var=False)
    t = -float(res.statistic)  # scipy tests first minus second; we report treatment - control
    p = float(res.pvalue)
    ea, eb = vA / nA, vB / nB
    df = float((ea + eb) ** 2 / (ea ** 2 / (nA - 1) + eb ** 2 / (nB - 1)))
    se = math.sqrt(float(ea + eb))
    h = float(stats.t.isf(alpha / 2, df)) * se
    return dict(diff=diff, t=t, df=df, p_value=p, ci_diff=[diff - h, diff + h])


def moments(values):
    v = [Fraction(x) for x in values]
    return (len(v), sum(v), sum(x * x for x in v))


def as_inputs(m):
    n, s, q = m
    return {"n": n, "sum": float(s), "sum_squares": float(q)}


W_REF = "scipy.stats.ttest_ind_from_stats(equal_var=False) for t and p; Welch-Satterthwaite df and t.isf(alpha/2, df) for ci_diff"
rng = np.random.default_rng(20261123)
revenue_a = np.round(rng.gamma(2.0, 25.0, 400), 2)
revenue_b = np.round(rng.gamma(2.0, 28.0, 380), 2)
welch_cases = [
    ("small samples", moments([3, 5, 7, 9, 11]), moments([4, 8, 9, 12, 15, 20]), 0.05),
    ("revenue-like gamma samples", moments([Fraction(str(x)) for x in revenue_a]),
     moments([Fraction(str(x)) for x in revenue_b]), 0.05),
    ("alpha 0.01", moments([1, 2, 3, 4, 5, 6, 7]), moments([3, 4, 5, 6, 7, 8, 9, 10]), 0.01),
    ("one arm zero variance", moments([5, 5, 5, 5]), moments([4, 6, 7, 9, 10]), 0.05),
    ("tail p about 1e-15", (10_000, 100_000, 1_100_000), (10_000, 110_000, 1_310_000), 0.05),
    ("tail p far below 1e-100", (100_000, 1_000_000, 11_000_000), (100_000, 1_300_000, 17_900_000), 0.05),
    ("huge n 1e7", (10_000_000, 250_000_000, 10_000_000_000), (10_000_000, 250_500_000, 10_030_000_000), 0.05),
]
for name, a, b, alpha in welch_cases:
    add("welch: " + name, "welch_t_test", {"control": as_inputs(a), "treatment": as_inputs(b), "alpha": alpha},
        welch(a, b, alpha), WELCH, W_REF)
for name, a, b in [
    ("empty arm gives nulls", (0, 0, 0), (3, 6, 14)),
    ("single value gives diff only", (1, 5, 25), (3, 6, 14)),
    ("both zero variance, equal means: t 0, p 1", (4, 20, 100), (6, 30, 150)),
    ("both zero variance, different means: nulls", (4, 20, 100), (6, 42, 294)),
]:
    add("welch: " + name, "welch_t_test", {"control": as_inputs(a), "treatment": as_inputs(b)}, welch(a, b), WELCH,
        "DESIGN §6 degenerate-data conventions (see WelchTTest Javadoc)")
add_error("welch: negative n", "welch_t_test",
          {"control": {"n": -2, "sum": 0, "sum_squares": 0}, "treatment": {"n": 3, "sum": 6, "sum_squares": 14}}, "-2")


# ---------------------------------------------------------------- srm_chi_square
def srm(observed, weights):
    obs = np.array(observed, dtype=float)
    w = np.array(weights, dtype=float)
    total = obs.sum()
    if np.any((w == 0) & (obs > 0)):
        return dict(statistic=None, df=int((w > 0).sum()) - 1, p_value=0.0)
    keep = w > 0
    if total == 0:
        return dict(statistic=None, df=int(keep.sum()) - 1, p_value=None)
    exp = total * w[keep] / w[keep].sum()
    res = stats.chisquare(obs[keep], exp)
    return dict(statistic=float(res.statistic), df=int(keep.sum()) - 1, p_value=float(res.pvalue))


S_REF = "scipy.stats.chisquare(observed, f_exp = N * w / sum(w))"
for name, observed, weights in [
    ("balanced 50/50", [10_113, 9_887], [50, 50]),
    ("mismatch 50/50", [10_500, 9_500], [50, 50]),
    ("three variants 50/25/25", [5_050, 2_430, 2_520], [0.5, 0.25, 0.25]),
    ("weights on any scale", [300, 640], [1, 2]),
    ("tail p about 1e-12", [51_000, 49_000], [1, 1]),
    ("tail p below 1e-200", [5_100_000, 4_900_000], [1, 1]),
    ("huge 1e7 balanced", [10_001_234, 9_998_766], [1, 1]),
    ("zero-weight variant without visitors is ignored", [480, 520, 0], [1, 1, 0]),
]:
    add("srm: " + name, "srm_chi_square", {"observed": observed, "weights": weights}, srm(observed, weights), CLOSED, S_REF)
add("srm: zero-weight variant with visitors is a certain mismatch", "srm_chi_square",
    {"observed": [480, 520, 3], "weights": [1, 1, 0]}, srm([480, 520, 3], [1, 1, 0]), CLOSED,
    "convention: infinite statistic -> null, p = 0 (scipy gives inf, 0)")
add("srm: no visitors yet", "srm_chi_square", {"observed": [0, 0], "weights": [1, 1]}, srm([0, 0], [1, 1]), CLOSED,
    "DESIGN §6: undefined quantities are null")
add_error("srm: lengths differ", "srm_chi_square", {"observed": [1, 2, 3], "weights": [1, 1]}, "same length")
add_error("srm: negative weight", "srm_chi_square", {"observed": [1, 2], "weights": [1, -1]}, "-1.0")


# ---------------------------------------------------------------- chi_square_independence
def independence(visitors, conversions):
    cols = [(v, c) for v, c in zip(visitors, conversions) if v > 0]
    if len(cols) < 2:
        return dict(statistic=None, df=None, p_value=None)
    conv = sum(c for _, c in cols)
    vis = sum(v for v, _ in cols)
    if conv == 0 or conv == vis:
        return dict(statistic=0.0, df=len(cols) - 1, p_value=1.0)
    table = np.array([[c for _, c in cols], [v - c for v, c in cols]], dtype=float)
    chi2, p, dof, _ = stats.chi2_contingency(table, correction=False)
    return dict(statistic=float(chi2), df=int(dof), p_value=float(p))


I_REF = "scipy.stats.chi2_contingency(2 x k table, correction=False)"
for name, visitors, conversions in [
    ("two variants (equals z squared)", [1000, 1000], [100, 120]),
    ("three variants", [5000, 5100, 4950], [500, 560, 470]),
    ("five variants", [800, 820, 790, 805, 812], [40, 52, 38, 61, 44]),
    ("tail p about 1e-14", [100_000, 100_000, 100_000], [10_000, 10_500, 11_000]),
    ("huge 1e7 per arm", [10_000_000, 10_000_000, 10_000_000], [500_000, 501_000, 499_500]),
    ("empty variant is left out", [1000, 0, 1000], [100, 0, 120]),
]:
    add("independence: " + name, "chi_square_independence", {"visitors": visitors, "conversions": conversions},
        independence(visitors, conversions), CLOSED, I_REF)
for name, visitors, conversions in [
    ("nobody converted: statistic 0, p 1", [1000, 900, 800], [0, 0, 0]),
    ("everybody converted: statistic 0, p 1", [10, 20], [10, 20]),
    ("fewer than two non-empty variants: nulls", [1000, 0], [10, 0]),
]:
    add("independence: " + name, "chi_square_independence", {"visitors": visitors, "conversions": conversions},
        independence(visitors, conversions), CLOSED, "convention (ChiSquareIndependenceTest Javadoc); scipy raises here")
add_error("independence: conversions above visitors", "chi_square_independence",
          {"visitors": [10, 10], "conversions": [3, 12]}, "conversions (12)")


# ---------------------------------------------------------------- bayesian_beta_binomial
def prob_b_beats_a(aA, bA, aB, bB):
    """Evan Miller's closed form for integer alpha_B, summed exactly in 30-digit mpmath arithmetic:
    P(pB > pA) = sum_{i < aB} B(aA+i, bA+bB) / ((bB+i) B(1+i, bB) B(aA, bA)), terms by their exact ratio.
    (Summing in float64 with scipy.special.betaln loses ~1e-8 at 1e7 visitors.)"""
    assert float(aB).is_integer()
    lg = mpmath.loggamma
    aA, bA, aB, bB = (mpmath.mpf(x) for x in (aA, bA, aB, bB))
    term = mpmath.exp(lg(aA) + lg(bA + bB) - lg(aA + bA + bB) - mpmath.log(bB) - (lg(bB) - lg(1 + bB))
                      - (lg(aA) + lg(bA) - lg(aA + bA)))
    total = mpmath.mpf(0)
    for i in range(int(aB)):
        total += term
        term *= (aA + i) / (aA + i + bA + bB) * (bB + i) / (bB + i + 1) * (i + 1 + bB) / (i + 1)
    return total


def quad_prob_b_beats_a(aA, bA, aB, bB):
    """Cross-check: integral of f_B(x) F_A(x) dx by QUADPACK on the region that carries the mass."""
    lo, hi = support([(aA, bA), (aB, bB)])
    pts = breakpoints([(aA, bA), (aB, bB)], lo, hi)
    f = lambda x: stats.beta.pdf(x, aB, bB) * special.betainc(aA, bA, x)
    return piecewise_quad(f, lo, hi, pts)


def beta_mean_sd(a, b):
    return a / (a + b), math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))


def support(arms):
    lo, hi = 1.0, 0.0
    for a, b in arms:
        m, s = beta_mean_sd(a, b)
        lo, hi = min(lo, max(0.0, m - 45 * s)), max(hi, min(1.0, m + 45 * s))
    return lo, hi


def breakpoints(arms, lo, hi):
    pts = set()
    for a, b in arms:
        m, s = beta_mean_sd(a, b)
        for k in (-8, -4, -2, -1, 0, 1, 2, 4, 8):
            x = m + k * s
            if lo < x < hi:
                pts.add(x)
    return sorted(pts)


def piecewise_quad(f, lo, hi, pts):
    edges = [lo] + pts + [hi]
    total = 0.0
    for x0, x1 in zip(edges, edges[1:]):
        val, _ = integrate.quad(f, x0, x1, epsabs=1e-15, epsrel=1e-13, limit=400)
        total += val
    return total


def bayes(nA, cA, nB, cB, prior=(1, 1)):
    aA, bA = prior[0] + cA, prior[1] + nA - cA
    aB, bB = prior[0] + cB, prior[1] + nB - cB
    p = prob_b_beats_a(aA, bA, aB, bB)
    check = quad_prob_b_beats_a(aA, bA, aB, bB)
    assert abs(p - check) < 1e-9, (aA, bA, aB, bB, p, check)
    mA, mB = aA / (aA + bA), aB / (aB + bB)
    # E[max(A - B, 0)] = E[A 1{A>B}] - E[B 1{A>B}] = mA P(A+ > B) - mB P(A > B+), A+ ~ Beta(aA+1, bA)
    loss = mA * (1 - prob_b_beats_a(aA + 1, bA, aB, bB)) - mB * (1 - prob_b_beats_a(aA, bA, aB + 1, bB))
    return dict(prob_treatment_beats_control=float(p), expected_loss_treatment=max(0.0, float(loss)))


B_REF = ("Evan Miller's closed form for P(pB > pA) (integer alpha_B) summed in 30-digit mpmath, cross-checked by "
         "scipy.integrate.quad; expected loss E[max(pA - pB, 0)] = mean_A P(A+ > B) - mean_B P(A > B+) by the same closed form")
for name, nA, cA, nB, cB, prior, tol in [
    ("typical 10% vs 12%", 1000, 100, 1000, 120, (1, 1), INTEGRATED),
    ("treatment worse", 2000, 240, 2100, 220, (1, 1), INTEGRATED),
    ("equal data gives one half", 500, 50, 500, 50, (1, 1), INTEGRATED),
    ("no data: prior only", 0, 0, 0, 0, (1, 1), INTEGRATED),
    ("empty control arm", 0, 0, 100, 10, (1, 1), INTEGRATED),
    ("zero conversions", 300, 0, 300, 0, (1, 1), INTEGRATED),
    ("all converted", 40, 40, 50, 50, (1, 1), INTEGRATED),
    ("0% vs some", 400, 0, 400, 4, (1, 1), INTEGRATED),
    ("tiny samples", 3, 1, 2, 2, (1, 1), INTEGRATED),
    ("informative prior", 100, 12, 100, 15, (2, 18), INTEGRATED),
    ("near-certain winner", 10_000, 1_000, 10_000, 1_300, (1, 1), INTEGRATED),
    ("large 1e5", 100_000, 5_000, 100_000, 5_150, (1, 1), INTEGRATED),
    ("huge 1e7", 10_000_000, 200_000, 10_000_000, 200_600, (1, 1), INTEGRATED),
]:
    add("bayes: " + name, "bayesian_beta_binomial",
        {"control": {"visitors": nA, "conversions": cA}, "treatment": {"visitors": nB, "conversions": cB},
         "prior": list(prior)}, bayes(nA, cA, nB, cB, prior), tol, B_REF)


# ---------------------------------------------------------------- msprt_proportions (+ sequence)
def msprt(nA, cA, nB, cB, tau2, theta0=0.0):
    if nA == 0 or nB == 0:
        return dict(lambda_=1.0, p_value=1.0)
    pA, pB = cA / nA, cB / nB
    v = pA * (1 - pA) / nA + pB * (1 - pB) / nB
    if v == 0:
        return dict(lambda_=1.0, p_value=1.0)
    d = pB - pA - theta0
    log_lam = 0.5 * math.log(v / (v + tau2)) + d * d * tau2 / (2 * v * (v + tau2))
    lam = math.exp(log_lam) if log_lam < 709 else float("inf")
    return dict(lambda_=fin(lam), p_value=min(1.0, math.exp(-log_lam)))


def msprt_out(r):
    return {"lambda": r["lambda_"], "p_value": r["p_value"]}


M_REF = ("Johari et al. normal-mixture mSPRT: Lambda = sqrt(V/(V+tau2)) exp((theta_hat-theta0)^2 tau2 / (2V(V+tau2))), "
         "V unpooled, p = min(1, 1/Lambda); numpy/math")
for name, nA, cA, nB, cB, tau2, theta0 in [
    ("no difference yet", 5000, 500, 5000, 510, 1e-4, 0.0),
    ("clear difference", 20000, 2000, 20000, 2300, 1e-4, 0.0),
    ("theta0 shifted", 20000, 2000, 20000, 2300, 1e-4, 0.01),
    ("wide mixture tau2 0.01", 2000, 200, 2000, 260, 0.01, 0.0),
    ("tail p about 1e-12", 100_000, 10_000, 100_000, 10_900, 1e-4, 0.0),
    ("huge 1e7", 10_000_000, 1_000_000, 10_000_000, 1_003_000, 1e-5, 0.0),
    ("lambda overflows: null lambda, p 0", 10_000_000, 1_000_000, 10_000_000, 1_300_000, 1e-4, 0.0),
    ("V = 0 (both 0%) counts as no evidence", 1000, 0, 1000, 0, 1e-4, 0.0),
    ("V = 0 (0% vs 100%) counts as no evidence", 5, 0, 5, 5, 1e-4, 0.0),
    ("empty arm counts as no evidence", 0, 0, 100, 10, 1e-4, 0.0),
]:
    add("msprt: " + name, "msprt_proportions",
        {"control": {"visitors": nA, "conversions": cA}, "treatment": {"visitors": nB, "conversions": cB},
         "tau2": tau2, "theta0": theta0}, msprt_out(msprt(nA, cA, nB, cB, tau2, theta0)), CLOSED, M_REF)
add_error("msprt: tau2 must be positive", "msprt_proportions",
          {"control": {"visitors": 10, "conversions": 1}, "treatment": {"visitors": 10, "conversions": 2}, "tau2": 0},
          "tau2")

looks = [(0, 0, 0, 0), (1000, 100, 1000, 130), (2000, 200, 2000, 236), (3000, 300, 3000, 340),
         (4000, 400, 4000, 420), (5000, 500, 5000, 525)]
lams, ps, running = [], [], 1.0
for nA, cA, nB, cB in looks:
    r = msprt(nA, cA, nB, cB, 1e-3)
    running = min(running, r["p_value"])
    lams.append(r["lambda_"])
    ps.append(running)
add("msprt sequence: running minimum keeps the early evidence", "msprt_proportions_sequence",
    {"looks": [{"control": {"visitors": a, "conversions": b}, "treatment": {"visitors": c, "conversions": d}}
               for a, b, c, d in looks], "tau2": 1e-3, "theta0": 0.0},
    {"lambda": lams, "p_value": ps}, CLOSED, M_REF + "; p_n = min(p_(n-1), 1/Lambda_n)")
add("msprt sequence: no looks", "msprt_proportions_sequence", {"looks": [], "tau2": 1e-4},
    {"lambda": [], "p_value": []}, CLOSED, "empty sequence")


# ---------------------------------------------------------------- sample sizes, power, days
def rates(baseline, mde, mde_type):
    return baseline, (baseline * (1 + mde) if mde_type == "relative" else baseline + mde)


def z_alpha(alpha, two_sided):
    return float(stats.norm.isf(alpha / 2 if two_sided else alpha))


def sample_size(kind, baseline, mde, mde_type="relative", alpha=0.05, power=0.8, two_sided=True):
    p1, p2 = rates(baseline, mde, mde_type)
    d = abs(p2 - p1)
    if d == 0:
        return dict(n_per_arm=None, n_per_arm_exact=None)
    za, zb = z_alpha(alpha, two_sided), float(stats.norm.ppf(power))
    s1 = math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))
    if kind == "pooled":
        pbar = (p1 + p2) / 2
        root = za * math.sqrt(2 * pbar * (1 - pbar)) + zb * s1
    elif kind == "unpooled":
        root = (za + zb) * s1
    else:  # Evan Miller's calculator: H0 sd from the baseline only
        root = za * math.sqrt(2 * p1 * (1 - p1)) + zb * s1
    n = root * root / (d * d)
    return dict(n_per_arm=math.ceil(n), n_per_arm_exact=n)


N_REF = {
    "pooled": "n = (z_a sqrt(2 pbar qbar) + z_b sqrt(p1 q1 + p2 q2))^2 / d^2 with scipy.stats.norm.isf/ppf",
    "unpooled": "n = (z_a + z_b)^2 (p1 q1 + p2 q2) / d^2 with scipy.stats.norm.isf/ppf",
    "evan_miller": "Evan Miller's calculator: n = (z_a sqrt(2 p1 q1) + z_b sqrt(p1 q1 + p2 q2))^2 / d^2, scipy.stats.norm",
}
design_cases = [
    ("10% baseline, 10% relative", dict(baseline=0.10, mde=0.10)),
    ("3% baseline, 20% relative", dict(baseline=0.03, mde=0.20)),
    ("absolute 2 points", dict(baseline=0.25, mde=0.02, mde_type="absolute")),
    ("negative absolute effect", dict(baseline=0.25, mde=-0.02, mde_type="absolute")),
    ("one-sided, alpha 0.01, power 0.9", dict(baseline=0.05, mde=0.15, alpha=0.01, power=0.9, two_sided=False)),
    ("baseline 0 with absolute effect", dict(baseline=0.0, mde=0.01, mde_type="absolute")),
    ("tiny effect needs 1e8+", dict(baseline=0.01, mde=0.005)),
]
for kind in ("pooled", "unpooled", "evan_miller"):
    for name, c in design_cases:
        inputs = {"baseline_rate": c["baseline"], "mde": c["mde"], "mde_type": c.get("mde_type", "relative"),
                  "alpha": c.get("alpha", 0.05), "power": c.get("power", 0.8), "two_sided": c.get("two_sided", True)}
        add("sample size %s: %s" % (kind, name), "sample_size_" + kind, inputs,
            sample_size(kind, c["baseline"], c["mde"], c.get("mde_type", "relative"), c.get("alpha", 0.05),
                        c.get("power", 0.8), c.get("two_sided", True)), CLOSED, N_REF[kind])
    add("sample size %s: zero effect gives null" % kind, "sample_size_" + kind,
        {"baseline_rate": 0.1, "mde": 0.0}, dict(n_per_arm=None, n_per_arm_exact=None), CLOSED,
        "zero effect needs infinitely many visitors: null")
add_error("sample size: treatment rate above 1", "sample_size_pooled", {"baseline_rate": 0.8, "mde": 0.5}, "1.2")
add_error("sample size: power outside (0,1)", "sample_size_pooled", {"baseline_rate": 0.1, "mde": 0.1, "power": 1}, "power")
add_error("sample size: unknown mde_type", "sample_size_pooled",
          {"baseline_rate": 0.1, "mde": 0.1, "mde_type": "percent"}, "percent")


def power_of(baseline, mde, n, mde_type="relative", alpha=0.05, two_sided=True):
    p1, p2 = rates(baseline, mde, mde_type)
    d = abs(p2 - p1)
    s1 = math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))
    if n == 0 or d == 0 or s1 == 0:
        return dict(power=None)
    pbar = (p1 + p2) / 2
    z = (d * math.sqrt(n) - z_alpha(alpha, two_sided) * math.sqrt(2 * pbar * (1 - pbar))) / s1
    return dict(power=float(stats.norm.cdf(z)))


P_REF = "power = Phi((d sqrt(n) - z_a sqrt(2 pbar qbar)) / sqrt(p1 q1 + p2 q2)), scipy.stats.norm.cdf (inverse of the pooled sample size)"
n_pooled = sample_size("pooled", 0.10, 0.10)["n_per_arm_exact"]
for name, baseline, mde, n in [
    ("at the pooled sample size power is 0.8", 0.10, 0.10, n_pooled),
    ("half the sample", 0.10, 0.10, 7000),
    ("large sample", 0.10, 0.10, 60000),
    ("no visitors gives null", 0.10, 0.10, 0),
]:
    n_int = int(n) if float(n).is_integer() else None
    if n_int is None:
        continue
    add("power: " + name, "power_two_proportions",
        {"baseline_rate": baseline, "mde": mde, "visitors_per_arm": n_int}, power_of(baseline, mde, n_int), CLOSED, P_REF)
n_ceil = sample_size("pooled", 0.10, 0.10)["n_per_arm"]
add("power: at the rounded-up pooled sample size power is just above 0.8", "power_two_proportions",
    {"baseline_rate": 0.10, "mde": 0.10, "visitors_per_arm": n_ceil}, power_of(0.10, 0.10, n_ceil), CLOSED, P_REF)


def days(baseline, mde, have, daily):
    target = sample_size("pooled", baseline, mde)["n_per_arm"]
    remaining = max(0, target - have)
    if remaining == 0:
        return dict(n_per_arm=target, remaining_per_arm=0, days=0, days_exact=0.0)
    if daily == 0:
        return dict(n_per_arm=target, remaining_per_arm=remaining, days=None, days_exact=None)
    return dict(n_per_arm=target, remaining_per_arm=remaining, days=math.ceil(remaining / daily), days_exact=remaining / daily)


D_REF = "pooled sample size (above) minus visitors so far, divided by daily visitors per arm"
for name, have, daily in [("halfway at 1,200 a day", 7000, 1200.0), ("already enough", 20000, 500.0),
                          ("no traffic gives null days", 100, 0.0)]:
    add("days to result: " + name, "days_to_result",
        {"baseline_rate": 0.10, "mde": 0.10, "visitors_per_arm": have, "daily_visitors_per_arm": daily},
        days(0.10, 0.10, have, daily), CLOSED, D_REF)


# ---------------------------------------------------------------- multiple testing
def holm(ps):
    p = np.asarray(ps, dtype=float)
    m = len(p)
    if m == 0:
        return []
    order = np.argsort(p, kind="stable")
    adj_sorted = np.maximum.accumulate(np.minimum(1.0, (m - np.arange(m)) * p[order]))
    out = np.empty(m)
    out[order] = adj_sorted
    return [float(x) for x in out]


H_REF = "Holm step-down: cumulative max of min(1, (m - i + 1) p_(i)), numpy, returned in input order"
BH_REF = "scipy.stats.false_discovery_control(p, method='bh')"
for name, ps in [
    ("unsorted input keeps its order", [0.04, 0.001, 0.03, 0.5, 0.012]),
    ("ties", [0.01, 0.01, 0.04, 0.04]),
    ("zeros and ones", [0.0, 1.0, 0.2]),
    ("single p-value unchanged", [0.037]),
    ("tiny p-values", [1e-12, 3e-15, 0.2, 1e-30]),
]:
    add("holm: " + name, "holm_bonferroni", {"p_values": ps}, {"adjusted": holm(ps)}, CLOSED, H_REF)
    add("bh: " + name, "benjamini_hochberg", {"p_values": ps},
        {"adjusted": [float(x) for x in stats.false_discovery_control(ps, method="bh")]}, CLOSED, BH_REF)
add("holm: empty list", "holm_bonferroni", {"p_values": []}, {"adjusted": []}, CLOSED, "empty in, empty out")
add("bh: empty list", "benjamini_hochberg", {"p_values": []}, {"adjusted": []}, CLOSED, "empty in, empty out")
add_error("bh: p-value above 1", "benjamini_hochberg", {"p_values": [0.2, 1.2]}, "1.2")


# ---------------------------------------------------------------- nps
def nps_side(counts):
    c = np.asarray(counts, dtype=float)
    n = c.sum()
    if n == 0:
        return None
    P, D = c[9:].sum() / n, c[:7].sum() / n
    return 100 * (P - D), 100 * math.sqrt(max(0.0, P + D - (P - D) ** 2) / n)


def nps(a_counts, b_counts, alpha=0.05):
    a, b = nps_side(a_counts), nps_side(b_counts)
    out = dict(nps_control=a and a[0], se_control=a and a[1], nps_treatment=b and b[0], se_treatment=b and b[1],
               diff=None, z=None, p_value=None, ci_diff=None)
    if a is None or b is None:
        out.update(nps_control=None if a is None else a[0], se_control=None if a is None else a[1],
                   nps_treatment=None if b is None else b[0], se_treatment=None if b is None else b[1])
        return out
    diff = b[0] - a[0]
    se = math.sqrt(a[1] ** 2 + b[1] ** 2)
    if se == 0:
        same = diff == 0
        out.update(diff=diff, z=0.0 if same else None, p_value=1.0 if same else None, ci_diff=[diff, diff])
        return out
    z = diff / se
    h = zcrit(alpha) * se
    out.update(diff=diff, z=z, p_value=two_sided_p(z), ci_diff=[diff - h, diff + h])
    return out


NPS_REF = "NPS = 100 (P - D), se = 100 sqrt((P + D - (P - D)^2)/n), z-test of the difference with scipy.stats.norm.sf/isf"
for name, a, b, alpha in [
    ("typical survey", [5, 3, 4, 6, 8, 10, 14, 40, 52, 60, 48], [4, 2, 3, 5, 6, 9, 11, 38, 50, 70, 66], 0.05),
    ("alpha 0.10", [5, 3, 4, 6, 8, 10, 14, 40, 52, 60, 48], [4, 2, 3, 5, 6, 9, 11, 38, 50, 70, 66], 0.10),
    ("large samples, tail p", [500] * 7 + [1000, 1000, 3000, 3000], [300] * 7 + [1000, 1000, 4000, 4000], 0.05),
    ("nobody answered in control", [0] * 11, [1, 0, 0, 0, 0, 0, 0, 3, 0, 4, 2], 0.05),
    ("all promoters both: z 0, p 1", [0] * 9 + [10, 5], [0] * 9 + [3, 9], 0.05),
    ("all promoters vs all detractors: z, p null", [0] * 9 + [10, 5], [4, 0, 0, 0, 0, 0, 2] + [0] * 4, 0.05),
]:
    add("nps: " + name, "nps", {"control_counts_by_score_0_to_10": a, "treatment_counts_by_score_0_to_10": b, "alpha": alpha},
        nps(a, b, alpha), CLOSED, NPS_REF)
add_error("nps: wrong number of scores", "nps",
          {"control_counts_by_score_0_to_10": [1, 2, 3], "treatment_counts_by_score_0_to_10": [0] * 11}, "11 entries")


# ---------------------------------------------------------------- thompson_prob_best
def thompson(arms):
    if len(arms) == 1:
        return [1.0]
    lo, hi = support(arms)
    pts = breakpoints(arms, lo, hi)
    out = []
    for i, (a, b) in enumerate(arms):
        others = [arm for j, arm in enumerate(arms) if j != i]

        def f(x, a=a, b=b, others=others):
            val = stats.beta.pdf(x, a, b)
            for c, d in others:
                val *= special.betainc(c, d, x)
            return val
        out.append(piecewise_quad(f, lo, hi, pts))
    return out


T_REF = "scipy.integrate.quad of f_i(x) prod_j F_j(x) (scipy.stats.beta.pdf, scipy.special.betainc), split at sd-spaced points"
for name, arms, tol in [
    ("two equal arms", [(11, 91), (11, 91)], INTEGRATED),
    ("two arms match the Bayesian closed form", [(101, 901), (121, 881)], INTEGRATED),
    ("three arms", [(30, 270), (36, 264), (25, 275)], INTEGRATED),
    ("four arms of very different size", [(5, 45), (200_001, 1_800_001), (1_200, 10_800), (12, 80)], INTEGRATED),
    ("flat priors only", [(1, 1), (1, 1), (1, 1)], INTEGRATED),
    ("one arm", [(3, 7)], INTEGRATED),
    ("huge arms 1e7", [(500_001, 9_500_001), (501_001, 9_499_001)], INTEGRATED),
    ("Jeffreys-like parameters below 1", [(0.5, 20.5), (2.5, 18.5)], INTEGRATED_SINGULAR),
]:
    probs = thompson(arms)
    if name.startswith("two arms match"):
        closed = float(prob_b_beats_a(*arms[0], *arms[1]))
        assert abs(probs[1] - closed) < 1e-9, (probs, closed)
    add("thompson: " + name, "thompson_prob_best", {"arms": [{"alpha": a, "beta": b} for a, b in arms]},
        {"prob_best": probs}, tol, T_REF)
add_error("thompson: beta must be positive", "thompson_prob_best", {"arms": [{"alpha": 1, "beta": 0}]}, "beta")

# ---------------------------------------------------------------- normal_mixture_sprt (stats.NormalMixtureSprt)
def normal_msprt(diff, variance, tau2):
    """The mSPRT on an asymptotically normal estimate and its variance, in 30-digit mpmath."""
    if not variance > 0 or not tau2 > 0 or not math.isfinite(diff):
        return 1.0
    d, v, t = mpmath.mpf(diff), mpmath.mpf(variance), mpmath.mpf(tau2)
    log_lam = mpmath.log(v / (v + t)) / 2 + d * d * t / (2 * v * (v + t))
    return float(min(mpmath.mpf(1), mpmath.exp(-log_lam)))


N_REF = ("normal-mixture mSPRT on an estimate theta_hat with variance V: Lambda = sqrt(V/(V+tau2)) "
         "exp(theta_hat^2 tau2 / (2V(V+tau2))), p = min(1, 1/Lambda); V = 0 is no evidence (p = 1); mpmath, 30 digits")
for name, diff, variance, tau2 in [
    ("no difference", 0.0, 1e-4, 1e-4),
    ("value per visitor, small effect", 0.12, 0.0025, 0.01),
    ("value per visitor, clear effect", 0.5, 0.0025, 0.01),
    ("nps points", -12.0, 9.0, 100.0),
    ("negative difference is symmetric", -0.5, 0.0025, 0.01),
    ("tiny variance, p underflows to 0", 0.05, 1e-9, 1e-4),
    ("no variance counts as no evidence", 0.3, 0.0, 1e-4),
]:
    add("normal msprt: " + name, "normal_mixture_sprt", {"difference": diff, "variance": variance, "tau2": tau2},
        {"p_value": normal_msprt(diff, variance, tau2)}, CLOSED, N_REF)


# ---------------------------------------------------------------- confidence_sequence (stats.ConfidenceSequence)
def confidence_sequence(diff, variance, tau2, alpha):
    """The set {theta0 : Lambda(theta0) < 1/alpha} of the normal mixture, found by root finding on Lambda (mpmath)."""
    if not variance > 0:
        return {"ci_diff": None}
    d, v, t, a = mpmath.mpf(diff), mpmath.mpf(variance), mpmath.mpf(tau2), mpmath.mpf(alpha)

    def excess(theta0):
        log_lam = mpmath.log(v / (v + t)) / 2 + (d - theta0) ** 2 * t / (2 * v * (v + t))
        return log_lam - mpmath.log(1 / a)

    start = mpmath.sqrt(v) * 10 + mpmath.sqrt(t) * 10
    upper = mpmath.findroot(excess, (d, d + start), solver="anderson")
    lower = mpmath.findroot(excess, (d - start, d), solver="anderson")
    return {"ci_diff": [float(lower), float(upper)]}


C_REF = ("always-valid interval of the normal mixture: the two roots theta0 of log Lambda(theta0) = log(1/alpha), "
         "Lambda(theta0) = sqrt(V/(V+tau2)) exp((theta_hat-theta0)^2 tau2 / (2V(V+tau2))); mpmath.findroot, 30 digits")
for name, diff, variance, tau2, alpha in [
    ("rate difference, 1,150 visitors per arm", 0.0355, 0.000118, 1e-4, 0.05),
    ("value per visitor", 0.5, 0.0025, 0.01, 0.05),
    ("nps points, alpha 0.1", -12.0, 9.0, 100.0, 0.1),
    ("a wide mixture is wider early", 0.01, 1e-6, 1e-2, 0.05),
    ("holm-adjusted level alpha/3", 0.02, 4e-5, 1e-4, 0.05 / 3),
    ("no variance, no interval", 0.3, 0.0, 1e-4, 0.05),
]:
    add("confidence sequence: " + name, "confidence_sequence",
        {"difference": diff, "variance": variance, "tau2": tau2, "alpha": alpha},
        confidence_sequence(diff, variance, tau2, alpha), {"*": {"rel": 1e-9, "abs": 1e-12}}, C_REF)


# ---------------------------------------------------------------- relative_lift_of_means (stats.RelativeLift)
def relative_lift(a, b, alpha=0.05):
    """Delta method for r = mB / mA with exact rational means and variances; scipy's normal quantile."""
    (nA, sA, qA), (nB, sB, qB) = a, b
    if nA < 2 or nB < 2 or not sA > 0:
        return {"ci_lift": None}
    mA, mB = Fraction(sA) / nA, Fraction(sB) / nB
    vA = (Fraction(qA) - mA * Fraction(sA)) / (nA - 1)
    vB = (Fraction(qB) - mB * Fraction(sB)) / (nB - 1)
    r = mB / mA
    var = vA / (nA * mA * mA) * r * r + vB / (nB * mA * mA)
    half = float(stats.norm.isf(alpha / 2)) * math.sqrt(float(var))
    return {"ci_lift": [float(r - 1) - half, float(r - 1) + half]}


R_REF = ("delta method for the relative lift mB/mA - 1: Var(r) = VarA/(nA mA^2) r^2 + VarB/(nB mA^2) (sample variances, "
         "fractions, exact), interval r - 1 +- norm.isf(alpha/2) sqrt(Var(r)) (scipy.stats.norm)")
for name, a, b, alpha in [
    ("revenue per visitor, +20%", (2000, 10000.0, 250000.0), (2000, 12000.0, 330000.0), 0.05),
    ("a +60% lift is wider than diff / mA", (500, 1000.0, 40000.0), (500, 1600.0, 70000.0), 0.05),
    ("no lift, alpha 0.1", (1000, 500.0, 2500.0), (1000, 500.0, 2500.0), 0.1),
    ("control mean 0: no interval", (100, 0.0, 0.0), (100, 10.0, 100.0), 0.05),
]:
    add("relative lift: " + name, "relative_lift_of_means",
        {"control": {"n": a[0], "sum": a[1], "sum_squares": a[2]}, "treatment": {"n": b[0], "sum": b[1], "sum_squares": b[2]},
         "alpha": alpha}, relative_lift(a, b, alpha), {"*": {"rel": 1e-9, "abs": 1e-12}}, R_REF)


# ---------------------------------------------------------------- mixture_sample_size (stats.MixtureSampleSize)
def mixture_sample_size(delta, sigma2, tau2, alpha, power):
    """Smallest n with Phi((|delta| - h(n)) / sqrt(sigma2/n)) >= power, h the always-valid half-width; mpmath, 30 digits."""
    d, s2, t, a = abs(mpmath.mpf(delta)), mpmath.mpf(sigma2), mpmath.mpf(tau2), mpmath.mpf(alpha)

    def pw(n):
        v = s2 / n
        h = mpmath.sqrt(v * (v + t) / t * (2 * mpmath.log(1 / a) + mpmath.log((v + t) / v)))
        return mpmath.ncdf((d - h) / mpmath.sqrt(v))

    hi = 1
    while pw(hi) < power:
        hi *= 2
    lo = hi // 2
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if pw(mid) >= power:
            hi = mid
        else:
            lo = mid
    return {"n_per_arm": hi, "power_at_n": float(pw(hi))}


MS_REF = ("planned sample of the normal-mixture mSPRT: smallest n with Phi((|delta| - h(n))/sqrt(sigma2/n)) >= power, "
          "h(n) = sqrt(V(V+tau2)/tau2 (2 ln(1/alpha) + ln((V+tau2)/V))), V = sigma2/n; bisection in mpmath, 30 digits")
for name, delta, sigma2, tau2, alpha, power in [
    ("10% baseline, +10% relative", 0.01, 0.09 + 0.11 * 0.89, 1e-4, 0.05, 0.8),
    ("10% to 16%", 0.06, 0.09 + 0.16 * 0.84, 0.01 ** 2, 0.05, 0.8),
    ("revenue per visitor, +20%", 1.0, 2 * 100.0, 0.25, 0.05, 0.8),
    ("nps, 10 points, power 0.9", 10.0, 2 * 0.7 * 10000, 100.0, 0.05, 0.9),
]:
    add("mixture sample size: " + name, "mixture_sample_size",
        {"delta": delta, "sigma2": sigma2, "tau2": tau2, "alpha": alpha, "power": power},
        mixture_sample_size(delta, sigma2, tau2, alpha, power), {"*": {"rel": 1e-9, "abs": 1e-12}}, MS_REF)


# ---------------------------------------------------------------- sample_size_means (stats.SampleSize.perArmForMeans)
def sample_size_means(delta, sigma2, alpha, power):
    z = stats.norm.isf(alpha / 2) + stats.norm.ppf(power)
    return {"n_per_arm": int(math.ceil(z * z * sigma2 / (delta * delta)))}


for name, delta, sigma2, alpha, power in [
    ("revenue per visitor, +20% of 5.00", 1.0, 2 * 100.0, 0.05, 0.8),
    ("nps, 10 points, responders", 10.0, 2 * 7000.0, 0.05, 0.8),
    ("alpha 0.01, power 0.9", 0.5, 3.0, 0.01, 0.9),
]:
    add("sample size for means: " + name, "sample_size_means", {"delta": delta, "sigma2": sigma2, "alpha": alpha, "power": power},
        sample_size_means(delta, sigma2, alpha, power), EXACT,
        "n = ceil((z_(1-alpha/2) + z_power)^2 sigma2 / delta^2), scipy.stats.norm.isf / ppf")


# ---------------------------------------------------------------- stratified_difference (stats.StratifiedDifference)
def stratified(strata, alpha=0.05):
    """Exact rational arithmetic for the estimate; scipy's normal tails for p and the interval."""
    total = sum(Fraction(nA + nB) for (nA, cA), (nB, cB) in strata)
    diff = variance = control = Fraction(0)
    for (nA, cA), (nB, cB) in strata:
        w = Fraction(nA + nB) / total
        pA, pB = Fraction(cA, nA), Fraction(cB, nB)
        diff += w * (pB - pA)
        control += w * pA
        variance += w * w * (pA * (1 - pA) / nA + pB * (1 - pB) / nB)
    d, v = float(diff), float(variance)
    if v == 0:
        p = 1.0 if d == 0 else 0.0
    else:
        p = two_sided_p(d / math.sqrt(v))
    half = float(stats.norm.ppf(1 - alpha / 2)) * math.sqrt(v)
    return {"diff": d, "variance": v, "control_rate": float(control), "p_value": p, "ci_diff": [d - half, d + half]}


S_REF = ("stratified rate difference: d = sum w_k (pB_k - pA_k), w_k = n_k / N, Var = sum w_k^2 (pA qA / nA + pB qB / nB), "
         "control rate sum w_k pA_k (fractions, exact); p = 2 sf(|d| / sqrt(Var)), CI d +- z_(1-alpha/2) sqrt(Var) (scipy.stats.norm)")
for name, strata, alpha in [
    ("simpson's paradox removed", [((9000, 450), (1000, 50)), ((1000, 200), (9000, 1800))], 0.05),
    ("a real lift across shifting weights", [((5000, 250), (5000, 400)), ((1000, 50), (9000, 720))], 0.05),
    ("one stratum is the two-proportion difference", [((2000, 200), (2000, 240))], 0.05),
    ("three periods, alpha 0.1", [((1000, 50), (1000, 60)), ((600, 30), (1400, 90)), ((300, 12), (1700, 110))], 0.1),
    ("no variance, no difference", [((100, 0), (100, 0))], 0.05),
    ("no variance, a difference", [((10, 0), (10, 10))], 0.05),
]:
    add("stratified: " + name, "stratified_difference",
        {"strata": [{"control": {"visitors": nA, "conversions": cA}, "treatment": {"visitors": nB, "conversions": cB}}
                    for (nA, cA), (nB, cB) in strata], "alpha": alpha},
        stratified(strata, alpha), CLOSED, S_REF)

# ---------------------------------------------------------------- mantel_haenszel_difference (stats.MantelHaenszelDifference)
def mantel_haenszel(strata, alpha=0.05):
    """CMH weights in exact rational arithmetic; scipy's normal for p, intervals and chance; QUADPACK for the loss."""
    W = rA = rB = vA = vB = Fraction(0)
    for (nA, cA), (nB, cB) in strata:
        w = Fraction(nA * nB, nA + nB)
        pA, pB = Fraction(cA, nA), Fraction(cB, nB)
        W += w
        rA += w * pA
        rB += w * pB
        vA += w * w * pA * (1 - pA) / nA
        vB += w * w * pB * (1 - pB) / nB
    rA, rB, vA, vB = rA / W, rB / W, vA / (W * W), vB / (W * W)
    d, v = float(rB - rA), float(vA + vB)
    sd = math.sqrt(v)
    z = float(stats.norm.isf(alpha / 2))
    out = {"control_rate": float(rA), "control_variance": float(vA), "treatment_rate": float(rB),
           "treatment_variance": float(vB), "diff": d, "variance": v}
    if v == 0:
        out.update(p_value=1.0 if d == 0 else 0.0, chance_to_beat_control=0.5 if d == 0 else (1.0 if d > 0 else 0.0),
                   expected_loss=max(0.0, -d))
    else:
        loss, _ = integrate.quad(lambda x: max(0.0, -x) * stats.norm.pdf(x, d, sd), d - 40 * sd, d + 40 * sd,
                                 points=[0.0] if d - 40 * sd < 0 < d + 40 * sd else None, epsabs=1e-15, epsrel=1e-12, limit=200)
        out.update(p_value=two_sided_p(d / sd), chance_to_beat_control=float(stats.norm.cdf(d / sd)), expected_loss=loss)
    out["ci_diff"] = [d - z * sd, d + z * sd]
    if rA > 0:
        lift = float(rB / rA - 1)
        se = math.sqrt(float(vB / (rA * rA) + rB * rB * vA / rA ** 4))
        out.update(lift=lift, ci_lift=[lift - z * se, lift + z * se])
    else:
        out.update(lift=None, ci_lift=None)
    return out


MH_REF = ("Mantel-Haenszel risk difference: w_k = nA nB / (nA + nB), r = sum w p / sum w, Var(r) = sum w^2 p q / n / (sum w)^2 "
          "(fractions, exact); p = 2 sf(|d|/sd), CI d +- z sd, lift rB/rA - 1 +- z sqrt(Var(rB)/rA^2 + rB^2 Var(rA)/rA^4) "
          "(scipy.stats.norm); chance norm.cdf(d/sd); expected loss E[max(0, -D)], D ~ N(d, sd^2), by scipy.integrate.quad")
MH_TOL = {"*": {"rel": 1e-9, "abs": 1e-14}, "p_value": {"rel": 1e-9, "abs": 0.0}, "expected_loss": {"rel": 1e-7, "abs": 1e-13}}
for name, strata, alpha in [
    ("simpson's paradox removed", [((9000, 450), (1000, 50)), ((1000, 200), (9000, 1800))], 0.05),
    ("a real lift across shifting weights", [((5000, 250), (5000, 400)), ((1000, 50), (9000, 720))], 0.05),
    ("one stratum is the two-proportion difference", [((2000, 200), (2000, 240))], 0.05),
    ("three periods, alpha 0.1", [((1000, 50), (1000, 60)), ((600, 30), (1400, 90)), ((300, 12), (1700, 110))], 0.1),
    ("a bandit at its floor: 95/5", [((500, 50), (500, 52)), ((1900, 230), (100, 9)), ((1900, 150), (100, 14))], 0.05),
    ("treatment worse", [((800, 120), (1200, 130)), ((1500, 200), (500, 50))], 0.05),
    ("no variance, no difference", [((100, 0), (100, 0))], 0.05),
    ("no variance, a difference", [((10, 0), (10, 10))], 0.05),
]:
    add("mantel-haenszel: " + name, "mantel_haenszel_difference",
        {"strata": [{"control": {"visitors": nA, "conversions": cA}, "treatment": {"visitors": nB, "conversions": cB}}
                    for (nA, cA), (nB, cB) in strata], "alpha": alpha},
        mantel_haenszel(strata, alpha), MH_TOL, MH_REF)


# ---------------------------------------------------------------- nps_over_exposed (stats.NetPromoterScore.compareOverExposed)
def nps_exposed_side(counts, exposed):
    """Every exposed visitor as +1 / 0 / -1 (non-responders 0): NPS = 100 mean, se = 100 std(ddof=0) / sqrt(n) (numpy)."""
    values = []
    for score, count in enumerate(counts):
        values += [1 if score >= 9 else (-1 if score <= 6 else 0)] * count
    values += [0] * (exposed - sum(counts))
    if not values:
        return None
    x = np.asarray(values, dtype=float)
    return 100 * float(x.mean()), 100 * float(x.std()) / math.sqrt(len(x))


def nps_over_exposed(a_counts, a_exposed, b_counts, b_exposed, alpha=0.05):
    a, b = nps_exposed_side(a_counts, a_exposed), nps_exposed_side(b_counts, b_exposed)
    out = dict(nps_control=None if a is None else a[0], se_control=None if a is None else a[1],
               nps_treatment=None if b is None else b[0], se_treatment=None if b is None else b[1],
               diff=None, z=None, p_value=None, ci_diff=None)
    if a is None or b is None:
        return out
    diff = b[0] - a[0]
    se = math.sqrt(a[1] ** 2 + b[1] ** 2)
    if se == 0:
        same = diff == 0
        out.update(diff=diff, z=0.0 if same else None, p_value=1.0 if same else None, ci_diff=[diff, diff])
        return out
    z = diff / se
    h = zcrit(alpha) * se
    out.update(diff=diff, z=z, p_value=two_sided_p(z), ci_diff=[diff - h, diff + h])
    return out


NPSX_REF = ("NPS over all exposed visitors: each visitor scores +1 (9-10), -1 (0-6), 0 (7-8 or no answer); NPS = 100 mean, "
            "se = 100 std / sqrt(n) (numpy over the expanded visitors), z-test with scipy.stats.norm.sf/isf")
NPSX_TOL = {"*": {"rel": 1e-9, "abs": 1e-12}, "p_value": {"rel": 1e-9, "abs": 0.0}}
for name, a, na, b, nb, alpha in [
    ("one-click answers more often", [5, 3, 4, 6, 8, 10, 14, 40, 52, 60, 48], 1000, [4, 2, 3, 5, 6, 9, 11, 38, 50, 70, 66], 700, 0.05),
    ("responders differ, exposed do not", [0] * 7 + [0, 0, 30, 30], 600, [10] + [0] * 6 + [0, 0, 60, 60], 1200, 0.05),
    ("everyone answered: the responders' NPS", [5, 3, 4, 6, 8, 10, 14, 40, 52, 60, 48], 250, [4, 2, 3, 5, 6, 9, 11, 38, 50, 70, 66], 264, 0.10),
    ("nobody answered in control", [0] * 11, 50, [1, 0, 0, 0, 0, 0, 0, 3, 0, 4, 2], 40, 0.05),
    ("nobody exposed in control", [0] * 11, 0, [1, 0, 0, 0, 0, 0, 0, 3, 0, 4, 2], 40, 0.05),
]:
    add("nps over exposed: " + name, "nps_over_exposed",
        {"control_counts_by_score_0_to_10": a, "control_exposed": na, "treatment_counts_by_score_0_to_10": b,
         "treatment_exposed": nb, "alpha": alpha},
        nps_over_exposed(a, na, b, nb, alpha), NPSX_TOL, NPSX_REF)

# ---------------------------------------------------------------- calculator errors
add_error("calculator: unknown method", "t_test_of_vibes", {}, "unknown method")
add_error("calculator: unknown input field", "two_proportion_z_test",
          {"control": {"visitors": 10, "conversions": 1}, "treatment": {"visitors": 10, "conversions": 1}, "alpah": 0.1},
          "alpah")
add_error("calculator: missing input", "two_proportion_z_test", {"control": {"visitors": 10, "conversions": 1}},
          "inputs.treatment is required")
add_error("calculator: fractional count", "two_proportion_z_test",
          {"control": {"visitors": 10.5, "conversions": 1}, "treatment": {"visitors": 10, "conversions": 1}},
          "whole number")

doc = {
    "description": "Reference values for the Momentum statistics calculator (DESIGN.md section 6). Each vector: name, "
                   "method, inputs, expected (result keys, or {\"error\": substring of the message}), tolerance per "
                   "result key ('*' = default; pass when |actual - expected| <= abs + rel * |expected|; integers and "
                   "nulls exact), and the reference that computed it.",
    "generator": "test-vectors/generate_stats_vectors.py",
    "scipy": scipy.__version__,
    "numpy": np.__version__,
    "vectors": vectors,
}
with open(OUT, "w") as f:
    json.dump(doc, f, indent=1, allow_nan=False)
    f.write("\n")
print("wrote %d vectors to %s" % (len(vectors), OUT))
