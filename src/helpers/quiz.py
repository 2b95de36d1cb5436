"""Multiple-choice quizzes ("Check yourself") as ipywidgets, with feedback on every option.

Picking an option shows at once whether it is right and why (each option carries its own
explanation), and a score line keeps count. The same quiz can be driven from code, which is how
the notebooks test it and how the committed outputs stay deterministic.

Example:
    >>> q = Quiz([Question("2 + 2?", ["3", "4"], answer=1, explanations=["Off by one.", "Yes."])])
    >>> q.answer(0, "4")
    '✅ Right. Yes.'
    >>> q.score
    (1, 1, 1)
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from helpers.i18n import _
from helpers.widgets import TextFallback

__all__ = ["Question", "Quiz"]


@dataclass(frozen=True)
class Question:
    """One question: a prompt, its options, the index of the right one, and why each is right/wrong.

    Example:
        >>> Question("Pick b", ["a", "b"], answer=1, explanations=["No.", "Yes."]).options
        ('a', 'b')
    """

    prompt: str
    options: Sequence[str]
    answer: int
    explanations: Sequence[str]

    def __post_init__(self) -> None:
        if not isinstance(self.prompt, str) or not self.prompt.strip():
            raise ValueError("prompt must be a non-empty string")
        if isinstance(self.options, str) or not isinstance(self.options, Sequence):
            raise TypeError("options must be a list of strings, one per choice")
        if len(self.options) < 2 or not all(isinstance(o, str) and o.strip() for o in self.options):
            raise ValueError("options must hold at least two non-empty strings")
        if len(set(self.options)) != len(self.options):
            raise ValueError(f"options must be distinct, got {list(self.options)}")
        if isinstance(self.answer, bool) or not isinstance(self.answer, int):
            raise TypeError(f"answer must be the index (int) of the right option, not {self.answer!r}")
        if not 0 <= self.answer < len(self.options):
            raise ValueError(f"answer must be between 0 and {len(self.options) - 1}, got {self.answer}")
        if isinstance(self.explanations, str) or len(self.explanations) != len(self.options):
            raise ValueError(
                f"give one explanation per option: {len(self.options)} options, "
                f"{0 if isinstance(self.explanations, str) else len(self.explanations)} explanations"
            )
        object.__setattr__(self, "options", tuple(self.options))
        object.__setattr__(self, "explanations", tuple(self.explanations))

    @classmethod
    def from_dict(cls, spec: Mapping[str, Any]) -> Question:
        """Build a question from a dict with keys prompt, options, answer, explanations."""
        if not isinstance(spec, Mapping):
            raise TypeError(f"a question must be a Question or a dict, not {type(spec).__name__}")
        missing = {"prompt", "options", "answer", "explanations"} - set(spec)
        if missing:
            raise ValueError(f"question dict is missing {sorted(missing)}")
        return cls(spec["prompt"], spec["options"], spec["answer"], spec["explanations"])


class Quiz(TextFallback):
    """A multiple-choice quiz widget.

    Args:
        questions: :class:`Question` objects or dicts with the same fields.
        title: shown above the questions.

    Display it by leaving it last in a cell. Drive it with :meth:`answer`; read :attr:`score`
    and :meth:`feedback`.
    """

    def __init__(self, questions: Sequence[Question | Mapping[str, Any]], title: str | None = None) -> None:
        import ipywidgets as widgets

        if isinstance(questions, (str, Mapping)) or not isinstance(questions, Sequence) or not questions:
            raise ValueError("questions must be a non-empty list of Question objects or dicts")
        self.questions: tuple[Question, ...] = tuple(
            q if isinstance(q, Question) else Question.from_dict(q) for q in questions
        )
        self.title = _("Check yourself") if title is None else title
        self._choices: list[Any] = []
        self._feedback: list[Any] = []
        boxes = []
        for number, question in enumerate(self.questions, start=1):
            prompt = widgets.HTML(f"<b>{number}. {html.escape(question.prompt)}</b>")
            choice = widgets.RadioButtons(
                options=list(question.options), value=None, layout=widgets.Layout(width="auto")
            )
            feedback = widgets.HTML("")
            choice.observe(lambda change, i=number - 1: self._on_choice(i), names="value")
            self._choices.append(choice)
            self._feedback.append(feedback)
            boxes.append(widgets.VBox([prompt, choice, feedback]))
        self._score = widgets.HTML(self._score_text())
        self.widget = widgets.VBox([widgets.HTML(f"<h4>{html.escape(self.title)}</h4>"), *boxes, self._score])

    # --- programmatic API ----------------------------------------------------------------------
    def answer(self, index: int, choice: int | str) -> str:
        """Pick option ``choice`` (its index or its exact text) for question ``index`` (0-based).

        Returns the feedback text shown under the question.
        """
        question = self._question(index)
        if isinstance(choice, bool) or not isinstance(choice, (int, str)):
            raise TypeError(f"choice must be an option index or its text, not {type(choice).__name__}")
        if isinstance(choice, int):
            if not 0 <= choice < len(question.options):
                raise ValueError(f"choice must be between 0 and {len(question.options) - 1}, got {choice}")
            choice = question.options[choice]
        elif choice not in question.options:
            raise ValueError(f"{choice!r} is not an option of question {index}; options: {list(question.options)}")
        self._choices[index].value = choice
        return self.feedback(index)

    def feedback(self, index: int) -> str:
        """The feedback currently shown for question ``index`` ('' before it is answered)."""
        self._question(index)
        return html.unescape(self._feedback[index].value.replace("<b>", "").replace("</b>", ""))

    @property
    def score(self) -> tuple[int, int, int]:
        """(right, answered, total)."""
        answered = [i for i, c in enumerate(self._choices) if c.value is not None]
        right = sum(self._is_right(i) for i in answered)
        return right, len(answered), len(self.questions)

    def reset(self) -> None:
        """Clear every answer."""
        for choice in self._choices:
            choice.value = None

    # --- rendering -----------------------------------------------------------------------------
    def as_text(self) -> str:
        """The quiz as plain text (what GitHub and other static viewers show)."""
        lines = [self.title + " " + _("({count} questions; run the notebook to get feedback)").format(count=len(self.questions))]
        for number, question in enumerate(self.questions, start=1):
            lines.append(f"{number}. {question.prompt}")
            lines.extend(f"   {chr(97 + k)}) {option}" for k, option in enumerate(question.options))
        return "\n".join(lines)

    # --- internals -----------------------------------------------------------------------------
    def _question(self, index: int) -> Question:
        if isinstance(index, bool) or not isinstance(index, int):
            raise TypeError(f"question index must be an int, not {type(index).__name__}")
        if not 0 <= index < len(self.questions):
            raise ValueError(f"question index must be between 0 and {len(self.questions) - 1}, got {index}")
        return self.questions[index]

    def _is_right(self, index: int) -> bool:
        question = self.questions[index]
        return self._choices[index].value == question.options[question.answer]

    def _on_choice(self, index: int) -> None:
        question = self.questions[index]
        value = self._choices[index].value
        if value is None:
            self._feedback[index].value = ""
        else:
            picked = question.options.index(value)
            verdict = "✅ " + _("Right.") if picked == question.answer else "❌ " + _("Not quite.")
            self._feedback[index].value = f"<b>{verdict}</b> {html.escape(question.explanations[picked])}"
        self._score.value = self._score_text()

    def _score_text(self) -> str:
        right, answered, total = self.score if self._choices else (0, 0, len(self.questions))
        return _("Score: {right} of {total} right ({answered} answered)").format(right=right, total=total, answered=answered)
