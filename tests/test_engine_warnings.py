"""Warnings reach every output: holiday data range, DST gaps and folds, empty ics events."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from conftest import policy_yaml
from cs.cli import app

runner = CliRunner()

CN = 'hours: {mon: ["09:00-18:00"], fri: ["09:00-18:00"]}\nholidays: {calendar: CN}\nagents: [{id: ann}]\n'


def test_first_uncovered_date_in_calendar_and_simulate_json(write):  # covers: CAL-5 (seed 001)
    path = write("shop.yaml", policy_yaml(CN))
    out = runner.invoke(app, ["calendar", str(path), "--from", "2026-12-30", "--to", "2027-01-03", "-f", "json"])
    assert out.exit_code == 0
    (warning,) = json.loads(out.stdout)["warnings"]
    assert warning.startswith("2027-01-01 is outside the CN holiday data (2004-2026)")
    inside = runner.invoke(app, ["calendar", str(path), "--from", "2026-12-01", "--to", "2026-12-31", "-f", "json"])
    assert json.loads(inside.stdout)["warnings"] == []
    sim = runner.invoke(app, ["simulate", str(path), "--day", "2026-12-31", "--days", "2", "-f", "json"])
    assert sim.exit_code == 0
    warnings = json.loads(sim.stdout)["summary"]["warnings"]
    assert [w for w in warnings if w.startswith("2027-01-01 is outside the CN holiday data")], warnings


def test_explain_at_a_dst_gap_or_fold_says_which_reading(write):  # covers: CAL-1, OPS-2
    path = write("berlin.yaml", policy_yaml('hours: {sun: ["00:00-24:00"]}\n', tz="Europe/Berlin"))
    gap = json.loads(runner.invoke(app, ["explain", str(path), "--at", "2026-03-29T02:30", "-f", "json"]).stdout)
    assert gap["warnings"] == [
        "2026-03-29 02:30 does not exist in Europe/Berlin (the clocks go forward at that hour); "
        "read as 01:30 UTC, which is 03:30 local time after the change"
    ]
    fold = json.loads(runner.invoke(app, ["explain", str(path), "--at", "2026-10-25T02:30", "-f", "json"]).stdout)
    assert fold["warnings"] == [
        "2026-10-25 02:30 occurs twice in Europe/Berlin (the clocks go back at that hour); "
        "read as the first, 00:30 UTC (UTC+0200), not the second (UTC+0100)"
    ]
    plain = runner.invoke(app, ["explain", str(path), "--at", "2026-10-25T04:30", "-f", "json"]).stdout
    assert json.loads(plain)["warnings"] == []
    offset = runner.invoke(app, ["explain", str(path), "--at", "2026-10-25T02:30+01:00", "-f", "json"]).stdout
    assert json.loads(offset)["warnings"] == []  # an offset says which reading


def test_ics_never_writes_a_zero_length_event(write):  # covers: CAL-1, CAL-2
    path = write("berlin.yaml", policy_yaml('hours: {sun: ["02:00-03:00", "09:00-12:00"]}\n', tz="Europe/Berlin"))
    ics = runner.invoke(app, ["calendar", str(path), "--from", "2026-03-29", "--to", "2026-03-29", "-f", "ics"]).stdout
    assert ics.count("BEGIN:VEVENT") == 1  # 02:00-03:00 lies inside the spring-forward gap
    assert "DTSTART:20260329T070000Z" in ics
