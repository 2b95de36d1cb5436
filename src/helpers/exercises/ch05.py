"""Checks for the exercises of chapter 5, Collecting training data (``chapters/05_training_data.ipynb``).

Every check judges the learner's own notebook: the call passes the data the lesson built (the
``sources`` table, the simulated ``crowd`` and its ``truth``, the Dawid-Skene estimates, the
breast-cancer split with the learner's noisy labels, the digits pool), and the check computes
the expected answer from them. Exercises answered with a function are called on inputs the check
builds (other limits, other annotator pairs, other probability tables), so a number printed in the
notebook never passes.

Example:
    >>> import numpy as np
    >>> from helpers import check
    >>> crowd = np.array([[1, 1, 0, 1, 0], [0, 0, 0, 1, 1], [1, 0, 1, 1, 0], [0, 1, 1, 0, 0]])
    >>> truth = np.array([1, 0, 1, 1])
    >>> check.ch05_best_three(None, crowd=crowd, truth=truth).status
    'unanswered'
    >>> check.ch05_best_three(1.0, crowd=crowd, truth=truth).status
    'correct'
    >>> check.ch05_best_three(0.75, crowd=crowd, truth=truth).message  # the majority of all five
    'that is the majority of all five annotators; keep only columns 0 to 2 (A, B and C).'
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from helpers.check import Status, as_number, compare_number, exercise, percent_hint, unjudged
from helpers.i18n import _

COST, PER_DAY, ACCURACY = "cost per label ($)", "labels per day", "label accuracy"


# --- shared validation -----------------------------------------------------------------------------


def _binary_table(value: Any, name: str, *, min_columns: int = 1) -> Any:
    """``value`` as an integer array items x annotators of 0/1 labels, or raise ValueError."""
    import numpy as np

    table = np.asarray(value)
    if table.ndim != 2 or table.shape[0] < 2 or table.shape[1] < min_columns:
        raise ValueError(
            f"{name} must be the items x annotators table of 0/1 labels the lesson built "
            f"(at least {min_columns} columns), got shape {table.shape}"
        )
    if not np.isin(table, (0, 1)).all():
        raise ValueError(f"{name} must hold only 0 (ok) and 1 (spam) labels")
    return table.astype(int)


def _binary_vector(value: Any, name: str, length: int | None = None) -> Any:
    import numpy as np

    vector = np.asarray(value)
    if vector.ndim != 1 or (length is not None and len(vector) != length):
        raise ValueError(f"{name} must be a 1-D array of 0/1 labels" + (f" with {length} entries" if length else ""))
    if not np.isin(vector, (0, 1)).all():
        raise ValueError(f"{name} must hold only 0 and 1")
    return vector.astype(int)


def _call(func: Callable[..., Any], *args: Any) -> tuple[Any, str]:
    """(result, "") or (None, a message saying what went wrong): a broken function is feedback, not an error."""
    try:
        return func(*args), ""
    except Exception as exc:  # noqa: BLE001 - any error in the learner's code becomes a hint
        return None, _("your function raised {error}: {message}").format(error=type(exc).__name__, message=str(exc)[:200])


def _not_a_function(answer: Any, what: str) -> tuple[Status, str]:
    return "incorrect", _("expected a function ({what}), got {type}; define it with def and pass its name without calling it.").format(
        what=what, type=type(answer).__name__
    )


# --- exercise 1: which sources fit -------------------------------------------------------------------


def _fits(sources: Any, n_labels: float, max_days: float, max_cost: float, min_accuracy: float, *, strict: bool = False,
          accuracy: bool = True, n_for_cost: float | None = None) -> set[str]:
    """The sources that meet the limits (``strict``, ``accuracy=False`` and ``n_for_cost`` model mistakes)."""
    n_cost = n_labels if n_for_cost is None else n_for_cost
    cost = n_cost * sources[COST]
    days = n_cost / sources[PER_DAY]
    if strict:
        keep = (cost < max_cost) & (days < max_days) & (sources[ACCURACY] > min_accuracy)
    else:
        keep = (cost <= max_cost + 1e-9) & (days <= max_days + 1e-9) & (sources[ACCURACY] >= min_accuracy - 1e-9)
    if not accuracy:
        keep = (cost <= max_cost + 1e-9) & (days <= max_days + 1e-9)
    return {str(name) for name in sources.index[keep.to_numpy()]}


def _as_names(result: Any) -> set[str] | None:
    """The learner's result as a set of source names, or None if it is not a collection of names."""
    if isinstance(result, (str, bytes)) or result is None:
        return None
    if hasattr(result, "index") and hasattr(result, "columns"):  # a filtered DataFrame: its row names
        result = result.index
    try:
        names = list(result)
    except TypeError:
        return None
    if not all(isinstance(n, str) for n in names):
        return None
    return set(names)


# Limits the check tries: the marketing demo, a small order with the limits exactly met, a big order.
_CASES = [
    (5_000, 5, 1_000, 0.88),
    (2_000, 5, 1_000, 0.90),
    (500, 2, 300, 0.90),
    (100_000, 30, 20_000, 0.70),
    (300, 1, 150, 0.93),
]


@exercise("ch05_source")
def _source(answer: Any, *, sources: Any) -> tuple[Status, str]:
    """A function sources_that_fit(sources, n_labels, max_days, max_cost, min_accuracy) -> the names that fit."""
    import pandas as pd

    if not isinstance(sources, pd.DataFrame) or not {COST, PER_DAY, ACCURACY} <= set(sources.columns):
        raise ValueError(f"sources must be the lesson's table of label sources, with the columns {COST!r}, {PER_DAY!r} and {ACCURACY!r}")
    if not callable(answer):
        return _not_a_function(answer, _("sources_that_fit(sources, n_labels, max_days, max_cost, min_accuracy)"))
    # the order size the table's derived columns were computed for, to recognise answers that reuse them
    ordered = [int(m.group(1).replace(",", "")) for c in sources.columns if (m := re.match(r"cost of ([\d,]+)", str(c)))]
    method = _(
        "for each source compute the cost (n_labels x cost per label) and the days (n_labels / labels per day), "
        "keep the rows within all three limits, and return their names (the index) as a list."
    )
    for n_labels, max_days, max_cost, min_accuracy in _CASES:
        result, error = _call(answer, sources.copy(), n_labels, max_days, max_cost, min_accuracy)
        if error:
            return "incorrect", error + " " + method
        names = _as_names(result)
        if names is None:
            return "incorrect", _("return the names of the sources that fit as a list of strings (possibly empty), got {type}. ").format(
                type=type(result).__name__) + method
        if names == _fits(sources, n_labels, max_days, max_cost, min_accuracy):
            continue
        if names == _fits(sources, n_labels, max_days, max_cost, min_accuracy, accuracy=False):
            return "incorrect", _("a source that fails the accuracy limit is in your list: keep only sources whose label accuracy is at least min_accuracy.")
        if names == _fits(sources, n_labels, max_days, max_cost, min_accuracy, strict=True):
            return "incorrect", _("a source that meets a limit exactly is missing: 'within 5 days' and 'at most $1,000' include the limit itself, so compare with <= (and >= for the accuracy).")
        if any(names == _fits(sources, n_labels, max_days, max_cost, min_accuracy, n_for_cost=n) for n in ordered):
            return "incorrect", _("your function uses the table's cost and days columns, which were computed for another number of labels: compute cost and days from n_labels.")
        return "incorrect", _("for n_labels={n}, max_days={days}, max_cost={cost}, min_accuracy={accuracy} your list differs from the sources that fit. ").format(
            n=n_labels, days=max_days, cost=max_cost, accuracy=min_accuracy) + method
    demo = ", ".join(sorted(_fits(sources, *_CASES[0]))) or _("none")
    return "correct", _(
        "your rule picks the right sources for every order we tried, including limits met exactly. Marketing's demo "
        "can use: {names}. Check why each other source fails: a cheap source can still fail the accuracy limit."
    ).format(names=demo)


# --- exercise 2: Cohen's kappa by hand -------------------------------------------------------------


def _kappa_variants(a: Any, b: Any) -> dict[str, float]:
    """Cohen's kappa of two 0/1 arrays and the usual wrong versions of it."""
    p_o = float((a == b).mean())
    pa, pb = float(a.mean()), float(b.mean())
    p_e = pa * pb + (1 - pa) * (1 - pb)
    pooled = (pa + pb) / 2
    p_e_pooled = pooled**2 + (1 - pooled) ** 2

    def kappa(chance: float) -> float:
        return (p_o - chance) / (1 - chance) if chance < 1 else math.nan

    return {"right": kappa(p_e), "raw": p_o, "spam only": kappa(pa * pb), "pooled": kappa(p_e_pooled)}


@exercise("ch05_kappa")
def _kappa(answer: Any, *, crowd: Any) -> tuple[Status, str]:
    """A function kappa(a, b): Cohen's kappa of two 0/1 label arrays, written by hand."""
    import numpy as np

    table = _binary_table(crowd, "crowd", min_columns=2)
    if not callable(answer):
        return _not_a_function(answer, _("kappa(a, b) for two arrays of 0/1 labels"))
    pairs = [(table[:, i], table[:, j]) for i in range(table.shape[1]) for j in range(i + 1, table.shape[1])]
    pairs.append((np.array([1, 1, 0, 0, 0, 1, 0, 0]), np.array([1, 0, 0, 0, 1, 1, 0, 0])))  # a small pair by hand
    results, variants = [], []
    for a, b in pairs:
        value, error = _call(answer, a.copy(), b.copy())
        if error:
            return "incorrect", error
        number = as_number(value)
        if number is None or not math.isfinite(number):
            return "incorrect", _("kappa(a, b) must return a single finite number, got {value!r}.").format(value=value)
        results.append(number)
        variants.append(_kappa_variants(a, b))
    results = np.array(results)

    def matches(key: str) -> bool:
        return bool(np.allclose(results, [v[key] for v in variants], atol=1e-6))

    if matches("right"):
        return "correct", _(
            "your kappa matches on every pair of annotators. Kappa is far below the raw agreement when an annotator "
            "like D says spam so often that much of the agreement would happen by chance anyway."
        )
    if matches("raw"):
        return "incorrect", _("that is the raw agreement p_o; kappa still has to remove the agreement expected by chance, p_e.")
    if matches("spam only"):
        return "incorrect", _("p_e counts only the chance that both say spam; add the chance that both say ok, (1 - share of a) x (1 - share of b).")
    if matches("pooled"):
        return "incorrect", _("you used the two annotators' pooled spam share for both (that is Scott's pi); Cohen's p_e uses each annotator's own share.")
    return "incorrect", _(
        "p_o is the share of items with the same label; p_e = P(a says spam) x P(b says spam) + P(a says ok) x P(b says ok), "
        "each share from that annotator's own labels; kappa = (p_o - p_e) / (1 - p_e)."
    )


# --- exercise 3: the majority of A, B and C -----------------------------------------------------------


def _majority(table: Any) -> Any:
    from helpers.agreement import majority_vote

    return majority_vote(table)


@exercise("ch05_best_three")
def _best_three(answer: Any, *, crowd: Any, truth: Any) -> tuple[Status, str]:
    """Accuracy of the majority vote of the first three annotators (A, B, C)."""
    import numpy as np

    table = _binary_table(crowd, "crowd")
    labels = _binary_vector(truth, "truth", len(table))
    if table.shape[1] < 5:
        return unjudged(_("the exercise compares three annotators with all five; the crowd has {n} columns. Use the lesson's five annotators.").format(n=table.shape[1]))
    expected = float((_majority(table[:, :3]) == labels).mean())
    five = float((_majority(table) == labels).mean())
    return compare_number(
        answer,
        expected,
        tol=0.0005,
        hint=_(
            "keep the first three columns of `crowd` (A, B, C), take each comment's majority label "
            "(majority_vote, or: at least 2 of the 3 say spam), and compare with `truth`: the share of "
            "matches is the accuracy, a number between 0 and 1."
        ),
        percent=percent_hint(_("accuracy")),
        mistakes=[
            (five, _("that is the majority of all five annotators; keep only columns 0 to 2 (A, B and C).")),
            (1 - expected, _("that is the share of comments the majority gets wrong; the accuracy is the share it gets right.")),
            (float((table[:, 0] == labels).mean()), _("that is annotator A alone; take the majority of A, B and C.")),
        ],
        praise=_(
            "compare it with the majority of all five: D's and E's votes add more noise than information, so "
            "fewer, better labels can be worth more than many."
        ),
    )


# --- exercise 4: the weighted vote by hand -------------------------------------------------------------


def _log_odds(table: Any, priors: Any, confusion: Any, *, prior: bool = True, ok_votes: bool = True) -> Any:
    import numpy as np

    sensitivity, specificity = confusion[:, 1, 1], confusion[:, 0, 0]
    spam_weight = np.log(sensitivity / (1 - specificity))
    ok_weight = np.log((1 - sensitivity) / specificity)
    score = (table == 1) @ spam_weight + ((table == 0) @ ok_weight if ok_votes else 0.0)
    return score + (np.log(priors[1] / priors[0]) if prior else 0.0)


@exercise("ch05_weighted_vote")
def _weighted_vote(answer: Any, *, crowd: Any, priors: Any, confusion: Any) -> tuple[Status, str]:
    """Number of comments on which the weighted (Dawid-Skene) vote overrules the majority of all annotators."""
    import numpy as np

    table = _binary_table(crowd, "crowd")
    priors, confusion = np.asarray(priors, dtype=float), np.asarray(confusion, dtype=float)
    if priors.shape != (2,) or confusion.shape != (table.shape[1], 2, 2):
        return unjudged(_(
            "the weighted vote of this exercise is written for two classes: pass priors=ds.priors and "
            "confusion=ds.confusion from agreement.dawid_skene(crowd) on the lesson's 0/1 crowd."
        ))
    if not (np.all(confusion > 0) and np.all(confusion < 1) and np.all(priors > 0)):
        return unjudged(_("some estimated probabilities are exactly 0 or 1, so a vote weight is infinite; use the lesson's dawid_skene result (it smooths them)."))
    majority = _majority(table)

    def overruled(**kwargs: bool) -> float:
        return float(((_log_odds(table, priors, confusion, **kwargs) > 0).astype(int) != majority).sum())

    return compare_number(
        answer,
        overruled(),
        tol=0.5,
        hint=_(
            "for each comment add log(share of spam / share of ok) to the weights of its five votes (a 'spam' vote "
            "adds log(sensitivity / (1 - specificity)), an 'ok' vote adds log((1 - sensitivity) / specificity)), "
            "call it spam when the sum is above 0, and count the comments where that label differs from the "
            "majority of all five votes."
        ),
        mistakes=[
            (overruled(prior=False), _("you left out the prior: start every comment's sum at log(share of spam / share of ok), from ds.priors.")),
            (overruled(ok_votes=False), _("an 'ok' vote weighs too: it adds log((1 - sensitivity) / specificity), a negative number, for that annotator.")),
        ],
        praise=_(
            "on those comments the careful annotators outvote D's and E's labels. Look at a few of them: the weighted "
            "vote sides with A and B against the three others."
        ),
    )


# --- exercise 5: correcting the threshold for a known flip rate ---------------------------------------


@exercise("ch05_flip_correction")
def _flip_correction(answer: Any, *, X_train: Any, y_train: Any, y_noisy: Any, X_test: Any, y_test: Any) -> tuple[Status, str]:
    """Test recall of the model trained on one-sided noisy labels at the threshold 0.5 x (1 - flip rate)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    X_train, X_test = np.asarray(X_train, dtype=float), np.asarray(X_test, dtype=float)
    clean = _binary_vector(y_train, "y_train", len(X_train))
    noisy = _binary_vector(y_noisy, "y_noisy", len(X_train))
    truth = _binary_vector(y_test, "y_test", len(X_test))
    if np.any((clean == 0) & (noisy == 1)):
        return unjudged(_("y_noisy turns some benign tumours malignant: the correction 0.5 x (1 - flip rate) is for one-sided noise only; use corrupt(..., 'one-sided', ...)."))
    flip_rate = float(1 - noisy[clean == 1].mean())
    if flip_rate == 0:
        return unjudged(_("no label was flipped, so there is nothing to correct; use a noise rate above 0."))
    if flip_rate == 1 or noisy.min() == noisy.max():
        return unjudged(_("every malignant label was flipped, so the model never saw a malignant tumour; use a noise rate below the malignant share."))
    proba = LogisticRegression(max_iter=1_000).fit(X_train, noisy).predict_proba(X_test)[:, 1]

    def recall(threshold: float) -> float:
        return float((proba[truth == 1] >= threshold).mean())

    threshold = 0.5 * (1 - flip_rate)
    share_of_all = float((noisy != clean).mean())
    return compare_number(
        answer,
        recall(threshold),
        tol=0.0005,
        hint=_(
            "the flip rate is the share of truly malignant training tumours (y_train == 1) that y_noisy records as "
            "benign; call malignant every test tumour whose predicted probability is at least 0.5 x (1 - flip rate), "
            "and report the share of malignant test tumours (y_test == 1) caught."
        ),
        percent=percent_hint(_("recall")),
        mistakes=[
            (recall(0.5), _("that is the recall at the default threshold 0.5; lower it to 0.5 x (1 - flip rate).")),
            (recall(0.5 * (1 - share_of_all)), _("the flip rate is per malignant tumour: divide the flipped labels by the number of malignant training tumours, not by all of them.")),
            (float(((proba >= threshold).astype(int) == truth).mean()), _("that is the accuracy at the corrected threshold; the exercise asks for the recall on malignant tumours.")),
        ],
        praise=_(
            "compare it with the recall at 0.5 and with the threshold chosen on the gold set: knowing the flip rate "
            "corrects the threshold without any clean label, as far as the model's probabilities follow the "
            "factor (1 - flip rate)."
        ),
    )


# --- exercise 6: an uncertainty-sampling step -----------------------------------------------------------


def _probability_tables(X_pool: Any, y_pool: Any) -> list[Any]:
    """Realistic probability tables (a model trained on two images per digit) and edge cases."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    X_pool, y_pool = np.asarray(X_pool, dtype=float), np.asarray(y_pool)
    start = np.concatenate([np.flatnonzero(y_pool == digit)[:2] for digit in np.unique(y_pool)])
    model = LogisticRegression(max_iter=500).fit(X_pool[start], y_pool[start])
    proba = model.predict_proba(X_pool[:300])
    return [
        proba,
        np.array([[0.5, 0.5], [0.9, 0.1], [0.3, 0.7], [0.55, 0.45]]),  # two classes
        np.array([[0.4, 0.4, 0.2], [0.1, 0.3, 0.6], [1 / 3, 1 / 3, 1 / 3], [0.2, 0.7, 0.1]]),  # ties and a uniform row
    ]


def _margin_variants(proba: Any) -> dict[str, Any]:
    import numpy as np

    ordered = np.sort(proba, axis=1)
    gap = ordered[:, -1] - ordered[:, -2]
    return {
        "right": -gap,
        "sign": gap,
        "least confidence": 1 - ordered[:, -1],
        "largest minus smallest": -(ordered[:, -1] - ordered[:, 0]),
    }


@exercise("ch05_margin")
def _margin(answer: Any, *, X_pool: Any, y_pool: Any) -> tuple[Status, str]:
    """A function margin(proba): minus the gap between the two largest probabilities of each row."""
    import numpy as np

    if len(X_pool) != len(y_pool) or len(np.unique(y_pool)) < 2:
        raise ValueError("X_pool and y_pool must be the lesson's pool of images and their labels (same length, several digits)")
    if not callable(answer):
        return _not_a_function(answer, _("margin(proba) returning one uncertainty per row"))
    found = set()
    for proba in _probability_tables(X_pool, y_pool):
        value, error = _call(answer, proba.copy())
        if error:
            return "incorrect", error
        try:
            scores = np.asarray(value, dtype=float).reshape(-1)
        except (TypeError, ValueError):
            return "incorrect", _("margin(proba) must return an array of numbers, one per row of proba.")
        if scores.shape != (len(proba),):
            return "incorrect", _("margin(proba) must return one number per row of proba ({rows} rows), got shape {shape}; sort along axis=1.").format(
                rows=len(proba), shape=np.shape(value))
        variants = _margin_variants(proba)
        # a constant shift (1 - gap instead of -gap) ranks the items the same: accept it
        matched = [key for key, ref in variants.items() if np.allclose(scores - ref, np.mean(scores - ref), atol=1e-9)]
        if not matched:
            return "incorrect", _(
                "sort each row (np.sort(proba, axis=1)), take the largest and the second largest probability, and "
                "return minus their difference, so that a small gap (a hesitating model) gives a high uncertainty."
            )
        found.add(matched[0])
    if found == {"right"}:
        return "correct", _(
            "a small gap between the two most probable digits marks the images the model confuses. Run the campaigns "
            "with it and compare with least confidence and random sampling."
        )
    if "sign" in found:
        return "incorrect", _("larger must mean more uncertain: return minus the gap, so that the items with the smallest gap are bought first.")
    if "least confidence" in found:
        return "incorrect", _("that is least confidence (1 - the top probability); margin sampling looks at the gap between the top two.")
    return "incorrect", _("use the second largest probability, not the smallest: np.sort(proba, axis=1)[:, -2].")
