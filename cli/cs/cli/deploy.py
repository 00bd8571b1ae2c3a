"""``cs diff``, ``plan``, ``apply``, ``history``, ``show``, ``rollback`` and ``unlock``:
comparing policies and moving them into a store (OPS-4, OPS-5, OPS-6)."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from cs.cli.app import StoreOption, author_name, command, parse_duration_option
from cs.cli.output import echo_diff, note
from cs.errors import UsageError
from cs.i18n import _, pgettext

F = TypeVar("F", bound=Callable[..., Any])

INTERRUPTED = 130
"""Exit code after Ctrl-C, as shells report a process ended by SIGINT."""


def interruptible(function: F) -> F:
    """Ctrl-C ends a deploy command with one line and exit 130, never a traceback.

    By the time the KeyboardInterrupt arrives here the transaction was rolled
    back and the apply lock released (:func:`cs.plan.apply_plan` releases it on
    the way out)."""

    @functools.wraps(function)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except KeyboardInterrupt:
            typer.echo("cs: error: " + _("interrupted; nothing was half-written"), err=True)
            raise typer.Exit(INTERRUPTED) from None

    return run  # type: ignore[return-value]


def _seconds(text: str | None, option: str) -> float:
    """``--lock-timeout 30s`` (a duration: 90s, 5m, 1h) or a plain number of seconds; 0: do not wait."""
    if text is None:
        return 0.0
    return parse_duration_option(text, option, "30s, 5m or 90", zero=True, seconds=True).total_seconds()


def _check_expected_revision(number: int | None) -> None:
    """``--expect-revision N`` names a revision a store can hold, or 0 for a policy not in it yet."""
    from cs.store.sql import MAX_REVISION

    if number is not None and not 0 <= number <= MAX_REVISION:
        raise UsageError(
            _(
                "--expect-revision {number} is not a revision: revisions are numbered from 1 (0: the policy "
                "is not in the store yet); give the live revision you reviewed, as `cs history` shows it"
            ).format(number=number)
        )


if TYPE_CHECKING:
    from cs.compare import Comparison
    from cs.plan import ApplyResult, Plan
    from cs.store import Store


class DiffFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


class TableFormat(StrEnum):
    table = "table"
    json = "json"


@command
@interruptible
def diff(
    paths: Annotated[list[Path] | None, typer.Argument(help=_("OLD NEW, or one POLICY with --git/--store."))] = None,
    git: Annotated[
        str | None, typer.Option("--git", help=_("Compare the working file(s) with this git revision."))
    ] = None,
    store: Annotated[
        str | None, typer.Option("--store", help=_("Compare with the live policy in this store (default $CS_STORE)."))
    ] = None,
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help=_("Output format."))] = DiffFormat.text,
) -> None:
    """Semantic diff: list entries matched by id, defaults and spellings normalised (OPS-4).

    cs diff OLD NEW | cs diff --git REV [PATH] | cs diff POLICY --store URL.
    Exit 0 same, 1 different (or drift in the store), 2 error.
    """
    from cs.compare import compare_files, compare_git, compare_store
    from cs.report.diff import REPORTERS

    given = paths or []
    if git is not None and store is not None:
        raise UsageError(_("use either --git or --store, not both"))
    if git is not None:
        if len(given) > 1:
            raise UsageError(_("--git takes at most one PATH"))
        results = compare_git(git, given[0] if given else None)
    elif store is not None or (len(given) == 1 and os.environ.get("CS_STORE")):
        if len(given) != 1:
            raise UsageError(_("--store takes exactly one POLICY"))
        results = [compare_store(given[0], store or os.environ.get("CS_STORE"))]
    else:
        if len(given) != 2:
            raise UsageError(_("give OLD and NEW policy files (or one POLICY with --git REV or --store URL)"))
        results = [compare_files(given[0], given[1])]
    report = REPORTERS[fmt.value]
    shown = "\n".join(report(r) for r in results).rstrip("\n")
    if fmt is DiffFormat.text:
        echo_diff(shown)
    else:
        typer.echo(shown)
    raise typer.Exit(1 if any(r.changes or r.notes for r in results) else 0)


def _reviewer(question: str, auto_approve: bool) -> Callable[[Plan, Comparison], None]:
    """Show the plan's diff; unless it is a no-op, ask ``question`` (or take --auto-approve)."""
    from cs.report.diff import text

    def review(made: Plan, comparison: Comparison) -> None:
        echo_diff(text(comparison))
        if made.noop or auto_approve:
            return
        if sys.stdin is None or sys.stdin.closed or not sys.stdin.isatty():
            raise UsageError(_("no terminal to confirm on; pass --auto-approve (or apply a saved plan file)"))
        if not _confirm(question):
            raise typer.Exit(1)

    return review


def _confirm(question: str) -> bool:
    """Ask ``question`` [y/N]. End of input (Ctrl-D) is no answer, so no; Ctrl-C
    stays a KeyboardInterrupt, which :func:`interruptible` makes exit 130. (click's
    confirm turns both into ``Aborted!`` and exit 1, which a pipeline reads as a conflict.)"""
    try:
        return typer.confirm(question, default=False)
    except typer.Abort as abort:
        typer.echo()  # end the prompt's line
        if isinstance(abort.__context__, KeyboardInterrupt):  # click raises Abort from the interrupt
            raise KeyboardInterrupt from None
        return False


def _report_applied(made: Plan, result: ApplyResult) -> None:
    if result.revision is None:
        typer.echo(
            _("{policy}: already live as revision {number}; nothing to apply").format(
                policy=made.policy, number=result.live_number
            )
        )
    else:
        typer.echo(
            _("{policy}: applied revision {number} ({hash})").format(
                policy=made.policy, number=result.revision.number, hash=result.revision.hash
            )
        )


def _created(opened: Store) -> str:
    """The note for a store this command made (a mistyped path shows where it went),
    said once the command has done its work; empty when the store was there."""
    if not opened.created:
        return ""
    return _("created a new, empty store at {location}; check --store or CS_STORE if you meant another").format(
        location=opened.location
    )


@command
@interruptible
def plan(
    policy_path: Annotated[Path, typer.Argument(metavar="POLICY", help=_("The policy file."))],
    store: StoreOption = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help=_("Write the plan file here for `cs apply` (`-`: standard output, the diff to stderr).")
        ),
    ] = None,
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help=_("Output format of the diff."))] = DiffFormat.text,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help=_("Exit 1 when there is something to apply, like `cs diff`."))
    ] = False,
) -> None:
    """Show what `cs apply` would change in the store, and save it as a plan (OPS-5).

    Exit 0; with --exit-code: 0 no changes, 1 changes (or drift to repair), 2 error.
    """
    from datetime import UTC, datetime

    from cs.gitrev import head_commit
    from cs.plan import check_plan_output, make_plan
    from cs.report.diff import REPORTERS
    from cs.store import open_store
    from cs.validate import load_policy

    to_stdout = out is not None and str(out) == "-"
    policy = load_policy(policy_path)
    with open_store(store) as opened:
        if out is not None and not to_stdout:
            check_plan_output(out, policy_path=policy_path, store=opened)
        made, comparison = make_plan(
            opened, policy, source=str(policy_path), git_commit=head_commit(policy_path), now=datetime.now(UTC)
        )
        created = _created(opened)
    shown = REPORTERS[fmt.value](comparison).rstrip()
    if fmt is DiffFormat.text:
        echo_diff(shown, err=to_stdout)
    else:
        typer.echo(shown, err=to_stdout)
    note(_("base: revision {number} of {store}").format(number=made.base_revision, store=made.store))
    if created:
        note(created)
    if to_stdout:
        typer.echo(made.to_json(), nl=False)
    elif out is not None:
        made.write(out)
        note(_("plan saved to {path}; apply it with: cs apply {path}").format(path=out))
    if exit_code and not made.noop:
        raise typer.Exit(1)


@command
@interruptible
def apply(
    target: Annotated[
        Path, typer.Argument(metavar="PLAN_OR_POLICY", help=_("A plan file from `cs plan -o`, or a policy file."))
    ],
    store: StoreOption = None,
    auto_approve: Annotated[bool, typer.Option("--auto-approve", help=_("Apply a policy without asking."))] = False,
    expect_revision: Annotated[
        int | None, typer.Option("--expect-revision", help=_("Refuse unless the live revision is this one."))
    ] = None,
    author: Annotated[
        str | None, typer.Option("--author", help=_("Who applies (default: $CS_AUTHOR, git user.name, login)."))
    ] = None,
    message: Annotated[str, typer.Option("--message", "-m", help=_("Why, for the history."))] = "",
    lock_timeout: Annotated[
        str | None,
        typer.Option("--lock-timeout", help=_("Wait this long for a held lock (30s, 5m); default: fail at once.")),
    ] = None,
) -> None:
    """Apply a saved plan exactly, or plan a policy and apply it after confirmation (OPS-5).

    Atomic: one transaction with compare-and-swap on the revision. A stale plan is
    refused with what moved. Applying what is live already writes nothing.
    """
    from datetime import UTC, datetime

    from cs.gitrev import head_commit
    from cs.plan import apply_plan, plan_and_apply, read_plan_file
    from cs.store import open_store
    from cs.validate import load_policy

    wait = _seconds(lock_timeout, "--lock-timeout")
    _check_expected_revision(expect_revision)
    if target.suffix == ".json":
        saved = read_plan_file(target)
        with open_store(store, create=False) as opened:  # the plan was made against it
            result = apply_plan(
                opened,
                saved,
                author=author_name(author),
                message=message,
                expect_revision=expect_revision,
                lock_timeout=wait,
            )
        _report_applied(saved, result)
        return
    policy = load_policy(target)
    with open_store(store) as opened:
        created = _created(opened)
        made, result = plan_and_apply(
            opened,
            policy,
            source=str(target),
            git_commit=head_commit(target),
            now=datetime.now(UTC),
            review=_reviewer(_("Apply these changes to {store}?").format(store=opened.identity), auto_approve),
            author=author_name(author),
            message=message,
            expect_revision=expect_revision,
            lock_timeout=wait,
        )
    _report_applied(made, result)
    if created:
        note(created)


def _cell(key: str, value: object) -> object:
    """A history table cell: the hash cut short, texts escaped to one line."""
    from cs.model.timefmt import escaped

    if key == "hash":
        return str(value)[:19]
    return escaped(value) if isinstance(value, str) else value


@command
@interruptible
def history(
    name: Annotated[str | None, typer.Argument(help=_("Policy name; all policies when omitted."))] = None,
    store: StoreOption = None,
    fmt: Annotated[TableFormat, typer.Option("--format", "-f", help=_("Output format."))] = TableFormat.table,
) -> None:
    """Revisions in the store, newest first."""
    import json

    from tabulate import tabulate

    from cs.store import open_store

    with open_store(store, create=False) as opened:
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
        typer.echo(_("no revisions"))
    else:
        keys = ["name", "revision", "created_at", "author", "message", "hash"]
        headers = [
            pgettext("history column", "name"),
            pgettext("history column", "revision"),
            pgettext("history column", "created_at"),
            pgettext("history column", "author"),
            pgettext("history column", "message"),
            pgettext("history column", "hash"),
        ]
        typer.echo(
            # What anyone wrote (an author, a message) shows on its one line: a line
            # break or a terminal escape in it would break the table or the terminal.
            tabulate([[_cell(k, row[k]) for k in keys] for row in rows], headers=headers)
        )


@command
@interruptible
def show(
    name: Annotated[str, typer.Argument(help=_("Policy name."))],
    revision: Annotated[
        int | None, typer.Option("--revision", "-r", help=_("Revision number (default: live)."))
    ] = None,
    store: StoreOption = None,
) -> None:
    """Print a revision as policy YAML (it validates back to the same hash)."""
    from cs.compare import policy_from_text_document
    from cs.export import to_yaml
    from cs.model.canonical import to_document
    from cs.store import open_store

    with open_store(store, create=False) as opened:
        found = opened.revision(name, revision) if revision is not None else opened.live(name)
        if found is None or found.document is None:
            raise UsageError(_("no policy named '{name}' in {store}").format(name=name, store=opened.location))
        found.verified()  # the header names the stored hash: only for the content that hashes to it
    title = f"{name} revision {found.number} ({found.hash})"
    ordered = to_document(policy_from_text_document(found.document, title))  # keys in schema order
    sys.stdout.write(to_yaml(ordered, title))


@command
@interruptible
def rollback(
    name: Annotated[str, typer.Argument(help=_("Policy name."))],
    to: Annotated[int, typer.Option("--to", help=_("The revision to bring back."))],
    store: StoreOption = None,
    auto_approve: Annotated[bool, typer.Option("--auto-approve", help=_("Do not ask."))] = False,
    author: Annotated[str | None, typer.Option("--author", help=_("Who rolls back."))] = None,
    message: Annotated[str, typer.Option("--message", "-m", help=_("Why."))] = "",
) -> None:
    """Make a new revision equal to an old one, through the same plan and apply path."""
    from datetime import UTC, datetime

    from cs.compare import policy_from_text_document
    from cs.plan import plan_and_apply
    from cs.store import open_store

    with open_store(store, create=False) as opened:
        old = opened.revision(name, to).verified()
        assert old.document is not None
        made, result = plan_and_apply(
            opened,
            policy_from_text_document(old.document, f"{name}@{to}"),
            source=f"{name}@{to}",
            git_commit=old.git_commit,
            now=datetime.now(UTC),
            review=_reviewer(
                _("Roll {name} back to revision {number} in {store}?").format(
                    name=name, number=to, store=opened.identity
                ),
                auto_approve,
            ),
            author=author_name(author),
            message=message or f"rollback to revision {to}",
        )
    _report_applied(made, result)


@command
@interruptible
def unlock(
    lock_id: Annotated[str, typer.Argument(metavar="LOCK_ID", help=_("The lock id from the conflict message."))],
    store: StoreOption = None,
) -> None:
    """Release a lock left by a killed run."""
    from cs.store import open_store

    if not lock_id.strip():
        raise UsageError(_("LOCK_ID is empty; give the lock id the 'is locked' message names"))
    with open_store(store, create=False) as opened:
        released = opened.release_lock(lock_id)
    if released:
        typer.echo(_("released lock {lock} on {name}").format(lock=lock_id, name=released.name))
    else:
        typer.echo(_("no lock {lock}; nothing to release").format(lock=lock_id))
