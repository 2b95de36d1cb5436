"""The shared rule of the exercise tests: a wrong answer gets a hint, never the right value.

Not a test file: the ``tests/test_exercises_*.py`` modules import it (pytest puts their folder on
``sys.path``). The rules that hold for every exercise alike (placeholders, wrong types) are tested
once, in ``test_exercises_contract.py``.

Example:
    >>> spellings(0.25)[:4]
    ['0.25', '0.250', '0.2500', '25.0%']
    >>> "0.25" in spellings((0.25, 17))
    True
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Iterable

from helpers import check
from helpers.check import Feedback

# A single digit (a value below 10 rounded to a whole number) is no giveaway: prose uses digits anyway
# ("8 training weeks", "0.9 <= achievement"). Longer roundings, even "0.00", may not appear in a hint.
_SINGLE_DIGIT = re.compile(r"^-?\d$")


def spellings(value: object) -> list[str]:
    """The ways a message could show ``value``: a list of strings none of which may appear in a hint.

    A number: rounded to 2, 3 and 4 decimals, as a percentage with one decimal, its ``repr``, with
    thousands separators, rounded to a whole number (with and without separators; not when that is a
    single digit) and, from 1 on, rounded to one decimal. A text: quoted with either quote, and as it
    stands (and in lower case) when longer than three characters (a bare option letter such as ``b``
    is in every sentence). A tuple, list or array: the spellings of each element.
    """
    if isinstance(value, str):
        bare = [value, value.lower()] if len(value.strip()) > 3 else []
        return list(dict.fromkeys([f"'{value}'", f'"{value}"', *bare]))
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        if isinstance(value, Iterable):
            return [s for v in value for s in spellings(v)]
        raise TypeError(f"no spellings for a right answer of type {type(value).__name__}")
    v = int(value) if isinstance(value, numbers.Integral) else float(value)
    out = [f"{v:.2f}", f"{v:.3f}", f"{v:.4f}", f"{v:.1%}", repr(v), f"{v:,}", f"{v:.0f}", f"{v:,.0f}"]
    if abs(v) >= 1:
        out.append(f"{v:.1f}")
    return list(dict.fromkeys(s for s in out if not _SINGLE_DIGIT.match(s)))


def assert_wrong_answer_hides_right(name: str, right: object, wrong: object, **context: object) -> Feedback:
    """Check ``name`` on ``wrong`` with the lesson's data ``context``: incorrect, falsy, with a hint that
    shows no spelling of ``right``.

    Returns the feedback, for assertions on the hint that are specific to one exercise.
    """
    feedback = getattr(check, name)(wrong, **context)
    assert feedback.status == "incorrect", feedback
    assert not feedback
    assert feedback.message.strip(), feedback
    for spelling in spellings(right):
        assert spelling not in feedback.message, (name, spelling, feedback.message)
    return feedback
