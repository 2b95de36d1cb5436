"""Checks for the exercises of chapter 3, Evaluating results (``chapters/03_evaluation.ipynb``).

Every check recomputes its expected answer: from the book's ROC example, or by regenerating the
notebook's seeded data with the notebook's default parameters (the constants below). If a teacher
changes those parameters in the notebook, the checks still judge the default setting.

Example:
    >>> from helpers import check
    >>> check.ch03_precision(None).status
    'unanswered'
    >>> check.ch03_auc(0.5).status
    'incorrect'
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

from helpers.check import Status, as_number, compare_number, exercise, percent_hint

# The notebook's default parameters (its `parameters` cell) and the set-up of its data.
SEED = 42
N_CUSTOMERS = 5_000
CHURN_SHARE = 0.1
TEST_SIZE = 0.4
CUSTOMER_VALUE = 100
TOP_K = 100

# The book's ROC example (Book: 3.1).
BOOK_LABELS = (0, 0, 0, 1, 0, 0, 1, 0, 1, 1)
BOOK_SCORES = (0.1, 0.2, 0.4, 0.45, 0.5, 0.65, 0.7, 0.8, 0.85, 0.95)


@lru_cache(maxsize=1)
def _churn_test_scores() -> tuple[Any, Any]:
    """(y_test, churn probabilities) exactly as the notebook builds them."""
    from sklearn.datasets import make_classification
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split

    X, y = make_classification(
        n_samples=N_CUSTOMERS,
        n_features=10,
        n_informative=3,
        n_redundant=2,
        weights=[1 - CHURN_SHARE, CHURN_SHARE],
        flip_y=0.02,
        class_sep=1.0,
        random_state=SEED,
    )
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=TEST_SIZE, stratify=y, random_state=SEED
    )
    model = LogisticRegression(random_state=SEED).fit(X_train, y_train)
    return y_test, model.predict_proba(X_test)[:, 1]


@exercise("ch03_precision")
def _precision(answer: Any) -> tuple[Status, str]:
    """Precision among the TOP_K test customers with the highest churn probability."""
    import numpy as np

    y_test, proba = _churn_test_scores()
    top = np.argsort(proba)[::-1][:TOP_K]
    expected = float(np.mean(y_test[top]))
    return compare_number(
        answer,
        expected,
        tol=0.005,
        hint=(
            f"sort the test customers by `proba` from high to low (np.argsort(proba)[::-1]), keep the first "
            f"{TOP_K}, and compute the share of them whose label in y_test is 1 (churned). Precision is "
            "TP / (TP + FP): everyone you call counts in the denominator."
        ),
        percent=percent_hint("share"),
    )


@exercise("ch03_auc")
def _auc(answer: Any) -> tuple[Status, str]:
    """AUC of the book example after the negative scored 0.8 drops to 0.3."""
    scores = [0.3 if s == 0.8 else s for s in BOOK_SCORES]
    positives = [s for s, label in zip(scores, BOOK_LABELS, strict=True) if label == 1]
    negatives = [s for s, label in zip(scores, BOOK_LABELS, strict=True) if label == 0]
    wins = sum(1.0 if p > n else 0.5 if p == n else 0.0 for p in positives for n in negatives)
    expected = wins / (len(positives) * len(negatives))
    return compare_number(
        answer,
        expected,
        tol=0.005,
        hint=(
            "change only the score 0.8 to 0.3 and keep the labels. Then either call "
            "roc_auc_score(labels, new_scores), or count the (positive, negative) pairs in which the "
            "positive has the higher score and divide by the number of such pairs (4 x 6)."
        ),
        percent=percent_hint("share"),
    )


@lru_cache(maxsize=1)
def _median_baseline_mae() -> float:
    import numpy as np
    from sklearn.datasets import load_diabetes
    from sklearn.model_selection import train_test_split

    X, y = load_diabetes(return_X_y=True, as_frame=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=TEST_SIZE, random_state=SEED)
    return float(np.mean(np.abs(y_test - np.median(y_train))))


@exercise("ch03_median_mae")
def _median_mae(answer: Any) -> tuple[Status, str]:
    """MAE on the diabetes test set of always predicting the median of y_train."""
    return compare_number(
        answer,
        _median_baseline_mae(),
        tol=0.05,
        hint=(
            "take the median of y_train (not y_test: the test set is unknown when you build a baseline), "
            "predict it for every test patient, and average the absolute differences to y_test "
            "(mean_absolute_error, or DummyRegressor(strategy='median'))."
        ),
    )


def _profit(threshold: float, offer_cost: float) -> float:
    """Campaign profit at ``threshold`` when each offer costs ``offer_cost``."""
    y_test, proba = _churn_test_scores()
    flagged = proba >= threshold
    true_positives = int((flagged & (y_test == 1)).sum())
    false_positives = int((flagged & (y_test == 0)).sum())
    return true_positives * (CUSTOMER_VALUE - offer_cost) - false_positives * offer_cost


@exercise("ch03_profit_threshold")
def _profit_threshold(answer: Any) -> tuple[Status, str]:
    """The threshold on the notebook's grid that maximises profit when an offer costs 30."""
    import numpy as np

    offer_cost = 30
    grid = np.round(np.arange(0.01, 1.0, 0.01), 2)
    best = max(_profit(t, offer_cost) for t in grid)
    hint = (
        f"redo the profit curve with OFFER_COST = {offer_cost}: for every threshold in THRESHOLDS count the "
        "true and false positives, price them with the new profit matrix, and take the threshold with "
        "the largest total (np.argmax)."
    )
    value = as_number(answer)
    if value is None or not math.isfinite(value):
        return "incorrect", f"expected a threshold (one number), got {type(answer).__name__}. {hint}"
    if not 0 < value < 1:
        return "incorrect", f"a threshold on a probability lies between 0 and 1, got {value}. {hint}"
    gap = best - _profit(value, offer_cost)
    if gap <= 0:
        return "correct", "that threshold earns the most; pricier offers push the best threshold up."
    return "incorrect", f"at that threshold the campaign earns {gap:,.0f} less than at the best one. {hint}"
