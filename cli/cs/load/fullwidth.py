"""Full-width punctuation typed on a Chinese keyboard where YAML or cs needs ASCII (UI-3).

With a Chinese input method on, ``：`` ``，`` ``－`` ``～`` come out instead of
``:`` ``,`` ``-``; they look alike, and YAML and cs's time formats see ordinary
text, so the error a person gets ("could not find expected ':'", "not a time
window") does not say what is wrong. The loader and the schema ask here whether a
full-width character explains the problem and, if so, report it by name with the
fix, in English and in the language of the process (the JSON report keeps English).
Every sentence lives in :data:`MESSAGES`, marked for the catalog.
"""

from __future__ import annotations

import re

from cs.i18n import N_
from cs.i18n.message import Message, message

__all__ = ["MESSAGES", "first_full_width", "value_hint", "yaml_hint"]

FULL_WIDTH: dict[str, tuple[str, str]] = {
    "\uff1a": ("colon", ":"),
    "\uff0c": ("comma", ","),
    "\uff0d": ("hyphen", "-"),
    "\uff5e": ("tilde", "-"),
    "\u3000": ("space", " "),
}
"""Full-width character -> (its name in :data:`MESSAGES`, the ASCII that belongs there).

A full-width tilde writes a range in Chinese (``09:00～18:00``); cs writes ranges with ``-``."""

MESSAGES = {
    "colon": N_("full-width colon"),
    "comma": N_("full-width comma"),
    "hyphen": N_("full-width hyphen"),
    "tilde": N_("full-width tilde"),
    "space": N_("full-width space"),
    "yaml": N_(
        "{name} '{char}' (U+{code:04X}) where YAML needs the ASCII '{ascii}'; "
        "switch the input method to half-width (English) and retype it"
    ),
    "yaml.colon": N_(
        "{name} '{char}' (U+{code:04X}) where YAML needs the ASCII '{ascii}' followed by a space (key: value); "
        "switch the input method to half-width (English) and retype it"
    ),
    "yaml.comma": N_(
        "{name} '{char}' (U+{code:04X}) where YAML needs the ASCII '{ascii}' between list items ([a, b]); "
        "switch the input method to half-width (English) and retype it"
    ),
    "value": N_("{name} '{char}' (U+{code:04X}) where cs needs the ASCII '{ascii}'; write {fixed}"),
}
"""Every sentence a person reads about full-width characters, as English templates
for the catalog (whole sentences: a translation may reorder them)."""

_ANY = re.compile("[" + "".join(FULL_WIDTH) + "]")
_AFTER_A_WORD = re.compile(r"(?<=[A-Za-z_])\uff1a|\uff0c")
"""A colon after a key or a comma between items: the ASCII fix adds the space YAML wants."""


def first_full_width(text: str) -> int | None:
    """Index of the first full-width character of :data:`FULL_WIDTH` in ``text``."""
    match = _ANY.search(text)
    return match.start() if match else None


def _describe(char: str) -> dict[str, object]:
    name, ascii_char = FULL_WIDTH[char]
    return {"name": message(MESSAGES[name]), "char": char, "code": ord(char), "ascii": ascii_char}


def yaml_hint(char: str) -> Message:
    """What a YAML syntax error caused by ``char`` should say instead."""
    template = MESSAGES.get(f"yaml.{FULL_WIDTH[char][0]}", MESSAGES["yaml"])
    return message(template, **_describe(char))


def value_hint(value: str) -> Message | None:
    """For a value cs refused: the first full-width character in it and the value as
    it was meant, or None when there is none."""
    at = first_full_width(value)
    if at is None:
        return None
    spaced = _AFTER_A_WORD.sub(lambda m: FULL_WIDTH[m.group()][1] + " ", value)
    fixed = _ANY.sub(lambda m: FULL_WIDTH[m.group()][1], spaced).strip()
    return message(MESSAGES["value"], fixed=repr(fixed), **_describe(value[at]))
