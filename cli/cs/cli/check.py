"""``cs validate``, ``cs schema`` and ``cs rules``: checking policies and what it checks against."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from cs.cli.app import command
from cs.errors import UsageError


class FindingsFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    junit = "junit"


POLICY_SUFFIXES = (".yaml", ".yml")


def policy_files(paths: list[Path]) -> list[Path]:
    """Files as given; directories expanded to their *.yaml / *.yml files, sorted."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.suffix in POLICY_SUFFIXES and p.is_file() and not p.name.endswith(".test.yaml")  # cs test files
            )
            if not found:
                raise UsageError(f"{path}: no .yaml or .yml files in this directory")
            files.extend(found)
        else:
            files.append(path)
    return files


@command
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


@command
def schema(
    name: Annotated[str, typer.Argument(help="Which schema: policy, scenario or policytest.")] = "policy",
) -> None:
    """Print the published JSON Schema (for editors and other validators)."""
    from cs.schema import SCHEMA_NAMES, schema_text

    if name not in SCHEMA_NAMES:
        raise UsageError(f"unknown schema '{name}'; choose {', '.join(SCHEMA_NAMES)}")
    sys.stdout.write(schema_text(name))


@command
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
