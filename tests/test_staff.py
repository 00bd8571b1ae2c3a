"""``cs staff`` (OPS-8): intervals, scheduled agents from the engine, reports, errors, verify, plot."""
# covers: OPS-8

from __future__ import annotations

import csv
import io
import json
import math
import re
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cs.cli import app
from cs.engine.snapshot import snapshot
from cs.simulate.scenario import load_scenario
from cs.staff.model import Targets
from cs.staff.plan import staff_plan
from cs.staff.report import INTERVAL_KEYS, TEAM_KEYS, VERIFY_KEYS
from cs.staff.roster import chats_per_agent
from cs.staff.verify import staffing_policy, verify
from cs.validate import load_policy

ROOT = Path(__file__).resolve().parents[1]
FULL = ROOT / "examples" / "full.yaml"
FORECAST = ROOT / "examples" / "scenarios" / "double-11.json"
SHIFTS = ROOT / "examples" / "shifts-double-11.json"
DOUBLE_11 = date(2026, 11, 11)
MONDAY = date(2026, 11, 23)
TARGETS = ["--service-level", "0.8", "--within", "20s"]


GROUPS_ON = "    enabled: true                  # mapped to no status"
NIGHT_IDLE = "    idle_offline: 45m\n"
"""The night shift's AG-5 idle offline, which the walk-through drops for Double 11 (docs/staff.md)."""


def cs(*args: str | Path) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of ``cs staff``."""
    result = CliRunner().invoke(app, ["staff", *(str(a) for a in args)])
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def pooled_full(directory: Path) -> Path:
    """examples/full.yaml with group routing switched off: one pooled line."""
    text = FULL.read_text(encoding="utf-8")
    assert GROUPS_ON in text
    path = directory / "pooled.yaml"
    path.write_text(text.replace(GROUPS_ON, GROUPS_ON.replace("true ", "false")), encoding="utf-8")
    return path


def paste(policy_text: str, snippet: str) -> str:
    """Add the snippet's agents and schedules at the top of the policy's lists, as a person would by hand."""
    lines = snippet.splitlines()
    agents = lines[lines.index("agents:") + 1 : lines.index("schedules:")]
    schedules = lines[lines.index("schedules:") + 1 :]
    text = policy_text.replace("\nschedules:\n", "\nschedules:\n" + "\n".join(schedules) + "\n", 1)
    return text.replace("\nagents:\n", "\nagents:\n" + "\n".join(agents) + "\n", 1)


def shifts_snippet(policy: Path = FULL) -> str:
    code, out, err = cs(
        policy, "--day", "2026-11-11", "--scenario", FORECAST, *TARGETS, "--shifts", SHIFTS, "-f", "json"
    )
    assert code in (0, 1), err
    return json.loads(out)["shifts"]["snippet"]


def pasted_policy(directory: Path) -> Path:
    """examples/full.yaml with the Double 11 shifts pasted in and the night shift's idle offline
    dropped: the README's walk-through."""
    text = paste(FULL.read_text(encoding="utf-8"), shifts_snippet())
    assert text.count(NIGHT_IDLE) == 1
    path = directory / "double-11.yaml"
    path.write_text(text.replace(NIGHT_IDLE, ""), encoding="utf-8")
    return path


def staff_json(*args: str | Path) -> dict:
    code, out, err = cs(*args, "--format", "json")
    assert code in (0, 1) and not err.strip(), err
    return json.loads(out)


def plan_for(policy_path: Path = FULL, day: date = DOUBLE_11, scenario: Path = FORECAST, **targets):
    policy = load_policy(policy_path)
    forecast = load_scenario(scenario, policy)
    goals = Targets(**{"service_level": 0.8, "within_s": 20.0, **targets})
    return policy, forecast, staff_plan(policy, forecast, day, 1, goals, timedelta(minutes=30))


def forecast_file(tmp_path: Path, rates: list[float] | float, patience: str | None = "3m") -> Path:
    traffic: dict = {"arrivals_per_hour": rates, "handle_time": {"dist": "exponential", "mean": "8m"}}
    if patience:
        traffic["patience"] = {"dist": "exponential", "mean": patience}
    path = tmp_path / "forecast.json"
    path.write_text(json.dumps({"name": "test-forecast", "traffic": traffic}), encoding="utf-8")
    return path


def small_policy(
    tmp_path: Path, agents: int, timezone: str = "UTC", hours: str = "[00:00-24:00]", name: str = "small.yaml"
) -> Path:
    """A policy open ``hours`` every day, with ``agents`` agents of one chat each, always scheduled."""
    days = "".join(f"  {d}: {hours}\n" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
    crew = "".join(f"  - {{id: a{k + 1}, max_chats: 1}}\n" for k in range(agents))
    path = tmp_path / name
    path.write_text(
        f"version: 1\nname: small\ntimezone: {timezone}\nhours:\n{days}agents:\n{crew}"
        "routing:\n  mode: least_loaded\noffline:\n  when_nobody_online: wait_in_queue\n"
        "timeouts:\n  customer: {enabled: false}\n  agent: {enabled: false}\n",
        encoding="utf-8",
    )
    return path


def rate_file(tmp_path: Path, rates: list[float] | float, handle: str = "5m") -> Path:
    """An Erlang C forecast: ``rates`` per local hour, exponential handle times."""
    traffic = {"arrivals_per_hour": rates, "handle_time": {"dist": "exponential", "mean": handle}}
    path = tmp_path / "rates.json"
    path.write_text(json.dumps({"name": "rates", "traffic": traffic}), encoding="utf-8")
    return path


# --- intervals and agents -------------------------------------------------------------------------


def test_a_closed_interval_is_not_staffed():  # covers: OPS-8, CAL-2
    """Monday in full.yaml: 09:00-12:00 and 13:30-18:30; the lunch break and the night are not listed."""
    _, _, plan = plan_for(day=MONDAY)
    starts = [f"{i.start:%H:%M}" for i in plan.intervals]
    assert starts[0] == "09:00" and starts[-1] == "18:00" and len(starts) == 16
    assert "12:00" not in starts and "13:00" not in starts and "13:30" in starts


def test_a_manual_offline_window_is_not_staffed():  # covers: OPS-8, OFF-1
    """full.yaml takes the service offline by hand on 2026-12-18 14:00-15:30 (the year-end all-hands)."""
    _, _, plan = plan_for(day=date(2026, 12, 18))
    starts = {f"{i.start:%H:%M}" for i in plan.intervals}
    assert {"13:30", "15:30"} <= starts and not {"14:00", "14:30", "15:00"} & starts


def test_an_interval_open_in_part_counts_its_open_minutes(tmp_path):  # covers: OPS-8, CAL-2
    """Hours 09:15-12:00 and 13:00-17:15: the half hours 09:00 and 17:00 are 09:15-09:30 and
    17:00-17:15, with 15 minutes of arrivals (7.5 at 30 an hour) and of agent-hours (7 h a day)."""
    policy = small_policy(tmp_path, 3, hours="[09:15-12:00, 13:00-17:15]")
    data = staff_json(policy, "--day", "2026-03-02", "--scenario", rate_file(tmp_path, 30.0), *TARGETS)
    first, last = data["intervals"][0], data["intervals"][-1]
    assert (first["start"], first["end"], first["arrivals"]) == (
        "2026-03-02T09:15:00+00:00",
        "2026-03-02T09:30:00+00:00",
        7.5,
    )
    assert (last["start"], last["end"], last["arrivals"]) == (
        "2026-03-02T17:00:00+00:00",
        "2026-03-02T17:15:00+00:00",
        7.5,
    )
    assert first["required"] == 5  # the same rate as a whole half hour
    totals = data["totals"]
    assert (totals["arrivals"], totals["scheduled_agent_hours"], totals["required_agent_hours"]) == (210, 21, 35)


def test_an_interval_with_a_closed_stretch_inside_counts_its_open_minutes(tmp_path):  # covers: OPS-8, OFF-1
    """Taken offline by hand 10:10-10:20: the half hour 10:00-10:30 is open 20 minutes (10 arrivals)."""
    policy = small_policy(tmp_path, 3)
    text = policy.read_text().replace(
        "offline:\n", "offline:\n  manual:\n    - {from: 2026-03-02T10:10, to: 2026-03-02T10:20}\n"
    )
    policy.write_text(text)
    data = staff_json(policy, "--day", "2026-03-02", "--scenario", rate_file(tmp_path, 30.0), *TARGETS)
    by_start = {i["start"][11:16]: i for i in data["intervals"]}
    assert by_start["10:00"]["end"][11:16] == "10:30" and by_start["10:00"]["arrivals"] == 10
    assert data["totals"]["scheduled_agent_hours"] == round(3 * (24 - 1 / 6), 2)


def test_an_interval_with_no_traffic_needs_no_one(tmp_path):  # covers: OPS-8
    rates = [0.0] * 10 + [120.0] * 14
    data = staff_json(FULL, "--day", "2026-11-23", "--scenario", forecast_file(tmp_path, rates), *TARGETS)
    by_start = {i["start"][11:16]: i for i in data["intervals"]}
    assert by_start["09:30"]["arrivals"] == 0 and by_start["09:30"]["required"] == 0
    assert by_start["09:30"]["service_level"] == 1.0 and by_start["09:30"]["shortfall"] == 0
    assert by_start["10:00"]["required"] > 0


BERLIN_RATES = [10.0, 10.0, 100.0, 200.0] + [10.0] * 20
"""Per local hour: 100 an hour 02:00-03:00, the hour a DST change skips or repeats."""


def test_a_day_the_clocks_go_back_has_25_real_hours(tmp_path):  # covers: OPS-8, CAL-1
    """2026-10-25 in Berlin: 02:00-03:00 comes twice, four real half hours of 50 arrivals each
    (12 agents: 11 give 74.9%); the half hour 02:30-02:00 is not 0 minutes long."""
    args = [small_policy(tmp_path, 3, "Europe/Berlin"), "--day", "2026-10-25", "--scenario"]
    args += [rate_file(tmp_path, BERLIN_RATES), *TARGETS]
    data = staff_json(*args)
    assert len(data["intervals"]) == 50
    night = [i for i in data["intervals"] if i["start"][11:13] == "02"]
    assert [(i["start"][11:], i["end"][11:]) for i in night] == [
        ("02:00:00+02:00", "02:30:00+02:00"),
        ("02:30:00+02:00", "02:00:00+01:00"),
        ("02:00:00+01:00", "02:30:00+01:00"),
        ("02:30:00+01:00", "03:00:00+01:00"),
    ]
    assert [(i["arrivals"], i["required"], round(i["service_level"], 3)) for i in night] == [(50, 12, 0.862)] * 4
    assert data["totals"]["scheduled_agent_hours"] == 75
    _, out, _ = cs(*args)  # the table tells the two 02:00s apart by their UTC offset
    assert " 02:00-02:30 UTC+0200 " in out and " 02:30-02:00 UTC+0200/+0100 " in out
    assert " 02:00-02:30 UTC+0100 " in out and " 00:00-00:30 UTC+0200 " in out
    _, out, _ = cs(args[0], "--day", "2026-10-26", *args[3:])  # a day like any other: no offsets
    assert " 00:00-00:30 " in out and "UTC+" not in out


def test_a_day_the_clocks_go_forward_has_23_real_hours(tmp_path):  # covers: OPS-8, CAL-1
    """2026-03-29 in Berlin: 01:30-03:00 on the wall clock is a real half hour of 5 arrivals, whose
    load is not spread over 90 minutes (3 agents, not 2); 3 agents for 23 hours are 69 agent-hours."""
    args = [small_policy(tmp_path, 3, "Europe/Berlin"), "--day", "2026-03-29", "--scenario"]
    data = staff_json(*args, rate_file(tmp_path, BERLIN_RATES), *TARGETS)
    assert len(data["intervals"]) == 46
    skipped = data["intervals"][3]
    assert (skipped["start"][11:], skipped["end"][11:]) == ("01:30:00+01:00", "03:00:00+02:00")
    assert (skipped["arrivals"], skipped["required"], round(skipped["service_level"], 3)) == (5, 3, 0.95)
    assert data["totals"]["scheduled_agent_hours"] == 69 and data["totals"]["required_agent_hours"] == 87


def test_scheduled_is_what_explain_shows():  # covers: OPS-8, OPS-2
    policy, _, plan = plan_for()
    runner = CliRunner()
    for interval in plan.intervals[::6]:
        at = interval.start.strftime("%Y-%m-%dT%H:%M")
        shown = json.loads(runner.invoke(app, ["explain", str(FULL), "--at", at, "--format", "json"]).stdout)
        routable = {a.id for a in policy.agents if a.routable}
        online = [a for a in shown["agents_online"] if a["id"] in routable and a["receiving"]]
        assert interval.scheduled == len(online), at
    # Double 11: the night team until 08:00, then the day shift; Emma joins for the afternoon
    by_start = {f"{i.start:%H:%M}": i.scheduled for i in plan.intervals}
    assert (by_start["07:30"], by_start["08:00"], by_start["14:00"], by_start["19:00"]) == (2, 4, 5, 4)


def test_an_agent_online_but_not_accepting_chats_is_not_scheduled(tmp_path):  # covers: OPS-8, AG-4
    """b1 comes online 14:00-18:00 with auto_accept false: suspended, taking no customer
    (explain says so, simulate sends everyone to an offline message), yet staff counted
    her as scheduled and under-stated the shortfall."""
    path = tmp_path / "p.yaml"
    path.write_text(
        "version: 1\nname: p\ntimezone: UTC\nhours: {mon: ['09:00-18:00']}\n"
        "agents: [{id: a1, max_chats: 1}, {id: b1, max_chats: 1}]\n"
        "schedules:\n"
        "  - {id: early, agents: [a1], hours: {mon: ['09:00-14:00']}}\n"
        "  - {id: late, agents: [b1], hours: {mon: ['14:00-18:00']}, auto_accept: false}\n",
        encoding="utf-8",
    )
    rates = rate_file(tmp_path, 6.0)
    found = staff_json(
        path,
        "--day",
        "2026-11-23",
        "--scenario",
        rates,
        "--interval",
        "1h",
        "--service-level",
        "0.8",
        "--within",
        "20s",
    )
    by_start = {row["start"][11:16]: row["scheduled"] for row in found["intervals"]}
    assert (by_start["13:00"], by_start["14:00"], by_start["17:00"]) == (1, 0, 0)


def test_the_policy_service_level_counts_customers_sent_to_an_offline_message(tmp_path):  # covers: OPS-8, AG-4
    """With its only agent online but not accepting chats, the policy as written sends
    every customer to an offline message: its service level is 0, not unknown (None
    hid the gap)."""
    path = tmp_path / "p.yaml"
    path.write_text(
        "version: 1\nname: p\ntimezone: UTC\nhours: {mon: ['09:00-11:00']}\n"
        "agents: [{id: b1, max_chats: 1}]\n"
        "schedules: [{id: s, agents: [b1], hours: {mon: ['09:00-11:00']}, auto_accept: false}]\n",
        encoding="utf-8",
    )
    policy = load_policy(path)
    forecast = load_scenario(rate_file(tmp_path, 6.0), policy)
    plan = staff_plan(policy, forecast, date(2026, 11, 23), 1, Targets(0.8, 20.0), timedelta(hours=1))
    checked = verify(plan, policy, forecast, date(2026, 11, 23), 1, replications=2)
    assert [i.check.policy_service_level for i in checked.intervals if i.check is not None] == [0.0, 0.0]
    assert all(i.check is not None and i.check.policy_short for i in checked.intervals)


def test_verify_fails_when_the_policy_as_written_misses_the_target(tmp_path):  # covers: OPS-8, AG-5
    """Two agents scheduled, enough on paper, but set offline after a minute idle
    (AG-5): the policy as written answers few customers. --verify exited 0 on it."""
    path = tmp_path / "idle.yaml"
    path.write_text(
        "version: 1\nname: idle\ntimezone: UTC\nhours: {mon: ['09:00-11:00']}\n"
        "agents: [{id: a1, max_chats: 1}, {id: a2, max_chats: 1}]\n"
        "schedules: [{id: s, agents: [a1, a2], hours: {mon: ['09:00-11:00']}, idle_offline: 1m}]\n",
        encoding="utf-8",
    )
    rates = rate_file(tmp_path, 4.0)
    code, out, err = cs(path, "--day", "2026-11-23", "--scenario", rates, *TARGETS, "--interval", "1h")
    assert code == 0, out + err  # covered on paper
    code, out, err = cs(path, "--day", "2026-11-23", "--scenario", rates, *TARGETS, "--interval", "1h", "--verify")
    assert code == 1, out + err
    assert "0 short (!)" in out and "misses the target by more than the noise in 2 interval(s)" in out
    rows = [line for line in out.splitlines() if line.strip()[:5] in ("09:00", "10:00")]
    assert len(rows) == 2 and all(row.rstrip().endswith("!") for row in rows), rows


def test_an_agent_coming_or_leaving_mid_interval_counts_as_absent():  # covers: OPS-8, AG-2
    """Hourly intervals on Double 11 (open all day): Emma's afternoon runs 13:30-18:30, so the
    hours 13:00 and 18:00 have her for half the time and count the four colleagues only."""
    policy = load_policy(FULL)
    forecast = load_scenario(FORECAST, policy)
    plan = staff_plan(policy, forecast, DOUBLE_11, 1, Targets(0.8, 20.0), timedelta(hours=1))
    by_start = {f"{i.start:%H:%M}": i.scheduled for i in plan.intervals}
    assert (by_start["12:00"], by_start["13:00"], by_start["14:00"], by_start["18:00"], by_start["19:00"]) == (
        4, 4, 5, 4, 4,
    )  # fmt: skip
    assert sum(p.agent.routable for p in snapshot(policy, plan.intervals[14].start).agents_online) == 5


def test_shortfall_rostered_and_exit_code(tmp_path):  # covers: OPS-8
    code, out, _ = cs(FULL, "--day", "2026-11-11", "--scenario", FORECAST, *TARGETS, "--shrinkage", "0.3", "-f", "json")
    assert code == 1
    data = json.loads(out)
    for i in data["intervals"]:  # group routing: every figure is the teams' sum (RT-4)
        teams = i["teams"]
        assert i["required"] == sum(t["required"] for t in teams)
        assert i["shortfall"] == sum(max(0, t["rostered"] - t["scheduled"]) for t in teams)
        assert i["rostered"] == sum(math.ceil(t["required"] / 0.7 - 1e-9) for t in teams)
    peak = max(data["intervals"], key=lambda i: i["required"])
    # 21:00: presale 7 -> 10 rostered for 2 scheduled, aftersale 2 -> 3 for 2
    assert (peak["start"][11:16], peak["required"], peak["rostered"], peak["shortfall"]) == ("21:00", 9, 13, 9)
    code, out, _ = cs(pooled_full(tmp_path), "--day", "2026-11-11", "--scenario", FORECAST, *TARGETS, "-f", "json")
    pooled = json.loads(out)
    for i in pooled["intervals"]:  # one pooled line
        assert "teams" not in i and i["shortfall"] == max(0, i["required"] - i["scheduled"])
    assert pooled["totals"]["intervals_short"] == 12 and pooled["totals"]["shortfall_peak"] == 4
    covered, _, _ = cs(pasted_policy(tmp_path), "--day", "2026-11-11", "--scenario", FORECAST, *TARGETS)
    assert covered == 0


def test_shrinkage_applies_to_the_agents_scheduled(tmp_path):  # covers: OPS-8
    """30 an hour of 5 minutes need 5 on the floor for 80% in 20s, so 8 rostered at 30% shrinkage:
    6 scheduled people are 4.2 on the floor (4 answer 71.1%), 2 short, and the run says so."""
    args = ["--day", "2026-03-02", "--scenario", rate_file(tmp_path, 30.0), *TARGETS, "--shrinkage", "0.3"]
    code, out, _ = cs(small_policy(tmp_path, 6), *args, "-f", "json")
    assert code == 1
    first = json.loads(out)["intervals"][0]
    assert [first[k] for k in ("required", "rostered", "scheduled", "shortfall")] == [5, 8, 6, 2]
    assert json.loads(out)["totals"]["shortfall_agent_hours"] == 48
    assert cs(small_policy(tmp_path, 8), *args)[0] == 0  # 8 scheduled: 5.6 on the floor


def test_the_model_agent_takes_the_mean_max_chats_rounded_down():  # covers: OPS-8
    """full.yaml's routable agents take 10, 10, 8, 8, 8, 12 and 12 chats: 68 / 7 = 9.7 -> 9."""
    assert chats_per_agent(load_policy(FULL)) == 9
    _, _, plan = plan_for()
    assert plan.chats_per_agent == 9 and plan.model == "erlang_a"
    assert all(i.required == 0 or (i.required - 1) * 9 < 999 for i in plan.intervals)


def test_group_routing_sizes_one_line_per_team(tmp_path):  # covers: OPS-8, RT-4
    """full.yaml sends order statuses none, unpaid and paid_not_shipped to presale and the rest to
    aftersale; the forecast's mix is 90% / 10%. Each line is sized on its share, scheduled with its
    own members; at night neither team is online, so routing hands every customer to any online
    agent: the default line (team null), the night team's."""
    args = ("--day", "2026-11-11", "--scenario", FORECAST, *TARGETS)
    _, _, plan = plan_for()
    by_start = {f"{i.start:%H:%M}": i for i in plan.intervals}
    night, peak = by_start["00:00"], by_start["21:00"]
    assert [(t.team, round(t.arrivals, 6), t.scheduled, t.chats_per_agent) for t in night.lines] == [
        (None, 120.0, 2, 12)
    ]
    assert [(t.team, round(t.arrivals, 6), t.scheduled) for t in peak.lines] == [
        ("presale", 216.0, 2),
        ("aftersale", 24.0, 2),
    ]
    for i in plan.intervals:
        assert sum(t.arrivals for t in i.lines) == pytest.approx(i.arrivals)
        assert i.required == sum(t.required for t in i.lines)
        assert i.scheduled == sum(t.scheduled for t in i.lines)  # nobody in two teams in full.yaml
    assert peak.shortfall == 5 and [t.shortfall for t in peak.lines] == [5, 0]
    code, _, err = cs(FULL, *args)
    assert code == 1 and err == ""  # no "optimistic" warning any more
    _, table, _ = cs(FULL, *args)
    assert "one line per team (group routing): any agent 12, presale 9, aftersale 8 chats per agent" in table
    assert any(
        "21:00-21:30" in line and line.rstrip().endswith("presale 7/2, aftersale 2/2") for line in table.splitlines()
    )


def test_pooled_says_covered_where_one_team_is_short(tmp_path):  # covers: OPS-8, RT-4
    """Two teams of two agents, 90% of the customers for team a: four pooled agents would do,
    but team a's line alone is short while team b idles."""
    path = tmp_path / "two-teams.yaml"
    days = "".join(f"  {d}: ['09:00-18:00']\n" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
    agents = "".join(f"  - {{id: {t}{n}, teams: [{t}], max_chats: 3}}\n" for t in "ab" for n in (1, 2))
    groups = "routing:\n  groups:\n    enabled: {on}\n    by_order_status: {{none: a, shipped: b}}\n"
    head = (
        f"version: 1\nname: two\ntimezone: UTC\nhours:\n{days}teams:\n  - {{id: a}}\n  - {{id: b}}\nagents:\n{agents}"
    )
    path.write_text(head + groups.format(on="true"), encoding="utf-8")
    pooled = tmp_path / "pooled.yaml"
    pooled.write_text(head + groups.format(on="false"), encoding="utf-8")
    forecast = tmp_path / "mix.json"
    traffic = {"arrivals_per_hour": 60, "handle_time": "5m", "patience": "3m"}
    traffic["order_status"] = {"none": 0.9, "shipped": 0.1}
    forecast.write_text(json.dumps({"name": "mix", "traffic": traffic}), encoding="utf-8")
    args = ("--day", "2026-11-23", "--scenario", forecast, *TARGETS)
    whole = staff_json(pooled, *args)
    assert all(i["shortfall"] == 0 and i["scheduled"] == 4 and "teams" not in i for i in whole["intervals"])
    split = staff_json(path, *args)
    for i in split["intervals"]:
        a, b = i["teams"]
        assert (a["team"], a["arrivals"], a["scheduled"]) == ("a", 27.0, 2) and a["shortfall"] > 0
        assert (b["team"], b["arrivals"], b["scheduled"], b["shortfall"]) == ("b", 3.0, 2, 0)
        assert i["shortfall"] == a["shortfall"] and i["required"] > max(j["required"] for j in whole["intervals"])
        assert tuple(a) == TEAM_KEYS


def test_an_agent_in_two_teams_counts_in_each_line_and_once_in_the_interval(tmp_path):  # covers: OPS-8, RT-4
    path = tmp_path / "shared.yaml"
    days = "".join(f"  {d}: ['09:00-18:00']\n" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
    path.write_text(
        f"version: 1\nname: shared\ntimezone: UTC\nhours:\n{days}teams:\n  - {{id: a}}\n  - {{id: b}}\n"
        "agents:\n  - {id: both, teams: [a, b]}\n  - {id: only-a, teams: [a]}\n"
        "routing:\n  groups:\n    enabled: true\n    by_order_status: {none: a, shipped: b}\n",
        encoding="utf-8",
    )
    forecast = tmp_path / "mix.json"
    traffic = {"arrivals_per_hour": 20, "handle_time": "5m", "order_status": {"none": 0.5, "shipped": 0.5}}
    forecast.write_text(json.dumps({"name": "mix", "traffic": traffic}), encoding="utf-8")
    data = staff_json(path, "--day", "2026-11-23", "--scenario", forecast, *TARGETS)
    first = data["intervals"][0]
    assert [(t["team"], t["scheduled"]) for t in first["teams"]] == [("a", 2), ("b", 1)]
    assert first["scheduled"] == 2


def test_without_patience_the_model_is_erlang_c(tmp_path):  # covers: OPS-8
    data = staff_json(FULL, "--day", "2026-11-23", "--scenario", forecast_file(tmp_path, 100.0, None), *TARGETS)
    assert data["model"] == "erlang_c" and all(i["p_abandon"] == 0 for i in data["intervals"])


# --- reports ----------------------------------------------------------------------------------------


def test_json_keys_are_the_interface():  # covers: OPS-8
    data = staff_json(FULL, "--day", "2026-11-11", "--scenario", FORECAST, *TARGETS)
    assert {"intervals", "totals"} <= set(data)
    assert all(tuple(i) == (*INTERVAL_KEYS, "teams") for i in data["intervals"])  # group routing (RT-4)
    assert all(tuple(t) == TEAM_KEYS for i in data["intervals"] for t in i["teams"])
    assert INTERVAL_KEYS == (
        "start", "end", "arrivals", "required", "rostered", "scheduled", "shortfall",
        "service_level", "p_wait", "asa_s", "occupancy", "p_abandon",
    )  # fmt: skip
    assert data["intervals"][0]["start"] == "2026-11-11T00:00:00+08:00"
    assert data["totals"]["arrivals"] == pytest.approx(sum(i["arrivals"] for i in data["intervals"]))


def test_table_highlights_shortfalls_and_csv_and_markdown_carry_the_same_rows(tmp_path):  # covers: OPS-8
    args = (pooled_full(tmp_path), "--day", "2026-11-11", "--scenario", FORECAST, *TARGETS)
    _, table, _ = cs(*args)
    short = [line for line in table.splitlines() if line.startswith("!")]
    assert len(short) == 12 and all("21:00-21:30" not in s or " 4 " in s for s in short)
    assert not any(line.startswith("!") and "10:00-10:30" in line for line in table.splitlines())
    _, text, _ = cs(*args, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == INTERVAL_KEYS and len(rows) == 48
    assert sum(1 for r in rows if r["shortfall"] != "0") == 12
    _, markdown, _ = cs(*args, "--format", "markdown")
    assert len(re.findall(r"^\| ! +\| \d\d:\d\d", markdown, re.M)) == 12 and "| short" in markdown
    _, grouped, _ = cs(FULL, *args[1:], "--format", "csv")  # the teams are not columns: same header
    assert tuple(next(csv.reader(io.StringIO(grouped)))) == INTERVAL_KEYS


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--service-level", "1.5", "--within", "20s"], "--service-level 1.5 must be between 0 and 1"),
        (["--service-level", "0.8", "--within", "soon"], "--within 'soon' is not a duration"),
        (["--service-level", "0.8", "--within", "20s", "--interval", "7m"], "--interval must divide a day"),
        (["--service-level", "0.8", "--within", "20s", "--shrinkage", "1"], "--shrinkage 1.0 must be"),
        (["--service-level", "0.8", "--within", "20s", "--days", "0"], "--days 0 is out of range"),
        (["--service-level", "0.8", "--within", "20s", "--shifts", str(SHIFTS), "-f", "csv"], "--shifts prints"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(args, message):  # covers: OPS-8
    code, out, err = cs(FULL, "--day", "2026-11-11", "--scenario", FORECAST, *args)
    assert code == 2 and not out
    assert err.startswith(f"cs: error: {message}") and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_a_forecast_without_traffic_is_an_error(tmp_path):  # covers: OPS-8
    path = tmp_path / "visitors.json"
    path.write_text(json.dumps({"visitors": [{"at": "10:00"}]}), encoding="utf-8")
    code, _, err = cs(FULL, "--day", "2026-11-11", "--scenario", path, *TARGETS)
    assert code == 2 and err == f"cs: error: {path}: the forecast needs a `traffic` section\n"


def test_an_unreadable_policy_is_an_error(tmp_path):  # covers: OPS-8
    code, _, err = cs(tmp_path / "missing.yaml", "--day", "2026-11-11", "--scenario", FORECAST, *TARGETS)
    assert code == 2 and err.startswith("cs: error:") and "Traceback" not in err


# --- verify and plot --------------------------------------------------------------------------------


@pytest.mark.slow  # 25 s of simulation: .ci/run runs it, `pytest` on a laptop does not
def test_verify_agrees_with_the_formula_and_flags_a_wrong_one(tmp_path):  # covers: OPS-8, OPS-3
    """A steady forecast on an all-day shop: the simulated service level stays within its noise of
    Erlang A; a formula that claims 20 points less is flagged in every interval."""
    policy_path = tmp_path / "all-day.yaml"
    days = "".join(f"  {d}: ['00:00-24:00']\n" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
    agents = "".join(f"  - {{id: a{i}, max_chats: 3}}\n" for i in range(10))
    policy_path.write_text(f"version: 1\nname: all-day\ntimezone: UTC\nhours:\n{days}agents:\n{agents}")
    rates = [0.0] * 7 + [300.0] * 5 + [0.0] * 12  # traffic 07:00-12:00 only, to keep the runs short
    policy, forecast, plan = plan_for(policy_path, MONDAY, forecast_file(tmp_path, rates))
    plan = replace(plan, intervals=plan.intervals[14:24])  # 07:00-12:00
    steady = slice(2, None)  # from 08:00: an hour after the start, past the transient
    checked = verify(plan, policy, forecast, MONDAY, 1)
    assert checked.replications == 10 and all(i.check is not None and i.check.noise > 0 for i in checked.intervals)
    assert sum(1 for i in checked.intervals[steady] if i.check is not None and i.check.differs) <= 2
    levels = [i.check.service_level for i in checked.intervals[steady] if i.check is not None]
    assert sum(levels) / len(levels) == pytest.approx(plan.intervals[2].service_level, abs=0.03)
    wrong = replace(plan, intervals=tuple(replace(i, service_level=i.service_level - 0.2) for i in plan.intervals))
    flagged = verify(wrong, policy, forecast, MONDAY, 1).intervals[steady]
    assert all(i.check is not None and i.check.differs for i in flagged)


def test_verify_through_the_command(tmp_path):  # covers: OPS-8
    """The keys and figures --verify adds (the Double 11 walk-through's own run is in test_staff_docs)."""
    forecast = forecast_file(tmp_path, [0.0] * 9 + [60.0] * 3 + [0.0] * 12)  # a Monday morning only
    data = staff_json(FULL, "--day", "2026-11-23", "--scenario", forecast, *TARGETS, "--verify")
    assert all(tuple(i) == (*INTERVAL_KEYS, *VERIFY_KEYS, "teams") for i in data["intervals"])
    assert data["totals"]["replications"] == 10
    assert data["totals"]["intervals_differing"] == sum(i["differs"] for i in data["intervals"])
    busy = [i for i in data["intervals"] if i["arrivals"] > 0]
    assert len(busy) == 6 and all(i["simulated_service_level"] is None for i in data["intervals"] if not i["arrivals"])
    for i in busy:
        assert 0.5 < i["simulated_service_level"] <= 1.0 and 0.0 < i["simulation_noise"] < 0.5
        assert 0.0 <= i["policy_service_level"] <= 1.0


def test_plot_writes_a_png(tmp_path):  # covers: OPS-8
    pytest.importorskip("matplotlib")
    target = tmp_path / "staff.png"
    code, _, err = cs(FULL, "--day", "2026-11-11", "--scenario", FORECAST, *TARGETS, "--plot", target)
    assert code == 1 and f"plot written to {target}" in err
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_verify_acts_out_each_team_line_with_the_routing_as_written():  # covers: OPS-8, RT-4
    """The staffing found under group routing: each line's model agents in its team (the default
    line's in none), scheduled by that line's ``required``, group routing as the policy writes it."""
    policy, _, plan = plan_for()
    model = staffing_policy(policy, plan, [DOUBLE_11])
    assert model.routing.groups == policy.routing.groups and model.routing.groups.enabled
    by_team: dict[tuple[str, ...], list] = {}
    for agent in model.agents:
        by_team.setdefault(agent.teams, []).append(agent)
    assert {teams: len(agents) for teams, agents in by_team.items()} == {(): 3, ("presale",): 7, ("aftersale",): 2}
    assert {a.max_chats for a in by_team[("presale",)]} == {9} and {a.max_chats for a in by_team[()]} == {12}
    for interval in plan.intervals[::5]:
        online = [p.agent.teams for p in snapshot(model, interval.start).agents_online]
        for line in interval.lines:
            assert online.count(() if line.team is None else (line.team,)) == line.required, interval.start


@pytest.mark.slow  # about 20 s of simulation
def test_verify_per_team_agrees_with_the_formula(tmp_path):  # covers: OPS-8, OPS-3, RT-4
    """Two teams on an all-day shop, 80% of customers for team a: the simulated service level of
    the per-team staffing stays within its noise of the per-team formula once past the start."""
    path = tmp_path / "two-teams.yaml"
    days = "".join(f"  {d}: ['00:00-24:00']\n" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
    path.write_text(
        f"version: 1\nname: two\ntimezone: UTC\nhours:\n{days}teams:\n  - {{id: a}}\n  - {{id: b}}\n"
        "agents:\n  - {id: a1, teams: [a], max_chats: 3}\n  - {id: b1, teams: [b], max_chats: 3}\n"
        "routing:\n  groups:\n    enabled: true\n    by_order_status: {none: a, shipped: b}\n",
        encoding="utf-8",
    )
    forecast = tmp_path / "mix.json"
    traffic = {
        "arrivals_per_hour": [0.0] * 7 + [240.0] * 4 + [0.0] * 13,
        "handle_time": {"dist": "exponential", "mean": "5m"},
        "patience": {"dist": "exponential", "mean": "3m"},
        "order_status": {"none": 0.8, "shipped": 0.2},
    }
    forecast.write_text(json.dumps({"name": "mix", "traffic": traffic}), encoding="utf-8")
    policy, scenario, plan = plan_for(path, MONDAY, forecast)
    plan = replace(plan, intervals=plan.intervals[14:22])  # 07:00-11:00
    assert all([t.team for t in i.lines] == ["a", "b"] for i in plan.intervals)
    checked = verify(plan, policy, scenario, MONDAY, 1)
    steady = checked.intervals[2:]
    assert sum(1 for i in steady if i.check is not None and i.check.differs) <= 1
    levels = [i.check.service_level for i in steady if i.check is not None and i.check.service_level is not None]
    assert sum(levels) / len(levels) == pytest.approx(plan.intervals[2].service_level, abs=0.04)


@pytest.mark.slow  # two verified days, about 30 s
def test_the_walk_through_is_confirmed_once_the_night_shift_stays_online(tmp_path):  # covers: OPS-8, AG-5, RT-4
    """docs/staff.md: with the shifts pasted in, the policy as written misses 06:00-08:00 because the
    night shift's idle offline (AG-5) takes quiet agents away; without it, both simulations reach
    80% in 20 s in every half hour, within their noise."""
    as_pasted = tmp_path / "as-pasted.yaml"
    as_pasted.write_text(paste(FULL.read_text(encoding="utf-8"), shifts_snippet()), encoding="utf-8")
    early = ("06:00", "06:30", "07:00", "07:30")
    policy, forecast, plan = plan_for(as_pasted)
    checked = {f"{i.start:%H:%M}": i.check for i in verify(plan, policy, forecast, DOUBLE_11, 1).intervals}
    assert sum(1 for h in early if (checked[h].policy_service_level or 1.0) < 0.8) >= 3
    policy, forecast, plan = plan_for(pasted_policy(tmp_path))
    assert not any(i.shortfall for i in plan.intervals)
    for i in verify(plan, policy, forecast, DOUBLE_11, 1).intervals:
        assert i.check is not None and i.check.service_level is not None and i.check.policy_service_level is not None
        assert i.check.service_level + i.check.noise >= 0.8 and i.check.policy_service_level >= 0.8, i.start


def test_the_report_speaks_chinese_and_its_json_does_not(tmp_path, monkeypatch):  # covers: OPS-8, UI-1, RT-4
    from cs import i18n

    args = (FULL, "--day", "2026-11-11", "--scenario", FORECAST, *TARGETS)
    english = staff_json(*args)
    monkeypatch.setenv("CS_LANG", "zh")
    i18n.reset()
    try:
        _, table, _ = cs(*args)
        chinese = staff_json(*args)
        _, snippet, _ = cs(*args, "--shifts", SHIFTS)
    finally:
        monkeypatch.setenv("CS_LANG", "en")
        i18n.reset()
    head = table.splitlines()[1]
    assert "时段" in head and "所需" in head and "按组：所需/已安排" in head and "required" not in head
    assert "分组分流（RT-4）" in table and "任意客服 3/2" in table
    assert chinese == english  # machines read the same bytes
    assert "# 把客服粘贴到策略的 `agents:` 这一行的正下方" in snippet
    assert "\nagents:\n" in snippet and "teams: [presale]" in snippet


def test_days_beyond_the_holiday_data_are_a_warning(tmp_path: Path):  # covers: CAL-5, OPS-8
    """National Day 2027 was planned as an ordinary Friday without a word, where explain
    and simulate warn that 2027 is beyond the CN holiday data."""
    cn = (
        small_policy(tmp_path, 2)
        .read_text()
        .replace("timezone: UTC\n", "timezone: Asia/Shanghai\nholidays: {calendar: CN}\n")
    )
    policy = tmp_path / "cn.yaml"
    policy.write_text(cn, encoding="utf-8")
    code, _out, err = cs(policy, "--day", "2027-10-01", "--scenario", rate_file(tmp_path, 6), *TARGETS)
    assert code in (0, 1)
    assert err.startswith("cs: warning: 2027-10-01 is outside the CN holiday data")
    code, _out, err = cs(policy, "--day", "2026-10-01", "--scenario", rate_file(tmp_path, 6), *TARGETS)
    assert "warning" not in err


def test_max_abandon_under_erlang_c_is_a_warning(tmp_path: Path):  # covers: OPS-8
    """The header said "abandon <= 5%" and the bound changed nothing: without a
    patience nobody gives up (docs/staff.md: Erlang A only)."""
    policy = small_policy(tmp_path, 2)
    code, _out, err = cs(
        policy, "--day", "2026-11-23", "--scenario", rate_file(tmp_path, 6), *TARGETS, "--max-abandon", "0.05"
    )
    assert code in (0, 1) and err.startswith("cs: warning: --max-abandon changes nothing: the forecast has no patience")
    code, _out, err = cs(
        policy, "--day", "2026-11-23", "--scenario", forecast_file(tmp_path, 6), *TARGETS, "--max-abandon", "0.05"
    )
    assert "--max-abandon" not in err  # with a patience: Erlang A


UNEVEN = """\
version: 1
name: uneven
timezone: Asia/Shanghai
hours: {mon: [09:00-18:00]}
agents:
  - {id: junior, max_chats: 1}
  - {id: senior, max_chats: 19}
schedules:
  - {id: morning, agents: [junior], hours: {mon: [09:00-12:00]}}
  - {id: afternoon, agents: [senior], hours: {mon: [13:00-18:00]}}
"""


def test_enough_agents_with_too_few_seats_is_a_warning(tmp_path: Path):  # covers: OPS-8, RT-2
    """The requirement counts each agent at the mean max_chats (10): a morning of one
    1-chat junior was "covered" at 97% while the policy as written answered almost nobody."""
    policy = tmp_path / "uneven.yaml"
    policy.write_text(UNEVEN, encoding="utf-8")
    code, out, err = cs(policy, "--day", "2026-11-23", "--scenario", rate_file(tmp_path, 60), *TARGETS)
    assert code == 1 and "10 chats per agent" in out  # short at lunch, when nobody is on
    (warning,) = [line for line in err.splitlines() if "too few seats" in line]
    assert warning.startswith("cs: warning: too few seats in 09:00-09:30 (1/10), 09:30-10:00 (1/10)")
    assert "11:30-12:00 (1/10)" in warning and "13:00" not in warning  # the senior's 19 seats suffice
    code, out, err = cs(policy, "--day", "2026-11-23", "--scenario", rate_file(tmp_path, 60), *TARGETS, "-f", "json")
    assert json.loads(out)["intervals"] and "too few seats in 09:00-09:30" in err  # beside the machine format
    even = tmp_path / "even.yaml"
    even.write_text(UNEVEN.replace("max_chats: 1}", "max_chats: 19}"), encoding="utf-8")
    _code, _out, err = cs(even, "--day", "2026-11-23", "--scenario", rate_file(tmp_path, 60), *TARGETS)
    assert "too few seats" not in err


def test_too_few_seats_is_told_per_team_under_group_routing(tmp_path: Path):  # covers: OPS-8, RT-4
    """Pooled, the after-sales account's 99 seats hid the pre-sales junior's one."""
    policy = tmp_path / "teams.yaml"
    policy.write_text(
        UNEVEN.replace("agents:\n", "teams: [{id: pre}, {id: post}]\nagents:\n")
        .replace("{id: junior, max_chats: 1}", "{id: junior, teams: [pre], max_chats: 1}")
        .replace(
            "{id: senior, max_chats: 19}",
            "{id: senior, teams: [pre], max_chats: 19}\n  - {id: big, teams: [post], max_chats: 99}",
        )
        .replace("agents: [junior]", "agents: [junior, big]")
        + "routing:\n  groups:\n    enabled: true\n    by_order_status: {none: pre, shipped: post}\n",
        encoding="utf-8",
    )
    forecast = tmp_path / "f.json"
    traffic = {"arrivals_per_hour": 24, "handle_time": "5m", "order_status": {"none": 0.5, "shipped": 0.5}}
    forecast.write_text(json.dumps({"name": "f", "traffic": traffic}), encoding="utf-8")
    _code, out, err = cs(policy, "--day", "2026-11-23", "--scenario", forecast, *TARGETS)
    assert "one line per team" in out
    (warning,) = [line for line in err.splitlines() if "too few seats" in line]
    assert "09:00-09:30 pre (1/10)" in warning and " post " not in warning, warning
