"""Checks for the exercises of case study 11, Bandit algorithms (``case_studies/11_bandits.ipynb``).

Every check recomputes its expected answer: from the book's inputs (arms, rates, weights) or, for
the Open Bandit exercise, from the real log with the notebook's default split (the constants
below). If a teacher changes the notebook's parameters, the checks still judge the default setting.

Example:
    >>> from helpers import check
    >>> check.cs11_bayes_ucb(None).status
    'unanswered'
    >>> check.cs11_softmax_temperature("warm").status
    'incorrect'
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

from helpers.check import Status, as_number, compare_number, exercise, percent_hint

# Exercise 1: a third ad next to the book's A (45/100) and B (92/200).
ARM_C_CLICKS, ARM_C_IMPRESSIONS = 9, 60
UCB_QUANTILE = 0.95
# Exercise 2: the book's true click rates and the target probability for the best arm.
BOOK_RATES = (0.12, 0.11, 0.10)
TARGET_BEST_SHARE = 0.5
# Exercise 4: the notebook's split of the uniform-random Open Bandit log.
TRAIN_LAST_DAY = 27  # November 24-27 train the policy, November 28-30 evaluate it
TOP_K = 5


@exercise("cs11_bayes_ucb")
def _bayes_ucb(answer: Any) -> tuple[Status, str]:
    """Bayesian-UCB score (95% quantile of the Beta posterior) of an arm with 9 clicks in 60."""
    from scipy import stats

    expected = float(stats.beta.ppf(UCB_QUANTILE, 1 + ARM_C_CLICKS, 1 + ARM_C_IMPRESSIONS - ARM_C_CLICKS))
    return compare_number(
        answer,
        expected,
        tol=5e-4,
        percent=percent_hint("rate"),
        hint=(
            "with the uniform prior the posterior is Beta(1 + clicks, 1 + non-clicks); non-clicks are "
            "impressions minus clicks. The score is its 95% quantile: stats.beta.ppf(0.95, a, b)."
        ),
    )


@exercise("cs11_softmax_temperature")
def _softmax_temperature(answer: Any) -> tuple[Status, str]:
    """The temperature at which softmax on the book's rates picks the best arm half of the time."""
    import numpy as np
    from scipy import optimize

    rates = np.array(BOOK_RATES)

    def best_share(temperature: float) -> float:
        z = np.exp((rates - rates.max()) / temperature)
        return float(z[0] / z.sum())

    expected = optimize.brentq(lambda t: best_share(t) - TARGET_BEST_SHARE, 1e-4, 1.0)
    hint = (
        "write the probability of the best arm as a function of the temperature, "
        "softmax_probabilities(rates, t)[0], and find where it equals 0.5 (scipy.optimize.brentq between "
        "0.001 and 1 works; or solve by hand: only the gaps of 0.01 between the rates matter)."
    )
    value = as_number(answer)
    if value is None or not math.isfinite(value):
        return "incorrect", f"expected a temperature (one positive number), got {type(answer).__name__}. {hint}"
    if value <= 0:
        return "incorrect", f"a temperature must be positive, got {value}. {hint}"
    if abs(value - expected) <= 0.01 * expected:
        return "correct", "at that temperature the best arm gets half of the pulls; colder means greedier."
    direction = (
        "too hot: at that temperature the best arm gets less than half" if best_share(value) < TARGET_BEST_SHARE
        else "too cold: at that temperature the best arm gets more than half"
    )
    return "incorrect", f"{direction} of the pulls. {hint}"


@lru_cache(maxsize=1)
def _oracle_rate() -> float:
    """E[max_k x . w_k] for x uniform on the unit cube (midpoint rule on a fine grid)."""
    import numpy as np

    from helpers.bandits import BOOK_WEIGHTS

    weights = np.array(BOOK_WEIGHTS)
    used = np.flatnonzero(np.any(weights != 0, axis=0))  # the other features do not matter
    grid = (np.arange(120) + 0.5) / 120
    points = np.stack(np.meshgrid(*([grid] * len(used)), indexing="ij"), axis=-1).reshape(-1, len(used))
    probabilities = np.clip(points @ weights[:, used].T, 0, 1)
    return float(probabilities.max(axis=1).mean())


@exercise("cs11_oracle_rate")
def _oracle_rate_check(answer: Any) -> tuple[Status, str]:
    """The expected click rate of the oracle policy in the book's contextual setting."""
    return compare_number(
        answer,
        _oracle_rate(),
        tol=5e-4,
        percent=percent_hint("rate"),
        hint=(
            "draw many users (say 1,000,000) with 7 features uniform on [0, 1), compute each arm's click "
            "probability X @ weights.T, keep the largest of the three for every user, and average."
        ),
    )


@lru_cache(maxsize=1)
def _ips_top_k() -> float:
    import numpy as np

    from helpers.data import load_open_bandit

    log = load_open_bandit("random", verbose=False)
    day = log["timestamp"].dt.day
    train, test = log[day <= TRAIN_LAST_DAY], log[day > TRAIN_LAST_DAY]
    items = np.arange(80)
    clicks = np.bincount(train["item_id"], weights=train["click"], minlength=80)
    shown = np.bincount(train["item_id"], minlength=80)
    ctr = np.divide(clicks, shown, out=np.zeros(80), where=shown > 0)
    ranking = np.lexsort((items, -ctr, -clicks))  # most clicks, then best rate, then smallest id
    target = np.zeros(80)
    target[ranking[:TOP_K]] = 1 / TOP_K
    weights = target[test["item_id"].to_numpy()] / test["propensity_score"].to_numpy()
    return float(np.mean(weights * test["click"].to_numpy()))


@exercise("cs11_ips_top5")
def _ips_top5(answer: Any) -> tuple[Status, str]:
    """IPS estimate, on the test days of the random log, of 'uniform over the top 5 items'."""
    return compare_number(
        answer,
        _ips_top_k(),
        tol=1e-4,
        percent=percent_hint("rate"),
        hint=(
            f"build the policy's probabilities as for the top-10 policy but with the first {TOP_K} items of "
            f"`ranking` (each gets 1/{TOP_K}, all others 0). On the test days, the weight of a row is that "
            "probability for the row's item divided by its propensity_score; IPS is the mean of weight x click."
        ),
    )
