"""The seed behaviours issue 7 found wrong, each acted out in ``explain`` and ``simulate``."""

from __future__ import annotations

from datetime import date

from conftest import local
from conftest import policy as inline_policy
from cs.engine.snapshot import snapshot
from test_simulate import events, hhmm, run

NATIONAL_DAY = date(2026, 10, 1)

BOUND = """
hours: {mon: ["09:00-18:00"], tue: ["09:00-18:00"], wed: ["09:00-18:00"], thu: ["09:00-18:00"],
        fri: ["09:00-18:00"]}
holidays: {calendar: CN, holiday_hours: ["10:00-14:00"]}
exceptions:
  - {id: stocktake, date: 2026-11-24, hours: closed}
agents: [{id: ann, teams: [t1]}, {id: bo}]
teams: [{id: t1}]
schedules:
  - id: team
    teams: [t1]
    hours: {mon: ["09:00-18:00"], tue: ["09:00-18:00"], wed: ["09:00-18:00"], thu: ["09:00-18:00"],
            fri: ["09:00-18:00"]}
  - id: bo-own
    agents: [bo]
    hours: {thu: ["08:00-20:00"], fri: ["08:00-20:00"]}
    exceptions: [{id: bo-overtime, date: 2026-11-24, hours: ["10:00-12:00"]}]
"""


def test_holiday_hours_bind_team_and_single_schedules():  # covers: CAL-5, AG-2 (seed 001 节假日)
    p = inline_policy(BOUND)
    assert [a.agent.id for a in snapshot(p, local(p, "2026-10-01T09:30")).agents_online] == []
    noon = snapshot(p, local(p, "2026-10-01T11:00"))
    assert noon.open and [a.agent.id for a in noon.agents_online] == ["ann", "bo"]
    assert noon.reply is not None and noon.reply.kind == "welcome"
    late = snapshot(p, local(p, "2026-10-01T15:00"))
    assert not late.open and late.agents_online == () and late.reply is not None and late.reply.kind == "off_hours"
    result = run(p, "visitors: [{id: v, at: '09:30'}]", day=NATIONAL_DAY)
    assert [(hhmm(result, e), e.agent) for e in events(result, "agent_online")] == [
        ("10-01 10:00:00", "ann"),
        ("10-01 10:00:00", "bo"),
    ]
    assert {hhmm(result, e) for e in events(result, "agent_offline")} == {"10-01 14:00:00"}
    assert not events(result, "assign") and events(result, "offline_message")  # nobody served before 10:00


def test_closed_exception_day_binds_schedules_unless_the_schedule_has_its_own():  # covers: CAL-4, AG-2 (seed 001)
    p = inline_policy(BOUND)
    s = snapshot(p, local(p, "2026-11-24T09:30"))  # stocktake: closed; ann's team schedule is bound
    assert not s.open and [a.agent.id for a in s.agents_online] == []
    s = snapshot(p, local(p, "2026-11-24T10:30"))  # bo's own exception wins over the closed day
    assert not s.open and [a.agent.id for a in s.agents_online] == ["bo"]
    result = run(p, "visitors: [{id: v, at: '09:30'}]", day=date(2026, 11, 24))
    assert [(hhmm(result, e), e.agent) for e in events(result, "agent_online")] == [("11-24 10:00:00", "bo")]
    assert not events(result, "assign")
