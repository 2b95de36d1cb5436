"""helpers.offpolicy: IPS, SNIPS and DR are unbiased where they should be, intervals behave, bad inputs fail clearly."""

import numpy as np
import pytest

from helpers.offpolicy import bootstrap_ci, doubly_robust, evaluate_policy, ips, snips

# A small world with known truth: 3 segments, 4 actions.
SEGMENT_SHARE = np.array([0.5, 0.3, 0.2])
TRUE_CTR = np.array([[0.30, 0.10, 0.20, 0.05], [0.05, 0.40, 0.10, 0.20], [0.10, 0.05, 0.50, 0.10]])
LOGGING = np.tile([0.55, 0.15, 0.15, 0.15], (3, 1))
TARGET = np.full((3, 4), 0.2 / 3)
TARGET[np.arange(3), TRUE_CTR.argmax(axis=1)] = 0.8
TRUTH = SEGMENT_SHARE @ (TARGET * TRUE_CTR).sum(axis=1)


def _logs(n_logs, n_rows, seed):
    rng = np.random.default_rng(seed)
    seg = rng.choice(3, p=SEGMENT_SHARE, size=(n_logs, n_rows))
    action = np.searchsorted(np.cumsum(LOGGING[0]), rng.random((n_logs, n_rows)), side="right")
    reward = (rng.random((n_logs, n_rows)) < TRUE_CTR[seg, action]).astype(float)
    return seg, action, reward


def test_small_examples_by_hand():
    assert ips([1, 0, 1], [0.5, 0.5, 0.0], [0.25, 0.5, 0.5]) == pytest.approx(2 / 3)
    assert snips([1, 0, 1], [0.5, 0.5, 0.0], [0.25, 0.5, 0.5]) == pytest.approx(2 / 3)
    assert doubly_robust([1, 0], [1.0, 0.0], [0.5, 0.5], [0.4, 0.4], [0.4, 0.3]) == pytest.approx(0.95)


def test_on_policy_log_gives_the_plain_average():
    rewards = np.random.default_rng(0).random(1_000) < 0.2
    p = np.full(1_000, 0.25)
    assert ips(rewards, p, p) == pytest.approx(rewards.mean())
    assert snips(rewards, p, p) == pytest.approx(rewards.mean())


def test_dr_with_a_perfect_model_and_zero_weights_is_the_model():
    assert doubly_robust([1, 0, 1], [0, 0, 0], [0.5, 0.5, 0.5], [0.2, 0.2, 0.2], [0.3, 0.3, 0.3]) == pytest.approx(0.3)


def test_snips_is_nan_when_no_weight_is_positive():
    assert np.isnan(snips([1, 0], [0.0, 0.0], [0.5, 0.5]))


def test_estimators_are_unbiased_against_the_truth():
    seg, action, reward = _logs(2_000, 400, seed=1)
    est = {"ips": [], "snips": [], "dr": [], "naive": []}
    crude = np.tile(TRUE_CTR.mean(axis=0) * 0.5, (3, 1))  # a deliberately wrong reward model
    for s, a, r in zip(seg, action, reward):
        t, p = TARGET[s, a], LOGGING[s, a]
        est["ips"].append(ips(r, t, p))
        est["snips"].append(snips(r, t, p))
        est["dr"].append(doubly_robust(r, t, p, crude[s, a], (TARGET[s] * crude[s]).sum(axis=1)))
        est["naive"].append(r.mean())
    for name in ("ips", "dr"):
        values = np.array(est[name])
        standard_error = values.std() / np.sqrt(len(values))
        assert abs(values.mean() - TRUTH) < 4 * standard_error, name
    assert np.mean(est["snips"]) == pytest.approx(TRUTH, abs=0.005)  # small bias only
    assert abs(np.mean(est["naive"]) - TRUTH) > 0.05  # the log's own average is the wrong policy's value


def test_evaluate_policy_table_and_interval_coverage():
    seg, action, reward = _logs(60, 1_500, seed=2)
    covered = 0
    for i, (s, a, r) in enumerate(zip(seg, action, reward)):
        table = evaluate_policy(
            r, TARGET[s, a], LOGGING[s, a], reward_pred=TRUE_CTR[s, a],
            expected_reward_pred=(TARGET[s] * TRUE_CTR[s]).sum(axis=1), n_boot=300, seed=i,
        )
        covered += table.loc["IPS", "ci_low"] <= TRUTH <= table.loc["IPS", "ci_high"]
    assert list(table.index) == ["IPS", "SNIPS", "DR"]
    assert list(table.columns) == ["estimate", "ci_low", "ci_high", "matched", "effective_n"]
    assert (table["ci_low"] <= table["estimate"]).all() and (table["estimate"] <= table["ci_high"]).all()
    assert 0.85 <= covered / 60 <= 1.0
    assert table.loc["IPS", "matched"] == len(r)  # the target policy gives every action some probability


def test_bootstrap_is_reproducible_and_level_sets_the_width():
    seg, action, reward = _logs(1, 2_000, seed=3)
    args = (reward[0], TARGET[seg[0], action[0]], LOGGING[seg[0], action[0]])
    assert bootstrap_ci(*args, n_boot=200, seed=7) == bootstrap_ci(*args, n_boot=200, seed=7)
    low90, high90 = bootstrap_ci(*args, n_boot=400, level=0.9, seed=1)
    low99, high99 = bootstrap_ci(*args, n_boot=400, level=0.99, seed=1)
    assert low99 < low90 < high90 < high99
    low, high = bootstrap_ci(*args, estimator="snips", n_boot=200)
    assert low < snips(*args) < high


def test_effective_sample_size_and_matched_rows():
    table = evaluate_policy([1, 0, 0, 1], [1.0, 0.0, 1.0, 0.0], [0.5] * 4, n_boot=20)
    assert table.loc["IPS", "matched"] == 2
    assert table.loc["IPS", "effective_n"] == pytest.approx(2.0)
    assert list(table.index) == ["IPS", "SNIPS"]  # no reward model, no DR


@pytest.mark.parametrize("bad", [0.0, -0.1, 1.2])
def test_propensities_outside_zero_one_are_rejected(bad):
    with pytest.raises(ValueError, match=r"logging_prob must lie in \(0, 1\]"):
        ips([1, 0], [0.5, 0.5], [0.5, bad])
    with pytest.raises(ValueError, match=r"\(0, 1\]"):
        evaluate_policy([1, 0], [0.5, 0.5], [bad, 0.5], n_boot=20)


def test_bad_inputs_give_clear_errors():
    with pytest.raises(ValueError, match="target_prob must lie in"):
        ips([1, 0], [1.5, 0.5], [0.5, 0.5])
    with pytest.raises(ValueError, match="target_prob has 1 values"):
        ips([1, 0], [0.5], [0.5, 0.5])
    with pytest.raises(ValueError, match="NaN"):
        snips([1, float("nan")], [0.5, 0.5], [0.5, 0.5])
    with pytest.raises(ValueError, match="one-dimensional"):
        ips([[1, 0]], [[0.5, 0.5]], [[0.5, 0.5]])
    with pytest.raises(ValueError, match="empty"):
        ips([], [], [])
    with pytest.raises(TypeError, match="rewards"):
        ips("10", [0.5, 0.5], [0.5, 0.5])
    with pytest.raises(TypeError, match="logging_prob"):
        ips([1, 0], [0.5, 0.5], None)
    with pytest.raises(ValueError, match="reward_pred"):
        evaluate_policy([1, 0], [0.5, 0.5], [0.5, 0.5], estimators=["dr"], n_boot=20)
    with pytest.raises(ValueError, match="estimators"):
        evaluate_policy([1, 0], [0.5, 0.5], [0.5, 0.5], estimators=["ipw"], n_boot=20)
    with pytest.raises(ValueError, match="n_boot"):
        evaluate_policy([1, 0], [0.5, 0.5], [0.5, 0.5], n_boot=5)
    with pytest.raises(ValueError, match="level"):
        evaluate_policy([1, 0], [0.5, 0.5], [0.5, 0.5], level=95)
    with pytest.raises(ValueError, match="seed"):
        evaluate_policy([1, 0], [0.5, 0.5], [0.5, 0.5], seed=-3)
