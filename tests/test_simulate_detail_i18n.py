"""The timeline's detail column in the language of the process (OPS-3, UI-1).

Each event carries its detail as a template and fields (:class:`cs.simulate.timeline.Detail`):
the table and markdown timelines show it translated, each template looked up once
per run; JSON, JSONL and CSV keep the English detail, byte for byte the same
whatever the language.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner
from wcwidth import wcwidth

from cs.cli import app
from cs.simulate import report

ROOT = Path(__file__).resolve().parents[1]
QIANNIU = [
    "simulate",
    str(ROOT / "examples/qianniu-offline-routing.yaml"),
    "--day",
    "2026-11-23",
    "--scenario",
    str(ROOT / "examples/scenarios/qianniu-forwarding.json"),
]
FULL = [
    "simulate",
    str(ROOT / "examples/full.yaml"),
    "--day",
    "2026-11-11",
    "--seed",
    "5",
    "--scenario",
    str(ROOT / "examples/scenarios/double-11.json"),
]


def run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def after_columns(line: str, columns: int) -> str:
    """``line`` from display column ``columns`` on (a Chinese character takes two)."""
    width = 0
    for i, char in enumerate(line):
        if width >= columns:
            return line[i:]
        width += max(wcwidth(char), 0)
    return ""


def timeline_details(table: str) -> list[str]:
    """The detail cells of a table timeline (the text after the agent column)."""
    lines = table.split("\n\n")[0].splitlines()
    header, rule = lines[1], lines[2]
    start = len(rule) - len(rule.split()[-1])
    assert after_columns(header, start).strip() in ("detail", "详情")
    return [after_columns(line, start) for line in lines[3:]]


def test_the_detail_column_is_chinese_in_chinese(language) -> None:  # type: ignore[no-untyped-def]
    # covers: OPS-3, UI-1, OFF-7, AG-2
    english = run(*QIANNIU)
    language("zh")
    chinese = run(*QIANNIU)
    assert "trigger outside_hours" in english and "触发条件 outside_hours" in chinese
    assert "to lanshan-flagship.daili (" in english and "转给 lanshan-flagship.daili（" in chinese
    details = timeline_details(chinese)
    assert len(details) == len(timeline_details(english)) > 50
    assert not [d for d in details if "open chat(s)" in d or "automatic (" in d or "from the queue" in d]
    assert any("个进行中的会话" in d for d in details)
    assert any(d.startswith("自动（") for d in details)  # automatic (work hours | schedule ...)


def test_the_full_example_reads_in_chinese_too(language) -> None:  # type: ignore[no-untyped-def]
    # covers: OPS-3, UI-1, RT-6, MSG-3
    language("zh")
    details = timeline_details(run(*FULL))
    assert len(details) > 100
    markdown = run(*FULL, "--format", "markdown")
    assert "个进行中的会话" in markdown and "open chat(s)" not in markdown
    assert any("工作时间" in d for d in details)
    assert any("在 presale 队列中排第 " in d for d in details)
    assert any("排队 " in d and " 后接入" in d for d in details)


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_machine_formats_keep_the_english_detail_byte_for_byte(fmt: str, language) -> None:  # type: ignore[no-untyped-def]
    # covers: OPS-3, UI-1
    english = run(*QIANNIU, "--format", fmt)
    language("zh")
    assert run(*QIANNIU, "--format", fmt) == english
    assert "trigger outside_hours" in english


def test_each_template_is_translated_once_per_run(language, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    # covers: OPS-3
    language("zh")
    looked_up: list[str] = []
    real = report.translate

    def counting(text: str) -> str:
        looked_up.append(text)
        return real(text)

    monkeypatch.setattr(report, "translate", counting)
    details = timeline_details(run(*FULL))
    assert len(looked_up) == len(set(looked_up))  # never the same template twice
    assert len(details) > 5 * len(looked_up)
