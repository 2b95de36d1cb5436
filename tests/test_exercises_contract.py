"""The rules every exercise check follows, whatever its chapter (see helpers/check.py).

A placeholder (``None`` or ``...``, as in the student edition) is "unanswered"; an answer of the
wrong type is "incorrect" with a hint, never an exception. The right answers and the hints of each
exercise are tested in ``test_exercises_<notebook>.py``.
"""

from __future__ import annotations

import pytest

from helpers import check
from helpers.exercises import MODULES

# Only the exercises of the course's notebooks (a test module may register a demo check).
EXERCISES = [name for name in check.exercises() if name[:4] in MODULES]

# The exercises whose answer is a sequence, with its length; every other answer is a single number or text.
SEQUENCE_ANSWERS = {"ch07_retention_ci": 2, "cs12_shading": 2}

WRONG_TYPES = {
    "text": "abc", "dict": {"a": 1}, "bool": True, "nan": float("nan"), "inf": float("inf"), "object": object(),
}


def test_every_notebook_has_exercises_and_the_sequence_answers_exist():
    assert {name[:4] for name in EXERCISES} == set(MODULES)
    assert set(SEQUENCE_ANSWERS) <= set(EXERCISES)


@pytest.mark.parametrize("name", EXERCISES)
@pytest.mark.parametrize("placeholder", [None, ...], ids=["None", "Ellipsis"])
def test_placeholders_are_unanswered(name, placeholder):
    feedback = getattr(check, name)(placeholder)
    assert feedback.status == "unanswered", feedback
    assert not feedback


def _incorrect_not_an_exception(name: str, answer: object) -> None:
    try:
        feedback = getattr(check, name)(answer)
    except Exception as exc:  # noqa: BLE001 - the point of the test
        pytest.fail(f"{name}({answer!r}) raised {type(exc).__name__}: {exc}")
    assert feedback.status == "incorrect", feedback
    assert not feedback
    assert feedback.message.strip(), feedback


@pytest.mark.parametrize("name", EXERCISES)
@pytest.mark.parametrize("answer", list(WRONG_TYPES.values()), ids=list(WRONG_TYPES))
def test_wrong_types_are_incorrect_feedback_not_exceptions(name, answer):
    _incorrect_not_an_exception(name, answer)


@pytest.mark.parametrize("name", [name for name in EXERCISES if name not in SEQUENCE_ANSWERS])
@pytest.mark.parametrize("answer", [[1, 2], [0.5, 0.6], [0.5, 0.6, 0.7]], ids=repr)
def test_a_list_is_not_a_single_answer(name, answer):
    _incorrect_not_an_exception(name, answer)


@pytest.mark.parametrize("name", list(SEQUENCE_ANSWERS))
@pytest.mark.parametrize("extra", [-1, +1])
def test_a_sequence_of_the_wrong_length_is_incorrect(name, extra):
    _incorrect_not_an_exception(name, [0.5] * (SEQUENCE_ANSWERS[name] + extra))
