"""Structure-aware mutations of the example policies, for fuzzing the loader and validator.

Shared by tests/test_fuzz.py (a quick run in the suite) and bench/fuzz_validate.py
(a long run). A mutation edits the example's data where a person or a tool would
(replace a value by one of another kind or at an edge, drop or rename a key, repeat
a list item), writes it back as YAML, then may edit the text as bytes (a stray
character, a tab, a cut). Loading and validating the result may only ever fail with
cs's own errors.
"""

from __future__ import annotations

import contextlib
import copy
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from cs.errors import CsError
from cs.load.yaml_loader import load_text
from cs.validate import validate_document

EXAMPLE_DIR = Path(__file__).parents[1] / "examples"
EXAMPLES = {
    path.name: path.read_text(encoding="utf-8")
    for path in sorted(EXAMPLE_DIR.glob("*.yaml"))
    if not path.name.endswith(".test.yaml")  # policy test files (cs test), not policies
}

EDGE_STRINGS = [
    "", " ", "shop\n", "a1\n", "\x00", "\x1b[31m", "\u2028", "：", "09：00－18：00", "09:00～18:00",
    "99999999999999999999m", "0m", "367d", "24:00-24:00", "23:59-00:00", "9999-12-31", "0001-01-01",
    "2026-02-29", "localtime", "posixrules", "UTC", "Asia/Shanghai\n", "* * * * *", "0 0 31 2 *",
    "{customer_name", "{0.__class__}", "{next_open!r}", "zh-Hant-TW", "x" * 300, "&a", "*a", "<<",
    "1e309", "-0", "0x1F", "~", "null", "true", "on", "一二三",
]  # fmt: skip

values = st.recursive(
    st.one_of(
        st.sampled_from(EDGE_STRINGS),
        st.text(max_size=12),
        st.integers(min_value=-(10**30), max_value=10**30),
        st.floats(allow_nan=True, allow_infinity=True),
        st.booleans(),
        st.none(),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["id", "hours", "x", "mon", "zh"]), inner, max_size=3),
    ),
    max_leaves=6,
)

TEXT_EDITS = st.sampled_from(["\t", "：", "，", "&x ", "*x", "<<: ", "\n- ", "{", "'", '"', "\x00", "\ufeff", "---\n"])


def _paths(node: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [here]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*here, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*here, index))
    return found


@st.composite
def mutated_policies(draw: st.DrawFn) -> str:
    """The text of an example policy after a few structural and textual edits."""
    name = draw(st.sampled_from(sorted(EXAMPLES)))
    data = copy.deepcopy(yaml.safe_load(EXAMPLES[name]))
    for _ in range(draw(st.integers(1, 4))):
        paths = _paths(data)
        path = draw(st.sampled_from(paths[1:] or paths))
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        if not path:
            continue
        last = path[-1]
        action = draw(st.sampled_from(["replace", "replace", "delete", "rename", "repeat"]))
        if action == "replace":
            parent[last] = draw(values)
        elif action == "delete":
            del parent[last]
        elif action == "rename" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["agnets", "id", "timezon", "mon", "<<", "name"]))] = parent.pop(last)
        elif action == "repeat" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[last]))
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=draw(st.booleans()))
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(TEXT_EDITS) + text[at:]
    if draw(st.booleans()):
        text = text[: draw(st.integers(0, len(text)))]
    return text


def load_and_validate(text: str) -> None:
    """Load and validate ``text``; anything but a :class:`CsError` propagates."""
    with contextlib.suppress(CsError):
        validate_document(load_text(text, "fuzz.yaml"))
