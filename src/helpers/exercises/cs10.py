"""Checks for the exercises of case study 10, Uplift modeling (``case_studies/10_uplift_modeling.ipynb``).

Every check recomputes its expected answer by rebuilding the notebook's data and models with the
notebook's default parameters (the constants below): the book's synthetic campaign, and the
Hillstrom e-mail experiment split 50/50 with random_state 42. If a teacher changes the parameters
in the notebook, the checks still judge the default setting.

Example:
    >>> from helpers import check
    >>> check.cs10_response_top_decile(None).status
    'unanswered'
    >>> check.cs10_best_contacts("many").status
    'incorrect'
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

from helpers.check import Status, as_number, compare_number, exercise, percent_hint

# The notebook's default parameters (its `parameters` cell).
SEED = 42
N_CUSTOMERS = 100_000
TRAIN_SEED = 1
TEST_SEED = 42
C = 0.01
TEST_SIZE = 0.5
FEATURES = [f"x{i}" for i in range(8)]
HILLSTROM_FEATURES = ["recency", "history", "mens", "womens", "newbie", "zip_code", "channel"]

# The settings the exercises ask about.
TOP_SHARE = 0.1  # exercise 1: the top 10% of the response model's scores
EXERCISE_COST = 0.25  # exercise 3: $ per e-mail
EXERCISE_VALUE = 2.5  # exercise 3: $ per extra visit


@lru_cache(maxsize=1)
def _response_top_decile_uplift() -> float:
    """Observed uplift among the TOP_SHARE test customers ranked by the treated-only model."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from helpers.uplift import make_campaign

    train = make_campaign(N_CUSTOMERS, TRAIN_SEED)
    test = make_campaign(N_CUSTOMERS, TEST_SEED)
    treated = train["treatment"] == 1
    model_treated = LogisticRegression(C=C).fit(train.loc[treated, FEATURES], train.loc[treated, "converted"])
    response = model_treated.predict_proba(test[FEATURES])[:, 1]
    top = np.argsort(-response, kind="mergesort")[: int(round(TOP_SHARE * len(test)))]
    chosen = test.iloc[top]
    rates = chosen.groupby("treatment")["converted"].mean()
    return float(rates.loc[1] - rates.loc[0])


@exercise("cs10_response_top_decile")
def _response_top_decile(answer: Any) -> tuple[Status, str]:
    expected = _response_top_decile_uplift()
    return compare_number(
        answer,
        expected,
        tol=0.0005,
        hint=(
            "score the test customers with the treated-only model (model_treated.predict_proba(X_test)[:, 1]), "
            "keep the 10% with the highest scores, and subtract the conversion rate of the control customers "
            "among them from that of the treated customers (observed data, not true_uplift)."
        ),
        praise="that is right: compare it with the two-model score's top decile in the table above.",
        percent=percent_hint("difference of two rates", points=True),
    )


@lru_cache(maxsize=4)
def _hillstrom_split(question: str, outcome: str) -> tuple[Any, ...]:
    """The notebook's 50/50 split for "mens_vs_womens" or "any_vs_none"."""
    import pandas as pd
    from sklearn.model_selection import train_test_split

    from helpers.data import load_hillstrom

    df = load_hillstrom(verbose=False)
    if question == "mens_vs_womens":
        data = df[df["segment"] != "No E-Mail"]
        treated = data["segment"] == "Mens E-Mail"
    else:
        data = df
        treated = df["segment"] != "No E-Mail"
    X = pd.get_dummies(data[HILLSTROM_FEATURES], dtype=float).astype(float)
    return tuple(
        train_test_split(X, data[outcome], treated.astype(int), test_size=TEST_SIZE, random_state=SEED)
    )


def _two_model_scores(question: str, outcome: str, half: str = "test") -> tuple[Any, Any, Any]:
    """(y, t, two-model difference scores) of the test half (or of the training half, ``half="train"``)
    with the notebook's logistic regression, always fitted on the training half."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from helpers.uplift import TwoModelUplift

    X_train, X_test, y_train, y_test, t_train, t_test = _hillstrom_split(question, outcome)
    model = TwoModelUplift(make_pipeline(StandardScaler(), LogisticRegression()))
    model.fit(X_train, y_train, t_train)
    if half == "train":
        return y_train, t_train, model.predict_uplift(X_train)
    return y_test, t_test, model.predict_uplift(X_test)


@lru_cache(maxsize=1)
def _conversion_auuc() -> float:
    from helpers.uplift import auuc

    return auuc(*_two_model_scores("mens_vs_womens", "conversion"))


@exercise("cs10_conversion_auuc")
def _conversion_auuc_check(answer: Any) -> tuple[Status, str]:
    return compare_number(
        answer,
        _conversion_auuc(),
        tol=0.05,
        hint=(
            "keep everything of the men's vs women's comparison (same customers, features, 50/50 split with "
            "random_state 42, TwoModelUplift with the scaled logistic regression) but use the column "
            "'conversion' as the outcome, then call auuc(y_test, t_test, scores) on the test half."
        ),
        praise="that is right. Now compare it with the spread of AUUC for random scores.",
    )


@lru_cache(maxsize=1)
def _profit_curve() -> tuple[Any, Any]:
    """(contacts, profit) along the any-vs-none uplift curve of the training half (where section 8 chooses
    the plan) at the exercise's prices."""
    from helpers.uplift import uplift_curve

    contacts, extra_visits = uplift_curve(*_two_model_scores("any_vs_none", "visit", half="train"))
    return contacts, EXERCISE_VALUE * extra_visits - EXERCISE_COST * contacts


@exercise("cs10_best_contacts")
def _best_contacts(answer: Any) -> tuple[Status, str]:
    import numpy as np

    contacts, profit = _profit_curve()
    hint = (
        f"with cost {EXERCISE_COST} and value {EXERCISE_VALUE}, compute profit = value * extra visits - cost * "
        "contacts at every point of the any-vs-none uplift curve of the training half (train_contacts, "
        "train_extra_visits; no budget limit) and take the number of contacts where it is largest "
        "(np.argmax). The test half's curve is for measuring the plan, not for choosing it."
    )
    value = as_number(answer)
    if value is None or not math.isfinite(value):
        return "incorrect", f"expected a number of customers, got {type(answer).__name__}. {hint}"
    total = int(contacts[-1])
    if not 0 <= value <= total:
        return "incorrect", f"the training half has {total:,} customers; answer between 0 and {total:,}. {hint}"
    best = float(profit.max())
    reached = float(np.interp(value, contacts, profit))
    gap = best - reached
    if gap <= 0.005 * abs(best) + 1e-9:
        return "correct", (
            "that is where the training half's profit peaks: a pricier contact shrinks the best list a lot, and "
            "the matching score cut-off is what you would apply to new customers."
        )
    return "incorrect", f"at that many contacts the campaign earns ${gap:,.0f} less than at the best number. {hint}"
