"""Checks of chapter 1: right answers pass, wrong ones get a hint without the value, placeholders wait."""

import numpy as np
import pytest

from helpers import check
from helpers.exercises import ch01


@pytest.fixture(scope="module")
def case():
    return ch01._case()


def _sharper(case):
    flag = case["rule_flag"] & (case["X_test"]["JobLevel"].to_numpy() >= 2)
    return ch01._net_value(flag, ch01.RULE_HOURS_PER_MONTH * ch01.HOURLY_RATE)


def _break_even(case):
    rule = ch01._net_value(case["rule_flag"], ch01.RULE_HOURS_PER_MONTH * ch01.HOURLY_RATE)
    return (ch01._net_value(case["model_flag"], 0) - rule) / 12


def test_case_matches_the_notebook(case):
    # The printed numbers of the notebook: 441 held out, 114 flagged by the rule, 95 by the model.
    assert len(case["y_test"]) == 441 and case["y_test"].sum() == 71
    assert case["rule_flag"].sum() == 114 and case["model_flag"].sum() == 95
    rule = ch01._net_value(case["rule_flag"], 100)
    model = ch01._net_value(case["model_flag"], 1_200)
    assert round(rule) == 176_055 and round(model) == 316_460


def test_right_answers_are_correct(case):
    assert check.ch01_best_fit("b")
    assert check.ch01_best_fit(" B ")
    assert check.ch01_sharper_rule(_sharper(case))
    assert check.ch01_break_even(_break_even(case))
    assert check.ch01_break_even(np.float64(_break_even(case) + 0.5))


@pytest.mark.parametrize("name", ["ch01_best_fit", "ch01_sharper_rule", "ch01_break_even"])
@pytest.mark.parametrize("placeholder", [None, ...])
def test_placeholders_are_unanswered(name, placeholder):
    assert getattr(check, name)(placeholder).status == "unanswered"


def test_wrong_answers_get_a_hint_not_the_value(case):
    expected = {
        "ch01_sharper_rule": _sharper(case),
        "ch01_break_even": _break_even(case),
    }
    wrong = {
        "ch01_sharper_rule": expected["ch01_sharper_rule"] + 1_200,  # forgot the running cost
        "ch01_break_even": expected["ch01_break_even"] * 12,  # a yearly amount
    }
    for name, answer in wrong.items():
        feedback = getattr(check, name)(answer)
        assert feedback.status == "incorrect"
        value = expected[name]
        for shown in (f"{value:.0f}", f"{value:,.0f}", f"{value:.2f}"):
            assert shown not in feedback.message
    feedback = check.ch01_best_fit("a")
    assert feedback.status == "incorrect" and "'b'" not in feedback.message and "checklist" in feedback.message


@pytest.mark.parametrize("name", ["ch01_best_fit", "ch01_sharper_rule", "ch01_break_even"])
@pytest.mark.parametrize("answer", [[1, 2], {"a": 1}, True, "x", float("nan")])
def test_wrong_types_are_feedback_not_exceptions(name, answer):
    assert getattr(check, name)(answer).status == "incorrect"
