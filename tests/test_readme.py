# covers: OPS-1, OPS-2, OPS-3 as documented: the README's console examples are run and their output checked
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cs.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


READ_ONLY = ("validate", "explain", "calendar", "simulate", "diff", "schema", "rules", "test")
"""Commands that write nothing (a README example must not change the checkout)."""


def console_examples() -> list[tuple[str, list[str]]]:
    """(command, shown output lines) for each `$ cs ...` whose files all exist."""
    examples = []
    for block in re.findall(r"```console\n(.*?)```", README, re.S):
        current: tuple[str, list[str]] | None = None
        for line in block.splitlines():
            if line.startswith("$ "):
                current = (line[2:].split("  #")[0].strip(), [])
                examples.append(current)
            elif current is not None:
                current[1].append(line)
    runnable = []
    for command, output in examples:
        args = shlex.split(command)[1:]
        files = [a for a in args if a.endswith((".yaml", ".yml", ".json")) or ("/" in a and ":" not in a)]
        read_only = args and args[0] in READ_ONLY and "--store" not in args
        if read_only and all((ROOT / f).exists() for f in files) and ">" not in args:
            runnable.append((command, output))
    return runnable


EXAMPLES = console_examples()


def test_the_readme_has_runnable_examples():
    commands = [c.split()[1] for c, _ in EXAMPLES]
    for name in ("validate", "explain", "calendar", "simulate"):
        assert name in commands


@pytest.mark.parametrize(("command", "shown"), EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_readme_example_output(command, shown, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, shlex.split(command)[1:])
    assert result.exit_code in (0, 1), result.output
    assert_shown(shown, result.output, rules_too=False)


def assert_shown(shown: list[str], output: str, rules_too: bool) -> None:
    """Every line a README shows is in ``output``; a line ending in "..." is shortened
    and only its start must be. Blank and "..." lines are skipped, and table rules
    (``---``) too unless ``rules_too``."""
    actual = [line.rstrip() for line in output.splitlines()]
    for line in shown:
        if line.strip() in ("", "...") or (not rules_too and (line.startswith("---") or "---  ---" in line)):
            continue
        if line.rstrip().endswith("..."):  # a shortened line
            prefix = line.rstrip()[:-3].rstrip()
            assert any(a.startswith(prefix) for a in actual), f"not in output: {line!r}"
        else:
            assert line.rstrip() in actual, f"not in output: {line!r}"
