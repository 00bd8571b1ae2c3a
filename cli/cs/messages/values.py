"""The values a message template is rendered with, by message kind (MSG-7).

One table says which placeholders a kind can fill: a welcome is sent on assignment
(there is an agent), an offline reply is not (there is none), only the queue reply
has a position, only the timeout warnings a timeout. ``cs simulate`` and ``cs explain``
render through :func:`template_values`, and the rule `placeholder-always-empty`
reads the same table, so a placeholder the kind never fills is reported, not
rendered as a silent gap ("Please rate  (1-5 stars)").
"""

from __future__ import annotations

from cs.messages.template import PLACEHOLDERS

_CUSTOMER = ("customer_name", "question_summary")

KIND_PLACEHOLDERS: dict[str, frozenset[str]] = {
    "welcome": frozenset((*_CUSTOMER, "agent_name")),
    "off_hours": frozenset((*_CUSTOMER, "next_open")),
    "queue": frozenset((*_CUSTOMER, "queue_position", "next_open")),
    "offline": frozenset((*_CUSTOMER, "next_open")),
    "survey": frozenset((*_CUSTOMER, "agent_name")),
    "customer_timeout_warning": frozenset((*_CUSTOMER, "agent_name", "timeout")),
    "agent_timeout_warning": frozenset((*_CUSTOMER, "agent_name", "timeout")),
}
"""Message kind -> the placeholders it fills."""

OFFLINE_SURVEY = KIND_PLACEHOLDERS["offline"]
"""A survey attached to an offline reply (``in_offline``) has no agent either."""


def template_values(kind: str, known: dict[str, object]) -> dict[str, object]:
    """Every placeholder's value for a message of ``kind``: the ``known`` ones the kind
    fills; the rest empty. A placeholder the caller cannot know (``cs explain`` has no
    customer) is left out of ``known`` and stays as written."""
    fills = KIND_PLACEHOLDERS[kind]
    return {name: known[name] if name in fills else "" for name in PLACEHOLDERS if name in known or name not in fills}
