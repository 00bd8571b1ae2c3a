"""Warnings about instants and days the policy cannot answer for with certainty."""

from __future__ import annotations

from datetime import UTC, date, datetime

from cs.calendar.holidays import holiday_calendar
from cs.model.policy import Policy


def range_warnings(policy: Policy, first: date, last: date) -> list[str]:
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
    return [data.outside(first) + ", so its days are treated as ordinary days"]


def date_warnings(policy: Policy, day: date) -> list[str]:
    return range_warnings(policy, day, day)


def instant_warnings(policy: Policy, wall: datetime) -> list[str]:
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
            f"{shown} does not exist in {policy.timezone} (the clocks go forward at that hour); "
            f"read as {used:%H:%M} UTC, which is {after:%H:%M} local time after the change"
        ]
    return [
        f"{shown} occurs twice in {policy.timezone} (the clocks go back at that hour); "
        f"read as the first, {used:%H:%M} UTC (UTC{first:%z}), not the second (UTC{second:%z})"
    ]
