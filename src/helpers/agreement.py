"""Agreement between annotators and ways to combine their labels (chapter 5).

Every function takes labels as a table with one row per item and one column per annotator
(a list of lists, a NumPy array or a DataFrame's ``.to_numpy()``). Labels can be any hashable
values (``0``/``1``, ``"spam"``/``"ok"``); a missing label is ``None`` or ``NaN``.

- :func:`cohen_kappa`: agreement of two annotators beyond chance.
- :func:`fleiss_kappa`: the same idea for any number of annotators who all labelled every item.
- :func:`majority_vote`: the most frequent label per item (ties broken at random, seeded).
- :func:`dawid_skene`: a weighted vote learnt by expectation-maximisation (Dawid & Skene, 1979).
  Its two halves, :func:`e_step` and :func:`m_step`, are public so a notebook can run them one
  at a time and watch the estimates move.

NumPy (and pandas, for tables of Python objects such as strings mixed with None) is imported
lazily, so ``import helpers.agreement`` stays cheap. Labels are encoded without a Python loop per
label (``np.bincount``, ``np.unique``, ``pandas.factorize``), so a million labels take milliseconds;
``benchmarks/agreement.py`` times the helpers against the libraries. The kappas agree with ``sklearn.metrics.cohen_kappa_score`` and ``statsmodels.stats.inter_rater.fleiss_kappa``
(the unit tests compare them).

Example:
    >>> labels = [["spam", "spam", "ok"], ["ok", "ok", "ok"], ["spam", "spam", "spam"], ["ok", "spam", "ok"]]
    >>> majority_vote(labels).tolist()
    ['spam', 'ok', 'spam', 'ok']
    >>> round(fleiss_kappa(labels), 3)
    0.333
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "DawidSkeneResult",
    "cohen_kappa",
    "dawid_skene",
    "e_step",
    "encode",
    "fleiss_kappa",
    "majority_vote",
    "m_step",
    "one_hot",
    "vote_shares",
]


# --- turning a table of labels into numbers ------------------------------------------------------

_RAGGED = "labels must be a rectangular table (items x annotators) of single labels; rows differ in length"


def _as_table(labels: Any) -> np.ndarray:
    """The labels as a 2-D array: a numeric or text array keeps its dtype, anything else holds objects."""
    import numpy as np

    if isinstance(labels, (str, bytes)):
        raise TypeError("labels must be a table (items x annotators) of labels, not a single string")
    if hasattr(labels, "__array__") and not isinstance(labels, (list, tuple)):
        table = np.asarray(labels)  # an array, a DataFrame or a Series: no conversion per label
        if table.dtype.kind not in "biufUSO":
            table = table.astype(object)
    else:
        try:
            table = np.asarray(labels, dtype=object)
        except ValueError as exc:  # ragged lists
            raise ValueError(f"labels must be a rectangular table (items x annotators): {exc}") from None
    if table.ndim == 1:
        table = table[:, None]
    if table.ndim != 2 or table.shape[0] == 0 or table.shape[1] == 0:
        raise ValueError(f"labels must be a non-empty table of items x annotators, got shape {table.shape}")
    return table


def _factorize(flat: np.ndarray) -> tuple[np.ndarray, list[Hashable]]:
    """(code of each entry into ``uniques``, -1 when missing; the distinct labels as Python values).

    Vectorised: integer labels in a small range are counted with ``np.bincount``, other numbers and
    text sorted with ``np.unique``, and Python objects (mixed with None or NaN) hashed by
    ``pandas.factorize``, which also treats None, NaN, ``pd.NA`` and ``NaT`` as missing.
    """
    import numpy as np

    kind = flat.dtype.kind
    if kind == "O":
        import pandas as pd

        try:
            codes, uniques = pd.factorize(flat)
        except TypeError:  # an unhashable entry: a list where a label should be
            raise ValueError(_RAGGED) from None
        values = [v.item() if hasattr(v, "item") else v for v in uniques]
        if any(isinstance(v, (list, tuple, dict, set)) for v in values):
            raise ValueError(_RAGGED)
        return codes, values
    missing = np.isnan(flat) if kind == "f" else None
    present = flat[~missing] if missing is not None else flat
    if kind in "biu" and present.size:
        low, high = int(present.min()), int(present.max())
        if high - low <= max(1_024, 2 * present.size):  # small range: count instead of sorting
            shifted = present.astype(np.int64) - low if kind != "u" else (present - present.min()).astype(np.int64)
            seen = np.bincount(shifted, minlength=high - low + 1) > 0
            rank = np.cumsum(seen) - 1
            uniques = (np.flatnonzero(seen) + low).astype(flat.dtype)
            return rank[shifted], uniques.tolist()
    uniques, inverse = np.unique(present, return_inverse=True)
    if missing is None:
        return inverse.ravel(), uniques.tolist()
    codes = np.full(flat.shape, -1, dtype=np.int64)
    codes[~missing] = inverse.ravel()
    return codes, uniques.tolist()


def encode(labels: Any, categories: Sequence[Hashable] | None = None) -> tuple[np.ndarray, list[Hashable]]:
    """Integer codes for a table of labels: ``codes[i, j]`` is the category index, -1 when missing.

    ``categories`` fixes the order of the classes; by default it is the sorted set of the labels
    that occur. A 1-D input is treated as one annotator (one column). The work is vectorised: a
    million labels take milliseconds, not a Python loop per label.

    Example:
        >>> codes, categories = encode([["ok", "spam"], [None, "ok"]])
        >>> codes.tolist(), categories
        ([[0, 1], [-1, 0]], ['ok', 'spam'])
    """
    import numpy as np

    table = _as_table(labels)
    codes, values = _factorize(table.ravel())
    if not values:
        raise ValueError("labels holds no label at all (every entry is missing)")
    if categories is None:
        try:
            categories = sorted(values)
        except TypeError:
            raise TypeError("labels mix types that cannot be sorted; pass categories=[...] to fix the order") from None
    else:
        if isinstance(categories, (str, bytes)) or not isinstance(categories, Sequence):
            raise TypeError("categories must be a list of the possible labels, for example ['ok', 'spam']")
        categories = list(categories)
        if len(set(categories)) != len(categories) or not categories:
            raise ValueError(f"categories must be distinct and non-empty, got {categories}")
    index = {c: k for k, c in enumerate(categories)}
    unknown = sorted({repr(v) for v in values if v not in index})
    if unknown:
        raise ValueError(f"labels {', '.join(unknown)} are not among the categories {categories}")
    lookup = np.array([index[v] for v in values] + [-1], dtype=np.int64)  # the last entry maps -1 to -1
    return lookup[codes].reshape(table.shape), categories


def _counts(codes: np.ndarray, n_categories: int) -> np.ndarray:
    """``counts[i, k]``: how many annotators gave item i the category k (missing entries, -1, count nowhere)."""
    import numpy as np

    n_items = codes.shape[0]
    if n_categories > 16:  # many classes: one bincount over (item, category) pairs
        flat = np.arange(n_items)[:, None] * n_categories + codes
        counts = np.bincount(flat[codes >= 0], minlength=n_items * n_categories)
        return counts.reshape(n_items, n_categories)
    by_annotator = np.ascontiguousarray(codes.T)  # count along the long axis: items
    return np.stack([np.count_nonzero(by_annotator == k, axis=0) for k in range(n_categories)], axis=1)


def _one_hot_codes(codes: np.ndarray, n_categories: int) -> np.ndarray:
    import numpy as np

    return (codes[:, :, None] == np.arange(n_categories)).astype(float)


def one_hot(labels: Any, categories: Sequence[Hashable] | None = None) -> tuple[np.ndarray, list[Hashable]]:
    """The votes as a 0/1 array ``votes[item, annotator, category]`` (all zeros where missing).

    Example:
        >>> votes, _ = one_hot([[0, 1], [1, 1]])
        >>> votes[0].tolist()
        [[1.0, 0.0], [0.0, 1.0]]
    """
    codes, categories = encode(labels, categories)
    return _one_hot_codes(codes, len(categories)), categories


def _shares(codes: np.ndarray, n_categories: int) -> np.ndarray:
    counts = _counts(codes, n_categories).astype(float)
    per_item = counts.sum(axis=1, keepdims=True)
    if (per_item == 0).any():
        raise ValueError("every item needs at least one label; some rows are all missing")
    return counts / per_item


def vote_shares(labels: Any, categories: Sequence[Hashable] | None = None) -> np.ndarray:
    """Share of each item's votes that went to each category (rows sum to 1).

    Example:
        >>> vote_shares([[0, 1, 1], [0, 0, None]]).round(2).tolist()
        [[0.33, 0.67], [1.0, 0.0]]
    """
    codes, categories = encode(labels, categories)
    return _shares(codes, len(categories))


# --- agreement ----------------------------------------------------------------------------------


def _as_column(labels: Any) -> np.ndarray:
    """One annotator's labels as a 1-D array (an array or Series keeps its dtype, a list holds objects)."""
    import numpy as np

    if hasattr(labels, "__array__") and not isinstance(labels, (list, tuple)):
        column = np.asarray(labels)
        if column.dtype.kind not in "biufUSO":
            column = column.astype(object)
    else:
        values = list(labels)
        column = np.empty(len(values), dtype=object)
        column[:] = values  # element by element: a label that is itself a tuple stays one label
    if column.ndim != 1:
        raise ValueError(f"each annotator's labels must be one sequence (1-D), got shape {column.shape}")
    return column


def cohen_kappa(rater_a: Any, rater_b: Any, *, categories: Sequence[Hashable] | None = None) -> float:
    """Cohen's kappa: how much two annotators agree beyond what their label frequencies predict.

    kappa = (p_o - p_e) / (1 - p_e), where p_o is the share of items they label alike and p_e the
    share they would label alike by chance if each kept their own frequencies but labelled at
    random. 1 is perfect agreement, 0 is chance level, negative is worse than chance. NaN when it
    is undefined (both annotators always give the same single label).

    Example:
        >>> cohen_kappa(["spam", "ok", "ok", "ok"], ["spam", "ok", "spam", "ok"])
        0.5
    """
    import numpy as np

    if isinstance(rater_a, (str, bytes)) or isinstance(rater_b, (str, bytes)):
        raise TypeError("rater_a and rater_b must be sequences of labels, not strings")
    a, b = _as_column(rater_a), _as_column(rater_b)
    if len(a) != len(b):
        raise ValueError(f"rater_a and rater_b must label the same items: got {len(a)} and {len(b)} labels")
    same_kind = a.dtype.kind == b.dtype.kind or {a.dtype.kind, b.dtype.kind} <= set("iuf")
    pair = np.stack([a, b], axis=1) if same_kind else np.stack([a.astype(object), b.astype(object)], axis=1)
    codes, categories = encode(pair, categories)
    if (codes < 0).any():
        raise ValueError("cohen_kappa needs both labels for every item; drop the items with a missing label")
    k = len(categories)
    # rows: rater_a, columns: rater_b
    table = np.bincount(codes[:, 0] * k + codes[:, 1], minlength=k * k).reshape(k, k).astype(float)
    n = table.sum()
    p_observed = np.trace(table) / n
    p_chance = float(table.sum(axis=1) @ table.sum(axis=0)) / n**2
    if p_chance == 1.0:
        return float("nan")
    return float((p_observed - p_chance) / (1 - p_chance))


def fleiss_kappa(labels: Any, *, categories: Sequence[Hashable] | None = None) -> float:
    """Fleiss' kappa for a table items x annotators in which every item has the same number of labels.

    P_i is the share of agreeing annotator pairs on item i, P-bar their mean, and P_e the chance
    of agreement from the overall category shares p_j (P_e = sum p_j^2):
    kappa = (P-bar - P_e) / (1 - P_e). statsmodels' ``fleiss_kappa`` takes the items x categories
    count table instead (``aggregate_raters`` builds it).

    Example:
        >>> round(fleiss_kappa([[1, 1, 1], [0, 0, 1], [0, 0, 0], [1, 0, 1]]), 3)
        0.333
    """
    import numpy as np

    codes, categories = encode(labels, categories)
    if (codes < 0).any():
        raise ValueError("fleiss_kappa needs every item labelled by every annotator (no missing labels)")
    n_items, n_raters = codes.shape
    if n_raters < 2:
        raise ValueError(f"fleiss_kappa needs at least 2 annotators (columns), got {n_raters}")
    counts = _counts(codes, len(categories))  # items x categories
    agreement_per_item = ((counts**2).sum(axis=1) - n_raters) / (n_raters * (n_raters - 1))
    p_bar = agreement_per_item.mean()
    shares = counts.sum(axis=0) / (n_items * n_raters)
    p_chance = float((shares**2).sum())
    if p_chance == 1.0:
        return float("nan")
    return float((p_bar - p_chance) / (1 - p_chance))


# --- combining labels ---------------------------------------------------------------------------


def majority_vote(
    labels: Any, *, categories: Sequence[Hashable] | None = None, random_state: int | None = 0
) -> np.ndarray:
    """The most frequent label of each item; ties are broken at random (seeded by ``random_state``).

    Missing labels are ignored; every item needs at least one label.

    Example:
        >>> majority_vote([[0, 1, 1], [1, None, 1]]).tolist()
        [1, 1]
    """
    import numpy as np

    codes, categories = encode(labels, categories)
    counts = _counts(codes, len(categories)).astype(float)
    if codes.min() < 0 and (counts.sum(axis=1) == 0).any():
        raise ValueError("every item needs at least one label; some rows are all missing")
    rng = np.random.default_rng(random_state)
    # A tiny random jitter below 1 vote decides ties without ever overturning a real majority.
    top = _row_max(counts)[:, None]
    winners = _row_argmax(counts + rng.random(counts.shape) * 0.5 * (counts == top))
    return _as_array(categories)[winners]


def _row_max(values: np.ndarray) -> np.ndarray:
    """``values.max(axis=1)``, column by column: much faster when there are few columns."""
    import numpy as np

    if values.shape[1] > 16:
        return values.max(axis=1)
    return np.maximum.reduce([values[:, k] for k in range(values.shape[1])])


def _row_argmax(values: np.ndarray) -> np.ndarray:
    """``values.argmax(axis=1)`` (the first column wins a tie), column by column for few columns."""
    import numpy as np

    if values.shape[1] > 16:
        return values.argmax(axis=1)
    best = values[:, 0].copy()
    winners = np.zeros(values.shape[0], dtype=np.intp)
    for k in range(1, values.shape[1]):
        better = values[:, k] > best  # strictly: an equal value keeps the earlier column, as argmax does
        winners[better] = k
        best[better] = values[better, k]
    return winners


def _as_array(categories: Sequence[Hashable]) -> np.ndarray:
    """The categories as an array: numeric when they are all numbers, else of Python objects."""
    import numpy as np

    numeric = all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in categories)
    return np.array(categories) if numeric else np.array(categories, dtype=object)


def m_step(votes: np.ndarray, posterior: np.ndarray, *, smoothing: float = 0.01) -> tuple[np.ndarray, np.ndarray]:
    """M-step: class shares and each annotator's confusion matrix, given soft labels per item.

    ``votes[i, j, l]`` is 1 when annotator j gave item i the label l; ``posterior[i, k]`` is the
    current belief that item i truly belongs to class k. Returns ``priors[k]`` and
    ``confusion[j, k, l]`` = P(annotator j says l | true class k): every vote is counted under
    each class with the weight the posterior gives that class. ``smoothing`` adds a pseudo-count so
    that no probability is exactly 0.

    Example:
        >>> import numpy as np
        >>> votes = np.array([[[1.0, 0.0]], [[0.0, 1.0]]])  # 2 items, 1 annotator, 2 classes
        >>> priors, confusion = m_step(votes, np.array([[1.0, 0.0], [0.0, 1.0]]), smoothing=0)
        >>> priors.tolist(), confusion[0].tolist()
        ([0.5, 0.5], [[1.0, 0.0], [0.0, 1.0]])
    """
    import numpy as np

    _check_votes(votes)
    if posterior.shape != (votes.shape[0], votes.shape[2]):
        raise ValueError(f"posterior must have shape (items, classes) = {(votes.shape[0], votes.shape[2])}, got {posterior.shape}")
    if smoothing < 0:
        raise ValueError(f"smoothing must be >= 0, got {smoothing}")
    priors = posterior.mean(axis=0)
    counts = np.einsum("ik,ijl->jkl", posterior, votes) + smoothing  # soft counts of (true k, said l)
    totals = counts.sum(axis=2, keepdims=True)
    confusion = np.divide(counts, totals, out=np.full_like(counts, 1 / votes.shape[2]), where=totals > 0)
    return priors, confusion


def e_step(votes: np.ndarray, priors: np.ndarray, confusion: np.ndarray) -> tuple[np.ndarray, float]:
    """E-step: the posterior of each item's true class given all votes, and the log-likelihood.

    log P(class k | votes of item i) = log prior[k] + sum over annotators j of
    log confusion[j, k, label j gave] (+ a constant): each vote counts in proportion to how
    informative that annotator's label is. Returns ``(posterior, log_likelihood)``.

    Example:
        >>> import numpy as np
        >>> votes = np.array([[[0.0, 1.0], [0.0, 1.0]]])  # 1 item, 2 annotators both say class 1
        >>> confusion = np.array([[[0.9, 0.1], [0.2, 0.8]]] * 2)
        >>> posterior, _ = e_step(votes, np.array([0.5, 0.5]), confusion)
        >>> posterior.round(3).tolist()
        [[0.015, 0.985]]
    """
    import numpy as np

    _check_votes(votes)
    n_raters, n_classes = votes.shape[1], votes.shape[2]
    if confusion.shape != (n_raters, n_classes, n_classes) or priors.shape != (n_classes,):
        raise ValueError("priors must have shape (classes,) and confusion (annotators, classes, classes) matching votes")
    with np.errstate(divide="ignore"):
        log_joint = np.log(priors)[None, :] + np.einsum("ijl,jkl->ik", votes, np.log(confusion))
    top = log_joint.max(axis=1, keepdims=True)
    log_evidence = top[:, 0] + np.log(np.exp(log_joint - top).sum(axis=1))  # log-sum-exp per item
    posterior = np.exp(log_joint - log_evidence[:, None])
    return posterior, float(log_evidence.sum())


def _check_votes(votes: Any) -> None:
    import numpy as np

    if not isinstance(votes, np.ndarray) or votes.ndim != 3:
        raise ValueError("votes must be a 3-D array votes[item, annotator, class] (see one_hot)")


@dataclass
class DawidSkeneResult:
    """What :func:`dawid_skene` estimated.

    Attributes:
        labels: the most probable class of each item.
        posterior: ``posterior[i, k]``, the probability that item i belongs to class k.
        priors: estimated share of each class.
        confusion: ``confusion[j, k, l]``, P(annotator j says l | true class k).
        categories: the class labels in the order of the last axes.
        log_likelihood: the log-likelihood after each iteration (it never decreases).
        converged: whether the change fell below ``tol`` before ``max_iter``.
    """

    labels: np.ndarray
    posterior: np.ndarray
    priors: np.ndarray
    confusion: np.ndarray
    categories: list[Hashable]
    log_likelihood: list[float] = field(default_factory=list)
    converged: bool = False

    @property
    def n_iter(self) -> int:
        return len(self.log_likelihood)

    @property
    def annotator_accuracy(self) -> np.ndarray:
        """Estimated accuracy of each annotator: sum over k of prior[k] * confusion[j, k, k]."""
        import numpy as np

        return np.einsum("k,jkk->j", self.priors, self.confusion)


def dawid_skene(
    labels: Any,
    *,
    categories: Sequence[Hashable] | None = None,
    max_iter: int = 100,
    tol: float = 1e-6,
    smoothing: float = 0.01,
) -> DawidSkeneResult:
    """Combine several annotators' labels by weighting each with its estimated confusion matrix.

    Start from the vote shares (a soft majority vote), then alternate :func:`m_step` (estimate how
    each annotator errs, given the current soft labels) and :func:`e_step` (re-weigh every item's
    votes with those estimates) until the log-likelihood stops improving. Good annotators end up
    with large weights, random clickers with none, and a biased annotator's "spam" counts for
    less than their "ok".

    Example:
        >>> result = dawid_skene([[1, 1, 0], [0, 0, 0], [1, 1, 1], [0, 0, 1]])
        >>> result.labels.tolist(), result.converged
        ([1, 0, 1, 0], True)
    """
    import numpy as np

    if isinstance(max_iter, bool) or not isinstance(max_iter, int) or max_iter < 1:
        raise ValueError(f"max_iter must be a positive integer, got {max_iter!r}")
    if not tol > 0:
        raise ValueError(f"tol must be > 0, got {tol!r}")
    codes, categories = encode(labels, categories)
    votes = _one_hot_codes(codes, len(categories))
    posterior = _shares(codes, len(categories))  # start: a soft majority vote
    history: list[float] = []
    converged = False
    for _ in range(max_iter):
        priors, confusion = m_step(votes, posterior, smoothing=smoothing)
        posterior, log_likelihood = e_step(votes, priors, confusion)
        if history and abs(log_likelihood - history[-1]) <= tol * max(1.0, abs(log_likelihood)):
            history.append(log_likelihood)
            converged = True
            break
        history.append(log_likelihood)
    return DawidSkeneResult(
        labels=_as_array(categories)[posterior.argmax(axis=1)],
        posterior=posterior,
        priors=priors,
        confusion=confusion,
        categories=categories,
        log_likelihood=history,
        converged=converged,
    )
