"""Checks of chapter 4's exercises: right answers pass, wrong ones get a hint without the value."""

import numpy as np
from exercise_contract import assert_wrong_answer_hides_right

from helpers import check
from helpers.exercises import ch04
from helpers.mlops import FEATURES

NAMES = ["ch04_staleness", "ch04_log_precision", "ch04_leaky_feature"]


def _expected_staleness():
    return float((ch04._visits()["hours_since_batch"] % 6).mean())


def _expected_precision():
    visits = ch04._visits()
    proba = ch04._model().predict_proba(visits[list(FEATURES)])[:, 1]
    known = np.random.default_rng(ch04.SEED + 3).random(ch04.N_VISITS) >= ch04.MISSING_OUTCOMES
    return float(visits.loc[(proba >= ch04.OFFER_THRESHOLD) & known, "churned"].mean())


def test_all_checks_are_registered():
    assert check.exercises("ch04") == sorted(NAMES)


def test_staleness_right_and_wrong():
    expected = _expected_staleness()
    assert 2.5 < expected < 3.5  # about half of the 6-hour interval
    assert check.ch04_staleness(expected)
    assert check.ch04_staleness(expected + 0.005)
    assert_wrong_answer_hides_right("ch04_staleness", expected, 11.4)  # the once-a-night answer
    assert check.ch04_staleness(3.0).status == "incorrect"  # a guess is not the computed mean


def test_log_precision_right_and_wrong():
    expected = _expected_precision()
    assert 0.3 < expected < 0.6
    assert check.ch04_log_precision(expected)
    assert check.ch04_log_precision(np.float64(expected))
    assert_wrong_answer_hides_right("ch04_log_precision", expected, expected + 0.05)
    percent = check.ch04_log_precision(expected * 100)
    assert percent.status == "incorrect" and "percentage" in percent.message


def test_log_precision_ignores_the_visits_without_an_outcome():
    visits = ch04._visits()
    proba = ch04._model().predict_proba(visits[list(FEATURES)])[:, 1]
    all_flagged = float(visits.loc[proba >= ch04.OFFER_THRESHOLD, "churned"].mean())
    if abs(all_flagged - _expected_precision()) > 0.005:
        assert check.ch04_log_precision(all_flagged).status == "incorrect"


def test_leaky_feature_right_and_wrong():
    assert check.ch04_leaky_feature("b")
    assert check.ch04_leaky_feature(" B ")
    for wrong in ["a", "c", "d"]:
        assert_wrong_answer_hides_right("ch04_leaky_feature", "b", wrong)
    assert check.ch04_leaky_feature("z").status == "incorrect"


def test_the_checks_rebuild_the_notebooks_day():
    visits = ch04._visits()
    assert len(visits) == ch04.N_VISITS and visits["customer_id"].is_unique
    assert visits["hours_since_batch"].between(0, 24).all()
    assert set(visits["churned"].unique()) <= {0, 1}
