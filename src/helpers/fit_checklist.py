"""Is machine learning a fit for this decision? A checklist that explains its verdict.

ML earns its keep when many decisions must be made, faster or more consistently than people can
make them, from patterns that stay stable long enough to learn, and when a share of wrong
decisions is acceptable (Book: 1.1). It is the wrong tool when mistakes cannot be tolerated, when a
simple rule already does the job, or when there are no past examples to learn from.

:func:`assess_ml_fit` turns answers to those questions into a :class:`FitVerdict`: one line per
criterion (passed or not, and why), an overall verdict and a next step. The notebook's widget
shows :meth:`FitVerdict.to_html`. Every text a learner reads goes through :func:`helpers.i18n._`,
so the Korean edition shows it translated.

Example:
    >>> verdict = assess_ml_fit(decisions_per_day=2_000_000, seconds_per_decision=0.1,
    ...                         pattern_stable=True, errors_tolerable=True,
    ...                         simple_rule_works=False, labelled_examples=1_000_000)
    >>> verdict.label
    'fit'
    >>> [c.name for c in verdict.criteria if not c.passed]
    []
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from typing import Literal

from helpers.i18n import _

__all__ = ["Criterion", "FitVerdict", "assess_ml_fit"]

Label = Literal["fit", "maybe", "no_fit"]


def _headline(label: str) -> str:
    return {
        "fit": _("ML looks like a good fit"),
        "maybe": _("ML could work, but a simpler option may win"),
        "no_fit": _("ML is not a fit (yet)"),
    }[label]


@dataclass(frozen=True)
class Criterion:
    """One line of the checklist: did it pass, does failing it rule ML out, and why."""

    name: str
    passed: bool
    blocking: bool
    explanation: str


@dataclass(frozen=True)
class FitVerdict:
    """The checklist's result: ``label`` is "fit", "maybe" or "no_fit".

    Example:
        >>> v = assess_ml_fit(decisions_per_day=5, seconds_per_decision=86_400, pattern_stable=True,
        ...                   errors_tolerable=False, simple_rule_works=False, labelled_examples=50)
        >>> v.label, v.headline
        ('no_fit', 'ML is not a fit (yet)')
    """

    label: Label
    criteria: tuple[Criterion, ...]
    next_step: str

    @property
    def headline(self) -> str:
        return _headline(self.label)

    @property
    def passed(self) -> int:
        """How many criteria passed."""
        return sum(c.passed for c in self.criteria)

    def to_text(self) -> str:
        """The verdict as plain text, one criterion a line."""
        lines = [f"{self.headline} ({self._met()})"]
        for c in self.criteria:
            mark = _("yes") if c.passed else (_("NO, rules ML out") if c.blocking else _("no"))
            lines.append(f"- {c.name} [{mark}]: {c.explanation}")
        next_label = _("Next step:")
        lines.append(f"{next_label} {self.next_step}")
        return "\n".join(lines)

    def _met(self) -> str:
        return _("{passed} of {total} criteria met").format(passed=self.passed, total=len(self.criteria))

    def to_html(self) -> str:
        """The verdict as a small HTML block (for an ``ipywidgets.HTML``)."""
        colour = {"fit": "#009E73", "maybe": "#E69F00", "no_fit": "#D55E00"}[self.label]
        rows = []
        for c in self.criteria:
            mark = "✅" if c.passed else ("⛔" if c.blocking else "⚠️")
            rows.append(f"<li>{mark} <b>{html.escape(c.name)}</b>: {html.escape(c.explanation)}</li>")
        next_label = _("Next step:")
        return (
            f'<h4 style="color: {colour}; margin: 4px 0">{html.escape(self.headline)} '
            f"({html.escape(self._met())})</h4>"
            f"<ul style=\"margin: 2px 0\">{''.join(rows)}</ul>"
            f"<p><b>{html.escape(next_label)}</b> {html.escape(self.next_step)}</p>"
        )


def _number(value: object, name: str, *, minimum: float = 0.0, strict: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a number, not {type(value).__name__}")
    number = float(value)
    if not math.isfinite(number) or number < minimum or (strict and number == minimum):
        sign = ">" if strict else ">="
        raise ValueError(f"{name} must be a finite number {sign} {minimum:g}, got {value!r}")
    return number


def _duration(seconds: float) -> str:
    """A number of seconds in words a person reads at a glance: '0.1 s', '5 min', '30 days'."""
    for size, one, many in ((86_400, _("{amount} day"), _("{amount} days")), (3_600, _("{amount} h"), _("{amount} h")),
                            (60, _("{amount} min"), _("{amount} min"))):
        if seconds >= size:
            amount = f"{seconds / size:.3g}"
            return (one if amount == "1" else many).format(amount=amount)
    return _("{amount} s").format(amount=f"{seconds:.3g}")


def _flag(value: object, name: str) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, not {type(value).__name__}")
    return value


def assess_ml_fit(
    *,
    decisions_per_day: float,
    seconds_per_decision: float,
    pattern_stable: bool,
    errors_tolerable: bool,
    simple_rule_works: bool,
    labelled_examples: int,
    human_decisions_per_day: float = 200,
    human_seconds_per_decision: float = 60,
    min_examples: int = 500,
) -> FitVerdict:
    """Check a decision against the conditions under which ML pays off, and explain the verdict.

    Args:
        decisions_per_day: how many decisions of this kind are needed per day.
        seconds_per_decision: how long each decision may take (the latency budget).
        pattern_stable: do the patterns that drive the outcome change slowly (months, not days)?
        errors_tolerable: is a share of wrong decisions acceptable (cheap, or caught later)?
        simple_rule_works: does a handful of rules or a report already decide well enough?
        labelled_examples: past cases whose outcome is known (the training data).
        human_decisions_per_day: what one person can decide in a day (the volume yardstick).
        human_seconds_per_decision: the fastest a person decides (the speed yardstick).
        min_examples: fewer labelled examples than this are too few to learn from.

    Errors that cannot be tolerated, a rule that already works, or too few examples rule ML out
    (label "no_fit"). Otherwise ML is a "fit" when the pattern is stable and the decisions are too
    many or too fast for people, and a "maybe" when people or a report could keep up.

    Example:
        >>> v = assess_ml_fit(decisions_per_day=50, seconds_per_decision=3600, pattern_stable=True,
        ...                   errors_tolerable=True, simple_rule_works=False, labelled_examples=2000)
        >>> v.label
        'maybe'
    """
    per_day = _number(decisions_per_day, "decisions_per_day")
    seconds = _number(seconds_per_decision, "seconds_per_decision", strict=True)
    stable = _flag(pattern_stable, "pattern_stable")
    tolerable = _flag(errors_tolerable, "errors_tolerable")
    rule = _flag(simple_rule_works, "simple_rule_works")
    if isinstance(labelled_examples, bool) or not isinstance(labelled_examples, int) or labelled_examples < 0:
        raise ValueError(f"labelled_examples must be a whole number >= 0, got {labelled_examples!r}")
    human_volume = _number(human_decisions_per_day, "human_decisions_per_day", strict=True)
    human_speed = _number(human_seconds_per_decision, "human_seconds_per_decision", strict=True)
    if isinstance(min_examples, bool) or not isinstance(min_examples, int) or min_examples < 1:
        raise ValueError(f"min_examples must be a whole number >= 1, got {min_examples!r}")

    people = per_day / human_volume
    volume = Criterion(
        _("Volume"),
        per_day > human_volume,
        False,
        (_("{decisions} decisions a day would keep {people} people busy full time: too many to decide by hand.")
         if per_day > human_volume
         else _("{decisions} decisions a day would keep {people} people busy full time; people or a report could keep up.")
         ).format(decisions=f"{per_day:,.0f}", people=f"{people:,.1f}"),
    )
    speed = Criterion(
        _("Speed"),
        seconds < human_speed,
        False,
        (_("each decision must be made within {deadline}; no person can answer that fast.")
         if seconds < human_speed
         else _("each decision must be made within {deadline}; a person needs about {human}, so that is feasible by hand.")
         ).format(deadline=_duration(seconds), human=_duration(human_speed)),
    )
    stability = Criterion(
        _("Stable pattern"),
        stable,
        False,
        _("what drives the outcome changes slowly, so the past predicts the future.")
        if stable
        else _("the pattern shifts quickly; a model trained on the past goes stale and needs constant retraining."),
    )
    tolerance = Criterion(
        _("Errors tolerable"),
        tolerable,
        True,
        _("a share of wrong decisions is acceptable or can be caught later.")
        if tolerable
        else _("every model makes mistakes; if none are acceptable, keep a person or a verified rule in charge."),
    )
    no_rule = Criterion(
        _("No simple rule suffices"),
        not rule,
        True,
        _("rules written by hand do not capture the pattern well enough.")
        if not rule
        else _("a rule or a report already works: it is cheaper to build, explain and maintain than a model."),
    )
    enough = labelled_examples >= min_examples
    data = Criterion(
        _("Training data"),
        enough,
        True,
        (_("{cases} past cases with a known outcome; enough to start.")
         if enough
         else _("{cases} past cases with a known outcome; fewer than {minimum}, too few to learn from.")
         ).format(cases=f"{labelled_examples:,}", minimum=f"{min_examples:,}"),
    )
    criteria = (volume, speed, stability, tolerance, no_rule, data)

    if not tolerable:
        label: Label = "no_fit"
        step = _("keep the decision with people or a verified rule; consider ML only as an assistant whose every output is reviewed.")
    elif rule:
        label = "no_fit"
        step = _("ship the rule (or the report), measure it, and revisit ML if it stops being good enough.")
    elif not enough:
        label = "no_fit"
        step = _("collect and label examples first (chapter 5), with a rule or people deciding meanwhile.")
    elif stable and (volume.passed or speed.passed):
        label = "fit"
        step = _("define the metric and the business KPI, build a rule-based baseline, then a simple model, and compare them.")
    else:
        label = "maybe"
        step = _(
            "compare the cost of a model (building, running, monitoring) with people or a report "
            "in a cost/benefit table before building anything."
        )
    return FitVerdict(label, criteria, step)
