"""Checks for the exercises of case study 12, ML in online advertising
(``case_studies/12_online_advertising.ipynb``).

Every check judges the learner's own notebook: the call passes the lesson's data (the click model's
predictions and the test impressions' slot positions, the test clicks, the down-sampled model's
predictions and its rate, the Open Bandit counts, the auction's settings, the paced day) and the
check recomputes the expected answer from them. Three answers are functions, which the check calls
on the learner's data and on small inputs it builds, comparing with its own reference.

Example:
    >>> from helpers import check
    >>> context = {"p_click": [0.01, 0.02, 0.03], "position": [1, 2, 1], "price": 30.0, "conversion": 0.04}
    >>> check.cs12_ecpm(None, **context).status
    'unanswered'
    >>> check.cs12_ecpm(24.0, **context).status
    'correct'
    >>> check.cs12_ecpm(0.024, **context).message
    'almost: that is the expected revenue of one impression; eCPM is per 1,000 impressions.'
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from helpers.check import Status, as_number, compare_number, exercise, lesson_array, unjudged
from helpers.i18n import _

#: The number of competitors in the two auctions of the shading exercise.
SHADING_COMPETITORS = (2, 20)


# --- validating the lesson's data (a wrong object here is a slip in the call, not a wrong answer) ---


def _array(values: Any, name: str, *, low: float | None = None, high: float | None = None) -> np.ndarray:
    return lesson_array(values, name, low=low, high=high)


def _positive(value: Any, name: str) -> float:
    number = as_number(value)
    if number is None or not math.isfinite(number) or number <= 0:
        raise ValueError(f"{name} must be a positive number (the lesson's {name}), got {value!r}")
    return number


def _share(value: Any, name: str) -> float:
    number = _positive(value, name)
    if number > 1:
        raise ValueError(f"{name} must be a share in (0, 1] (the lesson's {name}), got {value!r}")
    return number


def _whole(value: Any, name: str, minimum: int = 1) -> int:
    number = as_number(value)
    if number is None or not math.isfinite(number) or number != int(number) or number < minimum:
        raise ValueError(f"{name} must be a whole number of at least {minimum} (the lesson's {name}), got {value!r}")
    return int(number)


def _failure(exc: Exception) -> str:
    return _("your function raised {error}: {detail}.").format(error=type(exc).__name__, detail=str(exc)[:200])


def _call(function: Callable[..., Any], *args: Any) -> Any:
    """Call a learner's function quietly (a RuntimeWarning of theirs must not spill into the notebook)."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return function(*args)


def _numbers_like(result: Any, size: int) -> np.ndarray | None:
    """The result of a learner's function as a float array of ``size`` values, or None."""
    if isinstance(result, (str, bytes, dict)) or result is None:
        return None
    try:
        values = np.asarray(result, dtype="float64").ravel()
    except (TypeError, ValueError):
        return None
    return values if values.size == size else None


# --- exercise 1: the eCPM of a CPA offer, impression by impression ---------------------------------


@exercise("cs12_ecpm")
def _ecpm(answer: Any, *, p_click: Any, position: Any, price: Any, conversion: Any) -> tuple[Status, str]:
    """Mean eCPM ($ per 1,000 impressions) of a CPA offer over the test impressions in the top slot."""
    p = _array(p_click, "p_click", low=0.0, high=1.0)
    slot = _array(position, "position")
    if slot.size != p.size:
        raise ValueError(f"position has {slot.size} values and p_click {p.size}: pass test['position'] with the test predictions")
    price, conversion = _positive(price, "price"), _share(conversion, "conversion")
    top = slot == 1
    if not top.any():
        return unjudged(_("none of these impressions is in the top slot (position 1); pass test['position'] unchanged."))
    per_impression = price * conversion * p  # expected revenue of each impression
    expected = float(per_impression[top].mean() * 1000)
    hint = _(
        "the eCPM of one impression is price per purchase x P(click) x P(purchase | click) x 1,000; compute it "
        "for every test impression with the model's predicted click probabilities, then average over the "
        "impressions whose position is 1."
    )
    return compare_number(  # 0.05: an answer rounded to 10 cents per 1,000 impressions is right; every mistake is far off
        answer, expected, tol=0.05, hint=hint,
        mistakes=[
            (expected / 1000, _("almost: that is the expected revenue of one impression; eCPM is per 1,000 impressions.")),
            (float(per_impression.mean() * 1000), _(
                "that is the mean over all test impressions; keep only those in the top slot (position 1)."
            )),
            (float(price * p[top].mean() * 1000), _(
                "D pays per purchase, not per click: multiply by the share of clicks that lead to a purchase too."
            )),
        ],
        praise=_("that is right: the same offer is worth more in the top slot, where clicks are likelier."),
    )


# --- exercise 2: the expected calibration error, as a function --------------------------------------


def _bins(p: np.ndarray, n_bins: int, strategy: str) -> np.ndarray:
    if strategy == "quantile":
        edges = np.quantile(p, np.linspace(0, 1, n_bins + 1))
    else:
        edges = np.linspace(0.0, 1.0, n_bins + 1)
    return np.searchsorted(edges[1:-1], p)


def _ece_variants(y: np.ndarray, p: np.ndarray, n_bins: int) -> dict[str, float]:
    """The right ECE and the likely wrong ones, on the same data."""
    out = {}
    for strategy in ("quantile", "uniform"):
        index = _bins(p, n_bins, strategy)
        gap = np.bincount(index, weights=p - y, minlength=n_bins)  # sum of (prediction - outcome) per bin
        size = np.bincount(index, minlength=n_bins)
        full = size > 0
        mean_gap = gap[full] / size[full]
        if strategy == "uniform":
            out["uniform"] = float(np.abs(gap).sum() / y.size)
            continue
        out["right"] = float(np.abs(gap).sum() / y.size)
        out["signed"] = float(gap.sum() / y.size)
        out["squared"] = float(np.sum(size[full] * mean_gap**2) / y.size)
        out["root squared"] = math.sqrt(out["squared"])
    return out


def _ece_cases(y: np.ndarray, p: np.ndarray, n_bins: int) -> list[tuple[np.ndarray, np.ndarray, int, str]]:
    """(y, p, n_bins, description) on which the learner's function is called."""
    rng = np.random.default_rng(12)
    p_small = rng.uniform(0.01, 0.2, 2_000)
    over = (rng.random(2_000) < np.clip(0.7 * p_small + 0.01 * (p_small > 0.1), 0, 1)).astype(float)
    shifted = np.where(p_small < 0.1, 1.5 * p_small, 0.6 * p_small)  # too low at first, too high later: gaps cancel
    return [
        (y, p, n_bins, _("your test clicks and predictions with n_bins={k}").format(k=n_bins)),
        (over, p_small, 10, _("2,000 made-up impressions, n_bins=10")),
        (over, p_small, 5, _("the same impressions with n_bins=5")),
        (shifted, p_small, 8, _("true probabilities as y (not 0/1 clicks), n_bins=8")),
    ]


@exercise("cs12_calibration_error")
def _calibration_error(answer: Any, *, y: Any, p: Any, n_bins: Any) -> tuple[Status, str]:
    """A function ece(y, p, n_bins) -> the expected calibration error with equal-count bins."""
    y_arr = _array(y, "y", low=0.0, high=1.0)
    p_arr = _array(p, "p", low=0.0, high=1.0)
    if y_arr.size != p_arr.size:
        raise ValueError(f"y has {y_arr.size} values and p {p_arr.size}: pass the test clicks and the predictions for them")
    k = _whole(n_bins, "n_bins")
    if k > y_arr.size // 2:
        return unjudged(_("with n_bins={k} for {n} impressions the bins are nearly empty; use 5 to 50 bins.").format(k=k, n=y_arr.size))
    hint = _(
        "sort the predictions into n_bins bins with equal numbers of impressions (for example pd.qcut(p, n_bins) "
        "or the quantiles of p as edges), compute in each bin |mean of p - mean of y|, and average these gaps "
        "weighted by each bin's share of the impressions."
    )
    if not callable(answer):
        return "incorrect", _("expected a function ece(y, p, n_bins), got {type}.").format(type=type(answer).__name__) + " " + hint
    results = []  # (learner's value, the variants on that case, description) for every case
    for y_case, p_case, bins, description in _ece_cases(y_arr, p_arr, k):
        variants = _ece_variants(y_case, p_case, bins)
        variants["fixed bins"] = _ece_variants(y_case, p_case, k)["right"] if bins != k else math.nan
        try:
            result = _call(answer, y_case.copy(), p_case.copy(), bins)
        except Exception as exc:  # noqa: BLE001 - a learner's function may fail in any way
            return "incorrect", _failure(exc) + " " + hint
        if result is None:
            return "incorrect", _("your function returns None: end it with return and the ECE.")
        value = as_number(result)
        if value is None or not math.isfinite(value):
            return "incorrect", _("ece should return a single number, got {type}.").format(type=type(result).__name__)
        results.append((value, variants, description))

    def near(value: float, target: float) -> bool:
        return math.isfinite(target) and abs(value - target) <= max(0.02 * abs(target), 1e-6)

    if all(near(value, variants["right"]) for value, variants, _case in results):
        return "correct", _("that is right: the same number as expected_calibration_error, from a dozen lines.")
    diagnoses = [
        (("uniform",), _(
            "those are bins of equal width on [0, 1]: nearly every click probability falls into the first one. "
            "Use bins with equal numbers of impressions (the quantiles of p)."
        )),
        (("signed",), _(
            "take the absolute gap in each bin before averaging; otherwise bins that predict too high and "
            "bins that predict too low cancel out."
        )),
        (("squared", "root squared"), _("the ECE averages the absolute gaps |mean of p - mean of y|, not squared ones.")),
        (("fixed bins",), _("your function ignores its n_bins argument: use it to make the bins.")),
    ]
    for keys, message in diagnoses:
        for key in keys:
            fits = [
                near(value, variants["right"]) or near(value, variants[key]) or (key == "signed" and near(-value, variants[key]))
                for value, variants, _case in results
            ]
            telling = [not near(variants[key], variants["right"]) for _value, variants, _case in results if math.isfinite(variants[key])]
            if all(fits) and any(telling):
                return "incorrect", message
    value, variants, description = next(r for r in results if not near(r[0], r[1]["right"]))
    return "incorrect", _("your function gives a different value on {case}. {hint}").format(case=description, hint=hint)


# --- exercise 3: undo negative down-sampling, as a function ----------------------------------------


def _downsampling_cases(p_small: np.ndarray, rate: float) -> list[tuple[Any, float]]:
    return [
        (p_small, rate),
        (0.2, 0.05),
        (np.array([0.0, 0.01, 0.2, 0.5, 0.99, 1.0]), 0.25),
        (np.array([0.03, 0.3, 0.7]), 1.0),
    ]


@exercise("cs12_downsampling")
def _downsampling(answer: Any, *, p_small: Any, rate: Any) -> tuple[Status, str]:
    """A function undo_downsampling(p, w) -> click probabilities on the original scale."""
    p_arr = _array(p_small, "p_small", low=0.0, high=1.0)
    w = _share(rate, "rate")
    hint = _(
        "keeping a share w of the non-clicks multiplies the odds p / (1 - p) the model learns by 1 / w; multiply "
        "the odds by w to undo it and turn them back into a probability: q = p / (p + (1 - p) / w). Use NumPy "
        "operations so that it works on an array as well as on one number."
    )
    if not callable(answer):
        return "incorrect", _("expected a function undo_downsampling(p, w), got {type}.").format(type=type(answer).__name__) + " " + hint
    for p_case, w_case in _downsampling_cases(p_arr, w):
        size = np.size(p_case)
        p_values = np.asarray(p_case, dtype="float64").ravel()
        with np.errstate(all="ignore"):
            expected = p_values / (p_values + (1 - p_values) / w_case)
            wrong = {
                "times w": p_values * w_case,
                "inverse": p_values / (p_values + (1 - p_values) * w_case),
                "odds": p_values / (1 - p_values) * w_case,
            }
        try:
            result = _call(answer, p_case.copy() if isinstance(p_case, np.ndarray) else p_case, w_case)
        except Exception as exc:  # noqa: BLE001 - a learner's function may fail in any way
            if isinstance(p_case, np.ndarray):
                return "incorrect", _failure(exc) + " " + _(
                    "It must work on a NumPy array of predictions too: use NumPy operations, not math functions or if."
                )
            return "incorrect", _failure(exc) + " " + hint
        if result is None:
            return "incorrect", _("your function returns None: end it with return and the corrected probabilities.")
        values = _numbers_like(result, size)
        if values is None:
            return "incorrect", _("undo_downsampling(p, w) should return as many probabilities as it gets ({n}).").format(n=size)
        if np.allclose(values, expected, rtol=1e-6, atol=1e-9):
            continue
        for name, message in [
            ("times w", _(
                "multiplying the probability by w is not the correction: down-sampling inflates the odds "
                "p / (1 - p), not the probability; correct the odds, then convert back."
            )),
            ("inverse", _(
                "that multiplies the odds by 1 / w once more: the model's odds are already 1 / w times too high, "
                "so multiply them by w."
            )),
            ("odds", _("those are the corrected odds; turn odds o back into a probability with o / (1 + o).")),
        ]:
            candidate = wrong[name]
            if np.allclose(values, candidate, rtol=1e-6, atol=1e-9, equal_nan=True) and not np.allclose(candidate, expected, equal_nan=True):
                return "incorrect", message
        if w_case == 1.0:
            return "incorrect", _("with w = 1 nothing was down-sampled, so the predictions must come back unchanged. {hint}").format(hint=hint)
        return "incorrect", _("your function gives other probabilities for w = {w}. {hint}").format(w=w_case, hint=hint)
    return "correct", _("that is right: store w with the model, and every prediction goes through this line.")


# --- exercise 4: impressions needed for one trustworthy click rate ----------------------------------


@exercise("cs12_impressions_needed")
def _impressions_needed(answer: Any, *, clicks: Any, impressions: Any, relative_half_width: Any) -> tuple[Status, str]:
    """Impressions for a 95% interval of +-h (a share of p) around the log's overall click rate p."""
    from scipy.special import ndtri

    k = _whole(clicks, "clicks", minimum=0)
    n = _whole(impressions, "impressions")
    h = _positive(relative_half_width, "relative_half_width")
    if k == 0 or k == n:
        return unjudged(_("with {k} clicks in {n} impressions the click rate is 0 or 1 and no interval shrinks; use a log with some clicks.").format(k=k, n=n))
    p = k / n
    z = float(ndtri(0.975))
    expected = z**2 * (1 - p) / (h**2 * p)
    hint = _(
        "the 95% interval of a click rate p estimated from n impressions is about p +- 1.96 sqrt(p (1 - p) / n). "
        "Set the half-width equal to {share} of p (the relative half-width) and solve for n; use the click rate of "
        "the whole log."
    ).format(share=f"{h:.0%}")
    return compare_number(
        answer, expected, tol=0.01 * expected, hint=hint,
        praise=_("that is right: compare it with the whole sample, for the click rate of a single item."),
        mistakes=[
            (z**2 * p * (1 - p) / h**2, _(
                "the half-width is a share of p (relative), not {share} in absolute terms: set "
                "1.96 sqrt(p (1 - p) / n) = {h} x p."
            ).format(share=f"{h:g}", h=f"{h:g}")),
            (4 * expected, _("+-{share} is the half-width: the whole interval is twice as wide.").format(share=f"{h:.0%}")),
            (z * (1 - p) / (h**2 * p), _("square the 1.96 as well when you solve for n.")),
            ((1 - p) / (h**2 * p), _("the 95% interval reaches 1.96 standard errors on each side, not one.")),
        ],
    )


# --- exercise 5: first-price shading against few and many competitors ------------------------------


def _shade_surplus(p_true: np.ndarray, rivals: np.ndarray, shades: np.ndarray, value_per_click: float, kind: str) -> np.ndarray:
    """Surplus of bidding shade x p_true x value per click, for each shade."""
    from helpers.ads import auction_outcome

    out = np.empty(shades.size)
    for j, shade in enumerate(shades):
        bids = shade * p_true * value_per_click
        won, price = auction_outcome(bids, rivals, kind=kind)
        out[j] = float(np.sum(np.where(won, p_true * value_per_click - price, 0.0)))
    return out


@exercise("cs12_shading")
def _shading(
    answer: Any, *, p_true: Any, value_per_click: Any, median: Any, sigma: Any, seed: Any, shades: Any, n_competitors: Any
) -> tuple[Status, str]:
    """The best first-price shading factors from ``shades`` against few and against many competitors."""
    from helpers.ads import highest_competing_bids

    p = _array(p_true, "p_true", low=0.0, high=1.0)
    value = _positive(value_per_click, "value_per_click")
    grid = _array(shades, "shades", low=0.0, high=1.0)
    try:
        counts = [_whole(c, "n_competitors") for c in n_competitors]
    except TypeError:
        raise TypeError("n_competitors must be the pair of competitor numbers of the exercise, such as (2, 20)") from None
    if len(counts) != 2:
        raise ValueError("n_competitors must be the pair of competitor numbers of the exercise, such as (2, 20)")
    few, many = counts
    surplus = {}
    for n in counts:
        rivals = highest_competing_bids(p.size, n, median=_positive(median, "median"), sigma=float(sigma), seed=_whole(seed, "seed", 0))
        surplus[n] = (_shade_surplus(p, rivals, grid, value, "first"), rivals)
    hint = _(
        "for each number of competitors ({few}, then {many}) draw the highest competing bids with "
        "highest_competing_bids (the lesson's median, sigma and seed), bid shade x p_true x value per click for "
        "every shade in SHADES in a first-price auction, and keep the shade with the largest surplus."
    ).format(few=few, many=many)
    if isinstance(answer, (str, bytes, dict)):
        return "incorrect", _("expected two shading factors (shade_{few}, shade_{many}), got {type}.").format(
            few=few, many=many, type=type(answer).__name__) + " " + hint
    try:
        values = [as_number(v) for v in answer]
    except TypeError:
        return "incorrect", _("expected two shading factors (shade_{few}, shade_{many}), got {type}.").format(
            few=few, many=many, type=type(answer).__name__) + " " + hint
    if len(values) != 2 or any(v is None or not math.isfinite(v) for v in values):
        return "incorrect", _("expected two numbers (shade_{few}, shade_{many}).").format(few=few, many=many) + " " + hint
    if not all(np.isclose(grid, v).any() for v in values):
        return "incorrect", _("pick each shading factor from SHADES (0.3, 0.35, ..., 1.0).") + " " + hint

    def is_best(v: float, n: int) -> bool:
        table = surplus[n][0]
        return bool(table[np.argmin(np.abs(grid - v))] >= table.max() - 1e-9)

    best = [float(grid[np.argmax(surplus[n][0])]) for n in counts]
    wrong = [n for v, n in zip(values, counts, strict=True) if not is_best(v, n)]
    if not wrong:
        return "correct", _("that is right: with more competitors you must bid closer to your value to win, so you shade less.")
    if best[0] != best[1] and is_best(values[1], few) and is_best(values[0], many):
        return "incorrect", _("the two numbers are swapped: give the shade for {few} competitors first, then the one for {many}.").format(
            few=few, many=many)
    second = [float(grid[np.argmax(_shade_surplus(p, surplus[n][1], grid, value, "second"))]) for n in counts]
    if all(abs(v - s) < 1e-9 for v, s in zip(values, second, strict=True)):
        return "incorrect", _(
            "those are the best factors in a second-price auction, where you pay the competitor's bid; in a first-price "
            "auction you pay your own bid (kind='first'), so bidding your full value leaves no surplus."
        )
    which = _(" and ").join(_("{n} competitors").format(n=n) for n in wrong)
    return "incorrect", _("the shade for {which} earns less surplus than the best one on the grid. {hint}").format(which=which, hint=hint)


# --- exercise 6: the pacing controller, as a function -----------------------------------------------


def _plan(day: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(lever, spend, spent before the slot, share of the plan from the slot to the end), per slot."""
    import pandas as pd

    if not isinstance(day, pd.DataFrame) or not {"requests", "spend", "lever"} <= set(day.columns):
        raise TypeError("day must be one of the lesson's paced days, such as days['bid multiplier'] (a table with requests, spend and lever)")
    if len(day) < 3:
        raise ValueError("day must have a row per pacing slot (the lesson's N_SLOTS rows)")
    requests = day["requests"].to_numpy(dtype="float64")
    spend = day["spend"].to_numpy(dtype="float64")
    share = requests / requests.sum()
    remaining = np.cumsum(share[::-1])[::-1]
    spent_before = np.cumsum(spend) - spend
    return day["lever"].to_numpy(dtype="float64"), spend, spent_before, np.stack([share, remaining])


def _reference_lever(lever: float, target: float, spent: float, *, invert: bool = False, power: float = 0.5,
                     clip_ratio: bool = True, clip_lever: bool = True) -> float:
    """The lesson's controller (``helpers.ads._next_lever``), or one of its likely mistakes."""
    if invert:
        ratio = spent / target if target > 0 else 2.0
    else:
        ratio = target / spent if spent > 0 else 2.0
    if clip_ratio:
        ratio = min(max(ratio, 0.5), 2.0)
    new = lever * ratio**power
    return min(max(new, 0.01), 1.0) if clip_lever else new


_PACING_EDGES = [(0.8, 1.0, 0.0), (0.5, 0.1, 1.0), (0.02, 0.1, 1.0), (0.012, 0.1, 10.0), (0.3, 3.0, 1.0), (0.9, 1.2, 1.0),
                 (0.95, 2.0, 1.0), (0.6, 0.9, 1.0)]


@exercise("cs12_pacing_rule")
def _pacing_rule(answer: Any, *, day: Any, budget: Any) -> tuple[Status, str]:
    """A function next_lever(lever, target, spent) -> the lever for the next slot (the lesson's controller)."""
    lever, spend, spent_before, (share, remaining) = _plan(day)
    money = _positive(budget, "budget")
    targets = np.array([(money - spent_before[s]) * share[s] / remaining[s] if remaining[s] > 0 else 0.0 for s in range(lever.size)])
    cases = [(float(lever[s]), float(targets[s]), float(spend[s])) for s in range(lever.size - 1)]
    replayed = np.array([_reference_lever(*case) for case in cases])
    if not np.allclose(replayed, lever[1:], rtol=1e-9, atol=1e-12):
        raise ValueError(
            "day is not a day paced by the lesson's controller with this budget: pass days['bid multiplier'] "
            "(or days['throttling']) and budget=DAILY_BUDGET"
        )
    hint = _(
        "after each slot, multiply the lever by (target / spent) ** 0.5, with the ratio target / spent kept "
        "within [0.5, 2] (and 2 when nothing was spent), then keep the lever within [0.01, 1]."
    )
    if not callable(answer):
        return "incorrect", _("expected a function next_lever(lever, target, spent), got {type}.").format(type=type(answer).__name__) + " " + hint
    for number, case in enumerate(cases + _PACING_EDGES):
        expected = _reference_lever(*case)
        try:
            result = _call(answer, *case)
        except ZeroDivisionError:
            return "incorrect", _("your function divides by zero when nothing was spent in a slot: then use a ratio of 2.")
        except Exception as exc:  # noqa: BLE001 - a learner's function may fail in any way
            return "incorrect", _failure(exc) + " " + hint
        if result is None:
            return "incorrect", _("your function returns None: end it with return and the new lever.")
        value = as_number(result)
        if value is None:
            return "incorrect", _("next_lever should return one number, got {type}.").format(type=type(result).__name__)
        if math.isfinite(value) and abs(value - expected) <= 1e-9 + 1e-7 * abs(expected):
            continue
        lever_now, target, spent = case
        if spent <= 0 and not math.isfinite(value):
            return "incorrect", _("when nothing was spent in a slot, target / spent is infinite: use a ratio of 2 instead.")
        variants = [
            (dict(invert=True), _(
                "your lever goes up when the slot spent more than its target: the ratio is target / spent, so "
                "overspending lowers the lever."
            )),
            (dict(power=1.0), _("the change is damped: raise the ratio to the power 0.5 before multiplying the lever.")),
            (dict(clip_lever=False), _(
                "keep the lever within [0.01, 1]: above 1 the multiplier would bid more than the predicted value, "
                "and at 0 it could never recover."
            )),
            (dict(clip_ratio=False), _("keep the ratio target / spent within [0.5, 2], so that one noisy slot cannot swing the lever.")),
        ]
        for options, message in variants:
            wrong = _reference_lever(lever_now, target, spent, **options)
            if math.isfinite(value) and abs(value - wrong) <= 1e-9 + 1e-7 * abs(wrong):
                return "incorrect", message
        if number < len(cases):
            return "incorrect", _("after slot {slot} of your paced day your function gives another lever than the controller. {hint}").format(
                slot=number, hint=hint)
        return "incorrect", _("for lever={lever}, target={target} and spent={spent} your function gives another lever. {hint}").format(
            lever=lever_now, target=target, spent=spent, hint=hint)
    return "correct", _("that is right: your rule reproduces every lever of the paced day.")
