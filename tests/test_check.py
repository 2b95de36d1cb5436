"""helpers.check: verdicts, placeholders, registry and the comparison building blocks."""

import json

import numpy as np
import pandas as pd
import pytest

from helpers import check, i18n
from helpers.check import (
    Feedback,
    as_number,
    compare_choice,
    compare_number,
    compare_numbers,
    context_names,
    exercise,
    kind,
    percent_hint,
    run,
    unjudged,
)


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


@pytest.mark.parametrize(
    ("answer", "expected"),
    [(0.25, 0.25), (3, 3.0), ("0.5", 0.5), (True, None), (False, None), ("a quarter", None), ([0.25], None), (None, None)],
)
def test_as_number_reads_single_numbers_but_not_booleans(answer, expected):
    assert as_number(answer) == expected


def test_as_number_keeps_nan_and_infinity_for_the_caller_to_judge():
    assert as_number(float("inf")) == float("inf")
    value = as_number(float("nan"))
    assert value is not None and value != value


def test_percent_hint_wording():
    assert percent_hint("share") == "almost: that looks like a percentage; give the share as a number between 0 and 1."
    points = percent_hint("difference", points=True)
    assert points == "almost: that looks like percentage points; give the difference as a number such as 0.004."


SHARE_HINT = percent_hint("share")


@pytest.mark.parametrize("answer", [25, 25.05, "25", 24.95])
def test_compare_number_with_percent_spots_answers_in_percent(answer):
    assert compare_number(answer, 0.25, tol=1e-3, hint="h", percent=SHARE_HINT) == ("incorrect", SHARE_HINT)


def test_compare_number_with_percent_still_accepts_the_right_answer():
    assert compare_number(0.25, 0.25, tol=1e-3, hint="h", percent=SHARE_HINT) == ("correct", "that is right.")
    assert compare_number(0.2505, 0.25, tol=1e-3, percent=SHARE_HINT, praise="yes")[0] == "correct"


@pytest.mark.parametrize("answer", [26, 0.5, 2.5, 250, -25, float("inf"), float("nan"), True, "abc"])
def test_compare_number_with_percent_gives_the_usual_feedback_otherwise(answer):
    status, message = compare_number(answer, 0.25, tol=1e-3, hint="h", percent=SHARE_HINT)
    assert status == "incorrect" and message != SHARE_HINT


def test_compare_number_percent_is_off_by_default():
    assert compare_number(25, 0.25, tol=1e-3, hint="h") == ("incorrect", "h")
    assert compare_number(25, 0.25, tol=1e-3) == ("incorrect", "not the value we expected; re-read the exercise.")


def test_compare_number_prefers_correct_when_both_readings_fit():
    # near 0 an answer can be within tol both as it is and divided by 100: it is simply right
    assert compare_number(0.001, 0.0, tol=0.01, percent=SHARE_HINT)[0] == "correct"


def test_compare_number_percent_works_for_negative_differences_in_points():
    points = percent_hint("difference", points=True)
    assert compare_number(-1.5, -0.015, tol=5e-4, percent=points) == ("incorrect", points)
    assert compare_number(1.5, -0.015, tol=5e-4, percent=points, hint="h") == ("incorrect", "h")


@exercise("ch99_percent_demo")
def _percent_demo(answer):
    return compare_number(answer, 0.4, tol=0.005, hint="Divide.", percent=percent_hint("share"))


def test_check_with_percent_reaches_the_learner():
    assert check.ch99_percent_demo(40).message == SHARE_HINT
    assert check.ch99_percent_demo(0.4)
    assert check.ch99_percent_demo(0.6).message == "Divide."


# --- checks that judge the learner's own data ----------------------------------------------------


@exercise("ch99_mean_of_data")
def _mean_of_data(answer, *, values, scale=1.0):
    if len(values) == 0:
        return unjudged("with no values there is no mean to compute; keep N_VALUES above 0.")
    expected = scale * sum(values) / len(values)
    return compare_number(answer, expected, tol=1e-9, hint="Add the values, divide by how many there are.",
                          mistakes=[(scale * sum(values), "That is the sum; divide it by the number of values.")])


@pytest.mark.parametrize("values", [[1, 2, 3], [10, 20], [0.5]])
def test_a_check_computes_its_answer_from_the_data_it_is_given(values):
    right = sum(values) / len(values)
    assert check.ch99_mean_of_data(right, values=values)
    assert check.ch99_mean_of_data(2 * right, values=values, scale=2)
    assert not check.ch99_mean_of_data(right + 1, values=values)


def test_a_likely_mistake_gets_its_own_hint():
    feedback = check.ch99_mean_of_data(6, values=[1, 2, 3])
    assert feedback.status == "incorrect" and feedback.message == "That is the sum; divide it by the number of values."


def test_a_mistake_that_equals_the_right_answer_in_this_data_is_ignored():
    assert check.ch99_mean_of_data(5, values=[5])  # one value: its sum is its mean


def test_a_setting_the_check_cannot_judge_says_so():
    feedback = check.ch99_mean_of_data(0, values=[])
    assert feedback.status == "unjudged" and not feedback
    assert "Cannot judge" in repr(feedback) and "N_VALUES" in feedback.message


def test_a_call_without_the_lessons_data_is_a_clear_type_error():
    with pytest.raises(TypeError, match=r"call it as check.ch99_mean_of_data\(answer, values=values, scale=scale\)"):
        check.ch99_mean_of_data(2)
    with pytest.raises(TypeError, match="got valeus besides the answer"):
        check.ch99_mean_of_data(2, valeus=[1, 2, 3])
    assert check.ch99_mean_of_data(None).status == "unanswered", "a placeholder needs no data"


def test_context_names_and_kind():
    assert context_names("ch99_mean_of_data") == ("values", "scale")
    assert kind("ch99_mean_of_data") == "code"
    exercise("ch99_pick", kind="choice")(lambda answer: compare_choice(answer, "a", ["a", "b"]))
    assert kind("ch99_pick") == "choice"
    with pytest.raises(ValueError, match="kind must be one of"):
        exercise("ch99_bad_kind", kind="essay")


def test_compare_number_never_lets_a_known_mistake_pass_within_tolerance():
    # the right answer 66.75 and the mistake 66.71 are closer than the tolerance 0.05
    mistakes = [(66.71, "you used the test set's median")]
    assert compare_number(66.71, 66.75, tol=0.05, mistakes=mistakes) == ("incorrect", "you used the test set's median")
    assert compare_number(66.75, 66.75, tol=0.05, mistakes=mistakes)[0] == "correct"
    assert compare_number(66.74, 66.75, tol=0.05, mistakes=mistakes)[0] == "correct"


def test_every_verdict_is_recorded_in_the_progress_file(tmp_path, monkeypatch):
    record = tmp_path / "progress.jsonl"
    monkeypatch.setenv("ML_AT_WORK_PROGRESS", str(record))
    check.ch99_demo(0.5)
    check.ch99_demo(0.25)
    check.ch99_demo(None)  # unanswered: nothing to record
    check.ch99_mean_of_data(0, values=[])  # unjudged: nothing to record
    lines = [json.loads(line) for line in record.read_text().splitlines()]
    assert [(r["exercise"], r["correct"]) for r in lines] == [("ch99_demo", False), ("ch99_demo", True)]


def test_a_check_still_answers_when_the_record_cannot_be_written(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("ML_AT_WORK_PROGRESS", str(blocker / "progress.jsonl"))  # parent is a file
    assert check.ch99_demo(0.25)


def test_feedback_speaks_the_current_language(monkeypatch):
    monkeypatch.setattr(i18n, "_current", None)
    monkeypatch.setenv("ML_AT_WORK_LANG", "en")
    assert repr(check.ch99_demo(None)).startswith("✏️ Not answered yet")


def test_as_numbers_accepts_sequences_of_finite_numbers_only():
    from helpers.check import as_numbers

    assert as_numbers(np.array([0.25, 0.5])) == [0.25, 0.5]
    assert as_numbers(pd.Series([1, 2]), 2) == [1.0, 2.0]
    for bad in ("0.1", b"1", {"low": 1}, 0.1, None, [0.1, "x"], [0.1, float("inf")], [True, 0.2]):
        assert as_numbers(bad) is None, bad
    assert as_numbers([0.1, 0.2, 0.3], 2) is None


def test_lesson_array_names_the_argument_and_the_fix():
    from helpers.check import lesson_array

    assert lesson_array(pd.Series([1, 2, 3]), "y", min_size=3).tolist() == [1.0, 2.0, 3.0]
    with pytest.raises(TypeError, match="y must be the lesson's `y`, an array of numbers, not dict"):
        lesson_array({"a": 1}, "y")
    with pytest.raises(TypeError, match="array of numbers"):
        lesson_array(["a", "b"], "y")
    with pytest.raises(ValueError, match="at least 10 numbers"):
        lesson_array([1.0, 2.0], "y", min_size=10)
    with pytest.raises(ValueError, match="one-dimensional"):
        lesson_array([[1.0, 2.0]], "y")
    with pytest.raises(ValueError, match="NaN or infinite"):
        lesson_array([1.0, float("nan")], "y")
    with pytest.raises(ValueError, match=r"within \[0, 1\]"):
        lesson_array([0.5, 1.5], "p", low=0, high=1)
    with pytest.raises(ValueError, match="whole numbers"):
        lesson_array([1.0, 2.5], "clicks", integer=True)
