"""The exercise checks of chapter 8 (helpers/exercises/ch08.py).

The right answers are recomputed here by other routes where one exists (an unpenalised scikit-learn
logistic regression on raw dollars instead of statsmodels on standard deviations, scikit-learn's
partial_dependence instead of two hand-made copies of the test set, the closed-form sample-size formula
instead of statsmodels' solver), from the same inputs as chapters/08_model_interpretation.ipynb.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from exercise_contract import assert_wrong_answer_hides_right
from scipy.stats import norm
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.inspection import partial_dependence
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

from helpers import check
from helpers.data import load_ibm_attrition

SEED = 42
NAMES = ["ch08_experiment_size", "ch08_income_odds_ratio", "ch08_missed_leaver", "ch08_overtime_pd"]
NUMERIC = [
    "Age", "MonthlyIncome", "DistanceFromHome", "YearsAtCompany", "NumCompaniesWorked", "JobSatisfaction",
    "EnvironmentSatisfaction", "WorkLifeBalance", "StockOptionLevel", "TrainingTimesLastYear",
]
BINARY = ["OverTime", "MaritalStatus_Single", "BusinessTravel_Travel_Frequently"]


@pytest.fixture(scope="module")
def data():
    df = load_ibm_attrition(verbose=False)
    df = df.drop(columns=["EmployeeCount", "Over18", "StandardHours", "EmployeeNumber"])
    y = df["Attrition"].astype(int)
    X = pd.get_dummies(df.drop(columns="Attrition"), drop_first=True, dtype=float).astype(float)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, stratify=y, random_state=SEED)
    model = GradientBoostingClassifier(
        n_estimators=200, learning_rate=0.05, max_depth=3, subsample=0.8, random_state=SEED
    ).fit(X_train, y_train)
    return {"df": df, "X": X, "y": y, "X_train": X_train, "X_test": X_test, "y_train": y_train,
            "y_test": y_test, "model": model}


@pytest.fixture(scope="module")
def answers(data) -> dict[str, tuple[object, object]]:
    """For each exercise: (a right answer, a wrong answer)."""
    X_train, X_test, y_test, model = data["X_train"], data["X_test"], data["y_test"], data["model"]

    raw = LogisticRegression(C=np.inf, max_iter=10_000, tol=1e-10)  # no penalty
    scale = X_train[NUMERIC + BINARY].std()  # scaling only helps the solver; undone below
    raw.fit(X_train[NUMERIC + BINARY] / scale, data["y_train"])
    per_dollar = raw.coef_[0][(NUMERIC + BINARY).index("MonthlyIncome")] / scale["MonthlyIncome"]
    income_or = float(np.exp(1000 * per_dollar))

    pd_overtime = partial_dependence(model, X_test, ["OverTime"], method="brute", response_method="predict_proba")
    assert list(pd_overtime["grid_values"][0]) == [0.0, 1.0]
    overtime_gap = float(pd_overtime["average"][0][1] - pd_overtime["average"][0][0])

    with warnings.catch_warnings():  # shap's colour maps use matplotlib calls that are being deprecated
        warnings.filterwarnings("ignore", category=PendingDeprecationWarning)
        import shap

    proba = model.predict_proba(X_test)[:, 1]
    left = np.flatnonzero(y_test.to_numpy() == 1)
    missed = left[np.argmin(proba[left])]
    contributions = pd.Series(shap.TreeExplainer(model)(X_test).values[missed], index=X_test.columns)
    missed_feature = contributions.idxmin()
    other_feature = contributions.idxmax()

    p0 = float(data["y"][data["X"]["OverTime"] == 1].mean())
    h = 2 * math.asin(math.sqrt(p0)) - 2 * math.asin(math.sqrt(0.25))  # Cohen's h
    size = 2 * ((norm.ppf(0.975) + norm.ppf(0.8)) / h) ** 2  # per group: each arcsine mean has variance 1/n

    return {
        "ch08_income_odds_ratio": (income_or, income_or + 0.05),
        "ch08_overtime_pd": (overtime_gap, overtime_gap + 0.02),
        "ch08_missed_leaver": (missed_feature, other_feature),
        "ch08_experiment_size": (size, size / 2),
    }


def test_every_exercise_is_registered():
    assert check.exercises("ch08") == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_right_answer_is_correct(name, answers):
    right, _ = answers[name]
    feedback = getattr(check, name)(right)
    assert feedback.status == "correct", feedback


@pytest.mark.parametrize("name", NAMES)
def test_wrong_answer_is_incorrect_without_revealing_the_value(name, answers):
    right, wrong = answers[name]
    assert_wrong_answer_hides_right(name, right, wrong)


def test_numeric_checks_refuse_text(answers):
    assert check.ch08_income_odds_ratio("0.9").status in {"correct", "incorrect"}  # a numeric string is a number
    assert check.ch08_overtime_pd("a lot").status == "incorrect"
    assert check.ch08_experiment_size("many").status == "incorrect"


def test_friendly_messages_for_near_misses(answers):
    gap, _ = answers["ch08_overtime_pd"]
    assert "sign" in check.ch08_overtime_pd(-gap).message
    assert "percentage" in check.ch08_overtime_pd(100 * gap).message
    assert "positive" in check.ch08_income_odds_ratio(-0.9).message
    assert "positive" in check.ch08_experiment_size(-5).message
    size, _ = answers["ch08_experiment_size"]
    assert check.ch08_experiment_size(math.ceil(size)).status == "correct"


def test_missed_leaver_accepts_any_case_and_rejects_unknown_columns(answers):
    right, _ = answers["ch08_missed_leaver"]
    assert check.ch08_missed_leaver(f"  {right.upper()} ").status == "correct"
    feedback = check.ch08_missed_leaver("ShoeSize")
    assert feedback.status == "incorrect" and "not a column" in feedback.message
