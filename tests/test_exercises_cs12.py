"""The exercise checks of case study 12 (helpers/exercises/cs12.py).

The right answers are recomputed here independently, from the same inputs as
case_studies/12_online_advertising.ipynb (the Open Bandit click rate from the real file).
"""

from __future__ import annotations

import numpy as np
import pytest
from exercise_contract import assert_wrong_answer_hides_right
from scipy.stats import norm

from helpers import check
from helpers.ads import auction_outcome, highest_competing_bids, simulate_impressions
from helpers.data import load_open_bandit

NAMES = ["cs12_downsampling", "cs12_ecpm", "cs12_impressions_needed", "cs12_shading"]
SHADES = np.round(np.arange(0.3, 1.001, 0.05), 2)


def _first_price_surplus(n_competitors: int) -> dict[float, float]:
    """Surplus per shade with the true CTRs as values, written out by hand."""
    log = simulate_impressions(300_000, seed=42)
    p_true = log["p_click"].to_numpy()[225_000:]
    competing = highest_competing_bids(p_true.size, n_competitors, median=0.015, sigma=0.5, seed=42)
    out = {}
    for shade in SHADES:
        bids = shade * p_true
        won = bids > competing
        assert np.array_equal(won, auction_outcome(bids, competing, kind="first")[0])
        out[float(shade)] = float(np.sum(p_true[won] - bids[won]))
    return out


@pytest.fixture(scope="module")
def surplus() -> dict[int, dict[float, float]]:
    return {n: _first_price_surplus(n) for n in (2, 20)}


@pytest.fixture(scope="module")
def answers(surplus) -> dict[str, tuple[object, object]]:
    """For each exercise: (a right answer, a wrong answer)."""
    obd = load_open_bandit("random", verbose=False)
    p = obd["click"].mean()
    needed = norm.ppf(0.975) ** 2 * (1 - p) / (0.1**2 * p)
    odds = 0.2 / 0.8 * 0.05  # the learned odds, multiplied back by the kept share
    best = tuple(max(surplus[n], key=surplus[n].get) for n in (2, 20))
    worst = tuple(min(surplus[n], key=surplus[n].get) for n in (2, 20))
    assert best[0] < best[1]  # more competitors: shade less
    return {
        "cs12_ecpm": (18.0, 12.0),
        "cs12_downsampling": (odds / (1 + odds), 0.2 * 0.05),
        "cs12_impressions_needed": (needed, needed / 10),
        "cs12_shading": (best, worst),
    }


def test_the_case_study_has_these_exercises():
    assert check.exercises("cs12") == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_right_answer_is_correct(name, answers):
    right, _ = answers[name]
    feedback = getattr(check, name)(right)
    assert feedback.status == "correct", feedback
    assert feedback
    as_numpy = np.array(right) if isinstance(right, tuple) else np.float64(right)
    assert getattr(check, name)(as_numpy).status == "correct"


@pytest.mark.parametrize("name", NAMES)
def test_wrong_answer_is_incorrect_without_giving_it_away(name, answers):
    right, wrong = answers[name]
    assert_wrong_answer_hides_right(name, right, wrong)


def test_ecpm_per_impression_gets_a_specific_hint():
    feedback = check.cs12_ecpm(0.018)
    assert feedback.status == "incorrect" and "1,000" in feedback.message


def test_downsampling_in_percent_gets_a_specific_hint(answers):
    right, _ = answers["cs12_downsampling"]
    feedback = check.cs12_downsampling(100 * right)
    assert feedback.status == "incorrect" and "percentage" in feedback.message


def test_impressions_needed_accepts_rounded_z_values(answers):
    right, _ = answers["cs12_impressions_needed"]
    assert check.cs12_impressions_needed(round(right)).status == "correct"
    assert check.cs12_impressions_needed(right * 1.96**2 / norm.ppf(0.975) ** 2).status == "correct"
    assert check.cs12_impressions_needed(2 * right).status == "incorrect"


def test_shading_judges_each_shade_by_its_surplus(surplus):
    best = {n: max(surplus[n], key=surplus[n].get) for n in (2, 20)}
    for shade, value in surplus[2].items():
        expected = "correct" if value >= surplus[2][best[2]] - 1e-9 else "incorrect"
        assert check.cs12_shading([shade, best[20]]).status == expected, shade
    feedback = check.cs12_shading([best[2], 0.3])
    assert feedback.status == "incorrect" and "20 competitors" in feedback.message and "2 competitors" not in feedback.message
    feedback = check.cs12_shading((best[20], best[2]))  # swapped
    assert feedback.status == "incorrect"
    assert (best[2], best[20]) != (0.5, 0.6) and check.cs12_shading([0.5, 0.6]).status == "incorrect"
    for outside in ([0, best[20]], [best[2], 1.5]):
        feedback = check.cs12_shading(outside)
        assert feedback.status == "incorrect" and "(0, 1]" in feedback.message
    for malformed in ([best[2]], [best[2], best[20], 0.5], [best[2], "x"]):
        assert check.cs12_shading(malformed).status == "incorrect"
