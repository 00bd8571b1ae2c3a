"""``cs staff --shifts`` (OPS-8): the integer program, its snippet pasted into the policy, its errors."""
# covers: OPS-8

from __future__ import annotations

import itertools
import json
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from cs.load.yaml_loader import load_text
from cs.simulate import simulate
from cs.simulate.scenario import load_scenario
from cs.staff.model import Targets
from cs.staff.plan import staff_plan
from cs.staff.shifts import load_shifts, plan_shifts
from cs.validate import load_policy, validate_document
from test_staff import BERLIN_RATES, cs, paste, pasted_policy, pooled_full, rate_file, shifts_snippet, small_policy

pytest.importorskip("scipy.optimize")

ROOT = Path(__file__).resolve().parents[1]
FULL = ROOT / "examples" / "full.yaml"
FORECAST = ROOT / "examples" / "scenarios" / "double-11.json"
SHIFTS = ROOT / "examples" / "shifts-double-11.json"
DOUBLE_11 = date(2026, 11, 11)
ARGS = ["--day", "2026-11-11", "--scenario", str(FORECAST), "--service-level", "0.8", "--within", "20s"]


def plan_of(policy):
    forecast = load_scenario(FORECAST, policy)
    return staff_plan(policy, forecast, DOUBLE_11, 1, Targets(0.8, 20.0), timedelta(minutes=30))


def test_the_pasted_snippet_validates_and_closes_every_shortfall():  # covers: OPS-8, AG-2
    snippet = shifts_snippet()
    text = paste(FULL.read_text(encoding="utf-8"), snippet)
    validation = validate_document(load_text(text, "pasted.yaml"))
    assert not validation.findings, [f"{f.location} {f.rule} {f.message}" for f in validation.findings]
    assert validation.policy is not None
    before, after = plan_of(load_policy(FULL)), plan_of(validation.policy)
    assert any(i.shortfall for i in before.intervals) and not any(i.shortfall for i in after.intervals)
    added = [a for a in validation.policy.agents if a.id.startswith("shift-")]
    assert len(added) == 8 and snippet.startswith("# cs staff --shifts") and "8 more agent(s)" in snippet
    # RT-4: each new agent joins the team whose line is short; the night's line is the default one
    # (neither team online, so routing hands customers to any online agent): no team
    assert [(a.id, a.teams, a.max_chats) for a in added if not a.teams] == [("shift-night-1110-1", (), 12)]
    assert sum(1 for a in added if a.teams == ("presale",) and a.max_chats == 9) == 7


def test_the_shift_agents_take_chats_under_group_routing(tmp_path):  # covers: OPS-8, RT-4
    """The presale agents added for the evening take presale customers; the one added to the
    night's default line takes the customers nobody in a team is online for."""
    policy = load_policy(pasted_policy(tmp_path))
    forecast = load_scenario(FORECAST, policy)
    result = simulate(policy, forecast, DOUBLE_11, 1, 0)
    assert result.timeline is not None
    evening = {e.agent for e in result.timeline if e.kind == "assign" and e.t >= 18 * 3600}
    night = {e.agent for e in result.timeline if e.kind == "assign" and e.t < 6 * 3600}
    assert {f"shift-evening-presale-1111-{k}" for k in range(1, 5)} | {"shift-late-presale-1111-1"} <= evening
    assert "shift-night-1110-1" in night and not any(a and "presale" in a for a in night)


def test_json_lists_the_assignments():  # covers: OPS-8, RT-4
    code, out, _ = cs(FULL, *ARGS, "--shifts", SHIFTS, "--format", "json")
    shifts = json.loads(out)["shifts"]
    assert code == 1 and shifts["agents"] == 8 and shifts["teams"] == ["presale"]
    assert [(a["shift"], a["day"], a["team"], a["agents"], a["max_chats"]) for a in shifts["assignments"]] == [
        ("night", "2026-11-10", None, 1, 12),
        ("day", "2026-11-11", "presale", 2, 9),
        ("late", "2026-11-11", "presale", 1, 9),
        ("evening", "2026-11-11", "presale", 4, 9),
    ]
    assert shifts["assignments"][0]["ids"] == ["shift-night-1110-1"]
    assert shifts["assignments"][1]["ids"] == ["shift-day-presale-1111-1", "shift-day-presale-1111-2"]


def test_without_group_routing_the_agents_join_no_team(tmp_path):  # covers: OPS-8
    code, out, _ = cs(pooled_full(tmp_path), *ARGS, "--shifts", SHIFTS, "--format", "json")
    shifts = json.loads(out)["shifts"]
    assert code == 1 and shifts["teams"] == [] and all(a["team"] is None for a in shifts["assignments"])
    assert all(a["max_chats"] == 9 for a in shifts["assignments"]) and "teams:" not in shifts["snippet"]


def test_once_pasted_there_is_nothing_to_add(tmp_path):  # covers: OPS-8
    code, out, _ = cs(pasted_policy(tmp_path), *ARGS, "--shifts", SHIFTS)
    assert code == 0 and "# Every interval is covered already: nothing to add." in out


def test_the_solution_is_the_fewest_agents():  # covers: OPS-8, RT-4
    """On each team's line, no choice of fewer agents over the same (shift, day) pairs covers every
    shortfall of that line: brute force (the lines share no agent, so each is its own problem)."""
    policy = load_policy(FULL)
    plan = plan_of(policy)
    patterns = load_shifts(SHIFTS)
    solved = plan_shifts(plan, patterns, "shifts", policy)
    assert solved.agents == 8
    for team in (None, "presale"):
        mine = [a for a in solved.assignments if a.team == team]
        shortfalls = [(i, sum(t.shortfall for t in i.lines if t.team == team)) for i in plan.intervals]
        fewest(patterns, shortfalls, {(a.shift, a.day): a.agents for a in mine})


def fewest(patterns, shortfalls, chosen_by_pair):
    days = [DOUBLE_11 - timedelta(days=1), DOUBLE_11]
    pairs = [(p, d) for d in days for p in patterns]

    def covered(counts: tuple[int, ...]) -> bool:
        for i, shortfall in shortfalls:
            if not shortfall:
                continue
            on = 0
            for (pattern, day), n in zip(pairs, counts, strict=True):
                midnight = i.start.replace(hour=0, minute=0) - (i.start.date() - day)
                start, end = ((t - midnight).total_seconds() / 60 for t in (i.start, i.end))
                on += n * any(w.start <= start and end <= w.end for w in pattern.windows)
            if on < shortfall:
                return False
        return True

    chosen = tuple(chosen_by_pair.get(pair, 0) for pair in pairs)
    assert covered(chosen)
    for total in range(sum(chosen)):
        for split in itertools.combinations_with_replacement(range(len(pairs)), total):
            assert not covered(tuple(split.count(k) for k in range(len(pairs)))), split


def test_shrinkage_grosses_up_the_agents_scheduled_and_the_new_ones(tmp_path):  # covers: OPS-8
    """8 rostered needed all day (5 on the floor at 30% shrinkage) with 3 scheduled: 5 more on
    each shift, not 3 (the 3 scheduled are off the floor 30% of the time too)."""
    shifts = tmp_path / "halves.yaml"
    shifts.write_text("shifts:\n  - {id: early, hours: [00:00-12:00]}\n  - {id: late, hours: [12:00-24:00]}\n")
    args = ["--day", "2026-03-02", "--scenario", rate_file(tmp_path, 30.0), "--service-level", "0.8"]
    args += ["--within", "20s", "--shrinkage", "0.3", "--shifts", shifts, "-f", "json"]
    data = json.loads(cs(small_policy(tmp_path, 3), *args)[1])
    assert {(a["shift"], a["day"], a["agents"]) for a in data["shifts"]["assignments"]} == {
        ("early", "2026-03-02", 5),
        ("late", "2026-03-02", 5),
    }
    path = tmp_path / "pasted.yaml"
    path.write_text(paste(path.with_name("small.yaml").read_text() + "schedules:\n", data["shifts"]["snippet"]))
    assert cs(path, *args[:-4])[0] == 0  # pasted, nothing is short


def test_without_scipy_one_error_names_the_install_command(monkeypatch):  # covers: OPS-8
    monkeypatch.setitem(sys.modules, "scipy.optimize", None)
    code, out, err = cs(FULL, *ARGS, "--shifts", SHIFTS)
    assert code == 2 and not out
    assert err == "cs: error: --shifts needs SciPy's HiGHS solver; install it with pip install '.[staff]'\n"
    code, out, _ = cs(FULL, *ARGS)  # the rest of cs staff works without it
    assert code == 1 and "peak required 9" in out


def test_an_interval_no_shift_can_cover_is_named(tmp_path):  # covers: OPS-8
    path = tmp_path / "days.yaml"
    path.write_text("shifts:\n  - id: day\n    hours: [09:00-12:00, 13:00-18:00]\n", encoding="utf-8")
    code, _, err = cs(FULL, *ARGS, "--shifts", path)
    assert code == 2
    assert err == (
        f"cs: error: no shift in {path} spans 2026-11-11 00:00-00:30, which is short of 1 agent(s); "
        "add a shift pattern that covers it\n"
    )


def test_a_shift_covers_what_it_works_in_real_time(tmp_path):  # covers: OPS-8, CAL-1
    """2026-10-25 in Berlin, the hour 02:00-03:00 twice: a shift 00:00-02:30 ends at the first
    02:30, so it spans none of the three half hours after it, whatever their wall clock says."""
    shifts = tmp_path / "night.yaml"
    shifts.write_text("shifts:\n  - {id: a, hours: [00:00-02:30]}\n  - {id: b, hours: [03:00-24:00]}\n")
    policy = small_policy(tmp_path, 3, "Europe/Berlin")
    args = ["--day", "2026-10-25", "--scenario", rate_file(tmp_path, BERLIN_RATES), "--service-level", "0.8"]
    code, _, err = cs(policy, *args, "--within", "20s", "--shifts", shifts)
    assert code == 2
    assert err == (
        f"cs: error: no shift in {shifts} spans 2026-10-25 02:30-02:00 UTC+0200/+0100, which is short of 9 "
        "agent(s); add a shift pattern that covers it\n"
    )
    shifts.write_text(shifts.read_text() + "  - {id: c, hours: [02:30-03:00]}\n")  # 02:30 to 03:00: 90 minutes
    data = json.loads(cs(policy, *args, "--within", "20s", "--shifts", shifts, "-f", "json")[1])
    assert {(a["shift"], a["agents"]) for a in data["shifts"]["assignments"]} == {("a", 9), ("c", 9), ("b", 18)}


def test_a_shift_that_matches_hours_off_the_interval_grid_is_accepted(tmp_path):  # covers: OPS-8
    """Hours 09:15-12:00 and 13:00-17:15: the half hours 09:00 and 17:00 are open 15 minutes, which
    a shift of exactly those hours covers; 2 agents more close the day (5 needed, 3 scheduled)."""
    shifts = tmp_path / "day.yaml"
    shifts.write_text("shifts:\n  - {id: day, hours: [09:15-12:00, 13:00-17:15]}\n")
    policy = small_policy(tmp_path, 3, hours="[09:15-12:00, 13:00-17:15]")
    args = ["--day", "2026-03-02", "--scenario", rate_file(tmp_path, 30.0), "--service-level", "0.8", "--within"]
    code, out, err = cs(policy, *args, "20s", "--shifts", shifts, "-f", "json")
    assert code == 1, err
    assert [(a["shift"], a["agents"]) for a in json.loads(out)["shifts"]["assignments"]] == [("day", 2)]


def test_shift_file_problems_are_located(tmp_path):  # covers: OPS-8
    path = tmp_path / "bad.yaml"
    path.write_text(
        "shifts:\n"
        "  - id: early\n"
        "    hours: [08:00-12:00, 11:00-14:00]\n"
        "  - id: early\n"
        "    hours: [9am-5pm]\n"
        "  - {hours: [10:00-12:00]}\n",
        encoding="utf-8",
    )
    code, out, err = cs(FULL, *ARGS, "--shifts", path)
    assert code == 2 and not out and "Traceback" not in err
    lines = err.splitlines()
    assert lines[0] == f"cs: error: {path}: 4 problems in the shift file"
    assert lines[1] == f"{path}:3:12: windows 08:00-12:00 and 11:00-14:00 overlap"
    assert lines[2].startswith(f"{path}:4:9: shift id 'early' is used twice")
    assert lines[3].startswith(f"{path}:5:13: '9am-5pm' is not a window HH:MM-HH:MM")
    assert lines[4].startswith(f"{path}:6:5: a shift is {{id, hours}}")
