"""A visitor during a run: who they are (from the scenario or drawn) and where they stand.

A plain class whose class attributes are the defaults: interpreted, a synthetic
visitor costs only the few attributes it differs in; compiled (mypyc), every
attribute is a fast native slot. It doubles as the routing
:class:`~cs.engine.routing.Request`.
"""

from __future__ import annotations

from typing import Any

# states
BOT = 1
QUEUED = 2
ASSIGNED = 3
"""With an agent who has not answered yet."""
CHAT = 4
"""Answered: an active exchange until the agent ends it or a timeout closes it."""
DONE = 5


class Visitor:
    """Made with no arguments (no ``__init__`` to call: the caller sets ``arrival``,
    ``handle`` and what else differs from the defaults)."""

    # who
    arrival = 0.0
    handle = 0.0
    """Handle time in seconds: how long the conversation lasts once answered."""
    id: str | None = None
    """Scenario visitors' id; synthetic visitors are ``s<number>``."""
    number = 0
    customer: str | None = None
    """Set for scenario visitors, whose customer may come again (MSG-1 per day, RT-3)."""
    language = ""
    entry_point = "product_detail"
    order_status = "none"
    new = True
    last_agent: Any = None
    last_contact: float | None = None
    """When they last talked with ``last_agent``, on the run's axis."""
    last_contact_age: float | None = None
    chosen_agent: Any = None
    direct_agent: Any = None
    asks_for_human: bool | None = None
    bot_time = 0.0
    text = ""
    """What they have written so far (keywords act on it)."""
    later: tuple[tuple[float, str], ...] = ()
    patience: float | None = None
    silent_after: float | None = None
    answers_warning = False
    # where they stand
    state = 0
    requested = 0.0
    """When they asked for a human (arrival, or the bot's handover)."""
    agent: Any = None
    assign_no = 0
    quiet_from = 0.0
    """When the customer last fell silent in the chat (TMO-1 counts from it)."""
    quiet_no = 0
    """Counts those silences: a TMO-1 timer of an earlier one is stale."""
    timed_out: tuple[Any, ...] = ()
    """The agents this visit timed out with (TMO-2): a reassignment never goes back to one."""
    answer_at = 0.0
    """When the agent would answer, on the run's axis, when that is past the TMO-2 timeout."""
    end_at = 0.0
    queued_at = 0.0
    qtoken = 0
    line: Any = None
    priority = False
    timers = False
    """Patience and OFF-3 delay timers are set (once per visit)."""
    stored = False
    """An offline message was recorded for this visit."""
    welcomed = False

    @property
    def label(self) -> str:
        return self.id if self.id is not None else f"s{self.number}"

    def __repr__(self) -> str:
        return f"<visitor {self.label} state {self.state}>"
