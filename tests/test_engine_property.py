"""One engine: a simulation without visitors is, at every transition instant, in the
state ``cs explain`` describes at that instant (issue 7; OPS-2, OPS-3).

Random policies (hypothesis) over a simulated week that holds a National Day holiday
with its own hours, exceptions of the work hours and of schedules, auto-accept on and
off, manual offline windows, every "nobody online" choice and group routing. At each
instant where work hours, a schedule or a manual window changes, the simulator's
agents (online or suspended), offline mode and trigger, reply kind and language per
declared language, and the destination of a new customer's chat equal the snapshot's.
Idle offline (AG-5) reacts to activity and is left out.
"""

from __future__ import annotations

import json
import math
from datetime import date
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cs.engine.snapshot import snapshot
from cs.load.yaml_loader import load_text
from cs.model.policy import ORDER_STATUSES, Policy
from cs.simulate.clock import Clock
from cs.simulate.scenario import build_scenario
from cs.simulate.simulator import Simulation
from cs.validate import validate_document

TEAMS = ("t1", "t2")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
FIRST_DAY = date(2026, 9, 28)  # Monday; 2026-10-01..07 is National Day (CN)


def window(draw: Any) -> str:
    start = draw(st.integers(0, 23))
    end = (start + draw(st.integers(1, 12))) % 24
    return f"{start:02d}:00-{end:02d}:00" if end else f"{start:02d}:00-24:00"


def hours(draw: Any) -> Any:
    return draw(st.sampled_from(["closed", ["00:00-24:00"], [window(draw)], [window(draw)]]))


def exceptions(draw: Any, prefix: str) -> list[dict[str, Any]]:
    found = []
    for i in range(draw(st.integers(0, 2))):
        day = FIRST_DAY.toordinal() + draw(st.integers(0, 6))
        found.append({"id": f"{prefix}{i}", "date": date.fromordinal(day).isoformat(), "hours": hours(draw)})
    return found


@st.composite
def policies(draw: Any) -> Policy:
    agents = []
    for i in range(draw(st.integers(1, 4))):
        agent: dict[str, Any] = {
            "id": f"a{i}",
            "role": draw(st.sampled_from(["agent", "agent", "agent", "main", "proxy", "admin"])),
            "teams": draw(st.lists(st.sampled_from(TEAMS), unique=True, max_size=2)),
        }
        if draw(st.booleans()):
            agent["routable"] = draw(st.booleans())
        agents.append(agent)
    raw: dict[str, Any] = {
        "version": 1,
        "name": "random",
        "timezone": draw(st.sampled_from(["Asia/Shanghai", "Europe/Berlin"])),
        "hours": {d: hours(draw) for d in DAYS},
        "exceptions": exceptions(draw, "x"),
        "teams": [{"id": t} for t in TEAMS],
        "agents": agents,
    }
    if draw(st.booleans()):
        raw["holidays"] = {"calendar": "CN", "holiday_hours": draw(st.sampled_from(["closed", ["10:00-14:00"]]))}
    schedules = []
    for i in range(draw(st.integers(0, 2))):
        target = {"teams": [TEAMS[i]]} if draw(st.booleans()) else {"agents": [f"a{i}"]}
        schedules.append(
            {
                "id": f"s{i}",
                **target,
                "hours": {d: hours(draw) for d in DAYS},
                "exceptions": exceptions(draw, f"s{i}x"),
                "auto_accept": draw(st.booleans()),
                "holidays": draw(st.booleans()),
            }
        )
    raw["schedules"] = schedules
    choice = draw(st.sampled_from(["leave_message", "wait_in_queue", "routing_list"]))
    offline: dict[str, Any] = {
        "triggers": {k: draw(st.booleans()) for k in ("outside_hours", "all_agents_busy")},
        "when_nobody_online": choice,
        "ends_when": draw(st.sampled_from(["agent_online", "hours_start"])),
        "destination": draw(st.sampled_from(["main", "message_pool"])),
    }
    if choice == "routing_list":
        ids = [a["id"] for a in agents]
        offline["routing_list"] = {"agents": draw(st.lists(st.sampled_from(ids), min_size=1, unique=True))}
    if draw(st.booleans()):
        day = draw(st.integers(0, 6))
        hour = draw(st.integers(0, 21))
        start = date.fromordinal(FIRST_DAY.toordinal() + day).isoformat()
        offline["manual"] = [{"from": f"{start}T{hour:02d}:00", "to": f"{start}T{hour + 2:02d}:30"}]
    raw["offline"] = offline
    routing: dict[str, Any] = {"mode": draw(st.sampled_from(["least_loaded", "round_robin", "customer_choice"]))}
    if draw(st.booleans()):
        routing["groups"] = {
            "enabled": True,
            "by_order_status": {s: draw(st.sampled_from(TEAMS)) for s in ORDER_STATUSES if draw(st.booleans())},
        }
    raw["routing"] = routing
    raw["messages"] = {
        "languages": ["zh", "en"],
        **{k: {"enabled": draw(st.booleans())} for k in ("welcome", "off_hours", "queue", "offline")},
    }
    raw["system"] = {"enabled": draw(st.integers(0, 9)) > 0}
    result = validate_document(load_text(json.dumps(raw), "random.yaml"))
    assume(not result.errors and result.policy is not None)
    assert result.policy is not None
    return result.policy


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(policies())
def test_simulator_state_is_explain_at_every_transition(policy: Policy) -> None:  # covers: OPS-2, OPS-3, AG-4, OFF-8
    clock = Clock(policy.tz, FIRST_DAY, 7)
    sim = Simulation(policy, build_scenario({"visitors": []}), clock, 0)
    for t in [0.0, *sim.transitions]:
        sim.advance(math.nextafter(t, math.inf))
        live = sim.live_view(t)
        at = clock.instant(t)
        snap = snapshot(policy, at)
        where = f"at {at.astimezone(policy.tz)}"
        statuses = {p.agent.id: ("busy" if p.agent.id in snap.suspended else "online") for p in snap.agents_online}
        assert live.statuses == statuses, where
        assert (live.offline.on, live.offline.trigger) == (snap.offline.on, snap.offline.trigger), where
        assert live.destination == (snap.route.action, snap.route.agent), where
        for language in policy.messages.languages:
            reply = snapshot(policy, at, language).reply
            assert live.reply_kind == (reply.kind if reply else None), where
