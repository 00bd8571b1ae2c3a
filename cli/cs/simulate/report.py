"""Reporters for ``cs simulate``: table (default), json, jsonl, csv, markdown.

A :class:`Writer` is the timeline sink of a run and then writes the summary.
The machine formats stream every event as it happens (json, jsonl, csv), so
a long timeline never sits in memory; the table and markdown formats need the
whole timeline for their column widths and collect it. With ``summary_only``
no event is even made.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO

from tabulate import tabulate

from cs.simulate.clock import Clock
from cs.simulate.summary import SUMMARY_VERSION, Summary
from cs.simulate.timeline import Event

FORMATS = ("table", "json", "jsonl", "csv", "markdown")
EVENT_COLUMNS = ("t", "time", "actor", "kind", "visitor", "agent", "detail")


def event_dict(event: Event, clock: Clock) -> dict[str, Any]:
    """One event in the machine formats: ``t`` (seconds since the start), local ``time``, the
    columns, then the event's extras (``reply_kind``, ``language``, ``trigger``...)."""
    row: dict[str, Any] = {
        "t": round(event.t, 3),
        "time": clock.iso(event.t),
        "actor": event.actor,
        "kind": event.kind,
        "visitor": event.visitor,
        "agent": event.agent,
        "detail": event.detail,
    }
    row.update(event.data)
    return row


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


class Writer:
    """Writes one run in one format to ``out``: call :meth:`event` per event (it is the
    run's sink), then :meth:`finish` with the summary."""

    def __init__(self, out: TextIO, fmt: str, clock: Clock, summary_only: bool = False) -> None:
        if fmt not in FORMATS:
            raise ValueError(fmt)
        self.out = out
        self.fmt = fmt
        self.clock = clock
        self.summary_only = summary_only
        self.events: list[Event] = []
        self.count = 0
        self._csv = csv.writer(out, lineterminator="\n") if fmt == "csv" else None
        if fmt == "json":
            out.write(f'{{"version":{SUMMARY_VERSION},"timeline":[' if not summary_only else "")
        elif fmt == "csv" and not summary_only:
            self._csv.writerow(EVENT_COLUMNS)  # type: ignore[union-attr]

    @property
    def sink(self) -> Any:
        return None if self.summary_only else self.event

    def event(self, event: Event) -> None:
        fmt = self.fmt
        if fmt == "jsonl":
            self.out.write(_json({"type": "event", **event_dict(event, self.clock)}) + "\n")
        elif fmt == "json":
            self.out.write(("," if self.count else "") + "\n" + _json(event_dict(event, self.clock)))
        elif fmt == "csv":
            row = event_dict(event, self.clock)
            self._csv.writerow([row[c] for c in EVENT_COLUMNS])  # type: ignore[union-attr]
        else:
            self.events.append(event)
        self.count += 1

    def finish(self, summary: Summary) -> None:
        data = summary.as_dict()
        fmt, out = self.fmt, self.out
        if fmt == "json":
            if self.summary_only:
                out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
            else:
                body = json.dumps(data, ensure_ascii=False, indent=2)
                out.write(f'\n],"summary":{body}}}\n')
        elif fmt == "jsonl":
            out.write(_json({"type": "summary", **data}) + "\n")
        elif fmt == "csv":
            if self.summary_only:
                self._csv.writerow(("key", "value"))  # type: ignore[union-attr]
                for key, value in data.items():
                    if not isinstance(value, (dict, list)):
                        self._csv.writerow((key, value))  # type: ignore[union-attr]
        else:
            markdown = fmt == "markdown"
            parts = [] if self.summary_only else [timeline_text(self.events, self.clock, markdown)]
            parts.append(summary_text(summary, markdown))
            out.write("\n\n".join(parts) + "\n")


def timeline_text(events: Iterable[Event], clock: Clock, markdown: bool = False) -> str:
    rows = [(clock.label(e.t), e.actor, e.kind, e.visitor or "", e.agent or "", e.detail) for e in events]
    table = tabulate(
        rows,
        headers=["time", "actor", "kind", "visitor", "agent", "detail"],
        tablefmt="github" if markdown else "simple",
    )
    return ("## Timeline\n\n" if markdown else "TIMELINE\n") + table


def _section(title: str, markdown: bool) -> str:
    return f"## {title}\n" if markdown else title.upper()


def _percent(share: float) -> str:
    return f"{share * 100:.1f}%"


def summary_text(summary: Summary, markdown: bool = False) -> str:
    """The summary as readable sections (OBS-1, OBS-2)."""
    fmt = "github" if markdown else "simple"
    s = summary
    out = [
        ("# " if markdown else "")
        + f"{s.policy}: scenario '{s.scenario}', seed {s.seed}, {s.start} .. {s.end} ({s.timezone})"
    ]

    def table(title: str, rows: list[Any], headers: Any = ()) -> None:
        if rows:
            out.append(_section(title, markdown) + "\n" + tabulate(rows, headers=headers, tablefmt=fmt))

    table(
        "Visitors",
        [
            ("visitors", s.visitors),
            ("served (answered by an agent)", s.served),
            ("abandoned", s.abandoned),
            ("left an offline message", s.left_message),
            ("still waiting at the end", s.waiting_at_end),
            ("turned away (entry point, system off)", s.turned_away),
            ("resolved by the bot", s.bot_resolved),
            ("unanswered (agent timeout)", s.unanswered),
            ("offline messages recorded", s.offline_messages),
        ],
        ("", "count"),
    )
    table(
        "Service",
        [
            ("asked for an agent while open", s.sought),
            ("had to queue", f"{s.queued} ({_percent(s.p_wait)})"),
            (
                "wait mean / p50 / p90 / max",
                f"{s.wait_mean_s:.1f}s / {s.wait_p50_s:.1f}s / {s.wait_p90_s:.1f}s / {s.wait_max_s:.1f}s",
            ),
            ("answered within 20s", _percent(s.answered_within_20s)),
            ("abandoned", _percent(s.abandon_share)),
            ("agent utilisation", _percent(s.utilization)),
            ("queue longest / mean", f"{s.queue_max} / {s.queue_mean:.2f}"),
            ("forwarded (OFF-7) / reassigned (TMO-2)", f"{s.forwarded} / {s.reassigned}"),
            ("customer timeouts / agent timeouts", f"{s.customer_timeouts} / {s.agent_timeouts}"),
            ("capacity exceptions (RT-3, RT-7)", s.capacity_exceptions),
        ],
        ("", "value"),
    )
    table(
        "Offline periods",
        [(p.start, p.end, p.trigger, p.reason or "") for p in s.offline_periods],
        ("start", "end", "trigger", "reason"),
    )
    table(
        "Coverage gaps (open, no agent online)",
        [(p.start, p.end, f"{p.duration_s / 60:.0f}m") for p in s.coverage_gaps],
        ("start", "end", "length"),
    )
    table(
        "Automatic messages",
        [(kind, lang, n) for kind, by_lang in s.auto_replies.items() for lang, n in by_lang.items()],
        ("kind", "language", "sent"),
    )
    table(
        "Offline messages",
        [("to " + k, n) for k, n in s.offline_message_destinations.items()]
        + [("category " + k, n) for k, n in s.offline_message_categories.items()],
        ("", "count"),
    )
    table("Quick replies suggested", list(s.quick_replies.items()), ("quick reply", "times"))
    table(
        "Agents",
        [
            (
                a.id,
                a.role,
                "yes" if a.routable else "no",
                f"{a.online_s / 3600:.1f}h",
                a.chats,
                _percent(a.utilization),
                a.status_changes,
            )
            for a in s.agents
        ],
        ("agent", "role", "routable", "online", "chats", "utilisation", "status changes"),
    )
    table(
        "By hour",
        [
            (
                h.hour[:16].replace("T", " "),
                h.visitors,
                h.served,
                h.abandoned,
                h.left_message,
                f"{h.wait_mean_s:.1f}s",
                h.queue_max,
            )
            for h in s.hourly
            if h.visitors or h.served or h.queue_max
        ],
        ("hour", "visitors", "served", "abandoned", "left message", "wait mean", "queue max"),
    )
    for warning in s.warnings:
        out.append(f"warning: {warning}")
    return "\n\n".join(out)
