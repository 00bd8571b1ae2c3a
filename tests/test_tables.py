"""Tables line up by display width when cells hold Chinese text (UI-2).

# covers: UI-2
A CJK character takes two terminal columns; counting it as one shifts every
column after it. Checked on a printed table: every row's last column starts at
the same display column.
"""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner
from wcwidth import wcswidth

from conftest import policy_yaml
from cs.cli import app


def column_starts(lines: list[str], text: str) -> set[int]:
    """The display column where ``text`` starts in each line holding it."""
    return {wcswidth(line[: line.index(text)]) for line in lines if text in line}


def test_history_table_aligns_chinese_authors_and_messages(tmp_path: Path):
    policy = tmp_path / "p.yaml"
    policy.write_text(policy_yaml(), encoding="utf-8")
    store = f"sqlite:///{tmp_path / 'state.db'}"
    runner = CliRunner()
    for name, author, message in (("test", "林小雨", "国庆节前调整营业时间"), ("other", "bob", "ok")):
        policy.write_text(policy_yaml().replace("name: test", f"name: {name}"), encoding="utf-8")
        applied = runner.invoke(
            app, ["apply", str(policy), "--store", store, "--auto-approve", "--author", author, "-m", message]
        )
        assert applied.exit_code == 0, applied.output
    table = runner.invoke(app, ["history", "--store", store]).stdout.splitlines()
    assert any("林小雨" in line for line in table)
    assert len(column_starts(table, "sha256:")) == 1, "\n".join(table)
