# covers: OPS-1 (located findings), loader safety from issue 2
"""The policy YAML loader: YAML 1.2 core scalars, strict keys and tags, bounded
expansion, and a line:col for every node. Every test runs on libyaml's C parser (when
PyYAML has it) and on PyYAML's pure-Python parser."""

from __future__ import annotations

import math
import operator
import os
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cs.errors import CsError, LoadError
from cs.load import yaml_loader
from cs.load.files import MAX_FILE_BYTES, max_file_bytes
from cs.load.yaml_loader import MAX_ALIAS_NODES, MAX_DEPTH, LoadedDocument, Mark, load_file, load_text


@pytest.fixture(autouse=True, params=["libyaml", "python"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    libyaml = request.param == "libyaml"
    if libyaml and not yaml.__with_libyaml__:
        pytest.skip("PyYAML built without libyaml")
    monkeypatch.setattr(yaml_loader, "_Composer", yaml_loader._composer_class(libyaml))
    yield request.param


def doc(text: str) -> LoadedDocument:
    return load_text(textwrap.dedent(text))


def data(text: str) -> dict[str, Any]:
    return doc(text).data


def fails(text: str, *fragments: str, at: tuple[int, int] | None = None) -> LoadError:
    with pytest.raises(LoadError) as info:
        load_text(textwrap.dedent(text))
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message
    assert "<unicode string>" not in message
    if at is not None:
        assert (info.value.line, info.value.col) == at, message
    return info.value


def value_of(plain: str) -> Any:
    return load_text(f"k: {plain}\n").data["k"]


# --- scalars ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "19:00",
        "09:00-18:00",
        "1:30:00",
        "off",
        "Off",
        "no",
        "yes",
        "on",
        "y",
        "n",
        "2026-11-23",
        "2026-11-23T20:05",
        "2026-11-23 20:05:00",
        "1_000",
        "0b101",
        "0x1G",
        "+.5.5",
        "1e",
        ".",
        "--",
        "nULL",
        "tRUE",
        "=",
    ],
)
def test_yaml_1_1_lookalikes_stay_strings_as_written(written: str) -> None:
    assert value_of(written) == written


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("0", 0),
        ("12", 12),
        ("-7", -7),
        ("+7", 7),
        ("012", 12),
        ("0o17", 15),
        ("0x1F", 31),
        ("1.5", 1.5),
        ("-1.5e3", -1500.0),
        ("1e3", 1000.0),
        (".5", 0.5),
        ("1.", 1.0),
        (".inf", math.inf),
        ("-.Inf", -math.inf),
        ("+.INF", math.inf),
        ("true", True),
        ("True", True),
        ("TRUE", True),
        ("false", False),
        ("FALSE", False),
        ("null", None),
        ("Null", None),
        ("NULL", None),
        ("~", None),
        ("", None),
    ],
)
def test_plain_scalars_follow_the_yaml_1_2_core_schema(written: str, expected: Any) -> None:
    value = value_of(written)
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize("written", [".nan", ".NaN", ".NAN"])
def test_nan(written: str) -> None:
    assert math.isnan(value_of(written))


@pytest.mark.parametrize("written", ["'12'", '"true"', "'null'", '"19:00"', "'~'", "''", '"1.5"'])
def test_quoted_scalars_are_always_strings(written: str) -> None:
    assert value_of(written) == written[1:-1]


def test_block_scalars_are_strings() -> None:
    assert data("a: |\n  12\nb: >\n  true\n") == {"a": "12\n", "b": "true\n"}


def test_values_are_plain_python_containers() -> None:
    loaded = data("a: {b: [1, {c: x}]}\n")
    assert type(loaded["a"]) is dict
    assert type(loaded["a"]["b"]) is list


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("!!str 12", "12"),
        ("!!str true", "true"),
        ("!!str", ""),
        ("!!int '12'", 12),
        ("!!int 0x10", 16),
        ("!!float 3", 3.0),
        ("!!float '.inf'", math.inf),
        ("!!bool 'false'", False),
        ("!!null ~", None),
        ("!!null", None),
        ("!!map {a: 1}", {"a": 1}),
        ("!!seq [1, x]", [1, "x"]),
        ("!<tag:yaml.org,2002:str> 5", "5"),
    ],
)
def test_standard_tags_are_honoured(written: str, expected: Any) -> None:
    value = value_of(written)
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        ("!!int 1.5", "'1.5' cannot be read as !!int"),
        ("!!int 1_000", "'1_000' cannot be read as !!int"),
        ("!!bool yes", "'yes' cannot be read as !!bool"),
        ("!!float x", "'x' cannot be read as !!float"),
        ("!!null 0", "'0' cannot be read as !!null"),
        ("!!map [1]", "tag !!map cannot be used on a list"),
        ("!!seq x", "tag !!seq cannot be used on a scalar"),
        ("!!str {a: 1}", "tag !!str cannot be used on a mapping"),
    ],
)
def test_standard_tag_that_does_not_fit_its_value(written: str, problem: str) -> None:
    fails(f"k: {written}\n", problem, at=(1, 4))


@pytest.mark.parametrize(
    ("written", "tag"),
    [
        ("!!python/object/apply:os.system ['echo pwned']", "!!python/object/apply:os.system"),
        ("!!python/object:os.system {}", "!!python/object:os.system"),
        ("!!python/name:os.system ''", "!!python/name:os.system"),
        ("!!binary aGVsbG8=", "!!binary"),
        ("!!timestamp 2026-11-23", "!!timestamp"),
        ("!!set {a: null}", "!!set"),
        ("!!omap [a: 1]", "!!omap"),
        ("!!merge x", "!!merge"),
        ("!custom x", "!custom"),
        ("!<tag:example.com,2026:x> 1", "!<tag:example.com,2026:x>"),
    ],
)
def test_other_tags_are_refused_with_name_and_place(written: str, tag: str) -> None:
    fails(f"a: 1\nk:\n  - {written}\n", f"unsupported tag {tag}", at=(3, 5))


def test_python_tag_is_refused_before_anything_runs(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    fails(f"a: !!python/object/apply:os.system ['touch {marker}']\n", "unsupported tag")
    assert not marker.exists()


def test_number_with_too_many_digits_is_an_error_not_a_crash() -> None:
    fails("a: 1" + "0" * 5000 + "\n", "too many digits", at=(1, 4))


# --- keys ------------------------------------------------------------------------------


def test_duplicate_key_names_the_key_and_both_lines() -> None:
    text = "hours:\n" + "".join(f"  d{i}: x\n" for i in range(6)) + "  mon: 09:00-18:00\n"
    text += "  tue: 09:00-18:00\n  wed: x\n  mon: 10:00-16:00\n"
    fails(text, "duplicate key 'mon' at line 11 (first at line 8)", at=(11, 3))


def test_duplicate_key_in_flow_mapping_and_list_item() -> None:
    fails("a: {x: 1, y: 2, x: 3}\n", "duplicate key 'x' at line 1 (first at line 1)", at=(1, 17))
    fails("a:\n  - n: 1\n    n: 2\n", "duplicate key 'n' at line 3 (first at line 2)", at=(3, 5))


def test_same_key_in_different_mappings_is_fine() -> None:
    assert data("a: {x: 1}\nb: {x: 2}\n") == {"a": {"x": 1}, "b": {"x": 2}}


def test_keys_that_differ_only_as_written_are_duplicates() -> None:
    fails("'a': 1\n\"a\": 2\n", "duplicate key 'a' at line 2 (first at line 1)")


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("1", "the integer 1"),
        ("012", "the integer 12"),
        ("1.5", "the number 1.5"),
        ("true", "the boolean true"),
        ("null", "null"),
        ("~", "null"),
    ],
)
def test_plain_key_that_is_not_a_string_asks_to_be_quoted(written: str, shown: str) -> None:
    fails(f"a: 1\n{written}: x\n", f"mapping key {written} is read as {shown}", "quote it", at=(2, 1))


@pytest.mark.parametrize(
    ("text", "kind", "at"),
    [
        ("[1, 2]: x\n", "list", (1, 1)),
        ("{a: 1}: x\n", "mapping", (1, 1)),
        ("? - a\n: x\n", "list", (1, 3)),
    ],
)
def test_collection_as_key_is_refused(text: str, kind: str, at: tuple[int, int]) -> None:
    fails(text, f"a mapping key must be a string, not a {kind}", "quoted string", at=at)


def test_empty_key_is_refused() -> None:
    fails("a: 1\n? \n: x\n", "mapping key is empty", at=(2, 2))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("'1': x\n", {"1": "x"}),
        ("!!str true: x\n", {"true": "x"}),
        ("on: x\nno: y\n", {"on": "x", "no": "y"}),
        ("19:00: x\n", {"19:00": "x"}),
        ("name: x\nnull_ok: y\n", {"name": "x", "null_ok": "y"}),
    ],
)
def test_keys_that_are_strings(text: str, expected: dict[str, Any]) -> None:
    assert data(text) == expected


# --- merge keys ------------------------------------------------------------------------


def test_merge_of_one_alias_with_explicit_keys_winning() -> None:
    loaded = data(
        """\
        defaults: &defaults {max_chats: 5, lang: zh}
        agent:
          name: ann
          <<: *defaults
          max_chats: 3
        """
    )
    assert loaded["agent"] == {"name": "ann", "max_chats": 3, "lang": "zh"}
    assert list(loaded["agent"]) == ["name", "lang", "max_chats"]
    assert loaded["defaults"] == {"max_chats": 5, "lang": "zh"}


def test_merge_of_a_list_earlier_mappings_win() -> None:
    loaded = data(
        """\
        a: &a {x: a, y: a}
        b: &b {y: b, z: b}
        c:
          <<: [*a, *b]
          z: c
        """
    )
    assert loaded["c"] == {"x": "a", "y": "a", "z": "c"}


def test_merge_source_that_merges_itself() -> None:
    loaded = data(
        """\
        base: &base {x: 1, y: 1}
        mid: &mid {<<: *base, y: 2}
        top: {<<: *mid, z: 3}
        """
    )
    assert loaded["top"] == {"x": 1, "y": 2, "z": 3}


def test_merged_key_is_marked_where_it_was_written() -> None:
    loaded = doc("base: &b\n  x: 1\nuse:\n  <<: *b\n  y: 2\n")
    assert loaded.marks[("use", "x")] == (Mark(2, 3), Mark(2, 6))
    assert loaded.marks[("use", "y")] == (Mark(5, 3), Mark(5, 6))


def test_quoted_merge_key_is_an_ordinary_key() -> None:
    assert data("'<<': 1\n") == {"<<": 1}


def test_two_merge_keys_in_one_mapping_are_duplicates() -> None:
    fails("a: &a {x: 1}\nb: {<<: *a, <<: *a}\n", "duplicate key '<<'", at=(2, 13))


@pytest.mark.parametrize("value", ["1", "x", "[1, 2]", "[]", "*list", "[*list]", "[*a, 1]", "[[*a]]", "!!str x"])
def test_merge_of_anything_but_mappings_is_refused(value: str) -> None:
    fails(f"list: &list [1]\na: &a {{x: 1}}\nb:\n  <<: {value}\n", "'<<' (merge key)", at=(4, 3))


def test_duplicate_key_inside_a_merged_mapping_is_found() -> None:
    fails("a: {<<: {x: 1, x: 2}}\n", "duplicate key 'x'", at=(1, 16))


# --- budgets ---------------------------------------------------------------------------


def billion_laughs() -> str:
    text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        text += f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]\n"
    return text


def test_billion_laughs_fails_fast_at_the_first_exploding_anchor() -> None:
    started = time.perf_counter()
    fails(
        billion_laughs(),
        f"aliases expand to more than {MAX_ALIAS_NODES} nodes (alias bomb?)",
        at=(6, 4),  # f: 9**6 nodes, the first anchor past the budget on its own
    )
    assert time.perf_counter() - started < 0.5


@pytest.fixture
def budget_1000(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_loader, "MAX_ALIAS_NODES", 1000)


def test_the_documents_own_nodes_are_not_the_alias_budget(budget_1000: None) -> None:
    """A large policy written out is bounded by the byte cap, not by the alias budget."""
    text = "b: &b [x]\nc: [*b]\nx: [" + ", ".join(["0"] * 5000) + "]\n"
    assert len(load_text(text).data["x"]) == 5000


def test_budget_counts_each_alias_use_in_full(budget_1000: None) -> None:
    def text(k: int) -> str:  # each *b adds b's 10 items; b's own and d's items are free
        return (
            "b: &b [" + ", ".join(["x"] * 10) + "]\n"
            "c: [" + ", ".join(["*b"] * k) + "]\n"
            "d: [" + ", ".join(["y"] * 3000) + "]\n"
        )

    assert len(load_text(text(100)).data["c"]) == 100
    fails(text(101), "more than 1000 nodes")


def test_budget_counts_nested_alias_uses_in_full(budget_1000: None) -> None:
    def text(k: int) -> str:  # each *c adds c's k items and, inside them, b's 10 each
        return "b: &b [" + ", ".join(["x"] * 10) + "]\nc: &c [" + ", ".join(["*b"] * k) + "]\nd: [*c, *c]\n"

    assert len(load_text(text(31)).data["d"][1]) == 31  # 31*10 + 2*(31 + 31*10) = 992
    fails(text(32), "more than 1000 nodes")  # 32*10 + 2*(32 + 32*10) = 1024


def test_budget_counts_what_merges_bring_in(budget_1000: None) -> None:
    def text(uses: int) -> str:
        items = ", ".join(["x"] * 10)
        return f"m: {{<<: {{k: &b [{items}], l: [" + ", ".join(["*b"] * uses) + "]}}\n"

    assert len(load_text(text(50)).data["m"]["l"]) == 50
    fails(text(100), "alias bomb")


def nested_flow(levels: int) -> str:
    return "a: " + "[" * levels + "]" * levels + "\n"


def nested_block(levels: int) -> str:
    return "".join("  " * level + f"k{level}:\n" for level in range(levels)) + "  " * levels + "x\n"


def test_nesting_up_to_the_limit_is_fine() -> None:
    assert load_text(nested_flow(MAX_DEPTH - 1)).data["a"]
    assert load_text(nested_block(MAX_DEPTH)).data["k0"]


@pytest.mark.parametrize(
    "text",
    [
        nested_flow(MAX_DEPTH),
        nested_block(MAX_DEPTH + 1),
        nested_flow(200_000),
        nested_flow(990),  # under libyaml's own bound: the builder stops it
        "a:\n" + "- " * 990 + "x\n",
        "a:\n" + "- " * 200_000 + "x\n",
    ],
    ids=["flow", "block", "flow-200000", "flow-990", "dashes-990", "dashes-200000"],
)
def test_nesting_past_the_limit_is_an_error_not_a_crash(text: str) -> None:
    fails(text, f"nesting deeper than {MAX_DEPTH} levels")


def test_nesting_through_a_chain_of_aliases_is_limited() -> None:
    chain = "x0: &x0 [1]\n" + "".join(f"x{i}: &x{i} [*x{i - 1}]\n" for i in range(1, 70))
    fails(chain, f"nesting deeper than {MAX_DEPTH} levels")


@pytest.mark.parametrize(
    "text",
    [
        "a: &a [*a]\n",
        "a: &a {b: *a}\n",
        "a: &a {b: [1, {c: *a}]}\n",
        "a: &a {<<: *a}\n",
        "a: &a {<<: {b: *a}}\n",
    ],
)
def test_recursive_alias_is_an_error(text: str) -> None:
    fails(text, "recursive alias", at=(1, 4))


def test_alias_marks_point_at_the_anchor() -> None:
    loaded = doc("a: &x [1]\nb: *x\n")
    assert loaded.data == {"a": [1], "b": [1]}
    assert loaded.marks[("b",)] == (Mark(2, 1), Mark(1, 4))
    assert loaded.marks[("b", 0)] == (Mark(1, 8), Mark(1, 8))


# --- documents -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("", "the file is empty"),
        ("# only a comment\n", "the file is empty"),
        ("---\n", "the file is empty"),
        ("- a\n- b\n", "found a list"),
        ("just text\n", "found the scalar 'just text'"),
        ("42\n", "found the scalar '42'"),
        ("null\n", "found the scalar 'null'"),
    ],
)
def test_top_level_must_be_a_mapping(text: str, found: str) -> None:
    fails(text, "a policy file must be a YAML mapping at the top level", found, at=(1, 1))


def test_second_document_is_refused() -> None:
    fails("a: 1\n---\nb: 2\n", "exactly one YAML document", at=(2, 1))


def test_document_markers_around_one_document_are_fine() -> None:
    assert data("%YAML 1.2\n---\na: 1\n...\n") == {"a": 1}


@pytest.mark.parametrize(
    ("text", "at", "problem"),
    [
        ("a: b: c\n", (1, 5), "mapping values are not allowed"),
        ("a: [1, 2\nb: 3\n", (2, 2), "expected ',' or ']'"),
        ("a: 'open\n", (2, 1), "found unexpected end of stream"),
        ("a:\n\t- 1\n", (2, 1), "a tab cannot indent"),
        ("a: 1\n b: 2\n", (2, 3), "mapping values are not allowed"),
        ("a: *nowhere\n", (1, 4), "found undefined alias 'nowhere'"),
        ("a: &x 1\nb: &x 2\n", (2, 4), "found duplicate anchor"),
    ],
)
def test_syntax_error_has_place_and_parser_text(text: str, at: tuple[int, int], problem: str) -> None:
    error = fails(text, problem, at=at)
    assert str(error).startswith(f"<string>:{at[0]}:{at[1]}: ")
    assert "\n" not in str(error)


def test_control_character_is_located_by_character_not_byte() -> None:
    fails("a: 1\nb: é\x01\n", "character U+0001 is not allowed", at=(2, 5))


def test_lone_surrogate_is_an_error() -> None:
    fails("a: é\ud800\n", "U+D800", at=(1, 5))


def test_source_names_the_file_in_errors() -> None:
    with pytest.raises(LoadError) as info:
        load_text("a: [\n", "policies/shop.yaml")
    assert str(info.value).startswith("policies/shop.yaml:2:1: ")
    assert info.value.source == "policies/shop.yaml"


# --- marks and locate ------------------------------------------------------------------

POLICY = """\
# a comment first
name: shop
agents:
  - name: ann
    max_chats: 3
  - bob
hours: {mon: 09:00-18:00}
empty:
"""


def test_marks_of_keys_and_values() -> None:
    marks = load_text(POLICY).marks
    assert marks[()] == (Mark(2, 1), Mark(2, 1))
    assert marks[("name",)] == (Mark(2, 1), Mark(2, 7))
    assert marks[("agents",)] == (Mark(3, 1), Mark(4, 3))
    assert marks[("agents", 0, "max_chats")] == (Mark(5, 5), Mark(5, 16))
    assert marks[("hours", "mon")] == (Mark(7, 9), Mark(7, 14))
    assert marks[("empty",)][0] == Mark(8, 1)


def test_list_items_have_one_mark_for_key_and_value() -> None:
    marks = load_text(POLICY).marks
    assert marks[("agents", 0)] == (Mark(4, 5), Mark(4, 5))
    assert marks[("agents", 1)] == (Mark(6, 5), Mark(6, 5))


def test_every_node_has_a_mark() -> None:
    marks = load_text(POLICY).marks
    assert set(marks) == {
        (),
        ("name",),
        ("agents",),
        ("agents", 0),
        ("agents", 0, "name"),
        ("agents", 0, "max_chats"),
        ("agents", 1),
        ("hours",),
        ("hours", "mon"),
        ("empty",),
    }
    assert len(marks) == 10


def test_locate_value_or_key() -> None:
    loaded = load_text(POLICY)
    assert loaded.locate(["agents", 0, "max_chats"]) == Mark(5, 16)
    assert loaded.locate(["agents", 0, "max_chats"], key=True) == Mark(5, 5)
    assert loaded.locate(("agents", 1)) == Mark(6, 5)
    assert loaded.locate(()) == Mark(2, 1)


def test_locate_missing_path_reports_the_nearest_parent() -> None:
    loaded = load_text(POLICY)
    assert loaded.locate(["agents", 1, "max_chats"]) == Mark(6, 5)
    assert loaded.locate(["agents", 0, "skills", 0]) == Mark(4, 5)
    assert loaded.locate(["agents", 7]) == Mark(4, 3)
    assert loaded.locate(["timezone"]) == Mark(2, 1)


# --- files -----------------------------------------------------------------------------


def test_load_file_reads_utf8_and_names_the_source(tmp_path: Path) -> None:
    path = tmp_path / "shop.yaml"
    path.write_text("name: 小店\nhours: {mon: 09:00-18:00}\n", encoding="utf-8")
    loaded = load_file(path)
    assert loaded.data == {"name": "小店", "hours": {"mon": "09:00-18:00"}}
    assert loaded.source == str(path)
    assert load_file(str(path)).source == str(path)


def test_load_file_accepts_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfname: shop\nx: [\n")
    with pytest.raises(LoadError) as info:
        load_file(path)
    assert (info.value.line, info.value.col) == (3, 1)
    path.write_bytes(b"\xef\xbb\xbfname: shop\n")
    loaded = load_file(path)
    assert loaded.data == {"name": "shop"}
    assert loaded.locate(["name"]) == Mark(1, 7)


def test_load_file_missing(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    with pytest.raises(LoadError) as info:
        load_file(path)
    assert str(info.value).startswith(f"{path}: cannot read the file")


def test_load_file_directory(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="cannot read the file"):
        load_file(tmp_path)


def test_load_file_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("name: shop\nnote: café\n".encode("latin-1"))
    with pytest.raises(LoadError) as info:
        load_file(path)
    assert "not valid UTF-8 (byte 0xe9)" in str(info.value)
    assert (info.value.line, info.value.col) == (2, 10)


# --- tabs: one behaviour on both parsers (issue 8) -----------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name: shop\t\n", {"name": "shop"}),
        ("timezone:\tAsia/Shanghai\n", {"timezone": "Asia/Shanghai"}),
        ("a: [1,\t2]\n", {"a": [1, 2]}),
        ("a: 1\t# note\n", {"a": 1}),
        ("a\t: 1\n", {"a": 1}),
        ("a: b\tc\n", {"a": "b\tc"}),
        ("a: b\n  \tc\n", {"a": "b c"}),
        ("a:\t\n  b: 1\n", {"a": {"b": 1}}),
    ],
)
def test_tabs_as_separation_read_alike_on_both_parsers(text: str, expected: dict[str, Any]) -> None:
    assert load_text(text).data == expected


@pytest.mark.parametrize("text", ["a:\n\tb: 1\n", "a:\n  -\tx\n", "-\ta: 1\n", "a:\n  b\n\tc\n"])
def test_a_tab_as_indentation_is_one_error_on_both_parsers(text: str) -> None:
    fails(text, "a tab cannot indent")


_EXAMPLE_TEXT = (Path(__file__).parents[1] / "examples" / "full.yaml").read_text(encoding="utf-8")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, len(_EXAMPLE_TEXT)), st.sampled_from(["\t", " \t", "sub"])), max_size=3))
def test_tabs_anywhere_read_the_same_on_both_parsers(parser: str, edits: list[tuple[int, str]]) -> None:
    """Tabs dropped anywhere into the full example: both parsers load the same data or both refuse."""
    if parser == "python":
        return  # this test compares both parsers itself
    text = _EXAMPLE_TEXT
    for at, insert in sorted(edits, reverse=True):
        tail = text[at:].replace(" ", "\t", 1) if insert == "sub" else insert + text[at:]
        text = text[:at] + tail
    outcomes = []
    for libyaml in (True, False):
        yaml_loader._Composer = yaml_loader._composer_class(libyaml)
        try:
            outcomes.append(load_text(text).data)
        except LoadError:
            outcomes.append(None)
    assert outcomes[0] == outcomes[1]


# --- files: regular files only, bytes capped (issue 8) --------------------------------


def test_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "policy.yaml"
    os.mkfifo(fifo)
    with pytest.raises(LoadError, match="not a regular file"):
        load_file(fifo)


def test_device_is_refused_without_reading_it() -> None:
    with pytest.raises(LoadError, match="not a regular file"):
        load_file("/dev/zero")


def test_file_size_cap_default_and_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: " + b"x" * (MAX_FILE_BYTES - 3) + b"\n")
    with pytest.raises(LoadError, match=f"larger than {MAX_FILE_BYTES} bytes.*CS_MAX_FILE_SIZE"):
        load_file(path)
    monkeypatch.setenv("CS_MAX_FILE_SIZE", "2KB")
    assert max_file_bytes() == 2048
    path.write_bytes(b"a: " + b"x" * 2044 + b"\n")
    assert len(load_file(path).data["a"]) == 2044
    path.write_bytes(b"a: " + b"x" * 2045 + b"\n")
    with pytest.raises(LoadError, match="larger than 2048 bytes"):
        load_file(path)
    monkeypatch.setenv("CS_MAX_FILE_SIZE", "1k")
    with pytest.raises(LoadError, match="larger than 1024 bytes"):
        load_text("a: " + "é" * 600 + "\n")  # 1,200 bytes in 600 characters
    monkeypatch.setenv("CS_MAX_FILE_SIZE", "lots")
    with pytest.raises(CsError, match="CS_MAX_FILE_SIZE='lots' is not a size"):
        load_text("a: 1\n")


def test_a_long_top_level_scalar_is_quoted_by_a_short_prefix_only() -> None:
    secret = "root:$6$" + "s3cr3t" * 20
    error = fails(secret + "\n", "found the scalar 'root:$6$s3cr...'")
    assert "s3cr3t" * 3 not in str(error)


def test_long_keys_are_quoted_by_a_prefix_only() -> None:
    key = "k" + "s3cr3t" * 50
    error = fails(f"{key}: 1\n{key}: 2\n", "duplicate key 'k" + "s3cr3t" * 6 + "s3c...'")
    assert len(str(error)) < 160
    number = "1" * 300
    error = fails(f"{number}: x\n", "is not a string; quote it")
    assert str(error).count("1" * 50) == 0


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML without libyaml")
def test_libyaml_bounds_nesting_itself() -> None:
    """The composer's per-node depth callbacks are no-ops only when libyaml refuses
    nesting past its own bound (the libyaml in PyYAML 6.0.4's wheels does); an older
    one (PyYAML 6.0's, the floor) keeps the depth guard."""
    from cs.load.yaml_loader import _composer_class, _libyaml_bounds_nesting

    bounded = _libyaml_bounds_nesting()
    assert (_composer_class(True).descend_resolver is operator.is_) is bounded
    if tuple(int(part) for part in yaml.__version__.split(".")[:3]) >= (6, 0, 4):
        assert bounded  # the pinned release (constraints/ci.txt) takes the fast composer
