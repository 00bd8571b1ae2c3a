"""When service resumes ({next_open}, MSG-4, OFF-3, CAL-6) is found cheaply and the same as
by the step-by-step walk: the end of a run of touching windows is looked up once per
calendar and window, not walked again up to the horizon at every search.

The reference is the walk as it was: one :func:`open_at` per step, up to
``HORIZON_DAYS`` steps. Random policies (calendars, exceptions, holidays,
schedules) and instants must give the same transitions and the same
``service_resumes`` either way, whatever order the searches come in.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cs.calendar import hours
from cs.calendar.hours import HORIZON_DAYS, next_transition
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


def around_the_clock(extra: str = "") -> Policy:
    days = "".join(f"  {d}: ['00:00-24:00']\n" for d in DAYS)
    night = "".join(f"      {d}: ['00:00-08:00', '20:00-24:00']\n" for d in DAYS)
    text = (
        f"version: 1\nname: x\ntimezone: Europe/Berlin\nhours:\n{days}"
        "agents:\n  - {id: a1, max_chats: 2}\n  - {id: a2, max_chats: 2}\n"
        f"schedules:\n  - id: night\n    agents: [a2]\n    auto_accept: false\n    hours:\n{night}{extra}"
    )
    validation = validate_document(load_text(text, "x.yaml"))
    assert validation.policy is not None and not validation.errors
    return validation.policy


def test_a_calendar_that_never_closes_is_walked_once(monkeypatch: pytest.MonkeyPatch) -> None:  # covers: CAL-6, MSG-4
    """Open around the clock, a night shift that comes online suspended every day: the
    search goes through 256 changes and finds no resumption (None, as the walk does),
    and the windows' ends are looked up once, not again from every change."""
    policy = around_the_clock()
    calls = 0
    real = hours.open_at

    def counting(calendar: Calendar, tz: ZoneInfo, at: datetime) -> Any:
        nonlocal calls
        calls += 1
        return real(calendar, tz, at)

    monkeypatch.setattr(hours, "open_at", counting)
    fresh_caches()
    at = datetime(2026, 11, 23, 10, tzinfo=UTC)
    assert service_resumes(policy, scheduled_state(policy, at), blocked=True) is None
    assert next_transition(policy.calendar, policy.tz, at) is None
    # 256 searches walk the same run of windows: each window's end once (about
    # HORIZON_DAYS + the days the changes cover), where the walk took HORIZON_DAYS each.
    assert calls < 2 * HORIZON_DAYS
    monkeypatch.setattr(hours, "_merged_end", reference_merged_end)
    calls = 0
    assert service_resumes(policy, scheduled_state(policy, at), blocked=True) is None
    assert calls > 100 * HORIZON_DAYS


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
