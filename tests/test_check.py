"""helpers.check: verdicts, placeholders, registry and the comparison building blocks."""

import pytest

from helpers import check
from helpers.check import Feedback, compare_choice, compare_number, compare_numbers, exercise, run


@exercise("ch99_demo")
def _demo(answer):
    return compare_number(answer, expected=0.25, tol=1e-3, hint="Divide the positives by the total.")


def test_correct_answer_is_truthy_and_says_so():
    feedback = check.ch99_demo(0.25)
    assert feedback and feedback.status == "correct"
    assert repr(feedback).startswith("✅ Correct (ch99_demo)")


def test_wrong_answer_gives_the_hint_not_the_value():
    feedback = check.ch99_demo(0.5)
    assert not feedback and feedback.status == "incorrect"
    assert "Divide the positives" in feedback.message
    assert "0.25" not in repr(feedback)


@pytest.mark.parametrize("placeholder", [None, ...])
def test_placeholders_are_unanswered_not_errors(placeholder):
    feedback = check.ch99_demo(placeholder)
    assert feedback.status == "unanswered" and not feedback
    assert "Not answered yet" in repr(feedback)


@pytest.mark.parametrize("answer", ["a quarter", [0.25, 0.5], True, float("nan"), float("inf")])
def test_wrong_types_are_feedback_not_exceptions(answer):
    feedback = check.ch99_demo(answer)
    assert feedback.status == "incorrect"


def test_unknown_exercise_is_a_clear_attribute_error():
    with pytest.raises(AttributeError, match="no exercise check called 'ch03_nope'"):
        check.ch03_nope(1)
    assert not hasattr(check, "ch03_nope")


def test_every_chapter_module_is_discovered():
    names = check.exercises()
    assert "ch99_demo" in names
    assert all(name[:2] in {"ch", "cs"} for name in names)


@pytest.mark.parametrize("name", ["precision", "CH03_x", "ch3_x", "ch03-x", 3])
def test_exercise_names_are_validated(name):
    with pytest.raises(ValueError, match="must look like"):
        exercise(name)


def test_duplicate_registration_is_refused():
    with pytest.raises(ValueError, match="already registered"):
        exercise("ch99_demo")(lambda answer: ("correct", ""))


def test_run_validates_its_name_argument():
    with pytest.raises(TypeError, match="must be a string"):
        run(3, 1)
    with pytest.raises(TypeError):
        check.exercises(3)


def test_compare_choice_ignores_case_and_space_and_rejects_unknown_options():
    assert compare_choice(" Recall ", "recall", ["precision", "recall"])[0] == "correct"
    assert compare_choice("precision", "recall", ["precision", "recall"], hint="h") == ("incorrect", "h")
    status, message = compare_choice("auc", "recall", ["precision", "recall"])
    assert status == "incorrect" and "not one of the options" in message
    assert compare_choice(1, "recall", ["recall"])[0] == "incorrect"


def test_compare_numbers_checks_length_and_values():
    assert compare_numbers([1, 2.0000001], [1, 2], tol=1e-5)[0] == "correct"
    assert "expected 2 numbers, got 3" in compare_numbers([1, 2, 3], [1, 2])[1]
    assert compare_numbers([1, 3], [1, 2])[0] == "incorrect"
    assert compare_numbers("12", [1, 2])[0] == "incorrect"
    assert compare_numbers(None, [1, 2])[0] == "incorrect"


def test_feedback_repr_per_status():
    assert repr(Feedback("ch99_x", "incorrect", "hint")) == "❌ Not yet (ch99_x): hint"
