"""``cs staff``: parse, compute the staffing plan, optionally verify, solve shifts, plot, report (OPS-8)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from cs.cli.app import BomOption, command, csv_bom, parse_day, parse_duration_option
from cs.cli.output import note, warn
from cs.i18n import _

MAX_DAYS = 31


class StaffFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"
    csv = "csv"


@command
def staff(
    policy_path: Annotated[Path, typer.Argument(metavar="POLICY", help=_("The policy file."))],
    day: Annotated[str, typer.Option("--day", help=_("First day, YYYY-MM-DD (from local midnight)."))],
    scenario_path: Annotated[
        Path, typer.Option("--scenario", help=_("The forecast: a scenario file with `traffic` (arrivals per hour)."))
    ],
    service_level: Annotated[
        float, typer.Option("--service-level", help=_("Share of customers to answer within --within, e.g. 0.8."))
    ],
    within: Annotated[str, typer.Option("--within", help=_("The answer-time target, e.g. 20s."))],
    days: Annotated[int, typer.Option("--days", help=_("How many days (1..{most}).").format(most=MAX_DAYS))] = 1,
    max_abandon: Annotated[
        float | None, typer.Option("--max-abandon", help=_("Highest share of customers who give up, e.g. 0.05."))
    ] = None,
    max_occupancy: Annotated[
        float | None, typer.Option("--max-occupancy", help=_("Highest share of seat time busy, e.g. 0.85."))
    ] = None,
    shrinkage: Annotated[
        float, typer.Option("--shrinkage", help=_("Share of rostered time off the floor, e.g. 0.3 (default 0)."))
    ] = 0.0,
    interval: Annotated[str, typer.Option("--interval", help=_("Interval length, dividing a day."))] = "30m",
    verify: Annotated[
        bool, typer.Option("--verify", help=_("Simulate the staffing found and compare each interval's service level."))
    ] = False,
    shifts_path: Annotated[
        Path | None,
        typer.Option("--shifts", help=_("Shift patterns file; print the fewest extra agents per shift (schedules:).")),
    ] = None,
    fmt: Annotated[StaffFormat, typer.Option("--format", "-f", help=_("Output format."))] = StaffFormat.table,
    plot: Annotated[
        Path | None, typer.Option("--plot", help=_("Also draw required, rostered and scheduled agents to this PNG."))
    ] = None,
    bom: BomOption = False,
) -> None:
    """Agents needed each interval for a forecast, against the agents the policy schedules (OPS-8).

    Erlang C (no patience in the forecast) or Erlang A per interval, agents of
    several chats as pooled seats, one line per team under group routing;
    `scheduled` comes from the same engine as `cs explain`. Exit 0 when every
    interval is covered, 1 when some are short (with --verify, also where the policy
    as written misses the target beyond the simulation's noise).
    """
    import sys

    from cs.errors import UsageError
    from cs.plotfile import plot_target
    from cs.simulate.scenario import load_scenario
    from cs.staff.api import staff as plan_staff
    from cs.staff.model import Targets
    from cs.staff.report import render
    from cs.validate import load_policy

    first = parse_day(day, "--day")
    if not 1 <= days <= MAX_DAYS:
        raise UsageError(_("--days {days} is out of range; plan 1 to {most} days").format(days=days, most=MAX_DAYS))
    step = parse_duration_option(interval, "--interval", "30m")
    target = parse_duration_option(within, "--within", "20s")
    bom_text = csv_bom(bom, fmt.value)
    if shifts_path is not None and fmt is StaffFormat.csv:
        raise UsageError(_("--shifts prints a YAML snippet; use --format table, markdown or json"))
    plot_file = plot_target(plot) if plot is not None else None
    policy = load_policy(policy_path)
    scenario = load_scenario(scenario_path, policy)
    targets = Targets(service_level, target.total_seconds(), max_abandon, max_occupancy, shrinkage)
    found = plan_staff(policy, scenario, first, days, targets, step, verify=verify, shifts=shifts_path)
    for warning in found.warnings:
        warn(warning.shown)
    sys.stdout.write(bom_text + render(found, fmt.value))
    if plot_file is not None:
        from cs.staff.plot import write_plot

        write_plot(plot_file, found.plan)
        note("cs: " + _("plot written to {path}").format(path=plot_file))
    if found.short:
        raise typer.Exit(1)
