"""Checks of chapter 1: right answers pass, wrong ones get a hint without the value (placeholders and wrong
types: test_exercises_contract.py)."""

import numpy as np
import pytest
from exercise_contract import assert_wrong_answer_hides_right

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
        assert_wrong_answer_hides_right(name, expected[name], answer)
    assert "checklist" in assert_wrong_answer_hides_right("ch01_best_fit", "b", "a").message
