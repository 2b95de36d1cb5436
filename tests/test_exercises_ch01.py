"""Checks of chapter 1: right answers pass under two parameter settings, likely wrong answers get their
own hint without the value (placeholders, wrong types and lists: test_exercises_contract.py).

The lesson's data are rebuilt here as the notebook builds them (split, rule chosen on the training
records, logistic regression, expected-saving decision), for the defaults and for other settings, and
every expected answer is recomputed by another route than the check's (root finding, statsmodels,
pandas) so that a slip in the check would show.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pandas as pd
import pytest
from exercise_contract import assert_wrong_answer_hides_right
from scipy.optimize import brentq
from scipy.stats import norm

from helpers import check

NAMES = [
    "ch01_best_fit",
    "ch01_sharper_rule",
    "ch01_break_even",
    "ch01_success_break_even",
    "ch01_ab_size",
    "ch01_detectable_drop",
]
OTHER_ANSWERS = {"ch01_detectable_drop"}  # answered with a function

DEFAULTS = {"SEED": 42, "TEST_SIZE": 0.3, "INTERVENTION_SUCCESS": 0.25}
SETTINGS = [DEFAULTS, {**DEFAULTS, "SEED": 7}, {**DEFAULTS, "INTERVENTION_SUCCESS": 0.15}]
IDS = ["defaults", "seed-7", "success-0.15"]
HEADCOUNT, REPLACEMENT_MONTHS, INTERVENTION_COST, HOURLY_RATE = 1_470, 6, 1_500, 100
RUNNING = pd.Series({"do nothing": 0, "interview everyone": 0, "rule": 1 * HOURLY_RATE, "model": 10 * HOURLY_RATE + 200})
ALPHA, POWER, GOLD_SIZE = 0.05, 0.8, 150


@lru_cache(maxsize=None)
def case(seed: int = 42, test_size: float = 0.3, success: float = 0.25) -> dict:
    """The notebook's held-out data, rule and model lists for one parameter setting."""
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    from helpers.data import load_ibm_attrition

    df = load_ibm_attrition(verbose=False)
    y = df["Attrition"].astype(int)
    X = df.drop(columns=["Attrition", "EmployeeCount", "Over18", "StandardHours", "EmployeeNumber"])
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=test_size, stratify=y, random_state=seed)
    prices = {"headcount": HEADCOUNT, "replacement_months": REPLACEMENT_MONTHS,
              "intervention_cost": INTERVENTION_COST, "intervention_success": success}

    candidates = {
        "works overtime": lambda d: d["OverTime"],
        "job level 1 (most junior)": lambda d: d["JobLevel"] == 1,
        "single": lambda d: d["MaritalStatus"] == "Single",
        "younger than 30": lambda d: d["Age"] < 30,
        "no stock options": lambda d: d["StockOptionLevel"] == 0,
        "2 years or less at the company": lambda d: d["YearsAtCompany"] <= 2,
        "travels frequently": lambda d: d["BusinessTravel"] == "Travel_Frequently",
    }
    best = max(candidates, key=lambda name: net_value(candidates[name](X_train), X_train, y_train, prices, RUNNING["rule"]))
    numeric = X.select_dtypes("number").columns.tolist()
    preprocess = ColumnTransformer([
        ("num", StandardScaler(), numeric),
        ("cat", OneHotEncoder(handle_unknown="ignore"), [c for c in X.columns if c not in numeric]),
    ])
    model = make_pipeline(preprocess, LogisticRegression(max_iter=1_000)).fit(X_train, y_train)
    proba = model.predict_proba(X_test)[:, 1]
    model_flag = proba * success * REPLACEMENT_MONTHS * X_test["MonthlyIncome"].to_numpy() > INTERVENTION_COST
    return {
        "X_test": X_test, "y_test": y_test, "prices": prices, "running_per_month": RUNNING,
        "rule_flag": candidates[best](X_test).to_numpy(dtype=bool), "model_flag": np.asarray(model_flag),
        "X_train": X_train, "y_train": y_train, "preprocess": preprocess, "proba": proba, "seed": seed,
    }


def net_value(flag, X, y, prices, running_per_month, *, success=None):
    """Yearly net value for the company, with pandas (the notebook's yearly_value)."""
    table = pd.DataFrame({"flag": np.asarray(flag, dtype=bool), "left": np.asarray(y) == 1,
                          "income": X["MonthlyIncome"].to_numpy()})
    success = prices["intervention_success"] if success is None else success
    reached = table[table["flag"] & table["left"]]
    per_held_out = success * prices["replacement_months"] * reached["income"].sum() - prices["intervention_cost"] * table["flag"].sum()
    return per_held_out * prices["headcount"] / len(table) - 12 * running_per_month


def settings_case(setting: dict) -> dict:
    return case(setting["SEED"], setting["TEST_SIZE"], setting["INTERVENTION_SUCCESS"])


@lru_cache(maxsize=1)
def _gold_se() -> float:
    """The paired standard error of v2's gold-set AUC drop, as the notebook computes it (fewer resamples)."""
    from sklearn.base import clone
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.pipeline import make_pipeline

    from helpers.stats import bootstrap_interval

    c = case()
    rng = np.random.default_rng(42)
    gold = rng.choice(c["X_test"].index.to_numpy(), size=GOLD_SIZE, replace=False)
    X_gold, y_gold = c["X_test"].loc[gold], c["y_test"].loc[gold].to_numpy()
    fit = lambda X: make_pipeline(clone(c["preprocess"]), LogisticRegression(max_iter=1_000)).fit(X, c["y_train"])  # noqa: E731
    p1 = fit(c["X_train"]).predict_proba(X_gold)[:, 1]
    p2 = fit(c["X_train"].assign(OverTime=False)).predict_proba(X_gold)[:, 1]
    drop = bootstrap_interval(lambda y, a, b: roc_auc_score(y, a) - roc_auc_score(y, b), y_gold, p1, p2,
                              n_boot=200, seed=42, strata=y_gold)
    return drop.se


@lru_cache(maxsize=1)
def contexts() -> dict[str, dict]:
    """The keyword arguments of every check, as the notebook passes them at the default parameters."""
    c = case()
    held_out = {"X_test": c["X_test"], "y_test": c["y_test"], "prices": c["prices"], "running_per_month": c["running_per_month"]}
    return {
        "ch01_best_fit": {},
        "ch01_sharper_rule": {"X_train": c["X_train"], "y_train": c["y_train"], **held_out},
        "ch01_break_even": {**held_out, "rule_flag": c["rule_flag"], "model_flag": c["model_flag"]},
        "ch01_success_break_even": {**held_out, "model_flag": c["model_flag"]},
        "ch01_ab_size": {"y_test": c["y_test"], "model_flag": c["model_flag"], "prices": c["prices"], "alpha": ALPHA, "power": POWER},
        "ch01_detectable_drop": {"gold_se": _gold_se(), "gold_size": GOLD_SIZE, "alpha": ALPHA, "power": POWER},
    }


def context_for(name: str, setting: dict) -> dict:
    c = settings_case(setting)
    wanted = contexts()[name]
    return {k: (c[k] if k in c else wanted[k]) for k in wanted}


def test_the_chapter_has_these_exercises():
    assert check.exercises("ch01") == sorted(NAMES)
    assert [n for n in NAMES if check.kind(n) == "code"] == NAMES[1:]
    assert check.kind("ch01_best_fit") == "choice"


def test_the_default_case_matches_the_notebook():
    c = case()
    assert len(c["y_test"]) == 441 and c["y_test"].sum() == 71
    assert c["rule_flag"].sum() == 114 and c["model_flag"].sum() == 95
    assert round(net_value(c["rule_flag"], c["X_test"], c["y_test"], c["prices"], 100)) == 176_055
    assert round(net_value(c["model_flag"], c["X_test"], c["y_test"], c["prices"], 1_200)) == 316_460


def test_best_fit():
    assert check.ch01_best_fit("b")
    assert check.ch01_best_fit(" B ")
    assert "errors are not tolerable" in assert_wrong_answer_hides_right("ch01_best_fit", "b", "a").message
    assert "a simple rule already does the job" in assert_wrong_answer_hides_right("ch01_best_fit", "b", " C").message
    assert "not one of the options" in check.ch01_best_fit("yes").message
    assert check.ch01_best_fit("d").status == "incorrect"


# --- exercise 2 -------------------------------------------------------------------------------------


def _sharper(c, level=2, part="train"):
    X = c[f"X_{part}"]
    return (X["OverTime"] & (X["JobLevel"] >= level)).to_numpy()


@pytest.mark.parametrize("setting", SETTINGS, ids=IDS)
def test_sharper_rule_right_answer(setting):
    c, ctx = settings_case(setting), context_for("ch01_sharper_rule", setting)
    right = net_value(_sharper(c), c["X_train"], c["y_train"], c["prices"], RUNNING["rule"])
    assert check.ch01_sharper_rule(right, **ctx)
    assert check.ch01_sharper_rule(round(right), **ctx)
    assert check.ch01_sharper_rule(np.float64(right + 0.5), **ctx)


@pytest.mark.parametrize("setting", SETTINGS[:2], ids=IDS[:2])
def test_sharper_rule_wrong_answers(setting):
    c, ctx = settings_case(setting), context_for("ch01_sharper_rule", setting)
    X, y, p = c["X_train"], c["y_train"], c["prices"]
    right = net_value(_sharper(c), X, y, p, RUNNING["rule"])
    wrong = {
        "value on the held-out employees": net_value(_sharper(c, part="test"), c["X_test"], c["y_test"], p, RUNNING["rule"]),
        "running cost": net_value(_sharper(c), X, y, p, 0),
        "scales it to the whole company": net_value(_sharper(c), X, y, {**p, "headcount": len(X)}, RUNNING["rule"]),
        "plain overtime rule": net_value(X["OverTime"], X, y, p, RUNNING["rule"]),
        "also drops level-2": net_value(_sharper(c, level=3), X, y, p, RUNNING["rule"]),
        "build a True/False mask": right + 50_000,
    }
    for phrase, answer in wrong.items():
        assert phrase in assert_wrong_answer_hides_right("ch01_sharper_rule", right, answer, **ctx).message


def test_sharper_rule_is_not_the_held_out_value():
    """The right answer is judged on the training records, and is printed nowhere in the notebook."""
    c = case()
    on_train = net_value(_sharper(c), c["X_train"], c["y_train"], c["prices"], RUNNING["rule"])
    on_test = net_value(_sharper(c, part="test"), c["X_test"], c["y_test"], c["prices"], RUNNING["rule"])
    assert abs(on_train - on_test) > 1_000
    assert not check.ch01_sharper_rule(on_test, **contexts()["ch01_sharper_rule"])


# --- exercise 3 -------------------------------------------------------------------------------------


def _break_even(c):
    """The monthly running cost at which model and rule earn the same, found by root finding."""
    X, y, p = c["X_test"], c["y_test"], c["prices"]
    rule = net_value(c["rule_flag"], X, y, p, RUNNING["rule"])
    return brentq(lambda cost: net_value(c["model_flag"], X, y, p, cost) - rule, -1e7, 1e7, xtol=1e-6)


@pytest.mark.parametrize("setting", SETTINGS, ids=IDS)
def test_break_even_right_answer(setting):
    c, ctx = settings_case(setting), context_for("ch01_break_even", setting)
    right = _break_even(c)
    assert right > 0
    assert check.ch01_break_even(right, **ctx)
    assert check.ch01_break_even(np.float64(right + 0.5), **ctx)


@pytest.mark.parametrize("setting", SETTINGS[:2], ids=IDS[:2])
def test_break_even_wrong_answers(setting):
    c, ctx = settings_case(setting), context_for("ch01_break_even", setting)
    right = _break_even(c)
    wrong = {
        "yearly amount": 12 * right,
        "the rule is not free": right - RUNNING["rule"],
        "today's running cost": right - RUNNING["model"],
        "divide the difference by 12": right / 2,
    }
    for phrase, answer in wrong.items():
        assert phrase in assert_wrong_answer_hides_right("ch01_break_even", right, answer, **ctx).message


def test_break_even_cannot_be_judged_when_the_rule_wins_for_free():
    ctx = dict(contexts()["ch01_break_even"])
    ctx["model_flag"], ctx["rule_flag"] = ctx["rule_flag"], ctx["model_flag"]  # a worse "model"
    ctx["prices"] = {**ctx["prices"], "intervention_success": 0.05}
    feedback = check.ch01_break_even(1_000.0, **ctx)
    assert feedback.status == "unjudged" and "no break-even" in feedback.message


# --- exercise 4 -------------------------------------------------------------------------------------


def _success_break_even(c):
    X, y, p = c["X_test"], c["y_test"], c["prices"]
    return brentq(lambda s: net_value(c["model_flag"], X, y, p, RUNNING["model"], success=s), 0, 1, xtol=1e-12)


@pytest.mark.parametrize("setting", SETTINGS, ids=IDS)
def test_success_break_even_right_answer(setting):
    c, ctx = settings_case(setting), context_for("ch01_success_break_even", setting)
    right = _success_break_even(c)
    assert 0 < right < setting["INTERVENTION_SUCCESS"]  # the model's list pays for itself at the assumed rate
    assert check.ch01_success_break_even(right, **ctx)
    assert check.ch01_success_break_even(round(right, 4), **ctx)


@pytest.mark.parametrize("setting", SETTINGS[:2], ids=IDS[:2])
def test_success_break_even_wrong_answers(setting):
    c, ctx = settings_case(setting), context_for("ch01_success_break_even", setting)
    X, y, p = c["X_test"], c["y_test"], c["prices"]
    right = _success_break_even(c)
    no_running = brentq(lambda s: net_value(c["model_flag"], X, y, p, 0, success=s), 0, 1, xtol=1e-12)
    unscaled = brentq(lambda s: net_value(c["model_flag"], X, y, {**p, "headcount": len(X)}, RUNNING["model"], success=s),
                      0, 5, xtol=1e-12)
    wrong = {
        "running cost has to be paid": no_running,
        "scaled to the whole company": unscaled,
        "already assumes today's success rate": right / setting["INTERVENTION_SUCCESS"],
        "almost: that looks like a percentage": 100 * right,
        "Set it to 0 and solve": right + 0.05,
    }
    for phrase, answer in wrong.items():
        assert phrase in assert_wrong_answer_hides_right("ch01_success_break_even", right, answer, **ctx).message


def test_success_break_even_cannot_be_judged_without_a_leaver_on_the_list():
    ctx = dict(contexts()["ch01_success_break_even"])
    ctx["model_flag"] = ~(ctx["y_test"].to_numpy() == 1)  # only stayers
    assert check.ch01_success_break_even(0.2, **ctx).status == "unjudged"


# --- exercise 5 -------------------------------------------------------------------------------------


def _rates(c, success=None):
    left = c["y_test"].to_numpy() == 1
    success = c["prices"]["intervention_success"] if success is None else success
    return left.mean(), (left.sum() - success * (c["model_flag"] & left).sum()) / len(left)


def _per_arm(c, alpha=ALPHA, success=None):
    """Employees per arm with statsmodels' arcsine formula (the check uses the pooled z-test formula)."""
    from statsmodels.stats.power import NormalIndPower
    from statsmodels.stats.proportion import proportion_effectsize

    effect = proportion_effectsize(*_rates(c, success))
    return NormalIndPower().solve_power(effect_size=effect, alpha=alpha, power=POWER, ratio=1.0)


@pytest.mark.parametrize("setting", SETTINGS, ids=IDS)
def test_ab_size_right_answer(setting):
    from helpers.stats import sample_size_two_proportions

    c, ctx = settings_case(setting), context_for("ch01_ab_size", setting)
    arcsine = _per_arm(c)
    pooled = sample_size_two_proportions(*_rates(c), alpha=ALPHA, power=POWER)
    assert abs(pooled - arcsine) < 0.005 * pooled  # both formulas are accepted
    assert pooled > HEADCOUNT // 2  # more than the company can give an arm
    assert check.ch01_ab_size(pooled, **ctx)
    assert check.ch01_ab_size(math.ceil(arcsine), **ctx)
    assert check.ch01_ab_size(arcsine, **ctx)


@pytest.mark.parametrize("setting", SETTINGS[:2], ids=IDS[:2])
def test_ab_size_wrong_answers(setting):
    c, ctx = settings_case(setting), context_for("ch01_ab_size", setting)
    right = _per_arm(c)
    wrong = {
        "counts both arms": 2 * right,
        "every interviewed leaver stays": _per_arm(c, success=1.0),
        "one-sided": _per_arm(c, alpha=2 * ALPHA),
        "sample_size_two_proportions": right / 3,
    }
    for phrase, answer in wrong.items():
        assert phrase in assert_wrong_answer_hides_right("ch01_ab_size", right, answer, **ctx).message


def test_ab_size_cannot_be_judged_without_an_effect():
    ctx = dict(contexts()["ch01_ab_size"])
    ctx["prices"] = {**ctx["prices"], "intervention_success": 0.0}
    assert check.ch01_ab_size(3_000, **ctx).status == "unjudged"


# --- exercise 6 -------------------------------------------------------------------------------------


def _right_drop(alpha=ALPHA, power=POWER):
    z = norm.isf(alpha / 2) + norm.isf(1 - power)

    def detectable_drop(se, n, n_new):
        return z * se / math.sqrt(n_new / n)

    return detectable_drop


@pytest.mark.parametrize(("alpha", "power"), [(ALPHA, POWER), (0.1, 0.9)])
def test_detectable_drop_right_function(alpha, power):
    ctx = {**contexts()["ch01_detectable_drop"], "alpha": alpha, "power": power}
    assert check.ch01_detectable_drop(_right_drop(alpha, power), **ctx)
    ctx["gold_se"], ctx["gold_size"] = 0.041, 300  # another lesson setting
    assert check.ch01_detectable_drop(_right_drop(alpha, power), **ctx)
    if (alpha, power) == (ALPHA, POWER):  # the textbook constants 1.96 and 0.84 are close enough
        assert check.ch01_detectable_drop(lambda se, n, n_new: (1.96 + 0.84) * se * (n / n_new) ** 0.5, **ctx)


def test_detectable_drop_wrong_functions():
    ctx = contexts()["ch01_detectable_drop"]
    right = _right_drop()(ctx["gold_se"], GOLD_SIZE, GOLD_SIZE)
    z2, z1, zp = norm.isf(ALPHA / 2), norm.isf(ALPHA), norm.isf(1 - POWER)
    wrong = {
        "only half the time": lambda se, n, new: z2 * se * math.sqrt(n / new),
        "two-sided": lambda se, n, new: (z1 + zp) * se * math.sqrt(n / new),
        "smaller detectable drop": lambda se, n, new: (z2 + zp) * se * math.sqrt(new / n),
        "not in proportion": lambda se, n, new: (z2 + zp) * se * n / new,
        "depend on n_new": lambda se, n, new: (z2 + zp) * se,
        "write a function detectable_drop": lambda se, n, new: 0.05,
        "raised ZeroDivisionError": lambda se, n, new: se / 0,
        "one finite number": lambda se, n, new: None,
        "expected a function": 0.085,
    }
    for phrase, answer in wrong.items():
        assert phrase in assert_wrong_answer_hides_right("ch01_detectable_drop", right, answer, **ctx).message


def test_checks_reject_the_wrong_objects_with_a_clear_message():
    ctx = dict(contexts()["ch01_sharper_rule"])
    with pytest.raises(ValueError, match="prices lacks"):
        check.ch01_sharper_rule(1.0, **{**ctx, "prices": {"headcount": 1_470}})
    with pytest.raises(ValueError, match="one outcome per held-out employee"):
        check.ch01_sharper_rule(1.0, **{**ctx, "y_test": ctx["y_test"].iloc[:10]})
    with pytest.raises(ValueError, match="y_train must have one outcome per training employee"):
        check.ch01_sharper_rule(1.0, **{**ctx, "y_train": ctx["y_train"].iloc[:10]})
    with pytest.raises(ValueError, match="model_flag"):
        check.ch01_success_break_even(0.2, **{**contexts()["ch01_success_break_even"], "model_flag": [True, False]})
    with pytest.raises(ValueError, match="gold_se"):
        check.ch01_detectable_drop(_right_drop(), **{**contexts()["ch01_detectable_drop"], "gold_se": -1})
