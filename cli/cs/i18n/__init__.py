"""The language cs speaks to a person: English, or Simplified Chinese (UI-1).

Messages are marked in the code with :func:`_` (and :func:`ngettext` for counts)
around the whole English sentence, placeholders named, filled in afterwards::

    _("stale plan: it was made against revision {base}").format(base=n)

so a translator sees the sentence, not fragments, and may move the placeholders.
The catalogs are gettext ones, managed with Babel (``babel.cfg``, see README.md,
Development); at run time only the standard library's :mod:`gettext` reads the
compiled ``locale/zh_CN/LC_MESSAGES/cs.mo`` shipped inside the package.

The language is decided once per process, the first time a message is looked
up: ``CS_LANG`` (``zh`` or ``en``), else the POSIX locale variables in their
order of precedence (``LC_ALL``, ``LC_MESSAGES``, ``LANG``; one starting with
``zh`` means Chinese), else English. What machines read (rule ids, JSON keys and
values, exit codes, ``file:line:col``, the ``cs: error:`` prefix) is never
marked, so it never changes with the language.
"""

from __future__ import annotations

import functools
import gettext
import os
from collections.abc import Mapping
from pathlib import Path

DOMAIN = "cs"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
_CATALOG_LOCALE = {"zh": "zh_CN"}


def choose_language(environ: Mapping[str, str]) -> str:
    """``en`` or ``zh`` from ``CS_LANG``, else the locale variables, else ``en``.

    ``CS_LANG`` also accepts a locale name (``zh_CN.UTF-8``); any other value
    falls back to English rather than failing, as gettext does for an unknown locale.
    """
    explicit = environ.get("CS_LANG", "").strip().lower()
    if explicit:
        return "zh" if explicit.startswith("zh") else "en"
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:  # the first one set wins, as in setlocale(3)
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


@functools.cache
def language() -> str:
    """The language of this process (decided once; :func:`reset` forgets it)."""
    return choose_language(os.environ)


@functools.cache
def _translations() -> gettext.NullTranslations:
    locale = _CATALOG_LOCALE.get(language())
    if locale is None:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[locale], fallback=True)


def reset() -> None:
    """Decide the language again from the environment (for tests that switch it)."""
    language.cache_clear()
    _translations.cache_clear()


def _(message: str) -> str:
    """``message`` in the language of this process (English when untranslated)."""
    return _translations().gettext(message)


def translate(text: str) -> str:
    """``text`` in the language of this process, for a text marked elsewhere than
    in a ``_("...")`` call: the docstring of a command, which the extractor of
    :mod:`cs.i18n.extract` puts in the catalog."""
    return _translations().gettext(text)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of ``singular``/``plural`` for the count ``n`` (Chinese has one)."""
    return _translations().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` as meant in ``context``: for a short word (a column header) whose
    translation depends on where it is shown."""
    return _translations().pgettext(context, message)


def N_(message: str) -> str:
    """Mark ``message`` for the catalog without translating it here: a template
    translated later with :func:`translate` or :func:`cs.i18n.message.message`."""
    return message
