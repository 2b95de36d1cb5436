"""Checks of chapter 3: right answers pass under three parameter settings, likely wrong answers get their
own hint without the value (placeholders, wrong types and lists: test_exercises_contract.py).

The lesson's data are rebuilt here as chapters/03_evaluation.ipynb builds them, for the defaults and for
the settings of its parameter sweep (SEED = 7; CHURN_SHARE = 0.2), and every expected answer is
recomputed by another route than the check's: pandas' nlargest instead of a sort, statsmodels' Wilson
interval instead of helpers.stats, roc_auc_score instead of pair counting, DummyRegressor for the
baseline, cross_val_score instead of a loop over folds, a grid of confusion matrices and a paired
bootstrap (helpers.stats) instead of the standard-error formula.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
import pytest
from exercise_contract import spellings
from sklearn.datasets import load_diabetes, make_classification
from sklearn.dummy import DummyRegressor
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.metrics import confusion_matrix, f1_score, mean_absolute_error, roc_auc_score
from sklearn.model_selection import KFold, StratifiedKFold, cross_val_predict, cross_val_score, train_test_split
from statsmodels.stats.proportion import proportion_confint

from helpers import check
from helpers.stats import bootstrap_interval

NAMES = [
    "ch03_auc",
    "ch03_cv_mae",
    "ch03_median_mae",
    "ch03_offer_rule",
    "ch03_precision",
    "ch03_precision_interval",
    "ch03_profit_threshold",
]
SEQUENCE_ANSWERS = {"ch03_precision_interval": 2}  # (low, high)
OTHER_ANSWERS = {"ch03_offer_rule"}  # answered with a function

DEFAULTS = {"SEED": 42, "CHURN_SHARE": 0.1}
SETTINGS = [DEFAULTS, {**DEFAULTS, "SEED": 7}, {**DEFAULTS, "CHURN_SHARE": 0.2}]
IDS = ["defaults", "seed-7", "churn-0.2"]
N_CUSTOMERS, N_FRESH, TEST_SIZE, N_FOLDS, VALUE, COST, TOP_K, NEW_COST = 5_000, 20_000, 0.4, 5, 100, 10, 200, 25
BOOK_LABELS = np.array([0, 0, 0, 1, 0, 0, 1, 0, 1, 1])
BOOK_SCORES = np.array([0.1, 0.2, 0.4, 0.45, 0.5, 0.65, 0.7, 0.8, 0.85, 0.95])
GRID = np.round(np.arange(0.01, 1.0, 0.01), 2)


@lru_cache(maxsize=None)
def lesson(seed: int = 42, churn_share: float = 0.1) -> dict:
    """The notebook's data for one parameter setting (same steps, same seeds)."""
    X_all, y_all = make_classification(
        n_samples=N_CUSTOMERS + N_FRESH, n_features=10, n_informative=3, n_redundant=2,
        weights=[1 - churn_share, churn_share], flip_y=0.02, class_sep=1.0, random_state=seed,
    )
    X, y = X_all[:N_CUSTOMERS], y_all[:N_CUSTOMERS]
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=TEST_SIZE, stratify=y, random_state=seed)
    proba = LogisticRegression(random_state=seed).fit(X_train, y_train).predict_proba(X_test)[:, 1]
    cv = StratifiedKFold(n_splits=N_FOLDS, shuffle=True, random_state=seed)
    proba_valid = cross_val_predict(LogisticRegression(random_state=seed), X_train, y_train, cv=cv, method="predict_proba")[:, 1]
    X_reg, y_reg = load_diabetes(return_X_y=True, as_frame=True)
    Xr_train, Xr_test, yr_train, yr_test = train_test_split(X_reg, y_reg, test_size=TEST_SIZE, random_state=seed)
    return {
        "y_train": y_train, "y_test": y_test, "proba": proba, "proba_valid": proba_valid, "seed": seed,
        "Xr_train": Xr_train, "Xr_test": Xr_test, "yr_train": yr_train, "yr_test": yr_test,
    }


def case(setting: dict) -> dict:
    return lesson(setting["SEED"], setting["CHURN_SHARE"])


def context_for(name: str, setting: dict) -> dict:
    """The keyword arguments the notebook passes to check ``name`` under ``setting``."""
    c = case(setting)
    return {
        "ch03_precision": {"y_test": c["y_test"], "proba": c["proba"], "k": TOP_K},
        "ch03_precision_interval": {"y_test": c["y_test"], "proba": c["proba"], "k": TOP_K},
        "ch03_auc": {"labels": BOOK_LABELS, "scores": BOOK_SCORES},
        "ch03_median_mae": {"y_train": c["yr_train"], "y_test": c["yr_test"]},
        "ch03_cv_mae": {
            "X_train": c["Xr_train"], "y_train": c["yr_train"], "X_test": c["Xr_test"], "y_test": c["yr_test"],
            "n_splits": N_FOLDS, "seed": c["seed"],
        },
        "ch03_profit_threshold": {
            "y_valid": c["y_train"], "proba_valid": c["proba_valid"], "value": VALUE, "cost": NEW_COST, "old_cost": COST,
        },
        "ch03_offer_rule": {"proba": c["proba_valid"], "value": VALUE, "cost": COST},
    }[name]


@lru_cache(maxsize=1)
def contexts() -> dict[str, dict]:
    """For test_exercises_contract.py: every check's keyword arguments at the default parameters."""
    return {name: context_for(name, DEFAULTS) for name in NAMES}


def hides_right(name: str, right: object, wrong: object, context: dict):
    """Like exercise_contract.assert_wrong_answer_hides_right, for a check that takes the lesson's data."""
    feedback = getattr(check, name)(wrong, **context)
    assert feedback.status == "incorrect", feedback
    assert not feedback and feedback.message.strip(), feedback
    for spelling in spellings(right):
        assert spelling not in feedback.message, (name, spelling, feedback.message)
    return feedback


def test_the_chapter_has_these_exercises():
    assert check.exercises("ch03") == NAMES
    assert all(check.kind(name) == "code" for name in NAMES)


def test_the_default_case_matches_the_notebook():
    c = case(DEFAULTS)
    assert len(c["y_test"]) == 2_000 and c["y_test"].sum() == 221  # "221 test customers churn"
    assert round(float(np.mean(np.abs(c["yr_test"] - c["yr_train"].mean()))), 3) == 67.120  # the mean baseline's MAE


# --- exercises 1 and 2: precision of the 200 calls and its interval ----------------------------------------


def top_k_churners(c: dict, k: int = TOP_K) -> int:
    called = pd.Series(c["proba"]).nlargest(k).index
    return int(c["y_test"][called].sum())


@pytest.mark.parametrize("setting", SETTINGS, ids=IDS)
def test_precision(setting):
    context = context_for("ch03_precision", setting)
    right = top_k_churners(case(setting)) / TOP_K
    assert check.ch03_precision(right, **context)
    assert check.ch03_precision(np.float64(right), **context)
    assert check.ch03_precision(round(right, 2), **context)


def test_precision_follows_the_learners_data():
    """The issue's case: with CHURN_SHARE = 0.2 the right precision@k was judged against the defaults."""
    default, richer = DEFAULTS, {**DEFAULTS, "CHURN_SHARE": 0.2}
    right_default, right_richer = (top_k_churners(case(s)) / TOP_K for s in (default, richer))
    assert abs(right_default - right_richer) > 0.01
    assert check.ch03_precision(right_richer, **context_for("ch03_precision", richer))
    assert not check.ch03_precision(right_default, **context_for("ch03_precision", richer))


def test_precision_mistakes():
    c = case(DEFAULTS)
    context = context_for("ch03_precision", DEFAULTS)
    hits = top_k_churners(c)
    right = hits / TOP_K
    bottom = c["y_test"][np.argsort(c["proba"])[:TOP_K]].mean()
    assert "least likely" in hides_right("ch03_precision", right, bottom, context).message
    assert "number of churners" in hides_right("ch03_precision", right, hits, context).message
    assert "recall" in hides_right("ch03_precision", right, hits / c["y_test"].sum(), context).message
    assert "percentage" in hides_right("ch03_precision", right, right * 100, context).message
    hides_right("ch03_precision", right, right - 0.05, context)


def test_precision_with_tied_scores_accepts_either_order():
    y = np.array([1, 0, 1, 0, 0])
    p = np.array([0.9, 0.5, 0.5, 0.5, 0.1])  # the 2nd call is one of three tied customers
    assert check.ch03_precision(0.5, y_test=y, proba=p, k=2) and check.ch03_precision(1.0, y_test=y, proba=p, k=2)
    assert check.ch03_precision(0.5, y_test=y, proba=p, k=7).status == "unjudged"


@pytest.mark.parametrize("setting", SETTINGS, ids=IDS)
def test_precision_interval(setting):
    context = context_for("ch03_precision_interval", setting)
    right = proportion_confint(top_k_churners(case(setting)), TOP_K, alpha=0.05, method="wilson")
    assert check.ch03_precision_interval(right, **context)
    assert check.ch03_precision_interval(np.array(right), **context)
    assert check.ch03_precision_interval([round(v, 3) for v in right], **context)
    assert "true precision" in check.ch03_precision_interval(right, **context).message  # not next month's count


def test_precision_interval_mistakes():
    c = case(DEFAULTS)
    context = context_for("ch03_precision_interval", DEFAULTS)
    hits = top_k_churners(c)
    right = proportion_confint(hits, TOP_K, method="wilson")
    message = {wrong: hides_right("ch03_precision_interval", right, bounds, context).message for wrong, bounds in {
        "wald": proportion_confint(hits, TOP_K, method="normal"),
        "exact": proportion_confint(hits, TOP_K, method="beta"),
        "all customers": proportion_confint(hits, len(c["y_test"]), method="wilson"),
        "loyal": proportion_confint(TOP_K - hits, TOP_K, method="wilson"),
        "reversed": right[::-1],
        "percent": tuple(100 * v for v in right),
        "one number twice": (hits / TOP_K, hits / TOP_K),
        "wider": (right[0] - 0.03, right[1] + 0.03),
    }.items()}
    assert "Wald" in message["wald"] and "exact" in message["exact"]
    assert "all test customers" in message["all customers"] and "loyal" in message["loyal"]
    assert "lower bound" in message["reversed"] and "percentages" in message["percent"]
    assert "single share" in message["one number twice"] and "proportion_interval" in message["wider"]
    for wrong in [hits / TOP_K, (0.5, 0.6, 0.7), "0.8 to 0.9"]:
        assert "two numbers" in hides_right("ch03_precision_interval", right, wrong, context).message


# --- exercise 3: the book's ROC example -----------------------------------------------------------------


def test_auc():
    context = context_for("ch03_auc", DEFAULTS)
    fixed = np.where(BOOK_SCORES == 0.8, 0.3, BOOK_SCORES)
    right = roc_auc_score(BOOK_LABELS, fixed)
    assert check.ch03_auc(right, **context) and check.ch03_auc(round(right, 3), **context)
    assert "before the change" in hides_right("ch03_auc", right, roc_auc_score(BOOK_LABELS, BOOK_SCORES), context).message
    assert "wrongly" in hides_right("ch03_auc", right, 1 - right, context).message
    assert "percentage" in hides_right("ch03_auc", right, right * 100, context).message


def test_auc_follows_the_scores_it_is_given():
    labels, scores = [0, 1, 0, 1], [0.8, 0.7, 0.2, 0.9]  # after the change: 0.3, 0.7, 0.2, 0.9 -> perfectly ranked
    assert check.ch03_auc(1.0, labels=labels, scores=scores)
    assert check.ch03_auc(0.5, labels=[0, 1, 1], scores=[0.2, 0.4, 0.9]).status == "unjudged"  # no negative at 0.8


def test_auc_needs_the_lessons_arrays():
    with pytest.raises(ValueError, match="0/1 labels"):
        check.ch03_auc(0.9, labels=[0, 2, 1], scores=[0.1, 0.8, 0.9])
    with pytest.raises(ValueError, match="one probability per label"):
        check.ch03_auc(0.9, labels=BOOK_LABELS, scores=BOOK_SCORES[:-1])


# --- exercise 4: the median baseline ---------------------------------------------------------------------


@pytest.mark.parametrize("setting", SETTINGS, ids=IDS)
def test_median_mae(setting):
    c = case(setting)
    baseline = DummyRegressor(strategy="median").fit(c["Xr_train"], c["yr_train"])
    right = mean_absolute_error(c["yr_test"], baseline.predict(c["Xr_test"]))
    assert check.ch03_median_mae(right, **context_for("ch03_median_mae", setting))
    assert check.ch03_median_mae(round(right, 2), **context_for("ch03_median_mae", setting))


def test_median_mae_praise_says_whether_the_gain_over_the_mean_baseline_is_noise():
    """A right answer is told whether the median baseline beats the mean baseline beyond a paired interval."""
    from scipy import stats

    c = case(DEFAULTS)
    test, train = c["yr_test"].to_numpy(), c["yr_train"].to_numpy()
    right = mean_absolute_error(test, np.full(len(test), np.median(train)))
    per_patient = np.abs(test - np.median(train)) - np.abs(test - train.mean())
    low, high = stats.t.interval(0.95, len(test) - 1, loc=per_patient.mean(), scale=stats.sem(per_patient))
    assert low < 0 < high  # a t interval agrees: inside the noise at the defaults
    feedback = check.ch03_median_mae(right, **context_for("ch03_median_mae", DEFAULTS))
    assert feedback and "contains 0" in feedback.message and "do not call the median better" in feedback.message
    assert f"{per_patient.mean():+.1f}" in feedback.message
    for spelling in spellings(right):  # the praise gives a difference, rounded so that it cannot rebuild the answer
        assert spelling not in feedback.message
    rng = np.random.default_rng(0)
    skewed_train, skewed_test = rng.exponential(50, 2_000), rng.exponential(50, 2_000)  # median far below the mean
    right = float(np.mean(np.abs(skewed_test - np.median(skewed_train))))
    feedback = check.ch03_median_mae(right, y_train=skewed_train, y_test=skewed_test)
    assert feedback and "excludes 0" in feedback.message


def test_median_mae_mistakes():
    c = case(DEFAULTS)
    context = context_for("ch03_median_mae", DEFAULTS)
    test, train = c["yr_test"].to_numpy(), c["yr_train"].to_numpy()
    right = mean_absolute_error(test, np.full(len(test), np.median(train)))
    median_of_test = mean_absolute_error(test, np.full(len(test), np.median(test)))
    assert abs(median_of_test - right) < 0.05  # the issue: 66.71 against 66.75 passed a tolerance of 0.05
    assert "median of the test targets" in hides_right("ch03_median_mae", right, median_of_test, context).message
    mean_baseline = mean_absolute_error(test, np.full(len(test), train.mean()))
    assert "mean baseline" in hides_right("ch03_median_mae", right, mean_baseline, context).message
    median_error = float(np.median(np.abs(test - np.median(train))))
    assert "their mean" in hides_right("ch03_median_mae", right, median_error, context).message
    hides_right("ch03_median_mae", right, right + 1, context)


# --- exercise 5: cross-validated MAE ---------------------------------------------------------------------


def cv_mae(c: dict, **kfold) -> float:
    folds = KFold(n_splits=N_FOLDS, **kfold)
    return float(-cross_val_score(LinearRegression(), c["Xr_train"], c["yr_train"], cv=folds, scoring="neg_mean_absolute_error").mean())


@pytest.mark.parametrize("setting", SETTINGS, ids=IDS)
def test_cv_mae(setting):
    c = case(setting)
    right = cv_mae(c, shuffle=True, random_state=c["seed"])
    assert check.ch03_cv_mae(right, **context_for("ch03_cv_mae", setting))


def test_cv_mae_accepts_the_pooled_out_of_fold_mae():
    c = case(DEFAULTS)
    context = {**context_for("ch03_cv_mae", DEFAULTS), "n_splits": 4}  # 265 rows: folds of unequal size
    folds = KFold(n_splits=4, shuffle=True, random_state=42)
    by_fold = -cross_val_score(LinearRegression(), c["Xr_train"], c["yr_train"], cv=folds, scoring="neg_mean_absolute_error").mean()
    pooled = mean_absolute_error(c["yr_train"], cross_val_predict(LinearRegression(), c["Xr_train"], c["yr_train"], cv=folds))
    assert abs(by_fold - pooled) > 1e-9
    assert check.ch03_cv_mae(by_fold, **context) and check.ch03_cv_mae(pooled, **context)


def test_cv_mae_mistakes():
    c = case(DEFAULTS)
    context = context_for("ch03_cv_mae", DEFAULTS)
    right = cv_mae(c, shuffle=True, random_state=42)
    fitted = LinearRegression().fit(c["Xr_train"], c["yr_train"])
    wrong = {
        "sign": -right,
        "in sample": mean_absolute_error(c["yr_train"], fitted.predict(c["Xr_train"])),
        "test": mean_absolute_error(c["yr_test"], fitted.predict(c["Xr_test"])),
        "blocks": cv_mae(c),
    }
    message = {k: hides_right("ch03_cv_mae", right, v, context).message for k, v in wrong.items()}
    assert "flip the sign" in message["sign"] and "fitted on" in message["in sample"]
    assert "test-set MAE" in message["test"] and "consecutive rows" in message["blocks"]
    assert "shuffle=True" in hides_right("ch03_cv_mae", right, cv_mae(c, shuffle=True, random_state=0), context).message


def test_cv_mae_cannot_judge_impossible_folds():
    context = {**context_for("ch03_cv_mae", DEFAULTS), "n_splits": 1}
    assert check.ch03_cv_mae(40.0, **context).status == "unjudged"


# --- exercise 6: the threshold for a pricier offer ---------------------------------------------------------


def grid_profits(y, proba, cost: float) -> np.ndarray:
    """Profit at every grid threshold, from scikit-learn's confusion matrix."""
    profits = []
    for t in GRID:
        _tn, fp, _fn, tp = confusion_matrix(y, proba >= t, labels=[0, 1]).ravel()
        profits.append(tp * (VALUE - cost) - fp * cost)
    return np.array(profits)


def offer_profits(y, proba, threshold, cost):
    return np.where(proba >= threshold, np.where(y == 1, VALUE - cost, -cost), 0)


@pytest.mark.parametrize("setting", SETTINGS, ids=IDS)
def test_profit_threshold(setting):
    c = case(setting)
    context = context_for("ch03_profit_threshold", setting)
    profits = grid_profits(c["y_train"], c["proba_valid"], NEW_COST)
    for right in GRID[profits == profits.max()]:
        assert check.ch03_profit_threshold(float(right), **context)
        assert check.ch03_profit_threshold(np.float64(right), **context)


def test_profit_threshold_accepts_p_star_at_30_dollars():
    """The issue's case: at a $30 offer, 0.30 (the optimum for calibrated probabilities) is within noise."""
    context = {**context_for("ch03_profit_threshold", DEFAULTS), "cost": 30}
    assert check.ch03_profit_threshold(0.30, **context)
    c = case(DEFAULTS)
    profits = grid_profits(c["y_train"], c["proba_valid"], 30)
    assert profits[GRID == 0.3][0] < profits.max()  # not the best on these customers, but within noise


@pytest.mark.parametrize("setting", SETTINGS, ids=IDS)
def test_profit_threshold_accepts_exactly_the_thresholds_within_noise(setting):
    """Within noise: the break-even rate lies in the Wilson interval of the customers between the two thresholds."""
    c = case(setting)
    context = context_for("ch03_profit_threshold", setting)
    y, p = c["y_train"], c["proba_valid"]
    profits = grid_profits(y, p, NEW_COST)
    best = GRID[np.argmax(profits)]
    accepted = []
    for t, profit in zip(GRID, profits):
        between = (p >= min(t, best)) & (p < max(t, best))
        low, high = proportion_confint(y[between].sum(), between.sum(), method="wilson") if between.any() else (0, 1)
        expected = profit >= profits.max() or low <= NEW_COST / VALUE <= high
        assert bool(check.ch03_profit_threshold(float(t), **context)) == expected, (t, low, high)
        accepted.append(expected)
    assert 3 <= sum(accepted) < len(GRID) / 2  # a band around the best, not everything


def test_profit_threshold_noise_band_at_the_default_seed():
    c = case(DEFAULTS)
    context = context_for("ch03_profit_threshold", DEFAULTS)
    accepted = [t for t in GRID if check.ch03_profit_threshold(float(t), **context)]
    assert (min(accepted), max(accepted), len(accepted)) == (0.22, 0.33, 12)
    assert check.ch03_profit_threshold(NEW_COST / VALUE, **context)  # p* = cost / value is within noise here
    assert check.ch03_profit_threshold(0.2549, **context) and not check.ch03_profit_threshold(0.5, **context)
    lead = bootstrap_interval(  # the paired bootstrap agrees that 0.5 earns clearly less than the best threshold
        lambda y, p: float((offer_profits(y, p, 0.25, NEW_COST) - offer_profits(y, p, 0.5, NEW_COST)).sum()),
        c["y_train"], c["proba_valid"], n_boot=300, seed=1,
    )
    assert lead.excludes(0)


def test_profit_threshold_mistakes():
    c = case(DEFAULTS)
    context = context_for("ch03_profit_threshold", DEFAULTS)
    y, p = c["y_train"], c["proba_valid"]
    right = float(GRID[np.argmax(grid_profits(y, p, NEW_COST))])
    old = float(GRID[np.argmax(grid_profits(y, p, COST))])
    assert "old offer cost" in hides_right("ch03_profit_threshold", right, old, context).message
    assert "default cut-off" in hides_right("ch03_profit_threshold", right, 0.5, context).message
    assert "break-even rate" in hides_right("ch03_profit_threshold", right, 0.8, context).message
    for outside in (0, 1, 1.5, -0.2):
        assert "between 0 and 1" in hides_right("ch03_profit_threshold", right, outside, context).message


def test_profit_threshold_names_the_f1_threshold():
    rng = np.random.default_rng(0)
    p = rng.random(3_000) ** 2
    y = (rng.random(3_000) < p).astype(int)  # calibrated: the best threshold for a $1 offer is near 0.01
    f1_best = float(GRID[np.argmax([f1_score(y, p >= t) for t in GRID])])
    context = {"y_valid": y, "proba_valid": p, "value": 100, "cost": 1, "old_cost": 90}
    feedback = check.ch03_profit_threshold(f1_best, **context)
    assert feedback.status == "incorrect" and "F1" in feedback.message
    assert check.ch03_profit_threshold(0.01, **context)


def test_profit_threshold_cannot_judge_offers_that_cost_more_than_a_customer():
    context = {**context_for("ch03_profit_threshold", DEFAULTS), "cost": 120}
    assert check.ch03_profit_threshold(0.5, **context).status == "unjudged"


# --- exercise 7: the decision rule -------------------------------------------------------------------


def rule(proba, value, cost):
    return proba * value > cost


def rule_as_integers(proba, value, cost):
    return [int(p >= cost / value) for p in proba]


@pytest.mark.parametrize("setting", SETTINGS, ids=IDS)
@pytest.mark.parametrize("function", [rule, rule_as_integers])
def test_offer_rule(setting, function):
    assert check.ch03_offer_rule(function, **context_for("ch03_offer_rule", setting))


def test_offer_rule_mistakes():
    context = context_for("ch03_offer_rule", DEFAULTS)

    def message(function):
        feedback = check.ch03_offer_rule(function, **context)
        assert feedback.status == "incorrect", feedback
        return feedback.message

    assert "0.5" in message(lambda p, v, c: p >= 0.5)
    assert "churners too" in message(lambda p, v, c: p * v > (1 - p) * c)
    assert "flip the comparison" in message(lambda p, v, c: p * v < c)
    assert "other prices" in message(lambda p, v, c: p > 0.1)
    assert "disagrees" in message(lambda p, v, c: p > 0.9 * c / v)
    assert "raised ZeroDivisionError" in message(lambda p, v, c: 1 / 0)
    assert "one True/False per customer" in message(lambda p, v, c: True)
    assert "one True/False per customer" in message(lambda p, v, c: (p * v > c)[:-1])
    assert "one True/False per customer" in message(lambda p, v, c: p * v - c)
    assert "expected a function" in message(0.1)


def test_offer_rule_leaves_the_learners_data_alone():
    context = context_for("ch03_offer_rule", DEFAULTS)
    before = context["proba"].copy()

    def in_place(proba, value, cost):
        proba *= value
        return proba > cost

    assert check.ch03_offer_rule(in_place, **context)
    assert np.array_equal(context["proba"], before)
