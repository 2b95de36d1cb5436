"""Benchmark: our incremental contextual bandit against a naive reference that refits everything.

    python benchmarks/contextual_bandit.py [--batches 10] [--batch-size 1000] [--models 20] [--seed 42]

Case study 11 runs the book's contextual bandit (3 arms, 7 uniform features, 100 batches of 1,000
users; Book: 11.8) with ``helpers.bandits.BootstrapThompson``: per arm an ensemble of ridge
regressions on Poisson(1)-weighted copies of the history, updated incrementally from running sums.

The first reference does what the book's code does: after every batch it refits, per arm, an ensemble of
regression trees (``DecisionTreeRegressor(max_depth=6, min_samples_split=10)``), each on a fresh
bootstrap resample of the arm's *whole* history, and chooses by drawing from a normal distribution
with the ensemble's mean and standard deviation. Its cost grows with the history, so the full
setting (100 trees per arm, 100 batches) takes many minutes. The second reference uses our model
but refits every ridge member on the whole history after every batch (fresh Poisson weights), which
isolates what the incremental update saves. By default all run a reduced setting on the same users
(same seed). The script prints the run times, the speed-ups and the
final click rates (realised over the whole run, as the book reports it, and the expected click
rate of the last batches), then the time of our bandit on the book's full setting, and the time of
the multi-armed simulation of the notebook (7 strategies x 10,000 rounds x 200 repetitions; budget
10 s). Exit code 1 if ours is worse than the naive references or a budget is broken.
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np

from helpers.bandits import (
    BOOK_WEIGHTS,
    BayesianUCB,
    BootstrapThompson,
    EpsilonGreedy,
    OraclePolicy,
    RandomChoice,
    Softmax,
    ThompsonSampling,
    UCB1,
    simulate,
    simulate_contextual,
)

LAST_BATCHES = 5  # "final" expected click rate: mean over the last batches


class _History:
    """Keeps every batch seen so far (what a refit-from-scratch bandit needs)."""

    def __init__(self) -> None:
        self.X: list[np.ndarray] = []
        self.arms: list[np.ndarray] = []
        self.y: list[np.ndarray] = []

    def add(self, X: np.ndarray, arms: np.ndarray, rewards: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        self.X.append(X)
        self.arms.append(arms)
        self.y.append(rewards)
        return np.vstack(self.X), np.concatenate(self.arms), np.concatenate(self.y)


class NaiveRidgeBootstrap:
    """Our model, done naively: refit every ridge member on the whole history after each batch
    (with fresh Poisson(1) weights), instead of adding the batch to running sums."""

    def __init__(self, n_arms: int, n_models: int, seed: int, alpha: float = 1.0) -> None:
        self.n_arms = n_arms
        self.n_models = n_models
        self.alpha = alpha
        self.rng = np.random.default_rng(seed)
        self.history = _History()
        self.coef: np.ndarray | None = None  # (arms, models, features + 1)

    def choose(self, X: np.ndarray) -> np.ndarray:
        if self.coef is None:
            return self.rng.integers(self.n_arms, size=len(X))
        members = self.rng.integers(self.n_models, size=(len(X), self.n_arms))
        chosen = self.coef[np.arange(self.n_arms)[None, :], members]
        scores = np.einsum("nd,nkd->nk", np.c_[X, np.ones(len(X))], chosen)
        return np.argmax(scores, axis=1)

    def update(self, X: np.ndarray, arms: np.ndarray, rewards: np.ndarray) -> None:
        from sklearn.linear_model import Ridge

        X_all, arms_all, y_all = self.history.add(X, arms, rewards)
        coef = np.zeros((self.n_arms, self.n_models, X.shape[1] + 1))
        for k in range(self.n_arms):
            Xk, yk = X_all[arms_all == k], y_all[arms_all == k]
            for b in range(self.n_models):
                model = Ridge(alpha=self.alpha).fit(Xk, yk, sample_weight=self.rng.poisson(1.0, len(yk)))
                coef[k, b] = np.r_[model.coef_, model.intercept_]
        self.coef = coef


class NaiveTreeBootstrap:
    """The book's approach: refit every tree of every arm on the whole history after each batch."""

    def __init__(self, n_arms: int, n_models: int, seed: int) -> None:
        self.n_arms = n_arms
        self.n_models = n_models
        self.rng = np.random.default_rng(seed)
        self.seed = seed
        self.history = _History()
        self.models: list[list] | None = None

    def choose(self, X: np.ndarray) -> np.ndarray:
        if self.models is None:
            return self.rng.integers(self.n_arms, size=len(X))
        scores = np.empty((len(X), self.n_arms))
        for k, ensemble in enumerate(self.models):
            predictions = np.array([tree.predict(X) for tree in ensemble])
            scores[:, k] = self.rng.normal(predictions.mean(axis=0), predictions.std(axis=0))
        return np.argmax(scores, axis=1)

    def update(self, X: np.ndarray, arms: np.ndarray, rewards: np.ndarray) -> None:
        from sklearn.tree import DecisionTreeRegressor

        X_all, arms_all, y_all = self.history.add(X, arms, rewards)
        models = []
        for k in range(self.n_arms):
            Xk, yk = X_all[arms_all == k], y_all[arms_all == k]
            ensemble = []
            for b in range(self.n_models):
                weight = np.bincount(self.rng.integers(0, len(yk), len(yk)), minlength=len(yk))
                tree = DecisionTreeRegressor(max_depth=6, min_samples_split=10, random_state=self.seed + b)
                ensemble.append(tree.fit(Xk, yk, sample_weight=weight))
            models.append(ensemble)
        self.models = models


def run(policy, batches: int, batch_size: int, seed: int) -> tuple[float, float, float]:
    """(seconds, realised click rate over the run, expected click rate of the last batches)."""
    start = time.perf_counter()
    log = simulate_contextual(policy, BOOK_WEIGHTS, n_batches=batches, batch_size=batch_size, seed=seed)
    seconds = time.perf_counter() - start
    return seconds, log["clicks"].sum() / (batches * batch_size), log["expected_rate"].tail(LAST_BATCHES).mean()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--batches", type=int, default=10, help="batches of the reduced setting (default 10)")
    parser.add_argument("--batch-size", type=int, default=1_000, help="users per batch (default 1000)")
    parser.add_argument("--models", type=int, default=20, help="ensemble members per arm, both bandits (default 20)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--skip-full", action="store_true",
        help="do not time our bandit on the book's full setting, nor the multi-armed simulation",
    )
    args = parser.parse_args(argv)
    if min(args.batches, args.batch_size, args.models) < 1 or args.batches < LAST_BATCHES:
        parser.error(f"--batches must be at least {LAST_BATCHES}; --batch-size and --models at least 1")

    n_arms, n_features = np.shape(BOOK_WEIGHTS)
    setting = f"{args.batches} batches x {args.batch_size:,} users, {args.models} models per arm"
    print(f"Reduced setting: {setting} (same users for all)")
    naive = run(NaiveTreeBootstrap(n_arms, args.models, args.seed), args.batches, args.batch_size, args.seed)
    naive_ridge = run(NaiveRidgeBootstrap(n_arms, args.models, args.seed), args.batches, args.batch_size, args.seed)
    ours = run(
        BootstrapThompson(n_arms, n_features, n_models=args.models, seed=args.seed),
        args.batches, args.batch_size, args.seed,
    )
    oracle = run(OraclePolicy(BOOK_WEIGHTS), args.batches, args.batch_size, args.seed)
    width = 46
    print(f"{'':<{width}} {'time (s)':>9} {'click rate':>11} {f'last {LAST_BATCHES} batches':>15}")
    for name, (seconds, realised, last) in [
        ("naive (book): refit all trees on all history", naive),
        ("naive: refit all ridge members on all history", naive_ridge),
        ("ours: incremental bootstrap ridge", ours),
        ("oracle (knows the true weights)", oracle),
    ]:
        print(f"{name:<{width}} {seconds:>9.2f} {realised:>11.4f} {last:>15.4f}")
    print(f"speed-up: {naive[0] / ours[0]:.0f}x over the book's trees, {naive_ridge[0] / ours[0]:.0f}x over refitting ridge")
    verdict = "no worse" if ours[1] >= max(naive[1], naive_ridge[1]) - 0.002 else "WORSE"
    print(
        f"final click rate, ours vs naive: {ours[1]:.4f} vs {naive[1]:.4f} (trees) and "
        f"{naive_ridge[1]:.4f} (ridge) ({verdict})"
    )
    status = 0 if verdict == "no worse" else 1

    if not args.skip_full:
        full = run(BootstrapThompson(n_arms, n_features, n_models=100, seed=args.seed), 100, 1_000, args.seed)
        print(
            f"ours on the book's full setting (100 batches x 1,000 users, 100 models per arm): "
            f"{full[0]:.2f} s, click rate {full[1]:.4f}, last {LAST_BATCHES} batches {full[2]:.4f} "
            f"({'within' if full[0] < 30 else 'OVER'} the 30 s budget)"
        )
        status |= int(full[0] >= 30)

        strategies = [
            RandomChoice(), EpsilonGreedy(epsilon=0.1), Softmax(temperature=0.05),
            Softmax(temperature=0.1, anneal=True), UCB1(), BayesianUCB(quantile=0.95), ThompsonSampling(),
        ]
        start = time.perf_counter()
        simulate(strategies, [0.12, 0.11, 0.10], n_rounds=10_000, n_reps=200, warmup=1_000, seed=args.seed)
        seconds = time.perf_counter() - start
        print(
            f"multi-armed simulation, {len(strategies)} strategies x 10,000 rounds x 200 repetitions: "
            f"{seconds:.2f} s ({'within' if seconds < 10 else 'OVER'} the 10 s budget)"
        )
        status |= int(seconds >= 10)
    return status


if __name__ == "__main__":
    sys.exit(main())
