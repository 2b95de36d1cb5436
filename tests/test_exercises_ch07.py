"""The exercise checks of chapter 7 (helpers/exercises/ch07.py).

Each check is called as in chapters/07_effect_verification.ipynb, with the lesson's data, under the
notebook's default parameters (``contexts()``) and under a second setting (another seed, other
counts, rates or prices). The right answers are recomputed here independently: with SciPy and
statsmodels where the checks count by hand, with a regression or a linearisation where they use
formulas. Then the most likely wrong answers must get their own hint, never the right value.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pandas as pd
import pytest
from exercise_contract import spellings
from scipy import stats
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_effectsize

from helpers import check

NAMES = [
    "ch07_coin_pvalue",
    "ch07_cuped",
    "ch07_did_window",
    "ch07_ratio_interval",
    "ch07_retention_ci",
    "ch07_sample_size",
    "ch07_ship_rule",
    "ch07_srm_pvalue",
]
SEQUENCE_ANSWERS = {"ch07_retention_ci": 2}
OTHER_ANSWERS = {"ch07_ship_rule", "ch07_ratio_interval"}  # answered with a function

# The notebook's defaults (parameters cell and exercise cells), and a second setting.
DEFAULT_SEED, OTHER_SEED = 42, 7
N_AA, AA_USERS = 1_000, 1_000
CUPED_USERS, CUPED_EFFECT = 4_000, 1.0


# --- the lesson's data, rebuilt as the notebook builds it ---------------------------------------


def _aa_arrays(seed: int, n_tests: int = N_AA) -> tuple[np.ndarray, np.ndarray]:
    """A/A tests of users who visit several times: (purchases, sessions), shape (tests, 2, users)."""
    rng = np.random.default_rng(seed)
    user_rate = rng.beta(0.5, 9.5, size=(n_tests, 2, AA_USERS))
    sessions = 1 + rng.poisson(9, size=(n_tests, 2, AA_USERS))
    return rng.binomial(sessions, user_rate), sessions


def _cuped_data(seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    habit = rng.gamma(2.0, 10.0, CUPED_USERS)
    spend_before = habit * rng.lognormal(0, 0.3, CUPED_USERS)
    visits_before = rng.poisson(habit / 4)
    treated = rng.random(CUPED_USERS) < 0.5
    spend = habit * rng.lognormal(0, 0.3, CUPED_USERS) + CUPED_EFFECT * treated
    return {"spend": spend, "visits_before": visits_before, "spend_before": spend_before, "treated": treated}


@lru_cache(maxsize=1)
def _organ_rates() -> pd.DataFrame:
    from causaldata import organ_donations

    df = organ_donations.load_pandas().data
    return df.pivot_table(index="Quarter_Num", columns="State", values="Rate")


@lru_cache(maxsize=1)
def contexts() -> dict[str, dict]:
    """The keyword arguments of each check, as the notebook passes them at its default parameters."""
    purchases, sessions = _aa_arrays(DEFAULT_SEED)
    return {
        "ch07_coin_pvalue": {"heads": 32, "flips": 50},
        "ch07_retention_ci": {"x_a": 400, "n_a": 2_050, "x_b": 620, "n_b": 2_900},
        "ch07_ship_rule": {"value_per_conversion": 5.0, "users_per_year": 80_000_000, "build_cost": 200_000},
        "ch07_sample_size": {"base_rate": 0.4, "success": 0.15, "alpha": 0.05, "power": 0.8},
        "ch07_ratio_interval": {"purchases": purchases, "sessions": sessions},
        "ch07_srm_pvalue": {"counts": [20_105, 10_210, 9_685], "shares": [0.5, 0.25, 0.25]},
        "ch07_cuped": _cuped_data(DEFAULT_SEED),
        "ch07_did_window": {"rates": _organ_rates(), "before": 1, "after": 6, "treated": "California"},
    }


@lru_cache(maxsize=1)
def other_contexts() -> dict[str, dict]:
    """A second setting for every check: another seed, other counts, rates, prices or quarters."""
    purchases, sessions = _aa_arrays(OTHER_SEED, n_tests=3)
    return {
        "ch07_coin_pvalue": {"heads": 14, "flips": 40},
        "ch07_retention_ci": {"x_a": 40, "n_a": 205, "x_b": 62, "n_b": 290},
        "ch07_ship_rule": {"value_per_conversion": 20.0, "users_per_year": 1_000_000, "build_cost": 5_000},
        "ch07_sample_size": {"base_rate": 0.3, "success": 0.2, "alpha": 0.01, "power": 0.9},
        "ch07_ratio_interval": {"purchases": purchases, "sessions": sessions},
        "ch07_srm_pvalue": {"counts": [1_020, 1_980, 3_000], "shares": [1 / 6, 1 / 3, 1 / 2]},
        "ch07_cuped": _cuped_data(OTHER_SEED),
        "ch07_did_window": {"rates": _organ_rates(), "before": 2, "after": 5, "treated": "California"},
    }


SETTINGS = {"defaults": contexts, "other": other_contexts}


# --- right answers, computed another way than the checks ------------------------------------------


def _coin(c):
    return float(stats.binomtest(c["heads"], c["flips"], 0.5).pvalue)


def _retention(c):
    low, high = confint_proportions_2indep(c["x_b"], c["n_b"], c["x_a"], c["n_a"], method="wald", compare="diff")
    return float(low), float(high)


def _ship_function(c, *, rule="low"):
    """The cautious rule (``rule="low"``) and the likely wrong ones, with statsmodels' interval."""
    scale = c["users_per_year"] * c["value_per_conversion"]

    def worth_building(x_a, n_a, x_b, n_b):
        low, high = confint_proportions_2indep(x_b, n_b, x_a, n_a, method="wald", compare="diff")
        point = x_b / n_b - x_a / n_a
        if rule == "low":
            return bool(low * scale > c["build_cost"])
        if rule == "point":
            return bool(point * scale > c["build_cost"])
        if rule == "significant":
            return bool(low > 0)
        if rule == "upper":
            return bool(high * scale > c["build_cost"])
        if rule == "no_users":
            return bool(low * c["value_per_conversion"] > c["build_cost"])
        raise ValueError(rule)

    return worth_building


def _sample_size(c):
    p_a, p_b = c["base_rate"], c["base_rate"] * (1 - c["success"])
    n = NormalIndPower().solve_power(effect_size=proportion_effectsize(p_b, p_a), alpha=c["alpha"], power=c["power"])
    return float(math.ceil(n))


def _ratio_function(kind="delta"):
    """The delta-method interval by linearisation (each user's share of the ratio's error), and wrong ones."""

    def group(y, n):
        y, n = np.asarray(y, dtype=float), np.asarray(n, dtype=float)
        rate = y.sum() / n.sum()
        if kind == "naive":
            return rate, rate * (1 - rate) / n.sum()
        if kind == "no_cov":
            return rate, (y.var(ddof=1) + rate**2 * n.var(ddof=1)) / (len(y) * n.mean() ** 2)
        if kind == "per_user":
            return (y / n).mean(), (y / n).var(ddof=1) / len(y)
        linear = (y - rate * n) / n.mean()
        return rate, linear.var(ddof=1) / len(y)

    def ratio_interval(purchases_a, sessions_a, purchases_b, sessions_b):
        r_a, v_a = group(purchases_a, sessions_a)
        r_b, v_b = group(purchases_b, sessions_b)
        half = stats.norm.ppf(0.975) * math.sqrt(v_a + v_b)
        low, high = r_b - r_a - half, r_b - r_a + half
        return (-high, -low) if kind == "reversed" else (low, high)

    return ratio_interval


def _srm(c):
    counts = np.asarray(c["counts"], dtype=float)
    return float(stats.chisquare(counts, f_exp=np.asarray(c["shares"]) * counts.sum()).pvalue)


def _cuped_regression(c):
    """The CUPED estimate as a regression of spend on the treatment and the centred visits."""
    import statsmodels.formula.api as smf

    df = pd.DataFrame({"y": c["spend"], "t": c["treated"].astype(int), "x": c["visits_before"] - c["visits_before"].mean()})
    return float(smf.ols("y ~ t + x", data=df).fit().params["t"])


def _cuped_with(c, covariate, theta):
    y, x, t = c["spend"], covariate, c["treated"]
    adjusted = y - theta * (x - x.mean())
    return float(adjusted[t].mean() - adjusted[~t].mean())


def _did(c):
    rates = c["rates"]
    panel = rates.loc[[c["before"], c["after"]]].stack().rename("Rate").reset_index()
    panel["treated_state"] = panel["State"] == c["treated"]
    means = panel.groupby(["treated_state", "Quarter_Num"])["Rate"].mean()
    b, a = c["before"], c["after"]
    return float((means[(True, a)] - means[(True, b)]) - (means[(False, a)] - means[(False, b)]))


RIGHT = {
    "ch07_coin_pvalue": _coin,
    "ch07_retention_ci": _retention,
    "ch07_ship_rule": _ship_function,
    "ch07_sample_size": _sample_size,
    "ch07_ratio_interval": lambda c: _ratio_function(),
    "ch07_srm_pvalue": _srm,
    "ch07_cuped": _cuped_regression,
    "ch07_did_window": _did,
}


def _run(name, answer, context):
    return getattr(check, name)(answer, **context)


def _wrong(name, right, wrong, context):
    """Like exercise_contract.assert_wrong_answer_hides_right, for a check that takes the lesson's data."""
    feedback = _run(name, wrong, context)
    assert feedback.status == "incorrect", feedback
    assert not feedback
    assert feedback.message.strip(), feedback
    if right is not None and not callable(right):
        for spelling in spellings(right):
            assert spelling not in feedback.message, (name, spelling, feedback.message)
    return feedback


# --- every check ------------------------------------------------------------------------------------


def test_the_chapter_has_these_exercises():
    assert check.exercises("ch07") == NAMES


def test_the_kinds_are_code():
    assert all(check.kind(name) == "code" for name in NAMES)


def test_contexts_cover_every_exercise_with_the_checks_arguments():
    for setting in SETTINGS.values():
        assert sorted(setting()) == NAMES
        for name, context in setting().items():
            assert set(context) == set(check.context_names(name)), name


@pytest.mark.parametrize("setting", list(SETTINGS))
@pytest.mark.parametrize("name", NAMES)
def test_right_answer_is_correct_under_two_settings(name, setting):
    context = SETTINGS[setting]()[name]
    feedback = _run(name, RIGHT[name](context), context)
    assert feedback.status == "correct", feedback
    assert feedback


@pytest.mark.parametrize("name", sorted(set(NAMES) - OTHER_ANSWERS))
def test_right_answer_as_numpy_is_correct(name):
    context = contexts()[name]
    right = RIGHT[name](context)
    answer = np.asarray(right, dtype=float) if isinstance(right, tuple) else np.float64(right)
    assert _run(name, answer, context).status == "correct"


@pytest.mark.parametrize("name", sorted(set(NAMES) - OTHER_ANSWERS))
def test_the_default_answer_is_wrong_in_the_other_setting(name):
    """The checks follow the learner's data: the defaults' answer does not pass in another setting."""
    right_default = RIGHT[name](contexts()[name])
    other = other_contexts()[name]
    _wrong(name, RIGHT[name](other), right_default, other)


# --- exercise 1: the coin -------------------------------------------------------------------------


@pytest.mark.parametrize("setting", list(SETTINGS))
def test_coin_likely_mistakes_get_their_hint(setting):
    c = SETTINGS[setting]()["ch07_coin_pvalue"]
    right = _coin(c)
    k, n = c["heads"], c["flips"]
    side = "greater" if k > n / 2 else "less"
    assert "one-sided" in _wrong("ch07_coin_pvalue", right, stats.binomtest(k, n, 0.5, alternative=side).pvalue, c).message
    assert "exactly" in _wrong("ch07_coin_pvalue", right, stats.binom.pmf(k, n, 0.5), c).message
    normal = 2 * stats.norm.sf(abs(k - n / 2) / (math.sqrt(n) / 2))
    assert "normal approximation" in _wrong("ch07_coin_pvalue", right, normal, c).message
    # binom.sf(k) is P(X > k): the tail without the observed count, once or doubled.
    beyond = stats.binom.sf(k, n, 0.5) if k > n / 2 else stats.binom.cdf(k - 1, n, 0.5)
    assert "observed count" in _wrong("ch07_coin_pvalue", right, 2 * beyond, c).message
    assert "one tail only" in _wrong("ch07_coin_pvalue", right, beyond, c).message
    assert "percentage" in _wrong("ch07_coin_pvalue", right, 100 * right, c).message


def test_coin_accepts_enumeration_by_hand():
    pmf = np.array([math.comb(50, k) for k in range(51)]) / 2**50
    assert check.ch07_coin_pvalue(pmf[pmf <= pmf[32]].sum(), heads=32, flips=50)


def test_coin_rejects_impossible_counts():
    with pytest.raises(ValueError, match="cannot exceed"):
        check.ch07_coin_pvalue(0.5, heads=60, flips=50)


# --- exercise 2: the retention interval ---------------------------------------------------------


@pytest.mark.parametrize("setting", list(SETTINGS))
def test_retention_likely_mistakes_get_their_hint(setting):
    c = SETTINGS[setting]()["ch07_retention_ci"]
    low, high = right = _retention(c)
    name = "ch07_retention_ci"
    assert "A - B" in _wrong(name, right, (-high, -low), c).message
    assert "percentage points" in _wrong(name, right, (100 * low, 100 * high), c).message
    ninety = confint_proportions_2indep(c["x_b"], c["n_b"], c["x_a"], c["n_a"], method="wald", alpha=0.1)
    assert "90%" in _wrong(name, right, ninety, c).message
    newcombe = confint_proportions_2indep(c["x_b"], c["n_b"], c["x_a"], c["n_a"], method="newcomb")
    assert "Newcombe" in _wrong(name, right, newcombe, c).message
    p = (c["x_a"] + c["x_b"]) / (c["n_a"] + c["n_b"])
    half = stats.norm.ppf(0.975) * math.sqrt(p * (1 - p) * (1 / c["n_a"] + 1 / c["n_b"]))
    diff = c["x_b"] / c["n_b"] - c["x_a"] / c["n_a"]
    assert "pooled" in _wrong(name, right, (diff - half, diff + half), c).message


def test_retention_accepts_the_helper():
    from helpers.stats import diff_confint

    assert check.ch07_retention_ci(diff_confint(400, 2_050, 620, 2_900), **contexts()["ch07_retention_ci"])


# --- exercise 3: the rule for building ------------------------------------------------------------


@pytest.mark.parametrize("setting", list(SETTINGS))
@pytest.mark.parametrize(
    ("rule", "words"),
    [("point", "point estimate"), ("significant", "significant"), ("upper", "high end"), ("no_users", "never builds")],
)
def test_ship_rule_likely_mistakes_get_their_hint(setting, rule, words):
    c = SETTINGS[setting]()["ch07_ship_rule"]
    assert words in _wrong("ch07_ship_rule", None, _ship_function(c, rule=rule), c).message


def test_ship_rule_always_building_a_broken_or_a_non_boolean_function():
    c = contexts()["ch07_ship_rule"]
    assert "loses conversions" in _wrong("ch07_ship_rule", None, lambda *counts: True, c).message

    def broken(x_a, n_a, x_b, n_b):
        raise ZeroDivisionError("oops")

    assert "ZeroDivisionError" in _wrong("ch07_ship_rule", None, broken, c).message
    assert "True (build B) or False" in _wrong("ch07_ship_rule", None, lambda *counts: "yes", c).message
    assert "function" in _wrong("ch07_ship_rule", None, 0.5, c).message


def test_ship_rule_accepts_the_helper_interval_and_numpy_booleans():
    from helpers.stats import diff_confint

    c = contexts()["ch07_ship_rule"]
    scale = c["users_per_year"] * c["value_per_conversion"]
    assert check.ch07_ship_rule(lambda xa, na, xb, nb: diff_confint(xa, na, xb, nb)[0] * scale > c["build_cost"], **c)


def test_ship_rule_cannot_judge_prices_that_no_lift_could_pay():
    c = {"value_per_conversion": 0.01, "users_per_year": 1_000, "build_cost": 1_000_000}
    feedback = check.ch07_ship_rule(_ship_function(c), **c)
    assert feedback.status == "unjudged" and "10 points" in feedback.message


# --- exercise 4: the size of an intervention test ---------------------------------------------------


@pytest.mark.parametrize("setting", list(SETTINGS))
def test_sample_size_accepts_the_usual_formulas(setting):
    from helpers.stats import sample_size_two_proportions

    c = SETTINGS[setting]()["ch07_sample_size"]
    p_a, p_b = c["base_rate"], c["base_rate"] * (1 - c["success"])
    for method in ("pooled", "arcsine"):
        for round_up in (True, False):
            n = sample_size_two_proportions(p_a, p_b, alpha=c["alpha"], power=c["power"], method=method, round_up=round_up)
            assert check.ch07_sample_size(n, **c), (method, round_up)
    z = stats.norm.ppf(1 - c["alpha"] / 2) + stats.norm.ppf(c["power"])
    unpooled = z**2 * (p_a * (1 - p_a) + p_b * (1 - p_b)) / (p_a - p_b) ** 2
    assert check.ch07_sample_size(unpooled, **c)


@pytest.mark.parametrize("setting", list(SETTINGS))
def test_sample_size_likely_mistakes_get_their_hint(setting):
    c = SETTINGS[setting]()["ch07_sample_size"]
    right = _sample_size(c)
    p = c["base_rate"]

    def size(p_b, alpha=c["alpha"]):
        return math.ceil(NormalIndPower().solve_power(proportion_effectsize(p_b, p), alpha=alpha, power=c["power"]))

    name = "ch07_sample_size"
    assert "both groups" in _wrong(name, right, 2 * right, c).message
    assert "not p - s" in _wrong(name, right, size(p - c["success"]), c).message
    assert "one-sided" in _wrong(name, right, size(p * (1 - c["success"]), alpha=2 * c["alpha"]), c).message
    assert "share kept" in _wrong(name, right, size(p * c["success"]), c).message


@pytest.mark.parametrize("success", [0.0, 1.0])
def test_sample_size_cannot_judge_a_success_rate_of_zero_or_one(success):
    c = {**contexts()["ch07_sample_size"], "success": success}
    assert check.ch07_sample_size(100, **c).status == "unjudged"


# --- exercise 5: the delta-method interval ------------------------------------------------------------


def test_ratio_interval_linearisation_matches_a_bootstrap_over_users():
    """The reference itself: the delta-method standard error agrees with resampling users."""
    from helpers.stats import bootstrap_interval

    purchases, sessions = (a[0] for a in _aa_arrays(DEFAULT_SEED, n_tests=1))
    low, high = _ratio_function()(purchases[0], sessions[0], purchases[1], sessions[1])
    group = np.repeat([0, 1], AA_USERS)
    boot = bootstrap_interval(
        lambda y, n, g: y[g == 1].sum() / n[g == 1].sum() - y[g == 0].sum() / n[g == 0].sum(),
        purchases.ravel(), sessions.ravel(), group, strata=group, n_boot=500,
    )
    assert boot.se == pytest.approx((high - low) / (2 * stats.norm.ppf(0.975)), rel=0.15)


@pytest.mark.parametrize("setting", list(SETTINGS))
@pytest.mark.parametrize(
    ("kind", "words"),
    [("naive", "independent trial"), ("no_cov", "covariance"), ("reversed", "A - B"), ("per_user", "another metric")],
)
def test_ratio_interval_likely_mistakes_get_their_hint(setting, kind, words):
    c = SETTINGS[setting]()["ch07_ratio_interval"]
    assert words in _wrong("ch07_ratio_interval", None, _ratio_function(kind), c).message


def test_ratio_interval_broken_functions_get_feedback_not_exceptions():
    c = contexts()["ch07_ratio_interval"]
    assert "raised" in _wrong("ch07_ratio_interval", None, lambda *arrays: 1 / 0, c).message
    assert "two numbers" in _wrong("ch07_ratio_interval", None, lambda *arrays: 0.01, c).message
    assert "function" in _wrong("ch07_ratio_interval", None, (0.0, 0.01), c).message


def test_ratio_interval_rejects_arrays_that_are_not_the_lessons():
    purchases, sessions = _aa_arrays(DEFAULT_SEED, n_tests=1)
    with pytest.raises(ValueError, match="shape"):
        check.ch07_ratio_interval(_ratio_function(), purchases=purchases[0], sessions=sessions[0])


# --- exercise 6: sample-ratio mismatch ----------------------------------------------------------------


@pytest.mark.parametrize("setting", list(SETTINGS))
def test_srm_likely_mistakes_get_their_hint(setting):
    c = SETTINGS[setting]()["ch07_srm_pvalue"]
    right = _srm(c)
    assert "equal split" in _wrong("ch07_srm_pvalue", right, stats.chisquare(c["counts"]).pvalue, c).message
    result = stats.chisquare(c["counts"], f_exp=np.asarray(c["shares"]) * sum(c["counts"]))
    assert "statistic" in _wrong("ch07_srm_pvalue", right, result.statistic, c).message
    assert "degrees of freedom" in _wrong("ch07_srm_pvalue", right, stats.chi2.sf(result.statistic, 1), c).message


def test_srm_accepts_the_helper():
    from helpers.stats import srm_check

    c = contexts()["ch07_srm_pvalue"]
    assert check.ch07_srm_pvalue(srm_check(c["counts"], expected_shares=c["shares"]).p_value, **c)


# --- exercise 7: CUPED with the visits --------------------------------------------------------------


@pytest.mark.parametrize("setting", list(SETTINGS))
def test_cuped_likely_mistakes_get_their_hint(setting):
    c = SETTINGS[setting]()["ch07_cuped"]
    right = _cuped_regression(c)
    y, x, t = c["spend"], c["visits_before"], c["treated"]
    theta = np.cov(x, y)[0, 1] / np.var(x, ddof=1)
    name = "ch07_cuped"
    assert "plain difference" in _wrong(name, right, y[t].mean() - y[~t].mean(), c).message
    assert "not the correlation" in _wrong(name, right, _cuped_with(c, x, np.corrcoef(x, y)[0, 1]), c).message
    assert "not the outcome's" in _wrong(name, right, _cuped_with(c, x, np.cov(x, y)[0, 1] / np.var(y, ddof=1)), c).message
    assert "sign" in _wrong(name, right, _cuped_with(c, x, -theta), c).message
    spend_before = c["spend_before"]
    theta_spend = np.cov(spend_before, y)[0, 1] / np.var(spend_before, ddof=1)
    assert "spend before" in _wrong(name, right, _cuped_with(c, spend_before, theta_spend), c).message


def test_cuped_accepts_theta_with_the_other_variance_convention():
    c = contexts()["ch07_cuped"]
    y, x = c["spend"], c["visits_before"]
    theta = np.mean((x - x.mean()) * (y - y.mean())) / x.var()  # ddof 0 in both
    assert check.ch07_cuped(_cuped_with(c, x, theta), **c)


def test_cuped_cannot_judge_a_test_without_a_control_group():
    c = {**contexts()["ch07_cuped"], "treated": np.ones(CUPED_USERS, dtype=bool)}
    assert check.ch07_cuped(1.0, **c).status == "unjudged"


# --- exercise 8: difference-in-differences on a window ----------------------------------------------


@pytest.mark.parametrize("setting", list(SETTINGS))
def test_did_likely_mistakes_get_their_hint(setting):
    c = SETTINGS[setting]()["ch07_did_window"]
    right = _did(c)
    rates, b, a = c["rates"], c["before"], c["after"]
    change = rates.loc[a] - rates.loc[b]
    name = "ch07_did_window"
    assert "sign" in _wrong(name, right, -right, c).message
    assert "percentage points" in _wrong(name, right, 100 * right, c).message
    assert "alone" in _wrong(name, right, change["California"], c).message
    assert "levels" in _wrong(name, right, rates.loc[a, "California"] - rates.loc[a].drop("California").mean(), c).message
    assert "leave out" in _wrong(name, right, change["California"] - change.mean(), c).message
    example = rates.loc[4] - rates.loc[3]
    assert "example" in _wrong(name, right, example["California"] - example.drop("California").mean(), c).message


def test_did_cannot_judge_one_quarter_and_rejects_unknown_quarters():
    c = contexts()["ch07_did_window"]
    assert check.ch07_did_window(0.0, **{**c, "after": c["before"]}).status == "unjudged"
    with pytest.raises(ValueError, match="not a row"):
        check.ch07_did_window(0.0, **{**c, "after": 9})
    with pytest.raises(TypeError, match="table of rates"):
        check.ch07_did_window(0.0, **{**c, "rates": [1, 2, 3]})
