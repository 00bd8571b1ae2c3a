"""The canonical form of a policy: one document per meaning.

Every default written out, windows sorted and spelled ``HH:MM-HH:MM``,
durations in their shortest spelling, a one-day range written as ``date``.
The document is itself a valid policy (``cs show`` exports it as YAML and it
validates back to the same hash), so two files that mean the same thing have
the same :func:`cs.digest.document_hash`.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from cs.model.policy import (
    ENTRY_POINTS,
    Calendar,
    CalendarException,
    DayHours,
    Message,
    Policy,
    Timeout,
)
from cs.model.timefmt import DAY_NAMES, format_duration

Document = dict[str, Any]


def _day(windows: DayHours) -> str | list[str]:
    return [str(w) for w in windows] if windows else "closed"


def _weekly(calendar: Calendar) -> Document:
    return {name: _day(windows) for name, windows in zip(DAY_NAMES, calendar.weekly.days, strict=True)}


def _exception(exc: CalendarException) -> Document:
    out: Document = {"id": exc.id}
    if exc.cron is not None:
        out["cron"] = exc.cron
        if exc.first is not None:
            out["from"] = exc.first.isoformat()
        if exc.last is not None:
            out["to"] = exc.last.isoformat()
    elif exc.first == exc.last and exc.first is not None:
        out["date"] = exc.first.isoformat()
    elif exc.first is not None and exc.last is not None:
        out["from"], out["to"] = exc.first.isoformat(), exc.last.isoformat()
    out["hours"] = _day(exc.hours)
    if exc.note:
        out["note"] = exc.note
    return out


def _optional(out: Document, key: str, value: timedelta | int | None) -> None:
    if value is None:
        return
    out[key] = format_duration(value) if isinstance(value, timedelta) else value


def _message(kind: str, message: Message) -> Document:
    out: Document = {"enabled": message.enabled, "text": dict(sorted(message.texts))}
    if kind == "survey":
        out["in_offline"] = message.in_offline
    return out


def _timeout(timeout: Timeout, with_action: bool) -> Document:
    out: Document = {
        "enabled": timeout.enabled,
        "after": format_duration(timeout.after),
        "warn_before": format_duration(timeout.warn_before),
    }
    if with_action:
        out["action"] = timeout.action
    return out


def to_document(policy: Policy) -> Document:
    """The canonical document of a typed policy (keys in schema order)."""
    doc: Document = {
        "version": policy.version,
        "name": policy.name,
        "timezone": policy.timezone,
        "hours": _weekly(policy.calendar),
    }
    holidays = policy.calendar.holidays
    if holidays is not None:
        workday = holidays.workday_hours
        doc["holidays"] = {
            "calendar": holidays.calendar,
            "holiday_hours": _day(holidays.holiday_hours or ()),
            "workday_hours": DAY_NAMES[workday] if isinstance(workday, int) else _day(workday),
        }
    doc["exceptions"] = [_exception(e) for e in policy.calendar.exceptions]
    doc["agents"] = [
        {
            "id": a.id,
            "name": a.name,
            "role": a.role,
            "teams": sorted(a.teams),
            "languages": list(a.languages),
            "max_chats": a.max_chats,
            "routable": a.routable,
        }
        for a in policy.agents
    ]
    doc["teams"] = [{"id": t.id, "name": t.name} for t in policy.teams]
    schedules = []
    for s in policy.schedules:
        item: Document = {
            "id": s.id,
            "agents": sorted(s.agents),
            "teams": sorted(s.teams),
            "hours": _weekly(s.calendar),
            "exceptions": [_exception(e) for e in s.calendar.exceptions],
            "holidays": s.calendar.holidays is not None or holidays is None,
            "reminder": format_duration(s.reminder),
            "auto_accept": s.auto_accept,
        }
        _optional(item, "idle_offline", s.idle_offline)
        schedules.append(item)
    doc["schedules"] = schedules
    off = policy.offline
    offline: Document = {
        "triggers": {
            "outside_hours": off.triggers.outside_hours,
            "all_agents_busy": off.triggers.all_agents_busy,
        },
        "manual": [
            {
                "from": m.start.strftime("%Y-%m-%dT%H:%M"),
                "to": m.end.strftime("%Y-%m-%dT%H:%M"),
                **({"reason": m.reason} if m.reason else {}),
            }
            for m in off.manual
        ],
        "ends_when": off.ends_when,
    }
    _optional(offline, "delay", off.delay)
    offline.update(
        {
            "destination": off.destination,
            "forward_on_agent_offline": off.forward_on_agent_offline,
            "when_nobody_online": off.when_nobody_online,
            "routing_list": {"agents": list(off.routing_list)},
            "sort": off.sort,
            "categories": [{"id": c.id, "keywords": list(c.keywords), "priority": c.priority} for c in off.categories],
        }
    )
    doc["offline"] = offline
    r = policy.routing
    queue: Document = {"order": r.queue.order}
    _optional(queue, "max_length", r.queue.max_length)
    _optional(queue, "max_wait", r.queue.max_wait)
    doc["routing"] = {
        "mode": r.mode,
        "recent_contact": {
            "enabled": r.recent_contact.enabled,
            "window": format_duration(r.recent_contact.window),
            "bypass_capacity": r.recent_contact.bypass_capacity,
        },
        "groups": {"enabled": r.groups.enabled, "by_order_status": dict(r.groups.by_order_status)},
        "queue": queue,
        "priority": {
            "new_customers": r.priority_new_customers,
            "returning_customers": r.priority_returning_customers,
        },
        "seat_release_delay": format_duration(r.seat_release_delay),
        "bot": {"enabled": r.bot_enabled, "handover_share": r.bot_handover_share},
    }
    m = policy.messages
    doc["messages"] = {
        "default_language": m.default_language,
        "languages": sorted(m.languages),
        "max_length": m.max_length,
        **{kind: _message(kind, message) for kind, message in m.kinds},
    }
    doc["quick_replies"] = [
        {"id": q.id, "group": q.group, "keywords": list(q.keywords), "text": dict(sorted(q.texts))}
        for q in policy.quick_replies
    ]
    doc["timeouts"] = {
        "customer": _timeout(policy.customer_timeout, with_action=False),
        "agent": _timeout(policy.agent_timeout, with_action=True),
    }
    doc["entry_points"] = [e for e in ENTRY_POINTS if e in policy.entry_points]
    doc["system"] = {
        "enabled": policy.system_enabled,
        "member_orders_window": format_duration(policy.member_orders_window),
    }
    return doc
