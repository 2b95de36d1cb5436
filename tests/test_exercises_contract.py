"""The rules every exercise check follows, whatever its lesson (see helpers/check.py).

A placeholder (``None`` or ``...``, as in the student edition) is "unanswered"; an answer of the
wrong type is "incorrect" with a hint, never an exception. Every lesson has at least six exercises,
at least four of them answered with code. The right answers and the hints of each exercise are
tested in ``test_exercises_<lesson>.py``.

Each of those modules provides, for the contract tests here:

- ``contexts()``: for every exercise of the lesson, the keyword arguments its check is called with
  in the notebook (the lesson's data at the default parameters);
- optionally ``SEQUENCE_ANSWERS`` (exercise -> number of values, for answers that are a fixed number
  of values) and ``OTHER_ANSWERS`` (exercises answered with a function, an array of any length or a
  table), which the tests of single-number answers leave out.
"""

from __future__ import annotations

import importlib

import pytest

from helpers import check
from helpers.exercises import MODULES

LESSON_TESTS = {module: importlib.import_module(f"test_exercises_{module}") for module in MODULES}
EXERCISES = [name for name in check.exercises() if name[:4] in MODULES]
SEQUENCE_ANSWERS = {k: v for t in LESSON_TESTS.values() for k, v in getattr(t, "SEQUENCE_ANSWERS", {}).items()}
OTHER_ANSWERS = {k for t in LESSON_TESTS.values() for k in getattr(t, "OTHER_ANSWERS", set())}
MIN_EXERCISES, MIN_CODE = 6, 4

WRONG_TYPES = {
    "text": "abc", "dict": {"a": 1}, "bool": True, "nan": float("nan"), "inf": float("inf"), "object": object(),
}


def context(name: str) -> dict:
    return LESSON_TESTS[name[:4]].contexts()[name]


@pytest.mark.parametrize("module", MODULES)
def test_every_lesson_has_six_exercises_four_of_them_code(module):
    names = check.exercises(module)
    code = [n for n in names if check.kind(n) == "code"]
    assert len(names) >= MIN_EXERCISES, f"{module}: {len(names)} exercises, at least {MIN_EXERCISES} needed"
    assert len(code) >= MIN_CODE, f"{module}: {len(code)} code exercises {code}, at least {MIN_CODE} needed"


@pytest.mark.parametrize("name", EXERCISES)
def test_the_lesson_test_gives_only_arguments_the_check_takes(name):
    assert set(check.context_names(name)) >= set(context(name)), "contexts() passes names the check does not take"


@pytest.mark.parametrize("name", [name for name in EXERCISES if check.context_names(name)])
def test_a_check_called_without_the_lessons_data_shows_the_right_call(name):
    with pytest.raises(TypeError, match="judges your answer on the lesson's own data"):
        getattr(check, name)(0.5)


@pytest.mark.parametrize("name", EXERCISES)
@pytest.mark.parametrize("placeholder", [None, ...], ids=["None", "Ellipsis"])
def test_placeholders_are_unanswered(name, placeholder):
    feedback = getattr(check, name)(placeholder, **context(name))
    assert feedback.status == "unanswered", feedback
    assert not feedback


def _incorrect_not_an_exception(name: str, answer: object) -> None:
    try:
        feedback = getattr(check, name)(answer, **context(name))
    except Exception as exc:  # noqa: BLE001 - the point of the test
        pytest.fail(f"{name}({answer!r}) raised {type(exc).__name__}: {exc}")
    assert feedback.status == "incorrect", feedback
    assert not feedback
    assert feedback.message.strip(), feedback


@pytest.mark.parametrize("name", EXERCISES)
@pytest.mark.parametrize("answer", list(WRONG_TYPES.values()), ids=list(WRONG_TYPES))
def test_wrong_types_are_incorrect_feedback_not_exceptions(name, answer):
    _incorrect_not_an_exception(name, answer)


@pytest.mark.parametrize("name", [name for name in EXERCISES if name not in SEQUENCE_ANSWERS and name not in OTHER_ANSWERS])
@pytest.mark.parametrize("answer", [[1, 2], [0.5, 0.6], [0.5, 0.6, 0.7]], ids=repr)
def test_a_list_is_not_a_single_answer(name, answer):
    _incorrect_not_an_exception(name, answer)


@pytest.mark.parametrize("name", list(SEQUENCE_ANSWERS))
@pytest.mark.parametrize("extra", [-1, +1])
def test_a_sequence_of_the_wrong_length_is_incorrect(name, extra):
    _incorrect_not_an_exception(name, [0.5] * (SEQUENCE_ANSWERS[name] + extra))
