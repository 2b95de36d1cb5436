"""Uplift modeling: the book's synthetic campaign, uplift and Qini curves, AUUC, decile tables,
and three simple uplift learners (two-model, class transformation, S-learner).

Case study 10 (``case_studies/10_uplift_modeling.ipynb``) uses this module. Everything works on
the data of a *randomised* campaign: ``y`` is the outcome (1 = converted; any number works for the
curves), ``treatment`` is 1 for customers who got the campaign and 0 for the control group, and
``score`` is a model's uplift score (higher = contact first).

Conventions (libraries differ, so numbers are only comparable within one convention):

* Customers are ranked by ``score`` from high to low. For the top ``k`` customers, ``n_t``/``n_c``
  count the treated/control customers and ``r_t``/``r_c`` are their conversion rates (a rate is
  taken as 0 while its group is still empty, as the book does).
* **Uplift curve**: ``(r_t - r_c) * k``, the extra conversions you would expect if all top-``k``
  customers were contacted (scikit-uplift's ``uplift_curve``; causalml's ``get_cumgain`` without
  normalisation).
* **Qini curve**: ``(r_t - r_c) * n_t = y_t - y_c * n_t / n_c``, the extra conversions among the
  top-``k`` customers who really were treated (Radcliffe, 2007). It is the book's "lift" column.
  With a 50/50 split it is about half the uplift curve.
* **Ties**: customers with the same score enter together. Curves are evaluated only after a whole
  group of tied scores (as scikit-learn's ``roc_curve`` does) and drawn linearly between those
  points, so results never depend on the order of the rows.
* **Random baseline**: the straight line from (0, 0) to (N, curve(N)): what targeting customers in
  random order gives on average.
* **AUUC** and the **Qini coefficient** are the areas between a curve and its random baseline,
  with the x axis as the *share* of customers contacted (0 to 1), by the trapezoid rule. Their unit
  is conversions: "on average over every campaign size, how many more extra conversions than random
  targeting". Not normalised: scikit-uplift's ``uplift_auc_score``/``qini_auc_score`` divide by the
  area of a perfect model instead; the book's AUUC averages its "lift" (Qini) curve minus the
  baseline over ranks, which is close to :func:`qini_coefficient`. Compare models on the same data.

Example:
    >>> import numpy as np
    >>> y = np.array([1, 0, 0, 1]); t = np.array([1, 0, 1, 0]); s = np.array([0.9, 0.7, 0.7, 0.4])
    >>> n, gain = uplift_curve(y, t, s)
    >>> n.tolist(), gain.tolist()
    ([0, 1, 3, 4], [0.0, 1.0, 1.5, 0.0])
    >>> float(auuc(y, t, s))
    0.9375
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # pandas and scikit-learn are imported lazily: importing helpers stays cheap.
    import pandas as pd

    from helpers.stats import BootstrapInterval

__all__ = [
    "BASE_WEIGHTS",
    "LIFT_WEIGHTS",
    "ClassTransformationUplift",
    "SLearnerUplift",
    "TwoModelUplift",
    "auuc",
    "auuc_interval",
    "decile_table",
    "make_campaign",
    "qini_coefficient",
    "qini_curve",
    "random_auuc",
    "uplift_curve",
]

#: The book's weights of the 8 features in the conversion probability without the campaign ...
BASE_WEIGHTS: tuple[float, ...] = (0.02, 0.03, 0.05, -0.04, 0.0, 0.0, 0.0, 0.0)
#: ... and what the campaign adds to it (so feature 3 makes people persuadable, feature 4 annoyed).
LIFT_WEIGHTS: tuple[float, ...] = (0.0, 0.0, 0.0, 0.05, -0.05, 0.0, 0.0, 0.0)


# --- the synthetic campaign ---------------------------------------------------------------------


def make_campaign(
    n_customers: int = 100_000,
    seed: int = 1,
    *,
    base_weights: Sequence[float] = BASE_WEIGHTS,
    lift_weights: Sequence[float] = LIFT_WEIGHTS,
    treatment_share: float = 0.5,
) -> pd.DataFrame:
    """Simulate a randomised campaign where every customer's true uplift is known (the book's chapter 10).

    The book's model, vectorised with NumPy: each customer has features ``x0..x{d-1}`` uniform on
    [0, 1); a coin flip (probability ``treatment_share``) decides who gets the campaign; the
    conversion probability is ``x . base_weights``, plus ``x . lift_weights`` for treated
    customers; the customer converts when a uniform draw falls below it. A probability below 0
    simply means "never converts" (nothing is clipped in the draw).

    The ground truth comes along: ``p_control`` and ``p_treated`` are the customer's conversion
    probabilities without and with the campaign (clipped to [0, 1]), and ``true_uplift`` is their
    difference, what the campaign changes for this customer. It equals ``x . lift_weights`` except
    for customers whose probability would be negative in one of the worlds (about one in six with
    the book's weights): a probability cannot fall below 0. The random stream is NumPy's
    (``default_rng(seed)``), not the book's ``random.Random``, so counts differ slightly from the
    book's printout while the model is the same.

    Returns a DataFrame with columns ``x0..x7``, ``treatment`` (0/1), ``converted`` (0/1),
    ``p_control``, ``p_treated`` and ``true_uplift``.

    Example:
        >>> df = make_campaign(1_000, seed=1)
        >>> df.columns.tolist()[8:], len(df)
        (['treatment', 'converted', 'p_control', 'p_treated', 'true_uplift'], 1000)
    """
    import pandas as pd

    if isinstance(n_customers, bool) or not isinstance(n_customers, (int, np.integer)) or n_customers < 1:
        raise ValueError(f"n_customers must be a positive integer, got {n_customers!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    base = np.asarray(base_weights, dtype=float)
    lift = np.asarray(lift_weights, dtype=float)
    if base.ndim != 1 or base.size == 0 or base.shape != lift.shape:
        raise ValueError(
            f"base_weights and lift_weights must be two lists of the same length, got {base.size} and {lift.size}"
        )
    if not (np.isfinite(base).all() and np.isfinite(lift).all()):
        raise ValueError("base_weights and lift_weights must be finite numbers")
    share = float(treatment_share)
    if not 0 < share < 1:
        raise ValueError(f"treatment_share must lie strictly between 0 and 1, got {treatment_share!r}")

    rng = np.random.default_rng(int(seed))
    X = rng.random((int(n_customers), base.size))
    treatment = (rng.random(int(n_customers)) < share).astype(np.int64)
    p_control = X @ base
    p_treated = p_control + X @ lift
    converted = (rng.random(int(n_customers)) < np.where(treatment == 1, p_treated, p_control)).astype(np.int64)

    df = pd.DataFrame(X, columns=[f"x{i}" for i in range(base.size)])
    df["treatment"] = treatment
    df["converted"] = converted
    df["p_control"] = np.clip(p_control, 0, 1)
    df["p_treated"] = np.clip(p_treated, 0, 1)
    df["true_uplift"] = df["p_treated"] - df["p_control"]
    return df


# --- curves and areas ---------------------------------------------------------------------------


def _validate(y: Any, treatment: Any, score: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    arrays = []
    for name, values in (("y", y), ("treatment", treatment), ("score", score)):
        if isinstance(values, (str, bytes)) or np.ndim(values) != 1:
            raise ValueError(f"{name} must be a one-dimensional sequence of numbers (one per customer)")
        try:
            array = np.asarray(values, dtype=float)
        except (TypeError, ValueError):
            raise TypeError(f"{name} must hold numbers, got {np.asarray(values).dtype}") from None
        if not np.isfinite(array).all():
            raise ValueError(f"{name} must not contain NaN or infinite values")
        arrays.append(array)
    y_arr, t_arr, s_arr = arrays
    if not len(y_arr) == len(t_arr) == len(s_arr):
        raise ValueError(
            f"y, treatment and score must have the same length, got {len(y_arr)}, {len(t_arr)} and {len(s_arr)}"
        )
    if not np.isin(t_arr, (0.0, 1.0)).all():
        raise ValueError("treatment must contain only 0 (control) and 1 (treated)")
    if t_arr.sum() == 0 or t_arr.sum() == len(t_arr):
        raise ValueError("the data must contain both treated (treatment=1) and control (treatment=0) customers")
    return y_arr, t_arr, s_arr


def _cumulative(y: Any, treatment: Any, score: Any) -> dict[str, np.ndarray]:
    """Running counts after each group of tied scores, from the highest score down (with 0 first)."""
    y, t, s = _validate(y, treatment, score)
    order = np.argsort(-s, kind="mergesort")
    y, t, s = y[order], t[order], s[order]
    ends = np.flatnonzero(np.r_[s[1:] != s[:-1], True])  # last position of each group of tied scores
    counts = {
        "n_treated": np.cumsum(t)[ends],
        "n_control": np.cumsum(1.0 - t)[ends],
        "y_treated": np.cumsum(y * t)[ends],
        "y_control": np.cumsum(y * (1.0 - t))[ends],
    }
    counts = {name: np.r_[0.0, values] for name, values in counts.items()}
    counts["n"] = np.r_[0, ends + 1].astype(np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        counts["rate_treated"] = np.where(counts["n_treated"] > 0, counts["y_treated"] / counts["n_treated"], 0.0)
        counts["rate_control"] = np.where(counts["n_control"] > 0, counts["y_control"] / counts["n_control"], 0.0)
    return counts


def uplift_curve(y: Any, treatment: Any, score: Any) -> tuple[np.ndarray, np.ndarray]:
    """Cumulative uplift curve: extra conversions if the top-``k`` customers by score were contacted.

    Returns ``(n_targeted, gain)``: ``n_targeted`` runs from 0 to N through the end of every group
    of tied scores, and ``gain = (r_t - r_c) * n_targeted`` (see the module docstring for the
    conventions). The random baseline is ``gain[-1] * n_targeted / N``.

    Example:
        >>> n, gain = uplift_curve([1, 0, 1, 0], [1, 1, 0, 0], [4, 3, 2, 1])
        >>> gain.tolist()
        [0.0, 1.0, 1.0, -1.5, 0.0]
    """
    c = _cumulative(y, treatment, score)
    return c["n"], (c["rate_treated"] - c["rate_control"]) * c["n"]


def qini_curve(y: Any, treatment: Any, score: Any) -> tuple[np.ndarray, np.ndarray]:
    """Qini curve: extra conversions among the top-``k`` customers who were really treated.

    Returns ``(n_targeted, gain)`` with ``gain = y_t - y_c * n_t / n_c = (r_t - r_c) * n_t``
    (Radcliffe's Qini curve, the book's "lift"). Same points, ties and baseline as
    :func:`uplift_curve`.

    Example:
        >>> n, gain = qini_curve([1, 0, 1, 0], [1, 1, 0, 0], [4, 3, 2, 1])
        >>> gain.tolist()
        [0.0, 1.0, 1.0, -1.0, 0.0]
    """
    c = _cumulative(y, treatment, score)
    return c["n"], (c["rate_treated"] - c["rate_control"]) * c["n_treated"]


def _area_above_random(n: np.ndarray, gain: np.ndarray) -> float:
    share = n / n[-1]
    above = gain - gain[-1] * share
    return float(np.sum((above[1:] + above[:-1]) / 2 * np.diff(share)))


def auuc(y: Any, treatment: Any, score: Any) -> float:
    """Area between the uplift curve and its random baseline (x axis: share contacted, 0 to 1).

    In conversions: how many more extra conversions than random targeting the score's ranking
    gets, averaged over every campaign size. 0 for a useless score, negative for a harmful one.
    Not normalised (see the module docstring), so compare scores on the same data only.

    Example:
        >>> round(auuc([1, 0, 1, 0], [1, 1, 0, 0], [4, 3, 2, 1]), 4)
        0.125
    """
    return _area_above_random(*uplift_curve(y, treatment, score))


def qini_coefficient(y: Any, treatment: Any, score: Any) -> float:
    """Area between the Qini curve and its random baseline (x axis: share contacted, 0 to 1).

    Same reading as :func:`auuc` but counting only treated customers, so with a 50/50 split it is
    about half the AUUC. Not divided by a perfect model's area (scikit-uplift's ``qini_auc_score``
    is).

    Example:
        >>> round(qini_coefficient([1, 0, 1, 0], [1, 1, 0, 0], [4, 3, 2, 1]), 4)
        0.25
    """
    return _area_above_random(*qini_curve(y, treatment, score))


def random_auuc(
    y: Any, treatment: Any, n_draws: int = 200, *, curve: str = "uplift", seed: Any = 0
) -> np.ndarray:
    """AUUC (or Qini coefficient) of ``n_draws`` random orderings of the customers.

    What a score that knows nothing reaches on these data, by chance: the null distribution for
    "does this score rank better than random?". It is not the noise of a difference between two
    scores (use :func:`auuc_interval` with ``other`` for that). Each draw is a random permutation
    of the customers (``seed`` is an int or a ``numpy.random.Generator``); the areas are those
    :func:`auuc` (``curve="uplift"``) or :func:`qini_coefficient` (``curve="qini"``) gives for
    a score that ranks the customers in that order, computed without sorting.

    Example:
        >>> df = make_campaign(5_000, seed=3)
        >>> null = random_auuc(df["converted"], df["treatment"], 50, seed=0)
        >>> null.shape, bool(abs(null.mean()) < 3 * null.std())
        ((50,), True)
    """
    if curve not in ("uplift", "qini"):
        raise ValueError(f"curve must be 'uplift' or 'qini', got {curve!r}")
    if isinstance(n_draws, bool) or not isinstance(n_draws, (int, np.integer)) or n_draws < 1:
        raise ValueError(f"n_draws must be a positive integer, got {n_draws!r}")
    y_arr, t_arr, _ = _validate(y, treatment, np.zeros(np.shape(y)[0] if np.ndim(y) == 1 else 0))
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    n = len(y_arr)
    contacted = np.arange(1, n + 1)
    points = np.arange(n + 1)
    areas = np.empty(int(n_draws))
    for k in range(int(n_draws)):
        order = rng.permutation(n)
        t, y_k = t_arr[order], y_arr[order]
        n_t = np.cumsum(t)
        # A rate is 0 while its group is still empty (max(count, 1) in the denominator), as in uplift_curve.
        lift = np.cumsum(y_k * t) / np.maximum(n_t, 1) - np.cumsum(y_k * (1 - t)) / np.maximum(contacted - n_t, 1)
        gain = np.r_[0.0, lift * (contacted if curve == "uplift" else n_t)]
        areas[k] = _area_above_random(points, gain)
    return areas


def auuc_interval(
    y: Any,
    treatment: Any,
    score: Any,
    other: Any = None,
    *,
    curve: str = "uplift",
    n_boot: int = 1_000,
    confidence: float = 0.95,
    seed: int = 0,
    strata: Any = "treatment",
) -> Any:
    """AUUC of ``score`` with a bootstrap interval, or the **paired** difference AUUC(score) - AUUC(other).

    Resamples customers with replacement (:func:`helpers.stats.bootstrap_interval`) and recomputes
    the areas on every resample. With ``other``, both scores are judged on the *same* resampled
    customers, so the interval measures the noise of the difference itself: much of the luck of
    one test set (which customers happened to convert) is shared by the two scores and cancels.
    The spread of random scores' AUUC answers another question (could this one score be no better
    than random?) and says nothing about two scores against each other.

    ``other`` is one score (the result is a :class:`~helpers.stats.BootstrapInterval`) or a dict of
    named scores (the result is a dict of intervals of ``score`` minus each of them, all from the
    same resamples, so ``score`` is ranked only once per resample). ``curve="qini"`` uses
    :func:`qini_coefficient` instead of :func:`auuc`. ``strata`` keeps group sizes fixed within each
    resample: ``"treatment"`` (default: the treated and control group sizes, which the experiment
    fixed), ``"treatment_outcome"`` (treated/control crossed with outcome zero/non-zero), an array
    of labels (one per customer), or None.

    Do not stratify by the outcome unless a resample would otherwise lack conversions in a group:
    it fixes each group's number of conversions, so the overall treated-minus-control difference
    no longer varies at all. For an AUUC difference that changes little, but for a plan's gain
    over contacting everyone (the top 30% minus all, per customer) it gave a standard error 40-50%
    below the spread over independent simulated campaigns; resampling within the treatment groups
    matched that spread (``tests/test_uplift.py``). Use ``strata=t`` in
    :func:`helpers.stats.bootstrap_interval` for such statistics too.

    The result equals ``bootstrap_interval(lambda y, t, a, b: auuc(y, t, a) - auuc(y, t, b), y, t,
    a, b, strata=t, seed=seed)``, only faster: each score is sorted once, and a resample only counts
    how often each customer was drawn (``np.bincount``) and takes weighted cumulative sums in that
    fixed order. That gives exactly the AUUC of the resampled rows: a customer drawn twice
    shares a score with itself, so both copies enter the curve together, as tied scores do.

    Example:
        >>> df = make_campaign(4_000, seed=3)
        >>> y, t = df["converted"], df["treatment"]
        >>> truth, noisy = df["true_uplift"], df["true_uplift"] + np.random.default_rng(0).normal(0, 0.02, 4_000)
        >>> diff = auuc_interval(y, t, truth, noisy, n_boot=200)
        >>> round(diff.estimate, 6) == round(auuc(y, t, truth) - auuc(y, t, noisy), 6), diff.n_boot
        (True, 200)
        >>> sorted(auuc_interval(y, t, truth, {"noisy": noisy, "zero": np.zeros(4_000)}, n_boot=50))
        ['noisy', 'zero']
    """
    from collections.abc import Mapping

    from helpers.stats import BootstrapInterval, bootstrap_interval

    if curve not in ("uplift", "qini"):
        raise ValueError(f"curve must be 'uplift' or 'qini', got {curve!r}")
    y_arr, t_arr, s_arr = _validate(y, treatment, score)
    many = isinstance(other, Mapping)
    if many and not other:
        raise ValueError("other is an empty dict: give at least one score to compare with")
    others = dict(other) if many else ({} if other is None else {"other": other})
    scores = [s_arr] + [_validate(y_arr, t_arr, values)[2] for values in others.values()]
    if isinstance(strata, str):
        if strata == "treatment_outcome":
            labels = 2 * t_arr + (y_arr != 0)
        elif strata == "treatment":
            labels = t_arr
        else:
            raise ValueError(f"strata must be 'treatment_outcome', 'treatment', an array of labels or None, got {strata!r}")
    else:
        labels = strata
    # Whole-number outcomes (0/1) are counted in integers: NumPy sums integers several times faster.
    dtype = np.int64 if np.array_equal(y_arr, np.round(y_arr)) and np.abs(y_arr).max() < 2**31 else np.float64
    prepared = []
    for s in scores:
        order = np.argsort(-s, kind="mergesort")
        ends = np.flatnonzero(np.r_[s[order][1:] != s[order][:-1], True])
        sorted_t, sorted_y = t_arr[order].astype(dtype), y_arr[order].astype(dtype)
        prepared.append((order, sorted_t, sorted_y * sorted_t, sorted_y, None if len(ends) == len(s) else ends))

    def area(weights: np.ndarray, order: np.ndarray, t: np.ndarray, yt: np.ndarray, y: np.ndarray, ends: Any) -> float:
        w = weights[order]
        # Running weighted counts, best score first: treated, treated outcome, all outcomes, everyone.
        sums = [np.cumsum(w * t), np.cumsum(w * yt), np.cumsum(w * y), np.cumsum(w)]
        if ends is not None:  # evaluate only after whole groups of tied scores
            sums = [column[ends] for column in sums]
        n_t, y_t, y_all, n = sums
        # Counts are whole numbers, so max(count, 1) leaves a rate at 0 while its group is empty.
        lift = y_t / np.maximum(n_t, 1) - (y_all - y_t) / np.maximum(n - n_t, 1)
        gain = np.r_[0.0, lift * (n if curve == "uplift" else n_t)]
        share = np.r_[0.0, n] / n[-1]
        # Trapezoids under the curve minus the area under the straight random line, gain[-1] / 2.
        return float(((gain[1:] + gain[:-1]) * np.diff(share)).sum() / 2 - gain[-1] / 2)

    records: list[list[float]] = []

    def statistic(rows: np.ndarray) -> float:
        weights = np.bincount(rows, minlength=len(y_arr))  # how often each customer was drawn
        value = area(weights, *prepared[0])
        values = [value - area(weights, *p) for p in prepared[1:]] or [value]
        records.append(values)
        return values[0]

    first = bootstrap_interval(
        statistic, np.arange(len(y_arr)), n_boot=n_boot, confidence=confidence, seed=seed, strata=labels
    )
    if not many:
        return first
    table = np.array(records)  # row 0: the original customers; then one row per resample
    if table.shape[0] != first.n_boot + 1 or table[0, 0] != first.estimate:
        raise RuntimeError("bootstrap_interval did not call the statistic once on the data and once per resample")
    tail = (1 - first.confidence) / 2
    result = {}
    for k, name in enumerate(others):
        replicates = table[1:, k]
        low, high = np.quantile(replicates, [tail, 1 - tail])
        result[name] = BootstrapInterval(
            float(table[0, k]), float(low), float(high), float(replicates.std(ddof=1)), first.n_boot, first.confidence
        )
    return result


def decile_table(
    y: Any, treatment: Any, score: Any, n_bins: int = 10, *, ties: str = "together", seed: int = 0
) -> pd.DataFrame:
    """Conversion rates of treated and control customers in each score bin (bin 1 = highest scores).

    Customers are cut into ``n_bins`` bins of (nearly) equal size by score rank: the customer at
    position ``p`` (0 = highest score) of ``N`` goes to bin ``floor(p * n_bins / N) + 1``. Columns:
    ``n_treated``, ``n_control``, ``rate_treated``, ``rate_control``, ``uplift`` (their
    difference; NaN when a bin has no customer of one group) and ``uplift_se``, its standard error
    ``sqrt(var_t / n_t + var_c / n_c)`` (``var = rate * (1 - rate)`` for 0/1 outcomes). That is a
    normal approximation: fine with dozens of conversions in each group of a bin; with only a few,
    use exact intervals (:func:`helpers.stats.proportion_interval` for each rate).

    **Tied scores** (a tree, a rounded score, a score built from a few categories) need a rule:

    - ``ties="together"`` (default): customers with the same score share a bin, the one of their
      average position. With many ties the bins differ in size, and a bin can end up with nobody
      at all (27 distinct scores among 200,000 customers gave bins of 16,000 to 28,000 and an
      empty bin 5). Empty bins are left out of the table (the other bins keep their numbers) and
      a ``UserWarning`` gives the bin sizes;
    - ``ties="split"``: tied customers are put in a random order (seeded by ``seed``, so the
      table is reproducible) before cutting, so every bin has ``N / n_bins`` customers (give or
      take one). A group of tied customers can then straddle two neighbouring bins; the random
      order keeps treated and control customers mixed in both. Never split ties by row order:
      if the rows are sorted (treated first, by date), one bin would get the treated and the
      next the controls.

    Example:
        >>> decile_table([1, 0, 0, 0], [1, 0, 1, 0], [4, 3, 2, 1], n_bins=2)["uplift"].tolist()
        [1.0, 0.0]
        >>> decile_table([1, 0, 1, 0], [1, 0, 1, 0], [1, 1, 1, 1], n_bins=2, ties="split")["n_treated"].sum()
        np.int64(2)
    """
    import warnings

    import pandas as pd
    from scipy.stats import rankdata

    if isinstance(n_bins, bool) or not isinstance(n_bins, (int, np.integer)) or n_bins < 1:
        raise ValueError(f"n_bins must be a positive integer, got {n_bins!r}")
    if ties not in ("together", "split"):
        raise ValueError(f"ties must be 'together' or 'split', got {ties!r}")
    y_arr, t_arr, s_arr = _validate(y, treatment, score)
    n = len(s_arr)
    if n_bins > n:
        raise ValueError(f"n_bins ({n_bins}) cannot exceed the number of customers ({n})")
    if ties == "split":
        shuffle = np.random.default_rng(seed).permutation(n)  # a random order among tied customers
        position = np.empty(n, dtype=np.int64)
        position[shuffle[np.argsort(-s_arr[shuffle], kind="stable")]] = np.arange(n)
        bins = position * n_bins // n
    else:
        rank = rankdata(-s_arr, method="average")  # 1 = highest score; ties share their average rank
        bins = np.minimum(np.floor((rank - 1) * n_bins / n).astype(np.int64), n_bins - 1)
    n_t = np.bincount(bins, weights=t_arr, minlength=n_bins)
    n_c = np.bincount(bins, weights=1 - t_arr, minlength=n_bins)
    y_t = np.bincount(bins, weights=y_arr * t_arr, minlength=n_bins)
    y_c = np.bincount(bins, weights=y_arr * (1 - t_arr), minlength=n_bins)
    y2_t = np.bincount(bins, weights=y_arr**2 * t_arr, minlength=n_bins)
    y2_c = np.bincount(bins, weights=y_arr**2 * (1 - t_arr), minlength=n_bins)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate_t = np.where(n_t > 0, y_t / np.where(n_t > 0, n_t, 1), np.nan)
        rate_c = np.where(n_c > 0, y_c / np.where(n_c > 0, n_c, 1), np.nan)
        # Variance of the outcome within each group (rate * (1 - rate) for 0/1 outcomes).
        var_t = np.maximum(y2_t / np.where(n_t > 0, n_t, 1) - rate_t**2, 0.0)
        var_c = np.maximum(y2_c / np.where(n_c > 0, n_c, 1) - rate_c**2, 0.0)
        uplift_se = np.sqrt(var_t / n_t + var_c / n_c)
    table = pd.DataFrame(
        {
            "n_treated": n_t.astype(np.int64),
            "n_control": n_c.astype(np.int64),
            "rate_treated": rate_t,
            "rate_control": rate_c,
            "uplift": rate_t - rate_c,
            "uplift_se": uplift_se,
        },
        index=pd.RangeIndex(1, n_bins + 1, name="bin"),
    )
    size = table["n_treated"] + table["n_control"]
    if (size == 0).any():
        empty = [int(b) for b in table.index[size == 0]]
        kept = size[size > 0]
        which = f"bin {empty[0]} is" if len(empty) == 1 else f"bins {', '.join(map(str, empty[:-1]))} and {empty[-1]} are"
        warnings.warn(
            f"the score has only {len(np.unique(s_arr)):,} distinct values among {n:,} customers: tied customers "
            f"share a bin, so the bins hold {int(kept.min()):,} to {int(kept.max()):,} customers and {which} "
            "empty (left out of the table). Pass ties='split' for bins of equal size.",
            UserWarning,
            stacklevel=2,
        )
        table = table[size > 0]
    return table


# --- learners -----------------------------------------------------------------------------------


def _treatment_mask(treatment: Any, n_rows: int) -> np.ndarray:
    if isinstance(treatment, (str, bytes)) or np.ndim(treatment) != 1:
        raise ValueError("treatment must be a one-dimensional sequence of 0/1 values")
    t = np.asarray(treatment)
    if len(t) != n_rows:
        raise ValueError(f"treatment has {len(t)} values but X has {n_rows} rows")
    try:
        t = t.astype(float)
    except (TypeError, ValueError):
        raise TypeError("treatment must hold 0/1 numbers or booleans") from None
    if not np.isin(t, (0.0, 1.0)).all():
        raise ValueError("treatment must contain only 0 (control) and 1 (treated)")
    if t.sum() == 0 or t.sum() == len(t):
        raise ValueError("training data must contain both treated and control customers")
    return t == 1


def _rows(data: Any, mask: np.ndarray) -> Any:
    return data.iloc[mask] if hasattr(data, "iloc") else np.asarray(data)[mask]


def _check_estimator(estimator: Any) -> None:
    if not (hasattr(estimator, "fit") and hasattr(estimator, "predict_proba")):
        raise TypeError(
            f"estimator must be a scikit-learn classifier with fit and predict_proba, not {type(estimator).__name__}"
        )


def _check_binary(y: Any) -> np.ndarray:
    values = np.asarray(y)
    if values.ndim != 1 or not np.isin(values.astype(float), (0.0, 1.0)).all():
        raise ValueError("y must be a one-dimensional sequence of 0/1 outcomes")
    return values.astype(np.int64)


class TwoModelUplift:
    """Two-model approach (T-learner, the book's chapter 10): one classifier on treated, one on control.

    ``predict_uplift`` returns ``p_treated - p_control`` (``score="difference"``, an estimate of
    the uplift in conversion-rate units) or ``p_treated / p_control`` (``score="ratio"``, the
    book's score; it ranks, but its values are not an uplift).

    Example:
        >>> from sklearn.linear_model import LogisticRegression
        >>> df = make_campaign(2_000, seed=1)
        >>> X = df[[f"x{i}" for i in range(8)]]
        >>> model = TwoModelUplift(LogisticRegression()).fit(X, df["converted"], df["treatment"])
        >>> model.predict_uplift(X).shape
        (2000,)
    """

    def __init__(self, estimator: Any, *, score: str = "difference") -> None:
        _check_estimator(estimator)
        if score not in ("difference", "ratio"):
            raise ValueError(f"score must be 'difference' or 'ratio', got {score!r}")
        self.estimator = estimator
        self.score = score

    def fit(self, X: Any, y: Any, treatment: Any) -> TwoModelUplift:
        from sklearn.base import clone

        treated = _treatment_mask(treatment, len(X))
        y_arr = _check_binary(y)
        self.model_treated_ = clone(self.estimator).fit(_rows(X, treated), y_arr[treated])
        self.model_control_ = clone(self.estimator).fit(_rows(X, ~treated), y_arr[~treated])
        return self

    def predict_rates(self, X: Any) -> tuple[np.ndarray, np.ndarray]:
        """Predicted conversion probability with and without the campaign: ``(p_treated, p_control)``."""
        if not hasattr(self, "model_treated_"):
            raise ValueError("call fit(X, y, treatment) before predicting")
        return self.model_treated_.predict_proba(X)[:, 1], self.model_control_.predict_proba(X)[:, 1]

    def predict_uplift(self, X: Any) -> np.ndarray:
        p_treated, p_control = self.predict_rates(X)
        if self.score == "ratio":
            return p_treated / np.maximum(p_control, 1e-12)
        return p_treated - p_control


class ClassTransformationUplift:
    """Class-transformation approach (Jaskowski & Jaroszewicz, 2012): one classifier, a new label.

    The label is ``z = 1`` for treated converters and control non-converters, else 0. With a 50/50
    split, ``uplift = 2 * P(z=1 | x) - 1``. When the treated share ``p`` is not one half, the rows are
    re-weighted (treated ``0.5 / p``, control ``0.5 / (1 - p)``) so that the formula still holds.

    Example:
        >>> from sklearn.linear_model import LogisticRegression
        >>> df = make_campaign(2_000, seed=1)
        >>> X = df[[f"x{i}" for i in range(8)]]
        >>> model = ClassTransformationUplift(LogisticRegression()).fit(X, df["converted"], df["treatment"])
        >>> bool(abs(model.predict_uplift(X)).max() <= 1)
        True
    """

    def __init__(self, estimator: Any) -> None:
        _check_estimator(estimator)
        self.estimator = estimator

    def fit(self, X: Any, y: Any, treatment: Any) -> ClassTransformationUplift:
        from sklearn.base import clone

        treated = _treatment_mask(treatment, len(X))
        y_arr = _check_binary(y)
        z = (y_arr == treated.astype(np.int64)).astype(np.int64)
        self.treated_share_ = float(treated.mean())
        model = clone(self.estimator)
        if self.treated_share_ == 0.5:
            self.model_ = model.fit(X, z)
            return self
        weight = np.where(treated, 0.5 / self.treated_share_, 0.5 / (1 - self.treated_share_))
        # A Pipeline routes the weights to its last step (the classifier).
        key = f"{model.steps[-1][0]}__sample_weight" if hasattr(model, "steps") else "sample_weight"
        self.model_ = model.fit(X, z, **{key: weight})
        return self

    def predict_uplift(self, X: Any) -> np.ndarray:
        if not hasattr(self, "model_"):
            raise ValueError("call fit(X, y, treatment) before predicting")
        return 2 * self.model_.predict_proba(X)[:, 1] - 1


class SLearnerUplift:
    """S-learner: one classifier with the treatment as an extra feature, asked "what if?" twice.

    ``predict_uplift(X)`` is the predicted probability with the treatment column set to 1 minus the
    one with it set to 0. Pair it with a model that can learn interactions (trees, boosting): a
    plain logistic regression gives every customer almost the same ranking as a response model.

    Example:
        >>> from sklearn.tree import DecisionTreeClassifier
        >>> df = make_campaign(2_000, seed=1)
        >>> X = df[[f"x{i}" for i in range(8)]]
        >>> tree = DecisionTreeClassifier(max_depth=3, random_state=0)
        >>> SLearnerUplift(tree).fit(X, df["converted"], df["treatment"]).predict_uplift(X).shape
        (2000,)
    """

    def __init__(self, estimator: Any, *, column: str = "treatment") -> None:
        _check_estimator(estimator)
        self.estimator = estimator
        self.column = column

    def _with_treatment(self, X: Any, value: Any) -> Any:
        if hasattr(X, "assign"):
            if self.column in X.columns:
                raise ValueError(f"X already has a column called {self.column!r}; pass another column name")
            return X.assign(**{self.column: value})
        X_arr = np.asarray(X, dtype=float)
        return np.column_stack([X_arr, np.broadcast_to(np.asarray(value, dtype=float), (len(X_arr),))])

    def fit(self, X: Any, y: Any, treatment: Any) -> SLearnerUplift:
        from sklearn.base import clone

        treated = _treatment_mask(treatment, len(X))
        self.model_ = clone(self.estimator).fit(self._with_treatment(X, treated.astype(np.int64)), _check_binary(y))
        return self

    def predict_uplift(self, X: Any) -> np.ndarray:
        if not hasattr(self, "model_"):
            raise ValueError("call fit(X, y, treatment) before predicting")
        p_treated = self.model_.predict_proba(self._with_treatment(X, 1))[:, 1]
        p_control = self.model_.predict_proba(self._with_treatment(X, 0))[:, 1]
        return p_treated - p_control
