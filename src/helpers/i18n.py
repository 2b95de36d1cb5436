"""The language of what the helpers say: English (the source) or a translation from a gettext catalog.

Every message a learner reads from the helpers (check feedback, quiz and widget labels, the data
loader) goes through :func:`_`. In English it is returned as it is; in another language it is
looked up in ``helpers/locale/<language>/LC_MESSAGES/helpers.po``, the standard gettext format that
translators' tools (Poedit, Weblate, Crowdin) read. Messages with values use named placeholders
and ``str.format``, so that a translation can move them::

    _("at that threshold the campaign earns {gap} less").format(gap="$120")

The language is ``en`` unless :func:`set_language` (the Korean notebooks call it in their set-up
cell) or the ``ML_AT_WORK_LANG`` environment variable says otherwise. A missing catalog or entry
falls back to English, never to an error.

Example:
    >>> set_language("en")
    >>> _("that is right.")
    'that is right.'
    >>> language()
    'en'
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

__all__ = ["LANGUAGES", "N_", "_", "language", "set_language", "catalog_path"]

LANGUAGES = ("en", "ko")
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "helpers"
_current: str | None = None


def set_language(lang: str) -> None:
    """Make the helpers speak ``lang`` (one of :data:`LANGUAGES`) from now on, in this process.

    Example:
        >>> set_language("xx")
        Traceback (most recent call last):
        ...
        ValueError: unknown language 'xx': use one of en, ko
    """
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: use one of {', '.join(LANGUAGES)}")
    _current = lang


def language() -> str:
    """The current language: set by :func:`set_language`, else ``ML_AT_WORK_LANG``, else ``en``."""
    if _current is not None:
        return _current
    env = os.environ.get("ML_AT_WORK_LANG", "en")
    return env if env in LANGUAGES else "en"


def catalog_path(lang: str, domain: str = DOMAIN) -> Path:
    """Where the catalog of ``lang`` lives inside the package."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"


@lru_cache(maxsize=8)
def _messages(lang: str, domain: str = DOMAIN) -> dict[str, str]:
    """msgid -> msgstr for the translated, non-fuzzy entries of one catalog ({} when there is none)."""
    path = catalog_path(lang, domain)
    if lang == "en" or not path.exists():
        return {}
    from babel.messages.pofile import read_po  # only when a translation is used

    with path.open("rb") as handle:
        catalog = read_po(handle)
    return {
        str(message.id): str(message.string)
        for message in catalog
        if message.id and isinstance(message.id, str) and message.string and not message.fuzzy
    }


_SPACE = re.compile(r"\s+")


def _(message: str) -> str:
    """``message`` in the current language (itself when there is no translation)."""
    lang = language()
    if lang == "en":
        return message
    table = _messages(lang)
    return table.get(message) or table.get(_SPACE.sub(" ", message).strip()) or message


def N_(message: str) -> str:
    """Mark a text for translation where it is defined (a constant), without translating it there.

    The text is translated where it is shown, with ``_(CONSTANT)``; the catalog tool finds it here.

    Example:
        >>> N_("(none)")
        '(none)'
    """
    return message
