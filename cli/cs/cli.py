"""The ``cs`` command line: parse, call one library function, report, exit.

Heavy modules are imported inside the commands so ``cs --help`` stays fast.
Every :class:`~cs.errors.CsError` becomes a message on stderr and its exit
code in one place, :func:`reports_errors`.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from cs import __version__
from cs.errors import CsError, UsageError

app = typer.Typer(
    name="cs",
    help="Policy as code for live-chat customer service: validate, explain, simulate, diff, plan and apply.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(command: F) -> F:
    """Turn a CsError into ``cs: error: ...`` on stderr and its exit code."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except CsError as error:
            typer.echo(f"cs: error: {error}", err=True)
            raise typer.Exit(error.exit_code) from None

    return run  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cs {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Policy as code for live-chat customer service."""


class FindingsFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"
    junit = "junit"


class ExplainFormat(str, Enum):
    text = "text"
    json = "json"


class CalendarFormat(str, Enum):
    text = "text"
    json = "json"
    ics = "ics"


POLICY_SUFFIXES = (".yaml", ".yml")


def policy_files(paths: list[Path]) -> list[Path]:
    """Files as given; directories expanded to their *.yaml / *.yml files, sorted."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in POLICY_SUFFIXES and p.is_file())
            if not found:
                raise UsageError(f"{path}: no .yaml or .yml files in this directory")
            files.extend(found)
        else:
            files.append(path)
    return files


@app.command()
@reports_errors
def validate(
    paths: Annotated[list[Path], typer.Argument(help="Policy files or directories (searched for *.yaml, *.yml).")],
    fmt: Annotated[FindingsFormat, typer.Option("--format", "-f", help="Output format.")] = FindingsFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit 1).")] = False,
) -> None:
    """Check policies against the schema and the semantic rules (OPS-1).

    Every finding is printed as file:line:col: severity rule-id message.
    Exit 0 valid, 1 findings (errors, or warnings with --strict), 2 usage error or unreadable input.
    """
    from cs.report.findings import failed, report
    from cs.validate import validate_file

    results = [validate_file(path) for path in policy_files(paths)]
    output = report(results, fmt.value)
    if output:
        typer.echo(output)
    raise typer.Exit(1 if failed(results, strict) else 0)


def parse_at(text: str | None, tz: Any) -> datetime:
    """``--at``: local time in the policy's zone (``2026-11-23T20:05``), or with an offset; default now."""
    if text is None:
        return datetime.now(tz)
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--at '{text}' is not a date and time; write e.g. 2026-11-23T20:05") from None
    return value.replace(tzinfo=tz) if value.tzinfo is None else value.astimezone(tz)


def parse_day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option} '{text}' is not a date; write YYYY-MM-DD") from None


@app.command()
@reports_errors
def explain(
    policy_path: Annotated[Path, typer.Argument(metavar="POLICY", help="The policy file.")],
    at: Annotated[
        str | None,
        typer.Option("--at", help="Local time in the policy's time zone, e.g. 2026-11-23T20:05. Default: now."),
    ] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="The visitor's language. Default: the policy's default.")] = None,
    fmt: Annotated[ExplainFormat, typer.Option("--format", "-f", help="Output format.")] = ExplainFormat.text,
) -> None:
    """What a visitor gets at an instant, and why (OPS-2).

    Open or closed and by which rule, agents scheduled online, offline mode and
    its trigger, the rendered auto-reply, and the next transition.
    """
    import json

    from cs.engine.snapshot import snapshot
    from cs.engine.warnings import date_warnings
    from cs.report.explain import explain_dict, explain_text
    from cs.validate import load_policy

    policy = load_policy(policy_path)
    instant = parse_at(at, policy.tz)
    snap = snapshot(policy, instant, lang)
    warnings = date_warnings(policy, instant.date())
    if fmt is ExplainFormat.json:
        typer.echo(json.dumps(explain_dict(policy, snap, warnings), indent=2, ensure_ascii=False))
    else:
        typer.echo(explain_text(policy, snap, warnings))


@app.command()
@reports_errors
def calendar(
    policy_path: Annotated[Path, typer.Argument(metavar="POLICY", help="The policy file.")],
    first: Annotated[str, typer.Option("--from", help="First day, YYYY-MM-DD.")],
    last: Annotated[str, typer.Option("--to", help="Last day, YYYY-MM-DD (inclusive).")],
    fmt: Annotated[CalendarFormat, typer.Option("--format", "-f", help="Output format.")] = CalendarFormat.text,
) -> None:
    """Opening hours per day with the rule that decided them, and agents scheduled (CAL-2..CAL-5).

    `--format ics` exports the opening hours for calendar apps.
    """
    import json
    from datetime import UTC

    from cs.engine.agenda import agenda
    from cs.engine.warnings import date_warnings
    from cs.report.explain import calendar_dict, calendar_ics, calendar_text
    from cs.validate import load_policy

    policy = load_policy(policy_path)
    start, end = parse_day(first, "--from"), parse_day(last, "--to")
    if end < start:
        raise UsageError("--to is before --from")
    if (end - start).days > 3660:
        raise UsageError("at most ten years at a time")
    days = agenda(policy, start, end)
    for warning in sorted({w for d in (start, end) for w in date_warnings(policy, d)}):
        typer.echo(f"cs: warning: {warning}", err=True)
    if fmt is CalendarFormat.json:
        typer.echo(json.dumps(calendar_dict(policy, days), indent=2, ensure_ascii=False))
    elif fmt is CalendarFormat.ics:
        sys.stdout.write(calendar_ics(policy, days, datetime.now(UTC)))
    else:
        typer.echo(calendar_text(policy, days))


class DiffFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


@app.command()
@reports_errors
def diff(
    paths: Annotated[list[Path] | None, typer.Argument(help="OLD NEW, or one POLICY with --git/--store.")] = None,
    git: Annotated[str | None, typer.Option("--git", help="Compare the working file(s) with this git revision.")] = None,
    store: Annotated[str | None, typer.Option("--store", help="Compare with the live policy in this store (or $CS_STORE).")] = None,
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help="Output format.")] = DiffFormat.text,
) -> None:
    """Semantic diff: list entries matched by id, defaults and spellings normalised (OPS-4).

    cs diff OLD NEW | cs diff --git REV [PATH] | cs diff POLICY --store URL.
    Exit 0 same, 1 different (or drift in the store), 2 error.
    """
    from cs.compare import compare_files, compare_git, compare_store
    from cs.report.diff import REPORTERS

    given = paths or []
    if git is not None and store is not None:
        raise UsageError("use either --git or --store, not both")
    if git is not None:
        if len(given) > 1:
            raise UsageError("--git takes at most one PATH")
        results = compare_git(git, given[0] if given else None)
    elif store is not None or (len(given) == 1 and os.environ.get("CS_STORE")):
        if len(given) != 1:
            raise UsageError("--store takes exactly one POLICY")
        results = [compare_store(given[0], store)]
    else:
        if len(given) != 2:
            raise UsageError("give OLD and NEW policy files (or one POLICY with --git REV or --store URL)")
        results = [compare_files(given[0], given[1])]
    report = REPORTERS[fmt.value]
    typer.echo("\n".join(report(r.title, r.changes, r.impact, r.notes) for r in results).rstrip("\n"))
    raise typer.Exit(1 if any(r.changes or r.notes for r in results) else 0)


@app.command()
@reports_errors
def schema(
    name: Annotated[str, typer.Argument(help="Which schema: policy.")] = "policy",
) -> None:
    """Print the published JSON Schema (for editors and other validators)."""
    from cs.schema import schema_text

    if name not in ("policy",):
        raise UsageError(f"unknown schema '{name}'; choose policy")
    sys.stdout.write(schema_text(name))


@app.command()
def rules() -> None:
    """List the semantic rules with their severity and documentation."""
    import cs.rules  # noqa: F401
    from cs.rules.registry import PARSE_RULES, RULES

    for rule_id, doc in PARSE_RULES.items():
        typer.echo(f"{rule_id} (error)\n    {doc}\n")
    for registered in RULES.values():
        features = f" [{', '.join(registered.features)}]" if registered.features else ""
        doc = " ".join(registered.doc.split())
        typer.echo(f"{registered.id} ({registered.severity.value}){features}\n    {doc}\n")


def main() -> None:
    app(prog_name="cs")
