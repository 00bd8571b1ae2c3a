# covers: CAL-2 (window syntax), duration and date formats of the policy
from datetime import timedelta

import pytest

from cs.model.timefmt import (
    EmptyWindowError,
    Window,
    format_duration,
    parse_date,
    parse_duration,
    parse_local_datetime,
    parse_window,
)


@pytest.mark.parametrize(
    ("text", "start", "end", "shown"),
    [
        ("09:00-18:00", 540, 1080, "09:00-18:00"),
        ("00:00-24:00", 0, 1440, "00:00-24:00"),
        ("22:00-02:00", 1320, 1560, "22:00-02:00"),
        ("22:00-00:00", 1320, 1440, "22:00-24:00"),
        ("18:30-24:00", 1110, 1440, "18:30-24:00"),
    ],
)
def test_windows_parse_and_print(text, start, end, shown):
    window = parse_window(text)
    assert window == Window(start, end)
    assert str(window) == shown


def test_cross_midnight_flag():
    assert parse_window("22:00-02:00").crosses_midnight
    assert not parse_window("00:00-24:00").crosses_midnight


@pytest.mark.parametrize("text", ["25:00-26:00", "09:60-10:00", "09:00-24:30", "9:00-18:00", "09:00", "nine"])
def test_bad_windows(text):
    with pytest.raises(ValueError):
        parse_window(text)


def test_empty_window_has_its_own_error():
    with pytest.raises(EmptyWindowError, match="00:00-24:00"):
        parse_window("09:00-09:00")


@pytest.mark.parametrize(
    ("text", "value", "canonical"),
    [
        ("30s", timedelta(seconds=30), "30s"),
        ("5m", timedelta(minutes=5), "5m"),
        ("90m", timedelta(minutes=90), "1h30m"),
        ("72h", timedelta(hours=72), "3d"),
        ("1d", timedelta(days=1), "1d"),
        ("1h30m", timedelta(minutes=90), "1h30m"),
        ("0m", timedelta(0), "0m"),
    ],
)
def test_durations(text, value, canonical):
    assert parse_duration(text) == value
    assert format_duration(value) == canonical


@pytest.mark.parametrize("text", ["", "5", "m5", "5 m", "1.5h", "5min", "3m1h"])
def test_bad_durations(text):
    with pytest.raises(ValueError):
        parse_duration(text)


def test_dates():
    assert parse_date("2026-11-11").isoformat() == "2026-11-11"
    with pytest.raises(ValueError, match="not a day of the calendar"):
        parse_date("2026-02-30")
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_date("11/11/2026")


def test_local_datetime():
    assert parse_local_datetime("2026-11-23T20:05").isoformat() == "2026-11-23T20:05:00"
    assert parse_local_datetime("2026-11-23 20:05:30").second == 30
    with pytest.raises(ValueError):
        parse_local_datetime("2026-11-23T24:05")
