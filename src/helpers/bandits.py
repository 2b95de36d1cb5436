"""Bandit algorithms: strategies, a simulator vectorised over repetitions, and a contextual
bootstrap-Thompson bandit.

Case study 11 (``case_studies/11_bandits.ipynb``) uses this module.

**Multi-armed bandits.** Each strategy decides, for every repetition at once, which arm to pull
from the clicks (``successes``) and non-clicks (``failures``) counted so far; both are float arrays
of shape ``(n_reps, n_arms)``. :func:`simulate` plays any number of strategies against the same
arms, for ``n_rounds`` rounds and ``n_reps`` independent repetitions, with one Python loop over the
rounds and NumPy over the strategies and repetitions. All strategies face the same clicks: the outcome of every
arm in every round and repetition is drawn once ("common random numbers"), so differences between
strategies come from their decisions, not from luck.

The strategies follow the book (Book: 11.4-11.7): :class:`RandomChoice`, :class:`EpsilonGreedy`,
:class:`Softmax` (fixed or annealed temperature, the book's schedule
``temperature / log(anneal_rate * pulls + 2)``), :class:`UCB1`, :class:`BayesianUCB` (an upper
quantile of the Beta posterior, 95% by default) and :class:`ThompsonSampling`, both with the
uniform Beta(1, 1) prior. Ties are broken at random.

**Contextual bandits.** :class:`BootstrapThompson` keeps, per arm, an ensemble of ridge regressions
(linear probability models); member ``b`` is fitted on a copy of the arm's history in which every
row carries a Poisson(1) weight (the "online bootstrap"). Least squares only needs the sums
``X'WX`` and ``X'Wy``, so a new batch is added to those sums and each member is re-solved from an
8x8 system: exactly the model a refit on the whole weighted history would give, at a cost that
does not grow with the history. To choose, each row draws one member per arm and takes the arm
whose member predicts the highest click probability (Thompson sampling with the ensemble standing
in for the posterior). :func:`simulate_contextual` plays a policy in the book's setting.

Example:
    >>> result = simulate([ThompsonSampling(), RandomChoice()], [0.12, 0.10], n_rounds=500, n_reps=20, seed=1)
    >>> result.labels
    ('Thompson sampling', 'random')
    >>> result.summary().shape
    (2, 6)
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

if TYPE_CHECKING:  # pandas is imported lazily: importing helpers stays cheap.
    import pandas as pd

__all__ = [
    "BOOK_WEIGHTS",
    "BanditResult",
    "BayesianUCB",
    "BootstrapThompson",
    "ContextFreeThompson",
    "EpsilonGreedy",
    "OraclePolicy",
    "RandomChoice",
    "RandomPolicy",
    "Softmax",
    "Strategy",
    "ThompsonSampling",
    "UCB1",
    "make_contexts",
    "simulate",
    "simulate_contextual",
    "softmax_probabilities",
]

#: The book's contextual setting: 3 arms x 7 features; click probability = features . weights.
BOOK_WEIGHTS: tuple[tuple[float, ...], ...] = (
    (0.05, 0.05, -0.05, 0.0, 0.0, 0.0, 0.0),
    (-0.05, 0.05, 0.05, 0.0, 0.0, 0.0, 0.0),
    (0.05, -0.05, 0.05, 0.0, 0.0, 0.0, 0.0),
)


# --- small shared pieces ------------------------------------------------------------------------


def _check_probability(value: Any, name: str, *, low_open: bool = False, high_open: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
        raise TypeError(f"{name} must be a number, not {type(value).__name__}")
    value = float(value)
    low_ok = value > 0 if low_open else value >= 0
    high_ok = value < 1 if high_open else value <= 1
    if not (np.isfinite(value) and low_ok and high_ok):
        interval = f"{'(' if low_open else '['}0, 1{')' if high_open else ']'}"
        raise ValueError(f"{name} must lie in {interval}, got {value}")
    return value


def _check_positive(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
        raise TypeError(f"{name} must be a number, not {type(value).__name__}")
    if not (np.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive finite number, got {value}")
    return float(value)


def _check_count(value: Any, name: str, *, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer, not {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return int(value)


def _row_max(x: np.ndarray) -> np.ndarray:
    """``x.max(axis=1)`` for a (repetitions, arms) array; column by column when there are few arms, which is
    several times faster than NumPy's reduction over a short axis (same values)."""
    if x.shape[1] > 8:
        return x.max(axis=1)
    out = x[:, 0]
    for k in range(1, x.shape[1]):
        out = np.maximum(out, x[:, k])
    return out


def _row_sum(x: np.ndarray) -> np.ndarray:
    """``x.sum(axis=1)``, added column by column (in the same order) when there are few arms."""
    if x.shape[1] > 8:
        return x.sum(axis=1)
    out = x[:, 0]
    for k in range(1, x.shape[1]):
        out = out + x[:, k]
    return out


def _argmax_random_ties(scores: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Row-wise argmax; among tied maxima, one chosen uniformly at random."""
    best = scores == _row_max(scores)[:, None]
    return np.argmax(np.where(best, rng.random(scores.shape), -1.0), axis=1)


def _means(successes: np.ndarray, failures: np.ndarray) -> np.ndarray:
    """Observed click rate per arm (0 for an arm never pulled)."""
    return successes / np.maximum(successes + failures, 1e-300)


def softmax_probabilities(values: Sequence[float] | np.ndarray, temperature: float) -> np.ndarray:
    """Choice probabilities ``exp(v / temperature) / sum(exp(v / temperature))`` (last axis).

    Computed stably (the maximum is subtracted first), so tiny temperatures do not overflow.

    Example:
        >>> softmax_probabilities([0.12, 0.11, 0.10], 100).round(4).tolist()
        [0.3334, 0.3333, 0.3333]
    """
    temperature = _check_positive(temperature, "temperature")
    v = np.asarray(values, dtype=float)
    if v.ndim == 0 or v.shape[-1] < 1 or not np.all(np.isfinite(v)):
        raise ValueError("values must be a non-empty array of finite numbers (one per arm)")
    z = (v - v.max(axis=-1, keepdims=True)) / temperature
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


# --- strategies -----------------------------------------------------------------------------------


class Strategy:
    """Base class: ``choose(successes, failures, t, rng)`` returns one arm per repetition.

    ``successes`` and ``failures`` have shape ``(n_reps, n_arms)``; ``t`` is the round (0-based).
    A strategy with ``discount < 1`` has its counts multiplied by ``discount`` before every update
    by :func:`simulate`, so old observations fade (for changing click rates). Strategies that keep
    a cache use :meth:`start` (a new run begins) and :meth:`observed` (counts changed; during a
    random warm-up, when nobody reads the cache, it is called once, at the warm-up's last round,
    for every arm of every repetition).
    """

    label: str = "strategy"
    discount: float = 1.0

    def choose(self, successes: np.ndarray, failures: np.ndarray, t: int, rng: np.random.Generator) -> np.ndarray:
        raise NotImplementedError

    def start(self, n_reps: int, n_arms: int) -> None:  # noqa: B027 - optional hook
        """Called once before a run (reset caches)."""

    def observed(self, rows: np.ndarray, arms: np.ndarray, successes: np.ndarray, failures: np.ndarray) -> None:  # noqa: B027
        """Called after the counts of ``(rows, arms)`` changed (all entries if discounting)."""


@dataclass
class RandomChoice(Strategy):
    """Pull an arm uniformly at random (the A/B/n test: pure exploration).

    Example:
        >>> RandomChoice().choose(np.zeros((4, 3)), np.zeros((4, 3)), 0, np.random.default_rng(0)).shape
        (4,)
    """

    label: str = "random"

    def choose(self, successes, failures, t, rng):
        return rng.integers(successes.shape[1], size=successes.shape[0])


@dataclass
class EpsilonGreedy(Strategy):
    """With probability ``epsilon`` a random arm, otherwise the arm with the best observed rate.

    Example:
        >>> s, f = np.array([[1.0, 5.0]]), np.array([[9.0, 5.0]])
        >>> EpsilonGreedy(epsilon=0.0).choose(s, f, 0, np.random.default_rng(0)).tolist()
        [1]
    """

    epsilon: float = 0.1
    label: str = ""
    discount: float = 1.0

    def __post_init__(self) -> None:
        self.epsilon = _check_probability(self.epsilon, "epsilon")
        self.discount = _check_probability(self.discount, "discount", low_open=True)
        self.label = self.label or f"epsilon-greedy ({self.epsilon:g})"

    def choose(self, successes, failures, t, rng):
        n_reps, n_arms = successes.shape
        greedy = _argmax_random_ties(_means(successes, failures), rng)
        explore = rng.random(n_reps) < self.epsilon
        return np.where(explore, rng.integers(n_arms, size=n_reps), greedy)


@dataclass
class Softmax(Strategy):
    """Pull arm ``k`` with probability proportional to ``exp(rate_k / temperature)``.

    With ``anneal=True`` the temperature cools as data accumulate, following the book's schedule
    ``temperature / log(anneal_rate * pulls + 2)`` where ``pulls`` counts all pulls so far.

    Example:
        >>> Softmax(temperature=0.05).label, Softmax(temperature=0.1, anneal=True).label
        ('softmax (t=0.05)', 'softmax annealed (t0=0.1)')
    """

    temperature: float = 0.05
    anneal: bool = False
    anneal_rate: float = 100.0
    label: str = ""
    discount: float = 1.0

    def __post_init__(self) -> None:
        self.temperature = _check_positive(self.temperature, "temperature")
        self.anneal_rate = _check_positive(self.anneal_rate, "anneal_rate")
        if not isinstance(self.anneal, bool):
            raise TypeError(f"anneal must be True or False, not {self.anneal!r}")
        self.discount = _check_probability(self.discount, "discount", low_open=True)
        if not self.label:
            self.label = (
                f"softmax annealed (t0={self.temperature:g})" if self.anneal else f"softmax (t={self.temperature:g})"
            )

    def current_temperature(self, pulls: np.ndarray | float) -> np.ndarray | float:
        """The temperature used after ``pulls`` pulls in total."""
        if not self.anneal:
            return self.temperature if np.ndim(pulls) == 0 else np.full(np.shape(pulls), self.temperature)
        return self.temperature / np.log(self.anneal_rate * np.asarray(pulls, dtype=float) + 2.0)

    def choose(self, successes, failures, t, rng):
        means = _means(successes, failures)
        if self.anneal:
            temperature = self.current_temperature(_row_sum(successes + failures))[:, None]
        else:
            temperature = self.temperature
        z = (means - _row_max(means)[:, None]) / temperature
        weights = np.exp(z)
        cumulative = np.cumsum(weights, axis=1)
        draw = rng.random(means.shape[0])[:, None] * cumulative[:, -1:]
        return np.minimum(_row_sum((cumulative <= draw).astype(np.intp)), means.shape[1] - 1)


@dataclass
class UCB1(Strategy):
    """Observed rate plus ``sqrt(2 ln(total pulls) / pulls of the arm)``; untried arms first.

    Example:
        >>> s, f = np.array([[45.0, 92.0]]), np.array([[55.0, 108.0]])
        >>> UCB1().scores(s, f).round(4).tolist()
        [[0.7878, 0.6988]]
    """

    label: str = "UCB1"
    discount: float = 1.0

    def __post_init__(self) -> None:
        self.discount = _check_probability(self.discount, "discount", low_open=True)

    @staticmethod
    def scores(successes: np.ndarray, failures: np.ndarray) -> np.ndarray:
        """The UCB1 score of every arm (``inf`` for an arm never pulled)."""
        pulls = successes + failures
        total = _row_sum(pulls)[:, None]
        with np.errstate(divide="ignore", invalid="ignore"):
            bonus = np.sqrt(2.0 * np.log(np.maximum(total, 1.0)) / pulls)
        return np.where(pulls > 0, _means(successes, failures) + bonus, np.inf)

    def choose(self, successes, failures, t, rng):
        return _argmax_random_ties(self.scores(successes, failures), rng)


@dataclass
class BayesianUCB(Strategy):
    """Pull the arm whose Beta(1 + clicks, 1 + non-clicks) posterior has the highest upper quantile.

    The quantile is fixed, as in the book (95% by default). The method's paper (Kaufmann, Cappé and
    Garivier, 2012) raises it towards 1 as the rounds go by (in its simplest form to ``1 - 1/t`` in
    round ``t``), so that an arm that started badly is never given up for good.

    In :func:`simulate` only the arm whose counts changed is looked at, and its quantile
    (``scipy.special.betaincinv``, exact) is computed only when it matters. If the arm's posterior
    still puts more than ``1 - quantile`` of its mass above the best other arm's score (one cheaper
    ``scipy.special.betainc``), the arm leads and its exact score can wait until it stops leading. A
    clear leader also gets a *floor*, its score after ``FLOOR_STEP`` more non-clicks (clicks only
    raise a score): while the floor stays above the other scores, its updates cost nothing. During
    the random warm-up nothing is computed until its last round. The choices, random tie-breaks
    included, are those of exact scores in every round, at about half of the cost.

    Example:
        >>> s, f = np.array([[45.0, 92.0]]), np.array([[55.0, 108.0]])
        >>> BayesianUCB(quantile=0.95).scores(s, f).round(4).tolist()
        [[0.5322, 0.5182]]
    """

    quantile: float = 0.95
    label: str = ""
    discount: float = 1.0
    _cache: np.ndarray | None = field(default=None, init=False, repr=False, compare=False)
    _stale: np.ndarray | None = field(default=None, init=False, repr=False, compare=False)
    _floor: np.ndarray | None = field(default=None, init=False, repr=False, compare=False)
    _floor_until: np.ndarray | None = field(default=None, init=False, repr=False, compare=False)
    _upper: np.ndarray | None = field(default=None, init=False, repr=False, compare=False)
    _cache_clicks: np.ndarray | None = field(default=None, init=False, repr=False, compare=False)

    #: non-clicks covered by a clear leader's floor (see the class docstring)
    FLOOR_STEP = 32

    def __post_init__(self) -> None:
        self.quantile = _check_probability(self.quantile, "quantile", low_open=True, high_open=True)
        self.discount = _check_probability(self.discount, "discount", low_open=True)
        self.label = self.label or f"Bayesian UCB ({self.quantile:.0%})"

    def scores(self, successes: np.ndarray, failures: np.ndarray) -> np.ndarray:
        """The posterior quantile of every arm, computed exactly (scipy)."""
        from scipy import special

        return special.betaincinv(1.0 + np.asarray(successes, float), 1.0 + np.asarray(failures, float), self.quantile)

    def start(self, n_reps: int, n_arms: int) -> None:
        self._cache = self.scores(np.zeros((n_reps, n_arms)), np.zeros((n_reps, n_arms)))
        self._upper = np.zeros((n_reps, n_arms), dtype=bool)  # the cached score is only an upper bound
        self._cache_clicks = np.zeros((n_reps, n_arms))  # the clicks the cached score was computed with
        self._stale = np.full(n_reps, -1)  # per repetition: the leading arm whose exact score is pending, or -1
        self._floor = np.zeros(n_reps)  # ... a lower bound of its score
        self._floor_until = np.zeros(n_reps)  # ... valid while its non-clicks do not exceed this count

    def _set(self, rows: np.ndarray, arms: np.ndarray, successes: np.ndarray, failures: np.ndarray) -> np.ndarray:
        """Compute and cache the exact scores of these cells."""
        from scipy import special

        values = special.betaincinv(1.0 + successes[rows, arms], 1.0 + failures[rows, arms], self.quantile)
        self._cache[rows, arms] = values
        self._upper[rows, arms] = False
        self._cache_clicks[rows, arms] = successes[rows, arms]
        return values

    def _resolve(self, rows: np.ndarray, successes: np.ndarray, failures: np.ndarray) -> None:
        """Compute the exact score of the leading arm of these repetitions where it is pending."""
        rows = rows[self._stale[rows] >= 0]
        if rows.size:
            self._set(rows, self._stale[rows], successes, failures)
            self._stale[rows] = -1

    def observed(self, rows, arms, successes, failures):
        from scipy import special

        if self._cache is None or self._cache.shape != successes.shape or self._stale is None:
            self.start(*successes.shape)
            self._set(*np.indices(successes.shape).reshape(2, -1), successes, failures)
            return
        rows, arms = np.asarray(rows, dtype=np.intp), np.asarray(arms, dtype=np.intp)
        if self.discount < 1.0 or np.bincount(rows).max(initial=0) > 1:  # several cells per repetition: all exact
            self._resolve(np.unique(rows), successes, failures)
            self._set(rows, arms, successes, failures)
            return
        stale = self._stale[rows]
        others = self._cache[rows]  # a copy
        others[np.arange(rows.size), arms] = -np.inf
        best_other = _row_max(others)  # inf where another arm leads with its score pending
        # A non-click only lowers a score: an arm below another arm's cached score stays below it. Its cached
        # score is kept as an upper bound, computed again only if it could matter (see choose).
        quiet = ((stale != arms) & (successes[rows, arms] == self._cache_clicks[rows, arms])
                 & (self._cache[rows, arms] < best_other))
        if quiet.any():
            self._upper[rows[quiet], arms[quiet]] = True
        elsewhere = ~quiet & (stale >= 0) & (stale != arms)  # a click while another arm leads, pending (delay)
        if elsewhere.any():
            r, k, leader = rows[elsewhere], arms[elsewhere], stale[elsewhere]
            exact = self._set(r, k, successes, failures)
            # The leader keeps its lead (and its floor) if the updated arm stays below that floor.
            holds = (failures[r, leader] <= self._floor_until[r]) & (self._floor[r] > exact + 1e-12)
            self._resolve(r[~holds], successes, failures)
        rest = ~quiet & ~elsewhere  # the updated arm leads (pending), or no arm is pending
        if not rest.any():
            return
        rows, arms, stale = rows[rest], arms[rest], stale[rest]
        best_other = best_other[rest] + 1e-12  # a margin: near-ties (equal counts tie exactly) are computed
        clicks, misses = successes[rows, arms], failures[rows, arms]
        # A leading arm's score only falls with non-clicks, so its score after `_floor_until` non-clicks is a
        # floor: while the floor stays above every other arm's score, the arm still leads and nothing is computed.
        settled = (stale == arms) & (misses <= self._floor_until[rows]) & (self._floor[rows] > best_other)
        todo = np.flatnonzero(~settled)
        r, k, a, b, best = rows[todo], arms[todo], 1.0 + clicks[todo], 1.0 + misses[todo], best_other[todo]
        # The arm's score is above `best` exactly when its posterior puts less than `quantile` of its mass below it.
        below = special.betainc(a, b, best)
        leads = below < self.quantile - 1e-9  # the margin leaves near-ties (equal counts tie exactly) to betaincinv
        lost = ~leads
        if lost.any():
            self._set(r[lost], k[lost], successes, failures)
            self._stale[r[lost]] = -1
        r, k, a, b, best = r[leads], k[leads], a[leads], b[leads], best[leads]
        self._stale[r] = k
        self._cache[r, k] = np.inf  # the largest score: its exact value is not needed while it leads
        self._upper[r, k] = False
        self._floor_until[r] = -1.0  # no floor yet: check again at the next update
        clear = below[leads] < self.quantile - 0.01  # a clear lead: a floor for the next FLOOR_STEP non-clicks
        if clear.any():
            floor = special.betaincinv(a[clear], b[clear] + self.FLOOR_STEP, self.quantile)
            r, k = r[clear], k[clear]
            self._floor[r] = floor
            self._floor_until[r] = b[clear] - 1.0 + self.FLOOR_STEP

    def choose(self, successes, failures, t, rng):
        if self._cache is None or self._cache.shape != successes.shape or self._stale is None:
            self.start(*successes.shape)
            self._set(*np.indices(successes.shape).reshape(2, -1), successes, failures)
        while self._upper.any():  # an upper bound at (or next to) the top: compute it, look again
            top = self._upper & (self._cache >= _row_max(self._cache)[:, None] - 1e-12)
            if not top.any():
                break
            self._set(*np.nonzero(top), successes, failures)
        return _argmax_random_ties(self._cache, rng)


@dataclass
class ThompsonSampling(Strategy):
    """Draw one click rate per arm from its Beta(1 + clicks, 1 + non-clicks) posterior; pull the max.

    Each arm is chosen with the posterior probability that it is the best one.

    Example:
        >>> arms = ThompsonSampling().choose(np.array([[45.0, 92.0]] * 1000), np.array([[55.0, 108.0]] * 1000), 0,
        ...                                  np.random.default_rng(0))
        >>> bool(0.35 < (arms == 0).mean() < 0.55)  # A is chosen in about 44% of rows
        True
    """

    label: str = "Thompson sampling"
    discount: float = 1.0

    def __post_init__(self) -> None:
        self.discount = _check_probability(self.discount, "discount", low_open=True)

    def choose(self, successes, failures, t, rng):
        return np.argmax(rng.beta(1.0 + successes, 1.0 + failures), axis=1)


# --- the simulator ------------------------------------------------------------------------------


@dataclass(frozen=True)
class BanditResult:
    """What :func:`simulate` returns: every pull of every strategy in every repetition.

    ``arms[s, t, r]`` is the arm strategy ``s`` pulled in round ``t`` of repetition ``r`` and
    ``rewards[s, t, r]`` whether it clicked; ``rates[t, k]`` is arm ``k``'s true click rate in
    round ``t``.
    """

    labels: tuple[str, ...]
    rates: np.ndarray
    arms: np.ndarray
    rewards: np.ndarray
    warmup: int
    delay: int

    @property
    def n_rounds(self) -> int:
        return self.arms.shape[1]

    @property
    def n_reps(self) -> int:
        return self.arms.shape[2]

    def _index(self, strategy: str | int) -> int:
        if isinstance(strategy, (int, np.integer)) and not isinstance(strategy, bool):
            if not 0 <= strategy < len(self.labels):
                raise ValueError(f"strategy index must be between 0 and {len(self.labels) - 1}, got {strategy}")
            return int(strategy)
        if strategy not in self.labels:
            raise ValueError(f"unknown strategy {strategy!r}; this result has {list(self.labels)}")
        return self.labels.index(strategy)

    def subset(self, *strategies: str | int) -> BanditResult:
        """The same runs for some of the strategies only (to reuse them instead of simulating again).

        Example:
            >>> r = simulate([ThompsonSampling(), RandomChoice()], [0.12, 0.10], n_rounds=50, n_reps=4, seed=1)
            >>> part = r.subset("random")
            >>> part.labels, bool((part.arms[0] == r.arms[1]).all())
            (('random',), True)
        """
        if not strategies:
            raise ValueError("name at least one strategy")
        index = [self._index(s) for s in strategies]
        return BanditResult(tuple(self.labels[i] for i in index), self.rates, self.arms[index], self.rewards[index],
                            self.warmup, self.delay)

    def _gaps(self, s: int) -> np.ndarray:
        """Expected clicks lost in every round and repetition: best arm's rate minus the pulled arm's."""
        if np.all(self.rates == self.rates[0]):  # rates that do not change: look the gap up per arm
            return (self.rates[0].max() - self.rates[0])[self.arms[s]]
        rounds = np.arange(self.n_rounds)[:, None]
        return self.rates.max(axis=1)[:, None] - self.rates[rounds, self.arms[s]]

    def cumulative(self, kind: str, strategy: str | int) -> np.ndarray:
        """Cumulative ``"reward"`` (clicks) or ``"regret"``, shape ``(n_rounds, n_reps)``.

        Regret is the expected one: the best arm's rate minus the pulled arm's rate, summed over
        rounds (it does not depend on the luck of the clicks).
        """
        s = self._index(strategy)
        if kind == "reward":
            return np.cumsum(self.rewards[s], axis=0, dtype=np.float32)
        if kind == "regret":
            return np.cumsum(self._gaps(s), axis=0, dtype=np.float64).astype(np.float32)
        raise ValueError(f"kind must be 'reward' or 'regret', got {kind!r}")

    def total(self, kind: str, strategy: str | int) -> np.ndarray:
        """The last row of :meth:`cumulative` (one total per repetition), without the running sums.

        Example:
            >>> r = simulate([RandomChoice()], [0.12, 0.10], n_rounds=100, n_reps=3, seed=1)
            >>> bool(np.array_equal(r.total("regret", "random"), r.cumulative("regret", "random")[-1]))
            True
        """
        s = self._index(strategy)
        if kind == "reward":
            return self.rewards[s].sum(axis=0, dtype=np.float32)
        if kind == "regret":
            return self._gaps(s).sum(axis=0, dtype=np.float64).astype(np.float32)
        raise ValueError(f"kind must be 'reward' or 'regret', got {kind!r}")

    def band(self, kind: str = "regret", *, every: int = 100, low: float = 0.05, high: float = 0.95) -> pd.DataFrame:
        """Mean and a ``low``-``high`` quantile band across repetitions, every ``every`` rounds.

        Long format: one row per strategy and round, columns ``strategy, round, mean, low, high``
        (``round`` counts the rounds played, 1..n_rounds).
        """
        import pandas as pd

        every = _check_count(every, "every")
        low = _check_probability(low, "low")
        high = _check_probability(high, "high")
        if low >= high:
            raise ValueError(f"low must be smaller than high, got {low} and {high}")
        rows = np.unique(np.r_[np.arange(every - 1, self.n_rounds, every), self.n_rounds - 1])
        frames = []
        for label in self.labels:
            values = self.cumulative(kind, label)[rows]
            frames.append(pd.DataFrame({
                "strategy": label,
                "round": rows + 1,
                "mean": values.mean(axis=1),
                "low": np.quantile(values, low, axis=1),
                "high": np.quantile(values, high, axis=1),
            }))
        return pd.concat(frames, ignore_index=True)

    def summary(self) -> pd.DataFrame:
        """One row per strategy: mean clicks, click rate, regret (mean, 5% and 95% across
        repetitions) and the share of the last 10% of rounds spent on the best arm."""
        import pandas as pd

        last = max(1, self.n_rounds // 10)
        best = self.rates.argmax(axis=1)
        rows = {}
        for s, label in enumerate(self.labels):
            regret = self.total("regret", s)
            clicks = self.rewards[s].sum(axis=0)
            rows[label] = {
                "clicks": clicks.mean(),
                "click rate": clicks.mean() / self.n_rounds,
                "regret": regret.mean(),
                "regret 5%": np.quantile(regret, 0.05),
                "regret 95%": np.quantile(regret, 0.95),
                "best arm, last 10%": (self.arms[s, -last:] == best[-last:, None]).mean(),
            }
        return pd.DataFrame(rows).T


def _strategy_rng(seed: int, label: str) -> np.random.Generator:
    """One generator per strategy, from the seed and the strategy's label (order does not matter)."""
    return np.random.default_rng([seed, 1, zlib.crc32(label.encode("utf-8"))])


def _rates_table(rates: Any, n_rounds: int) -> np.ndarray:
    table = np.asarray(rates, dtype=float)
    if table.ndim == 1:
        table = np.broadcast_to(table, (n_rounds, table.size))
    if table.ndim != 2 or table.shape[0] != n_rounds or table.shape[1] < 2:
        raise ValueError(
            "rates must hold one click rate per arm (at least 2 arms), or one row of rates per round "
            f"(shape ({n_rounds}, n_arms)); got shape {np.shape(rates)}"
        )
    if not np.all(np.isfinite(table)) or table.min() < 0 or table.max() > 1:
        raise ValueError("rates must be probabilities between 0 and 1")
    return np.ascontiguousarray(table)


def simulate(
    strategies: Sequence[Strategy] | Mapping[str, Strategy],
    rates: Sequence[float] | np.ndarray,
    n_rounds: int = 10_000,
    n_reps: int = 200,
    *,
    warmup: int = 0,
    delay: int = 0,
    seed: int = 0,
    chunk: int = 1_000,
) -> BanditResult:
    """Play every strategy for ``n_rounds`` rounds in ``n_reps`` independent repetitions.

    Args:
        strategies: strategy objects (labelled by their ``label``) or a dict label -> strategy.
        rates: the true click rate of each arm, or an array ``(n_rounds, n_arms)`` of rates that
            change over time.
        warmup: the first ``warmup`` rounds pull arms uniformly at random (the book uses 1,000).
        delay: a click becomes known ``delay`` rounds after the pull (0: at once).
        seed: one seed for everything. The clicks each arm *would* give are drawn once and shared
            by all strategies; each strategy's own randomness comes from the seed and its label,
            so a strategy's result does not depend on which other strategies run with it.
        chunk: rounds of outcomes drawn at a time (memory only; results do not depend on it).

    Example:
        >>> r = simulate({"TS": ThompsonSampling()}, [0.5, 0.1], n_rounds=200, n_reps=10, seed=0)
        >>> r.arms.shape, bool(r.summary().loc["TS", "best arm, last 10%"] > 0.8)
        ((1, 200, 10), True)
    """
    if isinstance(strategies, Mapping):
        items = list(strategies.items())
    elif isinstance(strategies, Sequence) and not isinstance(strategies, str):
        items = [(getattr(s, "label", type(s).__name__), s) for s in strategies]
    else:
        raise TypeError("strategies must be a list of Strategy objects or a dict label -> Strategy")
    if not items:
        raise ValueError("give at least one strategy")
    for label, strategy in items:
        if not isinstance(strategy, Strategy):
            raise TypeError(f"strategy {label!r} must be a helpers.bandits.Strategy, not {type(strategy).__name__}")
    labels = tuple(str(label) for label, _ in items)
    if len(set(labels)) != len(labels):
        raise ValueError(f"strategy labels must be distinct, got {list(labels)}")
    n_rounds = _check_count(n_rounds, "n_rounds")
    n_reps = _check_count(n_reps, "n_reps")
    warmup = _check_count(warmup, "warmup", minimum=0)
    delay = _check_count(delay, "delay", minimum=0)
    chunk = _check_count(chunk, "chunk")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    table = _rates_table(rates, n_rounds)
    n_arms = table.shape[1]

    n_strategies = len(items)
    strategies = [strategy for _, strategy in items]
    arms = np.empty((n_strategies, n_rounds, n_reps), dtype=np.int8 if n_arms < 128 else np.int32)
    rewards = np.empty((n_strategies, n_rounds, n_reps), dtype=bool)
    reps = np.arange(n_reps)
    # One loop over the rounds for all strategies: each strategy decides on its own counts with its own
    # generator, then the clicks and the counts of every strategy are updated at once.
    which = np.arange(n_strategies)[:, None]
    successes = np.zeros((n_strategies, n_reps, n_arms))
    failures = np.zeros((n_strategies, n_reps, n_arms))
    rngs = [_strategy_rng(int(seed), label) for label in labels]
    warm = min(warmup, n_rounds)
    for s, strategy in enumerate(strategies):
        strategy.start(n_reps, n_arms)
        if warm:  # the random warm-up, drawn at once (the same numbers as one draw per round)
            arms[s, :warm] = rngs[s].integers(n_arms, size=(warm, n_reps))
    discounted = [(s, float(st.discount)) for s, st in enumerate(strategies) if float(getattr(st, "discount", 1.0)) < 1.0]
    watching = [s for s, st in enumerate(strategies) if type(st).observed is not Strategy.observed]
    every_cell = np.indices((n_reps, n_arms)).reshape(2, -1)
    outcome_rng = np.random.default_rng([int(seed), 0])  # the same clicks for every strategy
    outcomes = None
    chosen = np.empty((n_strategies, n_reps), dtype=np.intp)
    for t in range(n_rounds):
        if t % chunk == 0:
            stop = min(t + chunk, n_rounds)
            outcomes = outcome_rng.random((stop - t, n_reps, n_arms)) < table[t:stop, None, :]
        if t < warm:
            chosen[:] = arms[:, t]
        else:
            for s, strategy in enumerate(strategies):
                chosen[s] = strategy.choose(successes[s], failures[s], t, rngs[s])
            arms[:, t] = chosen
        clicked = outcomes[t % chunk][reps, chosen]  # (strategies, reps)
        rewards[:, t] = clicked
        known = t - delay  # the round whose outcome becomes known now
        if known < 0:
            continue
        if delay:
            k_arms, k_clicks = arms[:, known].astype(np.intp), rewards[:, known]
        else:
            k_arms, k_clicks = chosen, clicked
        for s, discount in discounted:
            successes[s] *= discount
            failures[s] *= discount
        successes[which, reps, k_arms] += k_clicks
        failures[which, reps, k_arms] += ~k_clicks
        for s in watching:
            if t < warm - 1:
                continue  # nothing reads a strategy's cache during the warm-up: it is refreshed once at its end
            if t == warm - 1 or strategies[s].discount < 1.0:
                strategies[s].observed(*every_cell, successes[s], failures[s])
            else:
                strategies[s].observed(reps, k_arms[s], successes[s], failures[s])
    return BanditResult(labels, table, arms, rewards, warmup, delay)


# --- contextual bandits -------------------------------------------------------------------------


class ContextualPolicy(Protocol):
    """What :func:`simulate_contextual` needs from a policy."""

    def choose(self, X: np.ndarray) -> np.ndarray: ...

    def update(self, X: np.ndarray, arms: np.ndarray, rewards: np.ndarray) -> None: ...


def _weights_array(weights: Any) -> np.ndarray:
    w = np.asarray(weights, dtype=float)
    if w.ndim != 2 or w.shape[0] < 2 or w.shape[1] < 1 or not np.all(np.isfinite(w)):
        raise ValueError(f"weights must be a finite (n_arms, n_features) array with at least 2 arms, got shape {w.shape}")
    return w


def make_contexts(
    n: int, weights: Any = BOOK_WEIGHTS, *, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Draw ``n`` users: features uniform on [0, 1), each arm's click probability and outcome.

    Returns ``(X, probabilities, clicks)``; ``probabilities = X @ weights.T`` (the book's model; a
    negative value means the user never clicks) and ``clicks[i, k]`` says whether user ``i``
    *would* click arm ``k`` (only the chosen arm's outcome is ever revealed).

    Example:
        >>> X, p, clicks = make_contexts(5, rng=np.random.default_rng(0))
        >>> X.shape, p.shape, clicks.dtype.name
        ((5, 7), (5, 3), 'bool')
    """
    w = _weights_array(weights)
    n = _check_count(n, "n")
    X = rng.random((n, w.shape[1]))
    probabilities = X @ w.T
    clicks = rng.random(probabilities.shape) < probabilities
    return X, probabilities, clicks


class RandomPolicy:
    """Contextual baseline: a uniformly random arm for every user."""

    def __init__(self, n_arms: int, seed: int | None = None) -> None:
        self.n_arms = _check_count(n_arms, "n_arms", minimum=2)
        self.rng = np.random.default_rng(seed)

    def choose(self, X: np.ndarray) -> np.ndarray:
        return self.rng.integers(self.n_arms, size=len(X))

    def update(self, X: np.ndarray, arms: np.ndarray, rewards: np.ndarray) -> None:
        """Nothing to learn."""


class OraclePolicy:
    """The best possible policy: it knows the true weights and picks each user's best arm."""

    def __init__(self, weights: Any = BOOK_WEIGHTS) -> None:
        self.weights = _weights_array(weights)

    def choose(self, X: np.ndarray) -> np.ndarray:
        return np.argmax(np.asarray(X, dtype=float) @ self.weights.T, axis=1)

    def update(self, X: np.ndarray, arms: np.ndarray, rewards: np.ndarray) -> None:
        """Nothing to learn."""


class ContextFreeThompson:
    """Thompson sampling that ignores the features (Beta posteriors per arm, batch updates)."""

    def __init__(self, n_arms: int, seed: int | None = None) -> None:
        self.n_arms = _check_count(n_arms, "n_arms", minimum=2)
        self.rng = np.random.default_rng(seed)
        self.successes = np.zeros(self.n_arms)
        self.failures = np.zeros(self.n_arms)

    def choose(self, X: np.ndarray) -> np.ndarray:
        draws = self.rng.beta(1.0 + self.successes, 1.0 + self.failures, size=(len(X), self.n_arms))
        return np.argmax(draws, axis=1)

    def update(self, X: np.ndarray, arms: np.ndarray, rewards: np.ndarray) -> None:
        arms = np.asarray(arms, dtype=np.intp)
        rewards = np.asarray(rewards, dtype=float)
        self.successes += np.bincount(arms, weights=rewards, minlength=self.n_arms)
        self.failures += np.bincount(arms, weights=1.0 - rewards, minlength=self.n_arms)


class BootstrapThompson:
    """Contextual Thompson sampling with a bootstrap ensemble of ridge regressions per arm.

    Args:
        n_arms, n_features: the problem size.
        n_models: ensemble members per arm (the book uses 100).
        alpha: ridge penalty on the feature weights (the intercept is not penalised), as
            ``sklearn.linear_model.Ridge(alpha=alpha)``.
        seed: seeds the Poisson(1) bootstrap weights and the members drawn when choosing.

    Each member's coefficients equal ``Ridge(alpha).fit(X_k, y_k, sample_weight=w_b)`` on arm
    ``k``'s whole history with that member's accumulated Poisson weights ``w_b``; :meth:`update`
    gets there by adding the new batch to ``X'WX`` and ``X'Wy``.

    Example:
        >>> rng = np.random.default_rng(0)
        >>> policy = BootstrapThompson(n_arms=3, n_features=7, n_models=10, seed=0)
        >>> X, p, clicks = make_contexts(1000, rng=rng)
        >>> arms = policy.choose(X)
        >>> policy.update(X, arms, clicks[np.arange(1000), arms])
        >>> policy.coef_.shape, policy.intercept_.shape
        ((3, 10, 7), (3, 10))
    """

    def __init__(self, n_arms: int, n_features: int, n_models: int = 100, alpha: float = 1.0, seed: int | None = None) -> None:
        self.n_arms = _check_count(n_arms, "n_arms", minimum=2)
        self.n_features = _check_count(n_features, "n_features")
        self.n_models = _check_count(n_models, "n_models")
        self.alpha = _check_positive(alpha, "alpha")
        self.rng = np.random.default_rng(seed)
        d = self.n_features + 1  # last column: the intercept
        self._xtx = np.zeros((self.n_arms, self.n_models, d, d))
        self._xty = np.zeros((self.n_arms, self.n_models, d))
        self._penalty = np.diag([self.alpha] * self.n_features + [1e-9])  # intercept (almost) free
        self._beta = np.zeros((self.n_arms, self.n_models, d))
        self.n_seen = np.zeros(self.n_arms, dtype=np.int64)

    @property
    def coef_(self) -> np.ndarray:
        """Feature weights, shape ``(n_arms, n_models, n_features)``."""
        return self._beta[..., :-1]

    @property
    def intercept_(self) -> np.ndarray:
        """Intercepts, shape ``(n_arms, n_models)``."""
        return self._beta[..., -1]

    def _design(self, X: Any) -> np.ndarray:
        X = np.asarray(X, dtype=float)
        if X.ndim != 2 or X.shape[1] != self.n_features or not np.all(np.isfinite(X)):
            raise ValueError(f"X must be a finite (n_rows, {self.n_features}) array, got shape {X.shape}")
        return np.c_[X, np.ones(len(X))]

    def predict_members(self, X: Any) -> np.ndarray:
        """Every member's predicted click probability, shape ``(n_models, n_rows, n_arms)``."""
        Z = self._design(X)
        return np.einsum("nd,kbd->bnk", Z, self._beta)

    def predict(self, X: Any) -> np.ndarray:
        """The ensemble mean, shape ``(n_rows, n_arms)``."""
        return self.predict_members(X).mean(axis=0)

    def choose(self, X: Any) -> np.ndarray:
        """One arm per row: draw a member per arm, take the arm with the highest prediction."""
        Z = self._design(X)
        members = self.rng.integers(self.n_models, size=(len(Z), self.n_arms))
        chosen = self._beta[np.arange(self.n_arms)[None, :], members]  # (n, arms, d)
        scores = np.einsum("nd,nkd->nk", Z, chosen)
        return _argmax_random_ties(scores, self.rng)

    def update(self, X: Any, arms: Any, rewards: Any, weights: np.ndarray | None = None) -> None:
        """Add a batch: rows ``X`` got arm ``arms[i]`` and reward ``rewards[i]`` (click = 1).

        ``weights`` (shape ``(n_models, n_rows)``) replaces the Poisson(1) draws, for checks.
        """
        Z = self._design(X)
        arms = np.asarray(arms)
        rewards = np.asarray(rewards, dtype=float)
        if arms.shape != (len(Z),) or rewards.shape != (len(Z),):
            raise ValueError(f"arms and rewards must have one entry per row of X ({len(Z)})")
        if len(Z) and (arms.min() < 0 or arms.max() >= self.n_arms):
            raise ValueError(f"arms must be integers between 0 and {self.n_arms - 1}")
        if not np.all(np.isfinite(rewards)):
            raise ValueError("rewards must be finite numbers")
        if weights is None:
            weights = self.rng.poisson(1.0, size=(self.n_models, len(Z))).astype(float)
        else:
            weights = np.asarray(weights, dtype=float)
            if weights.shape != (self.n_models, len(Z)) or np.any(weights < 0):
                raise ValueError(f"weights must be non-negative with shape ({self.n_models}, {len(Z)})")
        for k in range(self.n_arms):
            rows = arms == k
            if not rows.any():
                continue
            Zk, yk, wk = Z[rows], rewards[rows], weights[:, rows]
            d = Zk.shape[1]
            # X'WX and X'Wy of every member at once: one matrix product each (members x rows) @ (rows x ...)
            self._xtx[k] += (wk @ (Zk[:, :, None] * Zk[:, None, :]).reshape(len(Zk), d * d)).reshape(-1, d, d)
            self._xty[k] += wk @ (Zk * yk[:, None])
            self._beta[k] = np.linalg.solve(self._xtx[k] + self._penalty, self._xty[k][..., None])[..., 0]
            self.n_seen[k] += int(rows.sum())


def simulate_contextual(
    policy: ContextualPolicy,
    weights: Any = BOOK_WEIGHTS,
    n_batches: int = 100,
    batch_size: int = 1_000,
    seed: int = 0,
) -> pd.DataFrame:
    """Play ``policy`` for ``n_batches`` batches of ``batch_size`` users (update after each batch).

    The users and their would-be clicks depend only on ``seed``, so different policies run with
    the same seed meet the same users. Returns one row per batch: ``clicks``, ``click_rate``
    (realised), ``expected_rate`` (mean true probability of the arms chosen: less noisy) and
    ``oracle_rate`` (the same for the best arm of every user).

    Example:
        >>> log = simulate_contextual(OraclePolicy(), n_batches=2, batch_size=100, seed=0)
        >>> bool((log["expected_rate"] == log["oracle_rate"]).all())
        True
    """
    import pandas as pd

    w = _weights_array(weights)
    n_batches = _check_count(n_batches, "n_batches")
    batch_size = _check_count(batch_size, "batch_size")
    if not (hasattr(policy, "choose") and hasattr(policy, "update")):
        raise TypeError("policy must have choose(X) and update(X, arms, rewards) methods")
    rng = np.random.default_rng([int(seed), 2])
    rows = []
    index = np.arange(batch_size)
    for batch in range(n_batches):
        X, probabilities, clicks = make_contexts(batch_size, w, rng=rng)
        arms = np.asarray(policy.choose(X), dtype=np.intp)
        if arms.shape != (batch_size,) or arms.min() < 0 or arms.max() >= w.shape[0]:
            raise ValueError(f"policy.choose must return one arm (0..{w.shape[0] - 1}) per row")
        reward = clicks[index, arms]
        policy.update(X, arms, reward.astype(float))
        rows.append({
            "batch": batch + 1,
            "clicks": int(reward.sum()),
            "click_rate": reward.mean(),
            "expected_rate": np.clip(probabilities[index, arms], 0, 1).mean(),
            "oracle_rate": np.clip(probabilities.max(axis=1), 0, 1).mean(),
        })
    return pd.DataFrame(rows)
