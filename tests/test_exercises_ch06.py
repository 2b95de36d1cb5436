"""Checks of chapter 6's exercises: right answers pass, wrong ones get a hint without the value."""

import numpy as np
import pytest
from exercise_contract import assert_wrong_answer_hides_right

from helpers import check, drift
from helpers.exercises import ch06
from helpers.mlops import FEATURES, TARGET, make_model

NAMES = ["ch06_psi", "ch06_alarm_week", "ch06_skew_psi"]


def test_all_checks_are_registered():
    assert check.exercises("ch06") == sorted(NAMES)


def test_psi_by_hand():
    e, a = np.array([0.25] * 4), np.array([0.10, 0.20, 0.30, 0.40])
    expected = float(np.sum((a - e) * np.log(a / e)))
    assert expected == pytest.approx(0.2282, abs=1e-4)
    assert check.ch06_psi(expected)
    assert check.ch06_psi(drift.psi_from_shares(e, a))
    for wrong in [0.0, 0.1, float(np.sum(np.abs(a - e))), float(np.sum((a - e) * np.log(e / a)))]:
        assert_wrong_answer_hides_right("ch06_psi", expected, wrong)


def _first_warning_week_independently():
    year = ch06._year()
    traffic = year[~year["gold"]]
    training = traffic[traffic["week"].between(-12, -5)]
    model = make_model(C=1.0).fit(training[list(FEATURES)], training[TARGET])
    reference = model.predict_proba(training[list(FEATURES)])[:, 1]
    for week in range(52):
        rows = traffic[traffic["week"] == week]
        if drift.psi(reference, model.predict_proba(rows[list(FEATURES)])[:, 1]) > 0.1:
            return week
    return None


def test_alarm_week_right_and_wrong():
    expected = _first_warning_week_independently()
    assert expected is not None and expected > 30  # concept drift at week 30 does not move the predictions
    assert expected == ch06._first_warning_week()
    assert check.ch06_alarm_week(expected)
    assert check.ch06_alarm_week(float(expected))
    assert check.ch06_alarm_week(np.int64(expected))
    assert "still below" in assert_wrong_answer_hides_right("ch06_alarm_week", expected, 30).message
    assert_wrong_answer_hides_right("ch06_alarm_week", expected, 51 if expected < 51 else expected - 1)
    assert check.ch06_alarm_week(12.5).status == "incorrect"
    assert check.ch06_alarm_week(60).status == "incorrect"


def test_skew_psi_right_and_wrong():
    year = ch06._year()
    traffic = year[~year["gold"]]
    training = traffic[traffic["week"].between(32, 39)].copy()
    training["monthly_spend"] *= 100
    served = traffic[traffic["week"] == 44]
    values = {f: drift.psi(training[f], served[f]) for f in FEATURES}
    assert max(values, key=values.get) == "monthly_spend"
    expected = max(values.values())
    assert check.ch06_skew_psi(expected)
    assert check.ch06_skew_psi(round(expected, 2))
    assert_wrong_answer_hides_right("ch06_skew_psi", expected, values["logins_last_30d"])
    name = check.ch06_skew_psi("monthly_spend")
    assert name.status == "incorrect"
