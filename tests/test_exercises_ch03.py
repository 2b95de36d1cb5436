"""The exercise checks of chapter 3 (helpers/exercises/ch03.py).

The right answers are recomputed here independently (with scikit-learn where the check uses plain
counting, and the other way round), from the same inputs as chapters/03_evaluation.ipynb.
"""

from __future__ import annotations

import numpy as np
import pytest
from exercise_contract import assert_wrong_answer_hides_right
from sklearn.datasets import load_diabetes, make_classification
from sklearn.dummy import DummyRegressor
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import confusion_matrix, mean_absolute_error, roc_auc_score
from sklearn.model_selection import train_test_split

from helpers import check

SEED = 42
NAMES = ["ch03_auc", "ch03_median_mae", "ch03_precision", "ch03_profit_threshold"]


def _churn_scores():
    X, y = make_classification(
        n_samples=5_000, n_features=10, n_informative=3, n_redundant=2, weights=[0.9, 0.1],
        flip_y=0.02, class_sep=1.0, random_state=SEED,
    )
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.4, stratify=y, random_state=SEED)
    return y_test, LogisticRegression(random_state=SEED).fit(X_train, y_train).predict_proba(X_test)[:, 1]


def _profits(y_test, proba, offer_cost):
    thresholds = np.round(np.arange(0.01, 1.0, 0.01), 2)
    profits = []
    for t in thresholds:
        tn, fp, fn, tp = confusion_matrix(y_test, proba >= t, labels=[0, 1]).ravel()
        profits.append(tp * (100 - offer_cost) - fp * offer_cost)
    return thresholds, np.array(profits)


@pytest.fixture(scope="module")
def answers() -> dict[str, tuple[float, float]]:
    """For each exercise: (a right answer, a wrong answer)."""
    y_test, proba = _churn_scores()
    top100 = np.argsort(-proba)[:100]
    precision = float(y_test[top100].mean())

    labels = [0, 0, 0, 1, 0, 0, 1, 0, 1, 1]
    scores = [0.1, 0.2, 0.4, 0.45, 0.5, 0.65, 0.7, 0.3, 0.85, 0.95]  # 0.8 became 0.3
    auc = float(roc_auc_score(labels, scores))

    X, y = load_diabetes(return_X_y=True)
    X_train, X_test, y_train, y_test_reg = train_test_split(X, y, test_size=0.4, random_state=SEED)
    median_mae = float(mean_absolute_error(y_test_reg, DummyRegressor(strategy="median").fit(X_train, y_train).predict(X_test)))

    thresholds, profits = _profits(y_test, proba, offer_cost=30)
    best = float(thresholds[np.argmax(profits)])
    worse = float(thresholds[np.argmin(profits)])
    assert profits.max() > profits.min()

    return {
        "ch03_precision": (precision, precision - 0.1),
        "ch03_auc": (auc, 0.8333),  # the book's original AUC, a tempting wrong answer
        "ch03_median_mae": (median_mae, median_mae + 1.0),
        "ch03_profit_threshold": (best, worse),
    }


def test_the_chapter_has_these_exercises():
    assert check.exercises("ch03") == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_right_answer_is_correct(name, answers):
    right, _ = answers[name]
    feedback = getattr(check, name)(right)
    assert feedback.status == "correct", feedback
    assert feedback  # truthy when correct


@pytest.mark.parametrize("name", NAMES)
def test_right_answer_as_numpy_scalar_is_correct(name, answers):
    right, _ = answers[name]
    assert getattr(check, name)(np.float64(right)).status == "correct"


@pytest.mark.parametrize("name", NAMES)
def test_wrong_answer_is_incorrect_without_giving_it_away(name, answers):
    right, wrong = answers[name]
    assert_wrong_answer_hides_right(name, right, wrong)


def test_precision_given_in_percent_gets_a_specific_hint(answers):
    right, _ = answers["ch03_precision"]
    feedback = check.ch03_precision(right * 100)
    assert feedback.status == "incorrect"
    assert "percentage" in feedback.message


def test_profit_threshold_accepts_any_equally_profitable_threshold_and_rejects_out_of_range():
    y_test, proba = _churn_scores()
    thresholds, profits = _profits(y_test, proba, offer_cost=30)
    for t in thresholds[profits == profits.max()]:
        assert check.ch03_profit_threshold(float(t)).status == "correct"
    for outside in (0, 1, 1.5, -0.2):
        feedback = check.ch03_profit_threshold(outside)
        assert feedback.status == "incorrect" and "between 0 and 1" in feedback.message
