"""Off-policy evaluation: estimate how a new policy would do from the log of an old one.

Case study 11 (``case_studies/11_bandits.ipynb``) uses this module. A log has one row per
decision the old (*logging*) policy made: the reward it got (1 = click), the probability with
which the logging policy chose the logged action (its *propensity*), and the probability with
which the *target* policy, the one we want to evaluate, would have chosen that same action in
that same context. The estimators (Dudik, Langford & Li 2011; case study 11 goes beyond the book here):

* **IPS** (inverse propensity scoring): ``mean(w * r)`` with ``w = target_prob / logging_prob``.
  Unbiased whenever the logging policy gives every action the target policy may take a positive
  probability; its variance grows with the weights.
* **SNIPS** (self-normalised IPS): ``sum(w * r) / sum(w)``. Slightly biased, usually much less
  variable, and it stays within the range of the rewards.
* **DR** (doubly robust): a reward model ``q`` predicts the reward of every action; DR averages
  ``q``'s prediction for the target policy (``expected_reward_pred = sum_a pi(a|x) q(x, a)``) and
  corrects it with IPS on the model's error for the logged action (``reward_pred = q(x, a_i)``):
  ``mean(expected_reward_pred + w * (r - reward_pred))``. Unbiased if the propensities are right,
  and less variable than IPS when the model is good.

Confidence intervals come from the bootstrap: resample the rows with replacement, recompute the
estimate, and take percentiles. With few clicks on the rows the target policy can take (under a few
tens), the percentile interval is too narrow: it covers the truth far less often than its level says
(case study 11 computes the coverage). When every such row has the same weight (a uniform logging
policy and a target that spreads its probability evenly over its items), IPS is ``weight x clicks / n``;
use the exact interval ``weight * helpers.stats.proportion_interval(clicks, n, method="exact")`` then.

Inputs are validated: a logging propensity must lie in (0, 1] (a zero would mean the logged
action could not have been taken, and the weight would be infinite), target probabilities in
[0, 1], rewards finite.

Example:
    >>> r = [1, 0, 0, 1]; target = [1.0, 0.0, 1.0, 0.0]; logging = [0.5, 0.5, 0.5, 0.5]
    >>> ips(r, target, logging), snips(r, target, logging)
    (0.5, 0.5)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # pandas is imported lazily: importing helpers stays cheap.
    import pandas as pd

__all__ = ["bootstrap_ci", "doubly_robust", "evaluate_policy", "ips", "snips"]

ArrayLike = Sequence[float] | np.ndarray

_ESTIMATORS = ("ips", "snips", "dr")


def _vector(values: Any, name: str, n: int | None = None) -> np.ndarray:
    if isinstance(values, (str, bytes)) or values is None:
        raise TypeError(f"{name} must be a sequence of numbers, not {type(values).__name__}")
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a sequence of numbers") from None
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional (one value per logged row), got shape {array.shape}")
    if array.size == 0:
        raise ValueError(f"{name} is empty: the log needs at least one row")
    if n is not None and array.size != n:
        raise ValueError(f"{name} has {array.size} values but rewards has {n}: give one value per logged row")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return array


def _inputs(rewards: Any, target_prob: Any, logging_prob: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r = _vector(rewards, "rewards")
    target = _vector(target_prob, "target_prob", r.size)
    logging = _vector(logging_prob, "logging_prob", r.size)
    bad = np.flatnonzero((logging <= 0) | (logging > 1))
    if bad.size:
        first = bad[0]
        raise ValueError(
            f"logging_prob must lie in (0, 1]: row {first} has {logging[first]:g} ({bad.size} bad rows). "
            "A propensity is the probability with which the logging policy chose the logged action; "
            "it cannot be 0 (that action could not have been logged) or above 1."
        )
    bad = np.flatnonzero((target < 0) | (target > 1))
    if bad.size:
        raise ValueError(f"target_prob must lie in [0, 1]: row {bad[0]} has {target[bad[0]]:g}")
    return r, target, logging


def _model_inputs(n: int, reward_pred: Any, expected_reward_pred: Any) -> tuple[np.ndarray, np.ndarray]:
    if reward_pred is None or expected_reward_pred is None:
        raise ValueError("doubly robust needs both reward_pred and expected_reward_pred (a reward model)")
    return _vector(reward_pred, "reward_pred", n), _vector(expected_reward_pred, "expected_reward_pred", n)


def ips(rewards: ArrayLike, target_prob: ArrayLike, logging_prob: ArrayLike) -> float:
    """Inverse propensity scoring: ``mean(target_prob / logging_prob * rewards)``.

    Example:
        >>> ips([1, 0, 1], [0.5, 0.5, 0.0], [0.25, 0.5, 0.5])
        0.6666666666666666
    """
    r, target, logging = _inputs(rewards, target_prob, logging_prob)
    return float(np.mean(target / logging * r))


def snips(rewards: ArrayLike, target_prob: ArrayLike, logging_prob: ArrayLike) -> float:
    """Self-normalised IPS: ``sum(w * rewards) / sum(w)`` with ``w = target_prob / logging_prob``.

    Returns NaN when every weight is 0 (the target policy never takes a logged action).

    Example:
        >>> snips([1, 0, 1], [0.5, 0.5, 0.0], [0.25, 0.5, 0.5])
        0.6666666666666666
    """
    r, target, logging = _inputs(rewards, target_prob, logging_prob)
    w = target / logging
    total = w.sum()
    return float(np.sum(w * r) / total) if total > 0 else float("nan")


def doubly_robust(
    rewards: ArrayLike,
    target_prob: ArrayLike,
    logging_prob: ArrayLike,
    reward_pred: ArrayLike,
    expected_reward_pred: ArrayLike,
) -> float:
    """Doubly robust: ``mean(expected_reward_pred + w * (rewards - reward_pred))``.

    ``reward_pred[i]`` is the model's prediction for the logged action of row ``i``;
    ``expected_reward_pred[i]`` is ``sum_a target(a | x_i) * model(x_i, a)``.

    Example:
        >>> round(doubly_robust([1, 0], [1.0, 0.0], [0.5, 0.5], [0.4, 0.4], [0.4, 0.3]), 4)
        0.95
    """
    r, target, logging = _inputs(rewards, target_prob, logging_prob)
    q_logged, q_target = _model_inputs(r.size, reward_pred, expected_reward_pred)
    return float(np.mean(q_target + target / logging * (r - q_logged)))


def _check_bootstrap_args(n_boot: Any, level: Any) -> tuple[int, float]:
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 10:
        raise ValueError(f"n_boot must be an integer of at least 10, got {n_boot!r}")
    if isinstance(level, bool) or not isinstance(level, (int, float)) or not 0 < level < 1:
        raise ValueError(f"level must be a number between 0 and 1 (for example 0.95), got {level!r}")
    return int(n_boot), float(level)


def _replicates(terms: dict[str, np.ndarray], estimators: Sequence[str], n_boot: int,
                rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Bootstrap replicates of every estimator from the per-row terms, all on the same resampled rows
    (drawn once, in chunks to bound memory)."""
    n = next(iter(terms.values())).size
    out = {name: np.empty(n_boot) for name in estimators}
    chunk = max(1, min(n_boot, 2_000_000 // max(n, 1)))
    for start in range(0, n_boot, chunk):
        stop = min(start + chunk, n_boot)
        rows = rng.integers(0, n, size=(stop - start, n))
        for name in estimators:
            if name == "snips":
                num, den = terms["wr"][rows].sum(axis=1), terms["w"][rows].sum(axis=1)
                with np.errstate(invalid="ignore", divide="ignore"):
                    out[name][start:stop] = np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)
            else:
                out[name][start:stop] = terms[name][rows].mean(axis=1)
    return out


def bootstrap_ci(
    rewards: ArrayLike,
    target_prob: ArrayLike,
    logging_prob: ArrayLike,
    *,
    estimator: str = "ips",
    reward_pred: ArrayLike | None = None,
    expected_reward_pred: ArrayLike | None = None,
    n_boot: int = 1_000,
    level: float = 0.95,
    seed: int = 0,
) -> tuple[float, float]:
    """Percentile bootstrap interval ``(low, high)`` for ``estimator`` ("ips", "snips" or "dr").

    Example:
        >>> rng = np.random.default_rng(0)
        >>> r = rng.random(500) < 0.3
        >>> low, high = bootstrap_ci(r, np.full(500, 0.5), np.full(500, 0.5), n_boot=200)
        >>> low < 0.3 < high
        True
    """
    table = evaluate_policy(
        rewards, target_prob, logging_prob, reward_pred=reward_pred, expected_reward_pred=expected_reward_pred,
        estimators=(estimator,), n_boot=n_boot, level=level, seed=seed,
    )
    return float(table["ci_low"].iloc[0]), float(table["ci_high"].iloc[0])


def evaluate_policy(
    rewards: ArrayLike,
    target_prob: ArrayLike,
    logging_prob: ArrayLike,
    *,
    reward_pred: ArrayLike | None = None,
    expected_reward_pred: ArrayLike | None = None,
    estimators: Sequence[str] | None = None,
    n_boot: int = 1_000,
    level: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """Estimates and bootstrap intervals of the target policy's mean reward, one row per estimator.

    Args:
        rewards, target_prob, logging_prob: one value per logged row (see the module docstring).
        reward_pred, expected_reward_pred: a reward model's predictions, for DR (optional).
        estimators: any of "ips", "snips", "dr"; default all that the inputs allow.
        n_boot, level, seed: bootstrap replicates, interval level and seed (the same resampled
            rows are used for every estimator, so their intervals are comparable).

    Returns:
        A DataFrame indexed by estimator name (IPS, SNIPS, DR) with columns ``estimate``,
        ``ci_low``, ``ci_high``, ``matched`` (rows where the target policy could take the logged
        action, i.e. weight > 0) and ``effective_n`` (Kish's effective sample size of the weights,
        ``sum(w)^2 / sum(w^2)``: how many rows the estimate is really worth).

    Example:
        >>> table = evaluate_policy([1, 0, 0, 1], [1.0, 0.0, 1.0, 0.0], [0.5] * 4, n_boot=50)
        >>> table.index.tolist(), float(table.loc["IPS", "estimate"])
        (['IPS', 'SNIPS'], 0.5)
    """
    import pandas as pd

    r, target, logging = _inputs(rewards, target_prob, logging_prob)
    n_boot, level = _check_bootstrap_args(n_boot, level)
    has_model = reward_pred is not None or expected_reward_pred is not None
    if estimators is None:
        estimators = _ESTIMATORS if has_model else ("ips", "snips")
    if isinstance(estimators, str):
        estimators = (estimators,)
    chosen = [str(e).lower() for e in estimators]
    unknown = [e for e in chosen if e not in _ESTIMATORS]
    if unknown or not chosen:
        raise ValueError(f"estimators must be a non-empty list of {list(_ESTIMATORS)}, got {list(estimators)}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")

    w = target / logging
    terms = {"ips": w * r, "wr": w * r, "w": w}
    point = {"ips": float(np.mean(w * r)), "snips": float(np.sum(w * r) / w.sum()) if w.sum() > 0 else float("nan")}
    if "dr" in chosen:
        q_logged, q_target = _model_inputs(r.size, reward_pred, expected_reward_pred)
        terms["dr"] = q_target + w * (r - q_logged)
        point["dr"] = float(np.mean(terms["dr"]))

    tail = (1 - level) / 2
    effective = float(w.sum() ** 2 / np.sum(w**2)) if np.any(w > 0) else 0.0
    rows = {}
    replicates = _replicates(terms, chosen, n_boot, np.random.default_rng(seed))  # same rows for each estimator
    for name in chosen:
        reps = replicates[name]
        low, high = np.nanquantile(reps, [tail, 1 - tail]) if np.any(np.isfinite(reps)) else (np.nan, np.nan)
        rows[name.upper()] = {
            "estimate": point[name],
            "ci_low": float(low),
            "ci_high": float(high),
            "matched": int(np.count_nonzero(w > 0)),
            "effective_n": effective,
        }
    return pd.DataFrame(rows).T.astype({"matched": "int64"})
