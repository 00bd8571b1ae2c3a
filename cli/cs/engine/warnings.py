"""Warnings about instants and days the policy cannot answer for with certainty.

Each warning is a :class:`~cs.i18n.message.Message`: the JSON outputs (``warnings``
of ``cs explain`` and ``cs calendar``, what ``cs test`` compares) keep the English,
a person reads it in the language of the process.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from cs.calendar.holidays import holiday_calendar
from cs.calendar.hours import HORIZON_DAYS
from cs.engine.routing import ROUTING_LIST
from cs.i18n import N_
from cs.i18n.message import Message, message
from cs.model.policy import Policy

if TYPE_CHECKING:
    from cs.engine.snapshot import Snapshot


def range_messages(policy: Policy, first: date, last: date) -> list[Message]:
    """Days of ``first`` .. ``last`` beyond the holiday calendar's data years (CAL-5),
    named by the first of them: never a silent guess."""
    rule = policy.calendar.holidays
    if rule is None:
        return []
    data = holiday_calendar(rule.calendar)
    if data.covers(first):
        following = date(first.year + 1, 1, 1)
        while following <= last and data.covers(following):
            following = date(following.year + 1, 1, 1)
        if following > last:
            return []
        first = following
    return [message(N_("{outside}, so its days are treated as ordinary days"), outside=data.outside_text(first))]


def snapshot_messages(policy: Policy, snap: Snapshot) -> list[Message]:
    """The holiday-data warning of an answer at one instant (CAL-5): for its day and
    for the days of the instants it computed (the next opening, when service resumes,
    what the reply's ``{next_open}`` promises, the next transition)."""
    tz = policy.tz
    day = snap.at.astimezone(tz).date()
    transition = snap.next_transition[0] if snap.next_transition is not None else None
    instants = (snap.next_open, snap.service_resumes, snap.awaited, transition)
    ahead = (t.astimezone(tz).date() for t in instants if t is not None)
    found = range_messages(policy, day, max((day, *ahead)))
    if snap.awaited is None and snap.chat_possible:  # (switched off, ENT-1: no reply to promise anything)
        found.append(no_time(snap.route.agent if snap.route.reason == ROUTING_LIST else None))
    return found


def no_time(account: str | None = None) -> Message:
    """A reply's ``{next_open}`` with no time to give (never a silent blank): nothing
    opens within the horizon cs looks ahead (CAL-6), or, for a chat that waits for
    ``account`` (the routing list gave it, OFF-8; it was written to it, OFF-7), the
    account's schedule does not bring it online within the horizon, so its chats wait
    unanswered."""
    if account is None:
        return message(
            N_("nothing opens within {days} days, so replies say no time for {{next_open}} (CAL-6)"),
            days=HORIZON_DAYS,
        )
    return message(
        N_(
            "{agent}'s schedule does not bring it online within {days} days: the chats that wait for it "
            "stay unanswered, and their replies say no time for {{next_open}} (OFF-7, OFF-8)"
        ),
        agent=account,
        days=HORIZON_DAYS,
    )


def instant_messages(policy: Policy, wall: datetime) -> list[Message]:
    """A local wall time (``wall``, read with ``fold=0`` as Python does) that does not
    exist (DST gap) or occurs twice (fold), and the instant it was read as."""
    tz = policy.tz
    naive = wall.replace(tzinfo=None)
    first, second = naive.replace(tzinfo=tz, fold=0), naive.replace(tzinfo=tz, fold=1)
    if first.utcoffset() == second.utcoffset():
        return []
    shown = f"{naive:%Y-%m-%d %H:%M}"
    used = first.astimezone(UTC)
    after = used.astimezone(tz)
    if after.replace(tzinfo=None) != naive:
        return [
            message(
                N_(
                    "{wall} does not exist in {timezone} (the clocks go forward at that hour); "
                    "read as {utc} UTC, which is {local} local time after the change"
                ),
                wall=shown,
                timezone=policy.timezone,
                utc=f"{used:%H:%M}",
                local=f"{after:%H:%M}",
            )
        ]
    return [
        message(
            N_(
                "{wall} occurs twice in {timezone} (the clocks go back at that hour); "
                "read as the first, {utc} UTC (UTC{first_offset}), not the second (UTC{second_offset})"
            ),
            wall=shown,
            timezone=policy.timezone,
            utc=f"{used:%H:%M}",
            first_offset=f"{first:%z}",
            second_offset=f"{second:%z}",
        )
    ]
