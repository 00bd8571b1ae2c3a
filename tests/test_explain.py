# covers: OPS-2, OFF-1, OFF-2, MSG-2, MSG-3, MSG-4, MSG-6, AG-2, CAL-6, ENT-1
import json

from freezegun import freeze_time
from typer.testing import CliRunner

from conftest import local, policy, policy_yaml
from cs.cli import app
from cs.engine.snapshot import snapshot

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
