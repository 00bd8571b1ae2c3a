"""Invariants of every run, over random policies and scenarios (hypothesis).

The timeline is replayed independently of the simulator's own counters:

- no visitor is lost: each ends with exactly one outcome (served, abandoned, left
  a message, turned away, resolved by the bot, unanswered) or is still waiting at
  the end, and the summary's counts are those of the timeline;
- no agent holds more chats than ``max_chats`` except where RT-3/RT-7 allow it;
  a non-routing account is only ever written to directly (RT-5);
- no automatic message is sent outside its rule (MSG-1..MSG-5, TMO-1, TMO-2, ENT-1);
- offline messages go where OFF-5/OFF-8 say, the routing list evenly.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from itertools import pairwise
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cs.engine.presence import effective_agents
from cs.engine.routing import offline_account
from cs.load.yaml_loader import load_text
from cs.model.policy import ORDER_STATUSES, Policy
from cs.simulate import Result, simulate
from cs.validate import validate_document
from test_simulate import MONDAY, data, scenario

TEAMS = ("t1", "t2")
DURATIONS = ("30s", "1m", "2m", "5m", "10m")


def window(draw: Any) -> str:
    start = draw(st.integers(0, 23))
    length = draw(st.integers(1, 12))
    end = (start + length) % 24
    return f"{start:02d}:00-{end:02d}:00" if end else f"{start:02d}:00-24:00"


@st.composite
def policies(draw: Any) -> Policy:
    n = draw(st.integers(1, 4))
    agents = []
    for i in range(n):
        agent: dict[str, Any] = {
            "id": f"a{i}",
            "role": draw(st.sampled_from(["agent", "agent", "agent", "main", "proxy", "admin"])),
            "max_chats": draw(st.integers(1, 3)),
            "teams": draw(st.lists(st.sampled_from(TEAMS), unique=True, max_size=2)),
        }
        if draw(st.booleans()):
            agent["routable"] = draw(st.booleans())
        agents.append(agent)
    days = ("mon", "tue")
    raw: dict[str, Any] = {
        "version": 1,
        "name": "random",
        "timezone": draw(st.sampled_from(["Asia/Shanghai", "Europe/Berlin", "UTC"])),
        "hours": {d: ["00:00-24:00"] if draw(st.booleans()) else [window(draw)] for d in days},
        "teams": [{"id": t} for t in TEAMS],
        "agents": agents,
    }
    if draw(st.booleans()):
        raw["schedules"] = [
            {
                "id": "s1",
                "teams": ["t1"],
                "hours": {d: [window(draw)] for d in days},
                "reminder": draw(st.sampled_from(["0m", "5m"])),
                "auto_accept": draw(st.booleans()),
                **({"idle_offline": draw(st.sampled_from(DURATIONS))} if draw(st.booleans()) else {}),
            }
        ]
    bot = draw(st.booleans()) and draw(st.booleans())
    has_proxy = any(a["role"] == "proxy" for a in agents)
    destination = (
        "message_pool" if bot else draw(st.sampled_from(["main", "message_pool"] + (["proxy"] if has_proxy else [])))
    )
    offline: dict[str, Any] = {
        "triggers": {k: draw(st.booleans()) for k in ("outside_hours", "all_agents_busy")},
        "when_nobody_online": draw(st.sampled_from(["leave_message", "wait_in_queue"])),
        "ends_when": draw(st.sampled_from(["agent_online", "hours_start"])),
        "destination": destination,
        "forward_on_agent_offline": draw(st.booleans()),
        "categories": [{"id": "refund", "keywords": ["退款", "refund"], "priority": 1}],
    }
    if draw(st.booleans()):
        offline["delay"] = draw(st.sampled_from(DURATIONS))
    if draw(st.booleans()):
        offline["when_nobody_online"] = "routing_list"
        offline["routing_list"] = {
            "agents": draw(st.lists(st.sampled_from([a["id"] for a in agents]), min_size=1, unique=True)),
        }
    if draw(st.booleans()):
        hour = draw(st.integers(0, 22))
        offline["manual"] = [
            {"from": f"2026-11-23T{hour:02d}:00", "to": f"2026-11-23T{hour + 1:02d}:30", "reason": "test"}
        ]
    raw["offline"] = offline
    routing: dict[str, Any] = {
        "mode": draw(st.sampled_from(["least_loaded", "round_robin", "customer_choice"])),
        "recent_contact": {"enabled": draw(st.booleans()), "window": "24h", "bypass_capacity": draw(st.booleans())},
        "queue": {"order": draw(st.sampled_from(["wait_first", "newest_first"]))},
        "priority": {"new_customers": draw(st.booleans()), "returning_customers": draw(st.booleans())},
        "seat_release_delay": draw(st.sampled_from(["0m", "0m", "2m"])),
        "bot": {"enabled": bot, "handover_share": draw(st.sampled_from([0.0, 0.5, 1.0]))},
    }
    if draw(st.booleans()):
        routing["groups"] = {
            "enabled": True,
            "by_order_status": {s: draw(st.sampled_from(TEAMS)) for s in ORDER_STATUSES if draw(st.booleans())},
        }
    if draw(st.booleans()):
        routing["queue"]["max_length"] = draw(st.integers(1, 5))
    if draw(st.booleans()):
        routing["queue"]["max_wait"] = draw(st.sampled_from(DURATIONS))
    raw["routing"] = routing
    raw["messages"] = {
        "languages": ["zh", "en"],
        **{k: {"enabled": draw(st.booleans())} for k in ("welcome", "off_hours", "queue", "offline", "survey")},
        "survey": {"enabled": draw(st.booleans()), "in_offline": draw(st.booleans())},
    }
    raw["timeouts"] = {
        "customer": {"enabled": draw(st.booleans()), "after": "5m", "warn_before": draw(st.sampled_from(["0m", "2m"]))},
        "agent": {
            "enabled": draw(st.booleans()),
            "after": "3m",
            "warn_before": "1m",
            "action": draw(st.sampled_from(["end", "reassign"])),
        },
    }
    raw["entry_points"] = draw(
        st.lists(st.sampled_from(["product_detail", "order_detail", "member_centre"]), min_size=1, unique=True)
    )
    raw["system"] = {"enabled": draw(st.integers(0, 9)) > 0}
    raw["quick_replies"] = [{"id": "q1", "keywords": ["发货", "ship"], "text": {"zh": "好的"}}]
    result = validate_document(load_text(json.dumps(raw), "random.yaml"))
    assume(not result.errors and result.policy is not None)
    return result.policy


@st.composite
def scenarios(draw: Any, policy: Policy) -> dict[str, Any]:
    ids = [a.id for a in policy.agents]
    dist = st.sampled_from(
        ["30s", "2m", {"dist": "exponential", "mean": "3m"}, {"dist": "lognormal", "mean": "2m", "sd": "1m"}]
    )
    traffic: dict[str, Any] = {
        "arrivals_per_hour": draw(st.sampled_from([5, 20, 60])),
        "handle_time": draw(dist),
        "languages": {"zh": 3, "en": 1, "zh-Hant-TW": 1},
        "returning_share": draw(st.sampled_from([0.0, 0.3])),
        "order_status": {s: 1 for s in ORDER_STATUSES},
        "entry_points": {"product_detail": 3, "member_centre": 1},
        "first_messages": {"我要退款": 1, "什么时候发货": 1, "hi": 2},
        "silent_share": draw(st.sampled_from([0.0, 0.3])),
        "answers_warning_share": 0.5,
    }
    for key in ("patience", "response_time", "bot_time"):
        if draw(st.booleans()):
            traffic[key] = draw(dist)
    visitors = []
    for i in range(draw(st.integers(0, 6))):
        visitor: dict[str, Any] = {
            "id": f"x{i}",
            "customer": draw(st.sampled_from(["c1", "c2"])),
            "at": f"{draw(st.integers(0, 23)):02d}:{draw(st.integers(0, 59)):02d}",
            "day": draw(st.integers(1, 2)),
            "handle_time": draw(st.sampled_from(DURATIONS)),
        }
        for key in ("agent", "choose_agent"):
            if draw(st.booleans()):
                visitor[key] = draw(st.sampled_from(ids))
        if draw(st.booleans()):
            visitor["returning"] = {"last_agent": draw(st.sampled_from(ids)), "ago": "3h"}
        if draw(st.booleans()):
            visitor["silent_after"] = "1m"
        visitors.append(visitor)
    scripts = [
        {
            "id": agent,
            "status_changes": [
                {
                    "at": f"{draw(st.integers(0, 23)):02d}:00",
                    "status": draw(st.sampled_from(["online", "busy", "offline"])),
                }
                for _ in range(draw(st.integers(1, 3)))
            ],
        }
        for agent in draw(st.lists(st.sampled_from(ids), unique=True, max_size=2))
    ]
    return {"seed": draw(st.integers(0, 1000)), "traffic": traffic, "visitors": visitors, "agents": scripts}


OUTCOMES = ("served", "abandoned", "left_message", "turned_away", "bot_resolved", "unanswered")


def check_invariants(policy: Policy, result: Result) -> None:
    timeline, summary, clock = result.timeline, result.summary, result.clock
    assert timeline is not None
    assert all(a.t <= b.t for a, b in pairwise(timeline))

    # no visitor lost
    arrived = [e.visitor for e in timeline if e.kind == "arrive"]
    assert len(arrived) == len(set(arrived)) == summary.visitors
    outcome: dict[str, str] = {}
    for e in timeline:
        ended = data(e).get("outcome")
        if ended:
            assert e.visitor not in outcome, f"{e.visitor} ends twice"
            outcome[e.visitor] = ended
    counts = Counter(outcome.values())
    for name in OUTCOMES:
        assert counts[name] == getattr(summary, name), name
    assert summary.waiting_at_end == len(arrived) - len(outcome)
    summary.check()

    # capacity, and who may be assigned at all
    accounts = {a.id: a for a in effective_agents(policy)}
    held = policy.routing.seat_release_delay.total_seconds() > 0
    load: dict[str | None, int] = defaultdict(int)
    for e in timeline:
        if e.kind == "assign":
            load[e.agent] += 1
            agent = accounts[e.agent]
            if load[e.agent] > agent.max_chats:
                assert data(e)["bypass"] and data(e)["reason"].startswith(("recent contact", "routing list")), e
            if not agent.routable:
                assert data(e)["reason"] == "written to directly", e
        elif e.kind == "close" and e.agent is not None:
            if not (data(e)["by"] == "agent" and held):
                load[e.agent] -= 1
        elif e.kind in ("seat_released", "reassign") or (e.kind == "abandon" and e.agent is not None):
            load[e.agent] -= 1
        assert load[e.agent] >= 0, e

    # automatic messages only under their rules
    customer = {e.visitor: data(e)["customer"] for e in timeline if e.kind == "arrive"}
    at: dict[tuple[str | None, str], set[float]] = defaultdict(set)
    for e in timeline:
        at[(e.visitor, e.kind)].add(e.t)
        if e.kind == "close":
            at[(e.visitor, f"close:{data(e)['by']}")].add(e.t)
        if e.kind in ("reply", "warning"):
            at[(e.visitor, data(e)["reply_kind"])].add(e.t)
        if e.kind == "assign" and data(e)["reason"] == "routing list":  # a chat instead of a message (OFF-8)
            at[(e.visitor, "offline_message")].add(e.t)
    welcomed = Counter(
        (customer[e.visitor], clock.day_index(e.t))
        for e in timeline
        if e.kind == "reply" and data(e)["reply_kind"] == "welcome"
    )
    assert all(n == 1 for n in welcomed.values()), welcomed
    open_now, answered, closed = False, set(), set()
    for e in timeline:
        open_now = {"hours_open": True, "hours_close": False}.get(e.kind, open_now)
        if data(e).get("outcome") == "served":
            answered.add(e.visitor)
        if e.kind == "close":
            closed.add(e.visitor)
        kind = data(e).get("reply_kind")
        if kind is None:
            continue
        assert e.visitor not in outcome or outcome[e.visitor] != "turned_away"
        if kind == "welcome":
            assert e.t in at[(e.visitor, "assign")]
        elif kind == "queue":
            assert e.t in at[(e.visitor, "queue")]
        elif kind == "off_hours":
            assert not open_now and e.t in at[(e.visitor, "offline_message")] | at[(e.visitor, "close:offline_message")]
        elif kind == "offline":
            assert e.t in at[(e.visitor, "offline_message")] | at[(e.visitor, "close:offline_message")]
        elif kind == "survey":
            rides = (
                policy.messages["survey"].in_offline
                and e.t in at[(e.visitor, "off_hours")] | at[(e.visitor, "offline")]
            )
            assert rides or e.t in at[(e.visitor, "close:agent")]
        elif kind == "customer_timeout_warning":
            assert policy.customer_timeout.enabled and e.visitor in answered and e.visitor not in closed
        elif kind == "agent_timeout_warning":
            assert policy.agent_timeout.enabled and e.visitor not in answered

    # offline messages go to the destination; chats over the routing list spread evenly
    # over its routable accounts (RT-5, OFF-8)
    stored = [e for e in timeline if e.kind == "offline_message"]
    listed = Counter(e.agent for e in timeline if e.kind == "assign" and data(e)["reason"] == "routing list")
    if listed:
        routable = {a.id for a in effective_agents(policy) if a.routable}
        assert set(listed) <= set(policy.offline.routing_list) & routable
        assert max(listed.values()) - min(listed.values()) <= 1 or len(listed) < len(policy.offline.routing_list)
    destination = offline_account(policy) or "message_pool"
    for e in stored:
        if e.detail.startswith(f"to {destination} (offline mode"):
            continue
        if "came online, OFF-8" in e.detail:  # a routing-list chat its customer left: kept by that account
            assert e.agent in policy.offline.routing_list and data(e)["destination"] == e.agent, e
            continue
        assert "written to an offline account" in e.detail or data(e)["destination"] == destination, e
    assert summary.offline_messages == len(stored)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.data())
def test_invariants_hold_for_random_policies_and_scenarios(
    draw: st.DataObject,
):  # covers: RT-3, RT-5, RT-7, MSG-1, OFF-4, OFF-5, OFF-8
    policy = draw.draw(policies())
    raw = draw.draw(scenarios(policy))
    days = draw.draw(st.integers(1, 2))
    result = simulate(policy, scenario(raw, policy), MONDAY, days)
    check_invariants(policy, result)
    # summary-only runs keep no timeline and count the same
    quiet = simulate(policy, scenario(raw, policy), MONDAY, days, keep_timeline=False)
    assert quiet.timeline is None and quiet.summary == result.summary
