"""Reporters for ``cs explain`` (text, json) and ``cs calendar`` (text, json, ics)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from tabulate import tabulate

from cs.calendar.hours import weekday_shown
from cs.engine.agenda import AgendaDay
from cs.engine.decisions import trigger_shown
from cs.engine.presence import Presence
from cs.engine.snapshot import Snapshot, format_instant
from cs.i18n import _, pgettext
from cs.i18n.message import Message
from cs.model.policy import Policy
from cs.model.timefmt import DAY_NAMES

JSON_FORMAT_VERSION = 1


def _iso(at: datetime | None, policy: Policy) -> str | None:
    """Local ISO time to the minute, to the second when it has seconds (``--every 30s``)."""
    return at.astimezone(policy.tz).isoformat(timespec="seconds" if at.second else "minutes") if at else None


def _reason(snap: Snapshot) -> str:
    state = "open" if snap.open else "closed"
    windows = ", ".join(str(w) for w in snap.plan.windows) or "closed all day"
    return f"{state}: {snap.plan.describe()} {snap.plan.day} {windows}"


def explain_dict(policy: Policy, snap: Snapshot, warnings: Sequence[Message]) -> dict[str, Any]:
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
        "warnings": [w.english for w in warnings],
    }


def _agent_online(snap: Snapshot, presence: Presence) -> str:
    if presence.agent.id in snap.suspended:
        return _("{agent} ({source}, suspended: auto_accept off)").format(
            agent=presence.agent.id, source=presence.source_shown
        )
    return _("{agent} ({source})").format(agent=presence.agent.id, source=presence.source_shown)


def kind_shown(kind: str) -> str:
    """A kind of automatic message as a person reads it: the id in English (what the
    JSON says), its name and the id in Chinese (非工作时间回复 off_hours)."""
    names = {
        "welcome": pgettext("message kind", "welcome"),
        "off_hours": pgettext("message kind", "off_hours"),
        "queue": pgettext("message kind", "queue"),
        "offline": pgettext("message kind", "offline"),
        "survey": pgettext("message kind", "survey"),
        "customer_timeout_warning": pgettext("message kind", "customer_timeout_warning"),
        "agent_timeout_warning": pgettext("message kind", "agent_timeout_warning"),
    }
    return names.get(kind, kind)


def explain_text(policy: Policy, snap: Snapshot, warnings: Sequence[Message]) -> str:
    """The text of ``cs explain`` in the language of this process; the values it quotes
    (ids, triggers, the policy's own texts) are the JSON's."""
    local = snap.at.astimezone(policy.tz)
    lines = [
        _("{policy} at {instant} {weekday} ({timezone})").format(
            policy=policy.name,
            instant=f"{local:%Y-%m-%d %H:%M:%S}" if local.second else format_instant(local),
            weekday=weekday_shown(local),
            timezone=policy.timezone,
        )
    ]
    state = _("OPEN") if snap.open else _("CLOSED")
    windows = ", ".join(str(w) for w in snap.plan.windows) or _("closed all day")
    lines.append(f"  {state}  {snap.plan.describe_shown()} {snap.plan.day} {windows}")
    separator = pgettext("list separator", ", ")
    online = separator.join(_agent_online(snap, p) for p in snap.agents_online) or _("nobody")
    lines.append("  " + _("agents online: {agents}").format(agents=online))
    if snap.offline.on:
        why = f" - {snap.offline.manual.reason}" if snap.offline.manual and snap.offline.manual.reason else ""
        trigger = trigger_shown(snap.offline.trigger or "").shown
        lines.append("  " + _("offline mode: ON, trigger {trigger}").format(trigger=trigger) + why)
        lines.append(
            "  " + _("offline messages go to: {destination}").format(destination=snap.offline_messages_to_shown)
        )
    else:
        lines.append("  " + _("offline mode: off"))
    if not snap.chat_possible:
        lines.append("  " + _("reply: none (the customer-service system is switched off)"))
    elif snap.reply:
        reply = _("reply ({kind}, {language}): {text}")
        kind = kind_shown(snap.reply.kind)
        lines.append("  " + reply.format(kind=kind, language=snap.reply.language, text=snap.reply.text))
    else:
        lines.append("  " + _("reply: none (that message kind is disabled)"))
    if snap.next_transition:
        at = format_instant(snap.next_transition[0].astimezone(policy.tz))
        lines.append("  " + _("next transition: {at} {change}").format(at=at, change=snap.next_transition_shown))
    else:
        lines.append("  " + _("next transition: none within a year"))
    lines.extend("  " + _("warning: {warning}").format(warning=w.shown) for w in warnings)
    return "\n".join(lines)


def calendar_dict(policy: Policy, days: Sequence[AgendaDay], warnings: Sequence[Message] = ()) -> dict[str, Any]:
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
        "warnings": [w.english for w in warnings],
    }


def calendar_text(policy: Policy, days: Sequence[AgendaDay]) -> str:
    """The table of ``cs calendar`` in the language of this process (holiday names
    too: 国庆节); the dates, hours and agent ids are the JSON's."""
    closed = _("closed")
    rows = [
        (
            d.plan.day.isoformat(),
            weekday_shown(d.plan.day),
            ", ".join(str(w) for w in d.plan.windows) or closed,
            d.plan.describe_shown(),
            "; ".join(f"{a} {','.join(str(w) for w in ws)}" for a, ws in d.agents) or "-",
        )
        for d in days
    ]
    headers = [
        pgettext("column", "date"),
        pgettext("column", "day"),
        pgettext("column", "hours"),
        pgettext("column", "rule"),
        pgettext("column", "agents scheduled"),
    ]
    header = f"{policy.name} ({policy.timezone})\n"
    return header + str(tabulate(rows, headers=headers))


def _ics_time(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _ics_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def calendar_ics(policy: Policy, days: Sequence[AgendaDay], stamp: datetime) -> str:
    """RFC 5545 calendar of the opening hours, one event per open window (UTC times).

    The names, summaries and descriptions are read by people in a calendar app, so
    they follow the language; the times and UIDs do not."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//cs//opening hours//EN",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:" + _ics_escape(_("{policy} opening hours").format(policy=policy.name)),
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
                "SUMMARY:" + _ics_escape(_("{policy} open").format(policy=policy.name)),
                f"DESCRIPTION:{_ics_escape(d.plan.describe_shown())}",
                "END:VEVENT",
            ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"
