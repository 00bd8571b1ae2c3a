"""A sentence held in English and in the language of the process (UI-1).

A finding's message is read by machines (the ``message`` value of ``cs validate
--format json`` stays English) and by a person (the text report, GitHub
annotations, JUnit messages, in the chosen language). :func:`message` fills a
template marked with :func:`~cs.i18n.N_` both ways at once, so a rule writes its
sentence once and every reporter picks the form it needs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cs.i18n import translate


@dataclass(frozen=True)
class Message:
    english: str
    shown: str
    """``english`` in the language of this process."""


def message(template: str, **fields: object) -> Message:
    """``template`` (marked with ``N_``) filled in with ``fields``, in English and
    translated. A field that is itself a :class:`Message` (a sentence inside a
    sentence: a hint after a problem) goes in English into the English and
    translated into the translation. Without fields the template is the sentence,
    braces and all."""
    if not fields:
        return Message(template, translate(template))
    english = {k: v.english if isinstance(v, Message) else v for k, v in fields.items()}
    shown = {k: v.shown if isinstance(v, Message) else v for k, v in fields.items()}
    return Message(template.format(**english), translate(template).format(**shown))


def verbatim(text: str) -> Message:
    """A text that is the same in every language (a value quoted from the file, a
    message of a library cs does not translate)."""
    return Message(text, text)


def joined(parts: Iterable[Message], separator: str, shown_separator: str | None = None) -> Message:
    """``parts`` one after another: ``separator`` between the English ones and
    ``shown_separator`` (by default the same) between the translations."""
    parts = list(parts)
    between = separator if shown_separator is None else shown_separator
    return Message(separator.join(p.english for p in parts), between.join(p.shown for p in parts))
