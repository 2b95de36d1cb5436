"""Checks for the exercises of chapter 7, Effect verification (``chapters/07_effect_verification.ipynb``).

Every check judges the learner's own notebook: the call passes the exercise's inputs (counts, rates,
the simulated users, the organ-donation panel, the lesson's prices) and the check recomputes the
expected answer from them. Checks whose answer is a function call it on inputs they build from those
arguments. Nothing here depends on the notebook's default parameters.

Example:
    >>> from helpers import check
    >>> check.ch07_coin_pvalue(None, heads=32, flips=50).status
    'unanswered'
    >>> check.ch07_coin_pvalue(0.0649, heads=32, flips=50).status
    'correct'
    >>> check.ch07_sample_size("many", base_rate=0.4, success=0.15, alpha=0.05, power=0.8).status
    'incorrect'
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from typing import Any

import numpy as np

from helpers.check import Status, as_number, as_numbers, compare_number, exercise, lesson_array, percent_hint, unjudged
from helpers.i18n import _

Verdict = tuple[Status, str]

Z95 = 1.959963984540054  # two-sided 95% normal quantile


# --- validation of the lesson's data (a programming slip, so a clear error) -----------------------


def _whole(value: Any, name: str, low: int = 0) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Integral, np.integer)):
        if isinstance(value, (float, np.floating)) and float(value).is_integer():
            value = int(value)
        else:
            raise TypeError(f"{name} must be a whole number (a count), not {type(value).__name__}")
    if value < low:
        raise ValueError(f"{name} must be at least {low}, got {value}")
    return int(value)


def _share(value: Any, name: str) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, np.floating, np.integer)):
        raise TypeError(f"{name} must be a number, not {type(value).__name__}")
    return float(value)


def _positive(value: Any, name: str) -> float:
    value = _share(value, name)
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive number, got {value}")
    return value


def _array(value: Any, name: str) -> np.ndarray:
    return lesson_array(value, name, min_size=10)


def _close(a: float, b: float, tol: float) -> bool:
    return math.isfinite(a) and abs(a - b) <= tol


# --- exercise 1: a second coin -----------------------------------------------------------------


def _binomial_pvalues(k: int, n: int) -> tuple[float, float, float, float]:
    """(two-sided, one-sided, probability of exactly k, one-sided without k itself) for k heads in n fair
    flips, by enumeration. The one-sided tail is the one k lies in; the last value is what
    ``binom.sf(k, n, 0.5)`` gives (P(X > k)), the usual off-by-one slip."""
    from scipy.stats import binom

    pmf = binom.pmf(np.arange(n + 1), n, 0.5)
    two_sided = float(pmf[pmf <= pmf[k] * (1 + 1e-7)].sum())
    upper = float(pmf[k:].sum()) if k >= n / 2 else float(pmf[: k + 1].sum())
    beyond = float(pmf[k + 1 :].sum()) if k >= n / 2 else float(pmf[:k].sum())
    return min(1.0, two_sided), upper, float(pmf[k]), beyond


@exercise("ch07_coin_pvalue")
def _coin_pvalue(answer: Any, *, heads: Any, flips: Any) -> Verdict:
    """Two-sided p-value of ``heads`` in ``flips`` flips of a coin that is fair under the null."""
    from scipy.stats import norm

    flips = _whole(flips, "flips", low=1)
    heads = _whole(heads, "heads")
    if heads > flips:
        raise ValueError(f"heads ({heads}) cannot exceed flips ({flips})")
    if flips > 100_000:
        return unjudged(_("with more than 100,000 flips the exact p-value is below what a float can show; use 20 to 1,000 flips."))
    expected, one_sided, exactly, beyond = _binomial_pvalues(heads, flips)
    gap = abs(heads - flips / 2)
    sd = math.sqrt(flips) / 2
    normal = float(2 * norm.sf(gap / sd))
    corrected = float(min(1.0, 2 * norm.sf(max(gap - 0.5, 0) / sd)))
    tol = max(1e-12, min(5e-4, 0.005 * expected))
    hint = _(
        "under the null the number of heads is Binomial({flips}, 0.5). Add up the probabilities of every outcome "
        "at most as likely as {heads} heads, in both directions (as many tails count too), or call "
        "scipy.stats.binomtest({heads}, {flips}).pvalue."
    ).format(flips=flips, heads=heads)
    mistakes = [
        (one_sided, _("that is the one-sided p-value (only one direction); the question asks for both directions.")),
        (exactly, _("that is the probability of exactly this many heads; a p-value adds every outcome at least as extreme.")),
        (normal, _("that is the normal approximation; with this few flips, use the exact binomial distribution.")),
        (corrected, _("that is the normal approximation with a continuity correction; use the exact binomial distribution.")),
        (min(1.0, 2 * beyond), _(
            "that leaves out the observed count itself: the tails include {heads} heads (binom.sf(k, n, p) is "
            "P(X > k), not P(X >= k))."
        ).format(heads=heads)),
        (beyond, _(
            "that is one tail only, and it leaves out the observed count itself (binom.sf(k, n, p) is P(X > k), not "
            "P(X >= k)); the question asks for both directions."
        )),
    ]
    mistakes = [(value, message) for value, message in mistakes if abs(value - expected) > 2 * tol]
    # Two mistakes can lie within the tolerance of one answer (the one-sided p-value and twice the
    # off-by-one tail are close): give the hint of the nearest.
    value = as_number(answer)
    if value is not None and math.isfinite(value):
        mistakes.sort(key=lambda pair: abs(pair[0] - value))
    return compare_number(
        answer, expected, tol=tol, hint=hint, mistakes=mistakes, percent=percent_hint("p-value")
    )


# --- exercise 2: the retention interval ----------------------------------------------------------


def _counts(x_a: Any, n_a: Any, x_b: Any, n_b: Any) -> tuple[int, int, int, int]:
    n_a, n_b = _whole(n_a, "n_a", low=1), _whole(n_b, "n_b", low=1)
    x_a, x_b = _whole(x_a, "x_a"), _whole(x_b, "x_b")
    if x_a > n_a or x_b > n_b:
        raise ValueError("x_a and x_b are the retained users: at most n_a and n_b")
    return x_a, n_a, x_b, n_b


def _pair(answer: Any) -> list[float] | None:
    return as_numbers(answer, 2)


@exercise("ch07_retention_ci")
def _retention_ci(answer: Any, *, x_a: Any, n_a: Any, x_b: Any, n_b: Any) -> Verdict:
    """95% Wald interval of the retention difference B - A."""
    from helpers.stats import diff_confint

    x_a, n_a, x_b, n_b = _counts(x_a, n_a, x_b, n_b)
    low, high = (float(v) for v in diff_confint(x_a, n_a, x_b, n_b))
    hint = _(
        "compute both retention rates, their difference B - A, and its standard error "
        "sqrt(p_a(1 - p_a)/n_a + p_b(1 - p_b)/n_b) (not pooled: an interval does not assume the rates are equal); "
        "the interval is the difference plus and minus 1.96 standard errors. diff_confint(x_a, n_a, x_b, n_b) from "
        "helpers.stats, or statsmodels' confint_proportions_2indep(x_b, n_b, x_a, n_a, method='wald'), does it for you."
    )
    values = _pair(answer)
    if values is None:
        return "incorrect", _("expected two numbers (low, high), got {type}.").format(type=type(answer).__name__) + " " + hint
    tol = 5e-5
    p_a, p_b = x_a / n_a, x_b / n_b
    pooled = (x_a + x_b) / (n_a + n_b)
    pooled_half = Z95 * math.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    mistakes = [
        ((-high, -low), _("almost: that is the interval of A - B; the exercise asks for B - A (new minus current).")),
        ((100 * low, 100 * high), _("almost: those look like percentage points; give the bounds as differences of shares (0.01 for 1 point).")),
        ((p_b - p_a - pooled_half, p_b - p_a + pooled_half), _("that uses the pooled rate in the standard error, as the test does; an interval uses each group's own rate.")),
        (tuple(float(v) for v in diff_confint(x_a, n_a, x_b, n_b, confidence=0.9)), _("that is a 90% interval; the exercise asks for 95% (1.96 standard errors).")),
        (tuple(float(v) for v in diff_confint(x_a, n_a, x_b, n_b, method="newcombe")), _("that is Newcombe's interval, a good one, but the exercise asks for the Wald interval.")),
    ]
    distance = max(abs(values[0] - low), abs(values[1] - high))
    for (m_low, m_high), message in mistakes:
        gap = max(abs(m_low - low), abs(m_high - high))
        miss = max(abs(values[0] - m_low), abs(values[1] - m_high))
        if gap > 2 * tol and miss <= tol and miss < distance:
            return "incorrect", message
    if distance <= tol:
        return "correct", _("that is right.")
    return "incorrect", hint


# --- exercise 3: is the lift worth building? ----------------------------------------------------


def _call(func: Callable[..., Any], *args: Any) -> tuple[Any, str]:
    """(result, '') or (None, message) when the learner's function raises."""
    try:
        return func(*args), ""
    except Exception as exc:  # noqa: BLE001 - a learner's function can fail in any way
        return None, f"{type(exc).__name__}: {exc}"


def _ship_cases(value: float, users: float, cost: float) -> tuple[list[tuple[int, int, int, int]], list[str]] | None:
    """Counts (x_a, n_a, x_b, n_b) for five experiments around the break-even lift, and their kind."""
    from helpers.stats import diff_confint

    base = 0.05
    break_even = cost / (value * users)
    if not 0 < break_even <= 0.1:
        return None
    # Half-width of the interval about 0.3 x the break-even lift: the cases then separate the rules.
    n = max(2_000, math.ceil(2 * base * (1 - base) * (Z95 / (0.3 * break_even)) ** 2))
    if n > 10**15:
        return None
    half = Z95 * math.sqrt(2 * base * (1 - base) / n)
    lifts = {
        "clear": break_even + 2 * half,  # the whole interval clears the cost: build
        "point": break_even + 0.5 * half,  # the estimate clears it, the interval's low end does not
        "significant": min(break_even / 2, max(break_even - 1.5 * half, 1.2 * half)),  # real, too small
        "upper": break_even - 0.5 * half,  # only the interval's high end clears it
        "worse": -break_even,  # B loses conversions
    }
    cases, kinds = [], []
    x_a = round(n * base)
    for kind, lift in lifts.items():
        x_b = round(n * (base + lift))
        low, high = (float(v) for v in diff_confint(x_a, n, x_b, n))
        diff = (x_b - x_a) / n
        # Keep the case only if it has the property it is meant to test.
        ok = {
            "clear": low > break_even,
            "point": diff > break_even > low,
            "significant": low > 0 and high < break_even,
            "upper": high > break_even > diff,
            "worse": high < break_even,
        }[kind]
        if not ok:
            return None
        cases.append((x_a, n, x_b, n))
        kinds.append(kind)
    return cases, kinds


@exercise("ch07_ship_rule")
def _ship_rule(answer: Any, *, value_per_conversion: Any, users_per_year: Any, build_cost: Any) -> Verdict:
    """A function (x_a, n_a, x_b, n_b) -> bool: build B only if the low end of the 95% interval of its yearly value clears the cost."""
    value = _positive(value_per_conversion, "value_per_conversion")
    users = _positive(users_per_year, "users_per_year")
    cost = _positive(build_cost, "build_cost")
    if not callable(answer):
        return "incorrect", _("expected a function worth_building(x_a, n_a, x_b, n_b) that returns True or False, got {type}.").format(
            type=type(answer).__name__
        )
    built = _ship_cases(value, users, cost)
    if built is None:
        return unjudged(_(
            "with these prices B would need to lift conversion by more than 10 points just to pay for itself, so there is "
            "no experiment to judge the rule on; use a value per conversion, users per year and cost like the lesson's."
        ))
    cases, kinds = built
    answers = []
    for case in cases:
        result, error = _call(answer, *case)
        if error:
            return "incorrect", _("your function raised {error} on counts x_a={x_a}, n_a={n_a}, x_b={x_b}, n_b={n_b}.").format(
                error=error, x_a=case[0], n_a=case[1], x_b=case[2], n_b=case[3]
            )
        if not isinstance(result, (bool, np.bool_)):
            return "incorrect", _("your function should return True (build B) or False, got {type}.").format(type=type(result).__name__)
        answers.append(bool(result))
    got = dict(zip(kinds, answers, strict=True))
    right = {"clear": True, "point": False, "significant": False, "upper": False, "worse": False}
    if got == right:
        return "correct", _("that is right: B is built only when even the cautious end of its value pays for it.")
    if not any(answers):
        return "incorrect", _(
            "your rule never builds B, not even when the whole interval of the yearly value is far above the cost. "
            "Did you multiply the lift by the users per year and the value per conversion?"
        )
    if all(answers):
        return "incorrect", _("your rule builds B even when it loses conversions; compare the yearly value with the cost.")
    if got == {**right, "point": True, "significant": True, "upper": True}:
        return "incorrect", _(
            "your rule builds B whenever the lift is significant (interval above zero). A real lift can still be too "
            "small to pay for B: compare the interval of the yearly value with the cost."
        )
    if got == {**right, "point": True, "upper": True}:
        return "incorrect", _("your rule uses the high end of the interval; the cautious rule asks that even the low end clears the cost.")
    if got == {**right, "point": True}:
        return "incorrect", _(
            "your rule decides on the point estimate. The exercise asks for the cautious rule: build only when the low "
            "end of the 95% interval of the yearly value clears the cost."
        )
    if not got["clear"]:
        return "incorrect", _("your rule does not build B when the whole interval of the yearly value is above the cost.")
    return "incorrect", _(
        "your rule builds B in a case where the low end of the 95% interval of the yearly value (lift x users per "
        "year x value per conversion) is below the cost. Compute that interval with diff_confint and compare its low end."
    )


# --- exercise 4: how many people to measure an intervention --------------------------------------


def _sizes(p_a: float, p_b: float, alpha: float, power: float) -> list[float]:
    """Users per group by the pooled, arcsine and unpooled formulas, unrounded."""
    from scipy.special import ndtri

    from helpers.stats import sample_size_two_proportions

    kwargs = {"alpha": alpha, "power": power, "round_up": False}
    unpooled = (
        (float(ndtri(1 - alpha / 2)) + float(ndtri(power))) ** 2 * (p_a * (1 - p_a) + p_b * (1 - p_b)) / (p_a - p_b) ** 2
    )
    return [
        sample_size_two_proportions(p_a, p_b, method="pooled", **kwargs),
        sample_size_two_proportions(p_a, p_b, method="arcsine", **kwargs),
        unpooled,
    ]


def _sizes_or_none(p_a: float, p_b: float, alpha: float, power: float) -> list[float]:
    """:func:`_sizes` for a likely mistake, or [] where that mistake gives no valid plan."""
    if not (0 < p_b < 1 and p_b != p_a and alpha < 1 and power > alpha / 2):
        return []
    return _sizes(p_a, p_b, alpha, power)


@exercise("ch07_sample_size")
def _sample_size(answer: Any, *, base_rate: Any, success: Any, alpha: Any, power: Any) -> Verdict:
    """People per group to detect an intervention that keeps ``success`` of the would-be leavers (rate ``base_rate``).

    The usual formulas (pooled z-test, unpooled, arcsine / statsmodels NormalIndPower) differ by well
    under 1% at usual settings; any of them, rounded up or not, is accepted.
    """
    base_rate, success = _share(base_rate, "base_rate"), _share(success, "success")
    alpha, power = _share(alpha, "alpha"), _share(power, "power")
    if not (0 < base_rate < 1 and 0 < success < 1 and 0 < alpha < 0.5 and alpha / 2 < power < 1):
        return unjudged(_(
            "the exercise needs a rate without the intervention and a success rate strictly between 0 and 1, "
            "alpha below 0.5 and power above alpha/2 (the lesson uses 0.4, 0.15, 0.05 and 0.8)."
        ))
    treated_rate = base_rate * (1 - success)
    sizes = _sizes(base_rate, treated_rate, alpha, power)
    low, high = min(sizes) * 0.995, max(sizes) * 1.005 + 1
    hint = _(
        "an intervention that keeps a share s of the would-be leavers moves their rate from p to p x (1 - s). Plan for "
        "those two rates with the power analysis of this section: sample_size_two_proportions(p_a, p_b, alpha=..., "
        "power=...) from helpers.stats, or statsmodels' NormalIndPower with proportion_effectsize."
    )
    value = as_number(answer)
    if value is None or not math.isfinite(value):
        return "incorrect", _("expected one number of people, got {type}.").format(type=type(answer).__name__) + " " + hint
    if low <= value <= high:
        return "correct", _("that is right: small effects on a decision need many people, often more than a year of them.")
    mistakes = [
        ([2 * s for s in sizes], _("that looks like both groups together; the question asks for the people in each group.")),
        (_sizes_or_none(base_rate, base_rate - success, alpha, power),
         _("the success rate is a share of the would-be leavers, not percentage points: the rate falls to p x (1 - s), not p - s.")),
        (_sizes_or_none(base_rate, treated_rate, 2 * alpha, power),
         _("that is a one-sided test (or alpha doubled); plan the two-sided test of the lesson with the alpha you were given.")),
        (_sizes_or_none(base_rate, base_rate * success, alpha, power),
         _("with the intervention the rate is p x (1 - s): s is the share kept, so 1 - s of the would-be leavers still go.")),
    ]
    for wrong, message in mistakes:
        if wrong and min(wrong) * 0.995 <= value <= max(wrong) * 1.005 + 1:
            return "incorrect", message
    return "incorrect", hint


# --- exercise 5: an honest interval for a ratio metric -------------------------------------------


def _ratio_parts(y: np.ndarray, n: np.ndarray) -> tuple[float, float, float, float, float, int]:
    m = y.size
    ratio = y.sum() / n.sum()
    mean_n = n.mean()
    var_y, var_n = y.var(ddof=1), n.var(ddof=1)
    cov = float(np.cov(y, n)[0, 1])
    return ratio, mean_n, var_y, var_n, cov, m


def _ratio_intervals(y_a: np.ndarray, n_a: np.ndarray, y_b: np.ndarray, n_b: np.ndarray) -> dict[str, tuple[float, float]]:
    """The right (delta method) 95% interval of B - A in sum(y)/sum(n), and the likely wrong ones."""
    out: dict[str, list[float]] = {"delta": [], "naive": [], "no_cov": []}
    diffs = []
    for y, n in ((y_a, n_a), (y_b, n_b)):
        ratio, mean_n, var_y, var_n, cov, m = _ratio_parts(y, n)
        diffs.append(ratio)
        out["delta"].append((var_y - 2 * ratio * cov + ratio**2 * var_n) / (m * mean_n**2))
        out["naive"].append(ratio * (1 - ratio) / n.sum())
        out["no_cov"].append((var_y + ratio**2 * var_n) / (m * mean_n**2))
    diff = diffs[1] - diffs[0]
    result = {name: (diff - Z95 * math.sqrt(sum(v)), diff + Z95 * math.sqrt(sum(v))) for name, v in out.items()}
    low, high = result["delta"]
    result["reversed"] = (-high, -low)
    per_user = [(y / n) for y, n in ((y_a, n_a), (y_b, n_b))]
    d_user = per_user[1].mean() - per_user[0].mean()
    se_user = math.sqrt(sum(p.var(ddof=1) / p.size for p in per_user))
    result["per_user"] = (d_user - Z95 * se_user, d_user + Z95 * se_user)
    return result


def _ratio_inputs(first_purchases: np.ndarray, first_sessions: np.ndarray) -> list[tuple[np.ndarray, ...]]:
    """The learner's first A/A test (arrays of shape (2, users)), a test with a real lift and uneven visits,
    and a test with one visit per user. Copies, so a function that edits its inputs changes nothing."""
    rng = np.random.default_rng(2_024)
    inputs = [tuple(np.array(a[g], dtype=float) for g in (0, 1) for a in (first_purchases, first_sessions))]
    m = 800
    groups = []
    for lift in (1.0, 1.3):
        rate = np.clip(rng.beta(0.6, 8, m) * lift, 0, 1)
        visits = 1 + rng.geometric(0.15, m)
        groups += [rng.binomial(visits, rate).astype(float), visits.astype(float)]
    inputs.append(tuple(groups))
    ones = np.ones(m)
    inputs.append((rng.binomial(1, 0.08, m).astype(float), ones, rng.binomial(1, 0.1, m).astype(float), ones.copy()))
    return inputs


@exercise("ch07_ratio_interval")
def _ratio_interval(answer: Any, *, purchases: Any, sessions: Any) -> Verdict:
    """A function (purchases_a, sessions_a, purchases_b, sessions_b) -> (low, high): 95% delta-method interval of B - A."""
    purchases = np.asarray(purchases, dtype=float)
    sessions = np.asarray(sessions, dtype=float)
    if purchases.shape != sessions.shape or purchases.ndim != 3 or purchases.shape[1] != 2 or purchases.shape[2] < 10:
        raise ValueError(
            "purchases and sessions must be the A/A arrays of the lesson, shape (tests, 2 groups, users); "
            f"got {purchases.shape} and {sessions.shape}"
        )
    if np.any(sessions < 1) or np.any(purchases < 0) or np.any(purchases > sessions):
        raise ValueError("every user needs at least one session, and purchases between 0 and the sessions")
    if not callable(answer):
        return "incorrect", _(
            "expected a function ratio_interval(purchases_a, sessions_a, purchases_b, sessions_b) that returns (low, high), got {type}."
        ).format(type=type(answer).__name__)
    messages = {
        "naive": _("your interval treats every session as an independent trial, the mistake the A/A test caught; "
                   "treat each user's (purchases, sessions) pair as one observation (delta method)."),
        "no_cov": _("close: your variance leaves out the covariance term -2 R cov(purchases, sessions); users who visit "
                    "more also buy more, and the term matters."),
        "reversed": _("almost: that is the interval of A - B; the exercise asks for B - A."),
        "per_user": _("that is the interval of the average of each user's own rate, another metric; the exercise keeps "
                      "the metric, total purchases over total sessions, and fixes its variance."),
    }
    matches = {name: True for name in messages}
    for inputs in _ratio_inputs(purchases[0], sessions[0]):
        result, error = _call(answer, *(a.copy() for a in inputs))
        if error:
            return "incorrect", _("your function raised {error}.").format(error=error)
        pair = _pair(result)
        if pair is None:
            return "incorrect", _("your function should return two numbers (low, high), got {type}.").format(type=type(result).__name__)
        intervals = _ratio_intervals(*inputs)
        right_low, right_high = intervals["delta"]
        tol = 0.02 * (right_high - right_low) / 2  # 2% of the half-width: ddof and t-vs-normal choices pass
        if not (_close(pair[0], right_low, tol) and _close(pair[1], right_high, tol)):
            for name in messages:
                wrong_low, wrong_high = intervals[name]
                matches[name] &= _close(pair[0], wrong_low, tol) and _close(pair[1], wrong_high, tol)
            break
    else:
        return "correct", _("that is right: the same metric, with a variance that respects the unit of randomisation.")
    for name, message in messages.items():
        if matches[name]:
            return "incorrect", message
    return "incorrect", _(
        "not the delta-method interval. For each group: R = sum(purchases) / sum(sessions), and the variance of R is "
        "(var(y) - 2 R cov(y, n) + R^2 var(n)) / (users x mean(n)^2), with y and n the per-user purchases and sessions. "
        "The interval of B - A is the difference of the two R plus and minus 1.96 x sqrt(var_a + var_b)."
    )


# --- exercise 6: sample-ratio mismatch -----------------------------------------------------------


@exercise("ch07_srm_pvalue")
def _srm_pvalue(answer: Any, *, counts: Any, shares: Any) -> Verdict:
    """p-value of the sample-ratio-mismatch check of ``counts`` against the designed ``shares``."""
    from scipy.special import chdtrc

    observed = np.asarray(counts, dtype=float)
    design = np.asarray(shares, dtype=float)
    if observed.ndim != 1 or observed.size < 2 or design.shape != observed.shape:
        raise ValueError(f"counts and shares need one value per group (at least 2), got {observed.shape} and {design.shape}")
    if np.any(observed < 0) or np.any(design <= 0) or not math.isclose(design.sum(), 1, abs_tol=1e-9):
        raise ValueError("counts must be non-negative and shares positive, summing to 1")
    expected_counts = design * observed.sum()
    statistic = float(((observed - expected_counts) ** 2 / expected_counts).sum())
    df = observed.size - 1
    expected = float(chdtrc(df, statistic))
    equal = observed.sum() / observed.size
    equal_p = float(chdtrc(df, float(((observed - equal) ** 2 / equal).sum())))
    tol = max(1e-12, 0.01 * expected)
    mistakes = [
        (equal_p, _("that tests an equal split; compare with the shares the design gave the groups.")),
        (statistic, _("that is the chi-square statistic; the question asks for its p-value.")),
    ]
    if df > 1:
        mistakes.append((float(chdtrc(1, statistic)), _("the degrees of freedom are the number of groups minus 1.")))
    mistakes = [(v, m) for v, m in mistakes if abs(v - expected) > 2 * tol]
    return compare_number(
        answer,
        expected,
        tol=tol,
        hint=_(
            "compare the observed counts with the counts the design promises (share x total users) in a chi-square "
            "goodness-of-fit test: srm_check(counts, expected_shares) from helpers.stats, or "
            "scipy.stats.chisquare(counts, f_exp=expected_counts). Give the p-value, not the statistic."
        ),
        mistakes=mistakes,
    )


# --- exercise 7: CUPED with another covariate ---------------------------------------------------


def _adjusted_effect(y: np.ndarray, x: np.ndarray, t: np.ndarray, theta: float) -> float:
    adjusted = y - theta * (x - x.mean())
    return float(adjusted[t].mean() - adjusted[~t].mean())


@exercise("ch07_cuped")
def _cuped(answer: Any, *, spend: Any, visits_before: Any, spend_before: Any, treated: Any) -> Verdict:
    """CUPED-adjusted effect on spend with the visits before the test as the covariate (pooled theta)."""
    y = _array(spend, "spend")
    x = _array(visits_before, "visits_before")
    x_spend = _array(spend_before, "spend_before")
    t = np.asarray(treated)
    if not (y.size == x.size == x_spend.size == t.size) or t.dtype != bool:
        raise ValueError("spend, visits_before, spend_before and treated (True/False per user) must have one value per user")
    if t.sum() < 5 or (~t).sum() < 5 or x.var() == 0:
        return unjudged(_("the exercise needs at least 5 users in each group and visits that vary; use the lesson's simulation."))
    theta = float(np.cov(x, y)[0, 1] / x.var(ddof=1))
    expected = _adjusted_effect(y, x, t, theta)
    raw = float(y[t].mean() - y[~t].mean())
    se = math.sqrt(y[t].var(ddof=1) / t.sum() + y[~t].var(ddof=1) / (~t).sum())
    tol = max(1e-9, 0.002 * se)
    corr = float(np.corrcoef(x, y)[0, 1])
    reverse = float(np.cov(x, y)[0, 1] / y.var(ddof=1))
    theta_spend = float(np.cov(x_spend, y)[0, 1] / x_spend.var(ddof=1))
    mistakes = [
        (raw, _("that is the plain difference in means; CUPED subtracts theta x (visits - mean visits) from each user's spend first.")),
        (_adjusted_effect(y, x, t, corr), _("theta is the regression slope cov(x, y) / var(x), not the correlation.")),
        (_adjusted_effect(y, x, t, reverse), _("theta is cov(x, y) / var(x), the covariate's variance in the denominator, not the outcome's.")),
        (_adjusted_effect(y, x, t, -theta), _("the sign is flipped: subtract theta x (x - mean x), do not add it.")),
        (_adjusted_effect(y, x_spend, t, theta_spend), _("that uses the spend before the test, as the lesson did; the exercise asks for the visits.")),
    ]
    mistakes = [(v, m) for v, m in mistakes if abs(v - expected) > 2 * tol]
    return compare_number(
        answer,
        expected,
        tol=tol,
        hint=_(
            "theta = cov(visits_before, spend) / var(visits_before) over all users; adjusted spend = spend - theta x "
            "(visits_before - its mean); the effect is the treated users' mean adjusted spend minus the others'."
        ),
        mistakes=mistakes,
    )


# --- exercise 8: difference-in-differences on a window -------------------------------------------


@exercise("ch07_did_window")
def _did_window(answer: Any, *, rates: Any, before: Any, after: Any, treated: Any) -> Verdict:
    """Difference-in-differences with one quarter before and one after, from the rates table (quarter x state)."""
    import pandas as pd

    if not isinstance(rates, pd.DataFrame):
        raise TypeError(f"rates must be the lesson's table of rates (quarters x states), not {type(rates).__name__}")
    for quarter, name in ((before, "before"), (after, "after")):
        if quarter not in rates.index:
            raise ValueError(f"{name}={quarter!r} is not a row of rates (rows: {list(rates.index)})")
    if treated not in rates.columns or rates.shape[1] < 3:
        raise ValueError(f"treated={treated!r} must be one of the states (columns) of rates, next to at least 2 controls")
    if before == after:
        return unjudged(_("before and after are the same quarter, so nothing changes; pick a quarter before the policy and one after it."))
    change = rates.loc[after] - rates.loc[before]
    expected = float(change[treated] - change.drop(treated).mean())
    level_gap = float(rates.loc[after, treated] - rates.loc[after].drop(treated).mean())
    all_states = float(change[treated] - change.mean())
    mistakes = [
        (-expected, _("the size is right but the sign is not: take (after - before) for the treated state minus (after - before) for the controls.")),
        (100 * expected, percent_hint("effect", points=True)),
        (float(change[treated]), _("that is the treated state's change alone, a before/after comparison; subtract the controls' average change.")),
        (level_gap, _("that compares levels after the policy; DID compares changes (after minus before) of each group.")),
        (all_states, _("the control average must leave out the treated state itself.")),
    ]
    if set(rates.index) >= {3, 4} and (before, after) != (3, 4):
        short = rates.loc[4] - rates.loc[3]
        mistakes.append((float(short[treated] - short.drop(treated).mean()),
                         _("that uses the quarters of the example (Q2 and Q3 2011); the exercise names two other quarters.")))
    tol = 5e-5
    mistakes = [(v, m) for v, m in mistakes if abs(v - expected) > 2 * tol]
    return compare_number(
        answer,
        expected,
        tol=tol,
        hint=_(
            "keep only the two quarters of the exercise. Compute the treated state's change in Rate (after minus before) "
            "and the average change of the other states, then subtract the second from the first."
        ),
        mistakes=mistakes,
    )
