"""Checks of chapter 4's exercises: right answers pass, wrong ones get a hint without the value."""

import numpy as np
import pytest

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


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("placeholder", [None, ...])
def test_placeholders_are_unanswered(name, placeholder):
    assert getattr(check, name)(placeholder).status == "unanswered"


def test_staleness_right_and_wrong():
    expected = _expected_staleness()
    assert 2.5 < expected < 3.5  # about half of the 6-hour interval
    assert check.ch04_staleness(expected)
    assert check.ch04_staleness(expected + 0.005)
    wrong = check.ch04_staleness(11.4)  # the once-a-night answer
    assert wrong.status == "incorrect" and f"{expected:.2f}" not in wrong.message and f"{expected:.1f}" not in wrong.message
    assert check.ch04_staleness(3.0).status == "incorrect"  # a guess is not the computed mean


def test_log_precision_right_and_wrong():
    expected = _expected_precision()
    assert 0.3 < expected < 0.6
    assert check.ch04_log_precision(expected)
    assert check.ch04_log_precision(np.float64(expected))
    wrong = check.ch04_log_precision(expected + 0.05)
    assert wrong.status == "incorrect" and f"{expected:.3f}" not in wrong.message and f"{expected:.2f}" not in wrong.message
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
        feedback = check.ch04_leaky_feature(wrong)
        assert feedback.status == "incorrect" and "'b'" not in feedback.message.split("options")[0]
    assert check.ch04_leaky_feature("z").status == "incorrect"


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("bad", ["three", [1, 2], {"a": 1}, True, float("nan")])
def test_wrong_types_are_incorrect_not_errors(name, bad):
    feedback = getattr(check, name)(bad)
    assert feedback.status == "incorrect"


def test_the_checks_rebuild_the_notebooks_day():
    visits = ch04._visits()
    assert len(visits) == ch04.N_VISITS and visits["customer_id"].is_unique
    assert visits["hours_since_batch"].between(0, 24).all()
    assert set(visits["churned"].unique()) <= {0, 1}
