"""helpers.ads: the impression simulator, calibration tools, down-sampling, auctions, pacing, feedback loop."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from sklearn.calibration import calibration_curve
from sklearn.metrics import roc_auc_score

from helpers.ads import (
    AD_CATEGORIES,
    FEATURES,
    auction_outcome,
    auction_summary,
    correct_downsampling,
    ece_if_calibrated,
    expected_calibration_error,
    highest_competing_bids,
    negative_downsample,
    pace_budget,
    paired_auc_difference,
    reliability_table,
    replay_pacing,
    simulate_feedback_loop,
    simulate_impressions,
)


@pytest.fixture(scope="module")
def log() -> pd.DataFrame:
    return simulate_impressions(200_000, seed=7)


# --- the impression log -----------------------------------------------------------------------


def test_log_has_the_documented_columns_and_types(log):
    assert list(log.columns) == ["hour", "time", "ad_id", "ad_category", "position", "device", "segment", "visits", "p_click", "click"]
    assert set(FEATURES) <= set(log.columns)
    for column in ("hour", "ad_id", "ad_category", "position", "device", "segment"):
        assert isinstance(log[column].dtype, pd.CategoricalDtype), column
    assert list(log["segment"].cat.categories) == list(AD_CATEGORIES)
    assert log["time"].between(0, 24, inclusive="left").all()
    assert (np.floor(log["time"]).astype(int) == log["hour"].astype(int)).all()
    assert set(log["click"].unique()) <= {0, 1}


def test_click_rates_are_about_one_to_three_percent(log):
    assert 0.015 < log["click"].mean() < 0.025
    per_ad = log.groupby("ad_id", observed=True)["p_click"].mean()
    assert per_ad.min() > 0.01 and per_ad.max() < 0.035
    # the clicks were drawn from p_click: observed and true rates agree within sampling error
    se = np.sqrt(log["p_click"].mean() / len(log))
    assert abs(log["click"].mean() - log["p_click"].mean()) < 4 * se


def test_true_model_has_the_documented_effects(log):
    by_position = log.groupby("position", observed=True)["p_click"].mean()
    assert by_position.loc[1] > by_position.loc[2] > by_position.loc[3]
    relevant = log["segment"].astype(str) == log["ad_category"].astype(str)
    assert log.loc[relevant, "p_click"].mean() > 1.8 * log.loc[~relevant, "p_click"].mean()
    assert list(log["ad_category"].cat.codes[log["ad_id"].astype(int) == 5].unique()) == [5 % 4]


def test_log_is_deterministic_and_ads_do_not_depend_on_size():
    a, b = simulate_impressions(5_000, seed=3), simulate_impressions(5_000, seed=3)
    pd.testing.assert_frame_equal(a, b)
    assert not simulate_impressions(5_000, seed=4)["p_click"].equals(a["p_click"])
    # same ad qualities whatever the number of rows: compare one fixed context across sizes
    big = simulate_impressions(50_000, seed=3)
    key = ["ad_id", "position", "device", "segment", "hour", "visits"]
    merged = a.merge(big, on=key, suffixes=("_a", "_b"))
    assert len(merged) > 0 and np.allclose(merged["p_click_a"], merged["p_click_b"])


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({"n_impressions": 0}, "n_impressions"), ({"n_impressions": 2.5}, "n_impressions"), ({"seed": -1}, "seed"),
     ({"n_ads": 1}, "n_ads"), ({"n_impressions": True}, "n_impressions")],
)
def test_simulator_rejects_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        simulate_impressions(**{"n_impressions": 100, **kwargs})


def test_helper_streams_are_independent_of_the_log(log):
    """Regression: a down-sampling draw with the log's seed must not line up with the log's own draws."""
    y = log["click"].to_numpy()
    keep = negative_downsample(y, 0.1, seed=7)
    kept_share = pd.Series(keep[y == 0]).groupby(log["hour"].to_numpy()[y == 0]).mean()
    assert kept_share.between(0.07, 0.13).all()
    assert abs(np.corrcoef(keep[y == 0], log["time"].to_numpy()[y == 0])[0, 1]) < 0.02


def test_import_is_cheap():
    code = "import sys, helpers.ads; print(any(m in sys.modules for m in ('pandas', 'sklearn', 'matplotlib')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False"


# --- calibration ------------------------------------------------------------------------------


@pytest.mark.parametrize("strategy", ["quantile", "uniform"])
def test_reliability_table_matches_sklearn(log, strategy):
    p = np.clip(log["p_click"].to_numpy() * np.exp(0.3 * np.sin(np.arange(len(log)))), 0, 1)
    y = log["click"].to_numpy()
    table = reliability_table(y, p, n_bins=10, strategy=strategy)
    observed, predicted = calibration_curve(y, p, n_bins=10, strategy=strategy)
    assert np.allclose(table["observed"], observed) and np.allclose(table["mean_predicted"], predicted)
    assert table["n"].sum() == len(y)
    assert np.allclose(table["gap"], table["mean_predicted"] - table["observed"])


def test_ece_is_zero_for_the_truth_and_grows_with_miscalibration(log):
    p = log["p_click"].to_numpy()
    assert expected_calibration_error(p, p) == pytest.approx(0.0, abs=1e-15)
    assert expected_calibration_error(p, 1.5 * p) == pytest.approx(0.5 * p.mean(), rel=1e-9)
    # against noisy labels even the truth has a positive ECE (the noise floor)
    assert expected_calibration_error(log["click"], p) > 0
    assert expected_calibration_error([0, 1, 0, 1], [0.25, 0.25, 0.75, 0.75], n_bins=2) == pytest.approx(0.25)


def test_calibration_inputs_are_validated():
    with pytest.raises(ValueError, match="p must have 2 values"):
        reliability_table([0, 1], [0.5])
    with pytest.raises(ValueError, match="p must be <= 1"):
        expected_calibration_error([0, 1], [0.5, 1.5])
    with pytest.raises(ValueError, match="y must be >= 0"):
        expected_calibration_error([-1, 1], [0.5, 0.5])
    with pytest.raises(ValueError, match="strategy"):
        reliability_table([0, 1], [0.2, 0.4], strategy="equal")
    with pytest.raises(ValueError, match="n_bins"):
        reliability_table([0, 1], [0.2, 0.4], n_bins=0)
    with pytest.raises(TypeError, match="y must be a sequence"):
        reliability_table("01", [0.2, 0.4])
    with pytest.raises(ValueError, match="finite"):
        reliability_table([0, 1], [0.2, float("nan")])


def test_noise_floor_matches_a_simulation_by_hand(log):
    p = log["p_click"].to_numpy()[:20_000]
    floor = ece_if_calibrated(p, n_bins=10, n_sims=40, seed=3)
    assert floor.shape == (40,) and (floor > 0).all()
    assert np.array_equal(floor, ece_if_calibrated(p, n_bins=10, n_sims=40, seed=3))  # seeded
    rng = np.random.default_rng(0)
    by_hand = [expected_calibration_error((rng.random(p.size) < p).astype(float), p) for _ in range(40)]
    # the same distribution: medians within a few standard errors of each other
    assert abs(np.median(floor) - np.median(by_hand)) < 3 * np.std(by_hand) / np.sqrt(40) * 1.5
    # an honest model lies inside the floor, a 30% over-confident one far above it
    assert expected_calibration_error(log["click"].to_numpy()[:20_000], p) < np.quantile(floor, 0.99)
    assert expected_calibration_error(log["click"].to_numpy()[:20_000], np.minimum(1.3 * p, 1)) > floor.max()
    with pytest.raises(ValueError, match="n_sims"):
        ece_if_calibrated(p, n_sims=0)


def test_paired_auc_difference_is_the_bootstrap_of_sklearns_auc():
    from helpers.stats import bootstrap_interval

    rng = np.random.default_rng(4)
    y = (rng.random(400) < 0.2).astype(int)
    a = np.round(y + rng.normal(0, 1, 400), 1)  # ties on purpose
    b = y + rng.normal(0, 1.5, 400)
    fast = paired_auc_difference(y, a, b, n_boot=100, seed=9)
    slow = bootstrap_interval(lambda y, a, b: roc_auc_score(y, a) - roc_auc_score(y, b), y, a, b, n_boot=100, seed=9, strata=y)
    assert fast.estimate == pytest.approx(roc_auc_score(y, a) - roc_auc_score(y, b))
    assert (fast.low, fast.high, fast.se) == pytest.approx((slow.low, slow.high, slow.se))
    with pytest.raises(ValueError, match="both classes"):
        paired_auc_difference(np.zeros(10), a[:10], b[:10])
    with pytest.raises(ValueError, match="b must have 400 values"):
        paired_auc_difference(y, a, b[:10])

# --- negative down-sampling -------------------------------------------------------------------


def test_downsampling_keeps_all_clicks_and_a_share_of_the_rest(log):
    y = log["click"].to_numpy()
    keep = negative_downsample(y, 0.2, seed=1)
    assert keep[y == 1].all()
    assert keep[y == 0].mean() == pytest.approx(0.2, abs=0.01)
    assert np.array_equal(keep, negative_downsample(y, 0.2, seed=1))
    assert negative_downsample(y, 1.0).all()


def test_correction_inverts_the_odds_inflation_and_restores_the_click_rate(log):
    p = np.linspace(0, 1, 11)
    for w in (0.01, 0.1, 0.5, 1.0):
        inflated = p / (p + (1 - p) * w)  # what a model of the down-sampled data learns
        assert np.allclose(correct_downsampling(inflated, w), p)
    assert np.allclose(correct_downsampling(p, 1.0), p)
    assert isinstance(correct_downsampling(0.5, 0.1), float | np.floating)
    # in the simulated log: clicks among the kept rows match the inflated truth, and the correction maps it back
    y, truth = log["click"].to_numpy(), log["p_click"].to_numpy()
    w = 0.1
    keep = negative_downsample(y, w, seed=2)
    inflated = truth / (truth + (1 - truth) * w)  # a kept row is a click with this probability
    assert abs(y[keep].mean() - inflated[keep].mean()) < 0.01
    # corrected, the click share of the kept rows is the click rate of the whole log
    assert correct_downsampling(y[keep].mean(), w) == pytest.approx(y.mean(), rel=0.05)


@pytest.mark.parametrize("rate", [0, -0.1, 1.5])
def test_rates_outside_zero_one_are_rejected(rate):
    with pytest.raises(ValueError, match="rate must be in"):
        correct_downsampling(0.5, rate)
    with pytest.raises(ValueError, match="rate must be in"):
        negative_downsample([0, 1], rate)


def test_downsampling_inputs_are_validated():
    with pytest.raises(TypeError, match="rate must be a number"):
        correct_downsampling(0.5, "0.1")
    with pytest.raises(ValueError, match="0/1 labels"):
        negative_downsample([0, 0.5, 1], 0.5)
    with pytest.raises(ValueError, match="p must be <= 1"):
        correct_downsampling([0.2, 1.2], 0.5)


# --- auctions ---------------------------------------------------------------------------------


def test_competing_bids_are_nested_and_have_the_right_scale():
    one = highest_competing_bids(100_000, 1, median=0.02, sigma=0.5, seed=1)
    five = highest_competing_bids(100_000, 5, median=0.02, sigma=0.5, seed=1)
    assert np.median(one) == pytest.approx(0.02, rel=0.02)
    assert (five >= one).all() and (five > one).mean() > 0.7
    assert np.allclose(highest_competing_bids(4, 3, median=0.01, sigma=0.0), 0.01)
    with pytest.raises(ValueError, match="median"):
        highest_competing_bids(10, 2, median=0)
    with pytest.raises(ValueError, match="n_competitors"):
        highest_competing_bids(10, 0)
    with pytest.raises(ValueError, match="sigma"):
        highest_competing_bids(10, 2, sigma=-1.0)


def test_auction_rules():
    won, price = auction_outcome([0.03, 0.02, 0.01], [0.02, 0.02, 0.005], kind="second")
    assert won.tolist() == [True, False, True]  # a tie goes to the competitor
    assert price.tolist() == [0.02, 0.0, 0.005]
    won, price = auction_outcome([0.03, 0.02, 0.01], [0.02, 0.02, 0.005], kind="first")
    assert price.tolist() == [0.03, 0.0, 0.01]
    won, price = auction_outcome([0.03, 0.01], [0.005, 0.005], reserve=0.02)
    assert won.tolist() == [True, False] and price.tolist() == [0.02, 0.0]
    with pytest.raises(ValueError, match="kind"):
        auction_outcome([0.1], [0.1], kind="third")
    with pytest.raises(ValueError, match="competing must have 1 values"):
        auction_outcome([0.1], [0.1, 0.2])
    with pytest.raises(ValueError, match="bids must be >= 0"):
        auction_outcome([-0.1], [0.1])
    with pytest.raises(ValueError, match="reserve"):
        auction_outcome([0.1], [0.1], reserve=-1.0)


def test_truthful_bidding_is_optimal_in_second_price_and_worthless_in_first_price(log):
    ctr = log["p_click"].to_numpy()[:50_000]
    competing = highest_competing_bids(ctr.size, 5, seed=3)
    surplus = {
        kind: {m: auction_summary(m * ctr, competing, ctr, value_per_click=1.0, kind=kind)["surplus"] for m in np.arange(0.3, 2.01, 0.1).round(1)}
        for kind in ("second", "first")
    }
    assert max(surplus["second"], key=surplus["second"].get) == 1.0
    assert surplus["first"][1.0] == pytest.approx(0.0, abs=1e-9)  # every win pays its full value
    assert max(surplus["first"], key=surplus["first"].get) < 1.0  # shading pays


def test_auction_summary_adds_up():
    s = auction_summary([0.03, 0.01, 0.05], [0.02, 0.02, 0.01], [0.04, 0.01, 0.02], value_per_click=2.0)
    assert s["won"] == 2 and s["win_rate"] == pytest.approx(2 / 3)
    assert s["spend"] == pytest.approx(0.03) and s["clicks"] == pytest.approx(0.06)
    assert s["value"] == pytest.approx(0.12) and s["surplus"] == pytest.approx(0.09)
    assert s["cpc"] == pytest.approx(0.5)
    assert np.isnan(auction_summary([0.0], [0.1], [0.5], value_per_click=1.0)["cpc"])
    with pytest.raises(ValueError, match="value_per_click"):
        auction_summary([0.1], [0.1], [0.5], value_per_click=0)
    with pytest.raises(ValueError, match="ctr must be <= 1"):
        auction_summary([0.1], [0.1], [1.5], value_per_click=1.0)


# --- budget pacing ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def day(log):
    sample = log.iloc[:40_000]
    ctr = sample["p_click"].to_numpy()
    return ctr, highest_competing_bids(ctr.size, 5, seed=5), sample["time"].to_numpy()


@pytest.mark.parametrize("strategy", ["asap", "throttle", "bid"])
def test_pacing_never_overspends_and_uses_most_of_the_budget(day, strategy):
    ctr, competing, time = day
    unpaced = auction_summary(ctr, competing, ctr, value_per_click=1.0)["spend"]
    budget = 0.25 * unpaced
    result = pace_budget(ctr, competing, ctr, time, budget=budget, strategy=strategy, n_slots=48, seed=1)
    assert list(result.columns) == ["start_hour", "requests", "won", "spend", "clicks", "lever", "cumulative_spend"]
    assert len(result) == 48 and result["requests"].sum() == ctr.size
    assert result["spend"].sum() <= budget + 1e-9
    assert result["spend"].sum() >= 0.9 * budget
    assert result["lever"].between(0.01, 1.0).all()
    if strategy == "asap":
        assert (result["lever"] == 1.0).all()
        assert result["spend"].iloc[-12:].sum() == 0  # out of money long before the evening


def _pace_by_hand(bids, competing, ctr, time, budget, strategy, n_slots, seed, gain=0.5, join=None):
    """The pacing loop written plainly (one boolean mask and one auction per slot), for comparison."""
    from helpers.ads import _stream

    slot = np.minimum((time / 24 * n_slots).astype(int), n_slots - 1)
    share = np.bincount(slot, minlength=n_slots) / len(time)
    remaining = np.cumsum(share[::-1])[::-1]
    join = _stream(seed, "throttle").random(len(time)) if join is None else join
    order = np.argsort(time, kind="stable")
    lever, spent, clicks, levers = 1.0, 0.0, [], []
    for s in range(n_slots):
        idx = order[slot[order] == s]
        levers.append(lever)
        won, price = auction_outcome(bids[idx] * (lever if strategy == "bid" else 1.0), competing[idx])
        if strategy == "throttle":
            won &= join[idx] < lever
        won &= spent + np.cumsum(np.where(won, price, 0.0)) <= budget + 1e-12
        paid = float(np.where(won, price, 0.0).sum())
        target = (budget - spent) * share[s] / remaining[s] if remaining[s] > 0 else 0.0
        spent += paid
        clicks.append(float(ctr[idx][won].sum()))
        if strategy != "asap":
            ratio = 2.0 if paid <= 0 else float(np.clip(target / paid, 0.5, 2.0))
            lever = float(np.clip(lever * ratio**gain, 0.01, 1.0))
    return np.array(clicks), np.array(levers)


@pytest.mark.parametrize("strategy", ["asap", "throttle", "bid"])
def test_pacing_matches_the_loop_written_plainly(day, strategy):
    ctr, competing, time = day
    budget = 0.25 * auction_summary(ctr, competing, ctr, value_per_click=1.0)["spend"]
    result = pace_budget(ctr, competing, ctr, time, budget=budget, strategy=strategy, n_slots=48, seed=2)
    clicks, levers = _pace_by_hand(ctr, competing, ctr, time, budget, strategy, 48, 2)
    assert np.allclose(result["clicks"], clicks) and np.allclose(result["lever"], levers)

@pytest.mark.parametrize("strategy", ["asap", "throttle", "bid"])
def test_replays_are_the_pacing_loop_on_days_resampled_within_slots(day, strategy):
    from helpers.ads import _replay_rows, _stream

    ctr, competing, time = day
    budget = 0.25 * auction_summary(ctr, competing, ctr, value_per_click=1.0)["spend"]
    replays = replay_pacing(ctr, competing, ctr, time, budget=budget, strategy=strategy, n_replays=3, n_slots=48, seed=4)
    assert list(replays.columns) == ["won", "spend", "clicks"] and len(replays) == 3
    order = np.argsort(time, kind="stable")
    bounds = np.searchsorted(np.minimum((time[order] / 24 * 48).astype(int), 47), np.arange(49))
    rows = _replay_rows(bounds, 3, _stream(4, "replay-days"))
    join = _stream(4, "replay-throttle").random(rows.shape)
    for r in range(3):
        idx = order[rows[r]]  # the resampled day: every slot keeps its number of requests
        assert np.array_equal(np.bincount(np.minimum((time[idx] / 24 * 48).astype(int), 47), minlength=48), np.diff(bounds))
        clicks, _ = _pace_by_hand(ctr[idx], competing[idx], ctr[idx], time[idx], budget, strategy, 48, 4, join=join[r])
        assert replays.loc[r, "clicks"] == pytest.approx(clicks.sum())
    assert (replays["spend"] <= budget + 1e-9).all() and replays["clicks"].nunique() == 3  # three different days


def test_replays_of_different_strategies_use_the_same_days(day):
    ctr, competing, time = day
    budget = 10 * auction_summary(ctr, competing, ctr, value_per_click=1.0)["spend"]  # never binds: every strategy buys all
    days = {s: replay_pacing(ctr, competing, ctr, time, budget=budget, strategy=s, n_replays=4, seed=3) for s in ("asap", "bid")}
    assert np.allclose(days["asap"]["clicks"], days["bid"]["clicks"])
    with pytest.raises(ValueError, match="n_replays"):
        replay_pacing(ctr, competing, ctr, time, budget=1.0, n_replays=0)


def test_bid_pacing_buys_cheaper_clicks_than_spending_asap(day):
    ctr, competing, time = day
    budget = 0.25 * auction_summary(ctr, competing, ctr, value_per_click=1.0)["spend"]
    cpc = {}
    for strategy in ("asap", "bid"):
        r = pace_budget(ctr, competing, ctr, time, budget=budget, strategy=strategy, seed=1)
        cpc[strategy] = r["spend"].sum() / r["clicks"].sum()
    assert cpc["bid"] < cpc["asap"]


def test_pacing_with_a_large_budget_buys_everything(day):
    ctr, competing, time = day
    full = auction_summary(ctr, competing, ctr, value_per_click=1.0)
    result = pace_budget(ctr, competing, ctr, time, budget=10 * full["spend"], strategy="asap")
    assert result["won"].sum() == full["won"] and result["spend"].sum() == pytest.approx(full["spend"])


def test_pacing_inputs_are_validated(day):
    ctr, competing, time = day
    args = (ctr[:10], competing[:10], ctr[:10], time[:10])
    with pytest.raises(ValueError, match="budget"):
        pace_budget(*args, budget=0)
    with pytest.raises(ValueError, match="strategy"):
        pace_budget(*args, budget=1.0, strategy="fast")
    with pytest.raises(ValueError, match="time must be the hour"):
        pace_budget(*args[:3], np.full(10, 24.0), budget=1.0)
    with pytest.raises(ValueError, match="plan must have 96 values"):
        pace_budget(*args, budget=1.0, plan=[1.0, 2.0])
    with pytest.raises(ValueError, match="gain"):
        pace_budget(*args, budget=1.0, gain=0)
    with pytest.raises(ValueError, match="kind"):
        pace_budget(*args, budget=1.0, kind="third")
    with pytest.raises(ValueError, match="competing must have 10 values"):
        pace_budget(ctr[:10], competing[:9], ctr[:10], time[:10], budget=1.0)


# --- the feedback loop ------------------------------------------------------------------------


def test_feedback_loop_counts_add_up_and_are_deterministic():
    rates = [0.02, 0.03, 0.01]
    for policy in ("greedy", "epsilon", "thompson"):
        shown, clicked = simulate_feedback_loop(rates, policy=policy, n_batches=20, batch_size=300, warmup=50, n_runs=7, seed=3)
        assert shown.shape == clicked.shape == (7, 3)
        assert (shown.sum(axis=1) == 3 * 50 + 20 * 300).all()
        assert (shown >= 50).all() and (clicked <= shown).all() and (clicked >= 0).all()
        again = simulate_feedback_loop(rates, policy=policy, n_batches=20, batch_size=300, warmup=50, n_runs=7, seed=3)
        assert np.array_equal(shown, again[0]) and np.array_equal(clicked, again[1])
    shown, _ = simulate_feedback_loop(rates, n_batches=0, warmup=10, n_runs=2)
    assert (shown == 10).all()


def test_greedy_gives_each_batch_to_one_ad():
    shown, _ = simulate_feedback_loop([0.02, 0.03], policy="greedy", n_batches=1, batch_size=1000, warmup=100, n_runs=50, seed=1)
    assert sorted(set((shown - 100).ravel().tolist())) == [0, 1000]


def test_exploration_finds_the_best_ad_more_often_than_greedy():
    rates = [0.020, 0.022, 0.018, 0.030, 0.015, 0.024]
    share = {}
    for policy in ("greedy", "thompson"):
        shown, _ = simulate_feedback_loop(rates, policy=policy, n_batches=50, batch_size=1000, n_runs=60, seed=2)
        share[policy] = (shown[:, 3] / shown.sum(axis=1)).mean()
    assert share["thompson"] > share["greedy"]


def test_feedback_loop_inputs_are_validated():
    with pytest.raises(ValueError, match="at least two ads"):
        simulate_feedback_loop([0.1])
    with pytest.raises(ValueError, match="policy"):
        simulate_feedback_loop([0.1, 0.2], policy="ucb")
    with pytest.raises(ValueError, match="true_ctr must be <= 1"):
        simulate_feedback_loop([0.1, 2.0])
    with pytest.raises(ValueError, match="epsilon must be in"):
        simulate_feedback_loop([0.1, 0.2], policy="epsilon", epsilon=0)
    with pytest.raises(ValueError, match="batch_size"):
        simulate_feedback_loop([0.1, 0.2], batch_size=0)
