"""Checks for the exercises of case study 11, Bandit algorithms (``case_studies/11_bandits.ipynb``).

Every check judges the learner's own notebook: the call passes the data and parameters the lesson
built (the book's banner counts and ``UCB_QUANTILE``, the arms' ``RATES``, the contextual run's
logs, the Open Bandit test days and the popularity ``ranking``), and the check recomputes the
expected answer from them. Two answers are functions (a Bayesian-UCB score, one Thompson-sampling
step), which the check calls on inputs it builds, including edge cases (an arm never shown).

Example:
    >>> from helpers import check
    >>> check.cs11_softmax_temperature(None, rates=[0.12, 0.11, 0.10]).status
    'unanswered'
    >>> check.cs11_softmax_temperature(0.05, rates=[0.12, 0.11, 0.10]).status
    'incorrect'
    >>> check.cs11_softmax_temperature(0.0208, rates=[0.12, 0.11, 0.10]).status
    'correct'
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

from helpers.check import Status, as_number, as_numbers, compare_number, exercise, lesson_array, percent_hint, unjudged
from helpers.i18n import _

#: cs11_softmax_temperature: the share of the pulls the best arm should get.
TARGET_BEST_SHARE = 0.5
#: cs11_learning_regret: the batches that make up the "learning phase".
FIRST_BATCHES = 10
#: cs11_ips_top5 and cs11_exact_interval: the policy shows one of the top TOP_K items of the ranking.
TOP_K = 5
#: cs11_thompson_step: calls of the learner's function per test case (choice shares within +-TS_TOL).
TS_CALLS = 2_000
TS_TOL = 0.05


# --- validating the lesson's data (a wrong object here is a slip in the call, not a wrong answer) ---


def _vector(values: Any, name: str, *, integer: bool = False) -> Any:
    return lesson_array(values, name, integer=integer)


def _counts(clicks: Any, shown: Any) -> tuple[Any, Any]:
    import numpy as np

    c, n = _vector(clicks, "clicks", integer=True), _vector(shown, "shown", integer=True)
    if c.shape != n.shape:
        raise ValueError(f"clicks and shown must have one value per arm each, got {c.size} and {n.size}")
    if np.any(c < 0) or np.any(c > n):
        raise ValueError("clicks must lie between 0 and shown (the impressions) for every arm")
    return c.astype(int), n.astype(int)


def _probability(value: Any, name: str, lesson_name: str) -> float:
    number = as_number(value)
    if number is None or not 0 < number < 1:
        raise ValueError(f"{name} must be a probability strictly between 0 and 1 (the lesson's {lesson_name}), got {value!r}")
    return number


def _failure(exc: Exception) -> str:
    return _("your function raised {error}: {detail}.").format(error=type(exc).__name__, detail=str(exc)[:200])


def _not_a_function(answer: Any, signature: str) -> str:
    return _("expected a function {signature}, got {type}.").format(signature=signature, type=type(answer).__name__)


# --- exercise: a Bayesian-UCB score as a function -----------------------------------------------


def _beta_quantile(q: Any, a: Any, b: Any) -> Any:
    import numpy as np
    from scipy import special

    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    with np.errstate(all="ignore"):
        return np.where((a > 0) & (b > 0), special.betaincinv(np.maximum(a, 1e-300), np.maximum(b, 1e-300), q), np.nan)


def _ucb_variants(quantile: float) -> list[tuple[Any, str]]:
    """(score(clicks, impressions, q), hint) for the likely mistakes; the first one is right."""
    import numpy as np

    def ratio(c: Any, n: Any) -> Any:
        with np.errstate(all="ignore"):
            return np.where(n > 0, c / np.maximum(n, 1), np.nan)

    return [
        (lambda c, n, q: _beta_quantile(q, 1 + c, 1 + n - c), ""),
        (lambda c, n, q: _beta_quantile(q, 1 + c, 1 + n), _(
            "the second parameter of the posterior counts the non-clicks (impressions minus clicks), not the "
            "impressions: Beta(1 + clicks, 1 + impressions - clicks)."
        )),
        (lambda c, n, q: _beta_quantile(q, c, n - c), _(
            "without the prior an arm with no clicks (or no impressions) has no posterior: the uniform prior "
            "Beta(1, 1) adds 1 to the clicks and 1 to the non-clicks."
        )),
        (lambda c, n, q: _beta_quantile((1 + q) / 2, 1 + c, 1 + n - c), _(
            "that is the upper end of the central interval, the (1 + quantile) / 2 quantile; the score is the "
            "posterior's `quantile` quantile itself."
        )),
        (lambda c, n, q: _beta_quantile(quantile, 1 + c, 1 + n - c), _(
            "your scores ignore the quantile argument (they are right for one quantile only): pass `quantile` "
            "on to the Beta quantile function."
        )),
        (lambda c, n, q: _beta_quantile(0.95, 1 + c, 1 + n - c), _(
            "your scores ignore the quantile argument (they are right for one quantile only): pass `quantile` "
            "on to the Beta quantile function."
        )),
        (lambda c, n, q: (1 + c) / (2 + n), _(
            "that is the posterior mean; Bayesian UCB scores an arm by an upper quantile of its posterior, "
            "which is higher for an arm with little data."
        )),
        (lambda c, n, q: ratio(c, n), _(
            "that is the observed click rate (greedy's score); Bayesian UCB uses an upper quantile of the "
            "Beta posterior."
        )),
    ]


@exercise("cs11_bayes_ucb")
def _bayes_ucb(answer: Any, *, clicks: Any, shown: Any, quantile: Any) -> tuple[Status, str]:
    """A function bayes_ucb_score(clicks, impressions, quantile) -> one score per arm."""
    import numpy as np

    c0, n0 = _counts(clicks, shown)
    q0 = _probability(quantile, "quantile", "UCB_QUANTILE")
    hint = _(
        "with the uniform prior the posterior is Beta(1 + clicks, 1 + impressions - clicks); return its "
        "`quantile` quantile for every arm at once: stats.beta.ppf(quantile, a, b) works on arrays."
    )
    if not callable(answer):
        return "incorrect", _not_a_function(answer, "bayes_ucb_score(clicks, impressions, quantile)") + " " + hint
    cases = [
        (c0, n0, q0),
        (np.array([0, 9, 45, 3]), np.array([0, 60, 100, 3]), 0.9),
        (np.array([1, 400]), np.array([10, 1_000]), 0.99),
    ]
    outputs = []
    for c, n, q in cases:
        try:
            result = answer(c.copy(), n.copy(), q)
        except Exception as exc:  # noqa: BLE001 - a learner's function may fail in any way
            return "incorrect", _failure(exc) + " " + hint
        if result is None:
            return "incorrect", _("your function returns None: end it with return and the scores.")
        try:
            values = np.asarray(result, dtype=float).reshape(-1)
        except (TypeError, ValueError):
            return "incorrect", _("your function should return numbers (one score per arm), got {type}.").format(
                type=type(result).__name__
            )
        if values.size != c.size:
            return "incorrect", _(
                "your function should return one score per arm ({n} for {n} arms), got {count} values; work on "
                "the whole arrays (NumPy and scipy functions do)."
            ).format(n=c.size, count=values.size)
        outputs.append(values)
    for variant, message in _ucb_variants(q0):
        if all(np.allclose(out, variant(c, n, q), atol=1e-5, rtol=0, equal_nan=True)
               for out, (c, n, q) in zip(outputs, cases)):
            if not message:
                return "correct", _("that is right: an arm with little data gets a wide posterior, which reaches higher.")
            return "incorrect", message
    if any(np.isnan(out).any() for out in outputs):
        return "incorrect", _("your function returns NaN for some arms (for example one never shown). {hint}").format(hint=hint)
    return "incorrect", hint


# --- exercise: the temperature at which the best arm gets half of the pulls --------------------


def _best_share(rates: Any, temperature: float) -> float:
    import numpy as np

    z = np.exp((rates - rates.max()) / temperature)
    return float(z[np.argmax(rates)] / z.sum())


@exercise("cs11_softmax_temperature")
def _softmax_temperature(answer: Any, *, rates: Any) -> tuple[Status, str]:
    """The temperature at which softmax on the arms' true rates gives the best arm half of the pulls."""
    import numpy as np
    from scipy import optimize

    r = _vector(rates, "rates")
    if r.size < 2 or r.min() < 0 or r.max() > 1:
        raise ValueError("rates must be the arms' click rates (the lesson's RATES): at least two numbers between 0 and 1")
    tied = int(np.sum(np.isclose(r, r.max(), rtol=0, atol=1e-12)))
    if not 1 / r.size < TARGET_BEST_SHARE < 1 / tied:
        return unjudged(_(
            "with these rates the best arm never gets exactly half of the pulls (a share between {low} and {high} "
            "at any temperature); use three or more arms with one clearly best rate, such as [0.12, 0.11, 0.10]."
        ).format(low=f"{1 / r.size:.2f}", high=f"{1 / tied:.2f}"))
    log_t = optimize.brentq(lambda lt: _best_share(r, math.exp(lt)) - TARGET_BEST_SHARE, math.log(1e-12), math.log(1e6), xtol=1e-12)
    expected = math.exp(log_t)
    hint = _(
        "write the best arm's share as a function of the temperature, softmax_probabilities(rates, t).max(), "
        "and find where it equals 0.5, for example with scipy.optimize.brentq between 0.001 and 1."
    )
    value = as_number(answer)
    if value is not None and math.isfinite(value) and value <= 0:
        return "incorrect", _("a temperature must be positive.") + " " + hint
    return compare_number(
        answer,
        expected,
        tol=0.01 * expected,
        hint=hint,
        praise=_("at that temperature the best arm gets half of the pulls; colder means greedier."),
        percent=_(
            "almost: that is the temperature for rates given in percent (12 instead of 0.12); softmax works on "
            "the rates themselves, so use them as shares."
        ),
        mistakes=[
            (TARGET_BEST_SHARE, _("0.5 is the share you are aiming at; the answer is the temperature t that gives it.")),
            (0.05, _("that is the book's temperature, at which the best arm does not get half of the pulls; solve for t.")),
            (expected * math.log(10), _("use the natural logarithm (np.log), not log10: softmax is built on exp.")),
        ],
    )


# --- exercise: one step of Thompson sampling as a function ----------------------------------------


@lru_cache(maxsize=32)
def _choice_shares(a: tuple[float, ...], b: tuple[float, ...]) -> tuple[float, ...]:
    """How often each arm has the largest draw from Beta(a, b) (Monte Carlo, 400,000 draws)."""
    import numpy as np

    draws = np.random.default_rng(0).beta(np.array(a)[None, :], np.array(b)[None, :], size=(400_000, len(a)))
    return tuple(np.bincount(draws.argmax(axis=1), minlength=len(a)) / len(draws))


def _arm_index(result: Any, n_arms: int) -> int | str:
    """The arm a learner's function returned, or a message that says what is wrong with it."""
    import numpy as np

    if result is None:
        return _("your function returns None: end it with return and the index of the chosen arm.")
    array = np.asarray(result)
    if array.size != 1:
        return _(
            "your function should return one arm index (0, 1, ...), got {count} values; take np.argmax of the "
            "draws."
        ).format(count=array.size)
    value = as_number(array.reshape(-1)[0]) if array.dtype != bool else None
    if value is None or not math.isfinite(value):
        return _("your function should return the index of the chosen arm (0, 1, ...), got {type}.").format(
            type=type(result).__name__
        )
    if value != round(value) or not 0 <= value < n_arms:
        return _(
            "your function should return the index of the chosen arm (0 to {last}), not a drawn click rate; "
            "take np.argmax of the draws."
        ).format(last=n_arms - 1)
    return int(value)


@exercise("cs11_thompson_step")
def _thompson_step(answer: Any, *, clicks: Any, shown: Any) -> tuple[Status, str]:
    """A function thompson_step(clicks, impressions, rng) -> the arm Thompson sampling shows next."""
    import numpy as np

    c0, n0 = _counts(clicks, shown)
    if c0.size < 2:
        raise ValueError("clicks and shown must describe at least two arms (the lesson's banners A and B)")
    hint = _(
        "draw one plausible click rate per arm from its posterior, rng.beta(1 + clicks, 1 + impressions - clicks), "
        "and return the index of the largest draw."
    )
    if not callable(answer):
        return "incorrect", _not_a_function(answer, "thompson_step(clicks, impressions, rng)") + " " + hint
    cases = [(c0, n0), (np.array([30, 2, 0]), np.array([40, 3, 0]))]
    rng = np.random.default_rng(20_251)
    shares = []
    for c, n in cases:
        chosen = np.empty(TS_CALLS, dtype=int)
        for i in range(TS_CALLS):
            try:
                result = answer(c.copy(), n.copy(), rng)
            except Exception as exc:  # noqa: BLE001 - a learner's function may fail in any way
                if isinstance(exc, ValueError) and ("a <= 0" in str(exc) or "b <= 0" in str(exc)):
                    return "incorrect", _(
                        "an arm never shown (0 clicks in 0 impressions) must still get a posterior: the uniform "
                        "prior adds 1 to the clicks and 1 to the non-clicks, so it is Beta(1, 1)."
                    )
                return "incorrect", _failure(exc) + " " + hint
            arm = _arm_index(result, c.size)
            if isinstance(arm, str):
                return "incorrect", arm
            chosen[i] = arm
        shares.append(np.bincount(chosen, minlength=c.size) / TS_CALLS)

    def shares_for(shift_b: bool) -> list[tuple[float, ...]]:
        return [_choice_shares(tuple(1.0 + c), tuple(1.0 + (n if shift_b else n - c))) for c, n in cases]

    right = shares_for(False)
    open_cases = [k for k, r in enumerate(right) if max(r) < 0.99]  # cases where no arm is (almost) certain
    if any(shares[k].max() == 1 for k in open_cases):
        with np.errstate(all="ignore"):
            greedy = [int(np.argmax(np.where(n > 0, c / np.maximum(n, 1), 0))) for c, n in cases]
        if all(shares[k][greedy[k]] == 1 for k in open_cases):
            return "incorrect", _(
                "your function always shows the arm with the best observed rate: that is greedy. Thompson "
                "sampling draws a rate from each arm's posterior, so an arm with less data still wins sometimes."
            )
        return "incorrect", _(
            "your function shows the same arm on every call: draw with the generator `rng` it receives (not a "
            "new generator with a fixed seed inside the function)."
        )

    def close(reference: list[tuple[float, ...]]) -> bool:
        return all(np.abs(s - np.array(r)).max() <= TS_TOL for s, r in zip(shares, reference))

    if close(right):
        return "correct", _(
            "that is right: each arm is shown with the posterior probability that it is the best one."
        )
    if close(shares_for(True)):
        return "incorrect", _(
            "the second parameter of the posterior counts the non-clicks (impressions minus clicks), not the "
            "impressions."
        )
    return "incorrect", _(
        "your function picks the arms with other frequencies than Thompson sampling (on banners with {clicks} "
        "clicks in {shown} impressions). {hint}"
    ).format(clicks=list(map(int, cases[1][0])), shown=list(map(int, cases[1][1])), hint=hint)


# --- exercise: the contextual bandit's regret while it learns ----------------------------------------


def _batch_log(log: Any, name: str) -> Any:
    import pandas as pd

    if not isinstance(log, pd.DataFrame):
        raise TypeError(f"{name} must be a log returned by simulate_contextual (a DataFrame), not {type(log).__name__}")
    missing = [c for c in ("clicks", "expected_rate", "oracle_rate") if c not in log.columns]
    if missing:
        raise ValueError(f"{name} has no column {', '.join(map(repr, missing))}: pass a log from simulate_contextual")
    if log.empty:
        raise ValueError(f"{name} is empty: pass a log from simulate_contextual")
    return log


@exercise("cs11_learning_regret")
def _learning_regret(answer: Any, *, log: Any, oracle_log: Any, batch_size: Any) -> tuple[Status, str]:
    """Expected clicks the contextual bandit lost to the oracle in its first FIRST_BATCHES batches."""
    import numpy as np

    log = _batch_log(log, "log")
    oracle_log = _batch_log(oracle_log, "oracle_log")
    if len(log) != len(oracle_log):
        raise ValueError("log and oracle_log must come from runs with the same number of batches (the same users)")
    size = as_number(batch_size)
    if size is None or size < 1 or size != round(size):
        raise ValueError(f"batch_size must be the number of users per batch (the lesson's BATCH_SIZE), got {batch_size!r}")
    if len(log) < FIRST_BATCHES:
        return unjudged(_(
            "the exercise asks about the first {k} batches, and this run has only {n}; use N_BATCHES = {k} or more."
        ).format(k=FIRST_BATCHES, n=len(log)))
    first = slice(0, FIRST_BATCHES)
    gap = (log["oracle_rate"].to_numpy(float) - log["expected_rate"].to_numpy(float))[first]
    expected = float(gap.sum() * size)
    realised = float((oracle_log["clicks"].to_numpy(float) - log["clicks"].to_numpy(float))[first].sum())
    everything = float((log["oracle_rate"].to_numpy(float) - log["expected_rate"].to_numpy(float)).sum() * size)
    return compare_number(
        answer,
        expected,
        tol=0.05,
        hint=_(
            "for each of the first {k} batches take the oracle's expected click rate minus the bandit's "
            "(log['oracle_rate'] - log['expected_rate']), multiply by the users per batch, and add up."
        ).format(k=FIRST_BATCHES),
        praise=_("that is right: compare it with the regret of the remaining batches to see what learning cost."),
        mistakes=[
            (realised, _(
                "that counts the clicks that happened; regret uses the expected click rates (expected_rate, "
                "oracle_rate), which leave out the luck of the draws."
            )),
            (everything, _("that is the regret of the whole run; the exercise asks about the first {k} batches.").format(
                k=FIRST_BATCHES
            )),
            (float(gap.sum()), _("that adds up click rates; multiply each batch's gap by its number of users (BATCH_SIZE).")),
            (float(gap.mean() * size), _("that is the regret of an average batch; add the batches up instead.")),
        ],
    )


# --- exercises on the Open Bandit test days: IPS of the top-5 policy and its exact interval ------------


def _obd_inputs(y_test: Any, item_test: Any, propensity_test: Any, ranking: Any) -> tuple[Any, Any, Any, Any]:
    import numpy as np

    y = _vector(y_test, "y_test")
    item = _vector(item_test, "item_test", integer=True).astype(int)
    p = _vector(propensity_test, "propensity_test")
    rank = _vector(ranking, "ranking", integer=True).astype(int)
    if not (y.size == item.size == p.size):
        raise ValueError(f"y_test, item_test and propensity_test need one value per test row, got {y.size}, {item.size}, {p.size}")
    if not np.isin(y, (0, 1)).all():
        raise ValueError("y_test must hold the test days' clicks (0 or 1)")
    if np.any(p <= 0) or np.any(p > 1):
        raise ValueError("propensity_test must hold the logged propensities, between 0 (excluded) and 1")
    if rank.size < TOP_K or len(set(rank.tolist())) != rank.size or rank.min() < 0:
        raise ValueError(f"ranking must list distinct item ids, best first (at least {TOP_K}), like the lesson's `ranking`")
    if item.min() < 0:
        raise ValueError("item_test must hold item ids (0, 1, ...)")
    return y, item, p, rank


def _top_policy(rank: Any, item: Any, k: int) -> Any:
    """Target probability of each test row's item under 'one of the top k items, uniformly'."""
    import numpy as np

    return np.where(np.isin(item, rank[:k]), 1.0 / k, 0.0)


@exercise("cs11_ips_top5")
def _ips_top5(answer: Any, *, y_test: Any, item_test: Any, propensity_test: Any, ranking: Any) -> tuple[Status, str]:
    """IPS estimate, on the test days, of 'one of the top 5 items of ranking, uniformly'."""
    import numpy as np

    y, item, p, rank = _obd_inputs(y_test, item_test, propensity_test, ranking)
    pi = _top_policy(rank, item, TOP_K)
    w = pi / p
    expected = float(np.mean(w * y))
    matched = w > 0
    mistakes = [
        (float(np.mean(matched / p * y)), _(
            "a row's weight is the new policy's probability divided by the propensity (pi / p), not 1 / p alone: "
            "the top-5 policy shows each of its items with probability 1/5."
        )),
        (float(y[matched].mean()) if matched.any() else math.nan, _(
            "that is the click rate of the matched rows (SNIPS, for this log); IPS averages weight x click over "
            "all test rows, the rows with weight 0 included."
        )),
        (float(y.mean()), _("that is the click rate of the test days under the logging policy, not the new policy's.")),
    ]
    if rank.size >= 10:
        mistakes.append((float(np.mean(_top_policy(rank, item, 10) / p * y)), _(
            "that is the top-10 policy from the table; the exercise keeps only the first {k} items of `ranking`."
        ).format(k=TOP_K)))
    return compare_number(
        answer,
        expected,
        tol=2e-5,
        percent=percent_hint("click rate"),
        hint=_(
            "build the policy's probabilities as for the top-10 policy but with the first {k} items of `ranking` "
            "(each gets 1/{k}, all others 0). On the test days a row's weight is that probability for the row's "
            "item divided by its propensity_score; IPS is the mean of weight x click over all test rows."
        ).format(k=TOP_K),
        mistakes=mistakes,
    )


def _two_numbers(answer: Any) -> list[float] | None:
    return as_numbers(answer, 2)


@exercise("cs11_exact_interval")
def _exact_interval(answer: Any, *, y_test: Any, item_test: Any, propensity_test: Any, ranking: Any) -> tuple[Status, str]:
    """The exact (Clopper-Pearson) 95% interval of the top-5 policy's click rate, as (low, high)."""
    import numpy as np

    from helpers.stats import proportion_interval

    y, item, p, rank = _obd_inputs(y_test, item_test, propensity_test, ranking)
    pi = _top_policy(rank, item, TOP_K)
    matched = pi > 0
    if not matched.any():
        return unjudged(_("none of the test rows shows a top-{k} item, so there is nothing to estimate.").format(k=TOP_K))
    weights = pi[matched] / p[matched]
    if not np.allclose(weights, weights[0], rtol=1e-9):
        return unjudged(_(
            "the exact interval of the lesson needs one weight for every matched row (a uniform logging policy, as "
            "in the random log); these propensities differ between rows."
        ))
    weight, n, m, c = float(weights[0]), y.size, int(matched.sum()), int(y[matched].sum())
    exact = np.array(proportion_interval(c, n, method="exact"), dtype=float) * weight
    conditional = np.array(proportion_interval(c, m, method="exact"), dtype=float)  # also exact, given m
    hint = _(
        "count the clicks on the matched rows, take their exact interval as a share of all test rows, "
        "proportion_interval(clicks, n_rows, method='exact'), and multiply both ends by the weight "
        "(the top-5 policy's probability divided by the propensity). Give (low, high) as click rates."
    )
    values = _two_numbers(answer)
    if values is None:
        return "incorrect", _("expected two numbers, the lower and the upper end, got {type}.").format(
            type=type(answer).__name__
        ) + " " + hint
    got = np.array(values)
    tol = 5e-5

    def near(target: Any) -> bool:
        return bool(np.all(np.abs(got - np.asarray(target, dtype=float)) <= tol))

    if near(exact) or near(conditional):
        return "correct", _(
            "that is right: on a handful of clicks the exact interval is wider than the bootstrap's, and that "
            "width is the honest answer."
        )
    wilson = np.array(proportion_interval(c, n), dtype=float) * weight
    estimate = float(np.mean(pi / p * y))
    se = float(np.std(pi / p * y, ddof=1) / math.sqrt(n))
    mistakes = [
        (exact[::-1], _("give the lower end first: (low, high).")),
        (exact / weight, _(
            "that is the interval of the share of test rows that are matched clicks; multiply both ends by the "
            "weight to turn it into the policy's click rate."
        )),
        (wilson, _(
            "that is the Wilson interval; with one to three clicks use the exact (Clopper-Pearson) interval, "
            "method='exact', which never comes out too narrow."
        )),
        ((estimate - 1.96 * se, estimate + 1.96 * se), _(
            "that is the normal approximation, symmetric around the estimate; with so few clicks it even goes "
            "below 0. Use the exact interval."
        )),
    ]
    for target, message in mistakes:
        if near(target):
            return "incorrect", message
    if near(exact * 100) or near(conditional * 100):
        return "incorrect", _("almost: those look like percentages; give both ends as click rates between 0 and 1.")
    if got[0] > got[1]:
        return "incorrect", _("give the lower end first: (low, high).")
    return "incorrect", _(
        "not the exact interval we expected (a percentile bootstrap is not it either: on one click it comes out "
        "too narrow). {hint}"
    ).format(hint=hint)
