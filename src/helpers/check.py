"""Self-checks for the exercises: right or wrong, with a hint that never gives the answer away.

Every exercise of the course has a check named after its notebook, for example
``check.ch03_precision(answer, y_test=y_test, proba=proba)``. The checks of a chapter live in
``helpers.exercises.chNN`` and are reached through this module, so a notebook only needs
``from helpers import check``.

**A check judges the learner's own notebook.** Besides the answer, the call passes the data and
parameters the lesson built (keyword arguments), and the check computes the expected value from
them. A learner who changes the ``parameters`` cell (another seed, another sample size) is judged
on that data, not on the defaults. A check that cannot judge some setting says so (status
``"unjudged"``) instead of guessing.

A check never raises on a learner's answer: it returns a :class:`Feedback` whose status is
``"correct"``, ``"incorrect"`` (with a hint), ``"unanswered"`` (the answer is still ``None`` or
``...``, as in the student edition) or ``"unjudged"``. Feedback is truthy only when correct, so tests
can write ``assert check.ch03_precision(0.75, ...)``. A call that forgets the lesson's data is a
programming slip, not a wrong answer: it raises a TypeError that shows the right call.

Each verdict (right or not) is added to the learner's local progress record (:mod:`helpers.progress`).

Example:
    >>> from helpers import check
    >>> check.ch03_precision(None).status
    'unanswered'

Writing a check for a new exercise (in ``helpers/exercises/chNN.py``)::

    @exercise("ch05_majority_vote")
    def _majority_vote(answer, *, votes, truth):
        expected = float((majority(votes) == truth).mean())  # from the learner's own data
        return compare_number(answer, expected, tol=0.005, hint=_("Count votes per item first."),
                              percent=percent_hint("share"),
                              mistakes=[(float((votes[:, 0] == truth).mean()), _("That is one annotator."))])

Multiple-choice questions belong in the quiz; register the rare exercise that is a choice with
``kind="choice"`` (a lesson has at least four ``"code"`` exercises).

``percent`` turns an answer given in percent (82 instead of 0.82) into an "almost" instead of the
hint; :func:`as_number` reads an answer as a float for checks that compare by hand.
"""

from __future__ import annotations

import importlib
import inspect
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from helpers.i18n import _

Status = Literal["correct", "incorrect", "unanswered", "unjudged"]
Kind = Literal["code", "choice"]
KINDS = ("code", "choice")

_CHAPTER_NAME = re.compile(r"^(ch|cs)(\d\d)_[a-z0-9_]+$")


def _icon(status: Status) -> str:
    return {
        "correct": "✅ " + _("Correct"),
        "incorrect": "❌ " + _("Not yet"),
        "unanswered": "✏️ " + _("Not answered yet"),
        "unjudged": "⚠️ " + _("Cannot judge this setting"),
    }[status]


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
        return f"{_icon(self.status)} ({self.exercise}): {self.message}"


Checker = Callable[..., tuple[Status, str]]
_REGISTRY: dict[str, Checker] = {}
_KINDS: dict[str, Kind] = {}


def exercise(name: str, *, kind: Kind = "code") -> Callable[[Checker], Checker]:
    """Register ``func(answer, **context) -> (status, message)`` as the check called ``name``.

    The name is ``chNN_...`` (chapter) or ``csNN_...`` (case study) in lower case. ``kind`` is
    ``"code"`` when the learner computes the answer, ``"choice"`` when they pick an option.
    The keyword-only parameters of ``func`` are the lesson's data the check needs.

    Example:
        >>> @exercise("ch99_docstring_demo")
        ... def _demo(answer, *, values):
        ...     return compare_number(answer, expected=sum(values), tol=0)
        >>> run("ch99_docstring_demo", 6, values=[1, 2, 3]).status
        'correct'
    """
    if not isinstance(name, str) or not _CHAPTER_NAME.match(name):
        raise ValueError(
            f"exercise name {name!r} must look like 'ch03_precision' or 'cs10_auuc' "
            "(chNN_ for chapters, csNN_ for case studies, lower case)"
        )
    if kind not in KINDS:
        raise ValueError(f"exercise kind must be one of {KINDS}, got {kind!r}")

    def register(func: Checker) -> Checker:
        if name in _REGISTRY and _REGISTRY[name] is not func:
            raise ValueError(f"an exercise called {name!r} is already registered")
        _REGISTRY[name] = func
        _KINDS[name] = kind
        return func

    return register


def kind(name: str) -> Kind:
    """``"code"`` or ``"choice"``: how the learner answers the exercise ``name``.

    Example:
        >>> kind("ch03_precision")
        'code'
    """
    _lookup(name)
    return _KINDS[name]


def context_names(name: str) -> tuple[str, ...]:
    """The keyword arguments (the lesson's data) that the check ``name`` is called with.

    Example:
        >>> @exercise("ch99_context_demo")
        ... def _demo(answer, *, y_test, proba, k=100):
        ...     return "correct", ""
        >>> context_names("ch99_context_demo")
        ('y_test', 'proba', 'k')
    """
    parameters = inspect.signature(_lookup(name)).parameters.values()
    return tuple(p.name for p in parameters if p.kind is inspect.Parameter.KEYWORD_ONLY)


def run(name: str, answer: Any, /, **context: Any) -> Feedback:
    """Run the check ``name`` on ``answer`` with the lesson's data ``context`` (what ``check.<name>(...)`` does).

    Example:
        >>> run("ch03_precision", ...).status
        'unanswered'
    """
    checker = _lookup(name)
    if is_unanswered(answer):
        return Feedback(name, "unanswered", _("replace the placeholder with your answer and run the cell again."))
    _bind(name, checker, answer, context)
    status, message = checker(answer, **context)
    if status in ("correct", "incorrect"):
        from helpers import progress

        progress.record(name, status == "correct")
    return Feedback(name, status, message)


def _bind(name: str, checker: Checker, answer: Any, context: dict[str, Any]) -> None:
    """Raise a TypeError that shows the right call when the lesson's data are missing or misspelled."""
    try:
        inspect.signature(checker).bind(answer, **context)
    except TypeError:
        wanted = context_names(name)
        call = ", ".join(["answer", *(f"{n}={n}" for n in wanted)])
        given = ", ".join(sorted(context)) or "nothing"
        raise TypeError(
            f"check.{name} judges your answer on the lesson's own data: call it as check.{name}({call}) "
            f"(got {given} besides the answer). The cell under the exercise has the full call."
        ) from None


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

    def checker(answer: Any = None, /, **context: Any) -> Feedback:
        return run(name, answer, **context)

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


def as_numbers(answer: Any, count: int | None = None) -> list[float] | None:
    """A sequence answer as a list of finite floats (exactly ``count`` of them if given), or None.

    Strings, bytes, dicts and single numbers are not sequences of numbers here.

    Example:
        >>> as_numbers((0.1, "0.3"), 2)
        [0.1, 0.3]
        >>> as_numbers([0.1, float("nan")]) is None, as_numbers(0.1) is None, as_numbers([1, 2, 3], 2) is None
        (True, True, True)
    """
    if isinstance(answer, (str, bytes, dict)) or not hasattr(answer, "__len__") or not hasattr(answer, "__iter__"):
        return None
    values = [as_number(v) for v in answer]
    if any(v is None or not math.isfinite(v) for v in values):
        return None
    if count is not None and len(values) != count:
        return None
    return values  # type: ignore[return-value]


def lesson_array(
    values: Any, name: str, *, low: float | None = None, high: float | None = None, integer: bool = False,
    min_size: int = 1,
) -> Any:
    """A check's context argument (an array the lesson built) as a 1-D float NumPy array.

    A wrong argument is a mistake in the check's call, not in the learner's answer, so it raises
    TypeError or ValueError naming the argument and what to pass instead.

    Example:
        >>> lesson_array([0, 1, 1], "clicks", low=0, high=1, integer=True).tolist()
        [0.0, 1.0, 1.0]
        >>> lesson_array("abc", "clicks")
        Traceback (most recent call last):
        ...
        TypeError: clicks must be the lesson's `clicks`, an array of numbers, not str
    """
    import numpy as np

    def wrong_type() -> TypeError:
        return TypeError(f"{name} must be the lesson's `{name}`, an array of numbers, not {type(values).__name__}")

    if isinstance(values, (str, bytes, dict)) or values is None:
        raise wrong_type()
    try:
        array = np.asarray(values, dtype="float64")
    except (TypeError, ValueError):
        raise wrong_type() from None
    if array.ndim != 1 or array.size < min_size:
        raise ValueError(
            f"{name} must be a one-dimensional array of at least {min_size} numbers, such as the lesson's "
            f"`{name}` (got shape {array.shape})"
        )
    if not np.isfinite(array).all():
        raise ValueError(f"{name} contains NaN or infinite values: pass the lesson's `{name}`")
    if (low is not None and array.min() < low) or (high is not None and array.max() > high):
        raise ValueError(f"{name} must lie within [{low}, {high}]: pass the lesson's `{name}`")
    if integer and not np.all(array == np.round(array)):
        raise ValueError(f"{name} must hold whole numbers (counts or ids): pass the lesson's `{name}`")
    return array


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
    what = _(what)  # the quantity's name is in the catalog too (tools/translate.py extracts percent_hint's argument)
    if points:
        return _("almost: that looks like percentage points; give the {what} as a number such as 0.004.").format(what=what)
    return _("almost: that looks like a percentage; give the {what} as a number between 0 and 1.").format(what=what)


def compare_number(
    answer: Any,
    expected: float,
    *,
    tol: float = 1e-6,
    hint: str = "",
    praise: str = "",
    percent: str = "",
    mistakes: Iterable[tuple[float, str]] = (),
) -> tuple[Status, str]:
    """Compare a numeric answer with ``expected`` within absolute tolerance ``tol``.

    The hint explains how to get there; the expected value is never shown. With ``percent`` (a
    message, usually from :func:`percent_hint`), a wrong answer that is right once divided by 100
    (within ``tol``) gets that message instead of the hint: the learner gave a percentage.

    ``mistakes`` lists likely wrong results, each with its own hint: ``(value, message)``. An
    answer closer to a mistake than to ``expected`` (and within ``tol`` of it) gets that message,
    even when it is also within ``tol`` of ``expected``: a tolerance never lets a known mistake pass.
    A mistake that equals ``expected`` in the learner's data is no mistake there and is ignored.

    Example:
        >>> compare_number(0.5, 0.5)
        ('correct', 'that is right.')
        >>> compare_number(50, 0.5, tol=0.005, percent=percent_hint("share"))
        ('incorrect', 'almost: that looks like a percentage; give the share as a number between 0 and 1.')
        >>> compare_number(50, 0.5, tol=0.005, hint="Divide by the total.")
        ('incorrect', 'Divide by the total.')
    """
    praise = praise or _("that is right.")
    value = as_number(answer)
    if value is None:
        return "incorrect", (_("expected a single number, got {type}.").format(type=type(answer).__name__) + " " + hint).strip()
    if not math.isfinite(value):
        return "incorrect", (_("expected a finite number, got {value}.").format(value=value) + " " + hint).strip()
    distance = abs(value - expected)
    for wrong, message in mistakes:
        if math.isfinite(wrong) and abs(wrong - expected) > 1e-12 and abs(value - wrong) <= tol and abs(value - wrong) < distance:
            return "incorrect", message
    if distance <= tol:
        return "correct", praise
    if percent and abs(value / 100 - expected) <= tol:
        return "incorrect", percent
    return "incorrect", hint or _("not the value we expected; re-read the exercise.")


def compare_choice(
    answer: Any, expected: str, options: Iterable[str], *, hint: str = "", praise: str = ""
) -> tuple[Status, str]:
    """Compare a text answer with one of ``options`` (case and surrounding spaces ignored).

    Example:
        >>> compare_choice("B ", "b", ["a", "b"])
        ('correct', 'that is right.')
    """
    praise = praise or _("that is right.")
    allowed = [str(o).strip().lower() for o in options]
    if not isinstance(answer, str):
        return "incorrect", _("expected one of {allowed} as a string, got {type}.").format(allowed=allowed, type=type(answer).__name__)
    value = answer.strip().lower()
    if value not in allowed:
        return "incorrect", _("{answer} is not one of the options {allowed}.").format(answer=repr(answer), allowed=allowed)
    if value == expected.strip().lower():
        return "correct", praise
    return "incorrect", hint or _("not this one; think again about the trade-off.")


def compare_numbers(
    answer: Any, expected: Sequence[float], *, tol: float = 1e-6, hint: str = "", praise: str = ""
) -> tuple[Status, str]:
    """Compare a sequence of numbers (list, tuple, array, Series) element by element.

    Example:
        >>> compare_numbers([1, 2], [1.0, 2.0])
        ('correct', 'that is right.')
    """
    praise = praise or _("that is right.")
    try:
        if isinstance(answer, (str, bytes)):
            raise TypeError
        values = [float(v) for v in answer]
    except (TypeError, ValueError):
        return "incorrect", (_("expected {n} numbers, got {type}.").format(n=len(expected), type=type(answer).__name__) + " " + hint).strip()
    if len(values) != len(expected):
        return "incorrect", (_("expected {n} numbers, got {count}.").format(n=len(expected), count=len(values)) + " " + hint).strip()
    if all(math.isfinite(v) and abs(v - e) <= tol for v, e in zip(values, expected, strict=True)):
        return "correct", praise
    return "incorrect", hint or _("some of the numbers differ from what we expected.")


def unjudged(reason: str) -> tuple[Status, str]:
    """The verdict of a check that cannot judge the learner's setting, with the reason and what to change.

    Example:
        >>> unjudged("with CHURN_SHARE = 0 nobody churns, so there is no precision to compute; use 0.05 to 0.5.")[0]
        'unjudged'
    """
    return "unjudged", reason
