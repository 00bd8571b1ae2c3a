"""When service resumes ({next_open}, MSG-4, OFF-3, CAL-6) is found cheaply and the same as
by the step-by-step walk: the end of a run of touching windows is looked up once per
calendar and window, not walked again up to the horizon at every search.

The reference is the walk as it was: one :func:`open_at` per step, up to
``HORIZON_DAYS`` steps. Random policies (calendars, exceptions, holidays,
schedules) and instants must give the same transitions and the same
``service_resumes`` either way, whatever order the searches come in.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cs.calendar import hours
from cs.calendar.hours import HORIZON_DAYS, next_transition
from cs.engine import snapshot as snapshot_module
from cs.engine.presence import OFFLINE, next_online, next_status_change, roster, scheduled_status
from cs.engine.snapshot import scheduled_state, service_resumes
from cs.load.yaml_loader import load_text
from cs.model.policy import Calendar, Policy
from cs.validate import validate_document
from test_engine_property import FIRST_DAY, policies

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def reference_merged_end(calendar: Calendar, tz: ZoneInfo, end: datetime) -> datetime | None:
    """The walk before the step table: one open_at per step."""
    for _ in range(HORIZON_DAYS):
        state = hours.open_at(calendar, tz, end)
        if not state.open or state.interval is None:
            return end
        end = state.interval.end
    return None


def answers(policy: Policy, instants: list[datetime]) -> list[Any]:
    found: list[Any] = []
    for at in instants:
        current = scheduled_state(policy, at)
        found.append(next_transition(policy.calendar, policy.tz, at))
        found.append(service_resumes(policy, current))
        found.append(service_resumes(policy, current, blocked=True))
    return found


def fresh_caches() -> None:
    hours._merged_end.cache_clear()
    hours._window_steps.cache_clear()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(policy=policies(), offsets=st.lists(st.integers(0, 14 * 24 * 4), min_size=1, max_size=6))
def test_resumes_and_transitions_equal_the_step_by_step_walk(policy: Policy, offsets: list[int]) -> None:
    # covers: CAL-6, MSG-4, OFF-3
    start = datetime.combine(FIRST_DAY, datetime.min.time(), policy.tz).astimezone(UTC)
    instants = [start + timedelta(minutes=15 * k) for k in offsets]  # in any order, repeated or not
    fresh_caches()
    fast = answers(policy, instants)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(hours, "_merged_end", reference_merged_end)
        expected = answers(policy, instants)
    assert fast == expected


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(policy=policies(), offset=st.integers(0, 14 * 24 * 4))
def test_a_status_change_is_where_the_status_changes(policy: Policy, offset: int) -> None:  # covers: AG-2, CAL-6
    """next_status_change searches a week at a time: it reported the end of a searched
    week as a change (a schedule open across it), and a spell's end as unknown."""
    at = datetime.combine(FIRST_DAY, datetime.min.time(), policy.tz) + timedelta(minutes=15 * offset)
    minute = timedelta(minutes=1)
    for group in roster(policy).groups:
        presence = group.first
        change = next_status_change(policy, presence, at)
        status = scheduled_status(policy, presence, at)
        if change is None:  # then nothing changes in the days ahead
            hours_ahead = (at + timedelta(hours=h) for h in range(1, 15 * 24))
            assert all(scheduled_status(policy, presence, t) == status for t in hours_ahead)
            continue
        assert scheduled_status(policy, presence, change) != scheduled_status(policy, presence, change - minute)
        for step in range(1, 9):  # the same status all the way there
            assert scheduled_status(policy, presence, at + (change - at) * step / 9) == status
        back = next_online(policy, presence, at)
        assert back is None or (back > at and scheduled_status(policy, presence, back) != OFFLINE)


def around_the_clock(extra: str = "", by_hand: bool = True, tail: str = "") -> Policy:
    """Open around the clock; a2's night shift comes online suspended (``by_hand``) or
    receiving; ``extra`` goes into the night schedule, ``tail`` after it."""
    days = "".join(f"  {d}: ['00:00-24:00']\n" for d in DAYS)
    night = "".join(f"      {d}: ['00:00-08:00', '20:00-24:00']\n" for d in DAYS)
    accept = "    auto_accept: false\n" if by_hand else ""
    text = (
        f"version: 1\nname: x\ntimezone: Europe/Berlin\nhours:\n{days}"
        "agents:\n  - {id: a1, max_chats: 2}\n  - {id: a2, max_chats: 2}\n"
        f"schedules:\n  - id: night\n    agents: [a2]\n{accept}    hours:\n{night}{extra}{tail}"
    )
    validation = validate_document(load_text(text, "x.yaml"))
    assert validation.policy is not None and not validation.errors
    return validation.policy


def test_a_calendar_that_never_closes_is_walked_once(monkeypatch: pytest.MonkeyPatch) -> None:  # covers: CAL-6, MSG-4
    """Open around the clock, a night shift online every day, offline by hand for 282
    days: the search goes through every change in the window until it ends, and the
    windows' ends are looked up once, not again from every change."""
    manual = "offline:\n  manual: [{from: '2026-11-23T00:00', to: '2027-09-01T00:00', reason: move}]\n"
    policy = around_the_clock(by_hand=False, tail=manual)
    calls = 0
    real = hours.open_at

    def counting(calendar: Calendar, tz: ZoneInfo, at: datetime) -> Any:
        nonlocal calls
        calls += 1
        return real(calendar, tz, at)

    monkeypatch.setattr(hours, "open_at", counting)
    fresh_caches()
    at = datetime(2026, 11, 23, 10, tzinfo=UTC)
    ends = datetime(2027, 9, 1, tzinfo=policy.tz)
    assert service_resumes(policy, scheduled_state(policy, at), blocked=True) == ends
    assert next_transition(policy.calendar, policy.tz, at) is None
    # 2 * 282 changes, each asking whether the service is open at two instants, and
    # each window's end looked up once; the walk took HORIZON_DAYS each.
    assert calls < 5 * HORIZON_DAYS
    monkeypatch.setattr(hours, "_merged_end", reference_merged_end)
    calls = 0
    assert service_resumes(policy, scheduled_state(policy, at), blocked=True) == ends
    assert calls > 100 * HORIZON_DAYS


def test_agents_who_come_online_suspended_are_not_searched() -> None:  # covers: AG-4, CAL-6, MSG-4
    """Every routable agent comes online suspended (auto_accept: false): nothing brings
    one online receiving, yet every search walked all HORIZON_DAYS of their changes
    (11 s for one instant of a policy of 60 such schedules)."""
    policy = around_the_clock()  # a1 is on the work hours, receiving: take it off routing
    policy = replace(policy, agents=(replace(policy.agents[0], routable=False), policy.agents[1]))
    at = datetime(2026, 11, 23, 10, tzinfo=UTC)
    searched: list[Any] = []
    real = snapshot_module.next_change

    def counting(*args: Any, **kwargs: Any) -> Any:
        searched.append(args)
        return real(*args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(snapshot_module, "next_change", counting)
        assert service_resumes(policy, scheduled_state(policy, at), blocked=True) is None
    assert searched == []


def test_a_closure_past_the_horizon_of_one_search_is_found_from_a_later_one() -> None:  # covers: CAL-6
    """The horizon counts from each search's start: a step table filled by an earlier
    search must not answer None for a later start that reaches the closure."""
    closed = (FIRST_DAY + timedelta(days=HORIZON_DAYS + 3)).isoformat()
    policy = around_the_clock(f"exceptions:\n  - {{id: shut, date: '{closed}', hours: closed}}\n")
    tz = policy.tz
    fresh_caches()
    found = []
    for offset in (0, 3, 4, 9, 2):  # 4 reaches the closure at the last step of its search, 3 one step too late
        end = datetime.combine(FIRST_DAY + timedelta(days=offset), datetime.min.time(), tz).astimezone(UTC)
        found.append(hours._merged_end(policy.calendar, tz, end))
        assert found[-1] == reference_merged_end(policy.calendar, tz, end)
    closes = datetime.combine(FIRST_DAY + timedelta(days=HORIZON_DAYS + 3), datetime.min.time(), tz).astimezone(UTC)
    assert found == [None, None, closes, closes, None]


def test_a_non_routable_account_on_duty_every_half_hour_does_not_end_the_search() -> None:
    # covers: CAL-5, CAL-6, MSG-4
    """Over the 2026 Spring Festival a non-routable account comes online 24 times a day;
    the search stopped after 256 changes and the reply promised the work hours (02-24
    08:00), not a1's return at 10:00."""
    windows = ", ".join(f"'{h:02d}:00-{h:02d}:30'" for h in range(24))
    week = ", ".join(f"{d}: [{windows}]" for d in DAYS)
    text = (
        "version: 1\nname: x\ntimezone: Asia/Shanghai\nholidays: {calendar: CN}\n"
        "agents: [{id: a1}, {id: n1, routable: false}]\n"
        "schedules:\n"
        "  - {id: s1, agents: [a1], hours: {mon: ['10:00-18:00'], tue: ['10:00-18:00'], wed: ['10:00-18:00']}}\n"
        f"  - {{id: night, agents: [n1], holidays: false, hours: {{{week}}}}}\n"
    )
    validation = validate_document(load_text(text, "x.yaml"))
    assert validation.policy is not None and not validation.errors
    policy = validation.policy
    at = datetime(2026, 2, 14, 20, tzinfo=policy.tz)
    assert service_resumes(policy, scheduled_state(policy, at)) == datetime(2026, 2, 24, 10, tzinfo=policy.tz)
