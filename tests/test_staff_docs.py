"""The `cs staff` console examples of README.md and docs/staff.md are real output (OPS-8).

tests/test_readme.py runs the read-only commands; `cs staff` examples are run
here, because the walk-through's last step uses ``double-11.yaml``: examples/full.yaml
with the suggested shifts pasted in, made here exactly as the reader makes it.
"""
# covers: OPS-8

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cs.cli import app
from test_staff import pasted_policy

ROOT = Path(__file__).resolve().parents[1]
PASTED_NAME = "double-11.yaml"


def staff_examples() -> list[tuple[str, str, list[str]]]:
    """(document, command, shown output lines) for each `$ cs staff ...` of the documents."""
    found = []
    for name in ("README.md", "docs/staff.md"):
        text = (ROOT / name).read_text(encoding="utf-8")
        for block in re.findall(r"```console\n(.*?)```", text, re.S):
            current: tuple[str, str, list[str]] | None = None
            for line in block.splitlines():
                if line.startswith("$ "):
                    current = None
                    if line.startswith("$ cs staff "):
                        current = (name, line[2:].split("  #")[0].strip(), [])
                        found.append(current)
                elif current is not None:
                    current[2].append(line)
    return found


EXAMPLES = staff_examples()


def test_both_documents_walk_through_double_11():
    commands = {(doc, c) for doc, c, _ in EXAMPLES}
    for doc in ("README.md", "docs/staff.md"):
        mine = [c for d, c in commands if d == doc]
        assert any("--shifts" in c for c in mine) and any(PASTED_NAME in c and "--verify" in c for c in mine), doc


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """Run a documented command once (README.md and docs/staff.md share the walk-through)."""
    pasted = pasted_policy(tmp_path_factory.mktemp("walk-through"))
    done: dict[tuple[str, ...], tuple[int, str]] = {}

    def invoke(command: str) -> tuple[int, str]:
        args = tuple(str(pasted) if a == PASTED_NAME else a for a in shlex.split(command)[1:])
        assert "--plot" not in args, "examples run here must not write files"
        if args not in done:
            result = CliRunner().invoke(app, list(args))
            done[args] = (result.exit_code, result.stdout)
        return done[args]

    return invoke


@pytest.mark.parametrize(("document", "command", "shown"), EXAMPLES, ids=[f"{d}: {c}" for d, c, _ in EXAMPLES])
def test_staff_example_output(document, command, shown, run, monkeypatch):
    monkeypatch.chdir(ROOT)
    code, stdout = run(command)
    assert code in (0, 1), stdout
    actual = [line.rstrip() for line in stdout.splitlines()]
    for line in shown:
        if line.strip() in ("", "...") or line.startswith("--  ") or line.startswith("|--"):
            continue
        if line.rstrip().endswith("..."):
            prefix = line.rstrip()[:-3].rstrip()
            assert any(a.startswith(prefix) for a in actual), f"not in output: {line!r}"
        else:
            assert line.rstrip() in actual, f"not in output: {line!r}"
