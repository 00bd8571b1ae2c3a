"""Large policies load (issue 10): the loader's budget counts what aliases expand,
not the document's own nodes; a no-op apply validates once; the diff of a changed
copy. How fast is bench/bench_large.py's business."""

# covers: AG-1, AG-2, OPS-1

from __future__ import annotations

import gc
from datetime import UTC, datetime
from pathlib import Path

from cs.compare import compare_policies, live_state
from cs.digest import document_hash
from cs.load.gc_pause import collector_paused
from cs.load.yaml_loader import load_text
from cs.model.canonical import to_document
from cs.model.policy import Policy
from cs.plan import apply_plan, make_plan
from cs.store import Store, open_store
from cs.validate import policy_from_text, validate_document
from large_policy import large_policy_yaml


def test_a_12000_agent_policy_without_aliases_loads() -> None:
    loaded = load_text(large_policy_yaml(12_000), "large.yaml")
    assert len(loaded.data["agents"]) == 12_000
    assert loaded.data["agents"][-1]["id"] == "shop:kefu11999"
    assert loaded.locate(["agents", 11_999, "id"]).line > 12_000


def test_the_generated_large_policy_is_valid() -> None:
    result = validate_document(load_text(large_policy_yaml(400), "large.yaml"))
    assert not result.findings, [f"{f.location} {f.message}" for f in result.findings]
    assert result.policy is not None and len(result.policy.agents) == 400


def _plan_and_apply(store: Store, policy: Policy) -> None:
    made, _ = make_plan(store, policy, source="large.yaml", git_commit=None, now=datetime(2026, 12, 6, tzinfo=UTC))
    apply_plan(store, made, author="tester", message="")


def test_a_no_op_apply_takes_the_validated_policy_for_the_live_one(tmp_path: Path) -> None:  # OPS-5
    """The live revision holding exactly the validated policy's document is not read
    and validated a second time: the no-op apply of 10,000 agents stays one validation."""
    first = policy_from_text(large_policy_yaml(200), "large.yaml")
    again = policy_from_text(large_policy_yaml(200), "large.yaml")
    with open_store(f"sqlite:///{tmp_path / 'state.db'}") as store:
        _plan_and_apply(store, first)
        live = live_state(store, again.name, (again, document_hash(to_document(again))))
        assert live.policy is again and live.drift == ()
        read_back = live_state(store, again.name)
        assert read_back.policy is not None and read_back.policy is not again
        assert to_document(read_back.policy) == to_document(again)


def test_a_changed_policy_still_validates_the_live_revision(tmp_path: Path) -> None:  # OPS-4, OPS-5
    old = policy_from_text(large_policy_yaml(200), "large.yaml")
    new = policy_from_text(large_policy_yaml(200, changed=True), "large.yaml")
    with open_store(f"sqlite:///{tmp_path / 'state.db'}") as store:
        _plan_and_apply(store, old)
        live = live_state(store, new.name, (new, document_hash(to_document(new))))
        assert live.policy is not None and to_document(live.policy) == to_document(old)
        comparison = compare_policies("t", live.policy, new)
    assert comparison.impact.agents_added == ("shop:kefu-new",)
    assert comparison.impact.agents_removed == ("shop:kefu00199",)
    assert [c.path for c in comparison.changes if c.kind == "changed"] == [
        "agents[shop:kefu00000].max_chats",
        "schedules[shift0001].agents",
    ]


def test_what_a_collector_pause_allocates_is_not_left_young() -> None:
    """The next allocation after loading 10,000 agents must not make the collector walk
    them all as young objects (a fifth of a second in every command)."""
    gc.collect()
    with collector_paused():
        kept = [[index] for index in range(50_000)]
    assert gc.isenabled()
    young = len(gc.get_objects(generation=0)) + len(gc.get_objects(generation=1))
    assert young < 1_000  # collected young, they would be in generation 1 now
    assert len(kept) == 50_000


def _line_col(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column where ``needle`` first occurs in ``text``."""
    at = text.index(needle)
    return text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)


def test_findings_deep_in_a_large_policy_have_exact_places() -> None:  # OPS-1
    """Marks are found in the node graph only when a finding asks: a schema error,
    a rule's finding and a key-pointing finding 9,999 agents down still say the
    exact line and column."""
    text = large_policy_yaml(10_000)
    text = text.replace("name: '客服 9998', ", "name: '客服 9998', colour: red, ")
    result = validate_document(load_text(text, "large.yaml"))
    assert [(f.rule, f.line, f.col) for f in result.findings] == [
        ("schema", *_line_col(text, "colour: red")),
    ]
    before_last = "max_chats: {chats}}}\n  - {{id: 'shop:kefu09999'"
    text = large_policy_yaml(10_000).replace(before_last.format(chats=9), before_last.format(chats=0))
    result = validate_document(load_text(text, "large.yaml"))
    assert [(f.rule, f.line, f.col) for f in result.findings] == [
        ("capacity-range", *_line_col(text, "0}\n  - {id: 'shop:kefu09999'")),
    ]
    late = "'shop:kefu09998', 'shop:kefu09999'"
    text = large_policy_yaml(10_000).replace(late, "'shop:kefu09998', 'shop:kefu-gone'")
    result = validate_document(load_text(text, "large.yaml"))
    assert [(f.rule, f.line, f.col) for f in result.findings] == [
        ("unknown-reference", *_line_col(text, "'shop:kefu-gone'")),
    ]


def _unknown_reference_messages(text: str) -> list[tuple[str, str]]:
    result = validate_document(load_text(text, "large.yaml"))
    return [(f.message, f.shown) for f in result.findings if f.rule == "unknown-reference"]


def test_an_unknown_id_among_thousands_names_the_closest_few_not_all() -> None:  # AG-1, AG-2
    """10,000 declared agents are not listed in the finding: a typo gets the few
    closest ids, whether it keeps the start of the id, its end, or both."""
    text = large_policy_yaml(10_000)
    typo_end = text.replace("'shop:kefu04321', 'shop:kefu04322'", "'shop:kefu04321', 'shop:kefu0432'")
    typo_start = text.replace("'shop:kefu04321', 'shop:kefu04322'", "'shop:kefu04321', 'shpo:kefu04322'")
    typo_middle = text.replace("'shop:kefu04321', 'shop:kefu04322'", "'shop:kefu04321', 'shop:kefu4322'")
    stranger = text.replace("'shop:kefu04321', 'shop:kefu04322'", "'shop:kefu04321', 'zz-temp'")
    [(english, _)] = _unknown_reference_messages(typo_end)
    assert english.startswith("unknown agent 'shop:kefu0432' (10000 declared; did you mean 'shop:kefu0432")
    assert english.count("'shop:kefu") == 4  # the unknown id and the three closest
    [(english, _)] = _unknown_reference_messages(typo_start)
    assert english.startswith("unknown agent 'shpo:kefu04322' (10000 declared; did you mean 'shop:kefu04322'")
    [(english, _)] = _unknown_reference_messages(typo_middle)
    assert english.startswith("unknown agent 'shop:kefu4322' (10000 declared; did you mean 'shop:kefu04322'")
    [(english, shown)] = _unknown_reference_messages(stranger)
    assert english == "unknown agent 'zz-temp' (10000 declared, none with a similar id)"
    assert len(shown) < 100


def test_a_few_declared_ids_are_still_all_listed() -> None:  # AG-1
    text = large_policy_yaml(10).replace("'shop:kefu00002', 'shop:kefu00003'", "'shop:kefu00002', 'shop:kefu0003'")
    assert _unknown_reference_messages(text) == [
        (
            "unknown agent 'shop:kefu0003' (declared: " + ", ".join(f"shop:kefu{a:05d}" for a in range(10)) + ")",
            "unknown agent 'shop:kefu0003' (declared: " + ", ".join(f"shop:kefu{a:05d}" for a in range(10)) + ")",
        )
    ]


def test_drift_reads_the_stored_document_only_when_its_text_is_not_what_cs_wrote(tmp_path: Path) -> None:  # OPS-5
    """The live text hashing to its stored hash is untouched (no JSON read back); a
    text re-spaced by hand still holds the same document (no drift), a changed one
    is drift."""
    import json
    import sqlite3

    policy = policy_from_text(large_policy_yaml(50), "large.yaml")
    database = tmp_path / "state.db"
    with open_store(f"sqlite:///{database}") as store:
        _plan_and_apply(store, policy)
        assert store.drift(policy.name) == []
    document = to_document(policy)
    for text, drifted in ((json.dumps(document, indent=1), False), (json.dumps({**document, "name": "x"}), True)):
        with sqlite3.connect(database) as raw:
            raw.execute("UPDATE cs_revisions SET document = ? WHERE revision = 1", (text,))
        with open_store(f"sqlite:///{database}") as store:
            found = store.drift(policy.name)
        assert bool(found) == drifted, found
        assert all("does not match its stored hash" in problem for problem in found)
