"""helpers.uplift: the synthetic campaign, uplift/Qini curves, AUUC, decile tables and learners.

The vectorised curves are compared with a plain Python loop written straight from the definitions,
on many small random data sets (with plenty of tied scores), and with values computed by hand on a
four-customer example.
"""

from __future__ import annotations

import time
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier

from helpers.stats import bootstrap_interval
from helpers.uplift import (
    BASE_WEIGHTS,
    LIFT_WEIGHTS,
    ClassTransformationUplift,
    SLearnerUplift,
    TwoModelUplift,
    auuc,
    auuc_interval,
    decile_table,
    make_campaign,
    qini_coefficient,
    qini_curve,
    random_auuc,
    uplift_curve,
)

FEATURES = [f"x{i}" for i in range(8)]


# --- a plain-loop reference, written from the definitions ----------------------------------------


def reference_curves(y, t, s):
    """(n, uplift gain, qini gain) by walking customers one by one, best score first."""
    order = sorted(range(len(s)), key=lambda i: -s[i])
    n_t = n_c = y_t = y_c = 0
    points = [(0, 0.0, 0.0)]
    for position, i in enumerate(order):
        if t[i] == 1:
            n_t += 1
            y_t += y[i]
        else:
            n_c += 1
            y_c += y[i]
        last_of_tie_group = position == len(order) - 1 or s[order[position + 1]] != s[i]
        if last_of_tie_group:
            r_t = y_t / n_t if n_t else 0.0
            r_c = y_c / n_c if n_c else 0.0
            k = position + 1
            points.append((k, (r_t - r_c) * k, (r_t - r_c) * n_t))
    n = np.array([p[0] for p in points])
    return n, np.array([p[1] for p in points]), np.array([p[2] for p in points])


def reference_area(n, gain):
    total = n[-1]
    area = 0.0
    for j in range(1, len(n)):
        above_left = gain[j - 1] - gain[-1] * n[j - 1] / total
        above_right = gain[j] - gain[-1] * n[j] / total
        area += (above_left + above_right) / 2 * (n[j] - n[j - 1]) / total
    return area


def random_campaign(seed, n):
    rng = np.random.default_rng(seed)
    t = rng.integers(0, 2, n)
    t[0], t[-1] = 1, 0  # both groups present
    y = rng.integers(0, 2, n)
    s = np.round(rng.random(n), 1)  # only 11 distinct scores: many ties
    return y, t, s


# --- curves ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(30))
def test_curves_and_areas_match_the_plain_loop(seed):
    y, t, s = random_campaign(seed, n=2 + seed * 3)
    n_ref, uplift_ref, qini_ref = reference_curves(y.tolist(), t.tolist(), s.tolist())
    n, gain = uplift_curve(y, t, s)
    n_q, gain_q = qini_curve(y, t, s)
    assert n.tolist() == n_ref.tolist() == n_q.tolist()
    np.testing.assert_allclose(gain, uplift_ref, atol=1e-12)
    np.testing.assert_allclose(gain_q, qini_ref, atol=1e-12)
    assert auuc(y, t, s) == pytest.approx(reference_area(n_ref, uplift_ref), abs=1e-12)
    assert qini_coefficient(y, t, s) == pytest.approx(reference_area(n_ref, qini_ref), abs=1e-12)


def test_hand_computed_example_with_a_tie():
    # Customers A (score 0.9, treated, converted), B (0.7, control, not), C (0.7, treated, not),
    # D (0.4, control, converted). B and C are tied, so they enter the curve together.
    y, t, s = [1, 0, 0, 1], [1, 0, 1, 0], [0.9, 0.7, 0.7, 0.4]
    n, gain = uplift_curve(y, t, s)
    # k=1: r_t = 1/1, r_c = 0 (no control yet)  -> 1 * 1 = 1
    # k=3: r_t = 1/2, r_c = 0/1                  -> 0.5 * 3 = 1.5
    # k=4: r_t = 1/2, r_c = 1/2                  -> 0
    assert n.tolist() == [0, 1, 3, 4]
    assert gain.tolist() == [0.0, 1.0, 1.5, 0.0]
    # Baseline is 0 (gain at N is 0); trapezoids over x = 0, .25, .75, 1:
    # (0 + 1)/2 * .25 + (1 + 1.5)/2 * .5 + (1.5 + 0)/2 * .25 = 0.125 + 0.625 + 0.1875
    assert auuc(y, t, s) == pytest.approx(0.9375)
    _, qini = qini_curve(y, t, s)
    assert qini.tolist() == [0.0, 1.0, 1.0, 0.0]  # (r_t - r_c) * n_t with n_t = 1, 2, 2
    assert qini_coefficient(y, t, s) == pytest.approx(0.125 + 0.5 + 0.125)


def test_baseline_is_subtracted():
    # Everyone converts when treated, nobody in control: the curve is a straight line, area 0.
    y, t = [1, 0, 1, 0], [1, 0, 1, 0]
    n, gain = uplift_curve(y, t, [0.4, 0.3, 0.2, 0.1])
    assert gain[-1] == pytest.approx(4.0)  # (1 - 0) * 4 customers
    assert auuc(y, t, [1, 1, 1, 1]) == pytest.approx(0.0)  # all tied: exactly the random line


def test_order_of_rows_does_not_matter_with_ties():
    y, t, s = random_campaign(7, 60)
    perm = np.random.default_rng(0).permutation(60)
    assert auuc(y, t, s) == pytest.approx(auuc(y[perm], t[perm], s[perm]), abs=1e-12)
    assert qini_coefficient(y, t, s) == pytest.approx(qini_coefficient(y[perm], t[perm], s[perm]), abs=1e-12)
    np.testing.assert_allclose(uplift_curve(y, t, s)[1], uplift_curve(y[perm], t[perm], s[perm])[1])


def test_perfect_score_beats_random_and_reversed_score_is_negative():
    df = make_campaign(20_000, seed=3)
    y, t, truth = df["converted"], df["treatment"], df["true_uplift"]
    assert auuc(y, t, truth) > 0 > auuc(y, t, -truth)
    assert qini_coefficient(y, t, truth) > 0 > qini_coefficient(y, t, -truth)


def test_accepts_pandas_and_booleans():
    df = pd.DataFrame({"y": [1, 0, 0, 1], "t": [True, False, True, False], "s": [0.9, 0.7, 0.7, 0.4]})
    assert auuc(df["y"], df["t"], df["s"]) == pytest.approx(0.9375)


def test_hundred_thousand_rows_well_under_a_second():
    df = make_campaign(100_000, seed=42)
    y, t, s = df["converted"].to_numpy(), df["treatment"].to_numpy(), df["true_uplift"].to_numpy()
    auuc(y, t, s)  # warm-up
    start = time.perf_counter()
    auuc(y, t, s)
    qini_coefficient(y, t, s)
    decile_table(y, t, s)
    assert time.perf_counter() - start < 0.5


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        (([1, 0], [1, 0], [0.5]), ValueError, "same length"),
        (([1, 0], [1, 2], [0.5, 0.4]), ValueError, "only 0"),
        (([1, 0], [1, 1], [0.5, 0.4]), ValueError, "both treated"),
        (([1, np.nan], [1, 0], [0.5, 0.4]), ValueError, "NaN"),
        (([[1, 0]], [1, 0], [0.5, 0.4]), ValueError, "one-dimensional"),
        (("10", [1, 0], [0.5, 0.4]), ValueError, "one-dimensional"),
        (([1, 0], [1, 0], ["a", "b"]), TypeError, "numbers"),
    ],
)
def test_bad_inputs_are_named(args, error, match):
    for function in (uplift_curve, qini_curve, auuc, qini_coefficient, decile_table):
        with pytest.raises(error, match=match):
            function(*args)


# --- decile table ---------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(10))
def test_decile_table_matches_a_loop(seed):
    rng = np.random.default_rng(seed)
    n = 50 + seed
    y, t, s = rng.integers(0, 2, n), rng.integers(0, 2, n), rng.random(n)
    table = decile_table(y, t, s, n_bins=5)
    order = np.argsort(-s)
    for b in range(5):
        members = [order[p] for p in range(n) if p * 5 // n == b]  # position p (0 = best) goes to bin p*5//n
        treated = [i for i in members if t[i] == 1]
        control = [i for i in members if t[i] == 0]
        row = table.loc[b + 1]
        assert row["n_treated"] == len(treated) and row["n_control"] == len(control)
        if treated and control:
            expected = np.mean(y[treated]) - np.mean(y[control])
            assert row["uplift"] == pytest.approx(expected)
            se = np.sqrt(np.var(y[treated]) / len(treated) + np.var(y[control]) / len(control))
            assert row["uplift_se"] == pytest.approx(se)
    assert table["n_treated"].sum() + table["n_control"].sum() == n


def test_decile_table_keeps_ties_together_and_reports_empty_groups_as_nan():
    table = decile_table([1, 0, 1, 0], [1, 1, 1, 0], [0.5, 0.5, 0.5, 0.1], n_bins=2)
    assert table["n_treated"].tolist() == [3, 0]  # the three tied customers share bin 1
    assert np.isnan(table.loc[1, "rate_control"]) and np.isnan(table.loc[2, "rate_treated"])
    with pytest.raises(ValueError, match="n_bins"):
        decile_table([1, 0], [1, 0], [0.5, 0.4], n_bins=0)
    with pytest.raises(ValueError, match="cannot exceed"):
        decile_table([1, 0], [1, 0], [0.5, 0.4], n_bins=3)


def heavily_tied(n=20_000, seed=0):
    """Outcomes, treatment and a skewed score with only 27 distinct values (like a small tree's)."""
    rng = np.random.default_rng(seed)
    weights = 0.8 ** np.arange(27)
    score = rng.choice(27, size=n, p=weights / weights.sum()).astype(float)
    return rng.integers(0, 2, n), rng.integers(0, 2, n), score


def test_decile_table_with_heavy_ties_keeps_them_together_drops_empty_bins_and_warns():
    y, t, s = heavily_tied()
    assert len(np.unique(s)) == 27
    with pytest.warns(UserWarning, match=r"only 27 distinct values.*empty.*ties='split'"):
        table = decile_table(y, t, s)
    sizes = table["n_treated"] + table["n_control"]
    assert len(table) < 10 and (sizes > 0).all() and sizes.sum() == len(y)
    assert set(table.index) < set(range(1, 11))  # the other bins keep their numbers
    # Every bin holds whole groups of tied customers: its running total is a running total of the groups.
    group_ends = set(np.cumsum(pd.Series(s).value_counts().sort_index(ascending=False)).tolist())
    assert set(np.cumsum(sizes).tolist()) <= group_ends


def test_decile_table_split_gives_equal_bins_mixes_groups_and_is_reproducible():
    y, t, s = heavily_tied()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no warning: no bin is empty
        table = decile_table(y, t, s, ties="split", seed=3)
    assert (table["n_treated"] + table["n_control"]).tolist() == [2_000] * 10
    assert table.equals(decile_table(y, t, s, ties="split", seed=3))
    # Rows sorted treated first and every score tied: splitting by row order would give bins of only
    # treated or only control customers; the random order keeps both in every bin.
    t_sorted = np.sort(t)[::-1]
    table = decile_table(y, t_sorted, np.ones(len(y)), ties="split")
    assert (table["n_treated"] > 700).all() and (table["n_control"] > 700).all()


def test_decile_table_without_ties_is_the_same_either_way():
    rng = np.random.default_rng(4)
    y, t, s = rng.integers(0, 2, 1_003), rng.integers(0, 2, 1_003), rng.random(1_003)
    pd.testing.assert_frame_equal(decile_table(y, t, s, n_bins=7), decile_table(y, t, s, n_bins=7, ties="split"))
    with pytest.raises(ValueError, match="ties"):
        decile_table(y, t, s, ties="random")


# --- random scores: the null distribution ---------------------------------------------------------


@pytest.mark.parametrize("curve", ["uplift", "qini"])
def test_random_auuc_is_the_area_of_a_score_that_ranks_in_each_random_order(curve):
    df = make_campaign(3_000, seed=8)
    y, t = df["converted"].to_numpy(), df["treatment"].to_numpy()
    areas = random_auuc(y, t, 5, curve=curve, seed=np.random.default_rng(4))
    rng, area_of = np.random.default_rng(4), auuc if curve == "uplift" else qini_coefficient
    for value in areas:
        order = rng.permutation(len(y))
        score = np.empty(len(y))
        score[order] = np.arange(len(y), 0, -1)  # the first customer of the order gets the highest score
        assert value == pytest.approx(area_of(y, t, score), abs=1e-9)
    assert np.array_equal(random_auuc(y, t, 5, curve=curve, seed=3), random_auuc(y, t, 5, curve=curve, seed=3))


def test_random_auuc_is_centred_on_zero_and_far_below_a_good_score():
    df = make_campaign(20_000, seed=9)
    y, t = df["converted"], df["treatment"]
    null = random_auuc(y, t, 100, seed=0)
    assert abs(null.mean()) < 3 * null.std() / np.sqrt(100)
    assert auuc(y, t, df["true_uplift"]) > np.quantile(null, 0.99)
    with pytest.raises(ValueError, match="n_draws"):
        random_auuc(y, t, 0)
    with pytest.raises(ValueError, match="curve"):
        random_auuc(y, t, 5, curve="lift")
    with pytest.raises(ValueError, match="treatment"):
        random_auuc(y, np.full(len(y), 2), 5)


# --- paired bootstrap of AUUC --------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(4))
def test_auuc_interval_is_the_plain_bootstrap_of_auuc(seed):
    """Same resamples, same values as bootstrap_interval with auuc recomputed on every resampled row set."""
    rng = np.random.default_rng(seed)
    n = 120 + 40 * seed
    y, t = rng.integers(0, 2, n), rng.integers(0, 2, n)
    a, b = np.round(rng.random(n), 1), rng.random(n)  # a has many ties
    fast = auuc_interval(y, t, a, b, n_boot=60, seed=seed)  # default strata: the treatment groups
    slow = bootstrap_interval(lambda y, t, a, b: auuc(y, t, a) - auuc(y, t, b), y, t, a, b, n_boot=60, seed=seed, strata=t)
    assert fast.estimate == pytest.approx(slow.estimate, abs=1e-9)
    assert (fast.low, fast.high, fast.se) == pytest.approx((slow.low, slow.high, slow.se), abs=1e-9)
    one = auuc_interval(y, t, a, curve="qini", n_boot=40, seed=seed, strata="treatment_outcome")
    plain = bootstrap_interval(lambda y, t, a: qini_coefficient(y, t, a), y, t, a, n_boot=40, seed=seed, strata=2 * t + y)
    assert (one.estimate, one.low, one.high, one.se) == pytest.approx((plain.estimate, plain.low, plain.high, plain.se), abs=1e-9)


def test_auuc_interval_with_a_continuous_outcome():
    rng = np.random.default_rng(9)
    spend, t, a = rng.exponential(30, 200) * rng.integers(0, 2, 200), rng.integers(0, 2, 200), rng.random(200)
    fast = auuc_interval(spend, t, a, n_boot=30, strata=None)
    slow = bootstrap_interval(lambda y, t, a: auuc(y, t, a) if 0 < t.sum() < len(t) else 0.0, spend, t, a, n_boot=30)
    assert (fast.estimate, fast.low, fast.high) == pytest.approx((slow.estimate, slow.low, slow.high), abs=1e-9)


def test_auuc_interval_against_several_scores_shares_the_resamples():
    df = make_campaign(5_000, seed=2)
    y, t, truth = df["converted"], df["treatment"], df["true_uplift"]
    rng = np.random.default_rng(0)
    others = {"noisy": truth + rng.normal(0, 0.02, 5_000), "random": rng.random(5_000)}
    together = auuc_interval(y, t, truth, others, n_boot=80, seed=1)
    assert list(together) == ["noisy", "random"]
    for name, score in others.items():
        alone = auuc_interval(y, t, truth, score, n_boot=80, seed=1)
        assert (together[name].estimate, together[name].low, together[name].high, together[name].se) == pytest.approx(
            (alone.estimate, alone.low, alone.high, alone.se), abs=1e-9)
    assert together["random"].excludes(0) and together["random"].estimate > together["noisy"].estimate


def test_a_paired_interval_is_narrower_than_the_two_separate_ones():
    df = make_campaign(20_000, seed=5)
    y, t, truth = df["converted"], df["treatment"], df["true_uplift"]
    close = truth + np.random.default_rng(1).normal(0, 0.005, 20_000)
    paired = auuc_interval(y, t, truth, close, n_boot=100)
    alone = auuc_interval(y, t, truth, n_boot=100)
    assert paired.se < alone.se / 2


def test_resampling_within_treatment_groups_gives_the_noise_of_a_new_campaign():
    """The standard errors the bootstrap claims, against the spread over 100 independent campaigns.

    Resampling within treated and control (auuc_interval's default) matches the spread, for an AUUC
    difference and for a plan's gain over contacting everyone. Resampling within treatment x outcome
    fixes each group's conversions, so the gain of the plan over everyone looks about half as noisy
    as it is.
    """
    lift = np.array(LIFT_WEIGHTS)

    def campaign(seed):
        df = make_campaign(5_000, seed=seed)
        a = df[FEATURES].to_numpy() @ lift  # the true uplift's formula, and a noisier copy of it
        b = a + np.random.default_rng(1).normal(0, 0.02, len(df))
        return df["converted"].to_numpy(), df["treatment"].to_numpy(), a, b, a >= np.quantile(a, 0.7)

    def gain(y, t, top):  # extra conversions per customer: the top 30% minus everyone
        lift_in = lambda m: y[m & (t == 1)].mean() - y[m & (t == 0)].mean()  # noqa: E731
        return lift_in(top) * top.mean() - lift_in(np.ones_like(top))

    areas, gains = [], []
    for seed in range(100, 200):
        y, t, a, b, top = campaign(seed)
        areas.append(auuc(y, t, a) - auuc(y, t, b))
        gains.append(gain(y, t, top))
    claimed = {"areas": [], "gains": [], "gains by outcome": []}
    for seed in (1, 2, 3, 4):
        y, t, a, b, top = campaign(seed)
        claimed["areas"].append(auuc_interval(y, t, a, b, n_boot=150, seed=seed).se)
        claimed["gains"].append(bootstrap_interval(gain, y, t, top, n_boot=150, seed=seed, strata=t).se)
        claimed["gains by outcome"].append(bootstrap_interval(gain, y, t, top, n_boot=150, seed=seed, strata=2 * t + y).se)
    assert 0.8 < np.mean(claimed["areas"]) / np.std(areas, ddof=1) < 1.25
    assert 0.8 < np.mean(claimed["gains"]) / np.std(gains, ddof=1) < 1.25
    assert np.mean(claimed["gains by outcome"]) / np.std(gains, ddof=1) < 0.75


def test_auuc_interval_is_fast():
    df = make_campaign(20_000, seed=6)
    y, t, truth = df["converted"].to_numpy(), df["treatment"].to_numpy(), df["true_uplift"].to_numpy()
    other = truth + np.random.default_rng(0).normal(0, 0.01, 20_000)
    start = time.process_time()
    auuc_interval(y, t, truth, other, n_boot=300)
    assert time.process_time() - start < 3  # about 1 ms per resample; the plain bootstrap needs several


def test_auuc_interval_rejects_bad_arguments():
    y, t, s = [1, 0, 1, 0], [1, 1, 0, 0], [0.4, 0.3, 0.2, 0.1]
    with pytest.raises(ValueError, match="curve"):
        auuc_interval(y, t, s, curve="lift")
    with pytest.raises(ValueError, match="strata"):
        auuc_interval(y, t, s, strata="outcome")
    with pytest.raises(ValueError, match="empty dict"):
        auuc_interval(y, t, s, {})
    with pytest.raises(ValueError, match="same length"):
        auuc_interval(y, t, s, [0.1, 0.2])


# --- the synthetic campaign -----------------------------------------------------------------------


def test_make_campaign_follows_the_book_model():
    df = make_campaign(50_000, seed=1)
    assert df.columns.tolist() == [*FEATURES, "treatment", "converted", "p_control", "p_treated", "true_uplift"]
    X = df[FEATURES].to_numpy()
    assert ((X >= 0) & (X < 1)).all()
    assert 0.48 < df["treatment"].mean() < 0.52
    inside = (X @ np.array(BASE_WEIGHTS) >= 0) & (X @ np.array(BASE_WEIGHTS) + X @ np.array(LIFT_WEIGHTS) >= 0)
    np.testing.assert_allclose(df["true_uplift"][inside], (X @ np.array(LIFT_WEIGHTS))[inside])
    assert 0.8 < inside.mean() < 0.9  # about one customer in six has a clipped probability
    for arm, column in ((0, "p_control"), (1, "p_treated")):
        group = df[df["treatment"] == arm]
        assert group["converted"].mean() == pytest.approx(group[column].mean(), abs=0.004)


def test_make_campaign_is_seeded():
    pd.testing.assert_frame_equal(make_campaign(100, seed=5), make_campaign(100, seed=5))
    assert not make_campaign(100, seed=5).equals(make_campaign(100, seed=6))
    assert make_campaign(10_000, seed=1, treatment_share=0.8)["treatment"].mean() > 0.75


@pytest.mark.parametrize(
    "kwargs",
    [
        {"n_customers": 0},
        {"n_customers": 2.5},
        {"seed": -1},
        {"base_weights": [0.1, 0.2]},
        {"treatment_share": 1.0},
        {"lift_weights": [np.nan] * 8},
    ],
)
def test_make_campaign_rejects_bad_arguments(kwargs):
    with pytest.raises(ValueError):
        make_campaign(**{"n_customers": 10, **kwargs})


# --- learners -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def campaigns():
    return make_campaign(40_000, seed=1), make_campaign(20_000, seed=42)


def test_two_model_finds_the_true_uplift(campaigns):
    train, test = campaigns
    model = TwoModelUplift(LogisticRegression(C=0.01)).fit(train[FEATURES], train["converted"], train["treatment"])
    p_treated, p_control = model.predict_rates(test[FEATURES])
    np.testing.assert_allclose(model.predict_uplift(test[FEATURES]), p_treated - p_control)
    assert np.corrcoef(model.predict_uplift(test[FEATURES]), test["true_uplift"])[0, 1] > 0.9
    ratio = TwoModelUplift(LogisticRegression(C=0.01), score="ratio").fit(
        train[FEATURES].to_numpy(), train["converted"].to_numpy(), train["treatment"].to_numpy()
    )
    np.testing.assert_allclose(ratio.predict_uplift(test[FEATURES].to_numpy()), p_treated / p_control)


def test_class_transformation_reweights_an_unbalanced_split():
    train = make_campaign(60_000, seed=2, treatment_share=0.75)
    test = make_campaign(20_000, seed=3)
    model = ClassTransformationUplift(make_pipeline(StandardScaler(), LogisticRegression()))
    model.fit(train[FEATURES], train["converted"], train["treatment"])
    uplift = model.predict_uplift(test[FEATURES])
    assert model.treated_share_ == pytest.approx(0.75, abs=0.01)
    assert abs(uplift.mean() - test["true_uplift"].mean()) < 0.01  # unweighted, it would be about -0.47
    assert np.corrcoef(uplift, test["true_uplift"])[0, 1] > 0.8


def test_class_transformation_by_hand_on_a_balanced_split(campaigns):
    train, test = campaigns
    treated = train["treatment"].to_numpy().copy()
    treated[: len(treated) // 2], treated[len(treated) // 2 :] = 1, 0  # exactly one half treated
    z = (train["converted"].to_numpy() == treated).astype(int)
    by_hand = LogisticRegression().fit(train[FEATURES], z)
    model = ClassTransformationUplift(LogisticRegression()).fit(train[FEATURES], train["converted"], treated)
    expected = 2 * by_hand.predict_proba(test[FEATURES])[:, 1] - 1
    np.testing.assert_allclose(model.predict_uplift(test[FEATURES]), expected)


def test_s_learner_with_frames_and_arrays(campaigns):
    train, test = campaigns
    tree = DecisionTreeClassifier(max_depth=4, min_samples_leaf=200, random_state=0)
    on_frame = SLearnerUplift(tree).fit(train[FEATURES], train["converted"], train["treatment"])
    on_array = SLearnerUplift(tree).fit(train[FEATURES].to_numpy(), train["converted"], train["treatment"])
    np.testing.assert_allclose(
        on_frame.predict_uplift(test[FEATURES]), on_array.predict_uplift(test[FEATURES].to_numpy())
    )
    with pytest.raises(ValueError, match="already has a column"):
        SLearnerUplift(tree).fit(train[FEATURES].assign(treatment=0), train["converted"], train["treatment"])


def test_learners_validate_their_inputs(campaigns):
    train, _ = campaigns
    X, y, t = train[FEATURES], train["converted"], train["treatment"]
    for learner in (TwoModelUplift, ClassTransformationUplift, SLearnerUplift):
        with pytest.raises(TypeError, match="predict_proba"):
            learner("not a model")
        model = learner(LogisticRegression())
        with pytest.raises(ValueError, match="before predicting"):
            model.predict_uplift(X)
        with pytest.raises(ValueError, match="rows"):
            model.fit(X, y, t[:10])
        with pytest.raises(ValueError, match="both treated and control"):
            model.fit(X, y, np.ones(len(X)))
        with pytest.raises(ValueError, match="0/1 outcomes"):
            model.fit(X, y * 2, t)
    with pytest.raises(ValueError, match="'difference' or 'ratio'"):
        TwoModelUplift(LogisticRegression(), score="log")
