"""``cs explain`` and ``cs calendar``: what the policy says at an instant and over days."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from cs.cli.app import command, parse_at, parse_day
from cs.cli.output import warn
from cs.errors import UsageError
from cs.i18n import _


class ExplainFormat(StrEnum):
    text = "text"
    json = "json"


class CalendarFormat(StrEnum):
    text = "text"
    json = "json"
    ics = "ics"


@command
def explain(
    policy_path: Annotated[Path, typer.Argument(metavar="POLICY", help=_("The policy file."))],
    at: Annotated[
        str | None,
        typer.Option("--at", help=_("Local time in the policy's time zone, e.g. 2026-11-23T20:05. Default: now.")),
    ] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", help=_("The visitor's language. Default: the policy's default."))
    ] = None,
    fmt: Annotated[ExplainFormat, typer.Option("--format", "-f", help=_("Output format."))] = ExplainFormat.text,
) -> None:
    """What a visitor gets at an instant, and why (OPS-2).

    Open or closed and by which rule, agents scheduled online, offline mode and
    its trigger, the rendered auto-reply, and the next transition.
    """
    import json
    from datetime import datetime

    from cs.engine.snapshot import snapshot
    from cs.engine.warnings import date_warnings, instant_warnings
    from cs.report.explain import explain_dict, explain_text
    from cs.validate import load_policy

    policy = load_policy(policy_path)
    instant = parse_at(at, policy.tz)
    snap = snapshot(policy, instant, lang)
    warnings = date_warnings(policy, instant.date())
    if at is not None and datetime.fromisoformat(at).tzinfo is None:  # a local wall time
        warnings += instant_warnings(policy, instant)
    if fmt is ExplainFormat.json:
        typer.echo(json.dumps(explain_dict(policy, snap, warnings), indent=2, ensure_ascii=False))
    else:
        typer.echo(explain_text(policy, snap, warnings))


@command
def calendar(
    policy_path: Annotated[Path, typer.Argument(metavar="POLICY", help=_("The policy file."))],
    first: Annotated[str, typer.Option("--from", help=_("First day, YYYY-MM-DD."))],
    last: Annotated[str, typer.Option("--to", help=_("Last day, YYYY-MM-DD (inclusive)."))],
    fmt: Annotated[CalendarFormat, typer.Option("--format", "-f", help=_("Output format."))] = CalendarFormat.text,
) -> None:
    """Opening hours per day with the rule that decided them, and agents scheduled (CAL-2..CAL-5).

    `--format ics` exports the opening hours for calendar apps.
    """
    import json
    from datetime import UTC, datetime

    from cs.engine.agenda import agenda
    from cs.engine.warnings import range_warnings
    from cs.report.explain import calendar_dict, calendar_ics, calendar_text
    from cs.validate import load_policy

    policy = load_policy(policy_path)
    start, end = parse_day(first, "--from"), parse_day(last, "--to")
    if end < start:
        raise UsageError("--to is before --from")
    if (end - start).days > 3660:
        raise UsageError("at most ten years at a time")
    days = agenda(policy, start, end)
    warnings = range_warnings(policy, start, end)
    for warning in warnings:
        warn(warning)
    if fmt is CalendarFormat.json:
        typer.echo(json.dumps(calendar_dict(policy, days, warnings), indent=2, ensure_ascii=False))
    elif fmt is CalendarFormat.ics:
        sys.stdout.write(calendar_ics(policy, days, datetime.now(UTC)))
    else:
        typer.echo(calendar_text(policy, days))
