# covers: CAL-1, CAL-2, CAL-3, CAL-4, CAL-5, CAL-6
from datetime import UTC, date, datetime, timedelta

import pytest

from conftest import local, policy, rules_hit
from cs.calendar.hours import day_plan, intervals_between, next_open_time, next_transition, open_at
from cs.engine.warnings import range_messages


def is_open(p, text):
    return open_at(p.calendar, p.tz, local(p, text)).open


WEEK = """
hours:
  mon: ["09:00-12:00", "13:30-18:00"]
  tue: ["00:00-24:00"]
  wed: closed
  fri: ["18:00-24:00"]
  sat: ["22:00-02:00"]
"""


def test_cal2_lunch_break_and_closed_days():
    p = policy(WEEK)
    assert is_open(p, "2026-11-23T11:59")  # Monday
    assert not is_open(p, "2026-11-23T12:00")
    assert not is_open(p, "2026-11-23T13:29")
    assert is_open(p, "2026-11-23T13:30")
    assert not is_open(p, "2026-11-23T18:00")
    assert not is_open(p, "2026-11-25T10:00")  # Wednesday closed
    assert not is_open(p, "2026-11-26T10:00")  # Thursday not listed -> closed


def test_cal2_all_day_and_24_00():
    p = policy(WEEK)
    assert is_open(p, "2026-11-24T00:00")
    assert is_open(p, "2026-11-24T23:59")
    assert is_open(p, "2026-11-27T23:59")  # Friday until 24:00
    assert not is_open(p, "2026-11-28T00:00")  # Saturday 00:00 is not Friday's


def test_cal2_window_crossing_midnight_belongs_to_its_start_day():
    p = policy(WEEK)
    state = open_at(p.calendar, p.tz, local(p, "2026-11-29T01:30"))  # Sunday 01:30
    assert state.open
    assert state.plan.day == date(2026, 11, 28)  # Saturday's window
    assert state.plan.describe() == "weekly hours (sat)"
    assert not is_open(p, "2026-11-29T02:00")
    assert not is_open(p, "2026-11-28T01:30")  # Saturday 01:30: Friday had no night window


def test_cal2_adjacent_windows_merge_into_one_interval():
    p = policy("""
hours:
  mon: ["22:00-24:00"]
  tue: ["00:00-06:00"]
""")
    intervals = intervals_between(p.calendar, p.tz, date(2026, 11, 23), date(2026, 11, 24))
    assert [(i.start.astimezone(p.tz).hour, i.end.astimezone(p.tz).hour) for i in intervals] == [(22, 6)]


def test_cal3_default_hours_every_day_08_to_19():
    p = policy()
    for day in range(23, 30):  # Monday to Sunday
        assert not is_open(p, f"2026-11-{day}T07:59")
        assert is_open(p, f"2026-11-{day}T08:00")
        assert is_open(p, f"2026-11-{day}T18:59")
        assert not is_open(p, f"2026-11-{day}T19:00")


PRECEDENCE = """
hours:
  mon: ["09:00-18:00"]
  tue: ["09:00-18:00"]
  wed: ["09:00-18:00"]
  thu: ["09:00-18:00"]
  fri: ["09:00-18:00"]
holidays:
  calendar: CN
exceptions:
  - id: every-saturday
    cron: "0 0 * * sat"
    hours: ["10:00-16:00"]
  - id: golden-week-saturday
    date: 2025-10-04
    hours: ["12:00-13:00"]
  - id: stocktake
    from: 2025-11-03
    to: 2025-11-04
    hours: closed
  - id: december-mondays
    cron: "0 0 * * mon"
    from: 2025-12-01
    to: 2025-12-31
    hours: ["09:00-20:00"]
"""


@pytest.mark.parametrize(
    ("day", "rule", "ref", "hours"),
    [
        ("2025-10-04", "exception", "golden-week-saturday", ["12:00-13:00"]),  # dated > recurring > holiday
        ("2025-10-11", "recurring_exception", "every-saturday", ["10:00-16:00"]),  # recurring > adjusted workday
        ("2025-10-03", "holiday", "National Day", []),  # holiday > weekly
        ("2025-10-09", "weekly", "", ["09:00-18:00"]),
        ("2025-11-03", "exception", "stocktake", []),
        ("2025-11-04", "exception", "stocktake", []),
        ("2025-11-05", "weekly", "", ["09:00-18:00"]),
        ("2025-12-01", "recurring_exception", "december-mondays", ["09:00-20:00"]),
        ("2026-01-05", "weekly", "", ["09:00-18:00"]),  # a Monday outside the cron rule's bounds
    ],
)
def test_cal4_precedence(day, rule, ref, hours):
    p = policy(PRECEDENCE)
    plan = day_plan(p.calendar, date.fromisoformat(day))
    assert (plan.rule, plan.ref, [str(w) for w in plan.windows]) == (rule, ref, hours)


HOLIDAYS = """
hours:
  mon: ["09:00-18:00"]
  tue: ["09:00-18:00"]
  wed: ["09:00-18:00"]
  thu: ["09:00-18:00"]
  fri: ["09:00-17:00"]
holidays:
  calendar: CN
"""


def test_cal5_cn_national_day_2025_is_eight_holidays():
    p = policy(HOLIDAYS)
    for day in range(1, 9):
        plan = day_plan(p.calendar, date(2025, 10, day))
        assert plan.rule == "holiday", day
        assert plan.windows == ()
    assert day_plan(p.calendar, date(2025, 10, 9)).rule == "weekly"


def test_cal5_adjusted_working_sunday_uses_monday_hours_by_default():
    p = policy(HOLIDAYS)
    plan = day_plan(p.calendar, date(2025, 1, 26))  # a Sunday worked before Spring Festival
    assert plan.rule == "adjusted_workday"
    assert [str(w) for w in plan.windows] == ["09:00-18:00"]
    assert is_open(p, "2025-01-26T10:00")
    assert not is_open(p, "2025-01-19T10:00")  # an ordinary Sunday


def test_cal5_holiday_and_workday_hours_can_be_set():
    p = policy(HOLIDAYS + '  holiday_hours: ["10:00-15:00"]\n  workday_hours: fri\n')
    assert [str(w) for w in day_plan(p.calendar, date(2025, 10, 2)).windows] == ["10:00-15:00"]
    assert [str(w) for w in day_plan(p.calendar, date(2025, 1, 26)).windows] == ["09:00-17:00"]
    p = policy(HOLIDAYS + '  workday_hours: ["08:00-12:00"]\n')
    assert [str(w) for w in day_plan(p.calendar, date(2025, 1, 26)).windows] == ["08:00-12:00"]


def test_cal5_dates_outside_the_data_years_warn_and_never_guess():
    body = HOLIDAYS + "exceptions:\n  - id: far\n    date: 2031-05-01\n    hours: closed\n"
    assert (15, "holiday-data-range") in rules_hit(body)  # at the date itself
    p = policy(body)
    assert range_messages(p, date(2031, 5, 1), date(2031, 5, 1))
    assert not range_messages(p, date(2025, 5, 1), date(2025, 5, 1))
    assert day_plan(p.calendar, date(2031, 10, 1)).rule == "weekly"  # no invented holiday


def test_cal5_a_manual_window_ending_beyond_the_data_warns_at_its_end():  # covers: CAL-5, OFF-1
    """Only a manual window's start was checked: one running into 2031 raised no warning."""
    window = "offline:\n  manual:\n    - {from: '%s', to: '%s'}\n"
    body = HOLIDAYS + window % ("2026-12-20T00:00", "2031-01-05T00:00")
    assert (15, "holiday-data-range") in rules_hit(body)
    body = HOLIDAYS + window % ("2026-12-20T00:00", "2027-01-01T00:00")  # ends as 2026 ends
    assert "holiday-data-range" not in {rule for _, rule in rules_hit(body)}


def test_cal5_a_promised_day_beyond_the_data_warns_in_explain_simulate_and_cs_test():
    """The reply at New Year's Eve 18:30 promises 2027-01-01 09:00, a day the holiday
    data does not cover (a statutory holiday in fact): the answer says so."""
    from cs.engine.instants import explain_instants
    from test_simulate import run

    p = policy("hours: {thu: ['09:00-18:00'], fri: ['09:00-18:00']}\nholidays: {calendar: CN}\nagents: [{id: a1}]\n")
    evening, morning = local(p, "2026-12-31T18:30"), local(p, "2026-12-31T10:30")
    (late,) = explain_instants(p, [evening], "en")
    assert late.snapshot.reply is not None and "2027-01-01 09:00" in late.snapshot.reply.text
    assert [w.english for w in late.warnings] == [
        w.english for w in range_messages(p, date(2027, 1, 1), date(2027, 1, 1))
    ]
    (open_now,) = explain_instants(p, [morning], "en")  # open, answered today: nothing promised in 2027
    assert open_now.warnings == ()
    result = run(p, "visitors: [{id: v, at: '18:30'}]", day=date(2026, 12, 31))
    assert any("2027-01-01" in w.english for w in result.summary.warnings)
    quiet = run(p, "visitors: [{id: v, at: '10:30'}]", day=date(2026, 12, 31))
    assert quiet.summary.warnings == ()


def test_cal6_nothing_open_within_the_horizon_warns_instead_of_a_blank_promise(tmp_path):
    """A renovation closing the shop for more than the 400 days cs looks ahead: explain
    answered with a traceback (exit 1, which cs test reads as a failed test), and the
    reply said "back at ." in silence. Now the answer warns, in explain, cs test and the
    simulated summary."""
    from typer.testing import CliRunner

    from cs.cli import app
    from cs.engine.instants import explain_instants
    from cs.engine.warnings import no_time
    from test_simulate import run

    body = "agents: [{id: a1}]\nexceptions:\n  - {id: renovation, from: 2026-01-01, to: 2027-02-25, hours: closed}\n"
    p = policy(body)
    (closed,) = explain_instants(p, [local(p, "2026-01-01T10:00")], "en")
    assert closed.snapshot.next_open is None
    assert no_time().english in [w.english for w in closed.warnings]
    (reopened,) = explain_instants(p, [local(p, "2027-02-20T10:00")], "en")
    assert reopened.snapshot.next_open is not None and reopened.warnings == ()
    result = run(p, "visitors: [{id: v, at: '10:30'}]", day=date(2026, 1, 1))
    assert [w.english for w in result.summary.warnings] == [no_time().english]
    policy_file = tmp_path / "reno.yaml"
    policy_file.write_text("version: 1\nname: reno\ntimezone: Asia/Shanghai\n" + body, encoding="utf-8")
    tests = tmp_path / "reno.test.yaml"
    tests.write_text(
        "policy: reno.yaml\ntests:\n  - name: closed\n    at: 2026-01-01T10:00\n    expect: {open: false}\n",
        encoding="utf-8",
    )
    outcome = CliRunner().invoke(app, ["test", str(tests)])
    assert outcome.exit_code == 0, outcome.output
    assert "Traceback" not in outcome.output


def test_cal5_no_holiday_calendar_means_ordinary_days():
    p = policy("hours:\n  wed: ['09:00-18:00']\n")
    assert day_plan(p.calendar, date(2025, 10, 1)).rule == "weekly"
    assert range_messages(p, date(2040, 1, 1), date(2040, 1, 1)) == []


def test_cal6_next_open_and_next_transition():
    p = policy(WEEK)
    at = local(p, "2026-11-23T12:15")  # Monday lunch break
    assert next_open_time(p.calendar, p.tz, at) == local(p, "2026-11-23T13:30")
    assert next_transition(p.calendar, p.tz, at) == (local(p, "2026-11-23T13:30"), True)
    at = local(p, "2026-11-23T17:00")
    assert next_transition(p.calendar, p.tz, at) == (local(p, "2026-11-23T18:00"), False)
    # Monday evening: Tuesday is open all day, so the next opening is Tuesday 00:00
    assert next_open_time(p.calendar, p.tz, local(p, "2026-11-23T20:00")) == local(p, "2026-11-24T00:00")
    # Tuesday 24:00 closes; Wednesday is closed; Friday 18:00 opens
    assert next_transition(p.calendar, p.tz, local(p, "2026-11-24T10:00")) == (local(p, "2026-11-25T00:00"), False)
    assert next_open_time(p.calendar, p.tz, local(p, "2026-11-25T10:00")) == local(p, "2026-11-27T18:00")
    # Friday 18:00-24:00 is followed by Saturday 22:00-02:00
    assert next_transition(p.calendar, p.tz, local(p, "2026-11-28T23:00")) == (local(p, "2026-11-29T02:00"), False)


def test_cal6_open_around_the_clock_has_no_next_transition():
    p = policy(
        "hours: {mon: ['00:00-24:00'], tue: ['00:00-24:00'], wed: ['00:00-24:00'], thu: ['00:00-24:00'],"
        " fri: ['00:00-24:00'], sat: ['00:00-24:00'], sun: ['00:00-24:00']}\n"
    )
    assert next_transition(p.calendar, p.tz, local(p, "2026-11-23T10:00")) is None


def test_cal6_never_open():
    p = policy("hours: {}\n")
    assert next_open_time(p.calendar, p.tz, local(p, "2026-11-23T10:00")) is None
    assert next_transition(p.calendar, p.tz, local(p, "2026-11-23T10:00")) is None


def utc(text):
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


DAILY = """
hours:
  mon: ["09:00-18:00"]
  tue: ["09:00-18:00"]
  wed: ["09:00-18:00"]
  thu: ["09:00-18:00"]
  fri: ["09:00-18:00"]
  sat: ["22:00-06:00"]
  sun: ["09:00-18:00"]
"""


@pytest.mark.parametrize(
    ("tz", "before", "after"),
    [
        # Europe/Berlin: CET (+1) -> CEST (+2) on 2026-03-29, back on 2026-10-25
        ("Europe/Berlin", "2026-03-27", "2026-03-30"),
        ("Europe/Berlin", "2026-10-23", "2026-10-26"),
        # America/New_York: EST (-5) -> EDT (-4) on 2026-03-08, back on 2026-11-01
        ("America/New_York", "2026-03-06", "2026-03-09"),
        ("America/New_York", "2026-10-30", "2026-11-02"),
    ],
)
def test_cal1_a_0900_window_stays_0900_local_across_dst(tz, before, after):
    p = policy(DAILY, tz=tz)
    for day in (before, after):
        interval = intervals_between(p.calendar, p.tz, date.fromisoformat(day), date.fromisoformat(day))[-1]
        start = interval.start.astimezone(p.tz)
        assert (start.hour, start.minute) == (9, 0)
        assert interval.end - interval.start == timedelta(hours=9)
    first = intervals_between(p.calendar, p.tz, date.fromisoformat(before), date.fromisoformat(before))[-1]
    second = intervals_between(p.calendar, p.tz, date.fromisoformat(after), date.fromisoformat(after))[-1]
    assert (
        first.start.astimezone(p.tz).utcoffset() != second.start.astimezone(p.tz).utcoffset()
    )  # the UTC instant moved, local time did not


def test_cal1_night_window_over_the_dst_change_is_shorter_or_longer():
    spring = policy(DAILY, tz="Europe/Berlin")  # Sat 28 Mar 22:00 -> Sun 06:00 loses an hour
    night = intervals_between(spring.calendar, spring.tz, date(2026, 3, 28), date(2026, 3, 28))[-1]
    assert night.end - night.start == timedelta(hours=7)
    autumn = intervals_between(spring.calendar, spring.tz, date(2026, 10, 24), date(2026, 10, 24))[-1]
    assert autumn.end - autumn.start == timedelta(hours=9)


def test_cal1_open_at_uses_local_time_after_the_switch():
    p = policy(DAILY, tz="America/New_York")
    assert open_at(p.calendar, p.tz, utc("2026-03-09T13:30")).open  # 09:30 EDT
    assert not open_at(p.calendar, p.tz, utc("2026-03-06T13:30")).open  # 08:30 EST


def test_cal1_berlin_instants():
    p = policy(DAILY, tz="Europe/Berlin")
    assert not open_at(p.calendar, p.tz, utc("2026-03-30T06:30")).open  # 08:30 CEST
    assert open_at(p.calendar, p.tz, utc("2026-03-30T07:30")).open  # 09:30 CEST
    assert open_at(p.calendar, p.tz, utc("2026-03-27T08:30")).open  # 09:30 CET
    assert not open_at(p.calendar, p.tz, utc("2026-03-27T07:30")).open  # 08:30 CET
