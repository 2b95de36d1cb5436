"""The exercise checks of case study 9 (helpers/exercises/cs09.py).

The right answers are recomputed here from the raw Kickstarter sample with plain numpy masks, written
independently of the check module's cleaning code (same rules as case_studies/09_kickstarter_without_ml.ipynb).
"""

from __future__ import annotations

import numpy as np
import pytest
from exercise_contract import assert_wrong_answer_hides_right

from helpers import check
from helpers.data import load_kickstarter

NAMES = ["cs09_best_duration", "cs09_spike_ratio", "cs09_tech_small_goal", "cs09_zero_backers_failed"]


@pytest.fixture(scope="module")
def clean():
    ks = load_kickstarter(verbose=False)
    state = ks["state"].astype(str).to_numpy()
    keep = np.isin(state, ["successful", "failed", "canceled"]) & (ks["launched"].dt.year.to_numpy() >= 2009)
    return ks[keep].reset_index(drop=True)


@pytest.fixture(scope="module")
def answers(clean) -> dict[str, tuple[object, object]]:
    """For each exercise: (a right answer, a wrong answer)."""
    funded = (clean["state"].astype(str) == "successful").to_numpy()
    goal = clean["usd_goal_real"].to_numpy()
    pledged = clean["usd_pledged_real"].to_numpy()
    achievement = pledged / goal

    tech = (clean["main_category"].astype(str) == "Technology").to_numpy() & (goal < 5000)
    tech_rate = float(funded[tech].sum() / tech.sum())

    above = np.count_nonzero((achievement >= 1.0) & (achievement < 1.1))
    below = np.count_nonzero((achievement >= 0.9) & (achievement < 1.0))
    spike = above / below

    zero = float(np.mean(clean["backers"].to_numpy()[~funded] == 0))

    days = (clean["deadline"] - clean["launched"].dt.floor("D")).dt.days.to_numpy()
    edges = [(1, 15, "1-14"), (15, 30, "15-29"), (30, 31, "30"), (31, 45, "31-44"), (45, 60, "45-59"),
             (60, 61, "60"), (61, 100, "61+")]
    rates = {label: funded[(days >= lo) & (days < hi)].mean() for lo, hi, label in edges
             if np.count_nonzero((days >= lo) & (days < hi)) >= 100}
    best = max(rates, key=rates.get)
    worst = min(rates, key=rates.get)

    return {
        "cs09_tech_small_goal": (tech_rate, tech_rate + 0.03),
        "cs09_spike_ratio": (spike, spike * 0.5),
        "cs09_zero_backers_failed": (zero, zero + 0.05),
        "cs09_best_duration": (best, worst),
    }


def test_every_exercise_is_registered():
    assert check.exercises("cs09") == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_right_answer_is_correct(name, answers):
    right, _ = answers[name]
    feedback = getattr(check, name)(right)
    assert feedback.status == "correct", feedback


@pytest.mark.parametrize("name", NAMES)
def test_wrong_answer_is_incorrect_without_revealing_the_value(name, answers):
    right, wrong = answers[name]
    assert_wrong_answer_hides_right(name, right, wrong)


def test_friendly_messages_for_near_misses(answers):
    tech, _ = answers["cs09_tech_small_goal"]
    assert "percentage" in check.cs09_tech_small_goal(100 * tech).message
    zero, _ = answers["cs09_zero_backers_failed"]
    assert "percentage" in check.cs09_zero_backers_failed(100 * zero).message
    spike, _ = answers["cs09_spike_ratio"]
    assert "other way round" in check.cs09_spike_ratio(1 / spike).message


def test_best_duration_wants_a_label(answers):
    best, _ = answers["cs09_best_duration"]
    assert check.cs09_best_duration(f" {best} ").status == "correct"
    assert "as a string" in check.cs09_best_duration(14).message
    assert "not one of the options" in check.cs09_best_duration("two weeks").message
