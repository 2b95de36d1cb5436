"""Online advertising: a simulated impression log with known click probabilities, calibration
tools, the negative down-sampling correction, auctions against competitors, and budget pacing.

Case study 12 (``case_studies/12_online_advertising.ipynb``) uses this module.

**The impression log.** :func:`simulate_impressions` draws one row per ad shown: the hour of the
day (from a daily traffic profile), the ad and its category, the slot position (1 = top), the
device, the user's interest segment and recent visits. Each row carries the *true* click
probability ``p_click`` that generated its ``click``, so a model's predictions can be compared with
the truth, not only with noisy 0/1 labels. Click rates are about 1-3%.

**Calibration.** :func:`reliability_table` bins predictions (equal-count bins by default, since
click probabilities crowd near 0) and compares the mean prediction of each bin with the observed
click rate; :func:`expected_calibration_error` is the size-weighted mean gap. Passing the true
probabilities in place of the labels measures the gap to the truth without label noise;
:func:`ece_if_calibrated` gives the noise floor of an ECE against clicks (the ECEs of clicks drawn
from the predictions themselves), and :func:`paired_auc_difference` a fast paired bootstrap interval
of the AUC difference of two models on the same rows.

**Negative down-sampling.** Training on all clicks and a share ``rate`` of the non-clicks
(:func:`negative_downsample`) multiplies the odds the model learns by ``1 / rate``;
:func:`correct_downsampling` undoes it: ``q = p / (p + (1 - p) / rate)``.

**Auctions.** :func:`highest_competing_bids` draws, per request, the highest of ``n_competitors``
log-normal bids; :func:`auction_outcome` decides who wins and what is paid in a second-price
(pay the highest competing bid) or first-price (pay your own bid) auction, vectorised over
requests; :func:`auction_summary` adds up win rate, spend, expected clicks, cost per click and the
advertiser's surplus (value of the clicks minus spend). All money is in dollars per impression.

**Budget pacing.** :func:`pace_budget` spends a daily budget over a day of requests, slot by slot:
``"asap"`` bids until the money runs out, ``"throttle"`` joins only a share of the auctions and
``"bid"`` scales every bid down; both levers are steered by a feedback controller towards a
spending plan proportional to the expected traffic. :func:`replay_pacing` replays such a day on
many resampled days at once, to see how much of a difference between strategies is luck.

**The feedback loop.** :func:`simulate_feedback_loop` shows ads in batches, choosing by the click
rates observed so far: greedily, with a share of random exploration, or by Thompson sampling. An
ad that is not shown gets no new data, so a greedy platform can stay wrong about it for ever.

Example:
    >>> log = simulate_impressions(20_000, seed=1)
    >>> round(float(log["click"].mean()), 2)
    0.02
    >>> float(correct_downsampling(0.5, rate=0.1))
    0.09090909090909091
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # pandas is imported lazily: importing helpers stays cheap.
    import pandas as pd

__all__ = [
    "AD_CATEGORIES",
    "FEATURES",
    "TRAFFIC_PROFILE",
    "auction_outcome",
    "auction_summary",
    "correct_downsampling",
    "ece_if_calibrated",
    "expected_calibration_error",
    "highest_competing_bids",
    "negative_downsample",
    "pace_budget",
    "paired_auc_difference",
    "reliability_table",
    "replay_pacing",
    "simulate_feedback_loop",
    "simulate_impressions",
]

#: Interest segments of users, which are also the categories of ads (an ad is "relevant" to a
#: user whose segment equals its category).
AD_CATEGORIES: tuple[str, ...] = ("sports", "fashion", "tech", "travel")
#: The model's input columns in the simulated log.
FEATURES: tuple[str, ...] = ("ad_id", "position", "device", "segment", "hour", "visits")
#: Relative number of ad requests in each hour of the day (0-23): quiet nights, an evening peak.
TRAFFIC_PROFILE: tuple[float, ...] = (
    1.5, 1.0, 0.7, 0.5, 0.5, 0.7, 1.5, 3.0, 4.5, 4.5, 4.0, 4.0,
    5.0, 4.5, 4.0, 4.0, 4.0, 4.5, 5.5, 6.5, 7.0, 6.5, 5.0, 3.0,
)

_POSITION_EFFECT = {1: 0.0, 2: -0.45, 3: -0.8}  # logit shift of the slot position
_POSITION_SHARE = (0.4, 0.35, 0.25)
_MOBILE_SHARE = 0.65
_MOBILE_EFFECT = 0.15
_MATCH_EFFECT = 0.9  # logit shift when the ad's category matches the user's segment
_VISITS_EFFECT = 0.3  # times log(1 + visits in the last week)
_HOUR_EFFECT = 0.2  # amplitude of the evening bump
_QUALITY_SPREAD = 0.45  # ad quality: logit shifts evenly spread over [-0.45, 0.45]
_BASE_LOGIT = -4.4


def _check_int(value: Any, name: str, *, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def _check_seed(seed: Any) -> int:
    return _check_int(seed, "seed", minimum=0)


def _stream(seed: Any, purpose: str) -> np.random.Generator:
    """A generator for one purpose: the same ``seed`` gives unrelated streams for different
    purposes (and none equals ``default_rng(seed)``, which a notebook may use for its own draws)."""
    return np.random.default_rng([_check_seed(seed), zlib.crc32(purpose.encode())])


def _check_rate(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number in (0, 1], got {type(value).__name__}")
    value = float(value)
    if not 0 < value <= 1:
        raise ValueError(f"{name} must be in (0, 1], got {value}")
    return value


def _vector(
    values: Any, name: str, *, n: int | None = None, low: float | None = None, high: float | None = None
) -> np.ndarray:
    """A finite 1-D float array (optionally of length ``n`` and within [low, high])."""
    if isinstance(values, (str, bytes)):
        raise TypeError(f"{name} must be a sequence of numbers, not a string")
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a sequence of numbers") from None
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D sequence of numbers, got shape {array.shape}")
    if n is not None and array.size != n:
        raise ValueError(f"{name} must have {n} values (one per request/row), got {array.size}")
    if not np.isfinite(array).all():
        raise ValueError(f"{name} must hold finite numbers (no NaN or infinity)")
    if low is not None and (array < low).any():
        raise ValueError(f"{name} must be >= {low}, found {array.min():g}")
    if high is not None and (array > high).any():
        raise ValueError(f"{name} must be <= {high}, found {array.max():g}")
    return array


# --- the impression log ---------------------------------------------------------------------------


def simulate_impressions(n_impressions: int = 300_000, seed: int = 0, *, n_ads: int = 20) -> pd.DataFrame:
    """Simulate an impression log whose true click probabilities are known.

    Each row is one ad shown to one user. Columns:

    * ``hour`` (0-23, drawn from :data:`TRAFFIC_PROFILE`) and ``time`` (hour of the day as a float,
      for ordering a day of requests);
    * ``ad_id`` (0 to ``n_ads - 1``, shown uniformly at random, as in a randomised log) and its
      ``ad_category`` (ad ``k`` has category ``k mod 4``, see :data:`AD_CATEGORIES`);
    * ``position`` (1, 2 or 3: the slot on the page), ``device`` ("mobile"/"desktop"),
      ``segment`` (the user's interest, one of :data:`AD_CATEGORIES`), ``visits`` (visits in the
      last week);
    * ``p_click``: the true click probability, and ``click`` (0/1) drawn from it.

    The true model is logistic: an ad-quality effect (fixed per ad, shuffled by ``seed``), a lower
    rate in lower positions, a small mobile and evening bump, ``0.3 log(1 + visits)``, and a large
    bonus when the ad's category matches the user's segment (an interaction a main-effects model
    cannot express). The overall click rate is about 2%, per ad between about 1% and 3%.
    ``ad_id``, ``position``, ``device``, ``segment`` and ``hour`` are categoricals.

    Example:
        >>> log = simulate_impressions(1_000, seed=3)
        >>> log.columns.tolist()
        ['hour', 'time', 'ad_id', 'ad_category', 'position', 'device', 'segment', 'visits', 'p_click', 'click']
        >>> bool(log["p_click"].between(0, 1).all())
        True
    """
    import pandas as pd

    n = _check_int(n_impressions, "n_impressions")
    n_ads = _check_int(n_ads, "n_ads", minimum=2)
    # the ads' qualities: evenly spread logit shifts, shuffled by the seed (independent of n)
    quality = _stream(seed, "ads").permutation(np.linspace(-_QUALITY_SPREAD, _QUALITY_SPREAD, n_ads))
    rng = _stream(seed, "impressions")

    profile = np.asarray(TRAFFIC_PROFILE) / np.sum(TRAFFIC_PROFILE)
    hour = rng.choice(24, size=n, p=profile)
    time = hour + rng.random(n)
    ad = rng.integers(0, n_ads, size=n)
    category = ad % len(AD_CATEGORIES)
    position = rng.choice([1, 2, 3], size=n, p=_POSITION_SHARE)
    mobile = rng.random(n) < _MOBILE_SHARE
    segment = rng.integers(0, len(AD_CATEGORIES), size=n)
    visits = rng.poisson(np.exp(rng.normal(0.7, 0.8, size=n)))

    logit = (
        _BASE_LOGIT
        + quality[ad]
        + np.select([position == 2, position == 3], [_POSITION_EFFECT[2], _POSITION_EFFECT[3]], 0.0)
        + _MOBILE_EFFECT * mobile
        + _MATCH_EFFECT * (segment == category)
        + _VISITS_EFFECT * np.log1p(visits)
        + _HOUR_EFFECT * np.cos(2 * np.pi * (hour - 20) / 24)
    )
    p_click = 1.0 / (1.0 + np.exp(-logit))
    click = (rng.random(n) < p_click).astype("int64")

    names = np.asarray(AD_CATEGORIES)
    return pd.DataFrame({
        "hour": pd.Categorical(hour, categories=range(24)),
        "time": time,
        "ad_id": pd.Categorical(ad, categories=range(n_ads)),
        "ad_category": pd.Categorical(names[category], categories=AD_CATEGORIES),
        "position": pd.Categorical(position, categories=[1, 2, 3]),
        "device": pd.Categorical(np.where(mobile, "mobile", "desktop"), categories=["desktop", "mobile"]),
        "segment": pd.Categorical(names[segment], categories=AD_CATEGORIES),
        "visits": visits.astype("int64"),
        "p_click": p_click,
        "click": click,
    })


# --- calibration ----------------------------------------------------------------------------------


def _labels_and_predictions(y: Any, p: Any) -> tuple[np.ndarray, np.ndarray]:
    y_arr = _vector(y, "y", low=0.0, high=1.0)
    p_arr = _vector(p, "p", n=y_arr.size, low=0.0, high=1.0)
    return y_arr, p_arr


def _bin_index(p: np.ndarray, n_bins: int, strategy: str) -> np.ndarray:
    """Bin of every prediction, with the same edges and rule as sklearn's ``calibration_curve``."""
    if strategy == "quantile":
        edges = np.quantile(p, np.linspace(0, 1, n_bins + 1))
    elif strategy == "uniform":
        edges = np.linspace(0.0, 1.0, n_bins + 1)
    else:
        raise ValueError(f"strategy must be 'quantile' or 'uniform', got {strategy!r}")
    return np.searchsorted(edges[1:-1], p)


def reliability_table(y: Any, p: Any, *, n_bins: int = 10, strategy: str = "quantile") -> pd.DataFrame:
    """Mean prediction and observed rate per bin of predictions: the data of a reliability diagram.

    ``y`` holds the outcomes (0/1 clicks) or, to compare with the truth, the true probabilities;
    ``p`` the predicted probabilities. ``strategy="quantile"`` makes bins of (nearly) equal size,
    ``"uniform"`` ``n_bins`` equal-width bins on [0, 1]; the bins are those of scikit-learn's
    ``sklearn.calibration.calibration_curve``, whose two arrays are the ``observed`` and
    ``mean_predicted`` columns. Returns one row per non-empty bin: ``n``, ``mean_predicted``,
    ``observed`` (mean of ``y``) and ``gap`` (``mean_predicted - observed``; positive =
    over-confident).

    Example:
        >>> reliability_table([0, 0, 1, 1], [0.1, 0.2, 0.7, 0.9], n_bins=2)[["n", "observed"]].to_numpy().tolist()
        [[2.0, 0.0], [2.0, 1.0]]
    """
    import pandas as pd

    y_arr, p_arr = _labels_and_predictions(y, p)
    n_bins = _check_int(n_bins, "n_bins")
    index = _bin_index(p_arr, n_bins, strategy)
    counts = np.bincount(index, minlength=n_bins).astype(float)
    keep = counts > 0
    mean_p = np.bincount(index, weights=p_arr, minlength=n_bins)[keep] / counts[keep]
    observed = np.bincount(index, weights=y_arr, minlength=n_bins)[keep] / counts[keep]
    table = pd.DataFrame({"n": counts[keep], "mean_predicted": mean_p, "observed": observed})
    table["gap"] = table["mean_predicted"] - table["observed"]
    table.index.name = "bin"
    return table


def expected_calibration_error(y: Any, p: Any, *, n_bins: int = 10, strategy: str = "quantile") -> float:
    """Expected calibration error: the bin-size weighted mean of |mean prediction - observed rate|.

    Uses the bins of :func:`reliability_table`. With 0/1 labels as ``y`` the result includes
    sampling noise (it is above 0 even for perfect probabilities); with the true probabilities as
    ``y`` it measures the miscalibration itself.

    Example:
        >>> expected_calibration_error([0, 1, 0, 1], [0.25, 0.25, 0.75, 0.75], n_bins=2)
        0.25
    """
    table = reliability_table(y, p, n_bins=n_bins, strategy=strategy)
    return float(np.sum(table["n"] * table["gap"].abs()) / table["n"].sum())



def ece_if_calibrated(p: Any, *, n_bins: int = 10, n_sims: int = 200, seed: int = 0) -> np.ndarray:
    """The noise floor of an ECE against clicks: ECEs of ``n_sims`` sets of clicks drawn from ``p`` itself.

    If the predictions ``p`` were perfectly calibrated, the clicks would be Bernoulli(``p``) draws;
    each simulated set of clicks is scored with :func:`expected_calibration_error` (same
    ``"quantile"`` bins, which depend only on ``p``). An ECE measured on real clicks that lies
    inside the range of these values is no evidence of miscalibration ("consistency resampling",
    Brocker and Smith, 2007). Returns the ``n_sims`` values.

    Example:
        >>> p = np.linspace(0.01, 0.05, 20_000)
        >>> floor = ece_if_calibrated(p, n_bins=10, n_sims=50, seed=1)
        >>> floor.shape, bool(0.001 < np.median(floor) < 0.006)  # about 0.8 sqrt(0.03 / 2,000) per bin
        ((50,), True)
    """
    p_arr = _vector(p, "p", low=0.0, high=1.0)
    n_bins = _check_int(n_bins, "n_bins")
    n_sims = _check_int(n_sims, "n_sims")
    rng = _stream(seed, "ece-floor")
    index = _bin_index(p_arr, n_bins, "quantile")
    n = p_arr.size
    out = np.empty(n_sims)
    chunk = max(1, 2_000_000 // n)  # simulations per block, to keep memory small
    for start in range(0, n_sims, chunk):
        k = min(chunk, n_sims - start)
        residual = p_arr - (rng.random((k, n)) < p_arr)  # prediction - simulated click
        flat = (index + n_bins * np.arange(k)[:, None]).ravel()
        gaps = np.bincount(flat, weights=residual.ravel(), minlength=k * n_bins).reshape(k, n_bins)
        out[start : start + k] = np.abs(gaps).sum(axis=1) / n
    return out


def _auc_from_counts(inverse: np.ndarray, k: int, w_pos: np.ndarray, w_neg: np.ndarray) -> float:
    """ROC AUC from each row's weight as a click (``w_pos``) and as a non-click (``w_neg``), the rows'
    scores given by their rank ``inverse`` among ``k`` distinct scores (ties count one half)."""
    pos = np.bincount(inverse, weights=w_pos, minlength=k)
    neg = np.bincount(inverse, weights=w_neg, minlength=k)
    below = np.cumsum(neg) - neg  # non-clicks with a strictly lower score
    return float(np.sum(pos * (below + 0.5 * neg)) / (pos.sum() * neg.sum()))


def paired_auc_difference(y: Any, a: Any, b: Any, *, n_boot: int = 1_000, seed: int = 0) -> Any:
    """ROC AUC of scores ``a`` minus that of ``b`` on the same rows, with a paired bootstrap interval.

    The same as ``helpers.stats.bootstrap_interval(lambda y, a, b: roc_auc_score(y, a) -
    roc_auc_score(y, b), y, a, b, strata=y)`` (the same resamples, the same numbers), but it sorts
    the scores once instead of twice per resample: about 30 times faster on 75,000 rows.
    Returns a :class:`helpers.stats.BootstrapInterval`.

    Example:
        >>> rng = np.random.default_rng(0)
        >>> y = rng.integers(0, 2, 500)
        >>> diff = paired_auc_difference(y, y + rng.normal(0, 1, 500), y + rng.normal(0, 2, 500), n_boot=200)
        >>> diff.low < diff.estimate < diff.high, diff.excludes(0)
        (True, True)
    """
    from helpers.stats import bootstrap_interval

    y_arr = _vector(y, "y")
    if not np.isin(y_arr, (0.0, 1.0)).all() or y_arr.min() == y_arr.max():
        raise ValueError("y must hold 0/1 labels, with both classes present")
    n = y_arr.size
    ranks = [np.unique(_vector(score, name, n=n), return_inverse=True) for score, name in ((a, "a"), (b, "b"))]
    (values_a, inverse_a), (values_b, inverse_b) = ranks  # the scores are sorted once, not per resample

    def difference(rows: np.ndarray) -> float:
        weight = np.bincount(rows, minlength=n).astype(float)  # how often each row was drawn
        w_pos = weight * y_arr
        w_neg = weight - w_pos
        return _auc_from_counts(inverse_a, values_a.size, w_pos, w_neg) - _auc_from_counts(inverse_b, values_b.size, w_pos, w_neg)

    return bootstrap_interval(difference, np.arange(n), n_boot=n_boot, seed=seed, strata=y_arr)


# --- negative down-sampling -----------------------------------------------------------------------


def negative_downsample(y: Any, rate: float, seed: int = 0) -> np.ndarray:
    """Boolean mask keeping every positive row and a random share ``rate`` of the negative rows.

    Example:
        >>> mask = negative_downsample([1, 0, 0, 0, 0, 1], rate=0.5, seed=0)
        >>> bool(mask[0] and mask[5])
        True
    """
    y_arr = _vector(y, "y")
    if not np.isin(y_arr, (0.0, 1.0)).all():
        raise ValueError("y must hold 0/1 labels")
    rate = _check_rate(rate, "rate")
    return (y_arr == 1) | (_stream(seed, "downsample").random(y_arr.size) < rate)


def correct_downsampling(p: Any, rate: float) -> np.ndarray:
    """Map a probability learned on negatively down-sampled data back to the original scale.

    Keeping a share ``rate`` of the negatives multiplies the odds by ``1 / rate``; the correction
    ``q = p / (p + (1 - p) / rate)`` divides them back (He et al., 2014). ``rate=1`` changes nothing.

    Example:
        >>> correct_downsampling([0.0, 0.5, 1.0], rate=0.25).tolist()
        [0.0, 0.2, 1.0]
    """
    rate = _check_rate(rate, "rate")
    scalar = np.ndim(p) == 0
    p_arr = _vector(np.atleast_1d(p), "p", low=0.0, high=1.0)
    q = p_arr / (p_arr + (1.0 - p_arr) / rate)
    return q[0] if scalar else q


# --- auctions -------------------------------------------------------------------------------------


def highest_competing_bids(
    n_requests: int, n_competitors: int = 5, *, median: float = 0.015, sigma: float = 0.5, seed: int = 0
) -> np.ndarray:
    """The highest of ``n_competitors`` independent log-normal bids, for each request ($ per impression).

    Each competitor bids ``median * exp(sigma * z)`` with ``z`` standard normal. The draws are
    nested: with the same seed, the first ``k`` competitors are the same for every
    ``n_competitors >= k``, so adding competitors can only raise the price.

    Example:
        >>> bids = highest_competing_bids(3, 1, median=0.01, sigma=0.0)
        >>> bids.tolist()
        [0.01, 0.01, 0.01]
    """
    n = _check_int(n_requests, "n_requests")
    k = _check_int(n_competitors, "n_competitors")
    if isinstance(median, bool) or not isinstance(median, (int, float)) or not median > 0:
        raise ValueError(f"median must be a positive number, got {median!r}")
    if isinstance(sigma, bool) or not isinstance(sigma, (int, float)) or not sigma >= 0:
        raise ValueError(f"sigma must be a number >= 0, got {sigma!r}")
    rng = _stream(seed, "competitors")
    z = np.empty((n, k))
    for j in range(k):  # one column per competitor keeps the draws nested
        z[:, j] = rng.standard_normal(n)
    return median * np.exp(sigma * z.max(axis=1))


def auction_outcome(
    bids: Any, competing: Any, *, kind: str = "second", reserve: float = 0.0
) -> tuple[np.ndarray, np.ndarray]:
    """Who wins each request, and the price paid, in a sealed-bid auction.

    We win when our bid is strictly above both the highest competing bid and the ``reserve`` price
    (ties go to the competitor). In a ``"second"``-price auction the winner pays the larger of the
    highest competing bid and the reserve; in a ``"first"``-price auction, its own bid. Returns
    ``(won, price)`` with ``price`` 0 where we lost.

    Example:
        >>> won, price = auction_outcome([0.03, 0.01], [0.02, 0.02])
        >>> won.tolist(), price.tolist()
        ([True, False], [0.02, 0.0])
        >>> auction_outcome([0.03], [0.02], kind="first")[1].tolist()
        [0.03]
    """
    b = _vector(bids, "bids", low=0.0)
    c = _vector(competing, "competing", n=b.size, low=0.0)
    if isinstance(reserve, bool) or not isinstance(reserve, (int, float)) or not reserve >= 0:
        raise ValueError(f"reserve must be a number >= 0, got {reserve!r}")
    floor = np.maximum(c, reserve)
    won = b > floor
    if kind == "second":
        price = np.where(won, floor, 0.0)
    elif kind == "first":
        price = np.where(won, b, 0.0)
    else:
        raise ValueError(f"kind must be 'second' or 'first', got {kind!r}")
    return won, price


def auction_summary(
    bids: Any,
    competing: Any,
    ctr: Any,
    *,
    value_per_click: float,
    kind: str = "second",
    reserve: float = 0.0,
) -> dict[str, float]:
    """Play every request's auction and add up what the advertiser gets.

    ``ctr`` is the true click probability of each request, so ``clicks`` is the expected number of
    clicks on the impressions won and ``value`` is ``clicks * value_per_click``. Returns
    ``requests``, ``won``, ``win_rate``, ``spend``, ``clicks``, ``cpc`` (spend per click; NaN when
    nothing was won), ``value`` and ``surplus`` (value - spend).

    Example:
        >>> s = auction_summary([0.03, 0.01], [0.02, 0.02], [0.04, 0.01], value_per_click=1.0)
        >>> s["won"], round(s["spend"], 3), round(s["surplus"], 3)
        (1.0, 0.02, 0.02)
    """
    won, price = auction_outcome(bids, competing, kind=kind, reserve=reserve)
    p = _vector(ctr, "ctr", n=won.size, low=0.0, high=1.0)
    if isinstance(value_per_click, bool) or not isinstance(value_per_click, (int, float)) or not value_per_click > 0:
        raise ValueError(f"value_per_click must be a positive number, got {value_per_click!r}")
    spend = float(price.sum())
    clicks = float(p[won].sum())
    value = clicks * float(value_per_click)
    return {
        "requests": float(won.size),
        "won": float(won.sum()),
        "win_rate": float(won.mean()),
        "spend": spend,
        "clicks": clicks,
        "cpc": spend / clicks if clicks > 0 else float("nan"),
        "value": value,
        "surplus": value - spend,
    }


# --- budget pacing --------------------------------------------------------------------------------

_STRATEGIES = ("asap", "throttle", "bid")


def _next_lever(lever: float, target: float, spent: float, gain: float) -> float:
    """The pacing controller for one slot: scale the lever by (target / spent) ** gain, the ratio
    within [0.5, 2] (2 when nothing was spent), and keep the lever within [0.01, 1]. (:func:`_pace`
    applies the same rule to many days at once.)"""
    ratio = 2.0 if spent <= 0 else min(max(target / spent, 0.5), 2.0)
    return min(max(lever * ratio**gain, 0.01), 1.0)


def _pacing_inputs(
    bids: Any, competing: Any, ctr: Any, time: Any, *, budget: Any, strategy: Any, n_slots: Any, plan: Any, gain: Any, kind: Any
) -> dict[str, Any]:
    """Validate the arguments of :func:`pace_budget` / :func:`replay_pacing`; the requests in time order."""
    b = _vector(bids, "bids", low=0.0)
    n = b.size
    c = _vector(competing, "competing", n=n, low=0.0)
    p = _vector(ctr, "ctr", n=n, low=0.0, high=1.0)
    t = _vector(time, "time", n=n, low=0.0)
    if (t >= 24).any():
        raise ValueError("time must be the hour of the day, 0 <= time < 24")
    if isinstance(budget, bool) or not isinstance(budget, (int, float)) or not budget > 0:
        raise ValueError(f"budget must be a positive number, got {budget!r}")
    if strategy not in _STRATEGIES:
        raise ValueError(f"strategy must be one of {_STRATEGIES}, got {strategy!r}")
    if kind not in ("second", "first"):
        raise ValueError(f"kind must be 'second' or 'first', got {kind!r}")
    n_slots = _check_int(n_slots, "n_slots")
    if isinstance(gain, bool) or not isinstance(gain, (int, float)) or not gain > 0:
        raise ValueError(f"gain must be a positive number, got {gain!r}")
    slot = np.minimum((t / 24 * n_slots).astype(int), n_slots - 1)
    if plan is None:
        planned = np.bincount(slot, minlength=n_slots).astype(float)
    else:
        planned = _vector(plan, "plan", n=n_slots, low=0.0)
        if planned.sum() <= 0:
            raise ValueError("plan must have a positive total")
    order = np.argsort(t, kind="stable")  # requests in time order; slot s is the range bounds[s]:bounds[s + 1]
    return {
        "order": order,
        "bids": b[order],
        "competing": c[order],
        "ctr": p[order],
        "bounds": np.searchsorted(slot[order], np.arange(n_slots + 1)),
        "share": planned / planned.sum(),
        "budget": float(budget),
    }


def _pace(
    b: np.ndarray, c: np.ndarray, p: np.ndarray, join: np.ndarray, bounds: np.ndarray, share: np.ndarray, *,
    budget: float, strategy: str, gain: float, kind: str,
) -> dict[str, np.ndarray]:
    """The pacing loop over slots, for ``r`` days at once: ``b``, ``c``, ``p`` and ``join`` have shape
    ``(r, n)`` (requests in time order, the same slot boundaries ``bounds`` on every day). Returns
    ``won``, ``spend``, ``clicks`` and ``lever``, each of shape ``(r, n_slots)``."""
    r, n_slots = b.shape[0], bounds.size - 1
    remaining_share = np.cumsum(share[::-1])[::-1]  # share of the plan from each slot to the end
    lever, spent = np.ones(r), np.zeros(r)
    out = {key: np.zeros((r, n_slots)) for key in ("won", "spend", "clicks", "lever")}
    for s in range(n_slots):
        lo, hi = bounds[s], bounds[s + 1]
        out["lever"][:, s] = lever
        bid = b[:, lo:hi] * lever[:, None] if strategy == "bid" else b[:, lo:hi]
        won = bid > c[:, lo:hi]  # the auction rule of auction_outcome (no reserve price)
        if strategy == "throttle":
            won &= join[:, lo:hi] < lever[:, None]
        price = np.where(won, c[:, lo:hi] if kind == "second" else bid, 0.0)
        won &= spent[:, None] + np.cumsum(price, axis=1) <= budget + 1e-12  # stop at the budget
        price = np.where(won, price, 0.0)
        target = (budget - spent) * share[s] / remaining_share[s] if remaining_share[s] > 0 else np.zeros(r)
        paid = price.sum(axis=1)
        spent = spent + paid
        out["won"][:, s] = won.sum(axis=1)
        out["spend"][:, s] = paid
        out["clicks"][:, s] = np.where(won, p[:, lo:hi], 0.0).sum(axis=1)
        if strategy != "asap":  # the controller of _next_lever, for every day at once
            ratio = np.clip(np.divide(target, paid, out=np.full(r, 2.0), where=paid > 0), 0.5, 2.0)
            lever = np.clip(lever * ratio**gain, 0.01, 1.0)
    return out


def pace_budget(
    bids: Any,
    competing: Any,
    ctr: Any,
    time: Any,
    *,
    budget: float,
    strategy: str = "bid",
    n_slots: int = 96,
    plan: Sequence[float] | None = None,
    gain: float = 0.5,
    kind: str = "second",
    seed: int = 0,
) -> pd.DataFrame:
    """Spend a daily ``budget`` over one day of requests, one time slot after another.

    ``bids`` are the full (unpaced) bids, ``competing`` the highest competing bids, ``ctr`` the true
    click probabilities and ``time`` the hour of day of each request (0 <= time < 24). The day is
    cut into ``n_slots`` equal slots. Strategies:

    * ``"asap"``: bid in every auction until the budget is gone;
    * ``"throttle"``: join each auction with probability ``lever`` (bids unchanged);
    * ``"bid"``: bid ``lever * bid`` in every auction.

    The plan gives each slot a share of the day (by default its share of the day's requests, i.e. a
    perfect traffic forecast). At the start of each slot the money left is re-planned over the
    remaining slots, which fixes the slot's target spend; after the slot the lever is multiplied by
    ``(target / spent) ** gain`` (the ratio kept within [0.5, 2], and 2 when nothing was spent), and
    the lever stays within [0.01, 1]. Spending always stops at the budget. Returns one row per
    slot: ``start_hour``, ``requests``, ``won``, ``spend``, ``clicks`` (expected), ``lever`` (used in
    that slot) and ``cumulative_spend``. :func:`replay_pacing` replays the day on resampled requests.

    Example:
        >>> bids, competing, ctr, time = [0.03] * 4, [0.02] * 4, [0.05] * 4, [1, 7, 13, 19]
        >>> day = pace_budget(bids, competing, ctr, time, budget=0.05, strategy="asap", n_slots=4)
        >>> day["won"].tolist(), round(float(day["spend"].sum()), 3)
        ([1, 1, 0, 0], 0.04)
    """
    import pandas as pd

    d = _pacing_inputs(bids, competing, ctr, time, budget=budget, strategy=strategy, n_slots=n_slots, plan=plan, gain=gain, kind=kind)
    join = _stream(seed, "throttle").random(d["order"].size)[d["order"]]  # throttling draws, one per request
    out = _pace(d["bids"][None], d["competing"][None], d["ctr"][None], join[None], d["bounds"], d["share"],
                budget=d["budget"], strategy=strategy, gain=gain, kind=kind)
    day = pd.DataFrame({
        "start_hour": np.arange(d["bounds"].size - 1) * 24 / (d["bounds"].size - 1),
        "requests": np.diff(d["bounds"]).astype(int),
        "won": out["won"][0].astype(int),
        "spend": out["spend"][0],
        "clicks": out["clicks"][0],
        "lever": out["lever"][0],
    })
    day["cumulative_spend"] = day["spend"].cumsum()
    return day


def replay_pacing(
    bids: Any,
    competing: Any,
    ctr: Any,
    time: Any,
    *,
    budget: float,
    strategy: str = "bid",
    n_replays: int = 20,
    n_slots: int = 96,
    plan: Sequence[float] | None = None,
    gain: float = 0.5,
    kind: str = "second",
    seed: int = 0,
) -> pd.DataFrame:
    """Replay :func:`pace_budget` on ``n_replays`` days resampled from one day of requests, all at once.

    Each replayed day draws, within every slot, as many requests as the slot had, with replacement
    from that slot's requests (a bootstrap stratified by slot: the traffic profile and the plan stay
    those of the day, the requests, their values and competing bids change). The same ``seed`` gives
    the same resampled days for every ``strategy``, so strategies are compared on the same days
    (paired). The loop over slots runs for all days at once. Returns one row per replayed day:
    ``won``, ``spend`` and ``clicks`` (expected) over the whole day.

    Example:
        >>> rng = np.random.default_rng(0)
        >>> ctr, time = rng.uniform(0.01, 0.05, 2_000), rng.uniform(0, 24, 2_000)
        >>> competing = highest_competing_bids(2_000, 3, median=0.02, seed=1)
        >>> days = replay_pacing(ctr, competing, ctr, time, budget=2.0, n_replays=5, n_slots=24, seed=2)
        >>> days.shape, bool((days["spend"] <= 2.0 + 1e-9).all())
        ((5, 3), True)
    """
    import pandas as pd

    d = _pacing_inputs(bids, competing, ctr, time, budget=budget, strategy=strategy, n_slots=n_slots, plan=plan, gain=gain, kind=kind)
    r = _check_int(n_replays, "n_replays")
    rows = _replay_rows(d["bounds"], r, _stream(seed, "replay-days"))
    join = _stream(seed, "replay-throttle").random(rows.shape)
    out = _pace(d["bids"][rows], d["competing"][rows], d["ctr"][rows], join, d["bounds"], d["share"],
                budget=d["budget"], strategy=strategy, gain=gain, kind=kind)
    return pd.DataFrame({key: out[key].sum(axis=1) for key in ("won", "spend", "clicks")}).rename_axis("replay")


def _replay_rows(bounds: np.ndarray, n_replays: int, rng: np.random.Generator) -> np.ndarray:
    """Row indices (n_replays, n) of resampled days: within each slot bounds[s]:bounds[s + 1], draws
    with replacement from the slot's rows, sorted (so each day stays in time order)."""
    parts = []
    for lo, hi in zip(bounds[:-1], bounds[1:], strict=True):
        if hi > lo:
            parts.append(np.sort(lo + rng.integers(0, hi - lo, (n_replays, hi - lo)), axis=1))
    return np.concatenate(parts, axis=1)


# --- the feedback loop ----------------------------------------------------------------------------

_POLICIES = ("greedy", "epsilon", "thompson")


def simulate_feedback_loop(
    true_ctr: Any,
    *,
    policy: str = "greedy",
    n_batches: int = 100,
    batch_size: int = 1_000,
    warmup: int = 200,
    n_runs: int = 200,
    epsilon: float = 0.1,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Serve ads in batches, learning each ad's click rate only from the impressions it got.

    Every ad first gets ``warmup`` impressions (a launch test). Then, for each of ``n_batches``
    batches of ``batch_size`` requests, the platform estimates every ad's click rate as
    clicks / impressions so far and

    * ``"greedy"``: shows the ad with the highest estimate in the whole batch (ties at random);
    * ``"epsilon"``: does the same for a share ``1 - epsilon`` of the batch and shows random ads
      in the rest;
    * ``"thompson"``: splits the batch in proportion to each ad's probability of being the best
      under its Beta(1 + clicks, 1 + non-clicks) posterior (estimated from 50 draws).

    Clicks are Binomial(impressions, true rate). ``n_runs`` independent days are simulated at once.
    Returns ``(impressions, clicks)``, two integer arrays of shape ``(n_runs, n_ads)`` (warm-up
    included).

    Example:
        >>> shown, clicked = simulate_feedback_loop([0.01, 0.03], n_batches=5, batch_size=100, n_runs=3, seed=1)
        >>> shown.shape, shown.sum(axis=1).tolist()
        ((3, 2), [900, 900, 900])
    """
    rates = _vector(true_ctr, "true_ctr", low=0.0, high=1.0)
    if rates.size < 2:
        raise ValueError("true_ctr needs at least two ads")
    if policy not in _POLICIES:
        raise ValueError(f"policy must be one of {_POLICIES}, got {policy!r}")
    n_batches = _check_int(n_batches, "n_batches", minimum=0)
    batch_size = _check_int(batch_size, "batch_size")
    warmup = _check_int(warmup, "warmup")
    n_runs = _check_int(n_runs, "n_runs")
    epsilon = _check_rate(epsilon, "epsilon")
    rng = _stream(seed, f"feedback-{policy}")
    n_ads = rates.size
    shown = np.full((n_runs, n_ads), warmup, dtype=np.int64)
    clicked = rng.binomial(shown, rates)
    rows = np.arange(n_runs)
    for _ in range(n_batches):
        if policy == "thompson":
            wins, losses = 1 + clicked[:, None, :], 1 + shown[:, None, :] - clicked[:, None, :]
            draws = rng.beta(wins, losses, size=(n_runs, 50, n_ads))  # 50 posterior draws per run and ad
            share = np.stack([np.mean(draws.argmax(axis=2) == a, axis=1) for a in range(n_ads)], axis=1)
            batch = rng.multinomial(batch_size, share)
        else:
            estimate = clicked / shown + rng.random((n_runs, n_ads)) * 1e-9  # tiny noise breaks ties
            best = estimate.argmax(axis=1)
            if policy == "epsilon":
                explore = rng.binomial(batch_size, epsilon, size=n_runs)
            else:
                explore = np.zeros(n_runs, dtype=np.int64)
            batch = rng.multinomial(explore, np.full(n_ads, 1 / n_ads))
            batch[rows, best] += batch_size - explore
        shown += batch
        clicked += rng.binomial(batch, rates)
    return shown, clicked
