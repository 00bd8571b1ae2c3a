"""Reporters for ``cs simulate``: table (default), json, jsonl, csv, markdown.

A :class:`Writer` is the timeline sink of a run and then writes the summary.
No format keeps the timeline in memory: the machine formats (json, jsonl, csv)
write every event as it happens; the table and markdown formats, whose column
widths depend on every row, keep the rows in a temporary file and their widths
as they come (:class:`TimelineTable`). With ``summary_only`` no event is even made.
"""

from __future__ import annotations

import csv
import json
import tempfile
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import IO, Any, TextIO

from cs.i18n import _, pgettext, translate
from cs.simulate.clock import Clock
from cs.simulate.summary import SUMMARY_VERSION, Summary
from cs.simulate.timeline import Event

FORMATS = ("table", "json", "jsonl", "csv", "markdown")
EVENT_COLUMNS = ("t", "time", "actor", "kind", "visitor", "agent", "detail")


def actors_shown() -> dict[str, str]:
    """The actor column of the timeline table as a person reads it (the JSON keeps the names)."""
    return {
        "visitor": pgettext("actor", "visitor"),
        "agent": pgettext("actor", "agent"),
        "system": pgettext("actor", "system"),
    }


def kinds_shown() -> dict[str, str]:
    """The kind column of the timeline table as a person reads it: English shows the stable
    kind names of :data:`cs.simulate.timeline.EVENT_KINDS`, Chinese says what happened (进线)."""
    return {
        "arrive": pgettext("event", "arrive"),
        "turned_away": pgettext("event", "turned_away"),
        "bot": pgettext("event", "bot"),
        "bot_handover": pgettext("event", "bot_handover"),
        "bot_resolved": pgettext("event", "bot_resolved"),
        "assign": pgettext("event", "assign"),
        "queue": pgettext("event", "queue"),
        "reply": pgettext("event", "reply"),
        "warning": pgettext("event", "warning"),
        "agent_reply": pgettext("event", "agent_reply"),
        "takes_chat": pgettext("event", "takes_chat"),
        "quick_reply": pgettext("event", "quick_reply"),
        "message": pgettext("event", "message"),
        "forwarded": pgettext("event", "forwarded"),
        "reassign": pgettext("event", "reassign"),
        "offline_message": pgettext("event", "offline_message"),
        "abandon": pgettext("event", "abandon"),
        "close": pgettext("event", "close"),
        "seat_released": pgettext("event", "seat_released"),
        "agent_online": pgettext("event", "agent_online"),
        "agent_busy": pgettext("event", "agent_busy"),
        "agent_offline": pgettext("event", "agent_offline"),
        "offline_handling": pgettext("event", "offline_handling"),
        "reminder": pgettext("event", "reminder"),
        "hours_open": pgettext("event", "hours_open"),
        "hours_close": pgettext("event", "hours_close"),
        "offline_mode_on": pgettext("event", "offline_mode_on"),
        "offline_mode_off": pgettext("event", "offline_mode_off"),
    }


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
        self.table = TimelineTable(fmt == "markdown") if fmt in ("table", "markdown") and not summary_only else None
        self.actors, self.kinds = actors_shown(), kinds_shown()  # translated once per run, not per event
        self.templates: dict[str, str] = {}
        """Detail templates as shown, each translated once per run (:meth:`_shown`)."""
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
            assert self.table is not None
            e, clock = event, self.clock
            detail = e.sentence.shown(self._shown) if e.sentence is not None else e.detail
            self.table.add(
                (clock.label(e.t), self.actors[e.actor], self.kinds[e.kind], e.visitor or "", e.agent or "", detail)
            )
        self.count += 1

    def _shown(self, template: str) -> str:
        shown = self.templates.get(template)
        if shown is None:
            shown = self.templates[template] = translate(template)
        return shown

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
            if self.table is not None:
                self.table.write(out)
                out.write("\n\n")
            out.write(summary_text(summary, markdown) + "\n")


def timeline_headers() -> list[str]:
    """The timeline table's column headers in the language of this process."""
    return [
        pgettext("column", "time"),
        pgettext("column", "actor"),
        pgettext("column", "kind"),
        pgettext("column", "visitor"),
        pgettext("column", "agent"),
        pgettext("column", "detail"),
    ]


Row = tuple[str, str, str, str, str, str]


def timeline_text(rows: Iterable[Row], markdown: bool = False) -> str:
    """The timeline table in one piece (:class:`TimelineTable` streams it)."""
    return _timeline_title(markdown) + _timeline_table(rows, markdown)


def _timeline_title(markdown: bool) -> str:
    title = _("Timeline")
    return f"## {title}\n\n" if markdown else f"{title.upper()}\n"


def _timeline_table(rows: Iterable[Row], markdown: bool, text: bool = False) -> str:
    """``text``: every column is known to read as text (tabulate need not look for numbers)."""
    from tabulate import tabulate  # imported by the formats that lay out tables only

    return tabulate(
        list(rows), headers=timeline_headers(), tablefmt="github" if markdown else "simple", disable_numparse=text
    )


CHUNK = 2048
"""Rows tabulate lays out at a time when the timeline is written."""


class TimelineTable:
    """The timeline table (table and markdown formats) in bounded memory, the same
    text as :func:`timeline_text` over every row.

    Rows go to a temporary file as they come, and each column's widest cell (as
    tabulate measures it) is kept. At the end tabulate lays the rows out
    :data:`CHUNK` at a time, each chunk headed by a row as wide as the widest of
    the whole timeline (left out of the output), so every chunk is padded as the
    one table would be. That holds when every column reads as text to tabulate
    (a cell that is not a number) and no cell holds what tabulate measures in
    another way (terminal escapes, control characters); otherwise the rows are
    read back and laid out in one piece, as before."""

    def __init__(self, markdown: bool) -> None:
        self.markdown = markdown
        self.rows: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 - closed by write()
        self.count = 0
        self.widths = [0] * len(EVENT_COLUMNS[1:])
        self.text = [False] * len(EVENT_COLUMNS[1:])
        """Columns with a cell tabulate reads as text (so the whole column is text)."""
        self.plain = True
        """Every cell measured as tabulate measures it."""
        import tabulate as tabulate_module

        self._width = tabulate_module.wcwidth.wcswidth if tabulate_module.WIDE_CHARS_MODE else len  # type: ignore[attr-defined]

    def add(self, row: Row) -> None:
        self.count += 1
        widths, text = self.widths, self.text
        for i, cell in enumerate(row):
            width = len(cell) if cell.isascii() and cell.isprintable() else self._measure(cell)
            if width > widths[i]:
                widths[i] = width
            if not text[i] and cell and cell not in ("True", "False") and not _number(cell):
                text[i] = True
        self.rows.write(json.dumps(row, ensure_ascii=False) + "\n")

    def _measure(self, cell: str) -> int:
        if "\x1b" in cell:
            self.plain = False
            return 0
        widest = 0
        for line in cell.replace("\r", "\n").split("\n"):
            width = self._width(line)
            if width < 0:
                self.plain = False
                return 0
            widest = max(widest, width)
        return widest

    def _read(self) -> Iterator[Row]:
        self.rows.seek(0)
        for line in self.rows:
            yield tuple(json.loads(line))

    def write(self, out: TextIO) -> None:
        markdown = self.markdown
        out.write(_timeline_title(markdown))
        if not self.count or not self.plain or not all(self.text):
            out.write(_timeline_table(self._read(), markdown))
            self.rows.close()
            return
        widest: Row = tuple("x" * width for width in self.widths)  # type: ignore[assignment]
        rows = self._read()
        first = True
        while True:
            chunk = list(islice(rows, CHUNK))
            if not chunk:
                break
            lines = _timeline_table([widest, *chunk], markdown, text=True).split("\n")
            if first:
                out.write("\n".join(lines[:2]))
                first = False
            out.write("\n" + "\n".join(lines[3:]))
        self.rows.close()


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _section(title: str, markdown: bool) -> str:
    return f"## {title}\n" if markdown else title.upper()


def _percent(share: float) -> str:
    return f"{share * 100:.1f}%"


def summary_text(summary: Summary, markdown: bool = False) -> str:
    """The summary as readable sections (OBS-1, OBS-2)."""
    from tabulate import tabulate

    fmt = "github" if markdown else "simple"
    s = summary
    title = _("{policy}: scenario '{scenario}', seed {seed}, {start} .. {end} ({timezone})")
    out = [
        ("# " if markdown else "")
        + title.format(policy=s.policy, scenario=s.scenario, seed=s.seed, start=s.start, end=s.end, timezone=s.timezone)
    ]
    count, yes, no = pgettext("column", "count"), _("yes"), _("no")

    def table(title: str, rows: list[Any], headers: Any = ()) -> None:
        if rows:
            out.append(_section(title, markdown) + "\n" + tabulate(rows, headers=headers, tablefmt=fmt))

    table(
        _("Visitors"),
        [
            (_("visitors"), s.visitors),
            (_("served (answered by an agent)"), s.served),
            (_("abandoned"), s.abandoned),
            (_("left an offline message"), s.left_message),
            (_("still waiting at the end"), s.waiting_at_end),
            (_("turned away (entry point, system off)"), s.turned_away),
            (_("resolved by the bot"), s.bot_resolved),
            (_("unanswered (agent timeout)"), s.unanswered),
            (_("offline messages recorded"), s.offline_messages),
        ],
        ("", count),
    )
    table(
        _("Service"),
        [
            (_("asked for an agent while open"), s.sought),
            (_("had to queue"), f"{s.queued} ({_percent(s.p_wait)})"),
            (
                _("wait mean / p50 / p90 / max"),
                f"{s.wait_mean_s:.1f}s / {s.wait_p50_s:.1f}s / {s.wait_p90_s:.1f}s / {s.wait_max_s:.1f}s",
            ),
            (_("answered within 20s"), _percent(s.answered_within_20s)),
            (pgettext("share", "abandoned"), _percent(s.abandon_share)),
            (_("agent utilisation"), _percent(s.utilization)),
            (_("queue longest / mean"), f"{s.queue_max} / {s.queue_mean:.2f}"),
            (_("forwarded (OFF-7) / reassigned (TMO-2)"), f"{s.forwarded} / {s.reassigned}"),
            (_("customer timeouts / agent timeouts"), f"{s.customer_timeouts} / {s.agent_timeouts}"),
            (_("capacity exceptions (RT-3, RT-7)"), s.capacity_exceptions),
        ],
        ("", pgettext("column", "value")),
    )
    start, end = pgettext("column", "start"), pgettext("column", "end")
    table(
        _("Offline periods"),
        [(p.start, p.end, p.trigger, p.reason or "") for p in s.offline_periods],
        (start, end, pgettext("column", "trigger"), pgettext("column", "reason")),
    )
    table(
        _("Coverage gaps (open, no agent online)"),
        [(p.start, p.end, f"{p.duration_s / 60:.0f}m") for p in s.coverage_gaps],
        (start, end, pgettext("column", "length")),
    )
    table(
        _("Automatic messages"),
        [(kind, lang, n) for kind, by_lang in s.auto_replies.items() for lang, n in by_lang.items()],
        (pgettext("column", "kind"), pgettext("column", "language"), pgettext("column", "sent")),
    )
    table(
        _("Offline messages"),
        [(_("to {destination}").format(destination=k), n) for k, n in s.offline_message_destinations.items()]
        + [(_("category {category}").format(category=k), n) for k, n in s.offline_message_categories.items()],
        ("", count),
    )
    table(
        _("Quick replies suggested"),
        list(s.quick_replies.items()),
        (pgettext("column", "quick reply"), pgettext("column", "times")),
    )
    table(
        _("Agents"),
        [
            (
                a.id,
                a.role,
                yes if a.routable else no,
                f"{a.online_s / 3600:.1f}h",
                a.chats,
                _percent(a.utilization),
                a.status_changes,
            )
            for a in s.agents
        ],
        (
            pgettext("column", "agent"),
            pgettext("column", "role"),
            pgettext("column", "routable"),
            pgettext("column", "online"),
            pgettext("column", "chats"),
            pgettext("column", "utilisation"),
            pgettext("column", "status changes"),
        ),
    )
    table(
        _("By hour"),
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
        (
            pgettext("column", "hour"),
            pgettext("column", "visitors"),
            pgettext("column", "served"),
            pgettext("column", "abandoned"),
            pgettext("column", "left message"),
            pgettext("column", "wait mean"),
            pgettext("column", "queue max"),
        ),
    )
    for warning in s.warnings:
        out.append(_("warning: {warning}").format(warning=warning.shown))
    return "\n\n".join(out)
