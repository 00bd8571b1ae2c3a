"""Message templates (MSG-7): ``{placeholder}`` substitution that can never run code.

Only bare names from :data:`PLACEHOLDERS` are allowed; ``{{`` and ``}}`` are a
literal brace. Attribute access, indexing, format specs and conversions are
errors, and rendering never goes through ``str.format``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from cs.i18n import N_
from cs.i18n.message import Message, message

PLACEHOLDERS = (
    "customer_name",
    "next_open",
    "queue_position",
    "question_summary",
    "agent_name",
    "timeout",
)

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def template_problems(template: str) -> list[Message]:
    """Every problem in a template, as sentences in both languages; empty when it is fine."""
    problems = []
    for m in _TOKEN.finditer(template):
        token = m.group(0)
        if token in ("{{", "}}"):
            continue
        if token in ("{", "}"):
            problems.append(
                message(
                    N_("unbalanced '{brace}' at character {at}; write '{literal}' for a literal brace"),
                    brace=token,
                    at=m.start() + 1,
                    literal=token + token,
                )
            )
            continue
        name = m.group(1)
        if not _NAME.match(name):
            problems.append(
                message(
                    N_(
                        "'{token}' is not a placeholder: only bare names are allowed "
                        "(no attribute access, indexing or format specs); use one of {names}"
                    ),
                    token=token,
                    names=", ".join(PLACEHOLDERS),
                )
            )
        elif name not in PLACEHOLDERS:
            problems.append(
                message(
                    N_("unknown placeholder '{token}'; use one of {names}"), token=token, names=", ".join(PLACEHOLDERS)
                )
            )
    return problems


def placeholders_in(template: str) -> set[str]:
    """The known placeholder names a template uses."""
    return {m.group(1) for m in _TOKEN.finditer(template) if m.group(1) in PLACEHOLDERS}


def render(template: str, values: Mapping[str, object]) -> str:
    """Substitute placeholders; one without a value is left as written."""

    def substitute(m: re.Match[str]) -> str:
        token = m.group(0)
        if token in ("{{", "}}"):
            return token[0]
        name = m.group(1)
        if name is not None and name in values:
            return str(values[name])
        return token

    return _TOKEN.sub(substitute, template)
