"""Exercise checks of chapter 5: right answers pass, wrong ones get a hint without the value."""

import numpy as np
import pytest
from exercise_contract import assert_wrong_answer_hides_right

from helpers import check
from helpers.agreement import cohen_kappa, majority_vote
from helpers.exercises import ch05


def crowd():
    """The notebook's crowd, rebuilt from its parameters (what the checks must agree with)."""
    rng_crowd = np.random.default_rng(ch05.SEED).spawn(3)[1]
    truth = (rng_crowd.random(ch05.N_CROWD_ITEMS) < ch05.SPAM_SHARE).astype(int)
    p_correct = np.where(truth[:, None] == 1, np.array(ch05.SENSITIVITY), np.array(ch05.SPECIFICITY))
    labels = np.where(rng_crowd.random(p_correct.shape) < p_correct, truth[:, None], 1 - truth[:, None])
    return truth, labels


# --- ch05_source ----------------------------------------------------------------------------------


def test_source_right_answer_in_any_case():
    assert check.ch05_source("crowd")
    assert check.ch05_source("  Crowd ")
    assert "accuracy limit" in check.ch05_source("crowd").message  # the praise states the lesson


def test_source_wrong_answers_get_the_method_not_the_answer():
    feedback = assert_wrong_answer_hides_right("ch05_source", "crowd", "pretrained model")
    assert "accuracy" in feedback.message
    assert check.ch05_source("a robot").status == "incorrect"


@pytest.mark.parametrize("answer", [3, ["crowd"], 0.9])
def test_source_wrong_types_are_feedback(answer):
    assert check.ch05_source(answer).status == "incorrect"


# --- ch05_kappa -----------------------------------------------------------------------------------


def test_kappa_right_answer_by_hand_and_by_library():
    _, labels = crowd()
    a, d = labels[:, 0], labels[:, 3]
    p_o = (a == d).mean()
    p_e = a.mean() * d.mean() + (1 - a.mean()) * (1 - d.mean())
    assert check.ch05_kappa((p_o - p_e) / (1 - p_e))
    assert check.ch05_kappa(cohen_kappa(a, d))
    assert "by chance" in check.ch05_kappa(cohen_kappa(a, d)).message


def test_kappa_raw_agreement_is_wrong_and_the_hint_says_why():
    _, labels = crowd()
    raw = float((labels[:, 0] == labels[:, 3]).mean())
    feedback = check.ch05_kappa(raw)
    assert feedback.status == "incorrect" and "raw agreement" in feedback.message
    expected = cohen_kappa(labels[:, 0], labels[:, 3])
    assert_wrong_answer_hides_right("ch05_kappa", expected, expected + 0.05)


# --- ch05_best_three ------------------------------------------------------------------------------


def test_best_three_right_answer():
    truth, labels = crowd()
    accuracy = (majority_vote(labels[:, :3]) == truth).mean()
    assert check.ch05_best_three(accuracy)
    assert check.ch05_best_three(float(accuracy))
    assert "all five" in check.ch05_best_three(accuracy).message


def test_best_three_majority_of_five_is_wrong():
    truth, labels = crowd()
    expected = (majority_vote(labels[:, :3]) == truth).mean()
    assert_wrong_answer_hides_right("ch05_best_three", expected, (majority_vote(labels) == truth).mean())


# --- ch05_margin ----------------------------------------------------------------------------------


def test_margin_right_and_wrong_answers():
    expected = ch05._margin_labels_needed()
    assert expected % ch05.AL_BATCH == 0  # a labelled-set size the loop can reach
    assert check.ch05_margin(expected)
    assert check.ch05_margin(int(expected))
    assert "least confidence" in check.ch05_margin(expected).message
    feedback = assert_wrong_answer_hides_right("ch05_margin", expected, expected + ch05.AL_BATCH)
    assert "median" in feedback.message


# --- every check ----------------------------------------------------------------------------------

NAMES = ["ch05_source", "ch05_kappa", "ch05_best_three", "ch05_margin"]


def test_the_chapter_registers_its_checks():
    assert check.exercises("ch05") == sorted(NAMES)
