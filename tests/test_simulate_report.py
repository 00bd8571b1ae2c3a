"""The table and markdown timelines stream (OPS-3, issue 10): rows wait in a
temporary file, not in memory, and the text is the same as one tabulate table
over every row, however the rows are cut into chunks."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cs.simulate import report, simulate
from cs.simulate.report import TimelineTable, timeline_text
from cs.validate import load_policy

EXAMPLES = Path(__file__).parents[1] / "examples"

cells = st.one_of(
    st.sampled_from(
        ["", "s1", "a01", "42", "3.5", "True", "接待中", "多行\n第二行", "tab\there", "\x1b[31mred\x1b[0m"]
    ),
    st.text(max_size=12),
)
rows = st.lists(st.tuples(cells, cells, cells, cells, cells, cells), max_size=12)


def streamed(table_rows: list[tuple[str, ...]], markdown: bool, chunk: int, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(report, "CHUNK", chunk)
    table = TimelineTable(markdown)
    for row in table_rows:
        table.add(row)  # type: ignore[arg-type]
    out = io.StringIO()
    table.write(out)
    return out.getvalue()


@settings(max_examples=150, deadline=None)
@given(table_rows=rows, markdown=st.booleans(), chunk=st.integers(1, 4))
def test_the_streamed_table_is_the_one_table(table_rows, markdown, chunk) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert streamed(table_rows, markdown, chunk, monkeypatch) == timeline_text(table_rows, markdown)


@pytest.mark.parametrize("name", ["full", "mall-defaults", "qianniu-offline-routing"])
def test_example_timelines_stream_in_chunks(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    result = simulate(load_policy(EXAMPLES / f"{name}.yaml"), None, date(2026, 11, 23), 1, 3)
    assert result.timeline is not None
    table_rows = [
        (result.clock.label(e.t), e.actor, e.kind, e.visitor or "", e.agent or "", e.detail) for e in result.timeline
    ]
    assert len(table_rows) > 50
    for markdown in (False, True):
        assert streamed(table_rows, markdown, 7, monkeypatch) == timeline_text(table_rows, markdown)


def test_rows_wait_on_disk_not_in_memory() -> None:
    table = TimelineTable(False)
    table.add(("2026-11-23 00:00:00", "system", "hours_open", "", "", "work hours"))
    assert table.rows.tell() > 0  # written out as it came
    table.write(io.StringIO())
    assert table.rows.closed
