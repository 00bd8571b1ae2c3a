"""The seed behaviours issue 7 found wrong, each acted out in ``explain`` and ``simulate``."""

from __future__ import annotations

from datetime import date

import cs.rules  # noqa: F401 - registers every rule
from conftest import local
from conftest import policy as inline_policy
from cs.engine.snapshot import snapshot
from cs.rules.registry import run_rules
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


SATURDAY_SHIFT = """
hours: {mon: ["09:00-18:00"], sat: ["10:00-16:00"]}
holidays: {calendar: CN}
exceptions:
  - {id: company-trip, date: 2026-11-28, hours: closed}
teams: [{id: presales}]
agents: [{id: he, teams: [presales]}]
schedules:
  - id: presales-team
    teams: [presales]
    hours: {mon: ["09:00-18:00"]}
    exceptions: [{id: saturday-shift, cron: "0 0 * * sat", hours: ["10:00-16:00"]}]
"""


def test_a_schedules_recurring_exception_is_bound_by_a_closed_day_or_holiday():  # covers: CAL-4, CAL-5, AG-2 (seed 001)
    p = inline_policy(SATURDAY_SHIFT)
    s = snapshot(p, local(p, "2026-11-21T11:00"))  # an ordinary Saturday: the shift puts he online
    assert s.open and [a.agent.id for a in s.agents_online] == ["he"]
    for closed in ("2026-11-28T11:00", "2026-10-03T11:00"):  # the company trip; National Day
        s = snapshot(p, local(p, closed))
        assert not s.open and s.agents_online == (), closed
        assert s.reply is not None and s.reply.kind == "off_hours", closed
    result = run(p, "visitors: [{id: v, at: '11:00'}]", day=date(2026, 11, 28))
    assert not events(result, "agent_online") and not events(result, "assign")


NIGHTS = """
hours: {mon: ["09:00-18:00"], tue: ["09:00-18:00"], wed: ["09:00-18:00"], thu: ["09:00-18:00"],
        fri: ["09:00-18:00"]}
holidays: {calendar: CN, holiday_hours: ["00:00-24:00"]}
exceptions:
  - {id: double-11, from: 2026-11-10, to: 2026-11-12, hours: ["00:00-24:00"]}
agents: [{id: night}]
schedules:
  - id: nights
    agents: [night]
    hours: {mon: ["18:00-09:00"], tue: ["18:00-09:00"], wed: ["18:00-09:00"], thu: ["18:00-09:00"],
            fri: ["18:00-09:00"], sat: ["18:00-09:00"], sun: ["18:00-09:00"]}
"""

SPILL = """
hours: {fri: ["18:00-02:00"], sat: ["10:00-16:00"]}
exceptions:
  - {id: short-saturday, date: 2026-11-14, hours: ["10:00-14:00"]}
agents: [{id: n1}]
schedules:
  - {id: late, agents: [n1], hours: {fri: ["18:00-24:00"], sat: ["00:00-02:00", "10:00-16:00"]}}
"""


def test_a_bound_shift_runs_while_any_days_window_keeps_the_shop_open():  # covers: CAL-2, CAL-4, CAL-5, AG-2
    """A night shift starting on a holiday open around the clock stopped at midnight
    although the next day is open too (nobody online at 03:00 on 2 October, or on a
    Double 11 night), and a Saturday 00:00 shift was dropped on a day with its own
    exception although Friday's 18:00-02:00 keeps the shop open."""
    p = inline_policy(NIGHTS)
    for at in ("2026-10-02T03:00", "2026-11-11T03:00", "2026-11-12T03:00"):
        s = snapshot(p, local(p, at))
        assert s.open and [a.agent.id for a in s.agents_online] == ["night"], at
        assert s.reply is not None and s.reply.kind == "welcome", at
    s = snapshot(p, local(p, "2026-10-08T03:00"))  # after the last holiday night: closed, and bound to the holiday
    assert not s.open and s.agents_online == ()
    result = run(p, "visitors: [{id: v, at: '03:00'}]", day=date(2026, 11, 11))
    assert [e.agent for e in events(result, "assign")] == ["night"] and not events(result, "offline_message")
    assert not [e for e in events(result, "agent_offline") if hhmm(result, e) < "11-11 09:00"]
    gaps = [hit.message.english for rule, hit in run_rules(p) if rule.id == "coverage-gap"]
    assert "2026-11-11 09:00-18:00 is open with no routable agent scheduled" in gaps  # the days are not covered
    assert not [gap for gap in gaps if "2026-11-11 00:00" in gap]  # the nights are, as explain says

    p = inline_policy(SPILL)
    s = snapshot(p, local(p, "2026-11-14T01:00"))
    assert s.open and [a.agent.id for a in s.agents_online] == ["n1"]
    s = snapshot(p, local(p, "2026-11-14T15:00"))  # the exception's own hours still bind the afternoon
    assert not s.open and s.agents_online == ()
    result = run(p, "visitors: [{id: v, at: '01:00'}]", day=date(2026, 11, 14))
    assert [e.agent for e in events(result, "assign")] == ["n1"]


CLOSED_TRIP = """
hours: {mon: ["08:00-18:00"], tue: ["08:00-18:00"], wed: ["08:00-18:00"]}
exceptions: [{id: trip, date: 2026-10-20, hours: closed}]
agents: [{id: n}]
schedules:
  - {id: nights, agents: [n], hours: {mon: ["19:00-09:00"], tue: ["19:00-09:00"], wed: ["19:00-09:00"]}}
"""


def test_a_closed_days_night_shift_covers_the_next_opening_and_is_listed_there():  # covers: CAL-2, CAL-4, AG-2
    """The closed day's shift kept only after the next morning's opening was listed as a
    window of the closed day starting at 32:00."""
    from cs.engine.presence import scheduled_windows

    p = inline_policy(CLOSED_TRIP)
    nights = p.schedules[0].calendar
    assert scheduled_windows(p, nights, date(2026, 10, 20)) == ()  # closed: nobody that evening
    assert [str(w) for w in scheduled_windows(p, nights, date(2026, 10, 21))] == ["08:00-09:00", "19:00-09:00"]
    assert not snapshot(p, local(p, "2026-10-21T07:30")).agents_online  # the shop opens at 08:00
    assert [a.agent.id for a in snapshot(p, local(p, "2026-10-21T08:30")).agents_online] == ["n"]


EVE_OF_HOLIDAY = """
hours: {mon: ["00:00-24:00"], tue: ["00:00-24:00"], wed: ["00:00-24:00"], thu: ["00:00-24:00"],
        fri: ["00:00-24:00"], sat: ["00:00-24:00"], sun: ["00:00-24:00"]}
holidays: {calendar: CN, holiday_hours: closed}
exceptions: [{id: shut, date: 2026-11-24, hours: closed}]
agents: [{id: a1}]
schedules:
  - {id: night, agents: [a1], hours: {mon: ["22:00-06:00"], wed: ["22:00-06:00"]}}
"""


def test_an_ordinary_nights_shift_stops_at_midnight_before_a_closed_day():  # covers: CAL-2, CAL-4, CAL-5, AG-2
    """Wednesday's 22:00-06:00 shift kept a1 online at 03:00 on a closed National Day
    (and on a closed exception day), welcoming customers while the shop was closed."""
    from cs.engine.presence import scheduled_windows

    p = inline_policy(EVE_OF_HOLIDAY)
    night = p.schedules[0].calendar
    for eve, closed in (("2026-09-30", "2026-10-01T03:00"), ("2026-11-23", "2026-11-24T03:00")):
        s = snapshot(p, local(p, closed))
        assert not s.open and s.agents_online == () and s.reply is not None and s.reply.kind == "off_hours", closed
        assert [str(w) for w in scheduled_windows(p, night, date.fromisoformat(eve))] == ["22:00-24:00"], eve
    ordinary = snapshot(p, local(p, "2026-11-19T03:00"))  # Wednesday 18 November's shift, into a Thursday
    assert [a.agent.id for a in ordinary.agents_online] == ["a1"]
    assert [str(w) for w in scheduled_windows(p, night, date(2026, 11, 18))] == ["22:00-06:00"]
    result = run(p, "visitors: [{id: v, at: '03:00'}]", day=date(2026, 10, 1))
    assert not events(result, "assign") and events(result, "offline_message")


PAST_MIDNIGHT = """
hours: {mon: ["08:00-24:00"], tue: ["08:00-24:00"], wed: ["08:00-24:00"], thu: ["08:00-24:00"]}
exceptions: [{id: d11, date: 2026-11-11, hours: ["08:00-02:00"]}]
agents: [{id: a}]
schedules:
  - id: all
    agents: [a]
    hours: {mon: ["00:00-02:00", "08:00-24:00"], tue: ["00:00-02:00", "08:00-24:00"],
            wed: ["00:00-02:00", "08:00-24:00"], thu: ["00:00-02:00", "08:00-24:00"]}
"""


def test_an_exception_past_midnight_is_covered_by_the_next_days_early_shift():  # covers: AG-2, OBS-2, CAL-2
    """coverage-gap warned of 2026-11-11 24:00-02:00 while explain has the agent online."""
    p = inline_policy(PAST_MIDNIGHT)
    assert [a.agent.id for a in snapshot(p, local(p, "2026-11-12T01:00")).agents_online] == ["a"]
    assert not [hit for rule, hit in run_rules(p) if rule.id == "coverage-gap"]
    later = inline_policy(PAST_MIDNIGHT.replace('["08:00-02:00"]', '["08:00-03:00"]'))
    gaps = [hit.message.english for rule, hit in run_rules(later) if rule.id == "coverage-gap"]
    assert gaps == ["2026-11-12 02:00-03:00 is open with no routable agent scheduled"], gaps  # not "26:00"


RESUMES = """
hours: {mon: ["09:00-18:00"]}
agents: [{id: ann, max_chats: 1}, {id: bob, max_chats: 1}]
schedules:
  - {id: early, agents: [ann], hours: {mon: ["09:00-10:00", "10:20-18:00"]}}
  - {id: late, agents: [bob], hours: {mon: ["10:30-18:00"]}}
offline: {delay: 5m}
messages:
  languages: [en]
  default_language: en
"""


def test_next_open_is_when_an_agent_can_take_the_chat():  # covers: MSG-4, OFF-3, CAL-6 (seed 000)
    p = inline_policy(RESUMES)
    s = snapshot(p, local(p, "2026-11-23T10:06"))  # inside hours, nobody online
    assert s.offline.trigger == "all_agents_offline" and s.service_resumes == local(p, "2026-11-23T10:20")
    assert s.reply is not None and "from 2026-11-23 10:20" in s.reply.text
    result = run(
        p,
        """
        visitors:
          - {id: nobody-online, at: "10:06"}
          - {id: first, at: "10:21", handle_time: 1h}
          - {id: second, at: "10:22", handle_time: 1h}
          - {id: third, at: "10:23", handle_time: 1h}
        """,
    )
    replies = [dict(e.data) | {"visitor": e.visitor} for e in events(result, "reply")]
    texts = {r["visitor"]: r["text"] for r in replies if r["reply_kind"] == "offline"}
    assert "from 2026-11-23 10:20" in texts["nobody-online"]  # as explain says
    # third waits behind two agents' chats; agents are online, so the OFF-3 delay at 10:28
    # promises now, as explain says at 10:28 (it promised the next agent scheduled to come
    # online, which on a day with no later shift was the next working day)
    assert "from 2026-11-23 10:28" in texts["third"]
    assert snapshot(p, local(p, "2026-11-23T10:28")).service_resumes == local(p, "2026-11-23T10:28")


def test_next_open_for_busy_agents_is_now_not_the_next_working_day():  # covers: MSG-4, OFF-1, OFF-3
    """One agent, open Mondays only, the busy trigger on: a customer arriving while her
    seat is taken was promised "from 2026-11-30 09:00", a week ahead, though the seat
    freed at 10:20 and the next customer was answered at once."""
    p = inline_policy(
        """
        hours: {mon: ["09:00-18:00"]}
        agents: [{id: ann, max_chats: 1}]
        offline: {triggers: {all_agents_busy: true}, delay: 5m}
        messages: {languages: [en], default_language: en}
        """
    )
    result = run(p, "visitors: [{id: v1, at: '10:00', handle_time: 20m}, {id: v2, at: '10:05'}]")
    texts = [dict(e.data)["text"] for e in events(result, "reply", visitor="v2") if "offline" in e.detail]
    assert texts and all("2026-11-23 10:05" in text for text in texts), texts


def test_next_open_never_renders_empty_when_agents_accept_by_hand():  # covers: MSG-4, AG-4, CAL-6 (seed 000)
    p = inline_policy(
        """
        hours: {mon: ["09:00-18:00"]}
        agents: [{id: ann}]
        schedules: [{id: s, agents: [ann], auto_accept: false, hours: {mon: ["09:00-18:00"]}}]
        messages: {languages: [en], default_language: en}
        """
    )
    night = snapshot(p, local(p, "2026-11-23T00:55"))  # no change lets ann take a chat on her own
    assert night.service_resumes is None and night.reply is not None
    assert night.reply.kind == "off_hours" and "2026-11-23 09:00" in night.reply.text  # the work hours open
    day = snapshot(p, local(p, "2026-11-23T10:00"))  # ann online, accepting by hand
    assert day.reply is not None and "from 2026-11-23 10:00" in day.reply.text
    result = run(p, "visitors: [{id: early, at: '00:55'}]")
    (reply,) = [dict(e.data) for e in events(result, "reply", visitor="early")]
    assert "2026-11-23 09:00" in reply["text"]


def test_builtin_queue_text_reads_right_at_every_position():  # covers: MSG-3 (seed 004)
    p = inline_policy("messages: {languages: [zh, en]}\nagents: [{id: ann}]\n")
    from cs.engine.snapshot import render_reply

    for position in (1, 2, 17):
        zh = render_reply(p, "queue", "zh", {"queue_position": position}).text
        en = render_reply(p, "queue", "en", {"queue_position": position}).text
        assert f"排在第 {position} 位" in zh and "前面还有" not in zh  # 1 is first in line, nobody ahead
        assert f"number {position} in the queue" in en


def test_mall_queue_reply_when_nobody_can_take_the_chat():  # covers: MSG-3, OFF-8 (seed 004 排队中提醒)
    from test_simulate import example

    p = example("mall-defaults")
    visitors = [{"id": f"v{i}", "at": "10:00", "handle_time": "30m"} for i in range(11)]
    script = {
        "visitors": [*visitors, {"id": "late", "at": "10:40"}],
        "agents": [
            {"id": "mall-kefu-01", "status_changes": [{"at": "10:35", "status": "offline"}]},
            {"id": "mall-kefu-02", "status_changes": [{"at": "10:35", "status": "offline"}]},
        ],
    }
    result = run(p, script)
    queued = [e for e in events(result, "reply") if dict(e.data)["reply_kind"] == "queue"]
    assert [e.visitor for e in queued] == ["v10", "late"]  # no free seat; then nobody online
    assert "排在第 1 位" in dict(queued[0].data)["text"]
    # no offline mode during work hours: "late" waits in the queue until the hours end
    assert [hhmm(result, e) for e in events(result, "offline_mode_on")] == ["11-23 00:00:00", "11-23 19:00:00"]
    assert [(e.visitor, hhmm(result, e)) for e in events(result, "offline_message")] == [("late", "11-23 19:00:00")]
    assert all(e.agent != "main" for e in result.timeline or ())  # the mall has no main account


SHIFT = """
hours: {mon: ["08:00-18:00"]}
agents: [{id: ann, max_chats: 3}, {id: bob, max_chats: 3}, {id: cy, max_chats: 3}]
schedules: [{id: day, agents: [ann, bob, cy], hours: {mon: ["09:00-18:00"]}}]
offline: {when_nobody_online: wait_in_queue}
routing: {mode: MODE}
"""


def test_agents_starting_a_shift_together_share_the_queue():  # covers: RT-2, OFF-8 (seeds 003, 004)
    visitors = [{"id": f"v{i}", "at": f"08:{10 + i}", "handle_time": "1h"} for i in range(6)]
    for mode in ("least_loaded", "round_robin"):
        result = run(inline_policy(SHIFT.replace("MODE", mode)), {"visitors": visitors})
        taken = [(e.visitor, e.agent) for e in events(result, "assign")]
        assert all(hhmm(result, e) == "11-23 09:00:00" for e in events(result, "assign")), mode
        assert taken == [("v0", "ann"), ("v1", "bob"), ("v2", "cy"), ("v3", "ann"), ("v4", "bob"), ("v5", "cy")], mode


def test_auto_accept_off_is_suspended_in_explain_as_in_simulate(write):  # covers: AG-4 (seed 001)
    import json

    from typer.testing import CliRunner

    from conftest import policy_yaml
    from cs.cli import app

    body = """
    hours: {mon: ["09:00-18:00"]}
    agents: [{id: ann}]
    schedules: [{id: day, agents: [ann], hours: {mon: ["09:00-18:00"]}, auto_accept: false}]
    """
    p = inline_policy(body)
    s = snapshot(p, local(p, "2026-11-23T09:30"))
    assert s.suspended == {"ann"} and s.offline.trigger == "all_agents_offline"
    assert s.reply is not None and s.reply.kind == "offline"
    result = run(p, "visitors: [{id: v, at: '09:30'}]")
    assert [e.kind for e in events(result, visitor="v")][-1] == "offline_message"
    out = json.loads(
        CliRunner()
        .invoke(app, ["explain", str(write("p.yaml", policy_yaml(body))), "--at", "2026-11-23T09:30", "-f", "json"])
        .stdout
    )
    assert out["agents_online"][0]["receiving"] is False and out["offline_mode"]["trigger"] == "all_agents_offline"


def test_calendar_lists_the_agents_explain_puts_online():  # covers: CAL-4, CAL-5, AG-2, CAL-6
    from datetime import datetime, timedelta

    from cs.engine.agenda import agenda

    for text, first, days in (
        (BOUND, date(2026, 9, 28), 11),
        (BOUND, date(2026, 11, 23), 3),
        (SATURDAY_SHIFT, date(2026, 11, 21), 8),
    ):
        p = inline_policy(text)
        listed = {
            (d.plan.day, agent): windows
            for d in agenda(p, first, first + timedelta(days=days - 1))
            for agent, windows in d.agents
        }
        assert listed, text
        for day in (first + timedelta(days=n) for n in range(days)):
            for half_hour in range(48):
                minute = half_hour * 30 + 15
                at = datetime.combine(day, datetime.min.time(), p.tz) + timedelta(minutes=minute)
                online = {a.agent.id for a in snapshot(p, at).agents_online}
                scheduled = {
                    agent
                    for (on, agent), windows in listed.items()
                    if on == day and any(w.start <= minute < w.end for w in windows)
                }
                assert online == scheduled, (day, minute)
    national_day = agenda(inline_policy(BOUND), NATIONAL_DAY, NATIONAL_DAY)[0]
    assert [(agent, [(w.start, w.end) for w in windows]) for agent, windows in national_day.agents] == [
        ("ann", [(600, 840)]),
        ("bo", [(600, 840)]),
    ]


SILENT_AGENT = """
hours: {mon: ["09:00-18:00"]}
agents: [{id: a1}]
timeouts: {agent: {after: 3m, warn_before: 1m, action: reassign}}
offline: {destination: message_pool}
messages: {languages: [en], default_language: en}
"""


def test_a_reassignment_into_offline_mode_tells_the_customer():  # covers: TMO-2, MSG-2, MSG-4, OFF-4
    """The agent's silence ran past closing: the chat went to the message pool and the
    customer was told nothing, where a full queue or a maximum wait sends the reply."""
    p = inline_policy(SILENT_AGENT)
    result = run(p, "agents: [{id: a1, response_time: 10m}]\nvisitors: [{id: v1, at: '17:58'}]")
    replies = [(hhmm(result, e), dict(e.data)["reply_kind"]) for e in events(result, "reply", visitor="v1")]
    assert replies == [("11-23 17:58:00", "welcome"), ("11-23 18:01:00", "off_hours")]
    (reply,) = [e for e in events(result, "reply", visitor="v1") if dict(e.data)["reply_kind"] == "off_hours"]
    assert "2026-11-30 09:00" in dict(reply.data)["text"]  # as explain promises at 18:01
    assert snapshot(p, local(p, "2026-11-23T18:01")).reply.kind == "off_hours"  # type: ignore[union-attr]
    assert [dict(e.data)["destination"] for e in events(result, "offline_message", visitor="v1")] == ["message_pool"]


TWO_SEATS = """
hours: {mon: ["08:00-19:00"]}
agents: [{id: a, max_chats: 1}, {id: b, max_chats: 1}]
timeouts: {customer: {enabled: false}, agent: {action: reassign}}
"""


def test_a_timed_out_chat_nobody_else_can_take_stays_with_its_agent():  # covers: TMO-2, RT-6
    """With b full, v0's reassignment queued it; a's freed seat then went to the next
    arrival, and v0 went back to a: a ping-pong every 3 minutes, 'queued' 11 of 3."""
    p = inline_policy(TWO_SEATS)
    result = run(
        p,
        """
        agents: [{id: a, response_time: 5m}, {id: b, response_time: 0s}]
        visitors:
          - {id: x, at: "09:00", handle_time: 1h30m}
          - {id: v0, at: "10:00", handle_time: 10m}
          - {id: v2, at: "10:05", handle_time: 10m}
        """,
    )
    s = result.summary
    assert (s.queued, s.reassigned, s.served) == (1, 1, 3)  # x moved to b at 09:03; v0 stays; v2 queues
    assert not events(result, "reassign", visitor="v0")  # it never left a
    assert [(hhmm(result, e), e.agent) for e in events(result, "agent_reply", visitor="v0")] == [
        ("11-23 10:05:00", "a")
    ]
    assert [(hhmm(result, e), e.agent) for e in events(result, "assign", visitor="v2")] == [("11-23 10:15:00", "a")]


def test_an_agent_answering_inside_the_warning_time_is_warned_first():  # covers: TMO-2 (seed 004)
    """A first answer at 2m30s (timeout 3m, warning 1m before) came with no warning at 2m."""
    p = inline_policy("hours: {mon: ['10:00-11:00']}\nagents: [{id: a}]\ntimeouts: {customer: {enabled: false}}\n")
    result = run(p, "agents: [{id: a, response_time: 150s}]\nvisitors: [{id: v, at: '10:00'}]")
    kinds = [(hhmm(result, e), e.kind) for e in events(result, visitor="v") if e.kind in ("warning", "agent_reply")]
    assert kinds == [("11-23 10:02:00", "warning"), ("11-23 10:02:30", "agent_reply")]
    result = run(p, "agents: [{id: a, response_time: 110s}]\nvisitors: [{id: v, at: '10:00'}]")
    assert not events(result, "warning")  # answered before the warning was due


def test_a_customer_writing_again_restarts_the_silence_timeout():  # covers: TMO-1 (seed 004)
    """A message 6 minutes in was followed by 'silent for 5m' 30 seconds later: the
    customer's own messages did not count as an answer."""
    p = inline_policy(
        "hours: {mon: ['08:00-19:00']}\nagents: [{id: a, max_chats: 5}]\n"
        "timeouts: {customer: {after: 5m, warn_before: 2m}, agent: {enabled: false}}\n"
    )
    result = run(
        p,
        """
        agents: [{id: a, response_time: 30s}]
        visitors:
          - {id: v1, at: "10:00", handle_time: 30m, silent_after: 1m, answers_warning: false,
             messages: [{text: hi}, {text: "are you still there?", after: 6m}]}
        """,
    )
    timeline = [
        (hhmm(result, e), e.kind) for e in events(result, visitor="v1") if e.kind in ("warning", "message", "close")
    ]
    assert timeline == [
        ("11-23 10:04:30", "warning"),  # silent from 10:01:30
        ("11-23 10:06:00", "message"),  # writes again: silent from 10:06
        ("11-23 10:09:00", "warning"),
        ("11-23 10:11:00", "close"),
    ]


def test_recent_contact_counts_from_the_end_of_the_last_conversation():  # covers: RT-3 (seeds 002, 003)
    """The window was measured from the agent's first answer: a chat that ended at 12:00
    was 25 hours old at 11:00 the next day, so the returning customer went elsewhere."""
    p = inline_policy(
        "agents: [{id: a, max_chats: 3}, {id: b, max_chats: 3}]\n"
        "routing: {recent_contact: {enabled: true, window: 24h}}\n"
        "timeouts: {customer: {enabled: false}, agent: {enabled: false}}\n"
    )
    result = run(
        p,
        """
        visitors:
          - {id: x, at: "09:00", handle_time: 8h}
          - {id: c1, customer: wang, at: "10:00", handle_time: 2h}
          - {id: c2, customer: wang, at: "11:00", day: 2, handle_time: 10m}
        """,
        days=2,
    )
    assert [e.agent for e in events(result, "assign", visitor="c1")] == ["b"]  # x keeps a busy
    (again,) = events(result, "assign", visitor="c2")
    assert again.agent == "b" and "recent contact" in again.detail


def test_round_robin_counts_an_assignment_from_the_queue():  # covers: RT-2, RT-6
    """b took v4 from the queue last, yet the next arrival went to a, not to c after b."""
    p = inline_policy(
        "agents: [{id: a, max_chats: 1}, {id: b, max_chats: 1}, {id: c, max_chats: 1}]\n"
        "routing: {mode: round_robin}\ntimeouts: {customer: {enabled: false}, agent: {enabled: false}}\n"
    )
    result = run(
        p,
        """
        visitors:
          - {id: v1, at: "10:00", handle_time: 25m}
          - {id: v2, at: "10:01", handle_time: 9m}
          - {id: v3, at: "10:02", handle_time: 20m}
          - {id: v4, at: "10:03", handle_time: 2h}
          - {id: n, at: "10:30", handle_time: 10m}
        """,
    )
    assert [(e.visitor, e.agent) for e in events(result, "assign")] == [
        ("v1", "a"),
        ("v2", "b"),
        ("v3", "c"),
        ("v4", "b"),  # from the queue when b frees at 10:10
        ("n", "c"),  # the next after b
    ]


def test_a_timed_out_chat_stays_when_only_busy_offline_mode_would_take_it():  # covers: TMO-2, OFF-1
    """With the all-agents-busy trigger on, the silent agent counted as busy switched
    offline mode on, and the chat became an offline message although a answered at 10:05."""
    p = inline_policy(
        "hours: {mon: ['08:00-19:00']}\nagents: [{id: a, max_chats: 1}, {id: b, max_chats: 1}]\n"
        "offline: {triggers: {all_agents_busy: true}}\n"
        "timeouts: {customer: {enabled: false}, agent: {action: reassign}}\n"
    )
    result = run(
        p,
        """
        agents: [{id: a, response_time: 5m}, {id: b, response_time: 0s}]
        visitors:
          - {id: x, at: "09:59", handle_time: 30m, agent: b}
          - {id: v, at: "10:00", handle_time: 30m, agent: a}
        """,
    )
    assert not events(result, "reassign", visitor="v") and not events(result, "offline_message", visitor="v")
    assert [(hhmm(result, e), e.agent) for e in events(result, "agent_reply", visitor="v")] == [("11-23 10:05:00", "a")]


def test_a_reassignment_never_goes_back_to_an_agent_the_chat_timed_out_with():  # covers: TMO-2
    """Two agents who both answer in 8 minutes passed the chat between them every 3
    minutes until closing; it was never answered."""
    p = inline_policy(
        "hours: {mon: ['08:00-19:00']}\nagents: [{id: a1, max_chats: 2}, {id: a2, max_chats: 1}]\n"
        "timeouts: {customer: {enabled: false}, agent: {after: 3m, warn_before: 1m, action: reassign}}\n"
    )
    result = run(
        p,
        """
        agents: [{id: a1, response_time: 8m}, {id: a2, response_time: 8m}]
        visitors:
          - {id: v1, at: "10:00", handle_time: 30m}
          - {id: v2, at: "10:01", handle_time: 30m}
        """,
    )
    assert result.summary.served == 2 and result.summary.reassigned <= 2
    assert all(len(events(result, "reassign", visitor=v)) <= 1 for v in ("v1", "v2"))


def test_answering_the_customer_warning_restarts_the_silence_and_needs_the_warning():  # covers: TMO-1
    """A customer who answered the warning was never warned or closed again, however long
    they stayed silent; with the warning switched off, such a customer was never closed."""
    body = (
        "hours: {mon: ['08:00-19:00']}\nagents: [{id: a1}]\n"
        "timeouts: {customer: {after: 5m, warn_before: 2m}, agent: {enabled: false}}\n"
    )
    visit = "visitors: [{id: A, at: '10:00', handle_time: 12m, silent_after: 1m, answers_warning: true}]"
    result = run(inline_policy(body), visit)
    assert [hhmm(result, e) for e in events(result, "warning", visitor="A")] == [
        "11-23 10:04:00",
        "11-23 10:07:00",
        "11-23 10:10:00",
    ]
    assert not [e for e in events(result, "close", visitor="A") if dict(e.data)["by"] == "customer_timeout"]
    quiet = inline_policy(body + "messages: {customer_timeout_warning: {enabled: false}}\n")
    result = run(quiet, visit)
    (close,) = events(result, "close", visitor="A")
    assert dict(close.data)["by"] == "customer_timeout" and hhmm(result, close) == "11-23 10:06:00"


def test_a_keyword_written_twice_in_a_quick_reply_counts_once_and_is_a_warning():  # covers: QR-1
    """refund-howto, listing 退款 twice, ranked above refund-policy for "我要退款", though
    each matches one keyword and refund-policy is listed first."""
    from cs.engine.decisions import suggested_quick_replies

    p = inline_policy(
        "quick_replies:\n"
        "  - {id: refund-policy, keywords: [退款], text: {zh: 退款政策}}\n"
        "  - {id: refund-howto, keywords: [退款, 退款], text: {zh: 如何退款}}\n"
    )
    assert [r.id for r in suggested_quick_replies(p, "我要退款")] == ["refund-policy", "refund-howto"]
    found = [hit.message.english for rule, hit in run_rules(p) if rule.id == "quick-reply-duplicate-keyword"]
    assert found == ["keyword '退款' is also used by 'refund-policy'", "keyword '退款' is listed twice in this reply"]


def test_agents_who_come_online_busy_leave_a_coverage_gap():  # covers: AG-4, AG-2, OBS-2
    """A schedule with auto_accept: false covered the work hours for coverage-gap,
    though its agents take no chat until someone sets them online by hand."""
    body = (
        "hours: {mon: ['09:00-18:00']}\nagents: [{id: a1}]\n"
        "schedules:\n  - {id: s, agents: [a1], hours: {mon: ['09:00-18:00']}}\n"
    )
    assert not [hit for rule, hit in run_rules(inline_policy(body)) if rule.id == "coverage-gap"]
    busy = inline_policy(body.replace("]}}\n", "]}, auto_accept: false}\n"))
    gaps = [hit.message.english for rule, hit in run_rules(busy) if rule.id == "coverage-gap"]
    assert gaps == ["mon 09:00-18:00 is open with no routable agent scheduled"]
