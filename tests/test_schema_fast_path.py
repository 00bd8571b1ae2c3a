"""The schema's fast path for list items says "valid" only where jsonschema finds
nothing (issue 10): random items against every plain item schema of the policy schema."""

# covers: OPS-1

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cs.errors import CsError, LoadError
from cs.load.yaml_loader import load_file, load_text
from cs.schema import _document_check, _valid_for_sure, schema_messages, validator
from policy_fuzz import mutated_policies


def _item_schemas(node: Any, found: list[Any]) -> list[Any]:
    if isinstance(node, dict):
        if isinstance(node.get("items"), dict):
            found.append(node["items"])
        for value in node.values():
            _item_schemas(value, found)
    elif isinstance(node, list):
        for value in node:
            _item_schemas(value, found)
    return found


SCHEMA = validator().schema
_UNIQUE = {json.dumps(s, sort_keys=True): s for s in _item_schemas(SCHEMA, [])}
PLAIN = [s for s in _UNIQUE.values() if _valid_for_sure(s) is not None]
KEYS = sorted({k for s in PLAIN for k in s.get("properties", {})} | {"x"})

scalars = st.one_of(
    st.sampled_from(["a1", "a1\n", "shop:kefu01", "zh", "en", "zh-Hant-TW", "客服", "Ann\x07", "", "main", "proxy",
                     "5m", "5 minutes", "09:00-18:00", "09:00-19:0", "2026-10-01", "2026-02-30", "x" * 70,
                     "product_detail", "closed"]),
    st.integers(-3, 600), st.floats(allow_nan=False), st.booleans(), st.none(), st.just(1.0),
)  # fmt: skip
instances = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(KEYS), inner, max_size=5)),
    max_leaves=8,
)


def test_the_plain_item_schemas_include_agents_and_schedule_ids() -> None:
    assert SCHEMA["properties"]["agents"]["items"] in PLAIN
    assert len(PLAIN) >= 5


@pytest.mark.parametrize("index", range(len(PLAIN)))
@settings(max_examples=30, deadline=None)
@given(instance=instances)
def test_fast_yes_means_jsonschema_finds_nothing(index: int, instance: Any) -> None:
    schema = PLAIN[index]
    if _valid_for_sure(schema)(instance):
        checker = type(validator())(schema, format_checker=validator().format_checker)
        errors = [e.message for e in checker.iter_errors(instance)]
        assert not errors, (schema, instance, errors)


def test_fast_path_finds_the_same_as_the_slow_path() -> None:
    agents = [{"id": "a1"}, {"id": "a1\n"}, {"id": "b", "max_chats": 1.5}, {"id": "c", "languages": ["zh", "zh"]}]
    document = {"version": 1, "name": "x", "timezone": "Asia/Shanghai", "agents": agents}
    fast = sorted((tuple(e.absolute_path), e.message) for e in validator().iter_errors(document))
    plain_items = jsonschema.Draft202012Validator.VALIDATORS["items"]
    slow_cls = jsonschema.validators.extend(type(validator()), {"items": plain_items})
    slow_validator = slow_cls(SCHEMA, format_checker=validator().format_checker)
    slow = sorted((tuple(e.absolute_path), e.message) for e in slow_validator.iter_errors(document))
    assert fast == slow and len(fast) == 3


STRING_LISTS = [
    ["shop:kefu01", "b2"],
    [],
    ["shop:kefu01", "shop:kefu01"],
    ["shop:kefu01", "-bad"],
    ["shop:kefu01\n"],
    ["zh", 1],
    ["zh", True],
    ["zh", None],
    [["zh"]],
    "zh",
    {"zh": 1},
    ["zh", "zh-Hant-TW", "客服"],
]


@pytest.mark.parametrize("instance", STRING_LISTS, ids=repr)
def test_lists_of_patterned_strings_answer_like_jsonschema(instance: Any) -> None:
    """A schedule's ids, an agent's teams and languages take the one-step check of
    a list of patterned strings: it says "valid" exactly where jsonschema finds
    nothing (duplicates, a non-string, an ECMA ``$`` before a newline, a bad id)."""
    for prop in STRING_LIST_SCHEMAS:
        checker = type(validator())(prop, format_checker=validator().format_checker)
        valid = not list(checker.iter_errors(instance))
        assert _valid_for_sure(prop)(instance) == valid, (prop, instance)


def _string_list_schemas(node: Any, found: list[Any]) -> list[Any]:
    if isinstance(node, dict):
        items = node.get("items")
        if node.get("type") == "array" and isinstance(items, dict) and set(items) == {"description", "type", "pattern"}:
            found.append(node)
        for value in node.values():
            _string_list_schemas(value, found)
    elif isinstance(node, list):
        for value in node:
            _string_list_schemas(value, found)
    return found


STRING_LIST_SCHEMAS = list({json.dumps(s, sort_keys=True): s for s in _string_list_schemas(SCHEMA, [])}.values())


def test_the_string_lists_include_schedule_agents_and_agent_languages() -> None:
    schedule = SCHEMA["properties"]["schedules"]["items"]["properties"]
    agent = SCHEMA["properties"]["agents"]["items"]["properties"]
    assert schedule["agents"] in STRING_LIST_SCHEMAS and agent["languages"] in STRING_LIST_SCHEMAS


ROOT = Path(__file__).resolve().parents[1]
CORPUS = sorted(
    [*(ROOT / "tests" / "cases").glob("*/*.yaml"), *(ROOT / "examples").glob("*.yaml")],
    key=lambda path: str(path),
)


def _document(path: Path) -> Any:
    try:
        return load_file(path).data
    except LoadError:
        return None


def test_a_document_the_fast_check_passes_has_no_schema_finding() -> None:
    """The whole document is tried with the fast check before jsonschema walks it:
    over every valid and invalid case and every example, "valid for sure" never
    hides a schema finding, and the valid ones do take the fast way."""
    fast_valid = 0
    for path in CORPUS:
        data = _document(path)
        if data is None or path.name.endswith(".test.yaml"):
            continue
        slow = list(validator().iter_errors(data))
        if _document_check("policy")(data):
            assert not slow, (path, [e.message for e in slow])
            fast_valid += 1
    assert fast_valid >= 25


def test_a_schema_error_deep_in_a_document_is_still_found() -> None:
    agents = [{"id": f"a{i}", "languages": ["zh"]} for i in range(50)]
    document = {"version": 1, "name": "x", "timezone": "Asia/Shanghai", "agents": agents}
    assert _document_check("policy")(document)
    assert list(schema_messages(document)) == []
    agents[37]["languages"] = ["zh", "zh"]
    assert not _document_check("policy")(document)
    assert [(path, rule) for path, _, rule, _ in schema_messages(document)] == [(("agents", 37, "languages"), "schema")]


def _subschemas_with(node: Any, keyword: str, found: list[Any]) -> list[Any]:
    if isinstance(node, dict):
        if keyword in node and isinstance(node[keyword], (int, float)) and node.get("type") != "object":
            found.append(node)
        for value in node.values():
            _subschemas_with(value, keyword, found)
    elif isinstance(node, list):
        for value in node:
            _subschemas_with(value, keyword, found)
    return found


@pytest.mark.parametrize(("keyword", "beyond"), [("minimum", -1), ("maximum", 1)])
def test_a_number_out_of_bounds_is_never_valid_for_sure(keyword: str, beyond: int) -> None:
    bounded = _subschemas_with(SCHEMA, keyword, [])
    assert bounded
    for schema in bounded:
        checker = type(validator())(schema, format_checker=validator().format_checker)
        for instance in (schema[keyword] + beyond, schema[keyword]):
            assert (_valid_for_sure(schema) or (lambda x: False))(instance) == (
                not list(checker.iter_errors(instance))
            ), (schema, instance)


@settings(max_examples=150, deadline=None)
@given(text=mutated_policies())
def test_a_mutated_example_valid_for_sure_has_no_schema_error(text: str) -> None:
    """Random edits of the examples (a value of another kind or at an edge, a key
    dropped or misspelt, an item repeated): where the whole-document fast check
    says "valid", jsonschema finds nothing either."""
    try:
        data = load_text(text, "fuzz.yaml").data
    except CsError:
        return
    if _document_check("policy")(data):
        assert not [e.message for e in validator().iter_errors(data)]
