"""Reporters for ``cs explain`` (text, json) and ``cs calendar`` (text, json, ics)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from tabulate import tabulate

from cs.engine.agenda import AgendaDay
from cs.engine.snapshot import Snapshot, format_instant
from cs.model.policy import Policy
from cs.model.timefmt import DAY_NAMES

JSON_FORMAT_VERSION = 1


def _iso(at: datetime | None, policy: Policy) -> str | None:
    return at.astimezone(policy.tz).isoformat(timespec="minutes") if at else None


def _reason(snap: Snapshot) -> str:
    state = "open" if snap.open else "closed"
    windows = ", ".join(str(w) for w in snap.plan.windows) or "closed all day"
    return f"{state}: {snap.plan.describe()} {snap.plan.day} {windows}"


def explain_dict(policy: Policy, snap: Snapshot, warnings: Sequence[str]) -> dict[str, Any]:
    offline = snap.offline
    return {
        "version": JSON_FORMAT_VERSION,
        "policy": policy.name,
        "at": _iso(snap.at, policy),
        "timezone": policy.timezone,
        "open": snap.open,
        "reason": _reason(snap),
        "rule": {"kind": snap.plan.rule, "ref": snap.plan.ref or None, "day": snap.plan.day.isoformat()},
        "hours": [str(w) for w in snap.plan.windows],
        "agents_online": [
            {
                "id": p.agent.id,
                "name": p.agent.name,
                "routable": p.agent.routable,
                "receiving": p.agent.id not in snap.suspended,
                "source": p.source,
            }
            for p in snap.agents_online
        ],
        "offline_mode": {
            "on": offline.on,
            "trigger": offline.trigger,
            "reason": offline.manual.reason if offline.manual else None,
            "messages_to": snap.offline_messages_to,
        },
        "chat_possible": snap.chat_possible,
        "reply": (
            {"kind": snap.reply.kind, "language": snap.reply.language, "text": snap.reply.text} if snap.reply else None
        ),
        "next_open": _iso(snap.next_open, policy),
        "service_resumes": _iso(snap.service_resumes, policy),
        "next_transition": (
            {"at": _iso(snap.next_transition[0], policy), "change": snap.next_transition[1]}
            if snap.next_transition
            else None
        ),
        "warnings": list(warnings),
    }


def explain_text(policy: Policy, snap: Snapshot, warnings: Sequence[str]) -> str:
    data = explain_dict(policy, snap, warnings)
    weekday = DAY_NAMES[snap.at.astimezone(policy.tz).weekday()]
    lines = [f"{policy.name} at {format_instant(snap.at.astimezone(policy.tz))} {weekday} ({policy.timezone})"]
    lines.append(f"  {'OPEN' if snap.open else 'CLOSED'}  {data['reason'].split(': ', 1)[1]}")
    online = (
        ", ".join(
            f"{p.agent.id} ({p.source}{', suspended: auto_accept off' if p.agent.id in snap.suspended else ''})"
            for p in snap.agents_online
        )
        or "nobody"
    )
    lines.append(f"  agents online: {online}")
    if snap.offline.on:
        why = f" - {snap.offline.manual.reason}" if snap.offline.manual and snap.offline.manual.reason else ""
        lines.append(f"  offline mode: ON, trigger {snap.offline.trigger}{why}")
        lines.append(f"  offline messages go to: {snap.offline_messages_to}")
    else:
        lines.append("  offline mode: off")
    if not snap.chat_possible:
        lines.append("  reply: none (the customer-service system is switched off)")
    elif snap.reply:
        lines.append(f"  reply ({snap.reply.kind}, {snap.reply.language}): {snap.reply.text}")
    else:
        lines.append("  reply: none (that message kind is disabled)")
    if snap.next_transition:
        at, change = snap.next_transition
        lines.append(f"  next transition: {format_instant(at.astimezone(policy.tz))} {change}")
    else:
        lines.append("  next transition: none within a year")
    lines.extend(f"  warning: {w}" for w in warnings)
    return "\n".join(lines)


def calendar_dict(policy: Policy, days: Sequence[AgendaDay], warnings: Sequence[str] = ()) -> dict[str, Any]:
    return {
        "version": JSON_FORMAT_VERSION,
        "policy": policy.name,
        "timezone": policy.timezone,
        "days": [
            {
                "date": d.plan.day.isoformat(),
                "weekday": DAY_NAMES[d.plan.day.weekday()],
                "open": bool(d.plan.windows),
                "hours": [str(w) for w in d.plan.windows],
                "rule": {"kind": d.plan.rule, "ref": d.plan.ref or None},
                "agents": [{"id": a, "hours": [str(w) for w in ws]} for a, ws in d.agents],
            }
            for d in days
        ],
        "warnings": list(warnings),
    }


def calendar_text(policy: Policy, days: Sequence[AgendaDay]) -> str:
    rows = [
        (
            d.plan.day.isoformat(),
            DAY_NAMES[d.plan.day.weekday()],
            ", ".join(str(w) for w in d.plan.windows) or "closed",
            d.plan.describe(),
            "; ".join(f"{a} {','.join(str(w) for w in ws)}" for a, ws in d.agents) or "-",
        )
        for d in days
    ]
    header = f"{policy.name} ({policy.timezone})\n"
    return header + str(tabulate(rows, headers=["date", "day", "hours", "rule", "agents scheduled"]))


def _ics_time(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _ics_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def calendar_ics(policy: Policy, days: Sequence[AgendaDay], stamp: datetime) -> str:
    """RFC 5545 calendar of the opening hours, one event per open window (UTC times)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//cs//opening hours//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_ics_escape(policy.name)} opening hours",
    ]
    for d in days:
        for i, interval in enumerate(d.intervals):
            if interval.end <= interval.start:  # a window inside a DST gap has no time at all
                continue
            lines += [
                "BEGIN:VEVENT",
                f"UID:{policy.name}-{d.plan.day.isoformat()}-{i}@cs",
                f"DTSTAMP:{_ics_time(stamp)}",
                f"DTSTART:{_ics_time(interval.start)}",
                f"DTEND:{_ics_time(interval.end)}",
                f"SUMMARY:{_ics_escape(policy.name)} open",
                f"DESCRIPTION:{_ics_escape(d.plan.describe())}",
                "END:VEVENT",
            ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"
