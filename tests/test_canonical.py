# covers: OPS-4 (canonical form, one hash per meaning)
import yaml

from conftest import policy, policy_yaml
from cs.digest import document_hash
from cs.load.yaml_loader import load_text
from cs.model.canonical import to_document
from cs.validate import validate_document


def digest(body):
    return document_hash(to_document(policy(body)))


def test_defaults_written_out_or_omitted_mean_the_same():
    explicit = """
hours:
  mon: ["08:00-19:00"]
  tue: ["08:00-19:00"]
  wed: ["08:00-19:00"]
  thu: ["08:00-19:00"]
  fri: ["08:00-19:00"]
  sat: ["08:00-19:00"]
  sun: ["08:00-19:00"]
routing: {mode: least_loaded, queue: {order: wait_first}, seat_release_delay: 0s}
offline: {destination: main, triggers: {outside_hours: true}}
timeouts: {customer: {after: 5m, warn_before: 120s}}
entry_points: [member_centre, product_detail, order_detail]
"""
    assert digest(explicit) == digest("")


def test_spellings_normalise():
    a = digest("exceptions: [{id: x, from: 2026-11-11, to: 2026-11-11, hours: ['22:00-00:00', '09:00-10:00']}]\n")
    b = digest("exceptions: [{id: x, date: '2026-11-11', hours: ['09:00-10:00', '22:00-24:00']}]\n")
    assert a == b
    assert digest("routing: {recent_contact: {window: 72h}}\n") == digest("routing: {recent_contact: {window: 3d}}\n")


def test_a_whole_number_written_with_a_point_is_the_same_number():  # covers: OPS-4, OPS-5
    """`max_chats: 5.0` validated (JSON Schema's integer) but hashed apart from `5`: diff
    said "no changes" while plan --exit-code said changes and apply wrote a revision."""
    whole = """
agents: [{id: a, max_chats: 5}]
offline: {categories: [{id: c, keywords: [k], priority: 10}]}
routing: {queue: {max_length: 3}}
messages: {max_length: 500}
"""
    pointed = whole.replace("5}", "5.0}").replace("10}", "10.0}").replace("3}", "3.0}").replace("500}", "500.0}")
    assert pointed != whole and digest(pointed) == digest(whole)
    text = policy_yaml(whole)
    assert "version: 1\n" in text
    result = validate_document(load_text(text.replace("version: 1\n", "version: 1.0\n"), "p.yaml"))
    assert result.policy is not None and to_document(result.policy)["version"] == 1  # as an int: "1", not "1.0"
    assert isinstance(to_document(result.policy)["version"], int)
    document = to_document(policy(pointed))
    assert document["agents"][0]["max_chats"] == 5 and isinstance(document["agents"][0]["max_chats"], int)
    assert digest(whole.replace("5}", "6}")) != digest(whole)


def test_a_real_change_changes_the_hash():
    assert digest("agents: [{id: a, max_chats: 5}]\n") != digest("agents: [{id: a, max_chats: 6}]\n")
    assert digest("") != digest("hours: {mon: closed}\n")


def test_canonical_document_is_a_valid_policy_that_round_trips():
    body = """
holidays: {calendar: CN, holiday_hours: ["10:00-12:00"]}
agents: [{id: a, teams: [t], languages: [zh, en]}, {id: p, role: proxy}]
teams: [{id: t}]
schedules: [{id: s, teams: [t], hours: {sat: ["22:00-02:00"]}, idle_offline: 30m}]
offline: {destination: proxy, delay: 5m, manual: [{from: "2026-11-23T12:00", to: "2026-11-23T13:00"}]}
messages: {languages: [zh, en]}
routing: {queue: {max_wait: 10m}}
"""
    doc = to_document(policy(body))
    exported = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)
    again = validate_document(load_text(exported, "exported.yaml"))
    assert not again.errors
    assert document_hash(to_document(again.policy)) == document_hash(doc)


def test_canonical_keys_follow_the_schema_order():
    doc = to_document(policy(""))
    assert list(doc)[:4] == ["version", "name", "timezone", "hours"]
    assert policy_yaml("").startswith("version: 1")
