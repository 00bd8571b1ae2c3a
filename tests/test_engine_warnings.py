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


def test_a_wall_time_in_a_dst_gap_is_one_instant_with_one_name(write):  # covers: CAL-1, OPS-2
    """--at 02:30 in the spring-forward gap answered as "02:30+01:00" while a series
    through the same instant said "03:30+02:00": one instant, two names. Both now give
    the wall time the zone has, and keep the warning."""
    path = write("berlin.yaml", policy_yaml('hours: {sun: ["00:00-24:00"]}\n', tz="Europe/Berlin"))
    single = json.loads(runner.invoke(app, ["explain", str(path), "--at", "2026-03-29T02:30", "-f", "json"]).stdout)
    gap = "2026-03-29T02:30"
    args = ["explain", str(path), "--from", gap, "--to", gap, "--every", "30m", "-f", "jsonl"]
    series = runner.invoke(app, args).stdout
    assert single == json.loads(series)
    assert single["at"] == "2026-03-29T03:30+02:00" and single["warnings"]
    text = runner.invoke(app, ["explain", str(path), "--at", "2026-03-29T02:30"]).output
    assert "2026-03-29 03:30" in text and "02:30 does not exist" in text


def test_the_supported_days_are_the_policys_local_days(write):  # covers: CAL-1
    """The range 1970-01-01 .. 2099-12-31 was checked on the date as written: an offset
    could carry the instant to a local day outside it (1969-12-31 in New York)."""
    path = write("ny.yaml", policy_yaml('hours: {thu: ["09:00-18:00"]}\n', tz="America/New_York"))
    for at in ("1970-01-01T00:00+14:00", "2099-12-31T23:30-12:00"):
        out = runner.invoke(app, ["explain", str(path), "--at", at])
        assert out.exit_code == 2 and "outside the days cs supports" in out.output and "Traceback" not in out.output
    inside = runner.invoke(app, ["explain", str(path), "--at", "1970-01-01T17:00+00:00"])
    assert inside.exit_code == 0, inside.output


def test_ics_never_writes_a_zero_length_event(write):  # covers: CAL-1, CAL-2
    path = write("berlin.yaml", policy_yaml('hours: {sun: ["02:00-03:00", "09:00-12:00"]}\n', tz="Europe/Berlin"))
    ics = runner.invoke(app, ["calendar", str(path), "--from", "2026-03-29", "--to", "2026-03-29", "-f", "ics"]).stdout
    assert ics.count("BEGIN:VEVENT") == 1  # 02:00-03:00 lies inside the spring-forward gap
    assert "DTSTART:20260329T070000Z" in ics
