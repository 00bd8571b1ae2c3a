"""``cs explain`` and ``cs calendar``: what the policy says at an instant and over days."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cs.cli.app import command, parse_at, parse_day, parse_duration_option
from cs.cli.output import warn
from cs.errors import UsageError
from cs.i18n import _

if TYPE_CHECKING:
    from cs.engine.instants import Explained
    from cs.model.policy import Policy


class ExplainFormat(StrEnum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


class CalendarFormat(StrEnum):
    text = "text"
    json = "json"
    ics = "ics"


@command
def explain(
    policy_path: Annotated[Path, typer.Argument(metavar="POLICY", help=_("The policy file."))],
    at: Annotated[
        list[str] | None,
        typer.Option(
            "--at",
            help=_(
                "Local time in the policy's time zone, e.g. 2026-11-23T20:05, or with an offset. "
                "Repeat for several instants. Default: now."
            ),
        ),
    ] = None,
    first: Annotated[
        str | None, typer.Option("--from", help=_("First instant of a series (with --to and --every)."))
    ] = None,
    last: Annotated[str | None, typer.Option("--to", help=_("Last instant of the series (inclusive)."))] = None,
    every: Annotated[
        str | None, typer.Option("--every", help=_("Step of the series, e.g. 30m, 1h, 1d (real time)."))
    ] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", help=_("The visitor's language. Default: the policy's default."))
    ] = None,
    fmt: Annotated[
        ExplainFormat,
        typer.Option("--format", "-f", help=_("Output format; jsonl: one JSON object per instant, per line.")),
    ] = ExplainFormat.text,
) -> None:
    """What a visitor gets at an instant, and why (OPS-2).

    Open or closed and by which rule, agents scheduled online, offline mode and
    its trigger, the rendered auto-reply, and the next transition. Many instants
    in one run: repeat --at, or give --from, --to and --every.
    """
    from cs.engine.instants import explain_instants
    from cs.validate import load_policy

    series = _series_options(at, first, last, every)
    if lang is not None and not lang.strip():
        raise UsageError(_("--lang is empty; give a language tag such as zh or en"))
    policy = load_policy(policy_path)
    if lang is not None:
        _warn_fallback(policy, lang)
    instants, walls = _instants(policy.tz, at, series)
    results = explain_instants(policy, instants, lang, walls)
    _write_explained(policy, results, fmt, single=series is None and len(instants) == 1)


def _warn_fallback(policy: Policy, lang: str) -> None:
    """MSG-6: the message kinds with no text in --lang's chain (the policy's own or the
    built-in ones) reply in the default language; say which."""
    from cs.messages.language import own_text, resolve_text

    default = policy.messages.default_language
    missing = {
        kind: resolve_text(message.text_map(), lang, default)[0]
        for kind, message in policy.messages.kinds
        if message.enabled and message.texts and own_text(message.text_map(), lang) is None
    }
    used = set(missing.values())
    if len(used) == 1:
        warn(
            _("the policy has no '{lang}' texts for {kinds}; those replies are in {used} (MSG-6)").format(
                lang=lang, kinds=", ".join(missing), used=used.pop()
            )
        )
    elif used:  # a kind with no text in the default language either falls back to its first
        warn(
            _(
                "the policy has no '{lang}' texts for {kinds} (MSG-6); each of those replies is in the language named"
            ).format(lang=lang, kinds=", ".join(f"{kind} ({language})" for kind, language in missing.items()))
        )


def _series_options(
    at: list[str] | None, first: str | None, last: str | None, every: str | None
) -> tuple[str, str, str] | None:
    """``(--from, --to, --every)`` when a series is asked for; refuses half of one."""
    given = [first, last, every]
    if not any(given):
        return None
    if first is None or last is None or every is None:
        raise UsageError(_("--from, --to and --every go together: give all three"))
    if at:
        raise UsageError(_("give either --at or --from/--to/--every, not both"))
    return first, last, every


def _instants(
    tz: Any, at: list[str] | None, series: tuple[str, str, str] | None
) -> tuple[list[datetime], list[datetime]]:
    """The instants to explain, and those typed as local wall times (DST warnings)."""
    from cs.engine.instants import MAX_INSTANTS, as_real, count_between, instants_between

    if series is None:
        texts: list[str | None] = list(at) if at else [None]
        typed = [parse_at(text, tz) for text in texts]
        return [as_real(i) for i in typed], [i for i, text in zip(typed, texts, strict=True) if _is_wall(text)]
    first_text, last_text, every_text = series
    first, last = parse_at(first_text, tz, "--from"), parse_at(last_text, tz, "--to")
    step = parse_duration_option(every_text, "--every", "30m, 1h or 1d")
    count = count_between(first, last, step)
    if count == 0:
        raise UsageError(_("--from {first} is after --to {last}").format(first=first_text, last=last_text))
    if count > MAX_INSTANTS:
        raise UsageError(
            _("--from {first} --to {last} --every {every} is {count} instants; at most {limit} in one run").format(
                first=first_text, last=last_text, every=every_text, count=count, limit=MAX_INSTANTS
            )
        )
    walls = [i for i, text in ((first, first_text), (last, last_text)) if _is_wall(text)]
    return list(instants_between(first, last, step)), walls


def _is_wall(text: str | None) -> bool:
    """Typed as a local wall time (no offset): DST can make it not exist or occur twice."""
    return text is not None and datetime.fromisoformat(text).tzinfo is None


def _write_explained(policy: Policy, results: Iterable[Explained], fmt: ExplainFormat, single: bool) -> None:
    """Each instant's report as it is computed. One instant: as always. Several: text
    reports one after another, a blank line between; json an array of the objects;
    jsonl one object per line (the keys of --format json)."""
    import json

    from cs.report.explain import explain_dict, explain_text

    if fmt is ExplainFormat.json and not single:
        typer.echo("[", nl=False)
    for index, item in enumerate(results):
        if fmt is ExplainFormat.jsonl:
            typer.echo(json.dumps(explain_dict(policy, item.snapshot, item.warnings), ensure_ascii=False))
        elif fmt is ExplainFormat.json:
            shown = json.dumps(explain_dict(policy, item.snapshot, item.warnings), indent=2, ensure_ascii=False)
            typer.echo(shown if single else ("," if index else "") + "\n" + textwrap.indent(shown, "  "), nl=single)
        else:
            typer.echo(("\n" if index else "") + explain_text(policy, item.snapshot, item.warnings))
    if fmt is ExplainFormat.json and not single:
        typer.echo("\n]")


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
    from cs.engine.warnings import range_messages
    from cs.report.explain import calendar_dict, calendar_ics, calendar_text
    from cs.validate import load_policy

    policy = load_policy(policy_path)
    start, end = parse_day(first, "--from"), parse_day(last, "--to")
    if end < start:
        raise UsageError(_("--to is before --from"))
    if (end - start).days > 3660:
        raise UsageError(_("at most ten years at a time"))
    days = agenda(policy, start, end)
    warnings = range_messages(policy, start, end)
    for warning in warnings:
        warn(warning.shown)
    if fmt is CalendarFormat.json:
        typer.echo(json.dumps(calendar_dict(policy, days, warnings), indent=2, ensure_ascii=False))
    elif fmt is CalendarFormat.ics:
        sys.stdout.write(calendar_ics(policy, days, datetime.now(UTC)))
    else:
        typer.echo(calendar_text(policy, days))
