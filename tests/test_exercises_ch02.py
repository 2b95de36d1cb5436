"""Checks of chapter 2: right answers pass, wrong ones get a hint without the value, placeholders wait."""

import numpy as np
import pytest
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


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("placeholder", [None, ...])
def test_placeholders_are_unanswered(name, placeholder):
    assert getattr(check, name)(placeholder).status == "unanswered"


def test_wrong_answers_get_a_hint_not_the_value():
    accuracy, components, lift = _xor_accuracy(), _components(), (2 / 4) / (5 / 12)
    cases = {
        "ch02_xor_feature": (accuracy - 0.1, [f"{accuracy:.2f}", f"{accuracy:.3f}", f"{accuracy:.4f}"]),
        "ch02_pca_components": (components - 1, [f"{components} "]),
        "ch02_lift": (0.5, [f"{lift:.2f}", f"{lift:.3f}"]),
    }
    for name, (answer, forbidden) in cases.items():
        feedback = getattr(check, name)(answer)
        assert feedback.status == "incorrect" and feedback.message
        assert not any(text in feedback.message for text in forbidden)
    feedback = check.ch02_first_model("k-NN")
    assert feedback.status == "incorrect" and "0.3 ms" in feedback.message and "logistic" not in feedback.message


def test_friendly_messages_for_near_misses():
    assert "percentage" in check.ch02_xor_feature(100 * _xor_accuracy()).message
    assert "whole number" in check.ch02_pca_components(_components() + 0.5).message


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("answer", [[1, 2], {"a": 1}, True, "x", float("nan")])
def test_wrong_types_are_feedback_not_exceptions(name, answer):
    assert getattr(check, name)(answer).status == "incorrect"
