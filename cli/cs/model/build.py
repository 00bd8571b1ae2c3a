"""Raw policy tree -> typed :class:`~cs.model.policy.Policy`, defaults filled in.

Called only on a document that passed the JSON Schema and the parse rules
(windows, dates, durations, time zone), so it can trust shapes and spellings.
All defaults of FEATURES.md live here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from cs.messages.defaults import BUILTIN_TEXTS
from cs.model.policy import (
    MESSAGE_KINDS,
    ORDER_STATUSES,
    Agent,
    Calendar,
    CalendarException,
    DayHours,
    Groups,
    HolidayRule,
    ManualOffline,
    Message,
    Messages,
    Offline,
    OfflineCategory,
    OfflineTriggers,
    Path,
    Policy,
    Queue,
    QuickReply,
    RecentContact,
    Routing,
    Schedule,
    Team,
    Timeout,
    WeeklyHours,
)
from cs.model.timefmt import DAY_NAMES, parse_date, parse_duration, parse_local_datetime, parse_window

DEFAULT_WINDOW = "08:00-19:00"  # CAL-3 (seed 004)
DEFAULT_LANGUAGE = "zh"
DEFAULT_MAX_CHATS = 5
DEFAULT_MAX_LENGTH = 300
Raw = Mapping[str, Any]


def day_hours(value: str | Sequence[str]) -> DayHours:
    if value == "closed":
        return ()
    return tuple(sorted(parse_window(w) for w in value))


def weekly_hours(raw: Raw | None) -> WeeklyHours:
    if raw is None:
        return WeeklyHours(tuple(day_hours([DEFAULT_WINDOW]) for _ in DAY_NAMES))
    return WeeklyHours(tuple(day_hours(raw.get(day, "closed")) for day in DAY_NAMES))


def _duration(value: str | None, default: timedelta | None) -> timedelta | None:
    return parse_duration(value) if value is not None else default


def _exceptions(raw: Sequence[Raw], where: Path) -> tuple[CalendarException, ...]:
    out = []
    for i, item in enumerate(raw):
        first = item.get("date", item.get("from"))
        last = item.get("date", item.get("to"))
        out.append(
            CalendarException(
                id=item["id"],
                hours=day_hours(item["hours"]),
                first=parse_date(first) if first else None,
                last=parse_date(last) if last else None,
                cron=item.get("cron"),
                note=item.get("note", ""),
                where=(*where, i),
            )
        )
    return tuple(out)


def _holidays(raw: Raw | None) -> HolidayRule | None:
    if raw is None:
        return None
    workday = raw.get("workday_hours", "mon")
    workday_hours: DayHours | int = (
        DAY_NAMES.index(workday) if isinstance(workday, str) and workday in DAY_NAMES else day_hours(workday)
    )
    return HolidayRule(
        calendar=raw["calendar"],
        holiday_hours=day_hours(raw.get("holiday_hours", "closed")),
        workday_hours=workday_hours,
    )


def _agents(raw: Sequence[Raw], default_language: str) -> tuple[Agent, ...]:
    return tuple(
        Agent(
            id=a["id"],
            name=a.get("name", a["id"]),
            role=a.get("role", "agent"),
            teams=tuple(a.get("teams", ())),
            languages=tuple(a.get("languages", (default_language,))),
            max_chats=int(a.get("max_chats", DEFAULT_MAX_CHATS)),
            routable=a.get("routable", a.get("role", "agent") == "agent"),
            where=("agents", i),
        )
        for i, a in enumerate(raw)
    )


def schedule_holidays(service: HolidayRule | None) -> HolidayRule | None:
    """How the holiday calendar acts on an agent schedule: off on holidays the
    service is closed; their own weekday hours on holidays it opens; on an
    adjusted workday their own hours of the weekday the service borrows (Monday
    when the service gives windows)."""
    if service is None:
        return None
    return HolidayRule(
        calendar=service.calendar,
        holiday_hours=() if not service.holiday_hours else None,
        workday_hours=service.workday_hours if isinstance(service.workday_hours, int) else 0,
    )


def _schedules(raw: Sequence[Raw], service_holidays: HolidayRule | None) -> tuple[Schedule, ...]:
    holidays = schedule_holidays(service_holidays)
    out = []
    for i, s in enumerate(raw):
        where: Path = ("schedules", i)
        out.append(
            Schedule(
                id=s["id"],
                agents=tuple(s.get("agents", ())),
                teams=tuple(s.get("teams", ())),
                calendar=Calendar(
                    weekly=weekly_hours(s["hours"]),
                    exceptions=_exceptions(s.get("exceptions", ()), (*where, "exceptions")),
                    holidays=holidays if s.get("holidays", True) else None,
                ),
                reminder=parse_duration(s.get("reminder", "5m")),
                auto_accept=s.get("auto_accept", True),
                idle_offline=_duration(s.get("idle_offline"), None),
                where=where,
            )
        )
    return tuple(out)


def _offline(raw: Raw, tz: ZoneInfo, bot: bool) -> Offline:
    """With bot reception on and no destination given, offline messages go to the
    message pool (OFF-6, seed 002: the platform allows nothing else then)."""
    triggers = raw.get("triggers", {})
    routing_list = raw.get("routing_list", {})
    return Offline(
        triggers=OfflineTriggers(
            outside_hours=triggers.get("outside_hours", True),
            all_agents_busy=triggers.get("all_agents_busy", False),
        ),
        manual=tuple(
            ManualOffline(
                start=parse_local_datetime(m["from"]).replace(tzinfo=tz),
                end=parse_local_datetime(m["to"]).replace(tzinfo=tz),
                reason=m.get("reason", ""),
                where=("offline", "manual", i),
            )
            for i, m in enumerate(raw.get("manual", ()))
        ),
        ends_when=raw.get("ends_when", "agent_online"),
        delay=_duration(raw.get("delay"), None),
        destination=raw.get("destination", "message_pool" if bot else "main"),
        forward_on_agent_offline=raw.get("forward_on_agent_offline", False),
        when_nobody_online=raw.get("when_nobody_online", "leave_message"),
        routing_list=tuple(routing_list.get("agents", ())),
        sort=raw.get("sort", "time"),
        categories=tuple(
            OfflineCategory(c["id"], tuple(c["keywords"]), int(c.get("priority", 100)))
            for c in raw.get("categories", ())
        ),
    )


def _routing(raw: Raw) -> Routing:
    recent = raw.get("recent_contact", {})
    groups = raw.get("groups", {})
    queue = raw.get("queue", {})
    priority = raw.get("priority", {})
    bot = raw.get("bot", {})
    by_status = groups.get("by_order_status", {})
    return Routing(
        mode=raw.get("mode", "least_loaded"),
        recent_contact=RecentContact(
            enabled=recent.get("enabled", False),
            window=parse_duration(recent.get("window", "72h")),
            bypass_capacity=recent.get("bypass_capacity", True),
        ),
        groups=Groups(
            enabled=groups.get("enabled", False),
            by_order_status=tuple((s, by_status[s]) for s in ORDER_STATUSES if s in by_status),
        ),
        queue=Queue(
            order=queue.get("order", "wait_first"),
            max_length=None if queue.get("max_length") is None else int(queue["max_length"]),
            max_wait=_duration(queue.get("max_wait"), None),
        ),
        priority_new_customers=priority.get("new_customers", False),
        priority_returning_customers=priority.get("returning_customers", False),
        seat_release_delay=parse_duration(raw.get("seat_release_delay", "0m")),
        bot_enabled=bot.get("enabled", False),
        bot_handover_share=float(bot.get("handover_share", 1.0)),
    )


def _messages(raw: Raw) -> Messages:
    default_language = raw.get("default_language", DEFAULT_LANGUAGE)
    kinds = []
    for kind in MESSAGE_KINDS:
        item = raw.get(kind, {})
        texts = item.get("text") or BUILTIN_TEXTS[kind]
        kinds.append(
            (
                kind,
                Message(
                    enabled=item.get("enabled", True),
                    texts=tuple(texts.items()),
                    in_offline=item.get("in_offline", False),
                    where=("messages", kind),
                ),
            )
        )
    return Messages(
        default_language=default_language,
        languages=tuple(raw.get("languages", (default_language,))),
        max_length=int(raw.get("max_length", DEFAULT_MAX_LENGTH)),
        kinds=tuple(kinds),
    )


def _timeout(raw: Raw, after: str, warn_before: str) -> Timeout:
    return Timeout(
        enabled=raw.get("enabled", True),
        after=parse_duration(raw.get("after", after)),
        warn_before=parse_duration(raw.get("warn_before", warn_before)),
        action=raw.get("action", "end"),
    )


def build_policy(raw: Raw, source: str = "") -> Policy:
    tz = ZoneInfo(raw["timezone"])
    holidays = _holidays(raw.get("holidays"))
    messages = _messages(raw.get("messages", {}))
    timeouts = raw.get("timeouts", {})
    system = raw.get("system", {})
    return Policy(
        version=int(raw["version"]),
        name=raw["name"],
        timezone=raw["timezone"],
        calendar=Calendar(
            weekly=weekly_hours(raw.get("hours")),
            exceptions=_exceptions(raw.get("exceptions", ()), ("exceptions",)),
            holidays=holidays,
        ),
        agents=_agents(raw.get("agents", ()), messages.default_language),
        teams=tuple(
            Team(t["id"], t.get("name", t["id"]), where=("teams", i)) for i, t in enumerate(raw.get("teams", ()))
        ),
        schedules=_schedules(raw.get("schedules", ()), holidays),
        offline=_offline(raw.get("offline", {}), tz, raw.get("routing", {}).get("bot", {}).get("enabled", False)),
        routing=_routing(raw.get("routing", {})),
        messages=messages,
        quick_replies=tuple(
            QuickReply(
                id=q["id"],
                group=q.get("group", "all"),
                keywords=tuple(q.get("keywords", ())),
                texts=tuple(q["text"].items()),
                where=("quick_replies", i),
            )
            for i, q in enumerate(raw.get("quick_replies", ()))
        ),
        customer_timeout=_timeout(timeouts.get("customer", {}), "5m", "2m"),
        agent_timeout=_timeout(timeouts.get("agent", {}), "3m", "1m"),
        entry_points=tuple(raw.get("entry_points", ("product_detail", "order_detail", "member_centre"))),
        system_enabled=system.get("enabled", True),
        member_orders_window=parse_duration(system.get("member_orders_window", "30d")),
        source=source,
    )
