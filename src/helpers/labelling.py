"""A small labelling tool in the notebook: one item at a time, a button per class (chapter 5).

:class:`Labeller` shows the current item, one button per class, *Skip* and *Undo*, a progress
bar, and exports what was done with :meth:`Labeller.to_frame`. Everything a click does is also a
method, so the same session can be driven from code (that is how the course's notebooks stay
deterministic, and how the tests click):

==============================  =====================================
click                           code
==============================  =====================================
the button of class ``"spam"``  ``labeller.label("spam")``
*Skip*                          ``labeller.skip()``
*Undo*                          ``labeller.undo()``
==============================  =====================================

Called from code, an impossible action (an unknown class, labelling after the last item,
undoing with nothing to undo) raises ``ValueError``. The buttons never raise (an exception in a
widget callback would only end up in a log the learner does not see): they are disabled when
their action is impossible and, if clicked anyway, show the same message in the widget.
What the widget says goes through :func:`helpers.i18n._`, so the Korean edition shows it in Korean;
the class names and the button keys of :attr:`Labeller.buttons` (``"Skip"``, ``"Undo"``) stay as given.

Example:
    >>> labeller = Labeller(["Buy cheap pills now", "Thanks, that fixed it"], classes=["spam", "ok"])
    >>> labeller.label("spam")
    >>> labeller.skip()
    >>> labeller.done
    True
    >>> labeller.to_frame()[["item_id", "label", "status"]].values.tolist()
    [[0, 'spam', 'labelled'], [1, None, 'skipped']]
"""

from __future__ import annotations

import html
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from helpers.i18n import _
from helpers.widgets import TextFallback

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Labeller"]

SKIPPED = "skipped"
LABELLED = "labelled"
PENDING = "pending"


class Labeller(TextFallback):
    """Label ``items`` one after the other with one of ``classes``.

    Args:
        items: the things to label, shown as text (strings, or anything with a useful ``str``).
        classes: the possible labels, at least two distinct non-empty strings; one button each.
        ids: an identifier per item (default 0, 1, 2, ...), kept in the exported table.
        annotator: who is labelling; a column of the exported table, so that several people's
            exports can be stacked and compared.
        guideline: optional short text shown above the item (the rule to apply).

    The widget is in :attr:`widget`; leaving the labeller last in a cell displays it. State is read
    with :attr:`position`, :attr:`done`, :attr:`current`, :attr:`counts` and :meth:`to_frame`;
    :attr:`buttons` gives the buttons by name, so code can click them (``buttons["Undo"].click()``).
    """

    def __init__(
        self,
        items: Iterable[Any],
        classes: Sequence[str],
        *,
        ids: Sequence[Hashable] | None = None,
        annotator: str = "you",
        guideline: str | None = None,
    ) -> None:
        import ipywidgets as widgets

        if isinstance(items, (str, bytes)):
            raise TypeError("items must be a list of items to label, not a single string")
        try:
            self.items: tuple[Any, ...] = tuple(items)
        except TypeError:
            raise TypeError(f"items must be an iterable of items, not {type(items).__name__}") from None
        if not self.items:
            raise ValueError("items must hold at least one item to label")
        if isinstance(classes, str) or not isinstance(classes, Sequence):
            raise TypeError("classes must be a list of class names, for example ['spam', 'ok']")
        if len(classes) < 2 or not all(isinstance(c, str) and c.strip() for c in classes):
            raise ValueError(f"classes must hold at least two non-empty strings, got {list(classes)}")
        if len(set(classes)) != len(classes):
            raise ValueError(f"classes must be distinct, got {list(classes)}")
        self.classes: tuple[str, ...] = tuple(classes)
        if ids is None:
            self.ids: tuple[Hashable, ...] = tuple(range(len(self.items)))
        else:
            if isinstance(ids, str) or not isinstance(ids, Sequence):
                raise TypeError("ids must be a list with one identifier per item")
            if len(ids) != len(self.items):
                raise ValueError(f"ids must have one entry per item: {len(self.items)} items, {len(ids)} ids")
            if len(set(ids)) != len(ids):
                raise ValueError("ids must be unique")
            self.ids = tuple(ids)
        if not isinstance(annotator, str) or not annotator.strip():
            raise ValueError("annotator must be a non-empty string, for example 'you' or 'colleague'")
        if guideline is not None and not isinstance(guideline, str):
            raise TypeError("guideline must be a string or None")
        self.annotator = annotator
        self.guideline = guideline
        self._decisions: list[str | None] = []  # one per item done, in order: a class, or None if skipped

        self._header = widgets.HTML()
        self._item = widgets.HTML(layout=widgets.Layout(border="1px solid #bbb", padding="6px 10px", width="auto"))
        self._class_buttons = {
            name: widgets.Button(description=name, button_style="primary", tooltip=_("label this item '{name}'").format(name=name))
            for name in self.classes
        }
        self._skip_button = widgets.Button(description=_("Skip"), tooltip=_("leave this item unlabelled and move on"))
        self._undo_button = widgets.Button(description=_("Undo"), icon="undo", tooltip=_("take back the last label or skip"))
        for name, button in self._class_buttons.items():
            button.on_click(lambda _button, name=name: self._on_click(self.label, name))
        self._skip_button.on_click(lambda _button: self._on_click(self.skip))
        self._undo_button.on_click(lambda _button: self._on_click(self.undo))
        self._progress = widgets.IntProgress(min=0, max=len(self.items), description=_("Progress"))
        self._status = widgets.HTML()
        self._message = widgets.HTML()
        rows = [self._header]
        if guideline:
            rows.append(widgets.HTML("<small><b>" + html.escape(_("Guideline:")) + f"</b> {html.escape(guideline)}</small>"))
        rows += [
            self._item,
            widgets.HBox([*self._class_buttons.values(), self._skip_button, self._undo_button]),
            widgets.HBox([self._progress, self._status]),
            self._message,
        ]
        self.widget = widgets.VBox(rows)
        self._refresh("")

    # --- programmatic API (the buttons call exactly these) -------------------------------------
    def label(self, name: str) -> None:
        """Give the current item the class ``name`` and move to the next item."""
        if not isinstance(name, str) or name not in self.classes:
            raise ValueError(_("{name} is not one of the classes {classes}").format(name=repr(name), classes=list(self.classes)))
        self._require_pending("label")
        self._decisions.append(name)
        self._refresh(_("Item {item} labelled '{name}'.").format(item=repr(self.ids[self.position - 1]), name=name))

    def skip(self) -> None:
        """Leave the current item unlabelled (status 'skipped') and move to the next item."""
        self._require_pending("skip")
        self._decisions.append(None)
        self._refresh(_("Item {item} skipped.").format(item=repr(self.ids[self.position - 1])))

    def undo(self) -> None:
        """Take back the last label or skip and show that item again."""
        if not self._decisions:
            raise ValueError(_("nothing to undo: no item has been labelled or skipped yet"))
        self._decisions.pop()
        self._refresh(_("Undone: back to item {item}.").format(item=repr(self.ids[self.position])))

    def reset(self) -> None:
        """Forget every label and start again from the first item."""
        self._decisions.clear()
        self._refresh(_("Started over."))

    # --- state ---------------------------------------------------------------------------------
    @property
    def position(self) -> int:
        """Index of the item on screen (equal to ``len(items)`` once every item is done)."""
        return len(self._decisions)

    @property
    def done(self) -> bool:
        """True when every item has been labelled or skipped."""
        return self.position == len(self.items)

    @property
    def current(self) -> Any:
        """The item on screen, or None when done."""
        return None if self.done else self.items[self.position]

    @property
    def buttons(self) -> dict[str, Any]:
        """The widget's buttons by name: one per class, then 'Skip' and 'Undo' (tests click them)."""
        return {**self._class_buttons, "Skip": self._skip_button, "Undo": self._undo_button}

    @property
    def counts(self) -> dict[str, int]:
        """How many items are labelled, skipped and still pending."""
        labelled = sum(d is not None for d in self._decisions)
        return {LABELLED: labelled, SKIPPED: self.position - labelled, PENDING: len(self.items) - self.position}

    def to_frame(self) -> pd.DataFrame:
        """One row per item: item_id, text, label (None unless labelled), status, annotator.

        status is 'labelled', 'skipped' or 'pending' (not reached yet).
        """
        import pandas as pd

        decisions = [*self._decisions, *[None] * (len(self.items) - self.position)]
        status = [
            PENDING if k >= self.position else SKIPPED if d is None else LABELLED for k, d in enumerate(decisions)
        ]
        return pd.DataFrame(
            {
                "item_id": list(self.ids),
                "text": [str(item) for item in self.items],
                "label": pd.Series(decisions, dtype=object),
                "status": status,
                "annotator": self.annotator,
            }
        )

    # --- rendering -----------------------------------------------------------------------------
    def as_text(self) -> str:
        """The current state as plain text (what GitHub and other static viewers show)."""
        lines = [_("Labeller ({annotator}): {n} items, classes {classes}").format(
            annotator=self.annotator, n=len(self.items), classes=" / ".join(self.classes))]
        if self.done:
            lines.append(_("All items done."))
        else:
            lines.append(_("Item {number} of {total}: {item}").format(number=self.position + 1, total=len(self.items), item=self.current))
        buttons = " ".join(f"[{name}]" for name in [*self.classes, _("Skip"), _("Undo")])
        lines.append(f"{buttons}   " + self._counts_text())
        return "\n".join(lines)

    # --- internals -----------------------------------------------------------------------------
    def _counts_text(self) -> str:
        counts = self.counts
        return _("{labelled} labelled, {skipped} skipped, {pending} to go").format(
            labelled=counts[LABELLED], skipped=counts[SKIPPED], pending=counts[PENDING])

    def _require_pending(self, action: str) -> None:
        if self.done:
            raise ValueError(
                _("cannot {action}: all {n} items are done (undo() steps back to the last item, reset() starts over)").format(
                    action=action, n=len(self.items))
            )

    def _on_click(self, action: Callable[..., None], *args: str) -> None:
        """What a button does: the API call; an impossible action becomes a message, not an error."""
        try:
            action(*args)
        except ValueError as exc:
            self._message.value = f"<span style='color:#D55E00'>{html.escape(str(exc))}</span>"

    def _refresh(self, message: str) -> None:
        total = len(self.items)
        if self.done:
            self._header.value = "<b>" + html.escape(_("All {total} items done").format(total=total)) + f"</b> ({html.escape(self.annotator)})"
            self._item.value = "<i>" + html.escape(_("Nothing left to label: export with to_frame(), or Undo.")) + "</i>"
        else:
            self._header.value = "<b>" + html.escape(_("Item {number} of {total}").format(number=self.position + 1, total=total)) + f"</b> ({html.escape(self.annotator)})"
            self._item.value = html.escape(str(self.current))
        for button in (*self._class_buttons.values(), self._skip_button):
            button.disabled = self.done
        self._undo_button.disabled = self.position == 0
        self._progress.value = self.position
        self._status.value = "&nbsp;" + html.escape(self._counts_text())
        self._message.value = html.escape(message)
