"""The library entry point of ``cs staff``: :func:`staff` runs the whole flow and returns data.

Plan every interval (:func:`cs.staff.plan.staff_plan`), then, when asked, solve
the shifts that close the shortfalls (:mod:`cs.staff.shifts`) and act the
staffing out in the simulator (:mod:`cs.staff.verify`). Reporters and the plot
read the result; nothing here prints.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, timedelta

from cs.engine.warnings import range_messages
from cs.i18n import N_
from cs.i18n.message import Message, message
from cs.model.policy import Policy
from cs.simulate.scenario import Scenario
from cs.staff.lines import line_name
from cs.staff.model import Targets
from cs.staff.plan import StaffPlan, staff_plan
from cs.staff.shifts import ShiftPlan


@dataclass(frozen=True)
class Staffing:
    plan: StaffPlan
    shifts: ShiftPlan | None
    """The extra agents per shift, when shift patterns were given."""
    warnings: tuple[Message, ...] = ()
    """Days planned beyond the holiday calendar's data (CAL-5: never a silent guess), and
    a target that cannot bind (``--max-abandon`` under Erlang C)."""

    @property
    def short(self) -> bool:
        """Some interval is short of agents, or (``--verify``) the policy as written misses
        the target there by more than the simulation's noise."""
        return any(i.shortfall or (i.check is not None and i.check.policy_short) for i in self.plan.intervals)


def staff(
    policy: Policy,
    scenario: Scenario,
    first_day: date,
    days: int,
    targets: Targets,
    interval: timedelta,
    *,
    verify: bool = False,
    shifts: str | os.PathLike[str] | None = None,
) -> Staffing:
    """Agents required per interval against the agents scheduled; shifts and simulation on request."""
    plan = staff_plan(policy, scenario, first_day, days, targets, interval)
    solved = None
    if shifts is not None:
        from cs.staff.shifts import load_shifts, plan_shifts

        solved = plan_shifts(plan, load_shifts(shifts), str(shifts), policy)
    if verify:
        from cs.staff.verify import verify as simulate_plan

        plan = simulate_plan(plan, policy, scenario, first_day, days)
    warnings = range_messages(policy, first_day, first_day + timedelta(days=days - 1))
    if targets.max_abandon is not None and plan.model == "erlang_c":
        warnings.append(
            message(
                N_(
                    "--max-abandon changes nothing: the forecast has no patience, so nobody gives up (Erlang C); "
                    "give its traffic a patience to plan with Erlang A"
                )
            )
        )
    short_of_seats = [
        f"{'-'.join(i.wall(days > 1))}{'' if line is None else ' ' + line_name(line.team)} ({seats}/{needed})"
        for i in plan.intervals
        for line, seats, needed in i.too_few_seats(plan.chats_per_agent)
    ]
    if short_of_seats:
        shown = short_of_seats[:SHOWN_INTERVALS]
        warnings.append(
            message(
                N_(
                    "too few seats in {intervals} (seats scheduled / counted on): the agents scheduled are enough "
                    "in number but take fewer chats at once than the requirement counts on, which puts each at the "
                    "mean max_chats; `--verify` simulates the policy as written"
                ),
                intervals=", ".join(shown) + (" ..." if len(short_of_seats) > SHOWN_INTERVALS else ""),
            )
        )
    return Staffing(plan, solved, tuple(warnings))


SHOWN_INTERVALS = 6
"""Intervals a warning names."""
