"""``cs staff --shifts``: the fewest extra agents per shift pattern, as a pasteable ``schedules:`` snippet.

The choice is an integer program: one integer variable per (shift pattern,
day, line), the number of agents who work it; for every interval, the agents of the
shifts that span the open part of the interval must make up its shortfall; minimise the
agents. A shortfall is ``rostered - scheduled``: the requirement grossed up by the
shrinkage, less the agents the policy already schedules, who are off the floor
for the same share of their time as the new ones. So the snippet adds exactly
what is missing; for a policy with no schedules that is the whole requirement.
Under group routing (RT-4) each team's line has its own shortfall
(:mod:`cs.staff.lines`), so the new agents of a line join its team (the
default line's join none: routing hands them the customers no team online
takes); without it there is one pooled line and the agents join no team.

The solver is HiGHS through :func:`scipy.optimize.milp`: maintained,
open source (MIT), exact for problems of this size (a few dozen variables,
a few hundred constraints, well under a second), and SciPy ships it in its
wheels, so there is no separate solver binary to install. SciPy is the
optional extra ``staff``; the rest of ``cs staff`` works without it.

A shift file (YAML or JSON)::

    shifts:
      - id: early
        hours: [08:00-12:00, 13:00-17:00]   # a lunch break is a gap between windows
      - id: night
        hours: [22:00-02:00]                # crosses midnight into the next day
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from typing import Any

from cs.calendar.hours import day_intervals
from cs.errors import UsageError
from cs.i18n import _, ngettext
from cs.load.fullwidth import value_hint
from cs.load.yaml_loader import SHIFT_FILE, LoadedDocument, load_file
from cs.model.policy import Calendar, CalendarException, Policy, WeeklyHours
from cs.model.timefmt import EmptyWindowError, Window, parse_window
from cs.staff.plan import Interval, StaffPlan

INSTALL = "pip install '.[staff]'"
ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:@-]*$")


@dataclass(frozen=True)
class ShiftPattern:
    id: str
    windows: tuple[Window, ...]


@dataclass(frozen=True)
class Assignment:
    shift: ShiftPattern
    day: date
    agents: int
    team: str | None
    """The team the agents join (their line's, RT-4); None: no team."""
    chats: int
    """Their ``max_chats``: the model agent's seats on their line."""
    worked: tuple[tuple[date, tuple[str, ...]], ...] = ()
    """The shift's hours while the service is open, by the date they fall on: what the
    snippet schedules (a schedule's own exception would put agents online even while the
    service is closed, CAL-4/AG-2; hours nobody can be served in are left out)."""


@dataclass(frozen=True)
class ShiftPlan:
    source: str
    assignments: tuple[Assignment, ...]
    """Only the (shift, day) pairs that get agents."""
    chats_per_agent: int
    """The pooled model agent's seats (the report's ``chats_per_agent``)."""

    @property
    def teams(self) -> tuple[str, ...]:
        """The teams the new agents join, in order of first appearance."""
        return tuple(dict.fromkeys(a.team for a in self.assignments if a.team is not None))

    @property
    def agents(self) -> int:
        return sum(a.agents for a in self.assignments)


class ShiftFileError(UsageError):
    """A shift file cannot be used; every problem at ``file:line:col``."""


def load_shifts(path: str | os.PathLike[str]) -> tuple[ShiftPattern, ...]:
    doc = load_file(path, SHIFT_FILE)
    problems: list[str] = []

    def at(where: tuple[str | int, ...], message: str) -> None:
        mark = doc.locate(where)
        problems.append(f"{doc.source}:{mark.line}:{mark.col}: {message}")

    raw = doc.data.get("shifts")
    if not isinstance(raw, list) or not raw:
        at((), _("a shift file needs `shifts:`, a list of {id, hours}"))
        raw = []
    patterns: list[ShiftPattern] = []
    for n, item in enumerate(raw):
        where: tuple[str | int, ...] = ("shifts", n)
        if not isinstance(item, dict) or set(item) - {"id", "hours"} or not {"id", "hours"} <= set(item):
            at(where, _("a shift is {id, hours}, e.g. {id: early, hours: [08:00-12:00, 13:00-17:00]}"))
            continue
        ident = item["id"]
        if not isinstance(ident, str) or not ID.match(ident):
            at(
                (*where, "id"),
                _("shift id {ident} must be letters, digits, '_', '-', '.', ':' or '@'").format(ident=repr(ident)),
            )
            continue
        if any(p.id == ident for p in patterns):
            at((*where, "id"), _("shift id '{ident}' is used twice").format(ident=ident))
        windows = _windows(doc, (*where, "hours"), item["hours"], at)
        patterns.append(ShiftPattern(ident, windows))
    if problems:
        heading = ngettext(
            "{source}: {count} problem in the shift file", "{source}: {count} problems in the shift file", len(problems)
        ).format(source=doc.source, count=len(problems))
        raise ShiftFileError("\n".join([heading, *problems]))
    return tuple(patterns)


def _windows(doc: LoadedDocument, where: tuple[str | int, ...], raw: Any, at: Any) -> tuple[Window, ...]:
    if not isinstance(raw, list) or not raw:
        at(where, _("hours is a list of windows, e.g. [09:00-12:00, 13:00-18:00]"))
        return ()
    windows = []
    for n, text in enumerate(raw):
        try:
            windows.append(parse_window(str(text)))
        except (ValueError, EmptyWindowError) as error:
            problem = _("{text} is not a window HH:MM-HH:MM ({reason})").format(text=repr(text), reason=error)
            hint = value_hint(str(text))
            at((*where, n), _("{problem}; {hint}").format(problem=problem, hint=hint.shown) if hint else problem)
    windows.sort()
    for a, b in pairwise(windows):
        if b.start < a.end:
            at(where, _("windows {first} and {second} overlap").format(first=a, second=b))
    return tuple(windows)


def _worked(pattern: ShiftPattern, day: date, policy: Policy) -> tuple[tuple[float, float], ...]:
    """The shift worked on ``day`` as instants (POSIX seconds), read as the engine reads the
    schedule exception the snippet writes for it (:func:`cs.calendar.hours.day_intervals`): a
    wall time the clocks skip is the first instant after the gap, one they repeat the first."""
    calendar = Calendar(WeeklyHours(((),) * 7), (CalendarException(pattern.id, pattern.windows, day, day),))
    merged: list[tuple[float, float]] = []
    for i in day_intervals(calendar, policy.tz, day):
        start, end = i.start.timestamp(), i.end.timestamp()
        if merged and start <= merged[-1][1]:  # windows that touch: one stretch of work
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        elif end > start:
            merged.append((start, end))
    return tuple(merged)


def _covers(worked: tuple[tuple[float, float], ...], interval: Interval) -> bool:
    """Whether a shift worked (:func:`_worked`) spans every open minute of the interval, in real
    time (hours that open at 09:15 need a shift from 09:15, not from 09:00)."""
    return all(
        any(begin <= start.timestamp() and end.timestamp() <= until for begin, until in worked)
        for start, end in interval.open_spans
    )


def _needs(plan: StaffPlan) -> list[tuple[Interval, str | None, int, int]]:
    """(interval, line's team, agents short, chats) for each short line. A shortfall is
    already in rostered agents (``rostered - scheduled``): the agents scheduled and the new
    ones alike are on the floor ``1 - shrinkage`` of the time."""
    found = []
    for i in plan.intervals:
        short = [(t.team, t.shortfall, t.chats_per_agent) for t in i.lines] or [
            (None, i.shortfall, plan.chats_per_agent)
        ]
        for team, shortfall, chats in short:
            if shortfall > 0:
                found.append((i, team, shortfall, chats))
    return found


def plan_shifts(plan: StaffPlan, patterns: tuple[ShiftPattern, ...], source: str, policy: Policy) -> ShiftPlan:
    """The fewest agents per (shift, day, line) that close every interval's shortfall on every line."""
    try:
        import numpy as np
        from scipy.optimize import Bounds, LinearConstraint, milp  # type: ignore[import-untyped]
    except ImportError:
        raise UsageError(
            _("--shifts needs SciPy's HiGHS solver; install it with {command}").format(command=INSTALL)
        ) from None
    needs = _needs(plan)
    if not needs:
        return ShiftPlan(source, (), plan.chats_per_agent)
    chats = {need[1]: need[3] for need in needs}
    days = sorted({i.start.date() for i in plan.intervals})
    days = [days[0] - timedelta(days=1), *days]  # last night's shift still covers this morning
    variables = [(p, d, team) for d in days for p in patterns for team in chats]
    worked = {(p.id, d): _worked(p, d, policy) for d in days for p in patterns}
    rows = []
    for interval, team, _short, _chats in needs:
        row = [1.0 if line == team and _covers(worked[p.id, day], interval) else 0.0 for p, day, line in variables]
        if not any(row):
            raise UsageError(
                _(
                    "no shift in {source} spans {start}-{end}, which is short of {short} agent(s); "
                    "add a shift pattern that covers it"
                ).format(
                    source=source,
                    start=interval.wall(True)[0],
                    end=interval.wall(True)[1],
                    short=interval.shortfall,
                )
            )
        rows.append(row)
    # Fewest agents first; among equally few, the earliest (day, pattern, line) in order, by a
    # cost step too small to trade one agent for: the optimum is then one solution, whatever
    # HiGHS release finds it (scipy 1.9 and 1.16 pick different ones among plain ties).
    step = 1.0 / (4.0 * len(variables) * max(1, sum(need[2] for need in needs)))
    result = milp(
        c=np.array([1.0 + step * k for k in range(len(variables))]),
        constraints=LinearConstraint(np.array(rows), lb=np.array([need[2] for need in needs], dtype=float), ub=np.inf),
        integrality=np.ones(len(variables)),
        bounds=Bounds(0, np.inf),
    )
    if not result.success:
        raise UsageError(_("the shift program has no solution ({reason})").format(reason=result.message))
    counts = [round(x) for x in result.x]
    assignments = tuple(
        Assignment(pattern, day, n, team, chats[team], _open_hours(policy, pattern, day))
        for (pattern, day, team), n in zip(variables, counts, strict=True)
        if n > 0
    )
    return ShiftPlan(source, assignments, plan.chats_per_agent)


def _open_hours(policy: Policy, pattern: ShiftPattern, day: date) -> tuple[tuple[date, tuple[str, ...]], ...]:
    """The shift worked on ``day`` cut to the service's open intervals (local wall clock),
    split at midnight into the windows of each date."""
    from cs.calendar.hours import intervals_between

    midnight = datetime.combine(day, time())
    shift = [(midnight + timedelta(minutes=w.start), midnight + timedelta(minutes=w.end)) for w in pattern.windows]
    opened = [
        (i.start.astimezone(policy.tz).replace(tzinfo=None), i.end.astimezone(policy.tz).replace(tzinfo=None))
        for i in intervals_between(policy.calendar, policy.tz, day, day + timedelta(days=1))
    ]
    by_date: dict[date, list[str]] = {}
    for shift_start, shift_end in shift:
        for open_start, open_end in opened:
            start, end = max(shift_start, open_start), min(shift_end, open_end)
            while start < end:
                day_end = datetime.combine(start.date() + timedelta(days=1), time())
                piece_end = min(end, day_end)
                until = "24:00" if piece_end == day_end else f"{piece_end:%H:%M}"
                by_date.setdefault(start.date(), []).append(f"{start:%H:%M}-{until}")
                start = piece_end
    return tuple((d, tuple(windows)) for d, windows in sorted(by_date.items()))


def schedule_id(assignment: Assignment) -> str:
    team = f"-{assignment.team}" if assignment.team is not None else ""
    return f"shift-{assignment.shift.id}{team}-{assignment.day:%m%d}"


def agent_ids(assignment: Assignment) -> list[str]:
    return [f"{schedule_id(assignment)}-{k + 1}" for k in range(assignment.agents)]


def snippet(shifts: ShiftPlan) -> str:
    """YAML to paste into the policy: the new agents under ``agents:``, their schedules under ``schedules:``."""
    lines = [
        "# "
        + _("cs staff --shifts {source}: {agents} more agent(s) (HiGHS, optimal).").format(
            source=shifts.source, agents=shifts.agents
        ),
        "# " + _("Paste the agents right under the policy's `agents:` line and the schedules under its `schedules:`."),
    ]
    if shifts.teams:
        lines.append("# " + _("Group routing: each new agent joins the team whose line it covers."))
    if not shifts.assignments:
        lines.append("# " + _("Every interval is covered already: nothing to add."))
        return "\n".join(lines) + "\n"
    lines.append("agents:")
    for a in shifts.assignments:
        teams = f"teams: [{a.team}], " if a.team is not None else ""
        lines += [f"  - {{id: {ident}, {teams}max_chats: {a.chats}}}" for ident in agent_ids(a)]
    lines.append("schedules:")
    for a in shifts.assignments:
        shift_hours = ", ".join(str(w) for w in a.shift.windows)
        about = _("shift {shift} ({hours}) from {day}, while open").format(
            shift=a.shift.id, hours=shift_hours, day=a.day.isoformat()
        )
        lines += [
            f"  - id: {schedule_id(a)}",
            f"    agents: [{', '.join(agent_ids(a))}]",
            f"    hours: {{}}                     # {about}",
            "    holidays: false",
            "    exceptions:",
        ]
        for worked, hours in a.worked:
            when = worked.isoformat()
            lines.append(f"      - {{id: {a.shift.id}-{when}, date: {when}, hours: [{', '.join(hours)}]}}")
    return "\n".join(lines) + "\n"
