"""Warnings about an instant the policy cannot answer for with certainty."""

from __future__ import annotations

from datetime import date

from cs.calendar.holidays import holiday_calendar
from cs.model.policy import Policy


def date_warnings(policy: Policy, day: date) -> list[str]:
    """A day outside the holiday calendar's data years (CAL-5): never a silent guess."""
    rule = policy.calendar.holidays
    if rule is None:
        return []
    known = holiday_calendar(rule.calendar).years
    if day.year in known:
        return []
    return [
        f"{day} is outside the {rule.calendar} holiday data ({known.start}-{known.stop - 1}): "
        "holidays and adjusted workdays of that year are unknown, so its days are treated as ordinary days"
    ]
