"""Checks for the exercises of chapter 6, Continuous training (``chapters/06_continuous_training.ipynb``).

Every check recomputes its expected answer: from the exercise's bin shares, or by rebuilding the
notebook's simulated year and its first model with the notebook's default parameters (the
constants below). If a teacher changes those parameters, the checks still judge the defaults.

Example:
    >>> from helpers import check
    >>> check.ch06_psi(None).status
    'unanswered'
    >>> check.ch06_psi("0.2").status
    'incorrect'
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from helpers.check import Status, as_number, compare_number, exercise

# The notebook's default parameters (its `parameters` cell).
SEED = 42
HISTORY_WEEKS = 20
N_PER_WEEK = 2_000
GOLD_PER_WEEK = 500
LABEL_DELAY = 4
TRAIN_WEEKS = 8
C = 1.0
SKEW_WEEK = 44
WARNING_PSI = 0.1  # exercise 2: the "worth a look" level

# Exercise 1: the bin shares of the reference and of this week's traffic.
REFERENCE_SHARES = (0.25, 0.25, 0.25, 0.25)
CURRENT_SHARES = (0.10, 0.20, 0.30, 0.40)


@lru_cache(maxsize=1)
def _year() -> Any:
    from helpers.mlops import YEAR_SCENARIO, simulate_customers

    return simulate_customers(
        N_PER_WEEK + GOLD_PER_WEEK, seed=SEED, weeks=range(-HISTORY_WEEKS, 52), scenario=YEAR_SCENARIO,
        gold_per_week=GOLD_PER_WEEK,
    )


def _load(weeks: Iterable[int], *, spend_in_cents: bool = False) -> Any:
    """The notebook's data step for scored traffic (no gold rows, no label bug)."""
    from helpers.mlops import FEATURES, TARGET

    year = _year()
    rows = year[year["week"].isin(list(weeks)) & ~year["gold"]]
    data = rows[["customer_id", "week", *FEATURES, TARGET]].reset_index(drop=True)
    if spend_in_cents:
        data["monthly_spend"] = data["monthly_spend"] * 100
    return data


@lru_cache(maxsize=1)
def _first_warning_week() -> int | None:
    from helpers.drift import psi
    from helpers.mlops import FEATURES, TARGET, make_model

    training = _load(range(-LABEL_DELAY - TRAIN_WEEKS, -LABEL_DELAY))
    model = make_model(C=C).fit(training[list(FEATURES)], training[TARGET])
    reference = model.predict_proba(training[list(FEATURES)])[:, 1]
    for week in range(52):
        current = model.predict_proba(_load([week])[list(FEATURES)])[:, 1]
        if psi(reference, current) > WARNING_PSI:
            return week
    return None


@lru_cache(maxsize=1)
def _largest_skew_psi() -> float:
    from helpers.drift import psi
    from helpers.mlops import FEATURES

    training = _load(range(SKEW_WEEK - LABEL_DELAY - TRAIN_WEEKS, SKEW_WEEK - LABEL_DELAY), spend_in_cents=True)
    served = _load([SKEW_WEEK])
    return max(psi(training[f], served[f]) for f in FEATURES)


@exercise("ch06_psi")
def _psi(answer: Any) -> tuple[Status, str]:
    """PSI of the exercise's shares, computed with the formula."""
    expected = sum((a - e) * math.log(a / e) for e, a in zip(REFERENCE_SHARES, CURRENT_SHARES, strict=True))
    hint = (
        "for each bin take (a - e) * ln(a / e) with e the reference share and a the current share, then add the "
        "four terms (np.sum((a - e) * np.log(a / e)) with two arrays). Every term is positive."
    )
    return compare_number(
        answer, expected, tol=0.001, hint=hint,
        praise="between 0.1 and 0.25: worth a look, but no alarm at the 0.25 threshold.",
    )


@exercise("ch06_alarm_week")
def _alarm_week(answer: Any) -> tuple[Status, str]:
    """First week in which the fixed model's prediction PSI exceeds 0.1."""
    expected = _first_warning_week()
    hint = (
        "for every week from 0 to 51 compute drift.psi(references[v1], p) where p are model_v1's predicted "
        "probabilities on load_data([week]); the answer is the first week whose PSI is above 0.1 (a week number)."
    )
    value = as_number(answer)
    if value is None or not math.isfinite(value):
        return "incorrect", f"expected a week number, got {type(answer).__name__}. {hint}"
    if value != int(value) or not 0 <= value <= 51:
        return "incorrect", f"a week number is a whole number between 0 and 51, got {value}. {hint}"
    if expected is not None and int(value) == expected:
        return "correct", (
            "that is long after the week-30 shock: concept drift changes what the inputs mean, not the inputs, "
            "so label-free monitoring cannot see it. Only labelled data (the gold standard) can."
        )
    if expected is not None and int(value) < expected:
        return "incorrect", f"in that week the PSI is still below 0.1. {hint}"
    return "incorrect", f"the PSI already exceeds 0.1 in an earlier week. {hint}"


@exercise("ch06_skew_psi")
def _skew_psi(answer: Any) -> tuple[Status, str]:
    """The largest feature PSI between the week-44 run's training data and week 44's traffic."""
    expected = _largest_skew_psi()
    hint = (
        "compute drift.psi(training[f], served[f]) for each of the four FEATURES, with training from "
        "load_data(..., spend_in_cents=True) over the run's 8 training weeks and served = load_data([SKEW_WEEK]); "
        "give the largest value, not the feature's name."
    )
    return compare_number(
        answer, expected, tol=0.01, hint=hint,
        praise="monthly_spend: the training data were in cents, the traffic in dollars. That is training-serving skew.",
    )
