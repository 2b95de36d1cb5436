"""Self-checks for the exercises: right or wrong, with a hint that never gives the answer away.

Every exercise of the course has a check named after its notebook, for example
``check.ch03_precision(answer)``. The checks of a chapter live in ``helpers.exercises.chNN`` and
are reached through this module, so a notebook only needs ``from helpers import check``.

A check never raises on a learner's answer: it returns a :class:`Feedback` whose status is
``"correct"``, ``"incorrect"`` (with a hint) or ``"unanswered"`` (the answer is still ``None`` or
``...``, as in the student edition). Feedback is truthy only when correct, so tests can write
``assert check.ch03_precision(0.75)``.

Example:
    >>> from helpers import check
    >>> check.ch03_precision(None).status
    'unanswered'

Writing a check for a new exercise (in ``helpers/exercises/chNN.py``)::

    @exercise("ch05_majority_vote")
    def _majority_vote(answer):
        return compare_number(answer, expected=0.82, tol=0.005, hint="Count votes per item first.",
                              percent=percent_hint("share"))

``percent`` turns an answer given in percent (82 instead of 0.82) into an "almost" instead of the
hint; :func:`as_number` reads an answer as a float for checks that compare by hand.
"""

from __future__ import annotations

import importlib
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

Status = Literal["correct", "incorrect", "unanswered"]

_ICONS = {"correct": "✅ Correct", "incorrect": "❌ Not yet", "unanswered": "✏️ Not answered yet"}
_CHAPTER_NAME = re.compile(r"^(ch|cs)(\d\d)_[a-z0-9_]+$")


@dataclass(frozen=True)
class Feedback:
    """The verdict of a check: ``status`` plus a message (a hint when incorrect).

    Example:
        >>> Feedback("demo", "correct", "Well done.")
        ✅ Correct (demo): Well done.
    """

    exercise: str
    status: Status
    message: str

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    def __bool__(self) -> bool:
        return self.correct

    def __repr__(self) -> str:
        return f"{_ICONS[self.status]} ({self.exercise}): {self.message}"


Checker = Callable[[Any], tuple[Status, str]]
_REGISTRY: dict[str, Checker] = {}


def exercise(name: str) -> Callable[[Checker], Checker]:
    """Register ``func(answer) -> (status, message)`` as the check called ``name``.

    The name is ``chNN_...`` (chapter) or ``csNN_...`` (case study) in lower case.

    Example:
        >>> @exercise("ch99_docstring_demo")
        ... def _demo(answer):
        ...     return compare_number(answer, expected=2, tol=0)
    """
    if not isinstance(name, str) or not _CHAPTER_NAME.match(name):
        raise ValueError(
            f"exercise name {name!r} must look like 'ch03_precision' or 'cs10_auuc' "
            "(chNN_ for chapters, csNN_ for case studies, lower case)"
        )

    def register(func: Checker) -> Checker:
        if name in _REGISTRY and _REGISTRY[name] is not func:
            raise ValueError(f"an exercise called {name!r} is already registered")
        _REGISTRY[name] = func
        return func

    return register


def run(name: str, answer: Any) -> Feedback:
    """Run the check ``name`` on ``answer`` (what ``check.<name>(answer)`` does).

    Example:
        >>> run("ch03_precision", ...).status
        'unanswered'
    """
    checker = _lookup(name)
    if is_unanswered(answer):
        return Feedback(name, "unanswered", "replace the placeholder with your answer and run the cell again.")
    status, message = checker(answer)
    return Feedback(name, status, message)


def exercises(prefix: str = "") -> list[str]:
    """Names of all registered exercises starting with ``prefix`` (loads every chapter).

    Example:
        >>> "ch03_precision" in exercises("ch03")
        True
    """
    if not isinstance(prefix, str):
        raise TypeError(f"prefix must be a string such as 'ch03', not {type(prefix).__name__}")
    from helpers import exercises as package

    for module in package.MODULES:  # discovered, so new chapters need no wiring
        importlib.import_module(f"helpers.exercises.{module}")
    return sorted(name for name in _REGISTRY if name.startswith(prefix))


def is_unanswered(answer: Any) -> bool:
    """True for the placeholders a learner has not replaced yet: ``None`` and ``...``."""
    return answer is None or answer is Ellipsis


def _lookup(name: str) -> Checker:
    if not isinstance(name, str):
        raise TypeError(f"exercise name must be a string, not {type(name).__name__}")
    match = _CHAPTER_NAME.match(name)
    if match:
        module = f"{match.group(1)}{match.group(2)}"
        try:
            importlib.import_module(f"helpers.exercises.{module}")
        except ModuleNotFoundError as exc:
            if exc.name != f"helpers.exercises.{module}":
                raise
    if name not in _REGISTRY:
        raise AttributeError(
            f"there is no exercise check called {name!r}; check the spelling in the notebook "
            f"(known for this chapter: {', '.join(n for n in _REGISTRY if n[:4] == name[:4]) or 'none'})"
        )
    return _REGISTRY[name]


def __getattr__(name: str) -> Callable[[Any], Feedback]:
    """``check.ch03_precision`` -> a function that runs that exercise's check."""
    if name.startswith("__"):
        raise AttributeError(name)
    _lookup(name)

    def checker(answer: Any = None) -> Feedback:
        return run(name, answer)

    checker.__name__ = name
    checker.__doc__ = f"Check your answer to exercise {name!r}."
    return checker


# --- building blocks for writing checks -------------------------------------------------------


def as_number(answer: Any) -> float | None:
    """The answer as a float, or None if it is not a single number.

    Anything ``float()`` accepts counts (ints, NumPy scalars, numeric strings); booleans do not,
    since ``True`` is rarely meant as 1. NaN and infinity are returned as they are: callers that
    need a finite number check ``math.isfinite`` themselves.

    Example:
        >>> as_number("0.25")
        0.25
        >>> as_number(True) is None, as_number([0.25]) is None
        (True, True)
    """
    if isinstance(answer, bool):
        return None
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return None
    return value


def percent_hint(what: str, *, points: bool = False) -> str:
    """The standard hint for an answer that is 100 times too large: a share or rate given in percent
    (``points=False``) or a difference of shares given in percentage points (``points=True``).

    ``what`` names the quantity as the exercise calls it ("share", "click rate", "difference").

    Example:
        >>> percent_hint("share")
        'almost: that looks like a percentage; give the share as a number between 0 and 1.'
        >>> percent_hint("difference", points=True)
        'almost: that looks like percentage points; give the difference as a number such as 0.004.'
    """
    if points:
        return f"almost: that looks like percentage points; give the {what} as a number such as 0.004."
    return f"almost: that looks like a percentage; give the {what} as a number between 0 and 1."


def compare_number(
    answer: Any,
    expected: float,
    *,
    tol: float = 1e-6,
    hint: str = "",
    praise: str = "that is right.",
    percent: str = "",
) -> tuple[Status, str]:
    """Compare a numeric answer with ``expected`` within absolute tolerance ``tol``.

    The hint explains how to get there; the expected value is never shown. With ``percent`` (a
    message, usually from :func:`percent_hint`), a wrong answer that is right once divided by 100
    (within ``tol``) gets that message instead of the hint: the learner gave a percentage.

    Example:
        >>> compare_number(0.5, 0.5)
        ('correct', 'that is right.')
        >>> compare_number(50, 0.5, tol=0.005, percent=percent_hint("share"))
        ('incorrect', 'almost: that looks like a percentage; give the share as a number between 0 and 1.')
        >>> compare_number(50, 0.5, tol=0.005, hint="Divide by the total.")
        ('incorrect', 'Divide by the total.')
    """
    value = as_number(answer)
    if value is None:
        return "incorrect", f"expected a single number, got {type(answer).__name__}. {hint}".strip()
    if not math.isfinite(value):
        return "incorrect", f"expected a finite number, got {value}. {hint}".strip()
    if abs(value - expected) <= tol:
        return "correct", praise
    if percent and abs(value / 100 - expected) <= tol:
        return "incorrect", percent
    return "incorrect", hint or "not the value we expected; re-read the exercise."


def compare_choice(
    answer: Any, expected: str, options: Iterable[str], *, hint: str = "", praise: str = "that is right."
) -> tuple[Status, str]:
    """Compare a text answer with one of ``options`` (case and surrounding spaces ignored).

    Example:
        >>> compare_choice("B ", "b", ["a", "b"])
        ('correct', 'that is right.')
    """
    allowed = [str(o).strip().lower() for o in options]
    if not isinstance(answer, str):
        return "incorrect", f"expected one of {allowed} as a string, got {type(answer).__name__}."
    value = answer.strip().lower()
    if value not in allowed:
        return "incorrect", f"{answer!r} is not one of the options {allowed}."
    if value == expected.strip().lower():
        return "correct", praise
    return "incorrect", hint or "not this one; think again about the trade-off."


def compare_numbers(
    answer: Any, expected: Sequence[float], *, tol: float = 1e-6, hint: str = "", praise: str = "that is right."
) -> tuple[Status, str]:
    """Compare a sequence of numbers (list, tuple, array, Series) element by element.

    Example:
        >>> compare_numbers([1, 2], [1.0, 2.0])
        ('correct', 'that is right.')
    """
    try:
        if isinstance(answer, (str, bytes)):
            raise TypeError
        values = [float(v) for v in answer]
    except (TypeError, ValueError):
        return "incorrect", f"expected {len(expected)} numbers, got {type(answer).__name__}. {hint}".strip()
    if len(values) != len(expected):
        return "incorrect", f"expected {len(expected)} numbers, got {len(values)}. {hint}".strip()
    if all(abs(v - e) <= tol for v, e in zip(values, expected, strict=True)):
        return "correct", praise
    return "incorrect", hint or "some of the numbers differ from what we expected."
