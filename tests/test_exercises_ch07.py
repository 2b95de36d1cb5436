"""The exercise checks of chapter 7 (helpers/exercises/ch07.py).

The right answers are recomputed here independently, with SciPy and statsmodels where the checks
count by hand and the other way round, from the inputs stated in chapters/07_effect_verification.ipynb.
"""

from __future__ import annotations

import numpy as np
import pytest
from exercise_contract import assert_wrong_answer_hides_right
from scipy import stats
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_effectsize

from helpers import check

NAMES = ["ch07_coin_pvalue", "ch07_did_window", "ch07_retention_ci", "ch07_sample_size", "ch07_srm_pvalue"]


def _did_window() -> float:
    from causaldata import organ_donations

    df = organ_donations.load_pandas().data
    df = df[df["Quarter"].isin(["Q22011", "Q32011"])]
    means = df.assign(california=df["State"] == "California").groupby(["california", "Quarter"])["Rate"].mean()
    return float(
        (means[(True, "Q32011")] - means[(True, "Q22011")]) - (means[(False, "Q32011")] - means[(False, "Q22011")])
    )


@pytest.fixture(scope="module")
def answers() -> dict[str, tuple[object, object]]:
    """For each exercise: (a right answer, a wrong answer)."""
    coin = float(stats.binomtest(32, 50, 0.5).pvalue)
    low, high = confint_proportions_2indep(620, 2_900, 400, 2_050, method="wald", compare="diff")
    n = float(np.ceil(NormalIndPower().solve_power(effect_size=proportion_effectsize(0.11, 0.10), alpha=0.05, power=0.8)))
    srm = float(stats.chisquare([20_105, 10_210, 9_685], f_exp=[20_000, 10_000, 10_000]).pvalue)
    did = _did_window()
    return {
        "ch07_coin_pvalue": (coin, coin + 0.02),
        "ch07_retention_ci": ((float(low), float(high)), (float(low) - 0.01, float(high) + 0.01)),
        "ch07_sample_size": (n, 3_780.0),
        "ch07_srm_pvalue": (srm, 0.05),
        "ch07_did_window": (did, -0.0225),
    }


def test_the_chapter_has_these_exercises():
    assert check.exercises("ch07") == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_right_answer_is_correct(name, answers):
    right, _ = answers[name]
    feedback = getattr(check, name)(right)
    assert feedback.status == "correct", feedback
    assert feedback


@pytest.mark.parametrize("name", NAMES)
def test_right_answer_as_numpy_is_correct(name, answers):
    right, _ = answers[name]
    assert getattr(check, name)(np.asarray(right, dtype=float) if isinstance(right, tuple) else np.float64(right)).status == "correct"


@pytest.mark.parametrize("name", NAMES)
def test_wrong_answer_is_incorrect_without_giving_it_away(name, answers):
    right, wrong = answers[name]
    assert_wrong_answer_hides_right(name, right, wrong)


def test_coin_one_sided_answer_gets_a_specific_hint():
    feedback = check.ch07_coin_pvalue(stats.binomtest(32, 50, alternative="greater").pvalue)
    assert feedback.status == "incorrect" and "one-sided" in feedback.message


def test_coin_accepts_enumeration_by_hand():
    from math import comb

    pmf = np.array([comb(50, k) for k in range(51)]) / 2**50
    assert check.ch07_coin_pvalue(pmf[pmf <= pmf[32]].sum()).status == "correct"


def test_retention_interval_reversed_or_in_percent_gets_a_specific_hint(answers):
    (low, high), _ = answers["ch07_retention_ci"]
    reversed_feedback = check.ch07_retention_ci((-high, -low))
    assert reversed_feedback.status == "incorrect" and "A - B" in reversed_feedback.message
    percent_feedback = check.ch07_retention_ci((100 * low, 100 * high))
    assert percent_feedback.status == "incorrect" and "percentage points" in percent_feedback.message


def test_retention_interval_accepts_the_helper():
    from helpers.stats import diff_confint

    assert check.ch07_retention_ci(diff_confint(400, 2_050, 620, 2_900)).status == "correct"


@pytest.mark.parametrize("method", ["pooled", "arcsine"])
@pytest.mark.parametrize("round_up", [True, False])
def test_sample_size_accepts_the_usual_formulas(method, round_up):
    from helpers.stats import sample_size_two_proportions

    n = sample_size_two_proportions(0.10, 0.11, method=method, round_up=round_up)
    assert check.ch07_sample_size(n).status == "correct"
    unpooled = (stats.norm.ppf(0.975) + stats.norm.ppf(0.8)) ** 2 * (0.1 * 0.9 + 0.11 * 0.89) / 0.01**2
    assert check.ch07_sample_size(unpooled).status == "correct"


def test_sample_size_for_both_groups_gets_a_specific_hint():
    from helpers.stats import sample_size_two_proportions

    feedback = check.ch07_sample_size(2 * sample_size_two_proportions(0.10, 0.11))
    assert feedback.status == "incorrect" and "both groups" in feedback.message


def test_srm_with_equal_shares_gets_a_specific_hint():
    feedback = check.ch07_srm_pvalue(stats.chisquare([20_105, 10_210, 9_685]).pvalue)
    assert feedback.status == "incorrect" and "50%, 25% and 25%" in feedback.message


def test_did_window_sign_and_percent_get_specific_hints():
    did = _did_window()
    assert "sign" in check.ch07_did_window(-did).message
    assert "percentage points" in check.ch07_did_window(100 * did).message
