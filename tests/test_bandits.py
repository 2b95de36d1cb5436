"""helpers.bandits: strategies, the vectorised simulator and the contextual bootstrap-Thompson bandit."""

import numpy as np
import pytest
from scipy import integrate, stats

from helpers.bandits import (
    BOOK_WEIGHTS,
    BayesianUCB,
    BootstrapThompson,
    ContextFreeThompson,
    EpsilonGreedy,
    OraclePolicy,
    RandomChoice,
    RandomPolicy,
    Softmax,
    ThompsonSampling,
    UCB1,
    _argmax_random_ties,
    make_contexts,
    simulate,
    simulate_contextual,
    softmax_probabilities,
)

BOOK_RATES = [0.12, 0.11, 0.10]
# The book's two banners: A 45/100, B 92/200.
SUCCESSES = np.array([[45.0, 92.0]])
FAILURES = np.array([[55.0, 108.0]])


# --- scores on the book's example -----------------------------------------------------------------


def test_softmax_probabilities_match_the_formula_and_the_book_temperatures():
    for t in (0.01, 0.05, 100.0):
        expected = np.exp(np.array(BOOK_RATES) / t) / np.exp(np.array(BOOK_RATES) / t).sum()
        assert np.allclose(softmax_probabilities(BOOK_RATES, t), expected)
    assert softmax_probabilities(BOOK_RATES, 0.01)[0] == pytest.approx(0.6652, abs=1e-4)
    assert np.allclose(softmax_probabilities(BOOK_RATES, 100), 1 / 3, atol=1e-3)
    # tiny temperatures do not overflow
    assert softmax_probabilities(BOOK_RATES, 1e-6).tolist() == [1.0, 0.0, 0.0]


@pytest.mark.parametrize("temperature", [0, -1, float("nan"), float("inf")])
def test_softmax_rejects_bad_temperatures(temperature):
    with pytest.raises(ValueError, match="temperature"):
        softmax_probabilities(BOOK_RATES, temperature)


def test_softmax_rejects_bad_values():
    with pytest.raises(ValueError, match="values"):
        softmax_probabilities([], 1.0)
    with pytest.raises(ValueError, match="values"):
        softmax_probabilities([0.1, float("nan")], 1.0)
    with pytest.raises(TypeError, match="temperature"):
        softmax_probabilities(BOOK_RATES, "hot")


def test_ucb1_scores_the_book_example_and_tries_unpulled_arms_first():
    expected = [0.45 + np.sqrt(2 * np.log(300) / 100), 0.46 + np.sqrt(2 * np.log(300) / 200)]
    assert np.allclose(UCB1.scores(SUCCESSES, FAILURES)[0], expected)
    scores = UCB1.scores(np.array([[3.0, 0.0]]), np.array([[7.0, 0.0]]))
    assert np.isinf(scores[0, 1]) and np.isfinite(scores[0, 0])
    arm = UCB1().choose(np.array([[3.0, 0.0]]), np.array([[7.0, 0.0]]), 10, np.random.default_rng(0))
    assert arm.tolist() == [1]


def test_bayesian_ucb_is_the_beta_posterior_quantile():
    scores = BayesianUCB(quantile=0.95).scores(SUCCESSES, FAILURES)[0]
    assert np.allclose(scores, stats.beta.ppf(0.95, 1 + SUCCESSES[0], 1 + FAILURES[0]))
    assert BayesianUCB().choose(SUCCESSES, FAILURES, 0, np.random.default_rng(0)).tolist() == [0]  # A wins


def test_thompson_choice_rate_matches_the_exact_probability():
    post_a, post_b = stats.beta(46, 56), stats.beta(93, 109)
    exact, _ = integrate.quad(lambda x: post_a.pdf(x) * post_b.cdf(x), 0, 1)
    arms = ThompsonSampling().choose(
        np.repeat(SUCCESSES, 40_000, axis=0), np.repeat(FAILURES, 40_000, axis=0), 0, np.random.default_rng(1)
    )
    assert np.mean(arms == 0) == pytest.approx(exact, abs=0.01)


def test_epsilon_greedy_exploits_and_explores():
    rng = np.random.default_rng(0)
    s, f = np.repeat(SUCCESSES, 5_000, axis=0), np.repeat(FAILURES, 5_000, axis=0)
    assert np.all(EpsilonGreedy(epsilon=0.0).choose(s, f, 0, rng) == 1)  # B has the higher rate
    share_b = np.mean(EpsilonGreedy(epsilon=1.0).choose(s, f, 0, rng) == 1)
    assert share_b == pytest.approx(0.5, abs=0.03)
    share_b = np.mean(EpsilonGreedy(epsilon=0.2).choose(s, f, 0, rng) == 1)
    assert share_b == pytest.approx(0.9, abs=0.02)


def test_softmax_strategy_follows_its_probabilities_and_the_book_annealing():
    rng = np.random.default_rng(0)
    counts = np.array([[12.0, 11.0, 10.0]]) * 1000
    s, f = np.repeat(counts, 20_000, axis=0), np.repeat(100_000 - counts, 20_000, axis=0)
    arms = Softmax(temperature=0.01).choose(s, f, 0, rng)
    assert np.bincount(arms, minlength=3) / len(arms) == pytest.approx(softmax_probabilities(BOOK_RATES, 0.01), abs=0.01)
    annealed = Softmax(temperature=0.1, anneal=True)
    assert annealed.current_temperature(1_000) == pytest.approx(0.1 / np.log(100 * 1_000 + 2))
    assert Softmax(temperature=0.05).current_temperature(1_000) == 0.05


@pytest.mark.parametrize(
    "make",
    [
        lambda: EpsilonGreedy(epsilon=1.5),
        lambda: Softmax(temperature=0),
        lambda: BayesianUCB(quantile=1.0),
        lambda: ThompsonSampling(discount=0.0),
        lambda: UCB1(discount=2.0),
    ],
)
def test_strategy_parameters_are_validated(make):
    with pytest.raises(ValueError):
        make()


def test_softmax_anneal_must_be_a_bool():
    with pytest.raises(TypeError, match="anneal"):
        Softmax(anneal="yes")


# --- the simulator --------------------------------------------------------------------------------


def test_simulate_shapes_labels_and_summary():
    result = simulate([ThompsonSampling(), RandomChoice()], BOOK_RATES, n_rounds=300, n_reps=7, seed=3)
    assert result.arms.shape == result.rewards.shape == (2, 300, 7)
    assert result.labels == ("Thompson sampling", "random")
    summary = result.summary()
    assert list(summary.columns) == ["clicks", "click rate", "regret", "regret 5%", "regret 95%", "best arm, last 10%"]
    band = result.band("regret", every=50)
    assert list(band.columns) == ["strategy", "round", "mean", "low", "high"]
    assert band["round"].max() == 300 and set(band["strategy"]) == set(result.labels)
    assert np.all(np.diff(result.cumulative("regret", 0), axis=0) >= 0)


def test_simulate_is_deterministic_and_independent_of_the_other_strategies():
    alone = simulate([ThompsonSampling()], BOOK_RATES, n_rounds=500, n_reps=20, seed=5)
    together = simulate([UCB1(), ThompsonSampling(), RandomChoice()], BOOK_RATES, n_rounds=500, n_reps=20, seed=5)
    assert np.array_equal(alone.arms[0], together.arms[1])
    assert np.array_equal(alone.rewards[0], together.rewards[1])
    other_seed = simulate([ThompsonSampling()], BOOK_RATES, n_rounds=500, n_reps=20, seed=6)
    assert not np.array_equal(alone.arms[0], other_seed.arms[0])


def test_strategies_share_the_would_be_clicks():
    """Common random numbers: two strategies that pull the same arm see the same click."""
    result = simulate({"a": RandomChoice(), "b": RandomChoice(label="other")}, BOOK_RATES, n_rounds=400, n_reps=30, seed=2)
    same = result.arms[0] == result.arms[1]
    assert same.any() and np.array_equal(result.rewards[0][same], result.rewards[1][same])


def test_chunk_size_does_not_change_results():
    a = simulate([EpsilonGreedy()], BOOK_RATES, n_rounds=700, n_reps=9, seed=1, chunk=1_000)
    b = simulate([EpsilonGreedy()], BOOK_RATES, n_rounds=700, n_reps=9, seed=1, chunk=64)
    assert np.array_equal(a.arms, b.arms) and np.array_equal(a.rewards, b.rewards)


def test_random_choice_regret_is_the_mean_gap():
    result = simulate([RandomChoice()], BOOK_RATES, n_rounds=2_000, n_reps=100, seed=0)
    assert result.summary().loc["random", "regret"] == pytest.approx(0.01 * 2_000, rel=0.05)
    assert result.summary().loc["random", "click rate"] == pytest.approx(0.11, abs=0.003)


def test_good_strategies_find_a_clearly_better_arm():
    rates = [0.3, 0.1, 0.1]
    strategies = [ThompsonSampling(), BayesianUCB(), UCB1(), EpsilonGreedy(), Softmax(temperature=0.05)]
    summary = simulate(strategies, rates, n_rounds=2_000, n_reps=40, seed=0).summary()
    assert (summary["best arm, last 10%"] > 0.75).all()
    assert (summary["regret"] < 0.2 * 2_000 * 2 / 3).all()  # far below random's 266.7


def test_warmup_pulls_uniformly():
    result = simulate([EpsilonGreedy(epsilon=0.0)], BOOK_RATES, n_rounds=600, n_reps=200, warmup=600, seed=0)
    shares = np.bincount(result.arms[0].ravel(), minlength=3) / result.arms[0].size
    assert shares == pytest.approx([1 / 3] * 3, abs=0.01)


def test_bayesian_ucb_cache_stays_exact_during_a_simulation():
    """Every cached score is exact, except a leading arm's whose computation is pending (inf): its exact
    score is then above every other arm's."""
    strategy = BayesianUCB()
    result = simulate([strategy], BOOK_RATES, n_rounds=1_500, n_reps=25, warmup=200, seed=4)
    arms, clicks = result.arms[0], result.rewards[0]
    successes = np.stack([((arms == k) & clicks).sum(axis=0) for k in range(3)], axis=1).astype(float)
    failures = np.stack([((arms == k) & ~clicks).sum(axis=0) for k in range(3)], axis=1).astype(float)
    exact = strategy.scores(successes, failures)
    pending = np.isinf(strategy._cache)
    assert pending.any() and (pending.sum(axis=1) <= 1).all()
    assert np.allclose(strategy._cache[~pending], exact[~pending])
    rows, leaders = np.nonzero(pending)
    others = np.where(pending, -np.inf, exact)[rows]
    assert (exact[rows, leaders] > others.max(axis=1)).all()


class _ExactBayesianUCB(BayesianUCB):
    """The reference: every arm's quantile recomputed exactly in every round."""

    def start(self, n_reps, n_arms):
        pass

    def observed(self, rows, arms, successes, failures):
        pass

    def choose(self, successes, failures, t, rng):
        return _argmax_random_ties(self.scores(successes, failures), rng)


@pytest.mark.parametrize(
    ("rates", "settings"),
    [
        (BOOK_RATES, {"warmup": 300}),
        (BOOK_RATES, {"warmup": 0}),  # equal counts (ties) at the start
        (BOOK_RATES, {"warmup": 200, "delay": 150}),  # updates of arms that no longer lead
        ([0.3, 0.29, 0.1, 0.3], {"warmup": 40}),  # four arms, two of them equal
        ([0.05, 0.5], {"warmup": 0, "delay": 3}),
    ],
)
def test_bayesian_ucb_pulls_what_exact_scores_pull(rates, settings):
    """The pending-leader shortcut changes the work, never a choice (random tie-breaks included)."""
    fast = simulate({"BUCB": BayesianUCB(quantile=0.9)}, rates, n_rounds=1_200, n_reps=40, seed=3, **settings)
    exact = simulate({"BUCB": _ExactBayesianUCB(quantile=0.9)}, rates, n_rounds=1_200, n_reps=40, seed=3, **settings)
    assert np.array_equal(fast.arms, exact.arms)
    assert np.array_equal(fast.rewards, exact.rewards)


def test_discounted_bayesian_ucb_pulls_what_exact_scores_pull():
    rates = np.where(np.arange(800)[:, None] < 400, [0.3, 0.2], [0.2, 0.3])
    fast = simulate({"B": BayesianUCB(discount=0.99)}, rates, n_rounds=800, n_reps=20, warmup=50, seed=2)
    exact = simulate({"B": _ExactBayesianUCB(discount=0.99)}, rates, n_rounds=800, n_reps=20, warmup=50, seed=2)
    assert np.array_equal(fast.arms, exact.arms)


def test_delay_longer_than_the_run_means_no_learning():
    result = simulate([ThompsonSampling()], [0.5, 0.05], n_rounds=300, n_reps=100, delay=300, seed=0)
    assert np.mean(result.arms[0] == 0) == pytest.approx(0.5, abs=0.03)
    learned = simulate([ThompsonSampling()], [0.5, 0.05], n_rounds=300, n_reps=100, delay=0, seed=0)
    assert np.mean(learned.arms[0] == 0) > 0.85


def test_discounting_adapts_to_changing_rates():
    n_rounds = 4_000
    reversal = np.where(np.arange(n_rounds)[:, None] < n_rounds // 2, [0.2, 0.1], [0.1, 0.2])
    result = simulate(
        {"plain": ThompsonSampling(), "discounted": ThompsonSampling(discount=0.99)},
        reversal, n_rounds=n_rounds, n_reps=40, seed=0,
    )
    late = slice(n_rounds - 500, n_rounds)
    plain = np.mean(result.arms[0, late] == 1)
    discounted = np.mean(result.arms[1, late] == 1)
    assert discounted > 0.8 > plain
    assert result.rates.shape == (n_rounds, 2)


def test_simulate_validates_its_inputs():
    with pytest.raises(ValueError, match="rates"):
        simulate([RandomChoice()], [0.5], n_rounds=10, n_reps=2)
    with pytest.raises(ValueError, match="probabilities"):
        simulate([RandomChoice()], [0.5, 1.5], n_rounds=10, n_reps=2)
    with pytest.raises(ValueError, match="rates"):
        simulate([RandomChoice()], np.full((5, 2), 0.1), n_rounds=10, n_reps=2)
    with pytest.raises(ValueError, match="distinct"):
        simulate([RandomChoice(), RandomChoice()], BOOK_RATES, n_rounds=10, n_reps=2)
    with pytest.raises(TypeError, match="Strategy"):
        simulate({"x": object()}, BOOK_RATES, n_rounds=10, n_reps=2)
    with pytest.raises(ValueError, match="at least one"):
        simulate([], BOOK_RATES, n_rounds=10, n_reps=2)
    with pytest.raises(ValueError, match="n_rounds"):
        simulate([RandomChoice()], BOOK_RATES, n_rounds=0, n_reps=2)
    with pytest.raises(TypeError, match="n_reps"):
        simulate([RandomChoice()], BOOK_RATES, n_rounds=10, n_reps=2.5)
    with pytest.raises(ValueError, match="seed"):
        simulate([RandomChoice()], BOOK_RATES, n_rounds=10, n_reps=2, seed=-1)
    with pytest.raises(TypeError, match="strategies"):
        simulate("Thompson", BOOK_RATES, n_rounds=10, n_reps=2)


def test_result_accessors_validate():
    result = simulate([RandomChoice()], BOOK_RATES, n_rounds=20, n_reps=3, seed=0)
    with pytest.raises(ValueError, match="kind"):
        result.cumulative("clicks", 0)
    with pytest.raises(ValueError, match="unknown strategy"):
        result.cumulative("regret", "UCB1")
    with pytest.raises(ValueError, match="index"):
        result.cumulative("regret", 3)
    with pytest.raises(ValueError, match="low"):
        result.band(low=0.9, high=0.1)
    with pytest.raises(ValueError, match="kind"):
        result.total("clicks", 0)
    with pytest.raises(ValueError, match="at least one"):
        result.subset()
    with pytest.raises(ValueError, match="unknown strategy"):
        result.subset("UCB1")


@pytest.mark.parametrize("changing", [False, True])
def test_totals_are_the_last_cumulative_row_and_subsets_keep_the_runs(changing):
    rates = np.where(np.arange(300)[:, None] < 150, BOOK_RATES, BOOK_RATES[::-1]) if changing else BOOK_RATES
    result = simulate([RandomChoice(), ThompsonSampling()], rates, n_rounds=300, n_reps=7, warmup=20, seed=5)
    for label in result.labels:
        for kind in ("regret", "reward"):
            assert np.array_equal(result.total(kind, label), result.cumulative(kind, label)[-1])
    part = result.subset("Thompson sampling")
    assert part.labels == ("Thompson sampling",) and part.n_reps == 7
    assert np.array_equal(part.cumulative("regret", 0), result.cumulative("regret", "Thompson sampling"))
    assert part.summary().loc["Thompson sampling"].equals(result.summary().loc["Thompson sampling"])


# --- contextual bandits ---------------------------------------------------------------------------


def test_make_contexts_follows_the_book_model():
    rng = np.random.default_rng(0)
    X, p, clicks = make_contexts(50_000, rng=rng)
    assert X.shape == (50_000, 7) and p.shape == clicks.shape == (50_000, 3)
    assert np.allclose(p, X @ np.array(BOOK_WEIGHTS).T)
    assert clicks.mean(axis=0) == pytest.approx(np.clip(p, 0, 1).mean(axis=0), abs=0.003)
    with pytest.raises(ValueError, match="weights"):
        make_contexts(5, [[1.0, 2.0]], rng=rng)


def test_incremental_update_equals_a_ridge_refit_on_the_whole_history():
    from sklearn.linear_model import Ridge

    rng = np.random.default_rng(1)
    policy = BootstrapThompson(n_arms=3, n_features=7, n_models=4, alpha=2.0, seed=0)
    history = []
    for _ in range(3):
        X, _, clicks = make_contexts(300, rng=rng)
        arms = rng.integers(3, size=300)
        y = clicks[np.arange(300), arms].astype(float)
        weights = rng.poisson(1.0, size=(4, 300)).astype(float)
        policy.update(X, arms, y, weights=weights)
        history.append((X, arms, y, weights))
    X_all = np.vstack([h[0] for h in history])
    arms_all = np.concatenate([h[1] for h in history])
    y_all = np.concatenate([h[2] for h in history])
    for arm in range(3):
        for member in range(4):
            w = np.concatenate([h[3][member] for h in history])
            rows = arms_all == arm
            ref = Ridge(alpha=2.0).fit(X_all[rows], y_all[rows], sample_weight=w[rows])
            assert np.allclose(policy.coef_[arm, member], ref.coef_, atol=1e-8)
            assert policy.intercept_[arm, member] == pytest.approx(ref.intercept_, abs=1e-8)
    assert policy.n_seen.sum() == 900


def test_bootstrap_thompson_chooses_at_random_before_any_data():
    policy = BootstrapThompson(n_arms=3, n_features=7, n_models=5, seed=0)
    arms = policy.choose(np.random.default_rng(0).random((6_000, 7)))
    assert np.bincount(arms, minlength=3) / 6_000 == pytest.approx([1 / 3] * 3, abs=0.03)
    assert policy.predict(np.zeros((2, 7))).shape == (2, 3)
    assert policy.predict_members(np.zeros((2, 7))).shape == (5, 2, 3)


def test_bootstrap_thompson_validates_inputs():
    policy = BootstrapThompson(n_arms=3, n_features=7, n_models=2, seed=0)
    X = np.zeros((4, 7))
    with pytest.raises(ValueError, match="X must be"):
        policy.choose(np.zeros((4, 6)))
    with pytest.raises(ValueError, match="one entry per row"):
        policy.update(X, [0, 1], [0, 1])
    with pytest.raises(ValueError, match="arms"):
        policy.update(X, [0, 1, 2, 3], [0, 0, 0, 1])
    with pytest.raises(ValueError, match="weights"):
        policy.update(X, [0, 1, 2, 0], [0, 0, 0, 1], weights=np.ones((3, 4)))
    with pytest.raises(ValueError, match="n_arms"):
        BootstrapThompson(n_arms=1, n_features=7)
    with pytest.raises(ValueError, match="alpha"):
        BootstrapThompson(n_arms=2, n_features=7, alpha=0)


def test_contextual_bandit_beats_context_free_and_approaches_the_oracle():
    kwargs = dict(n_batches=15, batch_size=1_000, seed=3)
    contextual = simulate_contextual(BootstrapThompson(3, 7, n_models=20, seed=0), **kwargs)
    context_free = simulate_contextual(ContextFreeThompson(3, seed=0), **kwargs)
    oracle = simulate_contextual(OraclePolicy(), **kwargs)
    random = simulate_contextual(RandomPolicy(3, seed=0), **kwargs)
    assert list(contextual.columns) == ["batch", "clicks", "click_rate", "expected_rate", "oracle_rate"]
    last = slice(-5, None)
    assert contextual["expected_rate"].iloc[last].mean() > 0.9 * oracle["expected_rate"].iloc[last].mean()
    assert context_free["expected_rate"].iloc[last].mean() < 0.03
    assert random["expected_rate"].mean() == pytest.approx(0.027, abs=0.002)
    assert np.allclose(oracle["expected_rate"], oracle["oracle_rate"])
    # the same users for every policy
    assert np.allclose(contextual["oracle_rate"], oracle["oracle_rate"])


def test_simulate_contextual_validates_the_policy():
    class Broken:
        def choose(self, X):
            return np.full(len(X), 7)

        def update(self, X, arms, rewards):
            pass

    with pytest.raises(ValueError, match="policy.choose"):
        simulate_contextual(Broken(), n_batches=1, batch_size=10)
    with pytest.raises(TypeError, match="policy"):
        simulate_contextual(object(), n_batches=1, batch_size=10)
