"""Start-up of the ``cs`` command line (issue 10): a run builds only the command it
names, and a command imports only what it uses. No timing here: the figure is
printed by ``bench/bench_simulate.py`` (section 2)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from typer.testing import CliRunner

from cs.cli import app, for_command

COMMANDS = sorted(info.name for info in app.registered_commands if info.name)


def test_every_command_is_registered_with_a_name():
    assert len(COMMANDS) == len(app.registered_commands) and "simulate" in COMMANDS


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["simulate", "p.yaml", "--day", "2026-11-23"], ["simulate"]),
        (["--color", "never", "-q", "explain", "p.yaml"], ["explain"]),
        (["--color=never", "validate", "p.yaml"], ["validate"]),
        (["--", "diff", "a", "b"], ["diff"]),
    ],
)
def test_a_named_command_is_built_alone(args, expected):
    assert [info.name for info in for_command(args).registered_commands] == expected


@pytest.mark.parametrize("args", [[], ["--help"], ["--version"], ["simulat"], ["--color", "simulate"]])
def test_without_a_known_command_the_whole_app_runs(args):
    assert for_command(args) is app


def test_shell_completion_sees_every_command(monkeypatch):
    monkeypatch.setenv("_CS_COMPLETE", "complete_bash")
    assert for_command(["simulate"]) is app


@pytest.mark.parametrize("name", COMMANDS)
def test_a_command_alone_says_what_it_says_in_the_whole_app(name):
    runner = CliRunner()
    for args in ([name, "--help"], [name, "--no-such-option"]):
        alone = runner.invoke(for_command(args), args, prog_name="cs", color=False)
        whole = runner.invoke(app, args, prog_name="cs", color=False)
        assert (alone.exit_code, alone.output) == (whole.exit_code, whole.output)


def _modules_after(args: list[str]) -> set[str]:
    code = textwrap.dedent(
        f"""
        import contextlib, io, sys
        sys.argv = ["cs", *{args!r}]
        from cs.cli import main
        with contextlib.redirect_stdout(io.StringIO()):
            try:
                main()
            except SystemExit as exit:
                assert not exit.code, exit.code
        print("\\n".join(sorted(sys.modules)))
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def test_a_small_simulate_leaves_the_other_commands_libraries_alone():
    from test_simulate import EXAMPLES

    loaded = _modules_after(["simulate", str(EXAMPLES / "mall-defaults.yaml"), "--day", "2026-11-23", "--summary-only"])
    assert "cs.simulate.summary" in loaded  # the run did happen
    others = ("cs.store", "cs.staff", "cs.policytest", "cs.report.explain", "cs.diff", "cs.plan", "cs.export")
    assert sorted(m for m in loaded if m.startswith(others)) == []
    assert sorted(m for m in loaded if m.split(".")[0] in ("jsonschema", "sqlalchemy", "matplotlib", "numpy")) == []
    assert "croniter" not in loaded  # mall-defaults has no recurring exception


def test_croniter_is_loaded_when_a_recurring_exception_asks_for_it():  # covers: CAL-4
    from test_simulate import EXAMPLES

    loaded = _modules_after(["validate", str(EXAMPLES / "full.yaml")])
    assert "croniter" in loaded
