"""Statistics for A/B tests on conversion rates: tests, intervals, sample size, SRM, peeking.

Every function compares two groups, **A** (control) and **B** (treatment), given as counts of
successes ``x`` out of ``n`` users. Differences are always **B minus A** (the lift of B).
The tests and intervals accept NumPy arrays as well as single numbers and broadcast them, so one
call can analyse thousands of simulated experiments at once.

What each function agrees with (see ``tests/test_stats.py``):

- :func:`two_proportion_ztest`: ``statsmodels.stats.proportion.proportions_ztest`` (pooled variance);
- :func:`chi2_two_proportions`: ``scipy.stats.chi2_contingency`` on the 2x2 table, with or without
  Yates' continuity correction (SciPy applies it by default to 2x2 tables);
- :func:`diff_confint`: ``statsmodels.stats.proportion.confint_proportions_2indep``
  (``method="wald"`` or ``"newcomb"``);
- :func:`power_two_proportions` / :func:`sample_size_two_proportions`: ``power_proportions_2indep``
  and ``samplesize_proportions_2indep_onetail`` (method ``"pooled"``), or ``NormalIndPower`` with
  ``proportion_effectsize`` (method ``"arcsine"``);
- :func:`srm_check`: ``scipy.stats.chisquare``;
- :func:`proportion_interval`: ``statsmodels.stats.proportion.proportion_confint`` (``"wilson"``,
  ``"beta"`` for the exact Clopper-Pearson interval).

Two tools serve every lesson that decides on a measured number: :func:`proportion_interval` (the
interval of one rate: a success rate, a precision, a click rate) and :func:`bootstrap_interval`
(the interval of any statistic computed from rows, above all the paired difference of two models
scored on the same rows).

Example:
    >>> result = two_proportion_ztest(40, 205, 62, 290)
    >>> round(float(result.diff), 4), round(float(result.p_value), 4)
    (0.0187, 0.6129)
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = [
    "BootstrapInterval",
    "PeekingResult",
    "SRMResult",
    "ZTestResult",
    "chi2_two_proportions",
    "diff_confint",
    "bootstrap_interval",
    "power_two_proportions",
    "proportion_interval",
    "sample_size_two_proportions",
    "simulate_peeking",
    "srm_check",
    "two_proportion_ztest",
]

_ALTERNATIVES = ("two-sided", "larger", "smaller")
_CI_METHODS = ("wald", "newcombe")
_POWER_METHODS = ("pooled", "arcsine")
_MAX_SIMULATED_CELLS = 20_000_000  # n_experiments x n_looks: about 160 MB of p-values


# --- validation ---------------------------------------------------------------------------------


def _counts(x: Any, n: Any, label: str) -> tuple[np.ndarray, np.ndarray]:
    """Validate successes ``x`` out of ``n`` (numbers or arrays) and return them as float arrays."""
    for value, name in ((x, f"x_{label}"), (n, f"n_{label}")):
        if isinstance(value, (bool, np.bool_, str, bytes)) or value is None:
            raise TypeError(f"{name} must be a count (an integer or an array of integers), not {type(value).__name__}")
    try:
        x_arr = np.asarray(x, dtype=float)
        n_arr = np.asarray(n, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"x_{label} and n_{label} must be counts (integers or arrays of integers)") from exc
    if not (np.all(np.isfinite(x_arr)) and np.all(np.isfinite(n_arr))):
        raise ValueError(f"x_{label} and n_{label} must be finite counts")
    if np.any(x_arr != np.round(x_arr)) or np.any(n_arr != np.round(n_arr)):
        raise ValueError(f"x_{label} and n_{label} must be whole numbers (counts of users)")
    if np.any(n_arr < 1):
        raise ValueError(f"n_{label} must be at least 1 (a group needs users)")
    if np.any(x_arr < 0) or np.any(x_arr > n_arr):
        raise ValueError(f"x_{label} must lie between 0 and n_{label} (successes out of users)")
    return x_arr, n_arr


def _probability(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, not {type(value).__name__}")
    value = float(value)
    if not 0 < value < 1:
        raise ValueError(f"{name} must lie strictly between 0 and 1, got {value}")
    return value


def _positive(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, not {type(value).__name__}")
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive finite number, got {value}")
    return float(value)


def _choice(value: Any, name: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {list(allowed)}, got {value!r}")
    return value


def _positive_int(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, not {type(value).__name__}")
    if value < 1:
        raise ValueError(f"{name} must be at least 1, got {value}")
    return int(value)


def _scalar_or_array(values: np.ndarray) -> Any:
    return values[()] if values.ndim == 0 else values


# --- tests and intervals ------------------------------------------------------------------------


@dataclass(frozen=True)
class ZTestResult:
    """Result of :func:`two_proportion_ztest` (numbers, or arrays for vectorised calls).

    Attributes:
        diff: observed rate of B minus observed rate of A.
        z: the test statistic (positive when B converts better).
        p_value: the p-value for the chosen alternative.
    """

    diff: Any
    z: Any
    p_value: Any


def two_proportion_ztest(x_a: Any, n_a: Any, x_b: Any, n_b: Any, *, alternative: str = "two-sided") -> ZTestResult:
    """Two-sample z-test that the conversion rates of A and B are equal (pooled variance).

    z = (p_b - p_a) / sqrt(p (1 - p) (1/n_a + 1/n_b)), where p is the pooled rate
    (x_a + x_b) / (n_a + n_b). Its square is the chi-square statistic without continuity
    correction. When nobody (or everybody) converted in both groups the rates cannot differ:
    z = 0 and p = 1.

    Args:
        x_a, n_a, x_b, n_b: successes and users of A and B (numbers or broadcastable arrays).
        alternative: "two-sided" (rates differ), "larger" (B better) or "smaller" (B worse).

    Example:
        >>> r = two_proportion_ztest(40, 205, 62, 290)
        >>> round(float(r.z), 3), round(float(r.p_value), 3)
        (0.506, 0.613)
    """
    from scipy.special import ndtr

    _choice(alternative, "alternative", _ALTERNATIVES)
    x_a, n_a = _counts(x_a, n_a, "a")
    x_b, n_b = _counts(x_b, n_b, "b")
    p_a, p_b = x_a / n_a, x_b / n_b
    pooled = (x_a + x_b) / (n_a + n_b)
    se = np.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    diff = p_b - p_a
    z = np.divide(diff, se, out=np.zeros(np.broadcast(diff, se).shape), where=se > 0)
    if alternative == "two-sided":
        p_value = 2 * ndtr(-np.abs(z))
    elif alternative == "larger":
        p_value = ndtr(-z)
    else:
        p_value = ndtr(z)
    p_value = np.where(se > 0, p_value, 1.0)
    return ZTestResult(_scalar_or_array(diff), _scalar_or_array(z), _scalar_or_array(p_value))


def chi2_two_proportions(x_a: Any, n_a: Any, x_b: Any, n_b: Any, *, correction: bool = True) -> tuple[Any, Any]:
    """Pearson's chi-square test of independence on the 2x2 table (group x converted).

    With ``correction=True`` (SciPy's default for 2x2 tables) Yates' continuity correction moves
    every observed count up to 0.5 towards its expected count, which makes the test conservative.
    Without it, the statistic equals z squared of :func:`two_proportion_ztest` and the p-values agree.

    Returns:
        (statistic, p_value), numbers or arrays.

    Example:
        >>> stat, p = chi2_two_proportions(40, 205, 62, 290, correction=False)
        >>> round(float(stat), 4), round(float(p), 4)
        (0.2559, 0.6129)
    """
    from scipy.special import chdtrc

    if not isinstance(correction, (bool, np.bool_)):
        raise TypeError(f"correction must be True or False, not {type(correction).__name__}")
    x_a, n_a = _counts(x_a, n_a, "a")
    x_b, n_b = _counts(x_b, n_b, "b")
    observed = np.stack(np.broadcast_arrays(x_a, n_a - x_a, x_b, n_b - x_b))
    total = n_a + n_b
    successes, failures = x_a + x_b, total - x_a - x_b
    expected = np.stack(np.broadcast_arrays(n_a * successes / total, n_a * failures / total,
                                            n_b * successes / total, n_b * failures / total))
    if correction:
        gap = expected - observed
        observed = observed + np.sign(gap) * np.minimum(0.5, np.abs(gap))
    safe = np.where(expected > 0, expected, 1.0)
    statistic = np.where(expected > 0, (observed - expected) ** 2 / safe, 0.0).sum(axis=0)
    degenerate = np.any(expected == 0, axis=0)  # nobody (or everybody) converted: no test possible
    statistic = np.where(degenerate, 0.0, statistic)
    p_value = np.where(degenerate, 1.0, chdtrc(1, statistic))
    return _scalar_or_array(statistic), _scalar_or_array(p_value)


def diff_confint(
    x_a: Any, n_a: Any, x_b: Any, n_b: Any, *, confidence: float = 0.95, method: str = "wald"
) -> tuple[Any, Any]:
    """Confidence interval for the difference of rates, B minus A.

    - ``"wald"``: (p_b - p_a) +/- z * sqrt(p_a (1 - p_a) / n_a + p_b (1 - p_b) / n_b), the textbook
      interval; fine for hundreds of users per group and rates away from 0 and 1.
    - ``"newcombe"``: Newcombe's hybrid score interval built from the two Wilson intervals; it
      keeps its coverage for small groups and rare events (statsmodels calls it "newcomb").

    Returns:
        (low, high), numbers or arrays.

    Example:
        >>> low, high = diff_confint(40, 205, 62, 290)
        >>> round(float(low), 4), round(float(high), 4)
        (-0.0532, 0.0906)
    """
    from scipy.special import ndtri

    confidence = _probability(confidence, "confidence")
    _choice(method, "method", _CI_METHODS)
    x_a, n_a = _counts(x_a, n_a, "a")
    x_b, n_b = _counts(x_b, n_b, "b")
    z = float(ndtri(1 - (1 - confidence) / 2))
    p_a, p_b = x_a / n_a, x_b / n_b
    diff = p_b - p_a
    if method == "wald":
        half = z * np.sqrt(p_a * (1 - p_a) / n_a + p_b * (1 - p_b) / n_b)
        return _scalar_or_array(diff - half), _scalar_or_array(diff + half)
    low_a, high_a = _wilson(p_a, n_a, z)
    low_b, high_b = _wilson(p_b, n_b, z)
    low = diff - np.sqrt((p_b - low_b) ** 2 + (high_a - p_a) ** 2)
    high = diff + np.sqrt((high_b - p_b) ** 2 + (p_a - low_a) ** 2)
    return _scalar_or_array(low), _scalar_or_array(high)


def _wilson(p: np.ndarray, n: np.ndarray, z: float) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of one proportion."""
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    return centre - half, centre + half


# --- power and sample size ----------------------------------------------------------------------


def _design(p_a: Any, p_b: Any, alpha: Any, ratio: Any, method: Any) -> tuple[float, float, float, float, str]:
    p_a = _probability(p_a, "p_a")
    p_b = _probability(p_b, "p_b")
    if p_a == p_b:
        raise ValueError("p_a and p_b must differ: power and sample size need an effect to detect")
    alpha = _probability(alpha, "alpha")
    ratio = _positive(ratio, "ratio")
    method = _choice(method, "method", _POWER_METHODS)
    return p_a, p_b, alpha, ratio, method


def _sd_null_alt(p_a: float, p_b: float, ratio: float, method: str) -> tuple[float, float, float]:
    """(effect, sd under H0, sd under H1), per sqrt(n_a), for the statistic the method tests."""
    if method == "arcsine":  # Cohen's h: the variance of 2 asin(sqrt(p)) is 1/n whatever p
        effect = 2 * math.asin(math.sqrt(p_b)) - 2 * math.asin(math.sqrt(p_a))
        sd = math.sqrt(1 + 1 / ratio)
        return effect, sd, sd
    pooled = (p_a + ratio * p_b) / (1 + ratio)
    sd_null = math.sqrt(pooled * (1 - pooled) * (1 + 1 / ratio))
    sd_alt = math.sqrt(p_a * (1 - p_a) + p_b * (1 - p_b) / ratio)
    return p_b - p_a, sd_null, sd_alt


def power_two_proportions(
    p_a: float, p_b: float, n_a: float, *, alpha: float = 0.05, ratio: float = 1.0, method: str = "pooled"
) -> float:
    """Power of the two-sided two-proportion z-test when the true rates are ``p_a`` and ``p_b``.

    ``n_a`` users in A and ``ratio * n_a`` in B. Both rejection regions are counted.

    - ``"pooled"`` (default): the z-test of :func:`two_proportion_ztest`, pooled variance under the
      null and unpooled under the alternative (statsmodels' ``power_proportions_2indep``).
    - ``"arcsine"``: the normal approximation on Cohen's effect size h (statsmodels'
      ``NormalIndPower`` with ``proportion_effectsize``).

    Example:
        >>> round(power_two_proportions(0.05, 0.065, 3780), 3)
        0.8
    """
    from scipy.special import ndtr, ndtri

    p_a, p_b, alpha, ratio, method = _design(p_a, p_b, alpha, ratio, method)
    n_a = _positive(n_a, "n_a")
    effect, sd_null, sd_alt = _sd_null_alt(p_a, p_b, ratio, method)
    crit = float(ndtri(1 - alpha / 2))
    shift = abs(effect) * math.sqrt(n_a) / sd_alt
    ratio_sd = sd_null / sd_alt
    return float(ndtr(shift - crit * ratio_sd) + ndtr(-shift - crit * ratio_sd))


def sample_size_two_proportions(
    p_a: float,
    p_b: float,
    *,
    alpha: float = 0.05,
    power: float = 0.8,
    ratio: float = 1.0,
    method: str = "pooled",
    round_up: bool = True,
) -> Any:
    """Users needed in group A to detect ``p_a`` vs ``p_b`` with a two-sided z-test.

    Group B gets ``ratio`` times as many (``ratio=1``: equal groups, the number per arm). The
    classic closed form, with z_a = z(1 - alpha/2) and z_b = z(power):

        n_a = (z_a * sd_null + z_b * sd_alt)^2 / (p_b - p_a)^2

    which ignores the far rejection region (it adds well under 0.001 of power at usual
    settings), so the result has at least the requested power. ``method`` as in
    :func:`power_two_proportions`. Returns an int (rounded up) unless ``round_up=False``.

    Example:
        >>> sample_size_two_proportions(0.05, 0.065)
        3780
        >>> sample_size_two_proportions(0.05, 0.065, method="arcsine")
        3766
    """
    from scipy.special import ndtri

    p_a, p_b, alpha, ratio, method = _design(p_a, p_b, alpha, ratio, method)
    power = _probability(power, "power")
    if power <= alpha / 2:
        raise ValueError(f"power must exceed alpha/2 ({alpha / 2}) to need any users, got {power}")
    if not isinstance(round_up, bool):
        raise TypeError(f"round_up must be True or False, not {type(round_up).__name__}")
    effect, sd_null, sd_alt = _sd_null_alt(p_a, p_b, ratio, method)
    n_a = ((float(ndtri(1 - alpha / 2)) * sd_null + float(ndtri(power)) * sd_alt) / effect) ** 2
    return math.ceil(n_a - 1e-9) if round_up else n_a


# --- sample ratio mismatch ----------------------------------------------------------------------


@dataclass(frozen=True)
class SRMResult:
    """Result of :func:`srm_check`.

    Attributes:
        statistic: Pearson's chi-square goodness-of-fit statistic.
        p_value: chance of a split at least this uneven if assignment worked as designed.
        observed_shares: the share of users each group actually got.
        expected_shares: the shares the design promised.
        mismatch: True when ``p_value < threshold``: do not trust the experiment's results.
    """

    statistic: float
    p_value: float
    observed_shares: tuple[float, ...]
    expected_shares: tuple[float, ...]
    mismatch: bool


def srm_check(counts: Any, expected_shares: Any = None, *, threshold: float = 0.001) -> SRMResult:
    """Sample-ratio-mismatch check: do the group sizes fit the designed split?

    A chi-square goodness-of-fit test of the user counts per group against the designed
    shares (equal shares by default). A very small p-value (practitioners use 0.001, because
    the check runs on every experiment) means assignment or logging is broken, and the
    experiment's comparison cannot be trusted, whatever its p-value says.

    Example:
        >>> result = srm_check([50_000, 49_000])
        >>> round(result.p_value, 5), result.mismatch
        (0.00148, False)
        >>> srm_check([50_000, 48_800]).mismatch
        True
    """
    from scipy.special import chdtrc

    if isinstance(counts, (str, bytes)) or not hasattr(counts, "__len__"):
        raise TypeError("counts must be a list or array with the number of users in each group")
    observed = np.asarray(counts, dtype=float)
    if observed.ndim != 1 or observed.size < 2:
        raise ValueError(f"counts must hold one number per group (at least 2 groups), got shape {observed.shape}")
    if not np.all(np.isfinite(observed)) or np.any(observed < 0) or np.any(observed != np.round(observed)):
        raise ValueError("counts must be non-negative whole numbers")
    if observed.sum() <= 0:
        raise ValueError("counts must not all be zero")
    if expected_shares is None:
        shares = np.full(observed.size, 1 / observed.size)
    else:
        if isinstance(expected_shares, (str, bytes)) or not hasattr(expected_shares, "__len__"):
            raise TypeError("expected_shares must be a list or array with one share per group")
        shares = np.asarray(expected_shares, dtype=float)
        if shares.shape != observed.shape:
            raise ValueError(f"expected_shares needs one share per group ({observed.size}), got {shares.size}")
        if np.any(~np.isfinite(shares)) or np.any(shares <= 0) or not math.isclose(shares.sum(), 1.0, abs_tol=1e-9):
            raise ValueError("expected_shares must be positive and sum to 1")
    threshold = _probability(threshold, "threshold")
    expected = shares * observed.sum()
    statistic = float(np.sum((observed - expected) ** 2 / expected))
    p_value = float(chdtrc(observed.size - 1, statistic))
    return SRMResult(
        statistic=statistic,
        p_value=p_value,
        observed_shares=tuple(float(s) for s in observed / observed.sum()),
        expected_shares=tuple(float(s) for s in shares),
        mismatch=p_value < threshold,
    )


# --- peeking ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeekingResult:
    """Simulated experiments analysed after every batch of users (see :func:`simulate_peeking`).

    Attributes:
        p_values: array (n_experiments, n_looks): the two-sided z-test p-value at each look.
        users_per_arm: array (n_looks,): users in each group at each look.
    """

    p_values: np.ndarray
    users_per_arm: np.ndarray

    def fixed_horizon_rate(self, alpha: float = 0.05) -> float:
        """Share of experiments significant at the planned end (one test at the last look)."""
        alpha = _probability(alpha, "alpha")
        return float(np.mean(self.p_values[:, -1] < alpha))

    def stopped_by_look(self, alpha: float = 0.05) -> np.ndarray:
        """For each look k: share of experiments that showed p < alpha at some look up to k.

        The last value is the rate of "significant" results for someone who stops the
        experiment at the first p < alpha.
        """
        alpha = _probability(alpha, "alpha")
        return np.mean(np.logical_or.accumulate(self.p_values < alpha, axis=1), axis=0)

    def peeking_rate(self, alpha: float = 0.05) -> float:
        """Share of experiments stopped as "significant" when checked after every batch."""
        return float(self.stopped_by_look(alpha)[-1])


def simulate_peeking(
    *,
    n_experiments: int,
    n_looks: int,
    batch_size: int,
    p_a: float,
    p_b: float | None = None,
    rng: np.random.Generator | int | None = None,
) -> PeekingResult:
    """Simulate experiments that are tested after every batch of ``batch_size`` users per arm.

    All experiments are drawn at once (binomial counts per batch, cumulated), so 10,000
    experiments with 20 looks take a fraction of a second. With ``p_b=None`` (or equal to
    ``p_a``) they are A/A tests: every "significant" result is a false positive.

    Example:
        >>> sim = simulate_peeking(n_experiments=2_000, n_looks=10, batch_size=200, p_a=0.1, rng=1)
        >>> sim.p_values.shape
        (2000, 10)
        >>> sim.peeking_rate() > sim.fixed_horizon_rate()
        True
    """
    n_experiments = _positive_int(n_experiments, "n_experiments")
    n_looks = _positive_int(n_looks, "n_looks")
    batch_size = _positive_int(batch_size, "batch_size")
    if n_experiments * n_looks > _MAX_SIMULATED_CELLS:
        raise ValueError(
            f"n_experiments x n_looks must stay below {_MAX_SIMULATED_CELLS:,} to fit in memory, "
            f"got {n_experiments * n_looks:,}"
        )
    p_a = _probability(p_a, "p_a")
    p_b = p_a if p_b is None else _probability(p_b, "p_b")
    if rng is None or isinstance(rng, numbers.Integral) and not isinstance(rng, bool):
        rng = np.random.default_rng(rng)
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy Generator, an int seed or None, not {type(rng).__name__}")
    conversions_a = rng.binomial(batch_size, p_a, size=(n_experiments, n_looks)).cumsum(axis=1)
    conversions_b = rng.binomial(batch_size, p_b, size=(n_experiments, n_looks)).cumsum(axis=1)
    users = batch_size * np.arange(1, n_looks + 1)
    p_values = two_proportion_ztest(conversions_a, users, conversions_b, users).p_value
    return PeekingResult(p_values=np.asarray(p_values), users_per_arm=users)


# --- intervals for any lesson -------------------------------------------------------------------

_PROPORTION_METHODS = ("wilson", "exact")


def proportion_interval(successes: Any, n: Any, *, confidence: float = 0.95, method: str = "wilson") -> tuple[Any, Any]:
    """Confidence interval of one rate: ``successes`` out of ``n`` (numbers or arrays).

    - ``"wilson"``: the Wilson score interval; good coverage down to a few dozen trials and rates
      near 0 or 1, where the textbook (Wald) interval collapses;
    - ``"exact"``: Clopper-Pearson, from the Beta distribution; never too narrow, the safe choice
      when there are only a handful of successes (1-3 clicks).

    Example:
        >>> low, high = proportion_interval(15, 20)
        >>> round(float(low), 4), round(float(high), 4)
        (0.5313, 0.8881)
        >>> [round(float(v), 4) for v in proportion_interval(1, 1000, method="exact")]
        [0.0, 0.0056]
    """
    from scipy.special import betaincinv, ndtri

    confidence = _probability(confidence, "confidence")
    _choice(method, "method", _PROPORTION_METHODS)
    x, n = _counts(successes, n, "")
    alpha = 1 - confidence
    if method == "wilson":
        low, high = _wilson(x / n, n, float(ndtri(1 - alpha / 2)))
        return _scalar_or_array(np.clip(low, 0, 1)), _scalar_or_array(np.clip(high, 0, 1))
    with np.errstate(invalid="ignore", divide="ignore"):
        low = np.where(x == 0, 0.0, betaincinv(x, n - x + 1, alpha / 2))
        high = np.where(x == n, 1.0, betaincinv(x + 1, n - x, 1 - alpha / 2))
    return _scalar_or_array(low), _scalar_or_array(high)


@dataclass(frozen=True)
class BootstrapInterval:
    """A statistic on the original rows, its bootstrap standard error and percentile interval."""

    estimate: float
    low: float
    high: float
    se: float
    n_boot: int
    confidence: float

    def excludes(self, value: float = 0.0) -> bool:
        """True when ``value`` lies outside the interval (for a difference: not zero, so not noise)."""
        return not self.low <= value <= self.high

    def __repr__(self) -> str:
        return (
            f"{self.estimate:.4g} (SE {self.se:.2g}; {self.confidence:.0%} interval "
            f"{self.low:.4g} to {self.high:.4g}, {self.n_boot:,} bootstrap resamples)"
        )


def bootstrap_interval(
    statistic: Any,
    *arrays: Any,
    n_boot: int = 1_000,
    confidence: float = 0.95,
    seed: int = 0,
    strata: Any = None,
) -> BootstrapInterval:
    """Bootstrap ``statistic(*arrays)`` by resampling rows with replacement.

    Every array is resampled with the same row indices, so a statistic that compares two models
    on the same rows (``lambda y, a, b: auc(y, a) - auc(y, b)``) gets a **paired** interval: the
    noise of the difference, which is usually much smaller than the noise of each score alone.
    ``strata`` (one label per row) resamples within each group, keeping group sizes fixed (for
    example treated and control customers). A resample on which the statistic fails (a resample
    with a single class has no AUC) raises; use more rows or stratify by the label.

    Example:
        >>> import numpy as np
        >>> rng = np.random.default_rng(0)
        >>> y = rng.integers(0, 2, 300)
        >>> a, b = y + rng.normal(0, 1, 300), y + rng.normal(0, 1.2, 300)
        >>> from sklearn.metrics import roc_auc_score
        >>> diff = bootstrap_interval(lambda y, a, b: roc_auc_score(y, a) - roc_auc_score(y, b), y, a, b,
        ...                           n_boot=200, strata=y)
        >>> diff.low < diff.estimate < diff.high, diff.n_boot
        (True, 200)
    """
    if not callable(statistic):
        raise TypeError(f"statistic must be a function of the arrays, not {type(statistic).__name__}")
    if not arrays:
        raise ValueError("give at least one array to resample (the rows the statistic is computed from)")
    n_boot = _positive_int(n_boot, "n_boot")
    confidence = _probability(confidence, "confidence")
    data = [np.asarray(a) for a in arrays]
    n = len(data[0])
    if n < 2 or any(len(a) != n for a in data):
        raise ValueError(f"the arrays must have the same number of rows, at least 2; got {[len(a) for a in data]}")
    rng = np.random.default_rng(seed)
    if strata is None:
        groups = [np.arange(n)]
    else:
        labels = np.asarray(strata)
        if len(labels) != n:
            raise ValueError(f"strata must have one label per row ({n}), got {len(labels)}")
        groups = [np.flatnonzero(labels == value) for value in np.unique(labels)]
    estimate = float(statistic(*data))
    replicates = np.empty(n_boot)
    for k in range(n_boot):
        rows = np.concatenate([g[rng.integers(0, len(g), len(g))] for g in groups])
        replicates[k] = float(statistic(*(a[rows] for a in data)))
    tail = (1 - confidence) / 2
    low, high = np.quantile(replicates, [tail, 1 - tail])
    return BootstrapInterval(estimate, float(low), float(high), float(replicates.std(ddof=1)), n_boot, confidence)
