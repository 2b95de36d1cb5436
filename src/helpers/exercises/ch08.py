"""Checks for the exercises of chapter 8, Interpreting models (``chapters/08_model_interpretation.ipynb``).

Every check recomputes its expected answer from the IBM attrition data with the notebook's default
parameters (the constants below): the same columns, the same stratified split, the same models. If a
teacher changes the parameters in the notebook, the checks still judge the default setting.

Example:
    >>> from helpers import check
    >>> check.ch08_income_odds_ratio(None).status
    'unanswered'
    >>> check.ch08_missed_leaver(3).status
    'incorrect'
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

from helpers.check import Status, as_number, compare_choice, compare_number, exercise

# The notebook's default parameters (its `parameters` cell) and model settings.
SEED = 42
TEST_SIZE = 0.3
BOOSTING_ROUNDS = 200
LEARNING_RATE = 0.05
BOOSTING_DEPTH = 3
SUBSAMPLE = 0.8
#: Numeric features of the logistic regression (standardised with the training mean and SD).
LOGIT_NUMERIC = (
    "Age",
    "MonthlyIncome",
    "DistanceFromHome",
    "YearsAtCompany",
    "NumCompaniesWorked",
    "JobSatisfaction",
    "EnvironmentSatisfaction",
    "WorkLifeBalance",
    "StockOptionLevel",
    "TrainingTimesLastYear",
)
#: Yes/no features of the logistic regression (kept as 0/1).
LOGIT_BINARY = ("OverTime", "MaritalStatus_Single", "BusinessTravel_Travel_Frequently")
#: The attrition rate among overtime workers that the planned experiment hopes to reach (exercise 4).
TARGET_RATE = 0.25
ALPHA = 0.05
POWER = 0.8


def _shap() -> Any:
    """Import shap without the PendingDeprecationWarnings that its colour maps trigger in new matplotlib."""
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message=r"The set_(bad|over|under) function will be deprecated", category=PendingDeprecationWarning
        )
        import shap
    return shap


@lru_cache(maxsize=1)
def _split() -> tuple[Any, Any, Any, Any]:
    """(X_train, X_test, y_train, y_test) exactly as the notebook builds them."""
    import pandas as pd
    from sklearn.model_selection import train_test_split

    from helpers.data import load_ibm_attrition

    df = load_ibm_attrition(verbose=False)
    constant = [c for c in df.columns if df[c].nunique() == 1]
    df = df.drop(columns=[*constant, "EmployeeNumber"])
    y = df["Attrition"].astype(int)
    X = pd.get_dummies(df.drop(columns="Attrition"), drop_first=True, dtype=float).astype(float)
    return tuple(train_test_split(X, y, test_size=TEST_SIZE, stratify=y, random_state=SEED))  # type: ignore[return-value]


@lru_cache(maxsize=1)
def _boosting() -> Any:
    """The notebook's gradient-boosting ``model``, fitted on the training split."""
    from sklearn.ensemble import GradientBoostingClassifier

    X_train, _, y_train, _ = _split()
    return GradientBoostingClassifier(
        n_estimators=BOOSTING_ROUNDS, learning_rate=LEARNING_RATE, max_depth=BOOSTING_DEPTH,
        subsample=SUBSAMPLE, random_state=SEED,
    ).fit(X_train, y_train)


@exercise("ch08_income_odds_ratio")
def _income_odds_ratio(answer: Any) -> tuple[Status, str]:
    """Odds ratio of leaving for +$1,000 of monthly income, from the standardised logit."""
    import numpy as np
    import statsmodels.api as sm

    X_train, _, y_train, _ = _split()
    numeric = list(LOGIT_NUMERIC)
    Z = X_train[numeric + list(LOGIT_BINARY)].copy()
    mean, sd = X_train[numeric].mean(), X_train[numeric].std()
    Z[numeric] = (X_train[numeric] - mean) / sd
    logit = sm.Logit(y_train, sm.add_constant(Z)).fit(disp=0)
    expected = float(np.exp(logit.params["MonthlyIncome"] * 1000 / sd["MonthlyIncome"]))
    hint = (
        "the coefficient of MonthlyIncome is per standard deviation of income. Divide it by that "
        "standard deviation (sd['MonthlyIncome'], from the training data) to get the change in log-odds "
        "per dollar, multiply by 1,000, and only then take np.exp."
    )
    value = as_number(answer)
    if value is not None and math.isfinite(value) and value <= 0:
        return "incorrect", f"an odds ratio is always positive (it is exp of a log-odds change). {hint}"
    if value is not None and math.isfinite(value) and abs(math.log(value) - math.log(expected)) < 0.002:
        return "correct", "a higher income goes with lower odds of leaving, a little per $1,000."
    return compare_number(answer, expected, tol=0.003, hint=hint)


@exercise("ch08_overtime_pd")
def _overtime_pd(answer: Any) -> tuple[Status, str]:
    """Partial dependence by hand: mean P(leave) with OverTime=1 minus with OverTime=0 (test set)."""
    _, X_test, _, _ = _split()
    model = _boosting()
    with_overtime = X_test.assign(OverTime=1.0)
    without_overtime = X_test.assign(OverTime=0.0)
    expected = float(
        model.predict_proba(with_overtime)[:, 1].mean() - model.predict_proba(without_overtime)[:, 1].mean()
    )
    hint = (
        "copy X_test twice, set OverTime to 1.0 for everybody in one copy and to 0.0 in the other, "
        "average model.predict_proba(...)[:, 1] over each copy, and subtract (overtime minus no overtime). "
        "Give the difference in probability (between 0 and 1), not in percentage points."
    )
    value = as_number(answer)
    if value is not None and math.isfinite(value) and abs(value + expected) <= 0.002:
        return "incorrect", "almost: the sign is flipped; subtract the no-overtime average from the overtime one."
    return compare_number(
        answer, expected, tol=0.002, hint=hint,
        percent="almost: that looks like percentage points; give the difference as a probability.",
    )


@exercise("ch08_missed_leaver")
def _missed_leaver(answer: Any) -> tuple[Status, str]:
    """For the leaver with the lowest predicted risk, the feature with the most negative SHAP value."""
    import numpy as np

    hint = (
        "keep only the test employees who left (y_test == 1), find among them the one with the lowest "
        "predicted probability (np.argmin on proba of those positions, then map back to the test-set position), "
        "and look up the column whose SHAP value is the most negative for that employee (np.argmin)."
    )
    if not isinstance(answer, str):  # checked before any model is fitted, so the feedback is quick
        return "incorrect", f"expected a feature name (a string such as 'Age'), got {type(answer).__name__}. {hint}"
    _, X_test, _, y_test = _split()
    if answer.strip().lower() not in {c.lower() for c in X_test.columns}:
        return "incorrect", f"{answer!r} is not a column of X_test; give a feature name such as 'Age'. {hint}"
    model = _boosting()
    proba = model.predict_proba(X_test)[:, 1]
    leavers = np.flatnonzero(y_test.to_numpy() == 1)
    missed = int(leavers[np.argmin(proba[leavers])])
    values = _shap().TreeExplainer(model)(X_test.iloc[[missed]]).values[0]
    expected = str(X_test.columns[int(np.argmin(values))])
    return compare_choice(
        answer, expected, list(X_test.columns), hint=hint,
        praise="the model saw a reason to stay that did not hold for this person.",
    )


@exercise("ch08_experiment_size")
def _experiment_size(answer: Any) -> tuple[Status, str]:
    """Employees per group needed to detect attrition falling from the overtime rate to TARGET_RATE."""
    from statsmodels.stats.power import NormalIndPower
    from statsmodels.stats.proportion import proportion_effectsize

    X_train, X_test, y_train, y_test = _split()
    import pandas as pd

    X = pd.concat([X_train, X_test])
    y = pd.concat([y_train, y_test])
    baseline = float(y[X["OverTime"] == 1].mean())
    effect = proportion_effectsize(baseline, TARGET_RATE)
    expected = float(NormalIndPower().solve_power(effect, alpha=ALPHA, power=POWER, alternative="two-sided"))
    hint = (
        f"reuse the power calculation of the notebook with the same baseline (the attrition rate of all "
        f"employees who work overtime) but a target rate of {TARGET_RATE:.0%}: proportion_effectsize(baseline, "
        f"{TARGET_RATE}), then NormalIndPower().solve_power(effect, alpha={ALPHA}, power={POWER}). "
        "A smaller effect needs many more people."
    )
    value = as_number(answer)
    if value is None or not math.isfinite(value):
        return compare_number(answer, expected, hint=hint)
    if value <= 0:
        return "incorrect", f"a group size is a positive number of employees. {hint}"
    if abs(value - expected) <= 1.0 or value == math.ceil(expected):
        return "correct", "a smaller hoped-for effect needs several times more employees: the sample grows with 1 / effect²."
    return "incorrect", hint
