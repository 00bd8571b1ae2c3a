"""The example policies in ``examples/``: they validate cleanly and behave as their seeds say.

Each example models one seed document (000..004) or the complete shop (``full.yaml``); the
assertions pin the behaviour the example's comments promise, through the same library calls
``cs explain`` and ``cs calendar`` use.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cs.cli import app
from cs.engine.agenda import agenda
from cs.engine.snapshot import Snapshot, snapshot
from cs.errors import LoadError
from cs.load.yaml_loader import load_file, load_text
from cs.messages.defaults import BUILTIN_TEXTS
from cs.model.build import build_policy
from cs.model.policy import ORDER_STATUSES, Policy
from cs.validate import load_policy, validate_document, validate_file

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples"
EXAMPLE_FILES = sorted(p for p in EXAMPLES.glob("*.yaml") if not p.name.endswith(".test.yaml"))  # policy tests: cs test
MODELINE = "# yaml-language-server: $schema=../schema/policy.schema.json"  # works offline from the checkout
SEED_EXAMPLES = {
    "meiqia-offline.yaml",
    "meiqia-auto-online.yaml",
    "qianniu-offline-routing.yaml",
    "kuaishou-group-routing.yaml",
    "mall-defaults.yaml",
    "full.yaml",
}

runner = CliRunner()


def example(name: str) -> Policy:
    return load_policy(EXAMPLES / name)


def at(policy: Policy, local: str, language: str | None = None) -> Snapshot:
    """The snapshot at a local time of the policy's zone, like ``cs explain --at``."""
    return snapshot(policy, datetime.fromisoformat(local).replace(tzinfo=policy.tz), language)


def local(policy: Policy, instant: datetime | None) -> str:
    assert instant is not None
    return instant.astimezone(policy.tz).strftime("%Y-%m-%d %H:%M")


def online(snap: Snapshot) -> set[str]:
    return {p.agent.id for p in snap.agents_online}


def routable_online(snap: Snapshot) -> set[str]:
    return {p.agent.id for p in snap.agents_online if p.agent.routable}


# --- every example -----------------------------------------------------------------------------


def test_the_examples_are_the_ones_documented() -> None:
    assert {p.name for p in EXAMPLE_FILES} == SEED_EXAMPLES


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_example_validates_without_any_finding(path: Path) -> None:
    """No errors and no warnings: `cs validate --strict examples/` passes."""
    findings = validate_file(path).findings
    assert not findings, "\n".join(f"{f.location}: {f.severity.value} {f.rule}: {f.message}" for f in findings)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_example_starts_with_the_schema_modeline(path: Path) -> None:
    assert path.read_text(encoding="utf-8").splitlines()[0] == MODELINE


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_example_name_matches_file_or_shop(path: Path) -> None:
    policy = load_policy(path)
    assert policy.name == path.stem or path.stem == "full"


def test_cli_validate_strict_passes_on_the_folder() -> None:
    result = runner.invoke(app, ["validate", "--strict", str(EXAMPLES)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert f"{len(EXAMPLE_FILES)} files valid" in result.output


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_cli_explain_and_calendar_run(path: Path) -> None:
    result = runner.invoke(
        app,
        ["explain", str(path), "--at", "2026-11-23T20:05", "--lang", "en", "--format", "json"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)  # a policy without English texts says so on stderr (MSG-6)
    assert data["warnings"] == []
    result = runner.invoke(
        app, ["calendar", str(path), "--from", "2026-11-23", "--to", "2026-11-29"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output


# --- meiqia-offline.yaml (seed 000: offline mode) ------------------------------------------------


def test_meiqia_offline_weekday_evening_en_gets_english_off_hours_reply() -> None:
    """OFF-1, MSG-2, MSG-6, CAL-6: 20:05 on a weekday is offline by outside_hours; the English
    visitor gets the English reply naming the next opening, 09:00 next morning."""
    policy = example("meiqia-offline.yaml")
    snap = at(policy, "2026-11-23T20:05", "en")  # Monday
    assert not snap.open
    assert snap.offline.on and snap.offline.trigger == "outside_hours"
    assert snap.reply is not None
    assert (snap.reply.kind, snap.reply.language) == ("off_hours", "en")
    assert "2026-11-24 09:00" in snap.reply.text
    assert snap.reply.text.startswith("Hello, we are closed")


def test_meiqia_offline_chinese_visitor_gets_chinese() -> None:
    policy = example("meiqia-offline.yaml")
    snap = at(policy, "2026-11-23T20:05", "zh-CN")
    assert snap.reply is not None and snap.reply.language == "zh"
    assert "2026-11-24 09:00" in snap.reply.text


def test_meiqia_offline_rest_days_are_offline_all_day() -> None:
    """Seed 000: 休息日则全日启用离线模式 - the weekend resumes Monday 09:00."""
    policy = example("meiqia-offline.yaml")
    snap = at(policy, "2026-11-28T11:00", "en")  # Saturday
    assert not snap.open and snap.offline.trigger == "outside_hours"
    assert local(policy, snap.service_resumes) == "2026-11-30 09:00"


def test_meiqia_offline_manual_window_during_hours() -> None:
    """OFF-1 manual, MSG-4: inside hours with agents online, the admin's window still wins and the
    offline reply says when it ends."""
    policy = example("meiqia-offline.yaml")
    snap = at(policy, "2026-11-27T14:30", "en")
    assert snap.open and routable_online(snap)
    assert snap.offline.on and snap.offline.trigger == "manual"
    assert snap.reply is not None and snap.reply.kind == "offline"
    assert "from 2026-11-27 16:00" in snap.reply.text
    assert not at(policy, "2026-11-27T16:00").offline.on


def test_meiqia_offline_settings() -> None:
    """OFF-1..OFF-3, OFF-4 (messages kept in the pool), OFF-9, MSG-5 as the seed describes them."""
    off = example("meiqia-offline.yaml").offline
    assert off.triggers.all_agents_busy  # the seed's "客服人员忙碌时"
    assert off.ends_when == "agent_online"
    assert off.delay is not None and off.delay.total_seconds() == 300
    assert off.destination == "message_pool"
    assert off.sort == "priority"
    priorities = [c.priority for c in off.categories]
    assert priorities == sorted(priorities)
    survey = example("meiqia-offline.yaml").messages["survey"]
    assert survey.enabled and survey.in_offline


def test_meiqia_offline_open_weekday_welcome() -> None:
    policy = example("meiqia-offline.yaml")
    snap = at(policy, "2026-11-24T10:00", "en")
    assert snap.open and not snap.offline.on
    assert snap.reply is not None and snap.reply.kind == "welcome"


# --- meiqia-auto-online.yaml (seed 001: automatic online/offline) --------------------------------


def test_meiqia_auto_online_own_schedule_overrides_team() -> None:
    """AG-2: the lead's single-mode schedule (12:00-21:00) wins over the team's 09:00-18:00."""
    policy = example("meiqia-auto-online.yaml")
    morning = at(policy, "2026-11-23T10:00")
    assert online(morning) == {"tang.lei", "xu.na"}
    evening = at(policy, "2026-11-23T20:00", "en")
    assert not evening.open
    assert online(evening) == {"he.jing"}
    assert [p.source for p in evening.agents_online] == ["own schedule 'he-jing-late'"]
    # OFF-2: a routable agent online ends offline mode although work hours are over.
    assert not evening.offline.on
    assert evening.reply is not None and evening.reply.kind == "welcome"
    late = at(policy, "2026-11-23T21:30", "en")
    assert late.offline.on and late.reply is not None and late.reply.kind == "off_hours"


def test_meiqia_auto_online_saturday_exception() -> None:
    """CAL-4: the recurring rule opens every Saturday 10:00-16:00 for shop and team."""
    policy = example("meiqia-auto-online.yaml")
    snap = at(policy, "2026-11-28T11:00")
    assert snap.open
    assert (snap.plan.rule, snap.plan.ref) == ("recurring_exception", "saturday-shift")
    assert online(snap) == {"he.jing", "tang.lei", "xu.na"}
    assert not at(policy, "2026-11-28T16:00").open
    assert not at(policy, "2026-11-29T11:00").open  # Sunday stays closed


def test_meiqia_auto_online_double_11_extended_hours() -> None:
    """CAL-4: Double 11 08:00-24:00 for the shop and the team schedule."""
    policy = example("meiqia-auto-online.yaml")
    snap = at(policy, "2026-11-11T23:30")
    assert snap.open and (snap.plan.rule, snap.plan.ref) == ("exception", "double-11")
    assert {"tang.lei", "xu.na"} <= online(snap)
    assert snap.next_transition is not None
    assert local(policy, snap.next_transition[0]) == "2026-11-12 00:00"
    days = {d.plan.day: d for d in agenda(policy, date(2026, 11, 9), date(2026, 11, 15))}
    assert [str(w) for w in days[date(2026, 11, 11)].plan.windows] == ["08:00-24:00"]
    assert dict(days[date(2026, 11, 11)].agents)["tang.lei"][0].end == 24 * 60


def test_meiqia_auto_online_schedule_switches() -> None:
    """AG-3..AG-5: reminder 5m, auto-accept, idle offline after 30m."""
    for schedule in example("meiqia-auto-online.yaml").schedules:
        assert schedule.reminder.total_seconds() == 5 * 60
        assert schedule.auto_accept
        assert schedule.idle_offline is not None and schedule.idle_offline.total_seconds() == 30 * 60


# --- qianniu-offline-routing.yaml (seed 002: Taobao Qianniu) --------------------------------------


def test_qianniu_accounts_and_offline_destination() -> None:
    """OFF-5, OFF-7, RT-3, RT-5 as seed 002 describes them."""
    policy = example("qianniu-offline-routing.yaml")
    roles = {a.id: (a.role, a.routable) for a in policy.agents}
    assert roles["lanshan-flagship"] == ("main", False)
    assert ("proxy", False) in roles.values()
    assert sum(1 for role, routable in roles.values() if role == "agent" and routable) == 3
    assert ("agent", False) in roles.values()  # a sub-account not taking part in routing
    assert policy.offline.destination == "proxy"
    assert policy.offline.forward_on_agent_offline
    recent = policy.routing.recent_contact
    assert recent.enabled and recent.bypass_capacity
    assert recent.window.total_seconds() == 24 * 3600
    assert not policy.routing.bot_enabled  # OFF-6: proxy is only allowed without the bot


def test_qianniu_night_is_offline_until_nine() -> None:
    policy = example("qianniu-offline-routing.yaml")
    snap = at(policy, "2026-11-24T01:00")
    assert not snap.open and snap.offline.on
    assert snap.reply is not None and "2026-11-24 09:00" in snap.reply.text
    day = at(policy, "2026-11-23T23:59")
    assert day.open and not day.offline.on


# --- kuaishou-group-routing.yaml (seed 003: Kuaishou) ---------------------------------------------


def test_kuaishou_routing_settings() -> None:
    """RT-2, RT-4, RT-6..RT-8, OFF-8 as seed 003 describes them."""
    policy = example("kuaishou-group-routing.yaml")
    routing = policy.routing
    assert routing.mode == "round_robin"
    assert routing.groups.enabled
    assert [status for status, _ in routing.groups.by_order_status] == list(ORDER_STATUSES)
    assert {team for _, team in routing.groups.by_order_status} == {t.id for t in policy.teams}
    assert routing.recent_contact.enabled and routing.recent_contact.bypass_capacity
    assert routing.recent_contact.window.total_seconds() == 72 * 3600
    assert routing.priority_new_customers and routing.priority_returning_customers
    assert routing.seat_release_delay.total_seconds() == 20 * 60
    assert routing.queue.order in ("wait_first", "newest_first")
    assert policy.offline.when_nobody_online == "routing_list" and policy.offline.routing_list
    routable = {a.id for a in policy.agents if a.routable}
    assert set(policy.offline.routing_list) <= routable
    assert not policy.agent("ks-main").routable and not policy.agent("ks-admin").routable
    assert not policy.agent("wu.xia").routable  # 不分流账号


def test_kuaishou_open_until_midnight() -> None:
    policy = example("kuaishou-group-routing.yaml")
    assert at(policy, "2026-11-23T23:59").open
    night = at(policy, "2026-11-24T03:00")
    assert not night.open and night.offline.on and not online(night)


# --- mall-defaults.yaml (seed 004: the mall system) -----------------------------------------------


def test_mall_defaults_are_the_defaults() -> None:
    """CAL-3, RT-1, RT-2, RT-6, TMO-1, TMO-2, ENT-1, ENT-2: removing the settings this example
    writes out gives the same policy (the texts aside). The offline section is the mall's
    own (OFF-8: customers queue when nobody is online; no main account), not a cs default."""
    raw = load_file(EXAMPLES / "mall-defaults.yaml").data
    spelled = build_policy(raw)
    bare = build_policy({k: raw[k] for k in ("version", "name", "timezone", "agents", "offline")})
    assert spelled.calendar == bare.calendar
    assert spelled.routing == bare.routing
    assert spelled.customer_timeout == bare.customer_timeout
    assert spelled.agent_timeout == bare.agent_timeout
    assert spelled.entry_points == bare.entry_points
    assert (spelled.system_enabled, spelled.member_orders_window) == (bare.system_enabled, bare.member_orders_window)
    assert spelled.offline == bare.offline
    assert [(k, m.enabled) for k, m in spelled.messages.kinds] == [(k, m.enabled) for k, m in bare.messages.kinds]


def test_mall_defaults_values_from_the_seed() -> None:
    policy = example("mall-defaults.yaml")
    assert all([str(w) for w in day] == ["08:00-19:00"] for day in policy.calendar.weekly.days)
    assert policy.routing.mode == "least_loaded"
    assert not policy.routing.recent_contact.enabled
    assert policy.routing.queue.order == "wait_first"
    customer, agent = policy.customer_timeout, policy.agent_timeout
    assert (customer.after.total_seconds(), customer.warn_before.total_seconds()) == (300, 120)
    assert (agent.after.total_seconds(), agent.warn_before.total_seconds()) == (180, 60)
    assert policy.entry_points == ("product_detail", "order_detail", "member_centre")
    assert policy.member_orders_window.days == 30
    for kind in ("customer_timeout_warning", "agent_timeout_warning"):
        assert policy.messages[kind].text_map()["zh"] == BUILTIN_TEXTS[kind]["zh"]
    assert len(policy.quick_replies) >= 3


def test_mall_defaults_open_every_day_eight_to_seven() -> None:
    policy = example("mall-defaults.yaml")
    sunday = at(policy, "2026-11-29T08:00")
    assert sunday.open and sunday.reply is not None and sunday.reply.kind == "welcome"
    evening = at(policy, "2026-11-23T19:30")
    assert not evening.open and evening.reply is not None and evening.reply.kind == "off_hours"
    assert "2026-11-24 08:00" in evening.reply.text


# --- full.yaml (the complete shop) ----------------------------------------------------------------


def test_full_national_day_is_closed_by_holiday() -> None:
    """CAL-5: 2026-10-01 is a CN statutory holiday and holiday_hours is closed."""
    policy = example("full.yaml")
    snap = at(policy, "2026-10-01T10:00", "en")
    assert not snap.open
    assert snap.plan.rule == "holiday"
    assert not routable_online(snap)
    assert snap.reply is not None and snap.reply.kind == "off_hours"
    assert "2026-10-08 09:00" in snap.reply.text


def test_full_adjusted_workday_sunday_is_open() -> None:
    """CAL-5 (调休): Sunday 2025-01-26 is worked with Monday's hours, by shop and day team."""
    policy = example("full.yaml")
    snap = at(policy, "2025-01-26T10:00")
    assert snap.open
    assert snap.plan.rule == "adjusted_workday"
    assert {"lin.xiaoyu", "guo.peng", "huang.li", "ma.jun"} <= routable_online(snap)
    assert not at(policy, "2025-01-26T12:30").open  # Monday's lunch break too


def test_full_double_11_night_is_open_by_the_exception() -> None:
    """CAL-4: 2026-11-11 00:00-24:00; at 03:00 the night team is online by its own exception."""
    policy = example("full.yaml")
    snap = at(policy, "2026-11-11T03:00")
    assert snap.open
    assert (snap.plan.rule, snap.plan.ref) == ("exception", "double-11")
    assert routable_online(snap) == {"deng.hao", "qin.yu"}
    assert not snap.offline.on


@pytest.mark.parametrize("local", ["2026-11-13T23:30", "2026-11-14T01:30"])
def test_full_friday_night_shift_crosses_midnight(local: str) -> None:
    """CAL-2, AG-2: Friday 22:00-02:00 belongs to Friday; the night team is online."""
    policy = example("full.yaml")
    snap = at(policy, local, "en")
    assert snap.open
    assert snap.plan.day == date(2026, 11, 13)
    assert routable_online(snap) == {"deng.hao", "qin.yu"}
    assert snap.reply is not None and (snap.reply.kind, snap.reply.language) == ("welcome", "en")


def test_full_saturday_night_shift_and_close() -> None:
    policy = example("full.yaml")
    assert routable_online(at(policy, "2026-11-15T01:30")) == {"deng.hao", "qin.yu"}  # Sat night
    after = at(policy, "2026-11-15T02:00")
    assert not after.open and not routable_online(after)


def test_full_lunch_break_and_single_mode_agent() -> None:
    """CAL-2 lunch break; AG-2 Emma's own schedule (afternoons) overrides the day team's."""
    policy = example("full.yaml")
    lunch = at(policy, "2026-11-23T12:30", "en")
    assert not lunch.open and lunch.offline.on
    assert lunch.reply is not None and "2026-11-23 13:30" in lunch.reply.text
    morning = at(policy, "2026-11-23T10:00")
    assert "emma.liu" not in online(morning)
    afternoon = at(policy, "2026-11-23T14:00")
    emma = [p for p in afternoon.agents_online if p.agent.id == "emma.liu"]
    assert emma and emma[0].source == "own schedule 'emma-afternoons'"


def test_full_every_message_kind_in_both_languages() -> None:
    """MSG-6: the full shop writes every kind itself, in zh and en (no built-in text)."""
    policy = example("full.yaml")
    assert policy.messages.languages == ("zh", "en")
    for kind, message in policy.messages.kinds:
        texts = message.text_map()
        assert set(texts) == {"zh", "en"}, kind
        assert texts["en"] != BUILTIN_TEXTS[kind]["en"], kind


def test_full_english_visitor_falls_back_from_regional_tag() -> None:
    policy = example("full.yaml")
    snap = at(policy, "2026-11-23T14:00", "en-GB")
    assert snap.reply is not None and snap.reply.language == "en"
    assert snap.reply.text.startswith("Welcome to Lanshan Tea")


def test_full_manual_offline_and_recurring_exception() -> None:
    policy = example("full.yaml")
    meeting = at(policy, "2026-12-18T14:30", "en")
    assert meeting.offline.on and meeting.offline.trigger == "manual"
    assert meeting.reply is not None and "2026-12-18 15:30" in meeting.reply.text
    sunday = at(policy, "2026-12-06T19:00")
    assert sunday.open and (sunday.plan.rule, sunday.plan.ref) == ("recurring_exception", "december-sundays")
    assert routable_online(sunday)


def test_full_calendar_national_day_week() -> None:
    """`cs calendar --from 2026-09-28 --to 2026-10-11`: the holiday week and the 调休 Saturday."""
    policy = example("full.yaml")
    days = {d.plan.day: d for d in agenda(policy, date(2026, 9, 28), date(2026, 10, 11))}
    for n in range(1, 8):
        assert days[date(2026, 10, n)].plan.rule == "holiday"
        assert not days[date(2026, 10, n)].plan.windows
        assert not days[date(2026, 10, n)].agents
    saturday = days[date(2026, 10, 10)]
    assert saturday.plan.rule == "adjusted_workday"
    assert [str(w) for w in saturday.plan.windows] == ["09:00-12:00", "13:30-18:30"]
    assert "deng.hao" not in dict(saturday.agents)  # the night team has no Monday hours
    result = runner.invoke(
        app,
        ["calendar", str(EXAMPLES / "full.yaml"), "--from", "2026-09-28", "--to", "2026-10-11"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0
    assert re.search(r"2026-10-10\s+sat\s+09:00-12:00, 13:30-18:30\s+adjusted workday", result.output)


def test_full_every_top_level_section_is_used() -> None:
    keys = set(load_file(EXAMPLES / "full.yaml").data)
    assert keys == set(SCHEMA["properties"])


# --- docs/policy.md: its examples run, and it covers every section and rule -----------------------

DOCS = ROOT / "docs" / "policy.md"
SCHEMA = json.loads((ROOT / "schema" / "policy.schema.json").read_text(encoding="utf-8"))
HEADER = "version: 1\nname: docs-example\ntimezone: Asia/Shanghai\n"
REJECTED = "# cs rejects this"


def docs_yaml_blocks() -> list[tuple[int, str]]:
    """(line number, text) of every ```yaml block in docs/policy.md."""
    blocks: list[tuple[int, str]] = []
    lines = DOCS.read_text(encoding="utf-8").splitlines()
    start = None
    for number, line in enumerate(lines, 1):
        if start is None and line.strip() == "```yaml":
            start = number
        elif start is not None and line.strip() == "```":
            blocks.append((start, "\n".join(lines[start : number - 1]) + "\n"))
            start = None
    return blocks


@pytest.mark.parametrize("block", docs_yaml_blocks(), ids=lambda b: f"line{b[0]}")
def test_docs_yaml_example(block: tuple[int, str]) -> None:
    """A fragment is completed with version/name/timezone; it must then validate with no
    finding at all, unless it says `# cs rejects this`, when it must give an error."""
    line, text = block
    source = text if "\nversion:" in "\n" + text else HEADER + text
    try:
        doc = load_text(source, f"docs/policy.md:{line}")
    except LoadError as error:
        assert text.startswith(REJECTED), f"docs/policy.md:{line}: {error}"
        return
    findings = validate_document(doc).findings
    if text.startswith(REJECTED):
        assert any(f.severity.value == "error" for f in findings), f"docs/policy.md:{line} is accepted"
    else:
        assert not findings, "\n".join(f"docs/policy.md:{line}: {f.rule}: {f.message}" for f in findings)


def test_docs_describe_every_top_level_section() -> None:
    text = DOCS.read_text(encoding="utf-8")
    headings = set(re.findall(r"^## (.+)$", text, flags=re.MULTILINE))
    for key in SCHEMA["properties"]:
        assert key in headings or any(key in h.split(", ") for h in headings), key


def test_docs_rule_table_lists_every_rule_with_its_severity() -> None:
    import cs.rules  # noqa: F401
    from cs.rules.registry import PARSE_RULES, RULES

    rows = dict(re.findall(r"^\| `([a-z0-9-]+)` \| (error|warning) \|", DOCS.read_text(encoding="utf-8"), re.MULTILINE))
    expected = {rule_id: "error" for rule_id in PARSE_RULES} | {"yaml": "error"}
    expected |= {rule_id: rule.severity.value for rule_id, rule in RULES.items()}
    assert rows == expected
