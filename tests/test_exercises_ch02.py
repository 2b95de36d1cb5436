"""Checks of chapter 2: right answers pass, wrong ones get a hint without the value (placeholders and wrong
types: test_exercises_contract.py)."""

import numpy as np
from exercise_contract import assert_wrong_answer_hides_right
from sklearn.datasets import load_digits
from sklearn.decomposition import PCA
from sklearn.linear_model import LogisticRegression

from helpers import check
from helpers.exercises import ch02

NAMES = ["ch02_xor_feature", "ch02_pca_components", "ch02_lift", "ch02_first_model"]


def _xor_accuracy():
    X_train, X_test, y_train, y_test = ch02._xor_split()
    product = lambda X: np.column_stack([X, X[:, 0] * X[:, 1]])  # noqa: E731
    return LogisticRegression().fit(product(X_train), y_train).score(product(X_test), y_test)


def _components():
    cumulative = np.cumsum(PCA().fit(load_digits().data).explained_variance_ratio_)
    return int(np.argmax(cumulative >= 0.9)) + 1


def test_the_chapter_has_these_exercises():
    assert check.exercises("ch02") == sorted(NAMES)


def test_xor_split_is_the_books_data():
    X_train, X_test, y_train, y_test = ch02._xor_split()
    assert X_train.shape == (120, 2) and X_test.shape == (80, 2)
    assert set(np.unique(y_train)) == {0, 1}


def test_right_answers_are_correct():
    assert check.ch02_xor_feature(_xor_accuracy())
    assert check.ch02_pca_components(_components())
    assert check.ch02_pca_components(np.int64(_components()))
    assert check.ch02_lift((2 / 4) / (5 / 12))  # 2 of the 4 bread+butter baskets have milk; 5 of 12 have milk
    assert check.ch02_first_model("Logistic Regression ")


def test_wrong_answers_get_a_hint_not_the_value():
    accuracy, components, lift = _xor_accuracy(), _components(), (2 / 4) / (5 / 12)
    assert_wrong_answer_hides_right("ch02_xor_feature", accuracy, accuracy - 0.1)
    assert_wrong_answer_hides_right("ch02_pca_components", components, components - 1)
    assert_wrong_answer_hides_right("ch02_lift", lift, 0.5)
    feedback = assert_wrong_answer_hides_right("ch02_first_model", "logistic regression", "k-NN")
    assert "0.3 ms" in feedback.message and "logistic" not in feedback.message


def test_friendly_messages_for_near_misses():
    assert "percentage" in check.ch02_xor_feature(100 * _xor_accuracy()).message
    assert "whole number" in check.ch02_pca_components(_components() + 0.5).message
