# covers: OPS-2, OFF-1, OFF-2, MSG-2, MSG-3, MSG-4, MSG-6, AG-2, AG-4, CAL-1, CAL-5, CAL-6, ENT-1
import json
from datetime import timedelta

import pytest
from freezegun import freeze_time
from typer.testing import CliRunner

from conftest import local, policy, policy_yaml
from cs.cli import app
from cs.engine.presence import OFFLINE, next_online, next_status_change, presences, scheduled_status
from cs.engine.snapshot import scheduled_state, snapshot
from cs.engine.warnings import snapshot_messages
from cs.validate import policy_from_text
from large_policy import large_policy_yaml

SHOP = """
hours:
  mon: ["09:00-12:00", "13:00-18:00"]
  tue: ["09:00-18:00"]
  wed: ["09:00-18:00"]
  thu: ["09:00-18:00"]
  fri: ["09:00-18:00"]
  sat: ["22:00-02:00"]
holidays:
  calendar: CN
agents:
  - {id: alice, name: Alice, teams: [day]}
  - {id: bob, teams: [day]}
  - {id: nora, teams: [night]}
  - {id: boss, role: main}
teams: [{id: day}, {id: night}]
schedules:
  - id: day-shift
    teams: [day]
    hours:
      mon: ["09:00-12:00", "13:00-18:00"]
      tue: ["09:00-18:00"]
      wed: ["09:00-18:00"]
      thu: ["09:00-18:00"]
      fri: ["09:00-18:00"]
  - id: bob-late
    agents: [bob]
    hours:
      mon: ["10:00-18:00"]
  - id: night
    teams: [night]
    hours:
      sat: ["22:00-02:00"]
offline:
  manual:
    - {from: "2026-11-25T14:00", to: "2026-11-25T15:00", reason: system upgrade}
messages:
  languages: [zh, en]
"""


def snap(at, lang="en", body=SHOP):
    p = policy(body)
    return p, snapshot(p, local(p, at), lang)


def test_open_with_agents_gets_welcome():
    _, s = snap("2026-11-23T10:05")
    assert s.open and s.plan.rule == "weekly"
    assert [p.agent.id for p in s.agents_online] == ["alice", "bob", "boss"]  # boss follows work hours
    assert not s.offline.on
    assert s.reply.kind == "welcome" and s.reply.language == "en"


def test_own_schedule_overrides_team_schedule():  # AG-2
    _, s = snap("2026-11-23T09:30")
    assert [p.agent.id for p in s.agents_online] == ["alice", "boss"]
    sources = {p.agent.id: p.source for p in snap("2026-11-23T10:30")[1].agents_online}
    assert sources == {
        "alice": "team schedule 'day-shift'",
        "bob": "own schedule 'bob-late'",
        "boss": "work hours",
    }


def test_evening_is_offline_with_off_hours_reply_naming_next_opening():  # MSG-2, CAL-6
    p, s = snap("2026-11-23T20:05")
    assert not s.open
    assert s.offline.on and s.offline.trigger == "outside_hours"
    assert s.reply.kind == "off_hours"
    assert "2026-11-24 09:00" in s.reply.text
    assert s.next_transition[0] == local(p, "2026-11-24T09:00")
    assert "opens" in s.next_transition[1] and "online: alice, boss" in s.next_transition[1]


def test_reply_in_chinese_by_default_and_fallback_chain():  # MSG-6
    _, s = snap("2026-11-23T20:05", lang="zh-Hant-TW")
    assert s.reply.language == "zh"
    _, s = snap("2026-11-23T20:05", lang="fr")
    assert s.reply.language == "zh"  # default language
    _, s = snap("2026-11-23T20:05", lang="en-GB")
    assert s.reply.language == "en"


def test_holiday_names_the_rule_and_resume_time():  # CAL-5
    _, s = snap("2026-10-01T10:00")
    assert not s.open
    assert s.plan.rule == "holiday" and s.plan.ref == "National Day"
    assert "2026-10-08 09:00" in s.reply.text


def test_night_shift_after_midnight_counts_for_saturday():
    _, s = snap("2026-11-29T01:00")  # Sunday 01:00, Saturday's night window
    assert s.open and s.plan.day.isoformat() == "2026-11-28"
    assert [p.agent.id for p in s.agents_online] == ["nora", "boss"]
    assert s.reply.kind == "welcome"


def test_manual_offline_window():  # OFF-1 manual
    _, s = snap("2026-11-25T14:30")
    assert s.open and s.offline.on and s.offline.trigger == "manual"
    assert s.offline.manual.reason == "system upgrade"
    assert s.reply.kind == "offline"
    assert "2026-11-25 15:00" in s.reply.text


def test_open_but_nobody_scheduled_is_offline_by_all_agents_offline():  # OFF-1
    body = SHOP.replace('  sat: ["22:00-02:00"]\nholidays', '  sat: ["10:00-12:00"]\nholidays')
    _, s = snap("2026-11-28T10:30", body=body)
    assert s.open and s.offline.trigger == "all_agents_offline"
    assert s.reply.kind == "offline"


def test_nobody_online_can_wait_in_queue():  # covers: OFF-8, MSG-3 (seed 003)
    body = SHOP.replace('  sat: ["22:00-02:00"]\nholidays', '  sat: ["10:00-12:00"]\nholidays')
    body = body.replace("offline:\n  manual:", "offline:\n  when_nobody_online: wait_in_queue\n  manual:")
    _, s = snap("2026-11-28T10:30", body=body)
    assert not s.offline.on
    assert s.reply.kind == "queue" and "1" in s.reply.text


def test_ends_when_agent_online_versus_hours_start():  # OFF-2
    body = SHOP.replace(
        '      sat: ["22:00-02:00"]\noffline:', '      sat: ["22:00-02:00"]\n      mon: ["19:00-21:00"]\noffline:'
    )
    _, s = snap("2026-11-23T20:00", body=body)
    assert not s.open and not s.offline.on  # nora is online after hours: offline mode ends
    assert s.reply.kind == "welcome"
    _, s = snap("2026-11-23T20:00", body=body.replace("offline:\n", "offline:\n  ends_when: hours_start\n"))
    assert s.offline.on and s.offline.trigger == "outside_hours"


def test_system_switched_off_gives_no_reply():  # ENT-1
    _, s = snap("2026-11-23T10:05", body=SHOP + "system: {enabled: false}\n")
    assert not s.chat_possible and s.reply is None


def test_disabled_message_kind_gives_no_reply():
    body = SHOP.replace("messages:\n", "messages:\n  welcome: {enabled: false}\n")
    _, s = snap("2026-11-23T10:05", body=body)
    assert s.reply is None


runner = CliRunner()


def test_cli_text_and_json(write):
    path = write("shop.yaml", policy_yaml(SHOP))
    result = runner.invoke(app, ["explain", str(path), "--at", "2026-11-23T20:05", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "CLOSED" in result.output and "trigger outside_hours" in result.output
    result = runner.invoke(app, ["explain", str(path), "--at", "2026-11-23T20:05", "--format", "json"])
    data = json.loads(result.output)
    for key in ("open", "reason", "agents_online", "offline_mode", "reply", "next_transition"):
        assert key in data
    assert data["open"] is False
    assert data["offline_mode"] == {"on": True, "trigger": "outside_hours", "reason": None, "messages_to": "boss"}
    assert data["reply"]["kind"] == "off_hours" and data["reply"]["language"] == "zh"
    assert data["next_transition"]["at"] == "2026-11-24T09:00+08:00"


def test_cli_at_with_offset_is_converted(write):
    path = write("shop.yaml", policy_yaml(SHOP))
    result = runner.invoke(app, ["explain", str(path), "--at", "2026-11-23T02:05+00:00", "-f", "json"])
    assert json.loads(result.output)["at"] == "2026-11-23T10:05+08:00"


@freeze_time("2026-11-23T02:05:00Z")  # 10:05 in Shanghai
def test_cli_default_at_is_now_in_the_policy_zone(write):
    path = write("shop.yaml", policy_yaml(SHOP))
    data = json.loads(runner.invoke(app, ["explain", str(path), "-f", "json"]).output)
    assert data["at"] == "2026-11-23T10:05+08:00"
    assert data["open"] is True


def test_cli_warns_outside_holiday_data(write):
    path = write("shop.yaml", policy_yaml(SHOP))
    data = json.loads(runner.invoke(app, ["explain", str(path), "--at", "2031-10-01T10:00", "-f", "json"]).output)
    assert data["warnings"] and "2031-10-01" in data["warnings"][0]


def test_cli_bad_at_and_invalid_policy_are_clean_errors(write):
    path = write("shop.yaml", policy_yaml(SHOP))
    result = runner.invoke(app, ["explain", str(path), "--at", "tomorrow"])
    assert result.exit_code == 2 and "--at 'tomorrow'" in result.stderr
    bad = write("bad.yaml", policy_yaml("agents: [{id: a, max_chats: 0}]\n"))
    result = runner.invoke(app, ["explain", str(bad), "--at", "2026-11-23T10:00"])
    assert result.exit_code == 2
    assert "capacity-range" in result.stderr and "cs validate" in result.stderr
    result = runner.invoke(app, ["explain", "/nonexistent.yaml", "--at", "2026-11-23T10:00"])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_cli_calendar_formats(write):
    path = write("shop.yaml", policy_yaml(SHOP))
    result = runner.invoke(app, ["calendar", str(path), "--from", "2026-09-30", "--to", "2026-10-02"])
    assert result.exit_code == 0
    assert "holiday (National Day)" in result.output
    data = json.loads(
        runner.invoke(app, ["calendar", str(path), "--from", "2026-11-28", "--to", "2026-11-28", "-f", "json"]).output
    )
    assert data["days"][0]["hours"] == ["22:00-02:00"]
    assert data["days"][0]["agents"] == [
        {"id": "nora", "hours": ["22:00-02:00"]},
        {"id": "boss", "hours": ["22:00-02:00"]},
    ]
    ics = runner.invoke(app, ["calendar", str(path), "--from", "2026-11-23", "--to", "2026-11-23", "-f", "ics"]).output
    assert ics.count("BEGIN:VEVENT") == 2  # lunch break splits Monday
    assert "DTSTART:20261123T010000Z" in ics and "DTEND:20261123T040000Z" in ics
    result = runner.invoke(app, ["calendar", str(path), "--from", "2026-11-23", "--to", "2026-11-01"])
    assert result.exit_code == 2


def test_where_offline_messages_go():  # OFF-5, OFF-8
    _, s = snap("2026-11-23T20:05")
    assert s.offline_messages_to == "boss"  # the declared main account by default
    body = SHOP.replace("offline:\n", "offline:\n  destination: message_pool\n")
    assert snap("2026-11-23T20:05", body=body)[1].offline_messages_to == "message pool"
    listed = "offline:\n  when_nobody_online: routing_list\n  routing_list: {agents: [nora, bob]}\n"
    body = SHOP.replace("offline:\n", listed)
    assert snap("2026-11-23T20:05", body=body)[1].offline_messages_to == "routing list: nora, bob"
    assert snap("2026-11-23T10:05")[1].offline_messages_to is None  # not in offline mode


def test_a_routing_list_chat_is_promised_when_its_account_comes_online():  # covers: OFF-8, MSG-4
    """The routing list gives the next chat to nora, who is back on Saturday at 22:00;
    the reply promised Tuesday 09:00, when alice comes online, and the customer's chat
    waited for nora until Saturday."""
    listed = "offline:\n  when_nobody_online: routing_list\n  routing_list: {agents: [nora, bob]}\n"
    p, s = snap("2026-11-23T20:05", body=SHOP.replace("offline:\n", listed))
    assert s.route.agent == "nora" and s.route.reason == "routing list"
    assert "back at 2026-11-28 22:00." in s.reply.text
    assert s.awaited == local(p, "2026-11-28T22:00")
    assert s.service_resumes == local(p, "2026-11-24T09:00")  # a new customer then reaches alice
    p, s = snap("2026-11-23T20:05", body=SHOP.replace("offline:\n", listed.replace("nora, bob", "bob, nora")))
    assert "back at 2026-11-30 10:00." in s.reply.text  # his own schedule 'bob-late': Mondays only


def test_a_routing_list_account_never_back_is_no_time_and_a_warning(write):  # covers: OFF-8, CAL-6
    """The routing list's first account is never scheduled online: its customers were
    promised the work hours' opening and waited for it unanswered, with no warning."""
    listed = "offline:\n  when_nobody_online: routing_list\n  routing_list: {agents: [nora]}\n"
    body = SHOP.replace("offline:\n", listed)
    body = body.replace('      sat: ["22:00-02:00"]\n', "      sat: closed\n")
    _, s = snap("2026-11-23T20:05", body=body)
    assert s.route.agent == "nora" and s.awaited is None
    assert s.reply.text.startswith("Hello, we are closed right now and back at . ")
    out = _explain(write("shop.yaml", policy_yaml(body)), "--at", "2026-11-23T20:05", "--format", "json")
    assert json.loads(out)["warnings"] == [
        "nora's schedule does not bring it online within 400 days: the chats that wait for it stay unanswered, "
        "and their replies say no time for {next_open} (OFF-7, OFF-8)"
    ]


def test_a_status_change_is_a_change_of_the_schedule_not_of_the_weeks_searched():  # covers: AG-2
    """The search in weeks reported the end of each searched week as a change, so an
    account on duty around the clock and offline by hand was promised that date."""
    days = "".join(f"  {d}: ['00:00-24:00']\n" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
    p = policy(f"hours:\n{days}agents: [{{id: a1}}]\n")
    (a1,) = presences(p)
    at = local(p, "2026-11-23T10:00")
    assert next_status_change(p, a1, at) is None and next_online(p, a1, at) is None
    nightly = policy(SHOP)
    nora = next(x for x in presences(nightly) if x.agent.id == "nora")  # sat 22:00-02:00
    assert next_status_change(nightly, nora, at) == local(nightly, "2026-11-28T22:00")
    assert next_online(nightly, nora, local(nightly, "2026-11-28T23:00")) == local(nightly, "2026-12-05T22:00")
    # a schedule of one dated day: its last spell's end is a change (it read as none)
    once = policy(
        "agents: [{id: a1}]\nschedules:\n  - id: once\n    agents: [a1]\n    hours: {}\n    holidays: false\n"
        "    exceptions: [{id: d, date: 2026-11-25, hours: ['00:00-06:00']}]\n"
    )
    (a1,) = presences(once)
    assert next_status_change(once, a1, local(once, "2026-11-25T00:00")) == local(once, "2026-11-25T06:00")
    assert next_online(once, a1, local(once, "2026-11-24T12:00")) == local(once, "2026-11-25T00:00")
    assert next_online(once, a1, local(once, "2026-11-25T00:00")) is None


# --- many instants in one run (issue 10) -------------------------------------


def _explain(path, *args):
    result = runner.invoke(app, ["explain", str(path), *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_repeated_at_gives_each_instant_report_in_order(write):  # OPS-2
    path = write("shop.yaml", policy_yaml(SHOP))
    both = _explain(path, "--at", "2026-11-23T20:05", "--at", "2026-11-23T10:05", "--lang", "en")
    first = _explain(path, "--at", "2026-11-23T20:05", "--lang", "en")
    second = _explain(path, "--at", "2026-11-23T10:05", "--lang", "en")
    assert both == first + "\n" + second
    assert both.index("CLOSED") < both.index("OPEN")


def test_a_series_in_jsonl_is_one_object_per_instant_as_json_gives_it(write):  # OPS-2, CAL-6
    path = write("shop.yaml", policy_yaml(SHOP))
    lines = _explain(path, "--from", "2026-11-23T11:00", "--to", "2026-11-23T13:30", "--every", "30m", "-f", "jsonl")
    objects = [json.loads(line) for line in lines.splitlines()]
    times = ["11:00", "11:30", "12:00", "12:30", "13:00", "13:30"]
    assert [o["at"] for o in objects] == [f"2026-11-23T{t}+08:00" for t in times]
    assert [o["open"] for o in objects] == [True, True, False, False, True, True]  # the lunch break
    for obj, t in zip(objects, times, strict=True):
        single = json.loads(_explain(path, "--at", f"2026-11-23T{t}", "-f", "json"))
        assert obj == single and list(obj) == list(single)


def test_seconds_are_shown_when_an_instant_has_them(write):  # OPS-2
    path = write("shop.yaml", policy_yaml(SHOP))
    lines = _explain(
        path, "--from", "2026-11-23T11:59:58", "--to", "2026-11-23T12:00:01", "--every", "1s", "-f", "jsonl"
    )
    stamps = [json.loads(line)["at"] for line in lines.splitlines()]
    assert stamps == [
        "2026-11-23T11:59:58+08:00",
        "2026-11-23T11:59:59+08:00",
        "2026-11-23T12:00+08:00",
        "2026-11-23T12:00:01+08:00",
    ]
    assert "at 2026-11-23 20:05:30 " in _explain(path, "--at", "2026-11-23T20:05:30", "--lang", "en")
    assert "at 2026-11-23 20:05 " in _explain(path, "--at", "2026-11-23T20:05", "--lang", "en")


def test_a_series_in_json_is_an_array_of_the_single_answers(write):  # OPS-2
    path = write("shop.yaml", policy_yaml(SHOP))
    array = json.loads(_explain(path, "--at", "2026-11-23T20:05", "--at", "2026-11-24T10:00", "-f", "json"))
    assert array == [
        json.loads(_explain(path, "--at", "2026-11-23T20:05", "-f", "json")),
        json.loads(_explain(path, "--at", "2026-11-24T10:00", "-f", "json")),
    ]
    single = _explain(path, "--at", "2026-11-23T20:05", "-f", "json")
    assert single.startswith("{\n") and isinstance(json.loads(single), dict)
    # a series is an array whatever it holds: one instant in the range is still a list
    one = _explain(path, "--from", "2026-11-23T20:05", "--to", "2026-11-23T20:59", "--every", "1h", "-f", "json")
    assert json.loads(one) == [json.loads(single)]


def test_a_series_steps_in_real_time_across_a_dst_change(write):  # CAL-1, OPS-2
    path = write("berlin.yaml", policy_yaml(SHOP.replace("holidays:\n  calendar: CN\n", ""), tz="Europe/Berlin"))
    lines = _explain(path, "--from", "2026-03-29T01:00", "--to", "2026-03-29T04:00", "--every", "30m", "-f", "jsonl")
    ats = [json.loads(line)["at"] for line in lines.splitlines()]
    assert ats == [
        "2026-03-29T01:00+01:00",
        "2026-03-29T01:30+01:00",
        "2026-03-29T03:00+02:00",
        "2026-03-29T03:30+02:00",
        "2026-03-29T04:00+02:00",
    ]


def test_a_series_warns_where_a_typed_wall_time_does_not_exist_and_per_date(write):  # CAL-1, CAL-5
    path = write("berlin.yaml", policy_yaml(SHOP.replace("holidays:\n  calendar: CN\n", ""), tz="Europe/Berlin"))
    lines = _explain(path, "--from", "2026-03-29T02:30", "--to", "2026-03-29T05:00", "--every", "1h", "-f", "jsonl")
    warnings = [json.loads(line)["warnings"] for line in lines.splitlines()]
    assert "does not exist" in warnings[0][0] and all(not w for w in warnings[1:])
    shop = write("shop.yaml", policy_yaml(SHOP))
    lines = _explain(shop, "--from", "2026-12-31T12:00", "--to", "2027-01-01T12:00", "--every", "12h", "-f", "jsonl")
    warnings = [json.loads(line)["warnings"] for line in lines.splitlines()]
    assert warnings[0] == [] and len(warnings) == 3
    assert all(w and "2027-01-01" in w[0] for w in warnings[1:])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2026-11-23T08:00"], "--from, --to and --every go together"),
        (["--from", "2026-11-23T08:00", "--to", "2026-11-23T09:00"], "--from, --to and --every go together"),
        (
            ["--at", "2026-11-23T08:00", "--from", "2026-11-23T08:00", "--to", "2026-11-23T09:00", "--every", "1h"],
            "either --at or --from/--to/--every",
        ),
        (["--from", "2026-11-23T09:00", "--to", "2026-11-23T08:00", "--every", "1h"], "is after --to"),
        (["--from", "2026-11-23T08:00", "--to", "2026-11-23T09:00", "--every", "0m"], "--every '0m' must be positive"),
        (
            ["--from", "2026-11-23T08:00", "--to", "2026-11-23T09:00", "--every", "-5m"],
            "--every '-5m' must be positive",
        ),
        (["--from", "2026-11-23T08:00", "--to", "2026-11-23T09:00", "--every", "soon"], "'soon' is not a duration"),
        (["--from", "2026-11-23T08:00", "--to", "2026-11-23T09:00", "--every", "1000d"], "'1000d' is too large; at"),
        (["--from", "2026-11-23T08:00", "--to", "2026-11-25T09:00", "--every", "1s"], "at most 100000 in one run"),
        (["--from", "soon", "--to", "2026-11-23T09:00", "--every", "1h"], "--from 'soon' is not a date and time"),
        (["--from", "2026-11-23T08:00", "--to", "2100-01-01T00:00", "--every", "1h"], "--to '2100-01-01T00:00' is"),
        (["--at", "2026-11-23T08:00", "--at", "1969-12-31T23:00"], "--at '1969-12-31T23:00' is outside"),
    ],
)
def test_bad_series_options_are_one_clear_error_line(write, args, message):  # OPS-2
    path = write("shop.yaml", policy_yaml(SHOP))
    result = runner.invoke(app, ["explain", str(path), *args])
    assert result.exit_code == 2
    assert result.stderr.startswith("cs: error: ") and result.stderr.count("\n") == 1
    assert message in result.stderr and result.stdout == ""


AUTO_ACCEPT = SHOP.replace(
    "schedules:\n",
    """schedules:
  - id: trainee
    agents: [alice]
    auto_accept: false
    hours:
      mon: ["09:00-12:00", "13:00-18:00"]
      tue: ["09:00-18:00"]
""",
)


@pytest.mark.parametrize("body", [SHOP, AUTO_ACCEPT])
def test_the_state_by_schedule_groups_is_every_agent_asked_alone(body):  # AG-2, AG-4
    """Agents sharing a schedule are asked once; the answer is each agent's own."""
    twin = "schedules:\n  - {id: twin, agents: [nora], hours: {sat: [22:00-02:00]}}\n"
    p = policy(body.replace("schedules:\n", twin))
    start = local(p, "2026-11-21T00:00")
    for step in range(0, 7 * 24 * 60, 37):
        at = start + timedelta(minutes=step)
        grouped = [(pr.agent.id, status) for pr, status in scheduled_state(p, at).online]
        alone = [(pr.agent.id, s) for pr in presences(p) if (s := scheduled_status(p, pr, at)) != OFFLINE]
        assert grouped == alone, at


def test_agents_sharing_a_schedule_are_evaluated_once_per_instant(monkeypatch):  # AG-2
    from cs.engine import snapshot as snapshot_module

    p = policy_from_text(large_policy_yaml(1_000), "large.yaml")
    asked = []

    def counting(policy_, presence, at):
        asked.append(presence.agent.id)
        return scheduled_status(policy_, presence, at)

    monkeypatch.setattr(snapshot_module, "scheduled_status", counting)
    state = scheduled_state(p, local(p, "2026-12-07T13:00"))
    assert len(asked) == 2  # ten schedules, but only two different shifts
    assert len(state.online) == 1_000  # everyone's shift covers Monday 13:00


def test_a_language_the_policy_has_no_texts_for_is_named_and_an_empty_one_refused(write):  # covers: MSG-6, OPS-2
    path = write("shop.yaml", policy_yaml(SHOP))
    unknown = runner.invoke(app, ["explain", str(path), "--at", "2026-11-23T10:05", "--lang", "klingon"])
    assert unknown.exit_code == 0
    assert "the policy has no 'klingon' texts for welcome, " in unknown.stderr
    regional = runner.invoke(app, ["explain", str(path), "--at", "2026-11-23T10:05", "--lang", "zh-Hant-TW"])
    assert regional.exit_code == 0 and "no texts" not in regional.stderr  # zh-Hant-TW -> zh (MSG-6)
    built_in = write("built-in.yaml", "version: 1\nname: b\ntimezone: Asia/Shanghai\n")  # zh and en texts built in
    english = runner.invoke(app, ["explain", str(built_in), "--at", "2026-11-23T10:05", "--lang", "en"])
    assert english.exit_code == 0 and "texts for" not in english.stderr and "reply (welcome, en)" in english.stdout
    empty = runner.invoke(app, ["explain", str(path), "--at", "2026-11-23T10:05", "--lang", ""])
    assert empty.exit_code == 2 and "--lang is empty" in empty.stderr


def test_the_fallback_warning_names_the_language_each_reply_is_in(write):  # covers: MSG-6
    """With default_language en and off_hours written in zh only, a French visitor's
    off-hours reply is in zh; the warning said "those replies are in en"."""
    body = (
        "agents: [{id: a1}]\nmessages:\n  default_language: en\n  languages: [zh]\n"
        "  welcome: {text: {zh: ZH, en: EN}}\n  off_hours: {text: {zh: 'ZH {next_open}'}}\n"
    )
    path = write("shop.yaml", policy_yaml(body))
    result = runner.invoke(app, ["explain", str(path), "--at", "2026-11-23T20:00", "--lang", "fr", "-f", "json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["reply"]["language"] == "zh"
    assert "the policy has no 'fr' texts for welcome (en), off_hours (zh), " in result.stderr
    assert "message-default-language" in runner.invoke(app, ["validate", str(path)]).stdout  # a warning, not an error


def test_nothing_resumes_while_the_system_is_switched_off():  # covers: ENT-1, OPS-2
    """explain said the service resumes "now" (10:00) with the system switched off."""
    p = policy("agents: [{id: a1}]\nsystem: {enabled: false}\n")
    s = snapshot(p, local(p, "2026-11-23T10:00"))
    assert s.reply is None and s.service_resumes is None and not s.chat_possible
    assert snapshot_messages(p, s) == []  # not "nothing opens within 400 days": there is no reply to promise
    assert snapshot(policy("agents: [{id: a1}]\n"), local(p, "2026-11-23T10:00")).service_resumes is not None
