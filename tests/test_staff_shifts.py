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
from test_staff import cs, paste, pasted_policy, shifts_snippet

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
    assert len(added) == 6 and snippet.startswith("# cs staff --shifts") and "6 more agent(s)" in snippet
    assert all(a.teams == ("presale", "aftersale") and a.max_chats == 9 for a in added)


def test_the_shift_agents_take_chats_under_group_routing(tmp_path):  # covers: OPS-8, RT-4
    """full.yaml routes every order status to a team; agents outside the teams would never get a
    chat while a team is online, so the new agents join every routed team."""
    policy = load_policy(pasted_policy(tmp_path))
    forecast = load_scenario(FORECAST, policy)
    result = simulate(policy, forecast, DOUBLE_11, 1, 0)
    assert result.timeline is not None
    taken = {e.agent for e in result.timeline if e.kind == "assign" and e.t >= 18 * 3600}
    assert {"shift-late-1111-1", "shift-late-1111-2", "shift-evening-1111-1", "shift-evening-1111-2"} <= taken


def test_json_lists_the_assignments():  # covers: OPS-8
    code, out, _ = cs(FULL, *ARGS, "--shifts", SHIFTS, "--format", "json")
    shifts = json.loads(out)["shifts"]
    assert code == 1 and shifts["agents"] == 6 and shifts["teams"] == ["presale", "aftersale"]
    assert [(a["shift"], a["day"], a["agents"]) for a in shifts["assignments"]] == [
        ("night", "2026-11-10", 2),
        ("late", "2026-11-11", 2),
        ("evening", "2026-11-11", 2),
    ]
    assert shifts["assignments"][0]["ids"] == ["shift-night-1110-1", "shift-night-1110-2"]


def test_once_pasted_there_is_nothing_to_add(tmp_path):  # covers: OPS-8
    code, out, _ = cs(pasted_policy(tmp_path), *ARGS, "--shifts", SHIFTS)
    assert code == 0 and "# Every interval is covered already: nothing to add." in out


def test_the_solution_is_the_fewest_agents():  # covers: OPS-8
    """No choice of fewer agents over the same (shift, day) pairs covers every shortfall: brute force."""
    policy = load_policy(FULL)
    plan = plan_of(policy)
    patterns = load_shifts(SHIFTS)
    solved = plan_shifts(plan, patterns, "shifts", policy)
    assert solved.agents == 6
    days = [DOUBLE_11 - timedelta(days=1), DOUBLE_11]
    pairs = [(p, d) for d in days for p in patterns]

    def covered(counts: tuple[int, ...]) -> bool:
        for i in plan.intervals:
            if not i.shortfall:
                continue
            on = 0
            for (pattern, day), n in zip(pairs, counts, strict=True):
                midnight = i.start.replace(hour=0, minute=0) - (i.start.date() - day)
                start, end = ((t - midnight).total_seconds() / 60 for t in (i.start, i.end))
                on += n * any(w.start <= start and end <= w.end for w in pattern.windows)
            if on < i.shortfall:
                return False
        return True

    chosen = tuple(next((a.agents for a in solved.assignments if (a.shift, a.day) == pair), 0) for pair in pairs)
    assert covered(chosen)
    for total in range(solved.agents):
        for split in itertools.combinations_with_replacement(range(len(pairs)), total):
            assert not covered(tuple(split.count(k) for k in range(len(pairs)))), split


def test_shrinkage_grosses_up_the_shift_agents():  # covers: OPS-8
    policy = load_policy(FULL)
    forecast = load_scenario(FORECAST, policy)
    plan = staff_plan(policy, forecast, DOUBLE_11, 1, Targets(0.8, 20.0, shrinkage=0.5), timedelta(minutes=30))
    assert plan_shifts(plan, load_shifts(SHIFTS), "shifts", policy).agents == 12  # 6 on the floor, twice that rostered


def test_without_scipy_one_error_names_the_install_command(monkeypatch):  # covers: OPS-8
    monkeypatch.setitem(sys.modules, "scipy.optimize", None)
    code, out, err = cs(FULL, *ARGS, "--shifts", SHIFTS)
    assert code == 2 and not out
    assert err == "cs: error: --shifts needs SciPy's HiGHS solver; install it with pip install '.[staff]'\n"
    code, out, _ = cs(FULL, *ARGS)  # the rest of cs staff works without it
    assert code == 1 and "peak required 8" in out


def test_an_interval_no_shift_can_cover_is_named(tmp_path):  # covers: OPS-8
    path = tmp_path / "days.yaml"
    path.write_text("shifts:\n  - id: day\n    hours: [09:00-12:00, 13:00-18:00]\n", encoding="utf-8")
    code, _, err = cs(FULL, *ARGS, "--shifts", path)
    assert code == 2
    assert err == (
        f"cs: error: no shift in {path} spans 2026-11-11 00:00-00:30, which is short of 2 agent(s); "
        "add a shift pattern that covers it\n"
    )


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
    assert lines[0] == f"cs: error: {path}: 4 problem(s) in the shift file"
    assert lines[1] == f"{path}:3:12: windows 08:00-12:00 and 11:00-14:00 overlap"
    assert lines[2].startswith(f"{path}:4:9: shift id 'early' is used twice")
    assert lines[3].startswith(f"{path}:5:13: '9am-5pm' is not a window HH:MM-HH:MM")
    assert lines[4].startswith(f"{path}:6:5: a shift is {{id, hours}}")
