"""Checks for the exercises of chapter 3, Evaluating results (``chapters/03_evaluation.ipynb``).

Every check judges the learner's own notebook: the call passes the data the lesson built (the test
labels and churn probabilities, the validation predictions, the regression split, the prices) and
the check computes the expected answer from them. A learner who changes ``SEED``,
``CHURN_SHARE``, ``TEST_SIZE`` or the prices is judged on that setting; a setting where an
exercise makes no sense gets "cannot judge" with the reason. Arguments that are not the lesson's
data (wrong lengths, labels that are not 0/1) raise a clear error: that is a slip in the call, not
a wrong answer.

"Within noise" (exercise 6) has one meaning here and in the lesson (see :func:`within_noise`): two
thresholds differ only in the customers scored between them, and offers to those customers pay when
they churn more often than the break-even rate cost / value. The data cannot tell the thresholds
apart when the break-even rate lies inside the 95% Wilson interval of those customers' churn rate.

Example:
    >>> from helpers import check
    >>> check.ch03_precision(None).status
    'unanswered'
    >>> check.ch03_auc(0.5, labels=[0, 0, 1, 1], scores=[0.1, 0.8, 0.4, 0.9]).status
    'incorrect'
    >>> check.ch03_profit_threshold(0.3, y_valid=[0, 1], proba_valid=[0.2, 0.7], value=20, cost=25, old_cost=10).status
    'unjudged'
"""

from __future__ import annotations

import math
from typing import Any

from helpers.check import Status, as_number, as_numbers, compare_number, exercise, percent_hint, unjudged
from helpers.i18n import _

# --- validating what the notebook passes --------------------------------------------------------


def _labels(value: Any, name: str, n: int | None = None) -> Any:
    """0/1 labels (booleans accepted) as an int array, of length ``n`` when given."""
    import numpy as np

    array = np.asarray(value)
    if array.ndim != 1 or (n is not None and len(array) != n) or len(array) < 2:
        wanted = f"{n} values" if n is not None else "at least two values"
        raise ValueError(f"{name} must hold one 0/1 label per customer ({wanted}), got shape {array.shape}")
    try:
        numeric = array.astype(float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must hold 0/1 labels, not {array.dtype}") from None
    if not np.isin(numeric, (0.0, 1.0)).all():
        raise ValueError(f"{name} must hold 0/1 labels (1 = churned); pass the lesson's {name}")
    return numeric.astype(int)


def _probabilities(value: Any, name: str, n: int) -> Any:
    """Predicted probabilities as a float array of length ``n``."""
    import numpy as np

    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be predicted probabilities (an array of numbers)") from None
    if array.ndim != 1 or len(array) != n:
        raise ValueError(f"{name} must hold one probability per label ({n}), got shape {array.shape}")
    if not (np.isfinite(array).all() and (array >= 0).all() and (array <= 1).all()):
        raise ValueError(f"{name} must hold probabilities between 0 and 1")
    return array


def _targets(value: Any, name: str) -> Any:
    """Regression targets as a finite float array."""
    import numpy as np

    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be the lesson's regression targets (numbers)") from None
    if array.ndim != 1 or len(array) < 2 or not np.isfinite(array).all():
        raise ValueError(f"{name} must hold one finite number per patient, got shape {array.shape}")
    return array


def _count(value: Any, name: str) -> int:
    if isinstance(value, bool) or not hasattr(value, "__index__"):
        raise TypeError(f"{name} must be a whole number, not {type(value).__name__}")
    return int(value)


def _price(value: Any, name: str) -> float:
    number = as_number(value)
    if number is None or not math.isfinite(number):
        raise TypeError(f"{name} must be an amount in $ (a number), got {value!r}")
    return number


def _numbers(answer: Any) -> list[float] | None:
    """A sequence answer as a list of finite floats, or None when it is not one."""
    return as_numbers(answer)


# --- exercise 1: precision of the k calls --------------------------------------------------------


def _top_k_hits(y: Any, proba: Any, k: int) -> tuple[int, int]:
    """Fewest and most churners among the k highest scores (they differ only when scores tie at the cut)."""
    import numpy as np

    cut = np.sort(proba)[::-1][k - 1]
    above = proba > cut
    tied = proba == cut
    need = k - int(above.sum())
    hits_above = int(y[above].sum())
    tied_churners, tied_total = int(y[tied].sum()), int(tied.sum())
    return hits_above + max(0, need - (tied_total - tied_churners)), hits_above + min(need, tied_churners)


def _top_k_setting(y_test: Any, proba: Any, k: Any) -> tuple[Any, Any, int]:
    y = _labels(y_test, "y_test")
    p = _probabilities(proba, "proba", len(y))
    return y, p, _count(k, "k")


@exercise("ch03_precision")
def _precision(answer: Any, *, y_test: Any, proba: Any, k: Any) -> tuple[Status, str]:
    """Precision among the k test customers with the highest churn probability."""
    import numpy as np

    y, p, k = _top_k_setting(y_test, proba, k)
    if not 1 <= k <= len(y):
        return unjudged(_("k must be between 1 and the number of test customers ({n}); use the number of calls of the exercise.").format(n=len(y)))
    low, high = _top_k_hits(y, p, k)
    value = as_number(answer)
    tol = 0.0051  # a share rounded to two decimals passes
    if value is not None and low / k - tol <= value <= high / k + tol:
        return "correct", _("that is right.")
    bottom = float(y[np.argsort(p, kind="stable")[:k]].mean())
    positives = int(y.sum())
    mistakes = [
        (bottom, _("those are the customers least likely to churn: sort from the highest probability down (np.argsort(proba)[::-1]).")),
        (float(low), _("that is the number of churners reached; precision is that count divided by the number of calls.")),
    ]
    if positives:
        mistakes.append((low / positives, _(
            "that is the share of all churners that the calls reach (recall); precision divides by the number of calls instead."
        )))
    return compare_number(
        answer,
        low / k,
        tol=tol,
        hint=_(
            "sort the test customers by proba from high to low, keep the first {k}, and compute the share of them "
            "whose label in y_test is 1. Precision is TP / (TP + FP): everyone you call counts in the denominator."
        ).format(k=k),
        percent=percent_hint("share"),
        mistakes=mistakes,
    )


# --- exercise 2: how sure is that precision? ----------------------------------------------------


def _wald(hits: int, n: int) -> tuple[float, float]:
    share = hits / n
    half = 1.959963984540054 * math.sqrt(share * (1 - share) / n)
    return share - half, share + half


@exercise("ch03_precision_interval")
def _precision_interval(answer: Any, *, y_test: Any, proba: Any, k: Any) -> tuple[Status, str]:
    """The 95% Wilson interval of precision among the k highest-scored test customers: (low, high)."""
    from helpers.stats import proportion_interval

    y, p, k = _top_k_setting(y_test, proba, k)
    if not 1 <= k <= len(y):
        return unjudged(_("k must be between 1 and the number of test customers ({n}); use the number of calls of the exercise.").format(n=len(y)))
    hint = _(
        "count the churners among the {k} calls (the successes) and pass that count and the number of calls to "
        "proportion_interval(successes, n) from helpers.stats; it returns (low, high)."
    ).format(k=k)
    values = _numbers(answer)
    if values is None or len(values) != 2:
        return "incorrect", _("expected two numbers, (low, high).") + " " + hint
    low, high = values
    if low > high:
        return "incorrect", _("the first number must be the lower bound: give (low, high).")
    tol = 0.002
    fewest, most = _top_k_hits(y, p, k)

    def close(bounds: tuple[float, float]) -> bool:
        return abs(low - bounds[0]) <= tol and abs(high - bounds[1]) <= tol

    for hits in range(fewest, most + 1):
        if close(tuple(float(b) for b in proportion_interval(hits, k))):
            return "correct", _(
                "that is right: the true precision of such lists of {k} calls is plausibly anywhere in that range; "
                "next month's observed precision adds the noise of its own {k} calls, so it scatters a little more widely."
            ).format(k=k)
    hits = fewest
    share = hits / k
    if max(abs(low - share), abs(high - share)) <= tol:
        return "incorrect", _("that is a single share twice; the interval runs from a lower to an upper bound around it.")
    mistakes = [
        (_wald(hits, k), _(
            "that is the textbook (Wald) interval, share ± 1.96 standard errors; the exercise asks for the Wilson "
            "interval, which stays inside 0 to 1 and covers better near the edges."
        )),
        (tuple(float(b) for b in proportion_interval(hits, k, method="exact")), _(
            "that is the exact (Clopper-Pearson) interval; the exercise asks for the Wilson interval (the default method)."
        )),
        (tuple(float(b) for b in proportion_interval(hits, len(y))), _(
            "that interval is for a share of all test customers; precision is a share of the {k} calls, so n is {k}."
        ).format(k=k)),
        (tuple(float(b) for b in proportion_interval(k - hits, k)), _(
            "that interval is for the calls that reach a loyal customer; count the churners (label 1) instead."
        )),
    ]
    for bounds, message in mistakes:
        if close(bounds):
            return "incorrect", message
    if high > 1.5:
        return "incorrect", _("almost: those look like percentages; give both bounds as shares between 0 and 1.")
    return "incorrect", hint


# --- exercise 3: the book's ROC example ---------------------------------------------------------


def _pair_auc(labels: Any, scores: Any) -> float:
    """Share of (positive, negative) pairs ordered correctly, ties counting half."""
    positives, negatives = scores[labels == 1], scores[labels == 0]
    wins = (positives[:, None] > negatives[None, :]).sum() + 0.5 * (positives[:, None] == negatives[None, :]).sum()
    return float(wins / (len(positives) * len(negatives)))


@exercise("ch03_auc")
def _auc(answer: Any, *, labels: Any, scores: Any) -> tuple[Status, str]:
    """AUC of the book's example after the negative scored 0.8 drops to 0.3."""
    import numpy as np

    y = _labels(labels, "labels")
    s = _probabilities(scores, "scores", len(y))
    moved = (y == 0) & np.isclose(s, 0.8)
    if y.min() == y.max() or not moved.any():
        return unjudged(_("the exercise moves the negative item scored 0.8; pass the book's book_labels and book_scores."))
    fixed = np.where(moved, 0.3, s)
    expected = _pair_auc(y, fixed)
    return compare_number(
        answer,
        expected,
        tol=0.005,
        hint=_(
            "change only the score 0.8 to 0.3 and keep the labels. Then either call roc_auc_score(labels, new_scores), "
            "or count the (positive, negative) pairs in which the positive has the higher score and divide by the "
            "number of such pairs."
        ),
        percent=percent_hint("AUC"),
        mistakes=[
            (_pair_auc(y, s), _("that is the AUC before the change: replace the score 0.8 by 0.3 first.")),
            (1 - expected, _("that counts the pairs the model orders wrongly; count those where the positive scores higher.")),
        ],
    )


# --- exercise 4: the median baseline ------------------------------------------------------------


@exercise("ch03_median_mae")
def _median_mae(answer: Any, *, y_train: Any, y_test: Any) -> tuple[Status, str]:
    """MAE on the test targets of always predicting the median of the training targets."""
    import numpy as np

    train, test = _targets(y_train, "y_train"), _targets(y_test, "y_test")
    expected = float(np.mean(np.abs(test - np.median(train))))
    status, message = compare_number(
        answer,
        expected,
        tol=0.01,
        hint=_(
            "take the median of the training targets, predict it for every test patient, and average the absolute "
            "differences to the test targets (mean_absolute_error, or DummyRegressor(strategy='median'))."
        ),
        mistakes=[
            (float(np.mean(np.abs(test - np.median(test)))), _(
                "that uses the median of the test targets; a baseline may only learn from the training targets "
                "(the test set is unknown when you build it)."
            )),
            (float(np.mean(np.abs(test - np.mean(train)))), _(
                "that is the mean baseline's MAE from the table above; predict the median of the training targets instead."
            )),
            (float(np.median(np.abs(test - np.median(train)))), _(
                "that is the median of the absolute errors; MAE is their mean."
            )),
        ],
    )
    if status == "correct":
        message = _median_against_mean(train, test)
    return status, message


def _median_against_mean(train: Any, test: Any) -> str:
    """Praise that says whether the median baseline beats the mean baseline beyond the noise (paired bootstrap)."""
    import numpy as np

    from helpers.stats import bootstrap_interval

    # per patient: error of the median baseline minus error of the mean baseline (the same patients under both)
    gap = bootstrap_interval(np.mean, np.abs(test - np.median(train)) - np.abs(test - np.mean(train)), n_boot=1_000, seed=0)
    numbers = {"diff": f"{gap.estimate:+.1f}", "low": f"{gap.low:+.1f}", "high": f"{gap.high:+.1f}"}
    said = _(
        "that is right. Your MAE minus the mean baseline's, on the same patients: {diff} points (paired 95% interval "
        "{low} to {high})."
    ).format(**numbers)
    if gap.excludes(0):
        return said + " " + _("The interval excludes 0: on these patients the difference is beyond the noise.")
    return said + " " + _(
        "The interval contains 0: these patients cannot tell the two baselines apart, so do not call the median "
        "better here (it is the better constant for MAE in principle, not demonstrably on this test set)."
    )


# --- exercise 5: cross-validated MAE ------------------------------------------------------------


def _fold_maes(X: Any, y: Any, cv: Any) -> tuple[float, float]:
    """(mean of the fold MAEs, MAE of the pooled out-of-fold predictions) of a linear regression."""
    import numpy as np
    from sklearn.linear_model import LinearRegression

    X = np.asarray(X, dtype=float)
    errors, maes = np.empty(len(y)), []
    for train_rows, valid_rows in cv.split(X):
        fitted = LinearRegression().fit(X[train_rows], y[train_rows])
        errors[valid_rows] = np.abs(y[valid_rows] - fitted.predict(X[valid_rows]))
        maes.append(errors[valid_rows].mean())
    return float(np.mean(maes)), float(errors.mean())


@exercise("ch03_cv_mae")
def _cv_mae(answer: Any, *, X_train: Any, y_train: Any, X_test: Any, y_test: Any, n_splits: Any, seed: Any) -> tuple[Status, str]:
    """The linear regression's MAE estimated by shuffled k-fold cross-validation on the training rows."""
    import numpy as np
    from sklearn.linear_model import LinearRegression
    from sklearn.model_selection import KFold

    y = _targets(y_train, "y_train")
    y_held = _targets(y_test, "y_test")
    X, X_held = np.asarray(X_train, dtype=float), np.asarray(X_test, dtype=float)
    if X.ndim != 2 or len(X) != len(y) or X_held.ndim != 2 or len(X_held) != len(y_held):
        raise ValueError("X_train/y_train and X_test/y_test must be the lesson's regression split (Xr_train, yr_train, Xr_test, yr_test)")
    n_splits, seed = _count(n_splits, "n_splits"), _count(seed, "seed")
    if not 2 <= n_splits <= len(y) // 2:
        return unjudged(_("cross-validation needs between 2 and {most} folds here; use N_FOLDS = 5.").format(most=len(y) // 2))
    by_fold, pooled = _fold_maes(X, y, KFold(n_splits=n_splits, shuffle=True, random_state=seed))
    value = as_number(answer)
    if value is not None and abs(value - pooled) <= 0.01 < abs(value - by_fold):
        return "correct", _("that is right: the MAE of the pooled out-of-fold predictions is a fine cross-validation estimate too.")
    fitted = LinearRegression().fit(X, y)
    in_sample = float(np.mean(np.abs(y - fitted.predict(X))))
    on_test = float(np.mean(np.abs(y_held - fitted.predict(X_held))))
    unshuffled, _pooled = _fold_maes(X, y, KFold(n_splits=n_splits))
    return compare_number(
        answer,
        by_fold,
        tol=0.01,
        hint=_(
            "pass LinearRegression(), the training rows and KFold(n_splits=N_FOLDS, shuffle=True, random_state=SEED) "
            "to cross_val_score with scoring='neg_mean_absolute_error', and average the fold scores (with the sign "
            "turned back to positive)."
        ),
        mistakes=[
            (-by_fold, _(
                "almost: scikit-learn's scorers grow with quality, so the MAE scorer returns minus the MAE; flip the sign."
            )),
            (in_sample, _(
                "that is the error on the rows the model was fitted on, which flatters it; cross-validation scores each "
                "fold with a model that did not see it."
            )),
            (on_test, _(
                "that is the test-set MAE; cross-validation uses only the training rows, so the test set stays unused "
                "until the final report."
            )),
            (unshuffled, _(
                "those folds are blocks of consecutive rows; use KFold(n_splits=N_FOLDS, shuffle=True, random_state=SEED) "
                "so that your folds are the ones the exercise asks for."
            )),
        ],
    )


# --- exercise 6: the threshold for a pricier offer ----------------------------------------------

GRID_STEP = 0.01  # the lesson's THRESHOLDS: 0.01, 0.02, ..., 0.99


def _grid() -> Any:
    import numpy as np

    return np.round(np.arange(GRID_STEP, 1.0, GRID_STEP), 2)


def _profit(y: Any, proba: Any, threshold: float, value: float, cost: float) -> float:
    """Campaign profit in $ when customers with proba >= threshold get an offer."""
    flagged = proba >= threshold
    return float(((y == 1) & flagged).sum() * (value - cost) - ((y == 0) & flagged).sum() * cost)


def _grid_best(y: Any, proba: Any, value: float, cost: float) -> tuple[float, float]:
    """(best-profit threshold, best-F1 threshold) on the lesson's grid, the first one in case of ties."""
    import numpy as np

    grid = _grid()
    flagged = proba[:, None] >= grid[None, :]
    tp = (flagged & (y[:, None] == 1)).sum(axis=0)
    profit = tp * value - flagged.sum(axis=0) * cost
    return float(grid[np.argmax(profit)]), float(grid[np.argmax(2 * tp / (flagged.sum(axis=0) + y.sum()))])


def within_noise(y: Any, proba: Any, threshold: float, best: float, break_even: float) -> bool:
    """Can these customers tell ``threshold`` from ``best``? (the lesson's definition of "within noise")

    The two thresholds treat differently only the customers scored between them. Offers to those
    customers pay when they churn more often than ``break_even`` = cost / value, so the two are
    within noise when the break-even rate lies inside the 95% Wilson interval of those customers'
    churn rate (a test of one proportion against the break-even rate).

    Example:
        >>> import numpy as np
        >>> y, p = np.array([1, 0, 0, 1, 0, 0]), np.array([0.9, 0.5, 0.4, 0.35, 0.3, 0.1])
        >>> within_noise(y, p, 0.45, 0.2, break_even=0.1)  # 1 churner among the 3 customers in between
        True
    """
    from helpers.stats import proportion_interval

    low, high = sorted([threshold, best])
    between = (proba >= low) & (proba < high)
    if not between.any():
        return True
    ci_low, ci_high = proportion_interval(int(y[between].sum()), int(between.sum()))
    return bool(ci_low <= break_even <= ci_high)


@exercise("ch03_profit_threshold")
def _profit_threshold(
    answer: Any, *, y_valid: Any, proba_valid: Any, value: Any, cost: Any, old_cost: Any
) -> tuple[Status, str]:
    """A threshold whose validation profit at the new offer cost is within noise of the best one."""
    y = _labels(y_valid, "y_valid")
    p = _probabilities(proba_valid, "proba_valid", len(y))
    value, cost, old_cost = _price(value, "value"), _price(cost, "cost"), _price(old_cost, "old_cost")
    if not 0 < cost < value:
        return unjudged(_(
            "with an offer that costs {cost} and a customer worth {value}, no threshold can earn money (or every "
            "customer should get the offer); keep the offer cheaper than CUSTOMER_VALUE."
        ).format(cost=f"{cost:g}", value=f"{value:g}"))
    if y.sum() == 0 or y.sum() == len(y):
        return unjudged(_("the validation customers hold a single class, so there is no trade-off to judge; use another SEED."))
    hint = _(
        "on the validation customers (y_train and proba_valid), price every flagged churner at CUSTOMER_VALUE minus the new "
        "cost and every flagged loyal customer at minus the new cost, add up for each threshold in THRESHOLDS, and "
        "take the threshold with the largest total."
    )
    threshold = as_number(answer)
    if threshold is None or not math.isfinite(threshold):
        return "incorrect", _("expected a threshold (one number), got {type}.").format(type=type(answer).__name__) + " " + hint
    if not 0 < threshold < 1:
        return "incorrect", _("a threshold on a probability lies between 0 and 1, got {value}.").format(value=threshold) + " " + hint
    best, f1_best = _grid_best(y, p, value, cost)
    if _profit(y, p, threshold, value, cost) >= _profit(y, p, best, value, cost) or within_noise(y, p, threshold, best, cost / value):
        return "correct", _(
            "on the validation customers that threshold earns as much as the best one, within noise; the price of "
            "the offer moves the best threshold, dearer offers up and cheaper ones down."
        )
    old_best, _old_f1 = _grid_best(y, p, value, old_cost)
    for wrong, message in [
        (old_best, _("that is the best threshold at the old offer cost; price every offer at the new cost.")),
        (0.5, _("that is the default cut-off, which knows nothing about prices; compute the profit at every threshold.")),
        (f1_best, _("that threshold maximises F1, which weighs a wasted offer and a lost customer alike; use the prices.")),
    ]:
        if abs(threshold - wrong) < GRID_STEP / 2:
            return "incorrect", message
    return "incorrect", _(
        "on the validation customers your threshold and the best one differ by more than noise: the customers "
        "scored between the two churn at a rate clearly different from the break-even rate (cost / value)."
    ) + " " + hint


# --- exercise 7: the decision rule p * value > cost ---------------------------------------------


def _fresh_cases(proba: Any, value: float, cost: float) -> list[tuple[Any, float, float]]:
    """The lesson's probabilities at its prices, then a grid of probabilities at other prices."""
    import numpy as np

    grid = np.round(np.linspace(0.005, 0.995, 199), 3)
    return [(proba, value, cost), (grid, 100.0, 30.0), (grid, 50.0, 40.0), (grid, 250.0, 10.0), (grid, 80.0, 20.0)]


@exercise("ch03_offer_rule")
def _offer_rule(answer: Any, *, proba: Any, value: Any, cost: Any) -> tuple[Status, str]:
    """A function send_offer(proba, value, cost) -> one True/False per customer: True when the expected profit is positive."""
    import numpy as np

    p = _probabilities(proba, "proba", len(np.asarray(proba)))
    value, cost = _price(value, "value"), _price(cost, "cost")
    if not 0 < cost < value:
        return unjudged(_("the rule is only interesting when an offer costs less than a kept customer brings; keep 0 < OFFER_COST < CUSTOMER_VALUE."))
    hint = _(
        "work out what one offer earns on average for a customer with churn probability p (a kept churner brings value "
        "minus cost, a loyal customer costs the offer) and send it when that average is positive."
    )
    if not callable(answer):
        return "incorrect", _("expected a function, such as def send_offer(proba, value, cost): ..., got {type}.").format(
            type=type(answer).__name__
        ) + " " + hint
    lesson_star = cost / value
    for probabilities, v, c in _fresh_cases(p, value, cost):
        try:
            decided = answer(probabilities.copy(), v, c)
        except Exception as exc:  # noqa: BLE001 - the learner's code may fail in any way
            return "incorrect", _("your function raised {error}: {message}").format(error=type(exc).__name__, message=exc)
        try:
            decided = np.asarray(decided)
        except Exception:  # noqa: BLE001
            decided = np.asarray(None)
        if decided.shape != probabilities.shape or not (
            decided.dtype == bool or (np.issubdtype(decided.dtype, np.number) and np.isin(decided, (0, 1)).all())
        ):
            return "incorrect", _(
                "return one True/False per customer, an array as long as proba (a comparison such as proba > 0.5 gives one)."
            )
        decided = decided.astype(bool)
        clear = np.abs(probabilities * v - c) > 1e-9  # at exactly zero expected profit either answer is fine
        reference = probabilities * v > c
        if np.array_equal(decided[clear], reference[clear]):
            continue
        for wrong, message in [
            (probabilities >= 0.5, _("that is the default threshold 0.5, which ignores the value and the cost.")),
            (probabilities * v > (1 - probabilities) * c, _(
                "the offer is paid for churners too: a kept churner brings value minus cost, not the whole value."
            )),
            (probabilities * v < c, _("that sends offers where the expected profit is negative; flip the comparison.")),
            (probabilities > lesson_star, _(
                "your rule uses this notebook's prices; use the value and cost arguments (the check also tries other prices)."
            )),
        ]:
            if np.array_equal(decided[clear], wrong[clear]):
                return "incorrect", message
        return "incorrect", _("your rule disagrees with the expected-profit rule for some customers (value {value}, cost {cost}).").format(
            value=f"{v:g}", cost=f"{c:g}"
        ) + " " + hint
    return "correct", _(
        "that is the rule: for calibrated probabilities no threshold search is needed, the prices give the threshold."
    )
