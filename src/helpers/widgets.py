"""What every course widget shares: a live view in JupyterLab, plain text everywhere else.

A class that builds an ipywidgets tree in ``self.widget`` and describes its state in
``as_text()`` gets, from :class:`TextFallback`, a display that shows the live widget where widgets
render and that text where they do not (GitHub, nbviewer without state, a terminal). nbval
compares that text, so it must be deterministic.

Example:
    >>> class Demo(TextFallback):
    ...     def __init__(self):
    ...         import ipywidgets
    ...         self.widget = ipywidgets.Label("hi")
    ...     def as_text(self):
    ...         return "Demo widget saying hi"
    >>> Demo()
    Demo widget saying hi
    >>> sorted(Demo()._repr_mimebundle_())
    ['application/vnd.jupyter.widget-view+json', 'text/plain']
"""

from __future__ import annotations

from typing import Any

__all__ = ["TextFallback"]


class TextFallback:
    """Mixin for course widgets: ``self.widget`` is displayed live, ``as_text()`` elsewhere."""

    widget: Any

    def as_text(self) -> str:
        raise NotImplementedError("a course widget describes itself in as_text()")

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = dict(self.widget._repr_mimebundle_(**kwargs))
        bundle["text/plain"] = self.as_text()
        return bundle

    def __repr__(self) -> str:
        return self.as_text()
