"""Checks for the exercises of chapter 7, Effect verification (``chapters/07_effect_verification.ipynb``).

Every check recomputes its expected answer from the exercise's inputs (stated in the notebook)
or from the real organ-donation panel shipped with ``causaldata``; nothing depends on the
notebook's random draws.

Example:
    >>> from helpers import check
    >>> check.ch07_coin_pvalue(None).status
    'unanswered'
    >>> check.ch07_sample_size("many").status
    'incorrect'
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

from helpers.check import Status, as_number, compare_number, compare_numbers, exercise

# Exercise 1: a second coin.
COIN_HEADS, COIN_FLIPS = 32, 50
# Exercise 2: the book's retention example with ten times as many users (A = current, B = new).
RETENTION_A = (400, 2_050)
RETENTION_B = (620, 2_900)
# Exercise 3: planning a test from 10% to 11%.
PLAN_BASELINE, PLAN_TARGET, PLAN_ALPHA, PLAN_POWER = 0.10, 0.11, 0.05, 0.80
# Exercise 4: a three-way split.
SRM_COUNTS = (20_105, 10_210, 9_685)
SRM_SHARES = (0.5, 0.25, 0.25)
# Exercise 5: the organ-donation panel, one quarter before and one after the policy.
DID_BEFORE, DID_AFTER, DID_TREATED_STATE = "Q22011", "Q32011", "California"


def _binomial_two_sided(k: int, n: int) -> tuple[float, float]:
    """(two-sided, one-sided upper) p-value of k heads in n fair flips, by enumeration."""
    pmf = [math.comb(n, i) / 2**n for i in range(n + 1)]
    observed = pmf[k]
    two_sided = sum(p for p in pmf if p <= observed * (1 + 1e-7))
    return min(1.0, two_sided), sum(pmf[k:])


@exercise("ch07_coin_pvalue")
def _coin_pvalue(answer: Any) -> tuple[Status, str]:
    """Two-sided p-value of 32 heads in 50 flips of a coin that is fair under the null."""
    expected, one_sided = _binomial_two_sided(COIN_HEADS, COIN_FLIPS)
    hint = (
        f"under the null the number of heads is Binomial({COIN_FLIPS}, 0.5). Add up the probabilities of every "
        f"outcome at least as unlikely as {COIN_HEADS} heads, in both directions (as many tails count too), "
        f"or call scipy.stats.binomtest({COIN_HEADS}, {COIN_FLIPS}).pvalue."
    )
    value = as_number(answer)
    if value is not None and abs(value - one_sided) <= 5e-4:
        return "incorrect", "that is the one-sided p-value (only 'too many heads'); the question asks for both directions."
    return compare_number(answer, expected, tol=5e-4, hint=hint)


def _wald_interval() -> tuple[float, float]:
    (x_a, n_a), (x_b, n_b) = RETENTION_A, RETENTION_B
    p_a, p_b = x_a / n_a, x_b / n_b
    half = 1.959963984540054 * math.sqrt(p_a * (1 - p_a) / n_a + p_b * (1 - p_b) / n_b)
    return p_b - p_a - half, p_b - p_a + half


@exercise("ch07_retention_ci")
def _retention_ci(answer: Any) -> tuple[Status, str]:
    """95% Wald interval of the retention difference B - A with ten times the book's users."""
    low, high = _wald_interval()
    hint = (
        "compute both retention rates, their difference B - A, and its standard error "
        "sqrt(p_a(1 - p_a)/n_a + p_b(1 - p_b)/n_b) (not pooled: an interval does not assume the rates are equal); "
        "the interval is the difference plus and minus 1.96 standard errors. diff_confint from helpers.stats, or "
        "statsmodels' confint_proportions_2indep(x_b, n_b, x_a, n_a, method='wald'), does it for you."
    )
    try:
        values = [as_number(v) for v in answer] if not isinstance(answer, (str, bytes)) else []
    except TypeError:
        values = []
    if len(values) == 2 and all(v is not None and math.isfinite(v) for v in values):
        first, second = values
        if abs(first + high) <= 5e-4 and abs(second + low) <= 5e-4:
            return "incorrect", "almost: that is the interval of A - B; the exercise asks for B - A (new minus current)."
        if abs(first / 100 - low) <= 5e-4 and abs(second / 100 - high) <= 5e-4:
            return "incorrect", "almost: those look like percentage points; give the bounds as differences of shares (e.g. 0.01 for 1 point)."
    return compare_numbers(answer, [low, high], tol=5e-4, hint=hint)


def _sample_sizes() -> tuple[float, float]:
    """(pooled-variance z-test, arcsine) users per group for the planning exercise, unrounded."""
    from helpers.stats import sample_size_two_proportions

    kwargs = {"alpha": PLAN_ALPHA, "power": PLAN_POWER, "round_up": False}
    return (
        sample_size_two_proportions(PLAN_BASELINE, PLAN_TARGET, method="pooled", **kwargs),
        sample_size_two_proportions(PLAN_BASELINE, PLAN_TARGET, method="arcsine", **kwargs),
    )


@exercise("ch07_sample_size")
def _sample_size(answer: Any) -> tuple[Status, str]:
    """Users per group to detect 10% -> 11% (two-sided, alpha 0.05, power 0.8).

    The usual formulas (pooled z-test, unpooled, arcsine / statsmodels NormalIndPower) differ by
    well under 1% here; any of them, rounded up or not, is accepted.
    """
    pooled, arcsine = _sample_sizes()
    low, high = min(pooled, arcsine) * 0.995, max(pooled, arcsine) * 1.005 + 1
    hint = (
        "use the power analysis from this section with the baseline and target of this exercise: for example "
        "sample_size_two_proportions(p_a, p_b) from helpers.stats, or statsmodels' NormalIndPower().solve_power() "
        "with effect_size=proportion_effectsize(p_b, p_a), alpha and power, then round up. Rates are shares "
        "(0.10, not 10)."
    )
    value = as_number(answer)
    if value is None or not math.isfinite(value):
        return "incorrect", f"expected one number of users, got {type(answer).__name__}. {hint}"
    if 2 * low <= value <= 2 * high:
        return "incorrect", "that looks like both groups together; the question asks for the users in each group."
    if low <= value <= high:
        return "correct", "that is right: a one-point lift on a 10% baseline needs tens of thousands of users in total."
    return "incorrect", hint


@exercise("ch07_srm_pvalue")
def _srm_pvalue(answer: Any) -> tuple[Status, str]:
    """p-value of the sample-ratio-mismatch check for a 50/25/25 design."""
    from scipy import stats

    total = sum(SRM_COUNTS)
    expected = stats.chisquare(SRM_COUNTS, f_exp=[s * total for s in SRM_SHARES]).pvalue
    equal_split = stats.chisquare(SRM_COUNTS).pvalue
    value = as_number(answer)
    if value is not None and abs(value - equal_split) <= 1e-6 and abs(value - expected) > 1e-6:
        return "incorrect", "that tests an equal three-way split; the design gave the groups 50%, 25% and 25% of the users."
    return compare_number(
        answer,
        float(expected),
        tol=1e-5,
        hint=(
            "compare the observed counts with the counts the design promises (share x total users) in a chi-square "
            "goodness-of-fit test: srm_check(counts, expected_shares) from helpers.stats, or "
            "scipy.stats.chisquare(counts, f_exp=expected_counts). Give the p-value, not the statistic."
        ),
    )


@lru_cache(maxsize=1)
def _did_window() -> float:
    from causaldata import organ_donations

    df = organ_donations.load_pandas().data
    rate = df.pivot_table(index="State", columns="Quarter", values="Rate")
    change = rate[DID_AFTER] - rate[DID_BEFORE]
    treated = change.index == DID_TREATED_STATE
    return float(change[treated].mean() - change[~treated].mean())


@exercise("ch07_did_window")
def _did_window_check(answer: Any) -> tuple[Status, str]:
    """Difference-in-differences with one quarter before (Q2 2011) and one after (Q3 2011)."""
    expected = _did_window()
    value = as_number(answer)
    if value is not None and math.isfinite(value) and abs(value + expected) <= 5e-5:
        return "incorrect", "the size is right but the sign is not: take (after - before) for California minus (after - before) for the controls."
    return compare_number(
        answer,
        expected,
        tol=5e-5,
        hint=(
            "keep only the quarters Q22011 and Q32011. Compute California's change in Rate (Q3 minus Q2) and the "
            "average change of the other states, then subtract the second from the first."
        ),
        percent="almost: that looks like percentage points; give the effect as a difference of rates (shares).",
    )
