"""Checks for chapter 2 (what ML can do). Expected values are recomputed here, never stored.

The data are rebuilt as the notebook builds them, with its default parameters: the book's two
classification sets (legacy NumPy generator, seed 100), scikit-learn's digits, and the notebook's
twelve baskets.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

from helpers.check import Status, as_number, compare_choice, compare_number, exercise, percent_hint

SEED = 100
N_PER_BLOB = 50
TEST_SIZE = 0.4
BASKETS = (
    "bread,butter,milk", "bread,butter", "beer,chips", "bread,milk", "beer,chips,salsa", "bread,butter,jam",
    "milk,cereal", "beer,chips,bread", "bread,butter,milk,cereal", "chips,salsa", "beer,chips,salsa",
    "milk,cereal,bread",
)


@lru_cache(maxsize=1)
def _xor_split() -> tuple[Any, Any, Any, Any]:
    """The notebook's XOR split: X_train, X_test, y_train, y_test."""
    import numpy as np
    from sklearn.model_selection import train_test_split

    book_rng = np.random.RandomState(SEED)

    def blob(centre: tuple[float, float], spread: float) -> Any:
        return np.hstack([book_rng.normal(centre[0], spread, (N_PER_BLOB, 1)),
                          book_rng.normal(centre[1], spread, (N_PER_BLOB, 1))])

    blob((2, 2), 0.5)  # the blobs come first in the book's random stream
    blob((1, 1), 0.5)
    corners = [((1, 1), 0), ((-1, 1), 1), ((-1, -1), 0), ((1, -1), 1)]
    X = np.vstack([blob(centre, 1.0) for centre, _ in corners])
    y = np.repeat([label for _, label in corners], N_PER_BLOB)
    return tuple(train_test_split(X, y, test_size=TEST_SIZE, random_state=SEED))


@exercise("ch02_xor_feature")
def _xor_feature(answer: Any) -> tuple[Status, str]:
    """Test accuracy of logistic regression on XOR with the product x1*x2 as a third feature."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    X_train, X_test, y_train, y_test = _xor_split()
    with_product = lambda X: np.column_stack([X, X[:, 0] * X[:, 1]])  # noqa: E731
    expected = LogisticRegression().fit(with_product(X_train), y_train).score(with_product(X_test), y_test)
    return compare_number(
        answer,
        float(expected),
        tol=0.005,
        hint=(
            "take X_train, X_test from splits['XOR'], append the column X[:, 0] * X[:, 1] to each "
            "(np.column_stack), fit LogisticRegression() on the training points and call .score on the "
            "test points. Using the training points for the score, or forgetting the new column on the "
            "test set, gives another number."
        ),
        praise="with the product as a feature, a straight line in three dimensions separates the corners.",
        percent=percent_hint("accuracy"),
    )


@exercise("ch02_pca_components")
def _pca_components(answer: Any) -> tuple[Status, str]:
    """Smallest number of principal components of the digits that explain at least 90% of the variance."""
    import numpy as np
    from sklearn.datasets import load_digits
    from sklearn.decomposition import PCA

    cumulative = np.cumsum(PCA(random_state=SEED).fit(load_digits().data).explained_variance_ratio_)
    expected = int(np.argmax(cumulative >= 0.9)) + 1
    hint = (
        "find the first position where `cumulative` (the running sum of explained_variance_ratio_) reaches "
        "0.9, for example with np.argmax(cumulative >= 0.9), and remember that positions start at 0 while "
        "component counts start at 1."
    )
    value = as_number(answer)
    if value is not None and math.isfinite(value) and value != int(value):
        return "incorrect", f"a number of components is a whole number. {hint}"
    return compare_number(answer, expected, tol=0, hint=hint,
                          praise="about a third of the 64 pixels' worth of columns keeps 90% of the variance.")


@exercise("ch02_lift")
def _lift(answer: Any) -> tuple[Status, str]:
    """Lift of {bread, butter} -> {milk} on the notebook's baskets."""
    baskets = [set(basket.split(",")) for basket in BASKETS]
    lhs = [b for b in baskets if {"bread", "butter"} <= b]
    confidence = sum("milk" in b for b in lhs) / len(lhs)
    expected = confidence / (sum("milk" in b for b in baskets) / len(baskets))
    return compare_number(
        answer,
        expected,
        tol=0.005,
        hint=(
            "confidence = (baskets with bread, butter and milk) / (baskets with bread and butter); then "
            "divide by the share of all baskets that contain milk. Dividing by the support of bread or "
            "butter instead gives another number."
        ),
        praise="a lift just above 1: bread and butter make milk only slightly more likely.",
    )


@exercise("ch02_first_model")
def _first_model(answer: Any) -> tuple[Status, str]:
    """A first model for fraud scoring at checkout: lots of labels, a 0.3 ms budget, no explanations needed."""
    return compare_choice(
        answer,
        "logistic regression",
        ["logistic regression", "random forest", "k-means", "k-NN"],
        hint=(
            "check the facts one by one: are there labels (so is k-means relevant)? what does each model "
            "compute per prediction, and does that fit in 0.3 ms with 2 million training rows (think of "
            "k-NN searching all of them, or a forest walking hundreds of trees)?"
        ),
        praise="a few multiplications per payment fit the latency budget; richer models can be tried once it is met.",
    )
