"""Checks for chapter 1 (starting an ML project). Expected values are recomputed here, never stored.

The worked case is rebuilt exactly as the notebook builds it (same data, split, pipeline and prices),
so the checks follow the notebook's default parameters.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from helpers.check import Status, compare_choice, compare_number, exercise

SEED = 42
TEST_SIZE = 0.3
HEADCOUNT = 1_470
REPLACEMENT_MONTHS = 6
INTERVENTION_COST = 1_500
INTERVENTION_SUCCESS = 0.25
HOURLY_RATE = 100
MODEL_HOURS_PER_MONTH = 10
MODEL_INFRA_PER_MONTH = 200
RULE_HOURS_PER_MONTH = 1


@lru_cache(maxsize=1)
def _case() -> dict[str, Any]:
    """Held-out data, the rule's and the model's flags, exactly as in the notebook."""
    import numpy as np
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    from helpers.data import load_ibm_attrition

    df = load_ibm_attrition(verbose=False)
    y = df["Attrition"].astype(int)
    X = df.drop(columns=["Attrition", "EmployeeCount", "Over18", "StandardHours", "EmployeeNumber"])
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=TEST_SIZE, stratify=y, random_state=SEED)
    numeric = X.select_dtypes("number").columns.tolist()
    categorical = [column for column in X.columns if column not in numeric]
    preprocess = ColumnTransformer([
        ("num", StandardScaler(), numeric),
        ("cat", OneHotEncoder(handle_unknown="ignore"), categorical),
    ])
    model = make_pipeline(preprocess, LogisticRegression(max_iter=1_000)).fit(X_train, y_train)
    proba = model.predict_proba(X_test)[:, 1]
    income = X_test["MonthlyIncome"].to_numpy()
    model_flag = proba * INTERVENTION_SUCCESS * REPLACEMENT_MONTHS * income > INTERVENTION_COST
    return {
        "X_test": X_test,
        "y_test": y_test.to_numpy(),
        "rule_flag": X_test["OverTime"].to_numpy(dtype=bool),
        "model_flag": np.asarray(model_flag, dtype=bool),
    }


def _net_value(flag: Any, running_per_month: float) -> float:
    """Yearly net value for the whole company, as ``yearly_value(...)["net value ($)"]``."""
    case = _case()
    leaver = case["y_test"] == 1
    scale = HEADCOUNT / len(flag)
    replacement = REPLACEMENT_MONTHS * case["X_test"]["MonthlyIncome"].to_numpy()
    avoided = INTERVENTION_SUCCESS * replacement[flag & leaver].sum() * scale
    return float(avoided - INTERVENTION_COST * flag.sum() * scale - 12 * running_per_month)


@exercise("ch01_best_fit")
def _best_fit(answer: Any) -> tuple[Status, str]:
    """Of three requests, the one that fits ML: many fast decisions, errors tolerable, no rule works."""
    return compare_choice(
        answer,
        "b",
        ["a", "b", "c"],
        hint=(
            "go through the checklist for each request: are errors tolerable? does a simple rule already "
            "work? are the decisions too many or too fast for people? One request fails a blocking "
            "criterion, one has a rule that works, one passes everything (assess_ml_fit tells you which)."
        ),
        praise="millions of fast decisions, cheap mistakes, stable tastes and plenty of logs: a textbook fit.",
    )


@exercise("ch01_sharper_rule")
def _sharper_rule(answer: Any) -> tuple[Status, str]:
    """Yearly net value of 'overtime and job level >= 2' on the held-out employees, running cost included."""
    case = _case()
    flag = case["rule_flag"] & (case["X_test"]["JobLevel"].to_numpy() >= 2)
    expected = _net_value(flag, RULE_HOURS_PER_MONTH * HOURLY_RATE)
    return compare_number(
        answer,
        expected,
        tol=1.0,
        hint=(
            "build a boolean mask on X_test: OverTime is True AND JobLevel >= 2 (use & between the two "
            "conditions), then call yearly_value(mask, X_test, y_test, running_per_month['rule']) and take "
            "its 'net value ($)'. Forgetting the running cost, or using X_train, gives a different number."
        ),
        praise="the same money rules as the table; compare it with the plain overtime rule.",
    )


@exercise("ch01_break_even")
def _break_even(answer: Any) -> tuple[Status, str]:
    """Monthly running cost at which the model's net value equals the rule's."""
    case = _case()
    model_gross = _net_value(case["model_flag"], 0)
    rule_net = _net_value(case["rule_flag"], RULE_HOURS_PER_MONTH * HOURLY_RATE)
    return compare_number(
        answer,
        (model_gross - rule_net) / 12,
        tol=1.0,
        hint=(
            "compute the model's yearly net value with a running cost of 0, subtract the rule's net value "
            "(with its own running cost), and divide the difference by 12 to turn a yearly amount into a "
            "monthly one."
        ),
        praise="any running cost below that leaves the model ahead; compare it with the cost assumed in section 3.1.",
    )
