"""Checks for the exercises of chapter 2, What ML can do (``chapters/02_what_ml_can_do.ipynb``).

Every check computes its expected answer from the data and settings the notebook passes in (the
classification splits, the fitted model, the cross-validation folds, the baskets, the candidates'
table), so a learner who changes the ``parameters`` cell (another SEED, another XOR_SPREAD, more
points) is judged on that setting. Nothing here stores the notebook's defaults.

The two answers that are functions (``ch02_choose_k``, ``ch02_pick_model``) are called on the
lesson's data and on fresh inputs built here, and compared with a reference; a function that
raises gets a hint, never a traceback.

Example:
    >>> from helpers import check
    >>> check.ch02_bayes_blobs(None).status
    'unanswered'
    >>> check.ch02_bayes_blobs(0.9, centres=[(2, 2), (1, 1)], spread=0.5).status
    'incorrect'
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np

from helpers.check import Status, as_number, compare_number, exercise, percent_hint, unjudged
from helpers.i18n import _

# --- validation of the lesson's data (a wrong object here is a slip in the notebook, not an answer) ---


def _features(X: Any, name: str) -> np.ndarray:
    try:
        array = np.asarray(X, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a numeric array of shape (n_rows, n_features), not {type(X).__name__}") from None
    if array.ndim != 2 or len(array) < 2 or not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be a finite 2-D array with at least 2 rows, got shape {array.shape}")
    return array


def _labels(y: Any, rows: int, name: str) -> np.ndarray:
    labels = np.asarray(y)
    if labels.shape != (rows,):
        raise ValueError(f"{name} must hold one label per row ({rows}), got shape {labels.shape}")
    if len(np.unique(labels)) != 2:
        raise ValueError(f"{name} must hold two classes, got {len(np.unique(labels))}")
    return labels


def _split(X_train: Any, X_test: Any, y_train: Any, y_test: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    X_train, X_test = _features(X_train, "X_train"), _features(X_test, "X_test")
    if X_train.shape[1] != X_test.shape[1]:
        raise ValueError(f"X_train and X_test must have the same columns, got {X_train.shape[1]} and {X_test.shape[1]}")
    return X_train, X_test, _labels(y_train, len(X_train), "y_train"), _labels(y_test, len(X_test), "y_test")


def _whole_number(answer: Any) -> int | None:
    """The answer as an int when it is a whole number (3, 3.0, np.int64(3)), else None."""
    value = as_number(answer)
    if value is None or not math.isfinite(value) or value != int(value):
        return None
    return int(value)


def _values(values: Any, name: str) -> list[int]:
    try:
        out = [int(v) for v in values]
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a list of whole numbers such as [1, 3, 5], not {type(values).__name__}") from None
    if not out or any(v < 1 for v in out) or len(set(out)) != len(out):
        raise ValueError(f"{name} must be distinct positive whole numbers, got {out}")
    return out


def _accuracy_tol(n_test: int) -> float:
    """Half a test point at most, so that one point more or less is never 'close enough'."""
    return min(0.005, 0.4 / n_test)


# --- 1. the best achievable accuracy ----------------------------------------------------------------


@exercise("ch02_bayes_blobs")
def _bayes_blobs(answer: Any, *, centres: Any, spread: Any) -> tuple[Status, str]:
    """Bayes accuracy of two equal, round Gaussian clouds: Phi(distance / (2 spread))."""
    from scipy.stats import norm

    points = np.asarray(centres, dtype=float)
    if points.shape != (2, 2) or not np.all(np.isfinite(points)):
        raise ValueError(f"centres must be the two blob centres, shape (2, 2), got {points.shape}")
    sd = as_number(spread)
    if sd is None or not math.isfinite(sd) or sd <= 0:
        raise ValueError(f"spread must be a positive number (the standard deviation of each coordinate), got {spread!r}")
    gap = points[0] - points[1]
    distance = float(np.hypot(*gap))
    if distance == 0:
        return unjudged(_("the two centres coincide, so every rule scores 0.5; give the blobs two different centres."))
    expected = float(norm.cdf(distance / (2 * sd)))
    return compare_number(
        answer,
        expected,
        tol=0.005,
        hint=_(
            "the best boundary is the perpendicular bisector of the two centres. A point is misclassified when "
            "its noise along the line joining the centres carries it past the middle, i.e. further than half the "
            "distance between the centres; that noise has the same spread as each coordinate. Use norm.cdf."
        ),
        percent=percent_hint("accuracy"),
        mistakes=[
            (
                float(norm.cdf(distance / sd)),
                _(
                    "that is the ceiling of the original blobs, or the formula without the half: use the wider spread, "
                    "and remember that a point only has to cross the middle, half the distance between the centres."
                ),
            ),
            (float(norm.cdf(abs(gap[0]) / (2 * sd))), _("the centres differ in both coordinates: use the straight-line distance between them (np.hypot), not one coordinate's gap.")),
            (1 - expected, _("that is the share of mistakes (the Bayes error); the exercise asks for the accuracy.")),
        ],
        praise=_("the wider the clouds, the lower the ceiling: no model can beat that number on average."),
    )


# --- 2. a feature that makes XOR linear --------------------------------------------------------------


def _with_product(X: np.ndarray) -> np.ndarray:
    return np.column_stack([X, X[:, 0] * X[:, 1]])


@exercise("ch02_xor_feature")
def _xor_feature(answer: Any, *, X_train: Any, X_test: Any, y_train: Any, y_test: Any) -> tuple[Status, str]:
    """Gain in test accuracy of logistic regression on XOR from adding the product x1*x2 as a third
    feature: its test accuracy minus that of logistic regression on the two original features."""
    from sklearn.linear_model import LogisticRegression

    X_train, X_test, y_train, y_test = _split(X_train, X_test, y_train, y_test)
    if X_train.shape[1] != 2:
        raise ValueError(f"pass the two original XOR features (the check adds the product), got {X_train.shape[1]} columns")
    model = LogisticRegression().fit(_with_product(X_train), y_train)
    plain = LogisticRegression().fit(X_train, y_train)
    with_product = float(model.score(_with_product(X_test), y_test))
    gain_train = float(model.score(_with_product(X_train), y_train) - plain.score(X_train, y_train))
    expected = with_product - float(plain.score(X_test, y_test))
    return compare_number(
        answer,
        expected,
        tol=_accuracy_tol(len(y_test)),
        hint=_(
            "append the column X[:, 0] * X[:, 1] to both X_train and X_test (np.column_stack), fit "
            "LogisticRegression() on the training points, call .score on the test points, and subtract the test "
            "accuracy of LogisticRegression() fitted on the two original features."
        ),
        percent=percent_hint("gain", points=True),
        mistakes=[
            (with_product, _("that is the new model's test accuracy; subtract the test accuracy of logistic regression on the two original features.")),
            (gain_train, _("that is the gain on the training points; score both models on the test points.")),
            (-expected, _("the sign is reversed: the model with the product minus the model without it.")),
        ],
        praise=_("with the product as a feature, a flat plane in three dimensions separates the corners: the right feature can matter more than the algorithm."),
    )


# --- 3. the loss a logistic regression minimises -----------------------------------------------------


def _mean_log_loss(y: np.ndarray, p1: np.ndarray) -> float:
    p1 = np.clip(p1, 1e-15, 1 - 1e-15)
    return float(-np.mean(np.where(y == 1, np.log(p1), np.log(1 - p1))))


@exercise("ch02_log_loss")
def _log_loss(answer: Any, *, model: Any, X_train: Any, y_train: Any, X_test: Any, y_test: Any) -> tuple[Status, str]:
    """Mean log loss (natural log) of the fitted model's probabilities on the test points."""
    X_train, X_test, y_train, y_test = _split(X_train, X_test, y_train, y_test)
    if not hasattr(model, "predict_proba"):
        raise TypeError(f"model must be a fitted classifier with predict_proba, not {type(model).__name__}")
    classes = list(getattr(model, "classes_", []))
    if classes != [0, 1]:
        raise ValueError(f"model must be a fitted binary classifier of the classes 0 and 1, got classes {classes}")
    p_test = np.asarray(model.predict_proba(X_test))[:, 1]
    p_train = np.asarray(model.predict_proba(X_train))[:, 1]
    expected = _mean_log_loss(y_test, p_test)
    return compare_number(
        answer,
        expected,
        tol=0.001,
        hint=_(
            "take p = model.predict_proba(X_test)[:, 1], the probability of class 1; each test point costs "
            "-log(p) if it is class 1 and -log(1 - p) if it is class 0 (natural log, np.log); average over the test points."
        ),
        mistakes=[
            (_mean_log_loss(y_train, p_train), _("that is the loss on the training points, the number training made small; the exercise asks for new points.")),
            (_mean_log_loss(y_test, 1 - p_test), _("the probabilities are swapped: column 1 of predict_proba is the probability of class 1.")),
            (expected * len(y_test), _("that is the sum over the test points; the log loss is the mean.")),
            (expected / math.log(2), _("that is in bits (log base 2); use the natural log, np.log, as scikit-learn's log_loss does.")),
        ],
        praise=_("compare it with log(2) = 0.693, the loss of a model that always says 50%: below it, the probabilities carry information about new points."),
    )


# --- 4. choosing k of k-NN by cross-validation --------------------------------------------------------


def _cv_accuracy(X: np.ndarray, y: np.ndarray, k_values: list[int], folds: Any) -> dict[int, float]:
    from sklearn.model_selection import cross_val_score
    from sklearn.neighbors import KNeighborsClassifier

    return {k: float(cross_val_score(KNeighborsClassifier(n_neighbors=k), X, y, cv=folds).mean()) for k in k_values}


def _best(scores: dict[int, float]) -> set[int]:
    top = max(scores.values())
    return {k for k, score in scores.items() if score >= top - 1e-9}


@exercise("ch02_knn_k")
def _knn_k(answer: Any, *, X_train: Any, y_train: Any, X_test: Any, y_test: Any, k_values: Any, folds: Any) -> tuple[Status, str]:
    """The k (from k_values) with the highest mean cross-validated accuracy on the training set."""
    from sklearn.neighbors import KNeighborsClassifier

    X_train, X_test, y_train, y_test = _split(X_train, X_test, y_train, y_test)
    ks = _values(k_values, "k_values")
    if not hasattr(folds, "split"):
        raise TypeError(f"folds must be a cross-validation splitter such as StratifiedKFold(...), not {type(folds).__name__}")
    if getattr(folds, "shuffle", False) and getattr(folds, "random_state", None) is None:
        return unjudged(_("the folds are shuffled without a random_state, so every run splits differently; set random_state=SEED."))
    smallest_fold = len(y_train) - len(y_train) // max(getattr(folds, "n_splits", 2), 2)
    if max(ks) > smallest_fold:
        return unjudged(_("some k in k_values is larger than a training fold ({rows} rows); keep k below that.").format(rows=smallest_fold))
    right = _best(_cv_accuracy(X_train, y_train, ks, folds))
    value = _whole_number(answer)
    if value is None:
        return "incorrect", _("k is a whole number taken from k_values, such as 7.")
    if value in right:
        return "correct", _(
            "chosen on the training set alone, so the test set is still untouched for the final score. Nearby k often "
            "differ by less than the noise of their CV scores: any k on that flat top is defensible."
        )
    on_train = _best({k: KNeighborsClassifier(n_neighbors=k).fit(X_train, y_train).score(X_train, y_train) for k in ks})
    on_test = _best({k: KNeighborsClassifier(n_neighbors=k).fit(X_train, y_train).score(X_test, y_test) for k in ks})
    if value in on_train:
        return "incorrect", _(
            "that k is best on the training points it memorised (with k = 1 each point is its own neighbour). "
            "Score each k with cross_val_score(..., cv=folds) and take the best mean."
        )
    if value in on_test:
        return "incorrect", _(
            "that k is best on the test set. Choosing with the test set uses it up: its score is then no longer an "
            "honest estimate. Use cross_val_score on X_train, y_train with cv=folds."
        )
    if 0 <= value < len(ks) and ks[value] in right:
        if value not in ks:
            return "incorrect", _("that looks like a position in k_values (np.argmax counts from 0); give the value of k itself.")
        return "incorrect", _(
            "if you used np.argmax, that is a position in k_values (counted from 0), not a k: give k_values[position]. "
            "Otherwise, compare the mean cross-validated accuracy of every k in k_values with cv=folds."
        )
    if value not in ks:
        return "incorrect", _("give one of the values in k_values.")
    return "incorrect", _(
        "for each k in k_values, compute cross_val_score(KNeighborsClassifier(n_neighbors=k), X_train, y_train, "
        "cv=folds).mean() (the folds given, so that everyone gets the same split) and keep the k with the highest mean."
    )


# --- 5. choosing k of k-means (a function) -----------------------------------------------------------


def _silhouettes(X: np.ndarray, ks: Sequence[int], seed: int) -> dict[int, float]:
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    return {
        int(k): float(silhouette_score(X, KMeans(n_clusters=int(k), n_init=10, random_state=seed).fit(X).labels_))
        for k in ks
    }


def _fresh_cluster_sets(seed: int) -> list[tuple[np.ndarray, list[int]]]:
    """Data sets with a clear best k, built here so that a learner cannot tune to them."""
    from sklearn.datasets import make_blobs

    three = make_blobs(n_samples=150, centers=[(0, 0), (6, 0), (3, 5)], cluster_std=0.8, random_state=seed)[0]
    five = make_blobs(n_samples=250, centers=[(0, 0), (8, 0), (0, 8), (8, 8), (4, 4)], cluster_std=0.7, random_state=seed + 1)[0]
    two = make_blobs(n_samples=120, centers=[(0, 0, 0), (5, 5, 5)], cluster_std=1.0, random_state=seed + 2)[0]
    return [(three, [2, 3, 4, 5, 6]), (five, [6, 5, 4, 3, 2, 7]), (two, list(range(2, 7)))]


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text[:120]}" if text else type(exc).__name__


@exercise("ch02_choose_k")
def _choose_k(answer: Any, *, X: Any, k_values: Any, seed: Any) -> tuple[Status, str]:
    """A function ``choose_k(X, k_values)`` that returns the k of k-means with the highest mean silhouette."""
    data = _features(X, "X")
    ks = _values(k_values, "k_values")
    if min(ks) < 2 or max(ks) >= len(data):
        raise ValueError(f"k_values must lie between 2 and the number of rows - 1 ({len(data) - 1}), got {ks}")
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"seed must be the notebook's SEED (an integer), not {seed!r}")
    if not callable(answer):
        return "incorrect", _("the answer is a function: define choose_k(X, k_values) and pass choose_k itself (no parentheses).")
    cases = [(data, ks), *_fresh_cluster_sets(int(seed))]
    got, right = [], []
    for X_case, ks_case in cases:
        scores = _silhouettes(X_case, ks_case, int(seed))
        right.append({k for k, score in scores.items() if score >= max(scores.values()) - 0.01})
        try:
            value = answer(X_case.copy(), list(ks_case))
        except Exception as exc:  # noqa: BLE001 - a learner's function may fail in any way
            return "incorrect", _("your function raised {error} when called as choose_k(X, k_values).").format(error=_short(exc))
        if _whole_number(value) is None:
            return "incorrect", _("choose_k should return one k (a whole number from k_values), got {type}.").format(type=type(value).__name__)
        got.append(_whole_number(value))
    if all(g in r for g, r in zip(got, right, strict=True)):
        return "correct", _("it picks the right number of groups on the lesson's points and on fresh data sets.")
    wrong = [(g, ks_case, r) for g, (_x, ks_case), r in zip(got, cases, right, strict=True) if g not in r]
    if all(g == max(ks_case) for g, ks_case, _r in wrong):
        return "incorrect", _(
            "your function returned the largest k. Inertia always falls as k grows, so its minimum says nothing; "
            "compare the mean silhouette (silhouette_score(X, labels)) and keep its maximum."
        )
    if all(0 <= g < len(ks_case) and ks_case[g] in r for g, ks_case, r in wrong):
        return "incorrect", _("that looks like a position in k_values (np.argmax counts from 0); return the value of k itself.")
    if any(g not in ks_case for g, ks_case, _r in wrong):
        return "incorrect", _("return one of the values in k_values (they are not always sorted, nor always start at 2).")
    return "incorrect", _(
        "on a data set with a clear number of groups your function chose another k. For each k, fit "
        "KMeans(n_clusters=k, n_init=10, random_state=...) and compute silhouette_score(X, model.labels_); "
        "return the k with the highest score."
    )


# --- 6. how many principal components ----------------------------------------------------------------


def _components_for(X: np.ndarray, share: float) -> int:
    from sklearn.decomposition import PCA

    cumulative = np.cumsum(PCA(svd_solver="full").fit(X).explained_variance_ratio_)
    return int(np.searchsorted(cumulative, share - 1e-12)) + 1


@exercise("ch02_pca_components")
def _pca_components(answer: Any, *, X: Any, share: Any) -> tuple[Status, str]:
    """Smallest number of principal components whose cumulative explained variance reaches ``share``."""
    from sklearn.preprocessing import StandardScaler

    data = _features(X, "X")
    target = as_number(share)
    if target is None or not 0 < target < 1:
        raise ValueError(f"share must be a number between 0 and 1 (0.9 for 90%), got {share!r}")
    expected = _components_for(data, target)
    hint = _(
        "find the first position where the running sum of explained_variance_ratio_ reaches the share, for "
        "example with np.argmax(cumulative >= share), and remember that positions start at 0 while component "
        "counts start at 1."
    )
    value = as_number(answer)
    if value is not None and math.isfinite(value) and value != int(value):
        return "incorrect", _("a number of components is a whole number.") + " " + hint
    scaled = StandardScaler().fit_transform(data)
    scaled = scaled[:, np.std(data, axis=0) > 0]  # constant pixels carry no variance
    return compare_number(
        answer,
        expected,
        tol=0,
        hint=hint,
        mistakes=[
            (expected - 1, _("one short: np.argmax gives a position counted from 0; add 1 to get a number of components.")),
            (_components_for(scaled, target), _("that is the count after standardising the pixels; the exercise uses the PCA above, on the raw pixel values.")),
        ],
        praise=_("a fraction of the 64 pixel columns keeps that share of the variance."),
    )


# --- 7. lift of a rule with two items on the left -----------------------------------------------------


@exercise("ch02_lift")
def _lift(answer: Any, *, items: Any) -> tuple[Status, str]:
    """Lift of {bread, butter} -> {milk} on the one-hot basket table ``items``."""
    columns = getattr(items, "columns", None)
    if columns is None or not {"bread", "butter", "milk"} <= set(columns):
        raise ValueError("items must be the one-hot basket table (a DataFrame with the columns bread, butter and milk)")
    bread, butter, milk = (np.asarray(items[c], dtype=bool) for c in ("bread", "butter", "milk"))
    lhs = bread & butter
    if not lhs.any() or not milk.any():
        return unjudged(_("no basket holds both bread and butter, or none holds milk, so the rule has no lift; use baskets that do."))
    confidence = float(np.mean(milk[lhs]))
    expected = confidence / float(np.mean(milk))
    mistakes = [
        (confidence, _("that is the confidence; divide it by the support of milk to get the lift.")),
        (float(np.mean(lhs & milk)), _("that is the support of the rule (baskets with all three items); the lift starts from the confidence.")),
    ]
    if bread.any():
        mistakes.append((float(np.mean(milk[bread]) / np.mean(milk)), _("that is the lift of bread -> milk; the left side needs both bread and butter.")))
    return compare_number(
        answer,
        expected,
        tol=0.005,
        hint=_(
            "confidence = (baskets with bread, butter and milk) / (baskets with bread and butter); then divide "
            "by the share of all baskets that contain milk."
        ),
        mistakes=mistakes,
        praise=_("compare it with 1: above 1, bread and butter make milk more likely than in an average basket."),
    )


# --- 8. the decision rule: accuracy within noise, inside the latency budget (a function) --------------

_COLUMNS = ("cv_accuracy", "ms_per_row")


def _reference_pick(table: Any, budget_ms: float, margin: float, *, budget: bool = True, near: bool = True, accuracy: bool = True, strict: bool = False) -> Any:
    """The rule, and (with a switch off) the usual ways to get it wrong."""
    fits = table["ms_per_row"] < budget_ms if strict else table["ms_per_row"] <= budget_ms
    pool = table[fits] if budget else table
    if pool.empty:
        return None
    if accuracy:
        pool = pool[pool["cv_accuracy"] >= pool["cv_accuracy"].max() - (margin if near else 0) - 1e-12]
    return pool["ms_per_row"].idxmin()


def _fresh_tables(names: Sequence[str]) -> list[tuple[Any, float, float]]:
    """Tables on which each wrong rule gives another answer than the right one."""
    import pandas as pd

    def table(rows: list[tuple[float, float]]) -> Any:
        return pd.DataFrame(rows, index=list(names[: len(rows)]), columns=list(_COLUMNS))

    return [
        # the most accurate is too slow; two within the margin, the faster one is less accurate
        (table([(0.90, 5.0), (0.86, 0.8), (0.85, 0.3), (0.70, 0.1)]), 1.0, 0.02),
        # with no margin the best fitting model wins; a model exactly at the budget fits
        (table([(0.80, 2.0), (0.78, 0.5), (0.74, 0.2), (0.60, 0.05)]), 2.0, 0.0),
        # nothing fits the budget
        (table([(0.75, 3.0), (0.72, 4.0), (0.70, 2.5)]), 1.0, 0.05),
        # one candidate only
        (table([(0.66, 0.4)]), 1.0, 0.03),
        # a large margin: all fitting models are "as good", take the fastest of them
        (table([(0.91, 0.9), (0.89, 0.6), (0.88, 0.2), (0.95, 12.0), (0.70, 0.01)]), 1.0, 0.05),
    ]


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    try:
        return bool(a == b)
    except Exception:  # noqa: BLE001 - an odd return value is simply not the same
        return False


@exercise("ch02_pick_model")
def _pick_model(answer: Any, *, candidates: Any, budget_ms: Any, margin: Any) -> tuple[Status, str]:
    """A function ``pick_model(candidates, budget_ms, margin)`` implementing the lesson's decision rule."""
    import pandas as pd

    if not isinstance(candidates, pd.DataFrame) or not set(_COLUMNS) <= set(candidates.columns) or candidates.empty:
        raise ValueError("candidates must be the lesson's DataFrame, one row per model, with columns cv_accuracy and ms_per_row")
    budget, noise = as_number(budget_ms), as_number(margin)
    if budget is None or not math.isfinite(budget) or budget <= 0:
        raise ValueError(f"budget_ms must be a positive number of milliseconds, got {budget_ms!r}")
    if noise is None or not math.isfinite(noise) or noise < 0:
        raise ValueError(f"margin must be a number >= 0 (an accuracy difference, such as 0.03), got {margin!r}")
    if not callable(answer):
        return "incorrect", _("the answer is a function: define pick_model(candidates, budget_ms, margin) and pass pick_model itself.")
    names = [f"model {letter}" for letter in "ABCDE"]
    cases = [(candidates.copy(), budget, noise), *_fresh_tables(names)]
    got = []
    for table, case_budget, case_margin in cases:
        try:
            got.append(answer(table.copy(), case_budget, case_margin))
        except Exception as exc:  # noqa: BLE001 - a learner's function may fail in any way
            empty = "" if (table["ms_per_row"] <= case_budget).any() else _(" (on a table where no model fits the budget)")
            return "incorrect", _("your function raised {error}{where}.").format(error=_short(exc), where=empty)

    def matches(**switches: bool) -> bool:
        return all(_same(g, _reference_pick(t, b, m, **switches)) for g, (t, b, m) in zip(got, cases, strict=True))

    if matches():
        return "correct", _("the rule buys accuracy only when the gain is larger than the noise, and never breaks the budget.")
    if any(isinstance(g, numbers.Integral) and not isinstance(g, bool) for g in got):
        return "incorrect", _("return the model's name (the index label, e.g. with idxmin), not its position.")
    if matches(budget=False):
        return "incorrect", _("some of your picks are slower than budget_ms: drop the models over the budget first.")
    if matches(near=False):
        return "incorrect", _(
            "your function takes the most accurate model that fits. A gain smaller than the margin is noise: "
            "among the models within margin of the best, take the fastest."
        )
    if matches(accuracy=False):
        return "incorrect", _("your function takes the fastest model that fits, whatever its accuracy; keep only those within margin of the best first.")
    if matches(strict=True):
        return "incorrect", _("a model that takes exactly budget_ms fits the budget (use <=).")
    fits = [bool((t["ms_per_row"] <= b).any()) for t, b, _m in cases]
    same = [_same(g, _reference_pick(t, b, m)) for g, (t, b, m) in zip(got, cases, strict=True)]
    if all(s or not f for s, f in zip(same, fits, strict=True)):
        return "incorrect", _("when no model fits the budget, return None: there is nothing to deploy.")
    return "incorrect", _(
        "follow the rule in three steps: keep the rows with ms_per_row <= budget_ms (None if there are none); "
        "keep those with cv_accuracy >= the best cv_accuracy among them minus margin; return the index label "
        "of the one with the smallest ms_per_row."
    )

