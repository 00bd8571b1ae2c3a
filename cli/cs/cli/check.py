"""``cs validate``, ``cs schema`` and ``cs rules``: checking policies and what it checks against."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from cs.cli.app import command
from cs.errors import UsageError
from cs.i18n import _, translate


class FindingsFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    junit = "junit"


@command
def validate(
    paths: Annotated[
        list[str],
        typer.Argument(help=_("Policy files, or directories searched for policies (see docs/policy.md).")),
    ],
    fmt: Annotated[FindingsFormat, typer.Option("--format", "-f", help=_("Output format."))] = FindingsFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help=_("Warnings fail too (exit 1)."))] = False,
    exclude: Annotated[
        list[str] | None,
        typer.Option("--exclude", metavar="GLOB", help=_("Skip files or folders matching GLOB (repeatable).")),
    ] = None,
) -> None:
    """Check policies against the schema and the semantic rules (OPS-1).

    Every finding is printed as file:line:col: severity rule-id message.
    Exit 0 valid, 1 findings (errors, or warnings with --strict), 2 usage error or unreadable input.
    """
    from cs.report.findings import failed, report
    from cs.validate import validate_paths

    for given in paths:  # a Path would read '' as the current directory
        if given == "":
            raise UsageError(_("an empty path: name a policy file or a directory"))
        if given == "-":
            raise UsageError(_("cs validate reads files, not standard input: give the policy file's path"))
    results = validate_paths([Path(given) for given in paths], exclude or ())
    output = report(results, fmt.value, strict=strict)
    if output:
        typer.echo(output)
    for result in results:
        if result.unreadable:
            typer.echo(f"cs: error: {result.unreadable.shown}", err=True)
    raise typer.Exit(2 if any(r.unreadable for r in results) else 1 if failed(results, strict) else 0)


@command
def schema(
    name: Annotated[str, typer.Argument(help=_("Which schema: policy, scenario or policytest."))] = "policy",
) -> None:
    """Print the published JSON Schema (for editors and other validators)."""
    from cs.schema import SCHEMA_NAMES, schema_text

    if name not in SCHEMA_NAMES:
        raise UsageError(_("unknown schema '{name}'; choose {names}").format(name=name, names=", ".join(SCHEMA_NAMES)))
    sys.stdout.write(schema_text(name))


@command
def rules() -> None:
    """List the semantic rules with their severity and documentation."""
    import cs.rules  # noqa: F401
    from cs.rules.registry import PARSE_RULES, RULES

    for rule_id, doc in PARSE_RULES.items():
        typer.echo(f"{rule_id} (error)\n    {translate(doc)}\n")
    for registered in RULES.values():
        features = f" [{', '.join(registered.features)}]" if registered.features else ""
        doc = " ".join(translate(registered.doc).split())
        typer.echo(f"{registered.id} ({registered.severity.value}){features}\n    {doc}\n")
