"""Checks for the exercises of case study 12, ML in online advertising
(``case_studies/12_online_advertising.ipynb``).

Every check recomputes its expected answer: from the exercise's own inputs (the pricing and the
down-sampling exercises), from the Open Bandit log's click rate (38 clicks in 10,000 impressions,
a pinned file), or by regenerating the notebook's seeded impression log and competitors with the
notebook's default parameters (the constants below). If a teacher changes those parameters in the
notebook, the checks still judge the default setting.

Example:
    >>> from helpers import check
    >>> check.cs12_ecpm(None).status
    'unanswered'
    >>> check.cs12_ecpm(1.0).status
    'incorrect'
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

from helpers.check import Status, as_number, compare_number, exercise, percent_hint

# The notebook's default parameters (its `parameters` cell).
SEED = 42
N_IMPRESSIONS = 300_000
VALUE_PER_CLICK = 1.0
COMPETITOR_MEDIAN = 0.015
COMPETITOR_SIGMA = 0.5

# Exercise 1: a CPA offer.
CPA_PRICE = 30.0  # $ per purchase
CPA_CTR = 0.015  # predicted click probability
CPA_CVR = 0.04  # predicted share of clicks that buy

# Exercise 2: a prediction of a model trained on down-sampled data.
DOWNSAMPLED_PREDICTION = 0.2
DOWNSAMPLE_RATE = 0.05

# Exercise 3: the Open Bandit uniform-random log ("all" campaign, small sample).
OBD_CLICKS, OBD_IMPRESSIONS = 38, 10_000
RELATIVE_HALF_WIDTH = 0.1
Z_95 = 1.959963984540054  # the 97.5% quantile of the standard normal distribution

# Exercise 4: first-price shading with few and with many competitors.
SHADING_COMPETITORS = (2, 20)
SHADES = tuple(round(0.3 + 0.05 * k, 2) for k in range(15))  # 0.3, 0.35, ..., 1.0


def _number(answer: Any) -> float | None:
    """The answer as a finite float, or None (see helpers.check.as_number)."""
    value = as_number(answer)
    return value if value is not None and math.isfinite(value) else None


@exercise("cs12_ecpm")
def _ecpm(answer: Any) -> tuple[Status, str]:
    """Expected revenue per 1,000 impressions of a CPA offer."""
    expected = CPA_PRICE * CPA_CTR * CPA_CVR * 1000
    hint = (
        "an impression turns into a purchase with probability CTR x (share of clicks that buy); "
        "multiply that by the price per purchase to get the expected revenue of one impression, "
        "and by 1,000 for the eCPM."
    )
    value = _number(answer)
    if value is not None and abs(value * 1000 - expected) <= 0.01:
        return "incorrect", "almost: that is the revenue of a single impression; eCPM is per 1,000 impressions."
    return compare_number(answer, expected, tol=0.01, hint=hint)


@exercise("cs12_downsampling")
def _downsampling(answer: Any) -> tuple[Status, str]:
    """The corrected click probability of a prediction from a down-sampled model."""
    p, w = DOWNSAMPLED_PREDICTION, DOWNSAMPLE_RATE
    expected = p / (p + (1 - p) / w)
    hint = (
        "keeping only a share w of the non-clicks multiplies their count, and so the odds' denominator, "
        "by w (below 1), so the model's odds are too high by 1/w. Undo it: q = p / (p + (1 - p) / w), with p the model's prediction and w the share of "
        "negatives that was kept (or call correct_downsampling)."
    )
    return compare_number(answer, expected, tol=1e-4, hint=hint, percent=percent_hint("probability"))


@exercise("cs12_impressions_needed")
def _impressions_needed(answer: Any) -> tuple[Status, str]:
    """Impressions for a 95% interval of +-10% around the Open Bandit click rate."""
    p = OBD_CLICKS / OBD_IMPRESSIONS
    expected = Z_95**2 * (1 - p) / (RELATIVE_HALF_WIDTH**2 * p)
    hint = (
        "the 95% interval of a click rate p estimated from n impressions is about p +- 1.96 sqrt(p (1 - p) / n). "
        "Set the half-width equal to 10% of p and solve for n; use the click rate of the whole log."
    )
    value = _number(answer)
    if value is None:
        return "incorrect", f"expected a single number of impressions, got {type(answer).__name__}. {hint}"
    if abs(value - expected) <= 0.01 * expected:
        return "correct", "right: about ten times the whole sample, for a single item's click rate."
    return "incorrect", hint


@lru_cache(maxsize=1)
def _true_ctr() -> Any:
    """True click probabilities of the notebook's test impressions."""
    from helpers.ads import simulate_impressions

    log = simulate_impressions(N_IMPRESSIONS, seed=SEED)
    return log["p_click"].to_numpy()[N_IMPRESSIONS // 2 + N_IMPRESSIONS // 4 :]


@lru_cache(maxsize=4)
def _competing(n_competitors: int) -> Any:
    from helpers.ads import highest_competing_bids

    return highest_competing_bids(
        _true_ctr().size, n_competitors, median=COMPETITOR_MEDIAN, sigma=COMPETITOR_SIGMA, seed=SEED
    )


def _surplus_at(shade: float, n_competitors: int) -> float:
    """First-price surplus when bidding ``shade`` x true CTR x value per click."""
    from helpers.ads import auction_summary

    p_true = _true_ctr()
    bids = shade * p_true * VALUE_PER_CLICK
    result = auction_summary(bids, _competing(n_competitors), p_true, value_per_click=VALUE_PER_CLICK, kind="first")
    return result["surplus"]


@exercise("cs12_shading")
def _shading(answer: Any) -> tuple[Status, str]:
    """The best first-price shading factors against 2 and against 20 competitors: (shade_2, shade_20)."""
    few, many = SHADING_COMPETITORS
    hint = (
        f"for each number of competitors ({few}, then {many}) draw the highest competing bids with "
        "highest_competing_bids (same median, sigma and seed as the notebook), bid shade x p_true x value per "
        "click for every shade in SHADES in a first-price auction, and keep the shade with the largest surplus."
    )
    try:
        if isinstance(answer, (str, bytes, dict)):
            raise TypeError
        values = [_number(v) for v in answer]
    except TypeError:
        kind = type(answer).__name__
        return "incorrect", f"expected two shading factors (shade_{few}, shade_{many}), got {kind}. {hint}"
    if len(values) != 2 or any(v is None for v in values):
        return "incorrect", f"expected two numbers (shade_{few}, shade_{many}). {hint}"
    if not all(0 < v <= 1 for v in values):
        return "incorrect", f"a shading factor scales the bid down: each lies in (0, 1]. {hint}"
    wrong = [
        n for v, n in zip(values, SHADING_COMPETITORS, strict=True)
        if _surplus_at(v, n) < max(_surplus_at(s, n) for s in SHADES) - 1e-9
    ]
    if not wrong:
        return "correct", "right: with more competitors you must bid closer to your value to win, so you shade less."
    which = " and ".join(f"{n} competitors" for n in wrong)
    return "incorrect", f"the shade for {which} earns less surplus than the best one on the grid. {hint}"
