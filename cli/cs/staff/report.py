"""Reporters of ``cs staff``: table, json, markdown and csv, one row per interval.

The JSON keys are the public interface (OPS-8): ``{"intervals": [...],
"totals": {...}}`` with ``start``, ``end``, ``arrivals``, ``required``,
``rostered``, ``scheduled``, ``shortfall``, ``service_level``, ``p_wait``,
``asa_s``, ``occupancy``, ``p_abandon`` per interval; ``--verify`` adds
``simulated_service_level``, ``simulation_noise``, ``differs`` and
``policy_service_level``. Under group routing (RT-4) each interval also has
``teams``: one entry per line (``team``, null for the default line, ``arrivals``,
``chats_per_agent``, ``required``, ``rostered``, ``scheduled``, ``shortfall``,
``service_level``). The table marks a short interval with ``!`` and an interval
where the simulation disagrees with the formula with ``*``; the human text is in
the language of :mod:`cs.i18n`, the JSON and CSV keys never are.
"""

from __future__ import annotations

import csv
import io
import json
import math
from typing import Any

from tabulate import tabulate

from cs.i18n import _, pgettext
from cs.staff.api import Staffing
from cs.staff.lines import line_name
from cs.staff.plan import Interval, StaffPlan, TeamLine
from cs.staff.shifts import ShiftPlan, agent_ids, snippet

REPORT_VERSION = 1
INTERVAL_KEYS = (
    "start",
    "end",
    "arrivals",
    "required",
    "rostered",
    "scheduled",
    "shortfall",
    "service_level",
    "p_wait",
    "asa_s",
    "occupancy",
    "p_abandon",
)
VERIFY_KEYS = ("simulated_service_level", "simulation_noise", "differs", "policy_service_level", "policy_short")
TEAM_KEYS = ("team", "arrivals", "chats_per_agent", "required", "rostered", "scheduled", "shortfall", "service_level")


def _round(value: float, digits: int) -> float | None:
    return None if math.isinf(value) else round(value, digits)


def interval_dict(interval: Interval) -> dict[str, Any]:
    row: dict[str, Any] = {
        "start": interval.start.isoformat(),
        "end": interval.end.isoformat(),
        "arrivals": round(interval.arrivals, 2),
        "required": interval.required,
        "rostered": interval.rostered,
        "scheduled": interval.scheduled,
        "shortfall": interval.shortfall,
        "service_level": _round(interval.service_level, 4),
        "p_wait": _round(interval.p_wait, 4),
        "asa_s": _round(interval.asa_s, 1),
        "occupancy": _round(interval.occupancy, 4),
        "p_abandon": _round(interval.p_abandon, 4),
    }
    if interval.check is not None:
        level = interval.check.service_level
        row["simulated_service_level"] = None if level is None else round(level, 4)
        row["simulation_noise"] = round(interval.check.noise, 4)
        row["differs"] = interval.check.differs
        written = interval.check.policy_service_level
        row["policy_service_level"] = None if written is None else round(written, 4)
        row["policy_short"] = interval.check.policy_short
    if interval.lines:
        row["teams"] = [team_dict(line) for line in interval.lines]
    return row


def team_dict(line: TeamLine) -> dict[str, Any]:
    return {
        "team": line.team,
        "arrivals": round(line.arrivals, 2),
        "chats_per_agent": line.chats_per_agent,
        "required": line.required,
        "rostered": line.rostered,
        "scheduled": line.scheduled,
        "shortfall": line.shortfall,
        "service_level": _round(line.figures.service_level, 4),
    }


def totals(plan: StaffPlan) -> dict[str, Any]:
    intervals = plan.intervals

    def hours(field: str) -> float:
        return round(sum(float(getattr(i, field)) * i.hours for i in intervals), 2)

    found: dict[str, Any] = {
        "intervals": len(intervals),
        "intervals_short": sum(1 for i in intervals if i.shortfall),
        "arrivals": round(sum(i.arrivals for i in intervals), 2),
        "required_peak": max((i.required for i in intervals), default=0),
        "shortfall_peak": max((i.shortfall for i in intervals), default=0),
        "required_agent_hours": hours("required"),
        "rostered_agent_hours": hours("rostered"),
        "scheduled_agent_hours": hours("scheduled"),
        "shortfall_agent_hours": hours("shortfall"),
    }
    if plan.replications:
        found["replications"] = plan.replications
        found["intervals_differing"] = sum(1 for i in intervals if i.check is not None and i.check.differs)
        found["intervals_policy_short"] = sum(1 for i in intervals if i.check is not None and i.check.policy_short)
    return found


def plan_dict(plan: StaffPlan) -> dict[str, Any]:
    t = plan.targets
    return {
        "version": REPORT_VERSION,
        "policy": plan.policy,
        "scenario": plan.scenario,
        "timezone": plan.timezone,
        "model": plan.model,
        "chats_per_agent": plan.chats_per_agent,
        "targets": {
            "service_level": t.service_level,
            "within_s": t.within_s,
            "max_abandon": t.max_abandon,
            "max_occupancy": t.max_occupancy,
            "shrinkage": t.shrinkage,
        },
        "intervals": [interval_dict(i) for i in plan.intervals],
        "totals": totals(plan),
    }


def _pct(value: float | None) -> str:
    return "-" if value is None or math.isinf(value) else f"{value * 100:.1f}%"


def _rows(plan: StaffPlan) -> tuple[list[str], list[list[Any]]]:
    days = len({i.start.date() for i in plan.intervals})
    verified = plan.replications > 0
    split = any(i.lines for i in plan.intervals)
    headers = [
        "",
        pgettext("staff column", "interval"),
        pgettext("staff column", "arrivals"),
        pgettext("staff column", "required"),
        pgettext("staff column", "rostered"),
        pgettext("staff column", "scheduled"),
        pgettext("staff column", "short"),
    ]
    headers += [
        pgettext("staff column", "SL"),
        pgettext("staff column", "P(wait)"),
        pgettext("staff column", "ASA"),
        pgettext("staff column", "occupancy"),
        pgettext("staff column", "abandon"),
    ]
    if verified:
        headers += [
            pgettext("staff column", "simulated SL"),
            pgettext("staff column", "±noise"),
            "",
            pgettext("staff column", "policy SL"),
            "",
        ]
    if split:
        headers += [pgettext("staff column", "by team: required/scheduled")]
    rows = []
    for i in plan.intervals:
        row: list[Any] = ["!" if i.shortfall else "", "-".join(i.wall(days > 1)), f"{i.arrivals:.1f}", i.required]
        row += [i.rostered, i.scheduled, i.shortfall or "", _pct(i.service_level), _pct(i.p_wait)]
        row += ["-" if math.isinf(i.asa_s) else f"{i.asa_s:.1f}s", _pct(i.occupancy), _pct(i.p_abandon)]
        if verified and i.check is not None:
            row += [_pct(i.check.service_level), _pct(i.check.noise), "*" if i.check.differs else ""]
            row += [_pct(i.check.policy_service_level), "!" if i.check.policy_short else ""]
        if split:
            row += [", ".join(f"{line_name(t.team)} {t.required}/{t.scheduled}" for t in i.lines)]
        rows.append(row)
    return headers, rows


def _heading(plan: StaffPlan) -> str:
    t = plan.targets
    goals = [_("{share} within {within}s").format(share=f"{t.service_level:.0%}", within=f"{t.within_s:g}")]
    if t.max_abandon is not None:
        goals.append(_("abandon <= {share}").format(share=f"{t.max_abandon:.0%}"))
    if t.max_occupancy is not None:
        goals.append(_("occupancy <= {share}").format(share=f"{t.max_occupancy:.0%}"))
    if t.shrinkage:
        goals.append(_("shrinkage {share}").format(share=f"{t.shrinkage:.0%}"))
    model = _("Erlang A (with patience)") if plan.model == "erlang_a" else _("Erlang C (no abandonment)")
    seats = dict.fromkeys((t.team, t.chats_per_agent) for i in plan.intervals for t in i.lines)
    if seats:
        chats = _("one line per team (group routing): {lines} chats per agent").format(
            lines=", ".join(f"{line_name(team)} {c}" for team, c in seats)
        )
    else:
        chats = _("{chats} chats per agent").format(chats=plan.chats_per_agent)
    return _("{policy} staffing for {scenario} ({timezone}): {goals}; {model}, {chats}").format(
        policy=plan.policy,
        scenario=plan.scenario,
        timezone=plan.timezone,
        goals=", ".join(goals),
        model=model,
        chats=chats,
    )


def _footer(plan: StaffPlan) -> list[str]:
    found = totals(plan)
    lines = [
        _(
            "{intervals} open interval(s), {short} short (!); peak required {required}, peak shortfall {shortfall}"
        ).format(
            intervals=found["intervals"],
            short=found["intervals_short"],
            required=found["required_peak"],
            shortfall=found["shortfall_peak"],
        ),
        _("agent-hours: required {required}, rostered {rostered}, scheduled {scheduled}, short {short}").format(
            required=f"{found['required_agent_hours']:g}",
            rostered=f"{found['rostered_agent_hours']:g}",
            scheduled=f"{found['scheduled_agent_hours']:g}",
            short=f"{found['shortfall_agent_hours']:g}",
        ),
    ]
    if any(i.lines for i in plan.intervals):
        lines.append(
            _(
                "group routing (RT-4): each team's line is sized on its own share of the traffic; "
                "short is the sum of the teams' shortfalls"
            )
        )
    if plan.replications:
        lines.append(
            _(
                "verified by {runs} simulated runs: {differing} interval(s) differ "
                "from the formula by more than the simulation's noise (*)"
            ).format(runs=plan.replications, differing=found["intervals_differing"])
        )
        lines.append(
            _(
                "the policy as written misses the target by more than the noise in {count} interval(s) "
                "(! after policy SL)"
            ).format(count=found["intervals_policy_short"])
        )
    return lines


def shifts_dict(shifts: ShiftPlan) -> dict[str, Any]:
    return {
        "agents": shifts.agents,
        "chats_per_agent": shifts.chats_per_agent,
        "teams": list(shifts.teams),
        "assignments": [
            {
                "shift": a.shift.id,
                "day": a.day.isoformat(),
                "team": a.team,
                "agents": a.agents,
                "max_chats": a.chats,
                "ids": agent_ids(a),
            }
            for a in shifts.assignments
        ],
        "snippet": snippet(shifts),
    }


def render(staffing: Staffing, fmt: str) -> str:
    """The report in ``fmt``; with shifts, the ``schedules:`` snippet follows (json: a ``shifts`` key)."""
    plan = staffing.plan
    if fmt == "json":
        data = plan_dict(plan)
        if staffing.shifts is not None:
            data["shifts"] = shifts_dict(staffing.shifts)
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        records = [interval_dict(i) for i in plan.intervals]
        keys = [*INTERVAL_KEYS, *(VERIFY_KEYS if plan.replications else ())]
        writer = csv.DictWriter(out, fieldnames=keys, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(records)
        return out.getvalue()
    headers, rows = _rows(plan)
    if fmt == "markdown":
        headers[0] = "!"
        table = tabulate(rows, headers=headers, tablefmt="github", disable_numparse=True)
        text = f"**{_heading(plan)}**\n\n{table}\n\n" + "\n".join(f"- {line}" for line in _footer(plan)) + "\n"
    else:
        table = tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True)
        text = "\n".join([_heading(plan), table, *_footer(plan)]) + "\n"
    if staffing.shifts is not None:
        text += "\n" + snippet(staffing.shifts)
    return text
