"""The exercise checks of case study 11 (helpers/exercises/cs11.py).

The lesson's data are rebuilt here with the rules of case_studies/11_bandits.ipynb: the book's banners
A (45/100) and B (92/200), the arms' RATES, the contextual run (bootstrap Thompson sampling and the
oracle on the same users) and the Open Bandit test days with the popularity ranking learned on the
training days. The right answers are recomputed independently of the check module (root finding on
the Beta CDF, the closed form of the softmax temperature, the oracle's own log, pandas group-bys,
statsmodels' Clopper-Pearson interval), under two settings: the notebook's defaults, and a learner's
other choices (another SEED and the sweep's RATES, another train/test split of the log, another
quantile). A check that judged fixed numbers would fail the second.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import pandas as pd
import pytest
from exercise_contract import assert_wrong_answer_hides_right
from scipy import optimize, stats
from statsmodels.stats.proportion import proportion_confint

from helpers import check
from helpers.bandits import BOOK_WEIGHTS, BootstrapThompson, OraclePolicy, simulate_contextual
from helpers.data import load_open_bandit

NAMES = [
    "cs11_bayes_ucb", "cs11_exact_interval", "cs11_ips_top5", "cs11_learning_regret", "cs11_softmax_temperature",
    "cs11_thompson_step",
]
SEQUENCE_ANSWERS = {"cs11_exact_interval": 2}
OTHER_ANSWERS = {"cs11_bayes_ucb", "cs11_thompson_step"}

CLICKS, SHOWN = np.array([45, 92]), np.array([100, 200])  # the book's banners A and B
DEFAULTS = {"SEED": 42, "RATES": [0.12, 0.11, 0.10], "UCB_QUANTILE": 0.95, "TRAIN_LAST_DAY": 27}
OTHER = {"SEED": 7, "RATES": [0.1, 0.12, 0.08], "UCB_QUANTILE": 0.9, "TRAIN_LAST_DAY": 26}
N_BATCHES, BATCH_SIZE, N_MODELS, RIDGE_ALPHA = 100, 1_000, 100, 1.0


# --- the lesson's data ------------------------------------------------------------------------------


@functools.cache
def contextual_logs(seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The notebook's bootstrap-Thompson and oracle logs (same users) for ``seed``."""
    weights = np.array(BOOK_WEIGHTS)
    bandit = BootstrapThompson(n_arms=3, n_features=7, n_models=N_MODELS, alpha=RIDGE_ALPHA, seed=seed)
    log = simulate_contextual(bandit, weights, n_batches=N_BATCHES, batch_size=BATCH_SIZE, seed=seed)
    oracle = simulate_contextual(OraclePolicy(weights), weights, n_batches=N_BATCHES, batch_size=BATCH_SIZE, seed=seed)
    return log, oracle


@functools.cache
def open_bandit(train_last_day: int) -> dict[str, np.ndarray]:
    """The notebook's test-day arrays and popularity ranking for a split after ``train_last_day``."""
    log = load_open_bandit("random", verbose=False)
    day = log["timestamp"].dt.day
    train, test = log[day <= train_last_day], log[day > train_last_day]
    clicks = train.groupby("item_id")["click"].sum().reindex(range(80), fill_value=0)
    shown = train.groupby("item_id").size().reindex(range(80), fill_value=0)
    order = sorted(range(80), key=lambda i: (-clicks[i], -clicks[i] / shown[i] if shown[i] else 0.0, i))
    return {
        "y_test": test["click"].to_numpy().astype(float),
        "item_test": test["item_id"].to_numpy(),
        "propensity_test": test["propensity_score"].to_numpy(),
        "ranking": np.array(order),
    }


def _contexts(setting: dict) -> dict[str, dict]:
    log, oracle = contextual_logs(setting["SEED"])
    obd = open_bandit(setting["TRAIN_LAST_DAY"])
    return {
        "cs11_bayes_ucb": {"clicks": CLICKS, "shown": SHOWN, "quantile": setting["UCB_QUANTILE"]},
        "cs11_softmax_temperature": {"rates": setting["RATES"]},
        "cs11_thompson_step": {"clicks": CLICKS, "shown": SHOWN},
        "cs11_learning_regret": {"log": log, "oracle_log": oracle, "batch_size": BATCH_SIZE},
        "cs11_ips_top5": dict(obd),
        "cs11_exact_interval": dict(obd),
    }


@functools.cache
def contexts() -> dict[str, dict]:
    """The keyword arguments each check gets in the notebook, at the default parameters."""
    return _contexts(DEFAULTS)


SETTINGS = {"defaults": DEFAULTS, "other choices": OTHER}


# --- right answers, recomputed without the check module ------------------------------------------


def bayes_ucb_score(clicks, impressions, quantile):
    """A reference learner's function: invert the Beta CDF by root finding, arm by arm."""
    def one(c, n):
        posterior = stats.beta(1 + c, 1 + n - c)
        return optimize.brentq(lambda x: posterior.cdf(x) - quantile, 0.0, 1.0, xtol=1e-12)

    return np.array([one(c, n) for c, n in zip(clicks, impressions)])


def thompson_step(clicks, impressions, rng):
    return int(np.argmax(rng.beta(1 + clicks, 1 + impressions - clicks)))


def half_temperature(rates):
    """Closed form for evenly spaced rates: the best share 1 / (1 + u + u^2) = 1/2 gives u = (sqrt(5) - 1) / 2."""
    r = np.sort(np.asarray(rates))[::-1]
    gap = r[0] - r[1]
    assert len(r) == 3 and np.isclose(r[1] - r[2], gap)
    return gap / math.log(2 / (math.sqrt(5) - 1))


def learning_regret(log, oracle_log, batch_size, batches=10):
    """From the oracle's own log (its expected rate), not from the bandit log's oracle_rate column."""
    return float(batch_size * (oracle_log["expected_rate"].to_numpy()[:batches] - log["expected_rate"].to_numpy()[:batches]).sum())


def top5_parts(y_test, item_test, propensity_test, ranking):
    """(rows, matched rows, matched clicks, weight) of the top-5 policy, with pandas."""
    frame = pd.DataFrame({"y": y_test, "item": item_test, "p": propensity_test})
    matched = frame[frame["item"].isin(set(ranking[:5].tolist()))]
    weights = (1 / 5) / matched["p"]
    assert weights.nunique() == 1
    return len(frame), len(matched), int(matched["y"].sum()), float(weights.iloc[0])


def ips_top5(y_test, item_test, propensity_test, ranking):
    rows, _, clicks, weight = top5_parts(y_test, item_test, propensity_test, ranking)
    return weight * clicks / rows


def exact_interval(y_test, item_test, propensity_test, ranking):
    rows, _, clicks, weight = top5_parts(y_test, item_test, propensity_test, ranking)
    low, high = proportion_confint(clicks, rows, alpha=0.05, method="beta")
    return weight * low, weight * high


RIGHT = {
    "cs11_bayes_ucb": lambda ctx: bayes_ucb_score,
    "cs11_softmax_temperature": lambda ctx: half_temperature(ctx["rates"]),
    "cs11_thompson_step": lambda ctx: thompson_step,
    "cs11_learning_regret": lambda ctx: learning_regret(**ctx),
    "cs11_ips_top5": lambda ctx: ips_top5(**ctx),
    "cs11_exact_interval": lambda ctx: exact_interval(**ctx),
}


def test_the_chapter_has_these_exercises():
    assert check.exercises("cs11") == NAMES
    assert all(check.kind(name) == "code" for name in NAMES)
    assert set(contexts()) == set(NAMES)


@pytest.mark.parametrize("setting", list(SETTINGS))
@pytest.mark.parametrize("name", NAMES)
def test_right_answer_is_correct_under_both_settings(name, setting):
    context = _contexts(SETTINGS[setting])[name]
    feedback = getattr(check, name)(RIGHT[name](context), **context)
    assert feedback.status == "correct", feedback


def test_the_settings_give_different_answers():
    """Otherwise the second setting would not show that the checks follow the learner's data."""
    default, other = contexts(), _contexts(OTHER)
    for name in ["cs11_softmax_temperature", "cs11_learning_regret", "cs11_ips_top5"]:
        a, b = RIGHT[name](default[name]), RIGHT[name](other[name])
        assert abs(a - b) > 0.01 * abs(a), name
        assert getattr(check, name)(a, **other[name]).status == "incorrect", name
    a, b = (RIGHT["cs11_exact_interval"](c["cs11_exact_interval"]) for c in (default, other))
    assert abs(a[1] - b[1]) > 1e-3
    hardcoded = lambda c, n, q: bayes_ucb_score(c, n, 0.95)  # noqa: E731 - right for the default quantile only
    assert check.cs11_bayes_ucb(hardcoded, **other["cs11_bayes_ucb"]).status == "incorrect"


def test_the_notebook_numbers():
    """The values the lesson's prose relies on (default parameters)."""
    ctx = contexts()
    assert RIGHT["cs11_softmax_temperature"](ctx["cs11_softmax_temperature"]) == pytest.approx(0.0208, abs=5e-5)
    assert RIGHT["cs11_learning_regret"](ctx["cs11_learning_regret"]) == pytest.approx(66.5, abs=0.05)
    assert RIGHT["cs11_ips_top5"](ctx["cs11_ips_top5"]) == pytest.approx(0.0036, abs=5e-5)
    assert top5_parts(**ctx["cs11_exact_interval"])[1:3] == (291, 1)


# --- wrong answers: the mistake-specific hint, never the right value ----------------------------------


def wrong(name, right, answer, context=None):
    return assert_wrong_answer_hides_right(name, right, answer, **(context or contexts()[name]))


def test_bayes_ucb_mistakes():
    ctx = contexts()["cs11_bayes_ucb"]
    right = bayes_ucb_score(CLICKS, SHOWN, 0.95)  # the scores a hint must not show
    cases = [
        (lambda c, n, q: stats.beta.ppf(q, 1 + c, 1 + n), "counts the non-clicks"),
        (lambda c, n, q: stats.beta.ppf(q, c, n - c), "without the prior"),
        (lambda c, n, q: stats.beta.ppf((1 + q) / 2, 1 + c, 1 + n - c), "central interval"),
        (lambda c, n, q: stats.beta.ppf(0.95, 1 + c, 1 + n - c), "ignore the quantile argument"),
        (lambda c, n, q: (1 + c) / (2 + n), "posterior mean"),
        (lambda c, n, q: np.divide(c, n, out=np.full(len(c), np.nan), where=n > 0), "observed click rate"),
        (lambda c, n, q: float(stats.beta.ppf(q, 1 + c[0], 1 + n[0] - c[0])), "one score per arm"),
        (lambda c, n, q: None, "returns None"),
        (lambda c, n, q: c["x"], "raised"),
        (lambda c, n, q: stats.beta.ppf(q, 2 + c, 1 + n - c), "with the uniform prior"),
        (right, "expected a function"),
    ]
    for answer, phrase in cases:
        assert phrase in wrong("cs11_bayes_ucb", right, answer).message, phrase
    # The learner's own quantile is judged: right at 0.9 when the notebook's UCB_QUANTILE is 0.9.
    assert check.cs11_bayes_ucb(bayes_ucb_score, **{**ctx, "quantile": 0.9}).status == "correct"


def test_softmax_temperature_mistakes():
    rates = DEFAULTS["RATES"]
    right = half_temperature(rates)
    cases = [
        (0.05, "book's temperature"),
        (0.5, "share you are aiming at"),
        (100 * right, "percent"),
        (right * math.log(10), "natural logarithm"),
        (-right, "must be positive"),
        (2 * right, "softmax_probabilities"),
    ]
    for answer, phrase in cases:
        assert phrase in wrong("cs11_softmax_temperature", right, answer).message, phrase
    assert check.cs11_softmax_temperature(right * 1.005, rates=rates).status == "correct"  # within 1%


def test_thompson_step_mistakes():
    right = stats.beta(46, 56).expect(lambda x: stats.beta(93, 109).cdf(x))  # P(A's draw > B's): no hint shows it
    cases = [
        (lambda c, n, rng: int(np.argmax(rng.beta(1 + c, 1 + n))), "counts the non-clicks"),
        (lambda c, n, rng: int(np.argmax(np.where(n > 0, c / np.maximum(n, 1), 0))), "greedy"),
        (lambda c, n, rng: int(np.argmax(np.random.default_rng(0).beta(1 + c, 1 + n - c))), "the same arm on every call"),
        (lambda c, n, rng: int(np.argmax(rng.beta(c, n - c))), "Beta(1, 1)"),
        (lambda c, n, rng: float(rng.beta(1 + c, 1 + n - c).max()), "not a drawn click rate"),
        (lambda c, n, rng: rng.beta(1 + c, 1 + n - c), "one arm index"),
        (lambda c, n, rng: None, "returns None"),
        (lambda c, n, rng: int(rng.integers(len(c))), "other frequencies"),
        (lambda c, n: 0, "raised TypeError"),
        (0.437, "expected a function"),
    ]
    for answer, phrase in cases:
        assert phrase in wrong("cs11_thompson_step", right, answer).message, phrase
    # Other correct ways: a list of draws, NumPy's integer type, the global generator.
    for answer in (
        lambda c, n, rng: np.argmax([rng.beta(1 + ci, 1 + ni - ci) for ci, ni in zip(c, n)]),
        lambda c, n, rng: int(np.argmax(np.random.beta(1 + c, 1 + n - c))),
    ):
        assert check.cs11_thompson_step(answer, clicks=CLICKS, shown=SHOWN).status == "correct"


def test_learning_regret_mistakes():
    ctx = contexts()["cs11_learning_regret"]
    log, oracle = ctx["log"], ctx["oracle_log"]
    right = learning_regret(**ctx)
    gap = (log["oracle_rate"] - log["expected_rate"]).to_numpy()
    realised = float((oracle["clicks"] - log["clicks"]).iloc[:10].sum())
    cases = [
        (realised, "clicks that happened"),
        (float(gap.sum() * BATCH_SIZE), "whole run"),
        (float(gap[:10].sum()), "adds up click rates"),
        (right / 10, "average batch"),
        (right + 20, "multiply by the users per batch"),
    ]
    assert abs(realised - right) > 5  # far enough apart with the default seed
    for answer, phrase in cases:
        assert phrase in wrong("cs11_learning_regret", right, answer).message, phrase


def test_ips_top5_mistakes():
    ctx = contexts()["cs11_ips_top5"]
    rows, matched, clicks, weight = top5_parts(**ctx)
    right = ips_top5(**ctx)
    top10 = np.isin(ctx["item_test"], ctx["ranking"][:10])
    cases = [
        (clicks / rows * 80, "not 1 / p alone"),
        (clicks / matched, "click rate of the matched rows"),
        (float(ctx["y_test"].mean()), "logging policy"),
        (float(ctx["y_test"][top10].sum() * 8 / rows), "top-10 policy"),
        (100 * right, "percentage"),
        (right + 0.002, "first 5 items"),
    ]
    for answer, phrase in cases:
        assert phrase in wrong("cs11_ips_top5", right, answer).message, phrase


def test_exact_interval_mistakes():
    ctx = contexts()["cs11_exact_interval"]
    rows, matched, clicks, weight = top5_parts(**ctx)
    low, high = right = exact_interval(**ctx)
    wilson = proportion_confint(clicks, rows, alpha=0.05, method="wilson")
    estimate = ips_top5(**ctx)
    terms = np.where(np.isin(ctx["item_test"], ctx["ranking"][:5]), weight, 0.0) * ctx["y_test"]
    se = terms.std(ddof=1) / math.sqrt(rows)
    cases = [
        ((high, low), "lower end first"),
        ((low / weight, high / weight), "multiply both ends by the weight"),
        ((weight * wilson[0], weight * wilson[1]), "Wilson"),
        ((estimate - 1.96 * se, estimate + 1.96 * se), "normal approximation"),
        ((100 * low, 100 * high), "percentages"),
        ((0.0, 0.01075), "percentile bootstrap"),
        ((low,), "two numbers"),
        ("0.0001, 0.02", "two numbers"),
    ]
    for answer, phrase in cases:
        assert phrase in wrong("cs11_exact_interval", right, answer).message, phrase
    # The exact interval of the click rate among the matched rows (given their number) is exact too.
    conditional = proportion_confint(clicks, matched, alpha=0.05, method="beta")
    assert check.cs11_exact_interval(np.array(conditional), **ctx).status == "correct"


# --- settings a check cannot judge, and calls with the wrong data -----------------------------------


def test_unjudged_settings():
    log, oracle = contexts()["cs11_learning_regret"]["log"], contexts()["cs11_learning_regret"]["oracle_log"]
    assert check.cs11_softmax_temperature(0.02, rates=[0.12, 0.10]).status == "unjudged"  # 2 arms: 1/2 only at infinity
    assert check.cs11_softmax_temperature(0.02, rates=[0.12, 0.12, 0.10]).status == "unjudged"  # two best arms
    assert check.cs11_learning_regret(60.0, log=log.head(5), oracle_log=oracle.head(5), batch_size=BATCH_SIZE).status == "unjudged"
    ctx = dict(contexts()["cs11_exact_interval"])
    ctx["propensity_test"] = np.where(np.arange(len(ctx["y_test"])) % 2 == 0, 0.0125, 0.025)
    assert check.cs11_exact_interval((0.0, 0.02), **ctx).status == "unjudged"


def test_the_wrong_data_is_a_clear_error():
    ctx = contexts()
    with pytest.raises(ValueError, match="between 0 and shown"):
        check.cs11_bayes_ucb(bayes_ucb_score, clicks=SHOWN, shown=CLICKS, quantile=0.95)
    with pytest.raises(ValueError, match="UCB_QUANTILE"):
        check.cs11_bayes_ucb(bayes_ucb_score, clicks=CLICKS, shown=SHOWN, quantile=95)
    with pytest.raises(ValueError, match="RATES"):
        check.cs11_softmax_temperature(0.02, rates=[12, 11, 10])
    with pytest.raises(TypeError, match="simulate_contextual"):
        check.cs11_learning_regret(60.0, log={"a": 1}, oracle_log=ctx["cs11_learning_regret"]["oracle_log"], batch_size=1_000)
    with pytest.raises(ValueError, match="BATCH_SIZE"):
        check.cs11_learning_regret(60.0, **{**ctx["cs11_learning_regret"], "batch_size": 0})
    with pytest.raises(ValueError, match="one value per test row"):
        check.cs11_ips_top5(0.004, **{**ctx["cs11_ips_top5"], "y_test": ctx["cs11_ips_top5"]["y_test"][:10]})
    with pytest.raises(ValueError, match="distinct item ids"):
        check.cs11_exact_interval((0.0, 0.02), **{**ctx["cs11_exact_interval"], "ranking": [3, 3, 3, 3, 3]})
