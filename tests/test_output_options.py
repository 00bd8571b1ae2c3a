"""Root options ``--color`` (NO_COLOR honoured) and ``-q``: what a terminal user and a CI
log see besides results (issue 9). Colour only marks the text diff; quiet drops notes,
never warnings or errors."""

# covers: OPS-4, OPS-5

from __future__ import annotations

import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import policy_yaml
from cs.cli import app
from cs.cli.output import ColorMode, configure, use_color

GREEN, RED = "\x1b[32m", "\x1b[31m"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def two_policies(tmp_path: Path) -> tuple[str, str]:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(policy_yaml("agents: [{id: ann}, {id: bob}]\n"), encoding="utf-8")
    new.write_text(policy_yaml("agents: [{id: ann}, {id: cai}]\n"), encoding="utf-8")
    return str(old), str(new)


def invoke(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(app, list(args), env=env, catch_exceptions=False)


def test_color_always_paints_added_and_removed_lines(two_policies):
    painted = invoke("--color", "always", "diff", *two_policies)
    assert painted.exit_code == 1
    added = next(line for line in painted.stdout.splitlines() if "agents[cai]" in line)
    removed = next(line for line in painted.stdout.splitlines() if "agents[bob]" in line)
    assert added.startswith(GREEN) and removed.startswith(RED)


def test_no_color_by_default_off_a_terminal_and_never_in_json(two_policies):
    assert "\x1b[" not in invoke("diff", *two_policies).stdout
    assert "\x1b[" not in invoke("--color", "never", "diff", *two_policies).stdout
    assert "\x1b[" not in invoke("--color", "always", "diff", *two_policies, "-f", "json").stdout


def test_auto_colours_a_terminal_unless_no_color_is_set(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    configure(ColorMode.auto, quiet=False)
    assert use_color(Terminal()) and not use_color(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_color(Terminal())
    configure(ColorMode.always, quiet=False)  # the flag wins over the environment
    assert use_color(io.StringIO())
    configure(ColorMode.auto, quiet=False)


def test_quiet_drops_notes_but_keeps_results(tmp_path: Path):
    policy = tmp_path / "p.yaml"
    policy.write_text(policy_yaml(), encoding="utf-8")
    store = f"sqlite:///{tmp_path / 'state.db'}"
    loud = invoke("plan", str(policy), "--store", store, "-o", str(tmp_path / "a.json"))
    quiet = invoke("-q", "plan", str(policy), "--store", store, "-o", str(tmp_path / "b.json"))
    assert "base: revision 0" in loud.stderr and "plan saved to" in loud.stderr
    assert quiet.stderr == ""
    assert quiet.stdout == loud.stdout and (tmp_path / "b.json").exists()


def test_quiet_keeps_warnings(tmp_path: Path):
    policy = tmp_path / "p.yaml"
    policy.write_text(policy_yaml("holidays: {calendar: CN}\n"), encoding="utf-8")
    result = invoke("-q", "calendar", str(policy), "--from", "2099-12-30", "--to", "2099-12-31")
    assert result.exit_code == 0
    assert "cs: warning:" in result.stderr
