"""Data-drift checks written with NumPy and SciPy: the population stability index and the KS test.

Monitoring compares what a model sees in production (the *current* sample) with what it was
trained on (the *reference* sample), one feature or one prediction column at a time.

- :func:`psi` bins the reference by its quantiles and sums ``(a - e) * ln(a / e)`` over the
  bins, where ``e`` and ``a`` are the reference and current shares of each bin. A common rule
  of thumb: below 0.1 stable, 0.1-0.25 worth a look, above 0.25 a real shift.
- :func:`ks_statistic` is the largest vertical gap between the two empirical CDFs;
  :func:`ks_test` adds SciPy's p-value. With thousands of rows the p-value flags even tiny,
  harmless shifts, so read the statistic (an effect size) before the p-value.
- :func:`drift_report` runs both on several columns and returns a small table.

Example:
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> reference, current = rng.normal(0, 1, 5_000), rng.normal(0.5, 1, 5_000)
    >>> round(psi(reference, reference), 3)
    0.0
    >>> psi(reference, current) > 0.2
    True
    >>> round(psi_from_shares([0.5, 0.5], [0.25, 0.75]), 4)
    0.2747
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

__all__ = [
    "PSI_ALERT",
    "PSI_WATCH",
    "bin_edges",
    "bin_shares",
    "drift_report",
    "ks_statistic",
    "ks_test",
    "psi",
    "psi_from_shares",
]

#: Rule-of-thumb thresholds for the PSI: below WATCH stable, above ALERT a real shift.
PSI_WATCH = 0.1
PSI_ALERT = 0.25
#: Share given to an empty bin so that the logarithm stays finite.
DEFAULT_EPS = 1e-4


def _sample(values: Any, name: str) -> np.ndarray:
    """A 1-D float array of finite values, or a ValueError/TypeError naming the argument."""
    import numpy as np

    if isinstance(values, (str, bytes)):
        raise TypeError(f"{name} must be a sequence of numbers, not {type(values).__name__}")
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a sequence of numbers ({exc})") from None
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {array.shape}")
    if array.size == 0:
        raise ValueError(f"{name} is empty: drift needs at least one value in each sample")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} contains NaN or infinite values; drop or impute them first")
    return array


def _check_bins(bins: int) -> None:
    if isinstance(bins, bool) or not isinstance(bins, int) or bins < 2:
        raise ValueError(f"bins must be an integer of at least 2, got {bins!r}")


def _check_eps(eps: float) -> None:
    if isinstance(eps, bool) or not isinstance(eps, (int, float)) or not 0 < eps < 0.5:
        raise ValueError(f"eps must be a small positive number below 0.5, got {eps!r}")


def bin_edges(reference: Sequence[float] | np.ndarray, bins: int = 10) -> np.ndarray:
    """Inner bin edges at the reference's quantiles (duplicates removed for discrete data).

    The outer bins are open (below the first edge, at or above the last one), so every current
    value falls into some bin even if it lies outside the reference's range.

    Example:
        >>> bin_edges([1, 2, 3, 4], bins=2).tolist()
        [2.5]
    """
    import numpy as np

    _check_bins(bins)
    reference = _sample(reference, "reference")
    quantiles = np.quantile(reference, np.linspace(0, 1, bins + 1)[1:-1])
    return np.unique(quantiles)


def bin_shares(values: Sequence[float] | np.ndarray, edges: Sequence[float] | np.ndarray) -> np.ndarray:
    """Share of ``values`` in each bin defined by the inner ``edges`` (len(edges) + 1 bins).

    A value equal to an edge goes to the bin on its right.

    Example:
        >>> bin_shares([1, 2, 3, 4], [2.5]).tolist()
        [0.5, 0.5]
    """
    import numpy as np

    values = _sample(values, "values")
    edges = np.asarray(edges, dtype=float)
    if edges.ndim != 1 or not np.all(np.isfinite(edges)) or np.any(np.diff(edges) <= 0):
        raise ValueError("edges must be a one-dimensional, strictly increasing sequence of finite numbers")
    counts = np.bincount(np.searchsorted(edges, values, side="right"), minlength=edges.size + 1)
    return counts / values.size


def psi_from_shares(
    expected: Sequence[float] | np.ndarray, actual: Sequence[float] | np.ndarray, *, eps: float = DEFAULT_EPS
) -> float:
    """PSI from bin shares (or counts): sum over bins of ``(a - e) * ln(a / e)``.

    Both inputs are normalised to sum to 1; bins with a zero share get ``eps`` instead.

    Example:
        >>> round(psi_from_shares([50, 50], [25, 75]), 4)
        0.2747
    """
    import numpy as np

    _check_eps(eps)
    e = _sample(expected, "expected")
    a = _sample(actual, "actual")
    if e.shape != a.shape:
        raise ValueError(f"expected and actual need the same number of bins, got {e.size} and {a.size}")
    if np.any(e < 0) or np.any(a < 0) or e.sum() == 0 or a.sum() == 0:
        raise ValueError("expected and actual must be non-negative shares or counts with a positive total")
    e = np.clip(e / e.sum(), eps, None)
    a = np.clip(a / a.sum(), eps, None)
    return float(np.sum((a - e) * np.log(a / e)))


def psi(
    reference: Sequence[float] | np.ndarray,
    current: Sequence[float] | np.ndarray,
    *,
    bins: int = 10,
    eps: float = DEFAULT_EPS,
) -> float:
    """Population stability index of ``current`` against ``reference``.

    Bins are the reference's quantiles (deciles by default), so each reference bin holds about
    the same share; see the module docstring for the usual thresholds.

    Example:
        >>> psi([1, 2, 3, 4], [1, 1, 1, 4], bins=2) > 0.25
        True
    """
    edges = bin_edges(reference, bins)
    return psi_from_shares(bin_shares(reference, edges), bin_shares(current, edges), eps=eps)


def ks_statistic(reference: Sequence[float] | np.ndarray, current: Sequence[float] | np.ndarray) -> float:
    """Two-sample Kolmogorov-Smirnov statistic: the largest gap between the two empirical CDFs.

    Example:
        >>> ks_statistic([1, 2, 3, 4], [3, 4, 5, 6])
        0.5
    """
    import numpy as np

    ref = np.sort(_sample(reference, "reference"))
    cur = np.sort(_sample(current, "current"))
    points = np.concatenate([ref, cur])  # the ECDFs only jump at observed values
    cdf_ref = np.searchsorted(ref, points, side="right") / ref.size
    cdf_cur = np.searchsorted(cur, points, side="right") / cur.size
    return float(np.max(np.abs(cdf_ref - cdf_cur)))


def ks_test(reference: Sequence[float] | np.ndarray, current: Sequence[float] | np.ndarray) -> tuple[float, float]:
    """(KS statistic, p-value) of the two-sample test; the p-value comes from SciPy.

    Example:
        >>> statistic, p_value = ks_test([1, 2, 3, 4], [3, 4, 5, 6])
        >>> statistic, p_value > 0.05
        (0.5, True)
    """
    from scipy import stats

    statistic = ks_statistic(reference, current)
    result = stats.ks_2samp(_sample(reference, "reference"), _sample(current, "current"))
    return statistic, float(result.pvalue)


def drift_report(
    reference: pd.DataFrame,
    current: pd.DataFrame,
    columns: Iterable[str] | None = None,
    *,
    bins: int = 10,
    alpha: float = 0.01,
) -> pd.DataFrame:
    """One row per column: PSI, KS statistic, KS p-value and a verdict from the PSI thresholds.

    ``columns`` defaults to the numeric columns the two frames share. The verdict is
    "stable" (PSI < 0.1), "watch" (0.1-0.25) or "drift" (> 0.25); ``ks_significant`` tells
    whether the KS p-value is below ``alpha``.

    Example:
        >>> import pandas as pd
        >>> ref = pd.DataFrame({"x": range(100)})
        >>> drift_report(ref, ref + 50)["verdict"].tolist()
        ['drift']
    """
    import pandas as pd

    if not isinstance(reference, pd.DataFrame) or not isinstance(current, pd.DataFrame):
        raise TypeError("reference and current must be pandas DataFrames")
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float)) or not 0 < alpha < 1:
        raise ValueError(f"alpha must be a number between 0 and 1, got {alpha!r}")
    if columns is None:
        columns = [c for c in reference.select_dtypes("number").columns if c in current.columns]
    else:
        columns = list(columns)
        missing = [c for c in columns if c not in reference.columns or c not in current.columns]
        if missing:
            raise ValueError(f"columns {missing} are not in both frames")
    if not columns:
        raise ValueError("no numeric columns to compare")
    rows = {}
    for column in columns:
        value = psi(reference[column], current[column], bins=bins)
        statistic, p_value = ks_test(reference[column], current[column])
        verdict = "stable" if value < PSI_WATCH else "watch" if value <= PSI_ALERT else "drift"
        rows[column] = {
            "psi": value,
            "ks_statistic": statistic,
            "ks_p_value": p_value,
            "ks_significant": bool(p_value < alpha),
            "verdict": verdict,
        }
    report = pd.DataFrame.from_dict(rows, orient="index")
    report.index.name = "column"
    return report
