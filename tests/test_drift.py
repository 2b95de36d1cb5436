"""helpers.drift: PSI and the KS test against values computed by hand, and against SciPy."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from helpers import drift


# --- PSI -------------------------------------------------------------------------------------------


def test_psi_from_shares_matches_the_formula_worked_by_hand():
    # (0.25 - 0.5) ln(0.25 / 0.5) + (0.75 - 0.5) ln(0.75 / 0.5) = 0.25 ln 2 + 0.25 ln 1.5
    assert drift.psi_from_shares([0.5, 0.5], [0.25, 0.75]) == pytest.approx(0.25 * math.log(2) + 0.25 * math.log(1.5))
    assert drift.psi_from_shares([0.5, 0.5], [0.25, 0.75]) == pytest.approx(0.274653, abs=1e-6)


def test_psi_from_shares_accepts_counts_and_is_zero_for_equal_shares():
    assert drift.psi_from_shares([50, 50], [25, 75]) == pytest.approx(0.274653, abs=1e-6)
    assert drift.psi_from_shares([1, 2, 3], [10, 20, 30]) == pytest.approx(0.0)


def test_psi_from_shares_four_bins_by_hand():
    expected, actual = [0.25, 0.25, 0.25, 0.25], [0.1, 0.2, 0.3, 0.4]
    by_hand = (-0.15 * math.log(0.4)) + (-0.05 * math.log(0.8)) + (0.05 * math.log(1.2)) + (0.15 * math.log(1.6))
    assert by_hand == pytest.approx(0.228, abs=1e-3)
    assert drift.psi_from_shares(expected, actual) == pytest.approx(by_hand)


def test_an_empty_bin_gets_eps_instead_of_an_infinite_psi():
    # e = [0.5, 0.5, 1e-4] after clipping; 0.25 ln 2 + (0.25 - 1e-4) ln(0.25 / 1e-4)
    by_hand = 0.25 * math.log(2) + (0.25 - 1e-4) * math.log(0.25 / 1e-4)
    assert drift.psi_from_shares([0.5, 0.5, 0.0], [0.5, 0.25, 0.25]) == pytest.approx(by_hand)
    assert drift.psi_from_shares([0.5, 0.5, 0.0], [0.5, 0.25, 0.25], eps=1e-3) < by_hand


def test_psi_is_symmetric():
    assert drift.psi_from_shares([0.2, 0.8], [0.6, 0.4]) == pytest.approx(drift.psi_from_shares([0.6, 0.4], [0.2, 0.8]))


def test_bin_edges_are_reference_quantiles_without_duplicates():
    assert drift.bin_edges([1, 2, 3, 4], bins=2).tolist() == [2.5]
    assert drift.bin_edges(np.arange(1, 101), bins=4).tolist() == pytest.approx([25.75, 50.5, 75.25])
    # discrete data: quantiles 1, 1.5, 2.25 (the repeated 1 collapses nothing here, but ties do below)
    assert drift.bin_edges([1, 1, 1, 1, 2, 2, 3, 4], bins=4).tolist() == pytest.approx([1.0, 1.5, 2.25])
    assert drift.bin_edges([5, 5, 5, 5, 5], bins=10).tolist() == [5.0]


def test_bin_shares_put_values_on_an_edge_to_the_right_and_outliers_in_the_outer_bins():
    assert drift.bin_shares([1, 1, 1, 1, 2, 2, 3, 4], [1.0, 1.5, 2.25]).tolist() == [0.0, 0.5, 0.25, 0.25]
    assert drift.bin_shares([-100, 0, 100], [0.0]).tolist() == pytest.approx([1 / 3, 2 / 3])


def test_psi_on_samples_by_hand():
    # reference split at its median 2.5: shares [0.5, 0.5]; current: three of four below -> [0.75, 0.25]
    assert drift.psi([1, 2, 3, 4], [1, 1, 1, 4], bins=2) == pytest.approx(0.25 * math.log(1.5) + 0.25 * math.log(2))


def test_psi_grows_with_the_shift_and_is_near_zero_without_one():
    rng = np.random.default_rng(0)
    reference = rng.normal(size=20_000)
    values = [drift.psi(reference, rng.normal(shift, 1, 20_000)) for shift in (0.0, 0.25, 0.5, 1.0)]
    assert values[0] < 0.01
    assert values == sorted(values)
    assert drift.PSI_WATCH < values[2] < drift.PSI_ALERT  # half a standard deviation: worth a look
    assert values[3] > drift.PSI_ALERT  # a whole standard deviation: a real shift


def test_psi_of_a_normal_shift_matches_the_continuous_formula():
    # for a mean shift d of a unit normal, PSI with fine bins approaches the symmetric KL divergence d**2
    rng = np.random.default_rng(1)
    value = drift.psi(rng.normal(size=400_000), rng.normal(0.3, 1, 400_000), bins=50)
    assert value == pytest.approx(0.09, abs=0.01)


# --- KS ----------------------------------------------------------------------------------------


def test_ks_statistic_by_hand():
    # ECDFs: reference reaches 0.5 at 2 while current is still 0; the largest gap is 0.5
    assert drift.ks_statistic([1, 2, 3, 4], [3, 4, 5, 6]) == 0.5
    assert drift.ks_statistic([1, 2, 3], [1, 2, 3]) == 0.0
    assert drift.ks_statistic([1, 2], [10, 20, 30]) == 1.0
    # unequal sizes: ECDF of [1, 2, 3, 4] vs [2.5]: at 2 it is 0.5 vs 0; at 4 it is 1 vs 1
    assert drift.ks_statistic([1, 2, 3, 4], [2.5]) == 0.5


def test_ks_matches_scipy_on_random_samples_with_ties():
    rng = np.random.default_rng(2)
    a, b = rng.poisson(5, 700), rng.poisson(5.4, 900)
    expected = stats.ks_2samp(a, b)
    statistic, p_value = drift.ks_test(a, b)
    assert statistic == pytest.approx(expected.statistic)
    assert p_value == pytest.approx(expected.pvalue)


def test_ks_p_value_by_hand_for_a_tiny_example():
    # n = m = 4, D = 0.5: SciPy's exact two-sided p-value
    _, p_value = drift.ks_test([1, 2, 3, 4], [3, 4, 5, 6])
    assert p_value == pytest.approx(stats.ks_2samp([1, 2, 3, 4], [3, 4, 5, 6]).pvalue)
    assert p_value > 0.05


# --- report ------------------------------------------------------------------------------------


def test_drift_report_flags_the_column_that_moved():
    rng = np.random.default_rng(3)
    reference = pd.DataFrame({"stable": rng.normal(size=5_000), "moved": rng.normal(size=5_000), "name": "x"})
    current = pd.DataFrame({"stable": rng.normal(size=5_000), "moved": rng.normal(1, 1, 5_000), "name": "y"})
    report = drift.drift_report(reference, current)
    assert list(report.index) == ["stable", "moved"]
    assert list(report.columns) == ["psi", "ks_statistic", "ks_p_value", "ks_significant", "verdict"]
    assert report.loc["stable", "verdict"] == "stable" and report.loc["moved", "verdict"] == "drift"
    assert bool(report.loc["moved", "ks_significant"]) and not bool(report.loc["stable", "ks_significant"])
    assert report.loc["moved", "psi"] == pytest.approx(drift.psi(reference["moved"], current["moved"]))
    assert drift.drift_report(reference, current, ["moved"]).index.tolist() == ["moved"]


def test_drift_report_watch_band():
    shares = drift.psi_from_shares([0.5, 0.5], [0.3, 0.7])
    assert drift.PSI_WATCH < shares < drift.PSI_ALERT
    ref = pd.DataFrame({"x": [0.0] * 50 + [1.0] * 50})
    cur = pd.DataFrame({"x": [0.0] * 30 + [1.0] * 70})
    assert drift.drift_report(ref, cur, bins=2)["verdict"].tolist() == ["watch"]


# --- validation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call, error",
    [
        (lambda: drift.psi([1, 2, float("nan")], [1, 2]), ValueError),
        (lambda: drift.psi([], [1, 2]), ValueError),
        (lambda: drift.psi([[1, 2], [3, 4]], [1, 2]), ValueError),
        (lambda: drift.psi("abc", [1, 2]), TypeError),
        (lambda: drift.psi(["a", "b"], [1, 2]), TypeError),
        (lambda: drift.psi([1, 2], [1, 2], bins=1), ValueError),
        (lambda: drift.psi([1, 2], [1, 2], bins=2.5), ValueError),
        (lambda: drift.psi_from_shares([0.5, 0.5], [1.0]), ValueError),
        (lambda: drift.psi_from_shares([0.5, -0.5], [0.5, 0.5]), ValueError),
        (lambda: drift.psi_from_shares([0, 0], [0.5, 0.5]), ValueError),
        (lambda: drift.psi_from_shares([0.5, 0.5], [0.5, 0.5], eps=0), ValueError),
        (lambda: drift.bin_shares([1, 2], [2, 1]), ValueError),
        (lambda: drift.ks_statistic([1, float("inf")], [1]), ValueError),
        (lambda: drift.drift_report([1, 2], [1, 2]), TypeError),
        (lambda: drift.drift_report(pd.DataFrame({"a": [1]}), pd.DataFrame({"a": [1]}), ["b"]), ValueError),
        (lambda: drift.drift_report(pd.DataFrame({"a": ["x"]}), pd.DataFrame({"a": ["y"]})), ValueError),
        (lambda: drift.drift_report(pd.DataFrame({"a": [1]}), pd.DataFrame({"a": [1]}), alpha=2), ValueError),
    ],
)
def test_bad_inputs_raise_errors_that_name_the_problem(call, error):
    with pytest.raises(error):
        call()
