"""``cs simulate`` acts out the behaviours of FEATURES.md, one scenario per behaviour.

Each seed platform's example policy is run on a small explicit scenario and the
timeline is checked event by event. Helpers here are shared by the other
``test_simulate_*`` files.
"""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import policy as inline_policy
from cs.load.yaml_loader import load_text
from cs.model.policy import Policy
from cs.schema import schema_problems
from cs.simulate import Result, simulate
from cs.simulate.scenario import Scenario, build_scenario, policy_problems
from cs.simulate.timeline import Event
from cs.validate import load_policy

EXAMPLES = Path(__file__).parent.parent / "examples"
MONDAY = date(2026, 11, 23)


def example(name: str) -> Policy:
    return load_policy(EXAMPLES / f"{name}.yaml")


def scenario(source: str | dict[str, Any], policy: Policy | None = None) -> Scenario:
    """A scenario from YAML text or a dict, checked against the schema (and the policy)."""
    raw = load_text(textwrap.dedent(source)).data if isinstance(source, str) else source
    problems = [message for _, _, _, message in schema_problems(raw, "scenario")]
    assert not problems, problems
    built = build_scenario(raw, "test-scenario")
    if policy is not None:
        assert not list(policy_problems(built, policy))
    return built


def run(policy: Policy, source: str | dict[str, Any], day: date = MONDAY, days: int = 1, seed: int = 0) -> Result:
    result = simulate(policy, scenario(source, policy), day, days, seed)
    result.summary.check()
    return result


def events(
    result: Result, kind: str | None = None, visitor: str | None = None, agent: str | None = None
) -> list[Event]:
    assert result.timeline is not None
    return [
        e
        for e in result.timeline
        if (kind is None or e.kind == kind)
        and (visitor is None or e.visitor == visitor)
        and (agent is None or e.agent == agent)
    ]


def hhmm(result: Result, event: Event) -> str:
    """Local day and time of an event, ``MM-DD HH:MM:SS``."""
    return result.clock.label(event.t)[5:]


def data(event: Event) -> dict[str, Any]:
    return dict(event.data)


# --- Meiqia automatic online/offline (seed 001) -------------------------------------------


def test_agents_follow_team_and_own_schedules():  # covers: AG-2
    result = run(example("meiqia-auto-online"), "visitors: []")
    online = {(e.agent, hhmm(result, e)) for e in events(result, "agent_online")}
    assert online == {("tang.lei", "11-23 09:00:00"), ("xu.na", "11-23 09:00:00"), ("he.jing", "11-23 12:00:00")}
    assert "team schedule 'presales-team'" in events(result, "agent_online", agent="tang.lei")[0].detail
    assert "own schedule 'he-jing-late'" in events(result, "agent_online", agent="he.jing")[0].detail


LONG_AFTERNOON = "visitors: [{id: long, at: '12:05', handle_time: 9h}]"
"""One chat that keeps he.jing busy past her automatic offline at 21:00."""


def test_reminder_five_minutes_before_automatic_offline():  # covers: AG-3
    result = run(example("meiqia-auto-online"), LONG_AFTERNOON)
    reminders = [(e.agent, hhmm(result, e)) for e in events(result, "reminder")]
    # tang.lei and xu.na went offline idle at 09:30 (AG-5), so no reminder reaches them at 17:55
    assert reminders == [("he.jing", "11-23 20:55:00")]
    reminder = events(result, "reminder", agent="he.jing")[0]
    assert "automatic offline at 21:00, in 5m; 1 open chat(s)" in reminder.detail


def test_automatic_offline_keeps_open_chats():  # covers: AG-7
    result = run(example("meiqia-auto-online"), LONG_AFTERNOON)
    (handling,) = events(result, "offline_handling", agent="he.jing")
    assert hhmm(result, handling) == "11-23 21:00:00"
    (close,) = events(result, "close", visitor="long")
    assert hhmm(result, close) == "11-23 21:05:00" and data(close)["by"] == "agent"
    he = next(a for a in result.summary.agents if a.id == "he.jing")
    assert result.summary.served == 1 and he.offline_handling_s == pytest.approx(5 * 60)


def test_a_change_of_status_restarts_the_idle_time():  # covers: AG-5, AG-6
    """Idle since 09:00 and set online by hand at 14:30, the agent was set offline "idle
    for 30m" at once, while explain had her online: a status change is an operation."""
    p = inline_policy(
        "hours: {mon: ['09:00-18:00']}\n"
        "agents: [{id: a1}, {id: b1}]\n"
        "schedules:\n"
        "  - {id: s, agents: [a1, b1], hours: {mon: ['09:00-18:00']}, idle_offline: 30m}\n"
    )
    script = {
        "visitors": [{"id": "v1", "at": "14:35", "handle_time": "5m"}],
        "agents": [
            {"id": "a1", "status_changes": [{"at": "14:00", "status": "busy"}, {"at": "14:30", "status": "online"}]}
        ],
    }
    result = run(p, script)
    idle = [hhmm(result, e) for e in events(result, "agent_offline", agent="a1") if "idle" in e.detail]
    assert idle == ["11-23 09:30:00", "11-23 15:10:00"]  # 30 minutes after the chat that ended at 14:40
    (served,) = events(result, "assign", visitor="v1")
    assert served.agent == "a1"


def test_idle_agents_go_offline():  # covers: AG-5
    result = run(example("meiqia-auto-online"), "visitors: [{id: v, at: '09:10', handle_time: 10m}]")
    idle = {(e.agent, hhmm(result, e)) for e in events(result, "agent_offline") if "idle" in e.detail}
    # xu.na never had a chat: offline 30 minutes after coming online; tang.lei 30 minutes after
    # the 09:10-09:20 chat (least loaded sends the chat to the agent listed first, he.jing being offline)
    assert ("xu.na", "11-23 09:30:00") in idle
    assert ("tang.lei", "11-23 09:50:00") in idle
    assert ("he.jing", "11-23 12:30:00") in idle


def test_manual_status_overrides_the_schedule_until_its_next_transition():  # covers: AG-6
    script = """
        agents:
          - id: xu.na
            status_changes:
              - {at: "09:05", status: busy}
          - id: he.jing
            status_changes:
              - {at: "21:30", status: online}
        visitors:
          - {id: a, at: "09:10", handle_time: 1m}
          - {id: b, at: "09:11", handle_time: 1m}
    """
    result = run(example("meiqia-auto-online"), script, days=2)
    # busy: no chat for xu.na although she has the most free seats (least loaded picks tang.lei)
    assert {e.agent for e in events(result, "assign")} == {"tang.lei"}
    # he.jing online by hand after her schedule ended, until her next scheduled transition
    # (Tuesday 12:00 online: no change, then 21:00 offline)
    he = [(e.kind, hhmm(result, e)) for e in events(result, agent="he.jing") if e.kind.startswith("agent_")]
    assert ("agent_online", "11-23 21:30:00") in he
    assert ("agent_offline", "11-24 21:00:00") in he or ("agent_offline", "11-24 12:30:00") in he
    # xu.na is online again when the schedule next brings her online (Tuesday 09:00)
    assert ("agent_online", "11-24 09:00:00") in [(e.kind, hhmm(result, e)) for e in events(result, agent="xu.na")]


def test_auto_accept_off_comes_online_suspended():  # covers: AG-4
    p = inline_policy(
        """
        hours: {mon: ["09:00-18:00"]}
        agents: [{id: ann}]
        schedules:
          - {id: day, agents: [ann], hours: {mon: ["09:00-18:00"]}, auto_accept: false}
        """
    )
    script = """
        agents: [{id: ann, status_changes: [{at: "10:00", status: online}]}]
        visitors:
          - {id: early, at: "09:30"}
          - {id: later, at: "10:30"}
    """
    result = run(p, script)
    assert hhmm(result, events(result, "agent_busy", agent="ann")[0]) == "11-23 09:00:00"
    assert events(result, "offline_message", visitor="early")  # nobody receiving: all agents offline
    assert events(result, "assign", visitor="later", agent="ann")


# --- Meiqia offline mode (seed 000) -------------------------------------------------------


def test_off_hours_reply_in_the_visitors_language_with_the_next_opening_time():  # covers: MSG-2, MSG-6, CAL-6, OFF-4
    script = """
        visitors:
          - {id: en, at: "20:00", language: en, messages: [{text: "I want a refund"}]}
          - {id: tw, at: "20:05", language: zh-Hant-TW, messages: [{text: "价格多少"}]}
    """
    result = run(example("meiqia-offline"), script)
    reply, survey = events(result, "reply", visitor="en")  # the survey rides on offline replies (MSG-5)
    assert data(reply)["reply_kind"] == "off_hours" and data(reply)["language"] == "en"
    assert "back at 2026-11-24 09:00" in data(reply)["text"]
    assert data(survey)["reply_kind"] == "survey"
    fallback, _ = events(result, "reply", visitor="tw")
    assert data(fallback)["language"] == "zh" and "2026-11-24 09:00" in data(fallback)["text"]
    assert result.summary.auto_replies["off_hours"] == {"en": 1, "zh": 1}
    assert result.summary.left_message == 2


def test_offline_messages_sorted_by_category_and_priority():  # covers: OFF-9, OFF-5
    script = """
        visitors:
          - {id: a, at: "20:00", messages: [{text: "价格多少"}]}
          - {id: b, at: "20:01", messages: [{text: "我要退款"}]}
          - {id: c, at: "20:02", messages: [{text: "你好"}]}
    """
    result = run(example("meiqia-offline"), script)
    stored = {e.visitor: data(e) for e in events(result, "offline_message")}
    assert stored["b"] == {
        "destination": "message_pool",
        "category": "after-sales",
        "priority": 10,
        "outcome": "left_message",
    }
    assert stored["a"]["category"] == "product-question" and stored["c"]["category"] is None
    # sort: priority -> after-sales (10) before product-question (50), uncategorised last
    assert list(result.summary.offline_message_categories) == ["after-sales", "product-question", "uncategorised"]


def test_manual_offline_window_with_its_reason():  # covers: OFF-1
    result = run(example("meiqia-offline"), "visitors: [{id: v, at: '14:30'}]", day=date(2026, 11, 27))
    periods = [(p.start[11:16], p.end[11:16], p.trigger, p.reason) for p in result.summary.offline_periods]
    assert ("14:00", "16:00", "manual", "系统升级 (system upgrade)") in periods
    reply, _survey = events(result, "reply", visitor="v")
    assert data(reply)["reply_kind"] == "offline"  # open hours, agents online: not the off-hours text
    assert "2026-11-27 16:00" in data(reply)["text"]


def test_all_agents_busy_turns_offline_mode_on():  # covers: OFF-1, OFF-4
    # 8 + 8 + 6 seats; the 23rd visitor finds them all taken
    crowd = {"visitors": [{"id": f"v{i:02d}", "at": "10:00", "handle_time": "30m"} for i in range(23)]}
    result = run(example("meiqia-offline"), crowd)
    assert len(events(result, "assign")) == 22
    assert ("all_agents_busy", "10:00", "10:30") in [
        (p.trigger, p.start[11:16], p.end[11:16]) for p in result.summary.offline_periods
    ]
    assert [data(e)["reply_kind"] for e in events(result, "reply", visitor="v22")] == ["offline", "survey"]
    assert events(result, "offline_message", visitor="v22")


def test_offline_delay_replies_and_records_while_the_customer_keeps_their_place():  # covers: OFF-3
    p = inline_policy(
        """
        hours: {mon: ["09:00-18:00"]}
        agents: [{id: ann, max_chats: 1}]
        offline: {delay: 2m}
        """
    )
    script = """
        visitors:
          - {id: first, at: "10:00", handle_time: 10m}
          - {id: second, at: "10:00:10", handle_time: 5m}
    """
    result = run(p, script)
    assert [data(e)["reply_kind"] for e in events(result, "reply", visitor="second")] == [
        "queue",
        "offline",
        "welcome",
        "survey",
    ]
    (stored,) = events(result, "offline_message", visitor="second")
    assert hhmm(result, stored) == "11-23 10:02:10"
    assert hhmm(result, events(result, "assign", visitor="second")[0]) == "11-23 10:10:00"
    assert result.summary.served == 2 and result.summary.offline_messages == 1 and result.summary.left_message == 0


@pytest.mark.parametrize("ends_when, served", [("agent_online", True), ("hours_start", False)])
def test_offline_mode_ends_when_a_routable_agent_comes_online(ends_when: str, served: bool):  # covers: OFF-2
    p = inline_policy(
        f"""
        hours: {{mon: ["09:00-18:00"]}}
        agents: [{{id: ann}}]
        offline: {{ends_when: {ends_when}}}
        """
    )
    script = """
        agents: [{id: ann, status_changes: [{at: "20:00", status: online}]}]
        visitors: [{id: v, at: "20:30"}]
    """
    result = run(p, script)
    assert bool(events(result, "assign", visitor="v")) is served
    assert bool(events(result, "offline_message", visitor="v")) is not served


# --- Taobao Qianniu offline-message routing (seed 002) ------------------------------------


def test_offline_messages_go_to_the_proxy_account_whatever_its_status():  # covers: OFF-5
    result = run(example("qianniu-offline-routing"), "visitors: [{id: night, at: '03:00'}]")
    (stored,) = events(result, "offline_message", visitor="night")
    assert stored.agent == "lanshan-flagship.daili" and data(stored)["destination"] == "lanshan-flagship.daili"


def test_offline_messages_default_to_the_main_account():  # covers: OFF-5
    result = run(inline_policy("agents: [{id: ann}]"), "visitors: [{id: night, at: '21:00'}]")
    assert data(events(result, "offline_message", visitor="night")[0])["destination"] == "main"
    assert result.summary.offline_message_destinations == {"main": 1}


def test_forward_from_an_offline_routable_agent_but_never_from_a_non_routing_account():  # covers: OFF-7, RT-5
    script = """
        agents:
          - {id: lanshan-flagship.xiaoya, status_changes: [{at: "09:30", status: offline}]}
          - {id: lanshan-flagship.cangku, status_changes: [{at: "09:30", status: offline}]}
        visitors:
          - {id: to-xiaoya, at: "10:00", agent: lanshan-flagship.xiaoya}
          - {id: to-cangku, at: "10:01", agent: lanshan-flagship.cangku}
          - {id: to-ajie, at: "10:02", agent: lanshan-flagship.ajie}
    """
    result = run(example("qianniu-offline-routing"), script)
    (forwarded,) = events(result, "forwarded")
    assert forwarded.visitor == "to-xiaoya" and forwarded.agent == "lanshan-flagship.xiaoya"
    assert events(result, "assign", visitor="to-xiaoya")[0].agent != "lanshan-flagship.xiaoya"
    (kept,) = events(result, "offline_message", visitor="to-cangku")
    assert kept.agent == "lanshan-flagship.cangku"
    assert events(result, "assign", visitor="to-ajie")[0].agent == "lanshan-flagship.ajie"
    assert result.summary.forwarded == 1


def test_recent_contact_reaches_a_suspended_agent_within_24h():  # covers: RT-3
    script = """
        agents: [{id: lanshan-flagship.mumu, status_changes: [{at: "09:00", status: busy}]}]
        visitors:
          - {id: back, at: "10:00", returning: {last_agent: lanshan-flagship.mumu, ago: 20h}}
          - {id: too-late, at: "10:01", returning: {last_agent: lanshan-flagship.mumu, ago: 30h}}
    """
    result = run(example("qianniu-offline-routing"), script)
    (back,) = events(result, "assign", visitor="back")
    assert (
        back.agent == "lanshan-flagship.mumu"
        and "recent contact" in back.detail
        and "suspended bypassed" in back.detail
    )
    assert events(result, "assign", visitor="too-late")[0].agent != "lanshan-flagship.mumu"
    assert result.summary.capacity_exceptions == 1


# --- Kuaishou shop routing (seed 003) -----------------------------------------------------


def test_returning_customers_go_back_to_their_agent_within_72h_even_when_full():  # covers: RT-3, RT-7
    crowd = [{"id": f"log{i}", "at": "10:00", "order_status": "shipped", "handle_time": "1h"} for i in range(25)]
    returning = [
        {"id": "back", "at": "10:05", "returning": {"last_agent": "zhao.min", "ago": "70h"}},
        {"id": "stranger", "at": "10:06", "returning": {"last_agent": "zhao.min", "ago": "73h"}},
    ]
    result = run(example("kuaishou-group-routing"), {"visitors": crowd + returning})
    (back,) = events(result, "assign", visitor="back")
    assert back.agent == "zhao.min" and "capacity bypassed" in back.detail  # zhao.min has 25/25
    assert events(result, "assign", visitor="stranger")[0].agent in ("zhang.wei", "li.jing")  # status none -> presale


def test_group_routing_by_order_status():  # covers: RT-4, RT-6
    statuses = ["none", "unpaid", "paid_not_shipped", "shipped", "after_sale", "completed"]
    script = {"visitors": [{"id": s, "at": "10:00", "order_status": s} for s in statuses]}
    result = run(example("kuaishou-group-routing"), script)
    teams = {e.visitor: e.agent for e in events(result, "assign")}
    assert teams["none"] in ("zhang.wei", "li.jing") and teams["unpaid"] in ("zhang.wei", "li.jing")
    assert teams["paid_not_shipped"] == "wang.qiang" and teams["shipped"] == "zhao.min"
    assert teams["after_sale"] in ("sun.yue", "zhou.lin") and teams["completed"] in ("sun.yue", "zhou.lin")
    assert all("group" in e.detail for e in events(result, "assign"))


def test_a_full_group_queues_in_its_own_queue_and_a_group_with_nobody_online_goes_to_anyone():  # covers: RT-4, RT-6
    crowd = [{"id": f"p{i}", "at": "10:00", "order_status": "paid_not_shipped", "handle_time": "5m"} for i in range(26)]
    script = {
        "agents": [
            {"id": "sun.yue", "status_changes": [{"at": "09:30", "status": "offline"}]},
            {"id": "zhou.lin", "status_changes": [{"at": "09:30", "status": "offline"}]},
        ],
        "visitors": [*crowd, {"id": "after", "at": "10:01", "order_status": "after_sale"}],
    }
    result = run(example("kuaishou-group-routing"), script)
    (queued,) = events(result, "queue", visitor="p25")  # wang.qiang's 25 seats are taken
    assert "in the fulfilment queue" in queued.detail
    # chats end at 10:05; Kuaishou holds each seat 20 more minutes (RT-8)
    assert hhmm(result, events(result, "assign", visitor="p25")[0]) == "11-23 10:25:00"
    assert events(result, "assign", visitor="p25")[0].agent == "wang.qiang"  # not another team's agent
    (anyone,) = events(result, "assign", visitor="after")
    assert anyone.agent not in ("sun.yue", "zhou.lin") and "any agent" in anyone.detail


def test_a_routing_list_customer_who_leaves_before_the_account_comes_online_leaves_a_message():
    # covers: OFF-4, OFF-8
    """Told "leave a message" at 20:00 and assigned by the routing list to an offline
    account, the customer left at 20:10 and nothing was recorded: 219 such customers
    on the Black Friday example vanished from the summary."""
    p = inline_policy(
        "hours: {mon: ['09:00-18:00'], tue: ['09:00-18:00']}\n"
        "agents: [{id: a1}, {id: b1}]\n"
        "offline: {when_nobody_online: routing_list, routing_list: {agents: [a1]}, destination: message_pool}\n"
    )
    script = {"visitors": [{"id": "night", "at": "20:00", "patience": "10m"}, {"id": "late", "at": "21:00"}]}
    result = run(p, script, days=2)
    (kept,) = events(result, "offline_message")
    assert (kept.visitor, kept.agent, hhmm(result, kept)) == ("night", "a1", "11-23 20:10:00")
    assert result.summary.offline_messages == 1 and result.summary.abandoned == 1
    (taken,) = events(result, "takes_chat")  # the one who stayed is a real chat, answered at 09:00
    assert (taken.visitor, hhmm(result, taken)) == ("late", "11-24 09:00:00")


def replies(result: Result, kind: str) -> dict[str, str]:
    """Each visitor's reply of ``kind``, by visitor."""
    return {e.visitor: dict(e.data)["text"] for e in events(result, "reply") if dict(e.data)["reply_kind"] == kind}


WAITS_FOR_ONE = (
    "hours: {mon: ['08:00-18:00'], tue: ['08:00-18:00']}\n"
    "agents: [{id: a1, max_chats: 1}, {id: b1}, {id: c1}]\n"
    "schedules:\n"
    "  - {id: nine, agents: [a1], hours: {mon: ['09:00-18:00'], tue: ['09:00-18:00']}}\n"
    "  - {id: ten, agents: [c1], hours: {mon: ['10:00-18:00'], tue: ['10:00-18:00']}}\n"
    "messages: {default_language: en, languages: [en], off_hours: {text: {en: 'back {next_open}'}},"
    " offline: {text: {en: 'reply from {next_open}'}}}\n"
)


def test_a_routing_list_chat_is_promised_when_its_own_account_comes_online():  # covers: OFF-8, MSG-4
    """Assigned by the routing list to a1 (back at 09:00) and c1 (10:00), both customers
    were promised 08:00, when b1 comes online; their chats waited for a1 and c1."""
    p = inline_policy(
        WAITS_FOR_ONE + "offline: {when_nobody_online: routing_list, routing_list: {agents: [a1, c1]},"
        " destination: message_pool}\n"
    )
    result = run(p, {"visitors": [{"id": "n1", "at": "20:00"}, {"id": "n2", "at": "20:10"}]}, days=2)
    assert [e.agent for e in events(result, "assign")] == ["a1", "c1"]
    assert replies(result, "off_hours") == {"n1": "back 2026-11-24 09:00", "n2": "back 2026-11-24 10:00"}
    taken = {e.visitor: hhmm(result, e) for e in events(result, "takes_chat")}
    assert taken == {"n1": "11-24 09:00:00", "n2": "11-24 10:00:00"}


def test_a_routing_list_account_offline_by_hand_is_promised_at_its_next_shift():  # covers: OFF-8, AG-6
    """Everyone went offline by hand; the routing list gave the 10:30 chat to a1, whose
    schedule has it online until 18:00: a1 is back at its next shift, 09:00 the next
    day, not when b1's work hours start at 08:00."""
    p = inline_policy(
        WAITS_FOR_ONE + "offline: {when_nobody_online: routing_list, routing_list: {agents: [a1]},"
        " destination: message_pool}\n"
    )
    away = [{"id": a, "status_changes": [{"at": "10:00", "status": "offline"}]} for a in ("a1", "b1", "c1")]
    result = run(p, {"agents": away, "visitors": [{"id": "n1", "at": "10:30"}]}, days=2)
    assert replies(result, "offline") == {"n1": "reply from 2026-11-24 09:00"}
    assert [hhmm(result, e) for e in events(result, "takes_chat")] == ["11-24 09:00:00"]


def test_an_account_on_duty_around_the_clock_but_offline_by_hand_is_promised_no_invented_time():
    # covers: OFF-7, OFF-8, AG-6, CAL-6
    """a1 is scheduled online all week and went offline by hand: nothing in its schedule
    brings it back (AG-6), yet both customers waiting for it were promised 2026-12-07
    00:00, the end of the weeks the schedule was searched in."""
    days = ", ".join(f"{d}: ['00:00-24:00']" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
    p = inline_policy(
        f"hours: {{{days}}}\n"
        "agents: [{id: a1}]\n"
        "offline: {when_nobody_online: routing_list, routing_list: {agents: [a1]}}\n"
        "messages: {default_language: en, languages: [en], offline: {text: {en: 'reply from {next_open}'}}}\n"
    )
    script = {
        "agents": [{"id": "a1", "status_changes": [{"at": "09:30", "status": "offline"}]}],
        "visitors": [{"id": "v1", "at": "10:00"}, {"id": "v2", "at": "10:02", "agent": "a1"}],
    }
    result = run(p, script)
    assert replies(result, "offline") == {"v1": "reply from ", "v2": "reply from "}
    (warning,) = [w.english for w in result.summary.warnings]
    assert warning.startswith("a1's schedule does not bring it online within 400 days")


def test_a_message_to_the_main_account_in_a_manual_window_is_promised_the_window_end():  # covers: OFF-1, OFF-5
    """Written to boss, who was online, during a manual offline window: the message goes
    to boss as the main account like everyone's, yet v1 was promised boss's next shift
    (the next day) while v2 was promised the end of the window."""
    p = inline_policy(
        "hours: {mon: ['08:00-18:00'], tue: ['08:00-18:00']}\n"
        "agents: [{id: boss, role: main}, {id: a1}]\n"
        "offline: {manual: [{from: '2026-11-23T14:00', to: '2026-11-23T16:00', reason: upgrade}]}\n"
        "messages: {default_language: en, languages: [en], offline: {text: {en: 'reply from {next_open}'}}}\n"
    )
    result = run(p, {"visitors": [{"id": "v1", "at": "15:00", "agent": "boss"}, {"id": "v2", "at": "15:00"}]})
    assert replies(result, "offline") == {"v1": "reply from 2026-11-23 16:00", "v2": "reply from 2026-11-23 16:00"}


def test_a_promise_of_the_work_hours_beyond_the_holiday_data_is_a_warning():  # covers: CAL-5, AG-4
    """Every agent accepts by hand, so the reply promises the work hours' opening on 1
    January 2027, beyond the CN data: explain warned, the simulation did not."""
    p = inline_policy(
        "holidays: {calendar: CN}\n"
        "agents: [{id: a1}]\n"
        "schedules: [{id: s, agents: [a1], auto_accept: false, hours: {thu: ['09:00-18:00']}}]\n"
        "messages: {default_language: en, languages: [en], off_hours: {text: {en: 'back {next_open}'}}}\n"
    )
    result = run(p, {"visitors": [{"id": "v1", "at": "20:00"}]}, day=date(2026, 12, 31))
    assert replies(result, "off_hours") == {"v1": "back 2027-01-01 08:00"}
    (warning,) = [w.english for w in result.summary.warnings]
    assert warning.startswith("2027-01-01 is outside the CN holiday data")


def test_an_account_never_back_is_a_warning_in_a_summary_only_run_too():  # covers: OFF-8, CAL-6
    """Replies are not written in a summary-only run (nor in cs test), and the warning
    that the routing list's account never comes online went with them."""
    p = inline_policy(
        "agents: [{id: a1}, {id: a2}]\nschedules: [{id: never, agents: [a1], hours: {mon: closed}}]\n"
        "offline: {when_nobody_online: routing_list, routing_list: {agents: [a1]}}\n"
    )
    for keep in (True, False):
        summary = simulate(
            p, scenario({"visitors": [{"id": "n1", "at": "20:00"}]}, p), MONDAY, 1, 0, keep_timeline=keep
        )
        (warning,) = [w.english for w in summary.summary.warnings]
        assert warning.startswith("a1's schedule does not bring it online within 400 days"), keep


def test_a_message_written_to_an_offline_account_is_promised_its_return():  # covers: OFF-7, MSG-4
    """Written to c1 at 08:30 (online at 10:00, no forwarding): the message waits for c1,
    and the reply promised 09:00, when a1 comes online."""
    p = inline_policy(WAITS_FOR_ONE + "offline: {destination: message_pool, forward_on_agent_offline: false}\n")
    result = run(p, {"visitors": [{"id": "v1", "at": "08:30", "agent": "c1"}]})
    (left,) = events(result, "offline_message")
    assert left.agent == "c1"
    assert replies(result, "offline") == {"v1": "reply from 2026-11-23 10:00"}


def test_a_customer_of_an_agent_who_goes_offline_before_answering_is_no_routing_list_case():
    # covers: AG-7, OFF-8
    """Assigned to an online agent who answers after 10 minutes and goes offline at
    10:01, the customer who left at 10:02 was recorded as an OFF-8 message "left before
    a1 came online", with no routing list in the policy."""
    p = inline_policy(
        "hours: {mon: ['00:00-24:00']}\n"
        "agents: [{id: a1, max_chats: 2}]\n"
        "offline: {when_nobody_online: wait_in_queue, destination: message_pool}\n"
    )
    script = {
        "agents": [{"id": "a1", "response_time": "10m", "status_changes": [{"at": "10:01", "status": "offline"}]}],
        "visitors": [{"id": "v1", "at": "10:00", "patience": "2m"}],
    }
    result = run(p, script)
    assert not events(result, "offline_message") and result.summary.abandoned == 1


def test_queue_replies_promise_now_also_to_customers_who_wrote_to_an_agent():  # covers: MSG-4, OFF-7
    """v3 wrote to a1 (online, full) and v4 to a2 (offline, forwarded): both wait in the
    queue like v2, yet were promised the next working day while v2 was promised now."""
    p = inline_policy(
        "hours: {mon: ['09:00-18:00'], tue: ['09:00-18:00']}\n"
        "agents: [{id: a1, max_chats: 1}, {id: a2, max_chats: 1}]\n"
        "offline: {when_nobody_online: wait_in_queue, destination: message_pool, forward_on_agent_offline: true}\n"
        "messages: {default_language: en, languages: [en], queue: {text: {en: 'back {next_open}'}}}\n"
    )
    script = {
        "agents": [{"id": "a2", "status_changes": [{"at": "09:50", "status": "offline"}]}],
        "visitors": [
            {"id": "v1", "at": "10:00", "handle_time": "30m"},
            {"id": "v2", "at": "10:01"},
            {"id": "v3", "at": "10:02", "agent": "a1"},
            {"id": "v4", "at": "10:03", "agent": "a2"},
        ],
    }
    result = run(p, script)
    texts = {e.visitor: dict(e.data)["text"] for e in events(result, "reply") if dict(e.data)["reply_kind"] == "queue"}
    assert texts == {f"v{n}": f"back 2026-11-23 10:0{n - 1}" for n in (2, 3, 4)}


def test_a_team_left_with_nobody_online_is_served_from_its_queue_by_any_agent():  # covers: RT-4
    """v2 waited in team ta's queue; at 12:00 ta's only agent went offline while b1 (tb)
    had three free seats, and v2 waited until closing at 18:00."""
    p = inline_policy(
        "hours: {mon: ['09:00-18:00']}\n"
        "teams: [{id: ta}, {id: tb}]\n"
        "agents: [{id: a1, teams: [ta], max_chats: 1}, {id: b1, teams: [tb], max_chats: 3}]\n"
        "schedules:\n"
        "  - {id: sa, agents: [a1], hours: {mon: ['09:00-12:00']}}\n"
        "  - {id: sb, agents: [b1], hours: {mon: ['09:00-18:00']}}\n"
        "routing: {groups: {enabled: true, by_order_status: {none: ta, shipped: tb}}}\n"
    )
    script = {
        "visitors": [
            {"id": "v1", "at": "11:00", "order_status": "none", "handle_time": "2h"},
            {"id": "v2", "at": "11:10", "order_status": "none", "handle_time": "5m"},
        ]
    }
    result = run(p, script)
    (served,) = events(result, "assign", visitor="v2")
    assert (served.agent, hhmm(result, served)) == ("b1", "11-23 12:00:00")


def test_offline_routing_list_assigns_chats_evenly():  # covers: OFF-8 (seed 003 离线分流)
    script = {"visitors": [{"id": f"n{i}", "at": f"0{i + 1}:00"} for i in range(4)]}
    result = run(example("kuaishou-group-routing"), script)
    spread = [e.agent for e in events(result, "assign")]
    assert spread == ["sun.yue", "zhang.wei", "sun.yue", "zhang.wei"]
    assert not events(result, "offline_message")  # real chats, not messages
    taken = events(result, "takes_chat")  # answered when the agents come online at 09:00
    assert {hhmm(result, e) for e in taken} == {"11-23 09:00:00"} and len(taken) == 4
    assert result.summary.served == 4


def test_seat_release_delay_holds_a_seat_after_the_end():  # covers: RT-8
    p = inline_policy(
        """
        hours: {mon: ["09:00-18:00"]}
        agents: [{id: ann, max_chats: 1}]
        routing: {seat_release_delay: 20m}
        """
    )
    script = """
        visitors:
          - {id: first, at: "10:00", handle_time: 5m}
          - {id: second, at: "10:10", handle_time: 5m}
    """
    result = run(p, script)
    assert hhmm(result, events(result, "seat_released", agent="ann")[0]) == "11-23 10:25:00"
    assert hhmm(result, events(result, "assign", visitor="second")[0]) == "11-23 10:25:00"


def test_priority_new_customers_go_to_the_front_of_the_queue():  # covers: RT-7
    p = inline_policy(
        """
        hours: {mon: ["09:00-18:00"]}
        agents: [{id: ann, max_chats: 1}]
        routing: {priority: {new_customers: true}}
        """
    )
    script = """
        visitors:
          - {id: busy, at: "10:00", handle_time: 10m}
          - {id: old, at: "10:01", returning: {last_agent: ann, ago: 100h}}
          - {id: new, at: "10:02"}
    """
    result = run(p, script)
    positions = {e.visitor: data(e)["position"] for e in events(result, "queue")}
    assert positions == {"old": 1, "new": 1}
    assert [e.visitor for e in events(result, "assign")] == ["busy", "new", "old"]


# --- Mall customer-service settings (seed 004) --------------------------------------------


@pytest.mark.parametrize("order, served_next, positions", [("wait_first", "b", [1, 2]), ("newest_first", "c", [1, 1])])
def test_fifo_versus_lifo_queue(order: str, served_next: str, positions: list[int]):  # covers: RT-6, MSG-3
    p = inline_policy(
        f"""
        hours: {{mon: ["08:00-19:00"]}}
        agents: [{{id: ann, max_chats: 1}}]
        routing: {{queue: {{order: {order}}}}}
        """
    )
    script = """
        visitors:
          - {id: a, at: "10:00", handle_time: 10m}
          - {id: b, at: "10:01", handle_time: 10m}
          - {id: c, at: "10:02", handle_time: 10m}
    """
    result = run(p, script)
    assert [data(e)["position"] for e in events(result, "queue")] == positions
    assert [e.visitor for e in events(result, "assign")] == ["a", served_next, "c" if served_next == "b" else "b"]
    queue_replies = [e for e in events(result, "reply") if data(e)["reply_kind"] == "queue"]
    assert f"第 {positions[1]} 位" in data(queue_replies[1])["text"]


def test_customer_timeout_warning_two_minutes_before_closing():  # covers: TMO-1, MSG-5
    script = """
        visitors:
          - {id: quiet, at: "10:00", silent_after: 1m, handle_time: 20m}
          - {id: answers, at: "10:00", silent_after: 1m, answers_warning: true, handle_time: 20m}
    """
    result = run(example("mall-defaults"), script)
    (warning,) = events(result, "warning", visitor="quiet")
    assert hhmm(result, warning) == "11-23 10:04:00"  # silent from 10:01, close after 5m, warn 2m before
    assert data(warning)["reply_kind"] == "customer_timeout_warning"
    (close,) = events(result, "close", visitor="quiet")
    assert hhmm(result, close) == "11-23 10:06:00" and data(close)["by"] == "customer_timeout"
    assert not [e for e in events(result, "reply", visitor="quiet") if data(e)["reply_kind"] == "survey"]
    # the one who answers the warning carries on until the agent ends the chat, then gets the survey
    (end,) = events(result, "close", visitor="answers")
    assert hhmm(result, end) == "11-23 10:20:00" and data(end)["by"] == "agent"
    assert [data(e)["reply_kind"] for e in events(result, "reply", visitor="answers")] == ["welcome", "survey"]
    assert result.summary.customer_timeouts == 1


def test_agent_timeout_warns_the_agent_then_ends_the_session():  # covers: TMO-2
    script = """
        agents: [{id: mall-kefu-01, response_time: 5m}]
        visitors: [{id: v, at: "10:00"}]
    """
    result = run(example("mall-defaults"), script)
    (warning,) = events(result, "warning", visitor="v")
    assert hhmm(result, warning) == "11-23 10:02:00" and warning.agent == "mall-kefu-01"
    assert data(warning)["reply_kind"] == "agent_timeout_warning"
    (close,) = events(result, "close", visitor="v")
    assert hhmm(result, close) == "11-23 10:03:00" and data(close)["by"] == "agent_timeout"
    assert result.summary.unanswered == 1 and result.summary.agent_timeouts == 1


def test_agent_timeout_reassigns_to_another_agent():  # covers: TMO-2
    p = inline_policy(
        """
        hours: {mon: ["09:00-18:00"]}
        agents: [{id: slow}, {id: quick}]
        timeouts: {agent: {after: 3m, warn_before: 1m, action: reassign}}
        """
    )
    script = """
        agents: [{id: slow, response_time: 10m}]
        visitors: [{id: v, at: "10:00"}]
    """
    result = run(p, script)
    (reassign,) = events(result, "reassign", visitor="v")
    assert hhmm(result, reassign) == "11-23 10:03:00" and reassign.agent == "slow"
    assert [(e.agent, data(e)["reason"]) for e in events(result, "assign", visitor="v")] == [
        ("slow", "least loaded"),
        ("quick", "reassigned from slow"),
    ]
    assert result.summary.served == 1 and result.summary.reassigned == 1
    assert result.summary.wait_max_s == pytest.approx(180.0)


def test_welcome_at_most_once_per_customer_per_day():  # covers: MSG-1
    script = """
        visitors:
          - {id: morning, customer: c1, at: "10:00", handle_time: 1m}
          - {id: afternoon, customer: c1, at: "14:00", handle_time: 1m}
          - {id: tomorrow, customer: c1, at: "10:00", day: 2, handle_time: 1m}
    """
    result = run(example("mall-defaults"), script, days=2)
    welcomed = [e.visitor for e in events(result, "reply") if data(e)["reply_kind"] == "welcome"]
    assert welcomed == ["morning", "tomorrow"]


def test_the_same_welcome_once_a_day_and_another_content_again():  # covers: MSG-1 (seed 004: 同样的内容)
    """A welcome naming the agent was suppressed for the rest of the day although the
    second one names another agent; so was a welcome in another language."""
    p = inline_policy(
        "hours: {mon: ['09:00-11:00']}\nagents: [{id: a1, name: 林晓雨}, {id: a2, name: 王芳}]\n"
        "schedules:\n  - {id: early, agents: [a1], hours: {mon: ['09:00-10:00']}}\n"
        "  - {id: late, agents: [a2], hours: {mon: ['10:00-11:00']}}\n"
        "messages: {welcome: {text: {zh: '您好，我是 {agent_name}', en: 'Hi, {agent_name} here'}}}\n"
    )
    result = run(
        p,
        """
        visitors:
          - {id: v1, customer: c1, at: "09:10", handle_time: 1m}
          - {id: v2, customer: c1, at: "09:20", handle_time: 1m}
          - {id: v3, customer: c1, at: "10:10", handle_time: 1m}
          - {id: v4, customer: c1, at: "10:20", handle_time: 1m, language: en}
        """,
    )
    texts = [(e.visitor, data(e)["text"]) for e in events(result, "reply") if data(e)["reply_kind"] == "welcome"]
    assert texts == [("v1", "您好，我是 林晓雨"), ("v3", "您好，我是 王芳"), ("v4", "Hi, 王芳 here")]


def test_the_built_in_day_comes_in_by_an_entry_point_the_policy_enables():  # covers: ENT-1, OPS-3
    """With only the order page enabled, every visitor of the built-in day came by the
    product page and was turned away: 158 of 158."""
    from cs.simulate.scenario import builtin_scenario

    p = inline_policy("agents: [{id: a1}]\nentry_points: [order_detail]\n")
    summary = simulate(p, builtin_scenario(p), MONDAY, keep_timeline=False).summary
    assert summary.visitors > 100 and summary.turned_away == 0 and summary.served > 0
    both = inline_policy("agents: [{id: a1}]\nentry_points: [order_detail, product_detail]\n")
    assert builtin_scenario(both).traffic.entry_points == (("product_detail", 1.0),)  # as before


def test_quick_replies_suggested_by_keyword():  # covers: QR-1
    script = """
        visitors:
          - id: v
            at: "10:00"
            handle_time: 10m
            messages:
              - {text: "发货了吗？运费多少？包邮吗"}
              - {text: "不想要了，能退货吗", after: 5m}
    """
    result = run(example("mall-defaults"), script)
    first, later = events(result, "quick_reply", visitor="v")
    assert data(first)["quick_replies"] == ["shipping-fee", "shipping-time"]  # two keywords beat one
    assert data(later)["quick_replies"] == ["return-policy"] and hhmm(result, later) == "11-23 10:05:00"
    assert result.summary.quick_replies == {"return-policy": 1, "shipping-fee": 1, "shipping-time": 1}


def test_entry_points_and_the_system_switch():  # covers: ENT-1
    script = """
        visitors:
          - {id: product, at: "10:00", entry_point: product_detail}
          - {id: member, at: "10:01", entry_point: member_centre}
    """
    narrow = inline_policy("agents: [{id: ann}]\nentry_points: [product_detail]\n")
    result = run(narrow, script)
    assert [e.visitor for e in events(result, "turned_away")] == ["member"]
    switched_off = inline_policy("agents: [{id: ann}]\nsystem: {enabled: false}\n")
    result = run(switched_off, script)
    assert result.summary.turned_away == 2 and "switched off" in events(result, "turned_away")[0].detail


def test_least_loaded_and_round_robin():  # covers: RT-2
    body = """
        hours: {{mon: ["09:00-18:00"]}}
        agents: [{{id: ann, max_chats: 4}}, {{id: bob, max_chats: 2}}]
        routing: {{mode: {mode}}}
    """
    script = {"visitors": [{"id": f"v{i}", "at": f"10:0{i}", "handle_time": "1h"} for i in range(5)]}
    loaded = run(inline_policy(body.format(mode="least_loaded")), script)
    # 0/4 ann (tie: listed first), 0/2 bob, 1/4 ann < 1/2 bob, 2/4 ann = 1/2 bob -> ann, 3/4 ann > 1/2 bob
    assert [e.agent for e in events(loaded, "assign")] == ["ann", "bob", "ann", "ann", "bob"]
    even = run(inline_policy(body.format(mode="round_robin")), script)
    assert [e.agent for e in events(even, "assign")] == ["ann", "bob", "ann", "bob", "ann"]


def test_customer_choice_falls_back_to_least_loaded():  # covers: RT-1
    p = inline_policy(
        """
        hours: {mon: ["09:00-18:00"]}
        agents: [{id: ann, max_chats: 1}, {id: bob, max_chats: 1}, {id: cy, max_chats: 1}]
        routing: {mode: customer_choice}
        """
    )
    script = """
        visitors:
          - {id: picks-bob, at: "10:00", choose_agent: bob, handle_time: 1h}
          - {id: picks-bob-again, at: "10:01", choose_agent: bob, handle_time: 1h}
    """
    result = run(p, script)
    assert [(e.agent, data(e)["reason"]) for e in events(result, "assign")] == [
        ("bob", "customer choice"),
        ("ann", "least loaded"),
    ]


def test_bot_receives_first_and_hands_over_on_request():  # covers: RT-9, RT-7
    p = inline_policy(
        """
        hours: {mon: ["09:00-18:00"]}
        agents: [{id: ann}]
        offline: {destination: message_pool}
        routing: {bot: {enabled: true, handover_share: 0.5}, priority: {new_customers: true}}
        """
    )
    script = """
        visitors:
          - {id: human, at: "10:00", bot_time: 30s, asks_for_human: true, returning: {last_agent: ann, ago: 1h}}
          - {id: solved, at: "10:01", asks_for_human: false, returning: {last_agent: ann, ago: 1h}}
          - {id: new, at: "10:02"}
    """
    result = run(p, script)
    assert hhmm(result, events(result, "bot_handover", visitor="human")[0]) == "11-23 10:00:30"
    assert events(result, "assign", visitor="human")[0].detail.startswith("least loaded")  # no RT-3 with a bot
    assert events(result, "bot_resolved", visitor="solved") and not events(result, "assign", visitor="solved")
    assert not events(result, "bot", visitor="new") and events(result, "assign", visitor="new")
    assert result.summary.bot_resolved == 1


def test_the_main_account_takes_everything_without_routable_agents():  # covers: RT-5
    p = inline_policy(
        """
        hours: {mon: ["09:00-18:00"]}
        agents: [{id: boss, role: main}, {id: helper, routable: false}]
        """
    )
    result = run(p, "visitors: [{id: v, at: '10:00'}]")
    assert events(result, "assign", visitor="v")[0].agent == "boss"


def test_queue_maximum_length_and_wait_become_offline_messages():  # covers: RT-6, OFF-4
    p = inline_policy(
        """
        hours: {mon: ["09:00-18:00"]}
        agents: [{id: ann, max_chats: 1}]
        routing: {queue: {max_length: 1, max_wait: 5m}}
        """
    )
    script = """
        visitors:
          - {id: a, at: "10:00", handle_time: 1h}
          - {id: b, at: "10:01"}
          - {id: c, at: "10:02"}
    """
    result = run(p, script)
    assert "queue full (1)" in events(result, "offline_message", visitor="c")[0].detail
    (waited,) = events(result, "offline_message", visitor="b")
    assert hhmm(result, waited) == "11-23 10:06:00" and "maximum 5m" in waited.detail
    assert result.summary.left_message == 2


def test_patient_and_impatient_visitors():  # covers: RT-6
    p = inline_policy("hours: {mon: ['09:00-18:00']}\nagents: [{id: ann, max_chats: 1}]\n")
    script = """
        visitors:
          - {id: a, at: "10:00", handle_time: 10m}
          - {id: gone, at: "10:01", patience: 2m}
    """
    result = run(p, script)
    assert hhmm(result, events(result, "abandon", visitor="gone")[0]) == "11-23 10:03:00"
    assert result.summary.abandoned == 1 and result.summary.abandon_share == 0.5


def test_offline_periods_coverage_gaps_and_utilisation():  # covers: OBS-1, OBS-2
    p = inline_policy(
        """
        hours: {mon: ["09:00-18:00"]}
        agents: [{id: ann, max_chats: 2}]
        schedules: [{id: late, agents: [ann], hours: {mon: ["10:00-18:00"]}}]
        """
    )
    result = run(p, "visitors: [{id: v, at: '11:00', handle_time: 48m}]")
    s = result.summary
    assert [(g.start[11:16], g.end[11:16]) for g in s.coverage_gaps] == [("09:00", "10:00")]
    assert [(x.start[11:16], x.end[11:16], x.trigger) for x in s.offline_periods] == [
        ("00:00", "09:00", "outside_hours"),
        ("09:00", "10:00", "all_agents_offline"),
        ("18:00", "00:00", "outside_hours"),
    ]
    assert s.utilization == pytest.approx(48 / (8 * 60 * 2))
    assert s.agents[0].online_s == 8 * 3600


def test_dst_days_keep_local_hours():  # covers: CAL-1
    p = inline_policy(
        "hours: {sun: ['09:00-18:00']}\nagents: [{id: ann}]\n",
        tz="Europe/Berlin",
    )
    result = run(p, "visitors: [{id: v, at: '09:30'}]", day=date(2026, 10, 25))  # a 25-hour day
    assert [hhmm(result, e) for e in events(result, "agent_online")] == ["10-25 09:00:00"]
    assert result.summary.end == "2026-10-26T00:00:00+01:00" and len(result.summary.hourly) == 25


def test_same_seed_same_timeline_other_seed_other_timeline():
    p = example("full")
    traffic = {"seed": 3, "traffic": {"arrivals_per_hour": 30, "patience": {"dist": "exponential", "mean": "3m"}}}
    first, again = run(p, traffic), run(p, traffic)
    assert first.timeline == again.timeline and first.summary == again.summary
    other = simulate(p, scenario(traffic), MONDAY, 1, seed=4)
    assert other.timeline != first.timeline


def test_hourly_figures_count_an_event_on_the_hour_in_that_hour():  # covers: OBS-2
    p = inline_policy("agents: [{id: ann}]\nhours: {mon: ['00:00-24:00']}\n")
    result = run(p, "visitors: [{id: a, at: '00:00'}, {id: b, at: '01:00'}, {id: c, at: '23:59:59'}]")
    assert [h.visitors for h in result.summary.hourly] == [1, 1] + [0] * 21 + [1]


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.yaml") if not p.name.endswith(".test.yaml")))
def test_the_built_in_day_of_every_example_is_a_valid_scenario(name: str):  # covers: OPS-3
    """`cs simulate` without --scenario builds its synthetic day without the schema check
    (start-up); the day it builds is one the published scenario schema accepts."""
    from cs.simulate.scenario import builtin_raw

    policy = load_policy(EXAMPLES / name)
    assert list(schema_problems(builtin_raw(policy), "scenario")) == []


def test_a_scenario_time_the_clocks_skip_or_repeat_is_a_warning_as_in_explain():  # covers: CAL-1, OPS-3
    """A visitor at 02:10 on the night the clocks go forward arrived at 03:10 without a
    word, where `cs explain --at` warns about the same wall time."""
    p = inline_policy("agents: [{id: a1}]\n", tz="Europe/Berlin")
    script = {"visitors": [{"id": "v1", "at": "02:10"}, {"id": "v2", "at": "02:10"}, {"id": "v3", "at": "10:00"}]}
    result = run(p, script, day=date(2026, 3, 29))
    (warning,) = [w.english for w in result.summary.warnings]
    assert warning.startswith("2026-03-29 02:10 does not exist in Europe/Berlin")
    assert hhmm(result, events(result, "arrive", visitor="v1")[0]) == "03-29 03:10:00"
    autumn = run(p, {"visitors": [{"id": "v1", "at": "02:30"}]}, day=date(2026, 10, 25))
    (warning,) = [w.english for w in autumn.summary.warnings]
    assert warning.startswith("2026-10-25 02:30 occurs twice in Europe/Berlin")
