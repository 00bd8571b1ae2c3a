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
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from cs import __version__
from cs.errors import CsError, UsageError

if TYPE_CHECKING:
    from cs.plan import Plan
    from cs.store import Store

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


class FindingsFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    junit = "junit"


class ExplainFormat(StrEnum):
    text = "text"
    json = "json"


class CalendarFormat(StrEnum):
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
    lang: Annotated[
        str | None, typer.Option("--lang", help="The visitor's language. Default: the policy's default.")
    ] = None,
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


class DiffFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


@app.command()
@reports_errors
def diff(
    paths: Annotated[list[Path] | None, typer.Argument(help="OLD NEW, or one POLICY with --git/--store.")] = None,
    git: Annotated[
        str | None, typer.Option("--git", help="Compare the working file(s) with this git revision.")
    ] = None,
    store: Annotated[
        str | None, typer.Option("--store", help="Compare with the live policy in this store (default $CS_STORE).")
    ] = None,
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
        results = [compare_store(given[0], store or os.environ.get("CS_STORE"))]
    else:
        if len(given) != 2:
            raise UsageError("give OLD and NEW policy files (or one POLICY with --git REV or --store URL)")
        results = [compare_files(given[0], given[1])]
    report = REPORTERS[fmt.value]
    typer.echo("\n".join(report(r.title, r.changes, r.impact, r.notes) for r in results).rstrip("\n"))
    raise typer.Exit(1 if any(r.changes or r.notes for r in results) else 0)


StoreOption = Annotated[
    str | None,
    typer.Option(
        "--store",
        envvar="CS_STORE",
        help="Store URL: sqlite:///path.db or postgresql://user:pass@host/db. Default: .cs/state.db here.",
    ),
]


class TableFormat(StrEnum):
    table = "table"
    json = "json"


def _author(explicit: str | None) -> str:
    import getpass

    from cs.gitrev import config_value

    return explicit or os.environ.get("CS_AUTHOR") or config_value("user.name") or getpass.getuser()


def _confirm(question: str, auto_approve: bool) -> None:
    if auto_approve:
        return
    if not sys.stdin.isatty():
        raise UsageError("no terminal to confirm on; pass --auto-approve (or apply a saved plan file)")
    if not typer.confirm(question, default=False):
        raise typer.Exit(1)


def _apply_and_report(store: Store, plan: Plan, author: str | None, message: str, expect_revision: int | None) -> None:
    from cs.plan import apply_plan

    result = apply_plan(store, plan, author=_author(author), message=message, expect_revision=expect_revision)
    if result.revision is None:
        typer.echo(f"{plan.policy}: already live as revision {result.live_number}; nothing to apply")
    else:
        typer.echo(f"{plan.policy}: applied revision {result.revision.number} ({result.revision.hash})")


@app.command()
@reports_errors
def plan(
    policy_path: Annotated[Path, typer.Argument(metavar="POLICY", help="The policy file.")],
    store: StoreOption = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the plan file here for `cs apply`.")] = None,
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help="Output format of the diff.")] = DiffFormat.text,
) -> None:
    """Show what `cs apply` would change in the store, and save it as a plan (OPS-5)."""
    from datetime import UTC

    from cs.gitrev import head_commit
    from cs.plan import make_plan
    from cs.report.diff import REPORTERS
    from cs.store import open_store
    from cs.validate import load_policy

    policy = load_policy(policy_path)
    with open_store(store) as opened:
        made, comparison = make_plan(
            opened, policy, source=str(policy_path), git_commit=head_commit(policy_path), now=datetime.now(UTC)
        )
    typer.echo(REPORTERS[fmt.value](comparison.title, comparison.changes, comparison.impact, comparison.notes).rstrip())
    typer.echo(f"base: revision {made.base_revision} of {made.store}", err=True)
    if out is not None:
        made.write(out)
        typer.echo(f"plan saved to {out}; apply it with: cs apply {out}", err=True)


@app.command()
@reports_errors
def apply(
    target: Annotated[
        Path, typer.Argument(metavar="PLAN_OR_POLICY", help="A plan file from `cs plan -o`, or a policy file.")
    ],
    store: StoreOption = None,
    auto_approve: Annotated[bool, typer.Option("--auto-approve", help="Apply a policy without asking.")] = False,
    expect_revision: Annotated[
        int | None, typer.Option("--expect-revision", help="Refuse unless the live revision is this one.")
    ] = None,
    author: Annotated[
        str | None, typer.Option("--author", help="Who applies (default: $CS_AUTHOR, git user.name, login).")
    ] = None,
    message: Annotated[str, typer.Option("--message", "-m", help="Why, for the history.")] = "",
) -> None:
    """Apply a saved plan exactly, or plan a policy and apply it after confirmation (OPS-5).

    Atomic: one transaction with compare-and-swap on the revision. A stale plan is
    refused with what moved. Applying what is live already writes nothing.
    """
    from datetime import UTC

    from cs.gitrev import head_commit
    from cs.plan import make_plan, read_plan
    from cs.report.diff import text
    from cs.store import open_store
    from cs.validate import load_policy

    if target.suffix == ".json":
        try:
            saved = read_plan(target.read_text(encoding="utf-8"), str(target))
        except OSError as error:
            raise UsageError(f"cannot read {target}: {error.strerror}") from None
        with open_store(store) as opened:
            _apply_and_report(opened, saved, author, message, expect_revision)
        return
    policy = load_policy(target)
    with open_store(store) as opened:
        made, comparison = make_plan(
            opened, policy, source=str(target), git_commit=head_commit(target), now=datetime.now(UTC)
        )
        typer.echo(text(comparison.title, comparison.changes, comparison.impact, comparison.notes))
        if not made.noop:
            _confirm(f"Apply these changes to {opened.identity}?", auto_approve)
        _apply_and_report(opened, made, author, message, expect_revision)


@app.command()
@reports_errors
def history(
    name: Annotated[str | None, typer.Argument(help="Policy name; all policies when omitted.")] = None,
    store: StoreOption = None,
    fmt: Annotated[TableFormat, typer.Option("--format", "-f", help="Output format.")] = TableFormat.table,
) -> None:
    """Revisions in the store, newest first."""
    import json

    from tabulate import tabulate

    from cs.store import open_store

    with open_store(store) as opened:
        revisions = opened.history(name)
    rows = [
        {
            "name": r.name,
            "revision": r.number,
            "hash": r.hash,
            "created_at": r.created_at.isoformat(timespec="seconds"),
            "author": r.author,
            "message": r.message,
            "git_commit": r.git_commit,
            "plan_digest": r.plan_digest,
        }
        for r in revisions
    ]
    if fmt is TableFormat.json:
        typer.echo(json.dumps({"version": 1, "revisions": rows}, indent=2, ensure_ascii=False))
    elif not rows:
        typer.echo("no revisions")
    else:
        keys = ["name", "revision", "created_at", "author", "message", "hash"]
        typer.echo(
            tabulate([[row[k] if k != "hash" else str(row[k])[:19] for k in keys] for row in rows], headers=keys)
        )


@app.command()
@reports_errors
def show(
    name: Annotated[str, typer.Argument(help="Policy name.")],
    revision: Annotated[int | None, typer.Option("--revision", "-r", help="Revision number (default: live).")] = None,
    store: StoreOption = None,
) -> None:
    """Print a revision as policy YAML (it validates back to the same hash)."""
    from cs.compare import policy_from_text_document
    from cs.export import to_yaml
    from cs.model.canonical import to_document
    from cs.store import open_store

    with open_store(store) as opened:
        found = opened.revision(name, revision) if revision is not None else opened.live(name)
        if found is None or found.document is None:
            raise UsageError(f"no policy named '{name}' in {opened.identity}")
    title = f"{name} revision {found.number} ({found.hash})"
    ordered = to_document(policy_from_text_document(found.document, title))  # keys in schema order
    sys.stdout.write(to_yaml(ordered, title))


@app.command()
@reports_errors
def rollback(
    name: Annotated[str, typer.Argument(help="Policy name.")],
    to: Annotated[int, typer.Option("--to", help="The revision to bring back.")],
    store: StoreOption = None,
    auto_approve: Annotated[bool, typer.Option("--auto-approve", help="Do not ask.")] = False,
    author: Annotated[str | None, typer.Option("--author", help="Who rolls back.")] = None,
    message: Annotated[str, typer.Option("--message", "-m", help="Why.")] = "",
) -> None:
    """Make a new revision equal to an old one, through the same plan and apply path."""
    from datetime import UTC

    from cs.compare import policy_from_text_document
    from cs.plan import make_plan
    from cs.report.diff import text
    from cs.store import open_store

    with open_store(store) as opened:
        old = opened.revision(name, to)
        assert old.document is not None
        policy = policy_from_text_document(old.document, f"{name}@{to}")
        made, comparison = make_plan(
            opened, policy, source=f"{name}@{to}", git_commit=old.git_commit, now=datetime.now(UTC)
        )
        typer.echo(text(comparison.title, comparison.changes, comparison.impact, comparison.notes))
        if not made.noop:
            _confirm(f"Roll {name} back to revision {to} in {opened.identity}?", auto_approve)
        _apply_and_report(opened, made, author, message or f"rollback to revision {to}", None)


@app.command()
@reports_errors
def unlock(
    lock_id: Annotated[str, typer.Argument(metavar="LOCK_ID", help="The lock id from the conflict message.")],
    store: StoreOption = None,
) -> None:
    """Release a lock left by a killed run."""
    from cs.store import open_store

    with open_store(store) as opened:
        released = opened.release_lock(lock_id)
    typer.echo(f"released lock {lock_id} on {released.name}" if released else f"no lock {lock_id}; nothing to release")


@app.command()
@reports_errors
def schema(
    name: Annotated[str, typer.Argument(help="Which schema: policy or scenario.")] = "policy",
) -> None:
    """Print the published JSON Schema (for editors and other validators)."""
    from cs.schema import schema_text

    if name not in ("policy", "scenario"):
        raise UsageError(f"unknown schema '{name}'; choose policy or scenario")
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


def _register_simulate() -> None:
    from cs.simulate.command import simulate  # imports only typer and the standard library

    app.command("simulate")(reports_errors(simulate))


_register_simulate()


def main() -> None:
    app(prog_name="cs")
