"""``cs simulate``: parse, run the library, hand the result to a reporter (OPS-3)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import timedelta
from enum import StrEnum
from pathlib import Path
from types import TracebackType
from typing import Annotated

import typer

from cs.cli.app import BomOption, command, csv_bom, parse_day, supported
from cs.cli.output import note, settings, warn
from cs.i18n import _

MAX_DAYS = 366


class SimulateFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    markdown = "markdown"


@command
def simulate(
    policy_path: Annotated[Path, typer.Argument(metavar="POLICY", help=_("The policy file."))],
    day: Annotated[str, typer.Option("--day", help=_("First simulated day, YYYY-MM-DD (from local midnight)."))],
    days: Annotated[
        int, typer.Option("--days", help=_("How many days to simulate (1..{max_days}).").format(max_days=MAX_DAYS))
    ] = 1,
    scenario_path: Annotated[
        Path | None,
        typer.Option(
            "--scenario", help=_("Scenario file (schema/scenario.schema.json). Default: a built-in synthetic day.")
        ),
    ] = None,
    seed: Annotated[
        int | None, typer.Option("--seed", help=_("Random seed; overrides the scenario's (default 0)."), min=0)
    ] = None,
    fmt: Annotated[SimulateFormat, typer.Option("--format", "-f", help=_("Output format."))] = SimulateFormat.table,
    summary_only: Annotated[
        bool, typer.Option("--summary-only", help=_("Only the summary; memory stays flat however long the run."))
    ] = False,
    plot: Annotated[
        Path | None,
        typer.Option(
            "--plot", help=_("Also draw agents online, chats and queue over time to this PNG (needs matplotlib).")
        ),
    ] = None,
    bom: BomOption = False,
) -> None:
    """What a day (or a week) looks like under a policy (OPS-3).

    Acts out visitors and agents with the same decision code as `cs explain`:
    the timeline of every event (arrivals, assignments, queue, automatic replies,
    timeouts, offline mode and offline messages, agent status), then the summary
    (served, abandoned, offline messages, waits, service level, utilisation,
    offline periods, coverage gaps, automatic replies by kind and language).
    Same seed, policy and scenario: the same output, byte for byte.
    """
    from cs.errors import UsageError
    from cs.plotfile import plot_target
    from cs.simulate.api import simulate as run
    from cs.simulate.clock import Clock
    from cs.simulate.report import Writer
    from cs.simulate.scenario import builtin_scenario, load_scenario
    from cs.validate import load_policy

    bom_text = csv_bom(bom, fmt.value)
    first = parse_day(day, "--day")
    if not 1 <= days <= MAX_DAYS:
        raise UsageError(
            _("--days {days} is out of range; simulate 1 to {max_days} days").format(days=days, max_days=MAX_DAYS)
        )
    last = first + timedelta(days=days - 1)
    supported(last, f"--day '{day}' --days {days} (the last day {last})")
    target = plot_target(plot) if plot is not None else None
    policy = load_policy(policy_path)
    scenario = load_scenario(scenario_path, policy) if scenario_path is not None else builtin_scenario(policy)
    clock = Clock(policy.tz, first, days)
    sys.stdout.write(bom_text)
    writer = Writer(sys.stdout, fmt.value, clock, summary_only)
    with _progress() as progress:
        result = run(
            policy,
            scenario,
            first,
            days,
            seed,
            sink=writer.sink,
            keep_timeline=False,
            series=target is not None,
            progress=progress,
        )
    writer.finish(result.summary)
    for warning in result.summary.warnings:
        warn(warning.shown)
    if target is not None and result.series is not None:
        from cs.simulate.plot import write_plot

        write_plot(target, result.series, result.summary, result.clock)
        note("cs: " + _("plot written to {path}").format(path=target))


class _progress:
    """A progress bar on stderr while the run goes, only when stderr is a terminal."""

    def __enter__(self) -> Callable[[float], None] | None:
        if settings.quiet or not sys.stderr.isatty():
            self.bar = None
            return None
        self.bar = typer.progressbar(length=1000, label=_("simulating"), file=sys.stderr)
        bar = self.bar.__enter__()
        self.done = 0

        def advance(fraction: float) -> None:
            step = int(fraction * 1000) - self.done
            if step > 0:
                bar.update(step)
                self.done += step

        return advance

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self.bar is not None:
            self.bar.__exit__(kind, error, trace)
