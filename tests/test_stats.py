"""helpers.stats: agreement with SciPy and statsmodels, and Monte Carlo checks of nominal rates.

The Monte Carlo tests simulate tens of thousands of seeded experiments with vectorised NumPy,
so each runs well under two seconds. Their tolerances are several Monte Carlo standard errors
wide (for 20,000 experiments and a 5% rate, one standard error is 0.0015).
"""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pytest
from scipy import stats as sps
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    power_proportions_2indep,
    proportion_effectsize,
    proportions_ztest,
    samplesize_proportions_2indep_onetail,
)

from helpers.stats import (
    PeekingResult,
    chi2_two_proportions,
    diff_confint,
    power_two_proportions,
    sample_size_two_proportions,
    simulate_peeking,
    srm_check,
    two_proportion_ztest,
)

# (x_a, n_a, x_b, n_b): the book's retention example, large and small groups, B worse, ties,
# and a table where some |observed - expected| < 0.5 (Yates' correction is then clipped).
CASES = [
    (40, 205, 62, 290),
    (500, 10_000, 560, 10_000),
    (3, 20, 9, 25),
    (120, 1_000, 95, 1_000),
    (50, 100, 50, 100),
    (10, 21, 10, 20),
    (1, 3_000, 7, 2_500),
]


def test_import_is_cheap():
    code = "import sys, helpers.stats; print(any(m in sys.modules for m in ('scipy', 'statsmodels', 'pandas', 'matplotlib')))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


# --- agreement with the libraries ----------------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize(("alternative", "sm_alternative"), [("two-sided", "two-sided"), ("larger", "larger"), ("smaller", "smaller")])
def test_ztest_matches_statsmodels(case, alternative, sm_alternative):
    x_a, n_a, x_b, n_b = case
    ours = two_proportion_ztest(x_a, n_a, x_b, n_b, alternative=alternative)
    z, p = proportions_ztest([x_b, x_a], [n_b, n_a], alternative=sm_alternative)  # B first: z > 0 when B is better
    assert ours.z == pytest.approx(z, abs=1e-12) if z == 0 else ours.z == pytest.approx(z, rel=1e-10)
    assert ours.p_value == pytest.approx(p, rel=1e-9, abs=1e-15)
    assert ours.diff == pytest.approx(x_b / n_b - x_a / n_a)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("correction", [True, False])
def test_chi2_matches_scipy_contingency(case, correction):
    x_a, n_a, x_b, n_b = case
    table = np.array([[x_a, n_a - x_a], [x_b, n_b - x_b]])
    expected = sps.chi2_contingency(table, correction=correction)
    statistic, p_value = chi2_two_proportions(x_a, n_a, x_b, n_b, correction=correction)
    assert statistic == pytest.approx(expected.statistic, rel=1e-10, abs=1e-12)
    assert p_value == pytest.approx(expected.pvalue, rel=1e-10)


def test_scipy_applies_yates_by_default_and_our_default_follows():
    table = np.array([[40, 165], [62, 228]])
    assert sps.chi2_contingency(table).statistic == pytest.approx(chi2_two_proportions(40, 205, 62, 290)[0])
    assert chi2_two_proportions(40, 205, 62, 290)[1] > chi2_two_proportions(40, 205, 62, 290, correction=False)[1]


@pytest.mark.parametrize("case", CASES)
def test_uncorrected_chi2_is_z_squared(case):
    statistic, p_value = chi2_two_proportions(*case, correction=False)
    result = two_proportion_ztest(*case)
    assert statistic == pytest.approx(result.z**2, rel=1e-10, abs=1e-12)
    assert p_value == pytest.approx(result.p_value, rel=1e-9)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize(("method", "sm_method"), [("wald", "wald"), ("newcombe", "newcomb")])
@pytest.mark.parametrize("confidence", [0.9, 0.95, 0.99])
def test_interval_matches_statsmodels(case, method, sm_method, confidence):
    x_a, n_a, x_b, n_b = case
    low, high = diff_confint(x_a, n_a, x_b, n_b, confidence=confidence, method=method)
    sm_low, sm_high = confint_proportions_2indep(x_b, n_b, x_a, n_a, method=sm_method, compare="diff", alpha=1 - confidence)
    assert (low, high) == pytest.approx((sm_low, sm_high), rel=1e-9, abs=1e-12)
    assert low <= x_b / n_b - x_a / n_a <= high


def test_book_retention_numbers():
    result = two_proportion_ztest(40, 205, 62, 290)
    assert round(float(result.diff), 4) == 0.0187
    assert round(float(result.p_value), 4) == 0.6129
    assert round(float(chi2_two_proportions(40, 205, 62, 290)[1]), 4) == 0.6943
    low, high = diff_confint(40, 205, 62, 290)
    assert low < 0 < high


@pytest.mark.parametrize(("p_a", "p_b"), [(0.05, 0.065), (0.10, 0.11), (0.30, 0.25), (0.5, 0.6)])
@pytest.mark.parametrize("ratio", [1.0, 2.0, 0.5])
def test_pooled_power_and_sample_size_match_statsmodels(p_a, p_b, ratio):
    n_a = 1_234
    # statsmodels: sample 1 is A, prop2 is B's rate, diff = p1 - p2, nobs2 = ratio * nobs1.
    sm_power = power_proportions_2indep(p_a - p_b, p_b, n_a, ratio=ratio, alpha=0.05, return_results=False)
    assert power_two_proportions(p_a, p_b, n_a, ratio=ratio) == pytest.approx(sm_power, rel=1e-10)
    sm_n = samplesize_proportions_2indep_onetail(p_a - p_b, p_b, 0.8, ratio=ratio, alpha=0.05, alternative="two-sided")
    ours = sample_size_two_proportions(p_a, p_b, power=0.8, ratio=ratio, round_up=False)
    assert ours == pytest.approx(sm_n, rel=1e-10)
    assert sample_size_two_proportions(p_a, p_b, ratio=ratio) == math.ceil(sm_n)


@pytest.mark.parametrize(("p_a", "p_b"), [(0.05, 0.065), (0.10, 0.11), (0.30, 0.25)])
@pytest.mark.parametrize("ratio", [1.0, 3.0])
def test_arcsine_power_and_sample_size_match_normal_ind_power(p_a, p_b, ratio):
    h = proportion_effectsize(p_b, p_a)
    analysis = NormalIndPower()
    assert power_two_proportions(p_a, p_b, 2_000, ratio=ratio, method="arcsine") == pytest.approx(
        analysis.power(effect_size=h, nobs1=2_000, alpha=0.05, ratio=ratio), rel=1e-10
    )
    sm_n = analysis.solve_power(effect_size=h, alpha=0.05, power=0.8, ratio=ratio)
    # statsmodels solves numerically with both rejection regions; the closed form ignores the far one.
    assert sample_size_two_proportions(p_a, p_b, ratio=ratio, method="arcsine", round_up=False) == pytest.approx(sm_n, rel=1e-4)


def test_sample_size_reaches_the_requested_power_and_one_user_less_does_not():
    n = sample_size_two_proportions(0.05, 0.065)
    assert n == 3_780
    assert power_two_proportions(0.05, 0.065, n) >= 0.8 > power_two_proportions(0.05, 0.065, n - 1)


def test_sample_size_grows_with_smaller_effects_and_stricter_settings():
    base = sample_size_two_proportions(0.05, 0.065)
    assert sample_size_two_proportions(0.05, 0.06) > base
    assert sample_size_two_proportions(0.05, 0.065, power=0.9) > base
    assert sample_size_two_proportions(0.05, 0.065, alpha=0.01) > base


@pytest.mark.parametrize(
    ("counts", "shares"),
    [([50_000, 49_000], None), ([1_010, 990, 1_030], None), ([700, 300], [0.7, 0.3]), ([6_100, 3_900], [0.6, 0.4])],
)
def test_srm_matches_scipy_chisquare(counts, shares):
    total = sum(counts)
    f_exp = None if shares is None else [s * total for s in shares]
    expected = sps.chisquare(counts, f_exp=f_exp)
    result = srm_check(counts, shares)
    assert result.statistic == pytest.approx(expected.statistic, rel=1e-10, abs=1e-12)
    assert result.p_value == pytest.approx(expected.pvalue, rel=1e-10)
    assert sum(result.observed_shares) == pytest.approx(1.0)
    assert result.mismatch == (expected.pvalue < 0.001)


def test_srm_flags_a_broken_split_and_passes_a_fair_one():
    assert srm_check([50_000, 48_800]).mismatch
    assert not srm_check([50_000, 49_900]).mismatch


# --- vectorisation --------------------------------------------------------------------------------


def test_functions_broadcast_over_arrays():
    x_a = np.array([[40, 50], [60, 70]])
    result = two_proportion_ztest(x_a, 205, 62, 290)
    assert result.p_value.shape == (2, 2)
    assert result.p_value[0, 0] == pytest.approx(two_proportion_ztest(40, 205, 62, 290).p_value)
    low, high = diff_confint(x_a, 205, 62, 290, method="newcombe")
    assert low.shape == high.shape == (2, 2) and np.all(low < high)
    stat, p = chi2_two_proportions(x_a, 205, 62, 290)
    assert stat.shape == p.shape == (2, 2)


def test_no_variance_gives_p_one_not_nan():
    assert two_proportion_ztest(0, 100, 0, 120).p_value == 1.0
    assert two_proportion_ztest(100, 100, 120, 120).p_value == 1.0
    assert chi2_two_proportions(0, 100, 0, 120)[1] == 1.0
    p = two_proportion_ztest(np.array([0, 5]), 100, np.array([0, 9]), 100).p_value
    assert p[0] == 1.0 and 0 < p[1] < 1


# --- Monte Carlo: nominal rates -------------------------------------------------------------------

N_SIM = 20_000


def _null_counts(rng, n=2_000, p=0.1):
    return rng.binomial(n, p, N_SIM), n, rng.binomial(n, p, N_SIM), n


def test_ztest_false_positive_rate_is_nominal():
    x_a, n_a, x_b, n_b = _null_counts(np.random.default_rng(1))
    for alpha in (0.05, 0.01):
        rate = np.mean(two_proportion_ztest(x_a, n_a, x_b, n_b).p_value < alpha)
        assert abs(rate - alpha) < 3 * math.sqrt(alpha * (1 - alpha) / N_SIM) + 0.002, (alpha, rate)


def test_chi2_false_positive_rates_nominal_without_and_conservative_with_yates():
    x_a, n_a, x_b, n_b = _null_counts(np.random.default_rng(2), n=300, p=0.2)
    plain = np.mean(chi2_two_proportions(x_a, n_a, x_b, n_b, correction=False)[1] < 0.05)
    yates = np.mean(chi2_two_proportions(x_a, n_a, x_b, n_b, correction=True)[1] < 0.05)
    assert abs(plain - 0.05) < 0.006
    assert yates < plain and yates < 0.05


@pytest.mark.parametrize("method", ["wald", "newcombe"])
def test_interval_coverage_is_nominal(method):
    rng = np.random.default_rng(3)
    n_a, n_b, p_a, p_b = 1_500, 1_800, 0.10, 0.13
    x_a, x_b = rng.binomial(n_a, p_a, N_SIM), rng.binomial(n_b, p_b, N_SIM)
    low, high = diff_confint(x_a, n_a, x_b, n_b, method=method)
    coverage = np.mean((low <= p_b - p_a) & (p_b - p_a <= high))
    assert abs(coverage - 0.95) < 0.006, coverage


def test_newcombe_keeps_coverage_where_wald_breaks_down():
    rng = np.random.default_rng(4)
    n, p_a, p_b = 30, 0.03, 0.06  # tiny groups, rare events
    x_a, x_b = rng.binomial(n, p_a, N_SIM), rng.binomial(n, p_b, N_SIM)
    cover = {}
    for method in ("wald", "newcombe"):
        low, high = diff_confint(x_a, n, x_b, n, method=method)
        cover[method] = np.mean((low <= p_b - p_a) & (p_b - p_a <= high))
    assert cover["wald"] < 0.90 and cover["newcombe"] > 0.93, cover


def test_simulated_power_at_the_planned_sample_size_is_the_requested_power():
    rng = np.random.default_rng(5)
    n = sample_size_two_proportions(0.05, 0.065, power=0.8)
    x_a, x_b = rng.binomial(n, 0.05, N_SIM), rng.binomial(n, 0.065, N_SIM)
    power = np.mean(two_proportion_ztest(x_a, n, x_b, n).p_value < 0.05)
    assert abs(power - 0.8) < 0.012, power


def test_srm_false_alarm_rate_is_the_threshold():
    rng = np.random.default_rng(6)
    splits = rng.multinomial(10_000, [0.5, 0.5], size=4_000)
    alarms = np.mean([srm_check(split, threshold=0.05).mismatch for split in splits])
    assert abs(alarms - 0.05) < 0.012, alarms


def test_peeking_inflates_false_positives_but_the_fixed_horizon_test_does_not():
    sim = simulate_peeking(n_experiments=10_000, n_looks=20, batch_size=250, p_a=0.1, rng=7)
    assert isinstance(sim, PeekingResult)
    assert sim.p_values.shape == (10_000, 20)
    assert list(sim.users_per_arm[:3]) == [250, 500, 750]
    assert abs(sim.fixed_horizon_rate() - 0.05) < 0.007
    curve = sim.stopped_by_look()
    assert np.all(np.diff(curve) >= 0)  # more looks, more chances to stop
    assert curve[0] == pytest.approx(np.mean(sim.p_values[:, 0] < 0.05))
    assert sim.peeking_rate() > 0.15  # about 0.25 for 20 looks


def test_peeking_with_a_real_effect_gives_power():
    sim = simulate_peeking(n_experiments=4_000, n_looks=5, batch_size=800, p_a=0.05, p_b=0.065, rng=8)
    expected = power_two_proportions(0.05, 0.065, 4_000)
    assert abs(sim.fixed_horizon_rate() - expected) < 0.025


def test_peeking_is_reproducible_with_a_seed():
    first = simulate_peeking(n_experiments=100, n_looks=3, batch_size=50, p_a=0.2, rng=11)
    second = simulate_peeking(n_experiments=100, n_looks=3, batch_size=50, p_a=0.2, rng=np.random.default_rng(11))
    assert np.array_equal(first.p_values, second.p_values)


# --- validation ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        ((50, 40, 10, 20), ValueError, "x_a must lie between 0 and n_a"),
        ((-1, 40, 10, 20), ValueError, "x_a must lie between"),
        ((5, 0, 10, 20), ValueError, "n_a must be at least 1"),
        ((5.5, 40, 10, 20), ValueError, "whole numbers"),
        ((5, 40, "10", 20), TypeError, "x_b must be a count"),
        ((5, 40, 10, None), TypeError, "n_b must be a count"),
        ((5, 40, True, 20), TypeError, "x_b must be a count"),
        ((5, 40, float("nan"), 20), ValueError, "finite"),
    ],
)
def test_count_validation(args, error, match):
    for func in (two_proportion_ztest, chi2_two_proportions, diff_confint):
        with pytest.raises(error, match=match):
            func(*args)


def test_option_validation():
    with pytest.raises(ValueError, match="alternative must be one of"):
        two_proportion_ztest(1, 10, 2, 10, alternative="greater")
    with pytest.raises(ValueError, match="method must be one of"):
        diff_confint(1, 10, 2, 10, method="wilson")
    with pytest.raises(ValueError, match="confidence must lie strictly between 0 and 1"):
        diff_confint(1, 10, 2, 10, confidence=95)
    with pytest.raises(TypeError, match="correction must be True or False"):
        chi2_two_proportions(1, 10, 2, 10, correction="yes")


def test_design_validation():
    with pytest.raises(ValueError, match="p_a and p_b must differ"):
        sample_size_two_proportions(0.05, 0.05)
    with pytest.raises(ValueError, match="p_b must lie strictly between 0 and 1"):
        sample_size_two_proportions(0.05, 6.5)
    with pytest.raises(TypeError, match="alpha must be a number"):
        power_two_proportions(0.05, 0.065, 100, alpha="5%")
    with pytest.raises(ValueError, match="ratio must be a positive"):
        sample_size_two_proportions(0.05, 0.065, ratio=0)
    with pytest.raises(ValueError, match="n_a must be a positive"):
        power_two_proportions(0.05, 0.065, -3)
    with pytest.raises(ValueError, match="method must be one of"):
        power_two_proportions(0.05, 0.065, 100, method="exact")
    with pytest.raises(ValueError, match="power must exceed"):
        sample_size_two_proportions(0.05, 0.065, power=0.01)
    with pytest.raises(TypeError, match="round_up"):
        sample_size_two_proportions(0.05, 0.065, round_up=1)


def test_srm_validation():
    with pytest.raises(TypeError, match="counts must be a list"):
        srm_check(100)
    with pytest.raises(ValueError, match="at least 2 groups"):
        srm_check([100])
    with pytest.raises(ValueError, match="non-negative whole numbers"):
        srm_check([100, -5])
    with pytest.raises(ValueError, match="one share per group"):
        srm_check([100, 90], [0.3, 0.3, 0.4])
    with pytest.raises(ValueError, match="sum to 1"):
        srm_check([100, 90], [0.6, 0.6])
    with pytest.raises(ValueError, match="threshold must lie strictly"):
        srm_check([100, 90], threshold=1.5)


def test_peeking_validation():
    with pytest.raises(ValueError, match="n_looks must be at least 1"):
        simulate_peeking(n_experiments=10, n_looks=0, batch_size=10, p_a=0.1)
    with pytest.raises(TypeError, match="batch_size must be an integer"):
        simulate_peeking(n_experiments=10, n_looks=2, batch_size=10.5, p_a=0.1)
    with pytest.raises(ValueError, match="fit in memory"):
        simulate_peeking(n_experiments=10_000_000, n_looks=10, batch_size=10, p_a=0.1)
    with pytest.raises(TypeError, match="rng must be"):
        simulate_peeking(n_experiments=10, n_looks=2, batch_size=10, p_a=0.1, rng="seed")
    with pytest.raises(ValueError, match="alpha must lie"):
        simulate_peeking(n_experiments=10, n_looks=2, batch_size=10, p_a=0.1, rng=0).peeking_rate(alpha=5)


# --- proportion_interval and bootstrap_interval -------------------------------------------------


@pytest.mark.parametrize(("x", "n"), [(15, 20), (0, 50), (50, 50), (3, 10_000), (412, 1_000)])
@pytest.mark.parametrize(("method", "sm_method"), [("wilson", "wilson"), ("exact", "beta")])
def test_proportion_interval_agrees_with_statsmodels(x, n, method, sm_method):
    from statsmodels.stats.proportion import proportion_confint

    from helpers.stats import proportion_interval

    low, high = proportion_interval(x, n, method=method)
    sm_low, sm_high = proportion_confint(x, n, alpha=0.05, method=sm_method)
    assert low == pytest.approx(sm_low, abs=1e-12) and high == pytest.approx(sm_high, abs=1e-12)


def test_proportion_interval_broadcasts_and_validates():
    from helpers.stats import proportion_interval

    low, high = proportion_interval(np.array([1, 5]), np.array([10, 10]))
    assert low.shape == (2,) and np.all(low < high)
    with pytest.raises(ValueError, match="method must be one of"):
        proportion_interval(1, 10, method="wald")
    with pytest.raises(ValueError, match="must lie between 0 and n"):
        proportion_interval(11, 10)


def test_bootstrap_interval_of_a_mean_matches_the_normal_theory_se():
    from helpers.stats import bootstrap_interval

    values = np.random.default_rng(1).normal(10, 2, 2_000)
    result = bootstrap_interval(np.mean, values, n_boot=2_000, seed=3)
    assert result.estimate == pytest.approx(values.mean())
    assert result.se == pytest.approx(values.std(ddof=1) / np.sqrt(len(values)), rel=0.1)
    assert result.low < result.estimate < result.high and result.excludes(0) and not result.excludes(10)
    assert "bootstrap resamples" in repr(result)


def test_paired_bootstrap_is_narrower_than_the_noise_of_each_score():
    from sklearn.metrics import roc_auc_score

    from helpers.stats import bootstrap_interval

    rng = np.random.default_rng(2)
    y = rng.integers(0, 2, 500)
    a = y + rng.normal(0, 1, 500)
    b = a + rng.normal(0, 0.1, 500)  # almost the same model
    paired = bootstrap_interval(lambda y, a, b: roc_auc_score(y, a) - roc_auc_score(y, b), y, a, b, n_boot=300, strata=y)
    single = bootstrap_interval(roc_auc_score, y, a, n_boot=300, strata=y)
    assert paired.se < single.se / 3


def test_bootstrap_interval_keeps_strata_sizes_and_is_reproducible():
    from helpers.stats import bootstrap_interval

    group = np.r_[np.zeros(10), np.ones(90)]
    shares = bootstrap_interval(np.mean, group, n_boot=50, strata=group)
    assert shares.low == shares.high == 0.9  # each resample keeps 10 zeros and 90 ones
    a = bootstrap_interval(np.mean, np.arange(50.0), n_boot=100, seed=5)
    assert a == bootstrap_interval(np.mean, np.arange(50.0), n_boot=100, seed=5)


@pytest.mark.parametrize(
    ("args", "kwargs", "error"),
    [((np.mean,), {}, ValueError), (("mean", [1, 2]), {}, TypeError), ((np.mean, [1, 2], [1]), {}, ValueError),
     ((np.mean, [1, 2, 3]), {"strata": [1, 2]}, ValueError), ((np.mean, [1, 2]), {"n_boot": 0}, ValueError)],
)
def test_bootstrap_interval_validates_its_inputs(args, kwargs, error):
    from helpers.stats import bootstrap_interval

    with pytest.raises(error):
        bootstrap_interval(*args, **kwargs)
