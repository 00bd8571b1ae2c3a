"""Load one policy file into plain Python data plus the line:col of every node.

``yaml.safe_load`` is wrong for policy files: it reads YAML 1.1, so ``19:00`` becomes
1140, ``off`` becomes False and ``2026-11-23`` a date; a duplicated key silently keeps
the last value; and no line numbers survive. Here PyYAML only composes the node graph
(with its C parser when built with libyaml) and this module builds the values itself:
YAML 1.2 core schema for plain scalars, quoted scalars always strings, the standard
tags only, string keys only, no duplicates, ``<<`` merges, and a budget on alias
expansion and nesting so a hostile file fails fast instead of eating the process.
Files are read by :mod:`cs.load.files` (regular files only, at most a byte cap that
also bounds everything aliases do not); tabs read as libyaml reads them on either
parser (:mod:`cs.load.tabs`).

Every failure is a :class:`~cs.errors.LoadError` that says ``file:line:col``.
"""

from __future__ import annotations

import codecs
import math
import operator
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from cs.errors import LoadError
from cs.i18n import N_
from cs.i18n.message import Message, message
from cs.load.files import max_file_bytes, read_capped, too_large_error
from cs.load.fullwidth import first_full_width, yaml_hint
from cs.load.gc_pause import collector_paused
from cs.load.tabs import TabsAsLibyaml

__all__ = [
    "MAX_ALIAS_NODES",
    "MAX_DEPTH",
    "LoadedDocument",
    "Mark",
    "load_file",
    "load_text",
]

MAX_ALIAS_NODES = 100_000
"""Most nodes aliases and merges may add to a document, counting every use in full.

The document's own nodes are not counted: a 12,000-agent policy written out is
bounded by the byte cap, not by this budget."""

MAX_DEPTH = 64
"""Most levels of nested mappings and lists, counting the root."""

NodePath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Mark:
    """A place in the file, 1-based like an editor shows it."""

    line: int
    col: int


@dataclass(frozen=True)
class LoadedDocument:
    """The data of one policy file and where each of its nodes was written.

    ``marks`` maps the path of every node (``()`` for the root, then mapping keys and
    list indexes) to ``(key_mark, value_mark)``; for list items and the root both are
    the item's own mark. A value reached through an alias is marked where its anchor
    was written: the node graph keeps no trace of the alias itself.
    """

    source: str
    data: dict[str, Any]
    marks: Mapping[NodePath, tuple[Mark, Mark]]

    def locate(self, path: Sequence[str | int], *, key: bool = False) -> Mark:
        """Mark of the value at ``path``, or of its key with ``key=True``.

        A path that does not exist (a missing required property, say) reports its
        nearest existing ancestor, ultimately the root.
        """
        marks = self.marks
        here = tuple(path)
        while here and here not in marks:
            here = here[:-1]
        key_mark, value_mark = marks[here]
        return key_mark if key else value_mark


NOT_A_MAPPING: dict[str, tuple[str, str, str]] = {
    "policy": (
        N_("a policy file must be a YAML mapping at the top level; the file is empty"),
        N_("a policy file must be a YAML mapping at the top level (key: value lines), found a list"),
        N_("a policy file must be a YAML mapping at the top level (key: value lines), found the scalar {value}"),
    ),
    "scenario": (
        N_("a scenario file must be a YAML mapping at the top level; the file is empty"),
        N_("a scenario file must be a YAML mapping at the top level (key: value lines), found a list"),
        N_("a scenario file must be a YAML mapping at the top level (key: value lines), found the scalar {value}"),
    ),
    "shift": (
        N_("a shift file must be a YAML mapping at the top level; the file is empty"),
        N_("a shift file must be a YAML mapping at the top level (key: value lines), found a list"),
        N_("a shift file must be a YAML mapping at the top level (key: value lines), found the scalar {value}"),
    ),
    "test": (
        N_("a test file must be a YAML mapping at the top level; the file is empty"),
        N_("a test file must be a YAML mapping at the top level (key: value lines), found a list"),
        N_("a test file must be a YAML mapping at the top level (key: value lines), found the scalar {value}"),
    ),
}
"""By the kind of file loaded: what its top level is not (empty, a list, a scalar). Whole
sentences, so a translation can word each kind its own way."""
POLICY_FILE, SCENARIO_FILE, SHIFT_FILE, TEST_FILE = "policy", "scenario", "shift", "test"


def load_file(path: str | os.PathLike[str], kind: str = POLICY_FILE) -> LoadedDocument:
    """Read ``path`` as UTF-8 (a byte order mark is allowed) and load it; ``kind``
    (a key of :data:`NOT_A_MAPPING`: :data:`POLICY_FILE`, :data:`SCENARIO_FILE`, ...)
    names the file in the error that says its top level is not a mapping."""
    source = os.fspath(path)
    raw = read_capped(path)
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(raw[: exc.start].decode("utf-8"))
        raise LoadError(
            message(N_("not valid UTF-8 (byte 0x{byte:02x}); save the file as UTF-8"), byte=raw[exc.start]),
            source=source,
            line=line,
            col=col,
        ) from None
    return load_text(text, source, kind)


def load_text(text: str, source: str = "<string>", kind: str = POLICY_FILE) -> LoadedDocument:
    """Load one YAML document whose top level is a mapping."""
    cap = max_file_bytes()
    if len(text) * 4 > cap and len(text.encode("utf-8", "surrogatepass")) > cap:
        raise too_large_error(cap, source)
    with collector_paused():
        return _load_text(text, source, kind)


def _load_text(text: str, source: str, kind: str) -> LoadedDocument:
    try:
        root = yaml.compose(text, Loader=_Composer)
    except _NestingTooDeep as exc:
        raise _too_deep_error(exc.mark, source) from None
    except yaml.MarkedYAMLError as exc:
        if exc.problem == _SCANNER_TOO_DEEP and exc.problem_mark is not None:
            raise _too_deep_error(exc.problem_mark, source) from None
        raise _syntax_error(exc, text, source) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, text, source, _Composer.reader_counts_bytes) from None
    except UnicodeEncodeError as exc:  # libyaml's reader wants encodable text
        line, col = _line_col(text[: exc.start])
        raise LoadError(
            message(N_("character U+{code:04X} is not allowed in YAML"), code=ord(text[exc.start])),
            source=source,
            line=line,
            col=col,
        ) from None
    if root is None or (type(root) is ScalarNode and root.tag == _PLAIN and not root.value):
        raise LoadError(
            message(NOT_A_MAPPING[kind][0]),
            source=source,
            line=1,
            col=1,
        )
    if type(root) is not MappingNode:
        at = first_full_width(root.value) if type(root) is ScalarNode else None
        if at is not None:
            lines = root.value[:at].split("\n")
            line = root.start_mark.line + len(lines)
            col = (root.start_mark.column if len(lines) == 1 else 0) + len(lines[-1]) + 1
            raise LoadError(_syntax(yaml_hint(root.value[at])), source=source, line=line, col=col)
        if type(root) is SequenceNode:
            found = message(NOT_A_MAPPING[kind][1])
        else:
            found = message(NOT_A_MAPPING[kind][2], value=_prefix(root.value))
        raise _error(found, root, source)
    if "&" in text and "*" in text:
        _check_expansion(root, source)
    data = _Builder(source).mapping(root, 0)
    return LoadedDocument(source, data, _MarkTable(root))


# --- composing -------------------------------------------------------------------------

_YAML_TAG = "tag:yaml.org,2002:"
_STR = _YAML_TAG + "str"
_INT = _YAML_TAG + "int"
_FLOAT = _YAML_TAG + "float"
_BOOL = _YAML_TAG + "bool"
_NULL = _YAML_TAG + "null"
_MAP = _YAML_TAG + "map"
_SEQ = _YAML_TAG + "seq"
_PLAIN = "tag:cs.invalid,2026:plain"
"""Stands for "untagged plain scalar" until the builder resolves it (YAML 1.2 core)."""


_SCANNER_TOO_DEEP = "exceeded maximum nesting depth"
"""PyYAML 6.0.4's scanner refuses flow nesting past 1,000 levels itself, before the
composer (and so ``_ComposeOnly``) sees the nodes; both limits read as one error."""


class _NestingTooDeep(Exception):
    def __init__(self, mark: Any) -> None:
        self.mark = mark


class _ComposeOnly:
    """Loader mixin: leave plain scalars unresolved and stop runaway nesting early.

    PyYAML's composer recurses once per nesting level, in C when built with libyaml,
    where a few ten thousand ``[`` overflow the stack and kill the process. Its
    resolver is told about every node before the composer descends, which is the one
    place to count depth in time.
    """

    _depth = 0

    def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            return _PLAIN if implicit[0] else _STR
        return _SEQ if kind is SequenceNode else _MAP

    def descend_resolver(self, current_node: Node | None, current_index: Any) -> None:
        self._depth += 1
        if self._depth > MAX_DEPTH + 1 and current_node is not None:
            raise _NestingTooDeep(current_node.start_mark)

    def ascend_resolver(self) -> None:
        self._depth -= 1


def _composer_class(libyaml: bool) -> Any:
    """A composing loader on libyaml's C parser or on PyYAML's pure-Python one."""
    if not libyaml:
        return type("_Composer", (_ComposeOnly, TabsAsLibyaml, yaml.SafeLoader), {"reader_counts_bytes": False})
    namespace: dict[str, Any] = {"reader_counts_bytes": True}
    if _libyaml_bounds_nesting():
        # The composer calls these two for every node (some 300,000 calls at 10,000
        # agents); with libyaml's own bound on nesting, C builtins that do nothing
        # stand in, and the builder's MAX_DEPTH check reports a deep document.
        namespace["descend_resolver"] = staticmethod(operator.is_)
        namespace["ascend_resolver"] = staticmethod(tuple)
    return type("_Composer", (_ComposeOnly, yaml.CSafeLoader), namespace)


def _libyaml_bounds_nesting() -> bool:
    """Whether libyaml refuses nesting past a bound of its own (1,000 levels since
    0.2.5), which keeps the C composer's recursion off the end of the stack."""
    for deep in ("[" * 1_001 + "]" * 1_001, "- " * 1_001 + "x"):
        try:
            yaml.compose(deep, Loader=yaml.CSafeLoader)
        except yaml.MarkedYAMLError as exc:
            if exc.problem != _SCANNER_TOO_DEEP:
                return False
        else:
            return False
    return True


_Composer = _composer_class(yaml.__with_libyaml__)


# --- scalars ---------------------------------------------------------------------------

_CORE_WORDS: dict[str, Any] = {
    "null": None, "Null": None, "NULL": None, "~": None,
    "true": True, "True": True, "TRUE": True,
    "false": False, "False": False, "FALSE": False,
    ".inf": math.inf, ".Inf": math.inf, ".INF": math.inf,
    "+.inf": math.inf, "+.Inf": math.inf, "+.INF": math.inf,
    "-.inf": -math.inf, "-.Inf": -math.inf, "-.INF": -math.inf,
    ".nan": math.nan, ".NaN": math.nan, ".NAN": math.nan,
}  # fmt: skip
_CORE_NUMBER = re.compile(
    r"(?P<int>[-+]?[0-9]+)"
    r"|(?P<oct>0o[0-7]+)"
    r"|(?P<hex>0x[0-9a-fA-F]+)"
    r"|(?P<float>[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)"
)
_NUMBER_START = frozenset("0123456789+-.")
_WORD_START = frozenset("nNtTfF~")
_KEY_NEEDS_CARE = _NUMBER_START | {"<"}
"""First characters of a plain key that may not stay a string, or may be ``<<``;
besides, a plain key that is one of the core words (``null``, ``true``) is no string."""


def _resolve_plain(value: str) -> Any:
    """YAML 1.2 core schema: null, booleans, ints, floats; anything else as written."""
    if not value:
        return None
    first = value[0]
    if first in _NUMBER_START:
        match = _CORE_NUMBER.fullmatch(value)
        if match is None:
            return _CORE_WORDS.get(value, value)
        kind = match.lastgroup
        if kind == "int":
            return int(value)
        if kind == "float":
            return float(value)
        return int(value[2:], 8 if kind == "oct" else 16)
    if first in _WORD_START:
        return _CORE_WORDS.get(value, value)
    return value


def _read_int(value: str) -> Any:
    match = _CORE_NUMBER.fullmatch(value)
    if match is None or match.lastgroup == "float":
        return _UNREADABLE
    return _resolve_plain(value)


def _read_float(value: str) -> Any:
    resolved = _resolve_plain(value)
    return float(resolved) if type(resolved) in (int, float) else _UNREADABLE


def _read_word(accepted: type) -> Any:
    def read(value: str) -> Any:
        resolved = _CORE_WORDS.get(value, _UNREADABLE) if value else None
        return resolved if type(resolved) is accepted else _UNREADABLE

    return read


_UNREADABLE = object()
_EXPLICIT_SCALAR_TAGS = {
    _INT: _read_int,
    _FLOAT: _read_float,
    _BOOL: _read_word(bool),
    _NULL: _read_word(type(None)),
}


# --- building --------------------------------------------------------------------------

_Entry = tuple[str, Node, Node]


class _Builder:
    """Turns one composed node graph into plain data.

    This runs once per node of every file, so the common case (a plain scalar under a
    plain key) is handled inline, and no path or mark is recorded: the node graph
    keeps every mark, and :class:`_MarkTable` finds the few that findings ask for.
    """

    __slots__ = ("built", "expanded", "merge_entries", "source")

    def __init__(self, source: str) -> None:
        self.source = source
        self.built: set[int] = set()
        """Collection nodes built once: building one again is an alias expanding."""
        self.expanded = 0
        self.merge_entries: dict[int, list[_Entry]] = {}

    def value(self, node: Node, depth: int) -> Any:
        kind = type(node)
        if kind is ScalarNode:
            return self.scalar(node)
        if kind is SequenceNode:
            return self.sequence(node, depth)
        return self.mapping(node, depth)

    def scalar(self, node: Node) -> Any:
        tag = node.tag
        if tag == _STR:
            return node.value
        read = _resolve_plain if tag == _PLAIN else _EXPLICIT_SCALAR_TAGS.get(tag)
        if read is None:
            raise self.unsupported_tag(node)
        try:
            result = read(node.value)
        except ValueError:  # past Python's int-from-string digit limit
            raise _error(message(N_("this number has too many digits")), node, self.source) from None
        if result is _UNREADABLE:
            raise _error(
                message(N_("{value} cannot be read as {tag}"), value=repr(node.value), tag=_short_tag(tag)),
                node,
                self.source,
            )
        return result

    def sequence(self, node: Node, depth: int) -> list[Any]:
        if node.tag != _SEQ:
            raise self.unsupported_tag(node)
        self.enter(node, depth, len(node.value))
        items: list[Any] = []
        for item in node.value:
            if type(item) is not ScalarNode:
                items.append(self.value(item, depth + 1))
            elif item.tag == _STR:  # a quoted id, the commonest item of a long list
                items.append(item.value)
            else:
                items.append(self.scalar(item))
        return items

    def mapping(self, node: Node, depth: int) -> dict[str, Any]:
        if node.tag != _MAP:
            raise self.unsupported_tag(node)
        self.enter(node, depth, 2 * len(node.value))
        result: dict[str, Any] = {}
        merge: tuple[int, Node, Node] | None = None
        for key_node, value_node in node.value:
            key = key_node.value
            if key_node.tag != _PLAIN or not key or key[0] in _KEY_NEEDS_CARE or key in _CORE_WORDS:
                if key == "<<" and key_node.tag == _PLAIN:
                    if merge is not None:
                        raise self.duplicate_key("<<", key_node, merge[1].start_mark)
                    merge = (len(result), key_node, value_node)
                    continue
                key = self.key(key_node)
            if key in result:
                raise self.duplicate_key(key, key_node, _first_key_node(node, key).start_mark)
            if type(value_node) is ScalarNode:
                result[key] = self.scalar(value_node)
            else:
                result[key] = self.value(value_node, depth + 1)
        if merge is not None:
            result = self.merge_into(result, merge, depth)
        return result

    def merge_into(
        self,
        result: dict[str, Any],
        merge: tuple[int, Node, Node],
        depth: int,
    ) -> dict[str, Any]:
        """Add the merged keys that ``result`` does not set itself, where ``<<`` stood."""
        at, key_node, value_node = merge
        merged: dict[str, Any] = {}
        for source in self.merge_sources(key_node, value_node):
            for key, _, source_value in self.entries(source, depth + 1):
                if key in result or key in merged:
                    continue
                merged[key] = self.value(source_value, depth + 1)
                self.expanded += 2
        if self.expanded > MAX_ALIAS_NODES:
            raise _too_big_error(value_node, self.source)
        if at == len(result):
            result.update(merged)
            return result
        written = list(result.items())
        return {**dict(written[:at]), **merged, **dict(written[at:])}

    def merge_sources(self, key_node: Node, value_node: Node) -> list[Node]:
        if type(value_node) is MappingNode and value_node.tag == _MAP:
            return [value_node]
        if (
            type(value_node) is SequenceNode
            and value_node.tag == _SEQ
            and value_node.value
            and all(type(item) is MappingNode and item.tag == _MAP for item in value_node.value)
        ):
            return list(value_node.value)
        raise _error(
            message(
                N_(
                    "'<<' (merge key) must be followed by an alias of a mapping (<<: *defaults) "
                    "or a list of them (<<: [*a, *b])"
                )
            ),
            key_node,
            self.source,
        )

    def entries(self, node: Node, depth: int) -> list[_Entry]:
        """The effective ``(key, key_node, value_node)`` of a mapping merged by ``<<``.

        Remembered per node, so merging the same anchor many times costs once.
        """
        known = self.merge_entries.get(id(node))
        if known is not None:
            return known
        if depth >= MAX_DEPTH:
            raise self.too_deep(node)
        own: dict[str, _Entry] = {}
        merge: tuple[int, Node, Node] | None = None
        for key_node, value_node in node.value:
            if key_node.tag == _PLAIN and key_node.value == "<<":
                if merge is not None:
                    raise self.duplicate_key("<<", key_node, merge[1].start_mark)
                merge = (len(own), key_node, value_node)
                continue
            key = self.key(key_node)
            if key in own:
                raise self.duplicate_key(key, key_node, own[key][1].start_mark)
            own[key] = (key, key_node, value_node)
        entries = list(own.values())
        if merge is not None:
            at, key_node, value_node = merge
            merged: dict[str, _Entry] = {}
            for source in self.merge_sources(key_node, value_node):
                for entry in self.entries(source, depth + 1):
                    if entry[0] not in own and entry[0] not in merged:
                        merged[entry[0]] = entry
            entries[at:at] = merged.values()
        self.merge_entries[id(node)] = entries
        return entries

    def key(self, node: Node) -> str:
        if type(node) is not ScalarNode:
            if type(node) is SequenceNode:
                not_a_string = N_(
                    "a mapping key must be a string, not a list; write a plain name or a quoted string before ':'"
                )
            else:
                not_a_string = N_(
                    "a mapping key must be a string, not a mapping; write a plain name or a quoted string before ':'"
                )
            raise _error(message(not_a_string), node, self.source)
        if node.tag == _STR:
            return str(node.value)
        key = self.scalar(node)
        if type(key) is str:
            return key
        written = node.value or ""
        if not written:
            raise _error(message(N_("a mapping key is empty; write a name before ':'")), node, self.source)
        if len(written) > 40:
            raise _error(
                message(N_("mapping key {key} is not a string; quote it"), key=_prefix(written, 40)), node, self.source
            )
        raise _error(
            message(
                N_("mapping key {key} is read as {value}, not a string; quote it: '{key}' or \"{key}\""),
                key=written,
                value=_describe(key),
            ),
            node,
            self.source,
        )

    def enter(self, node: Node, depth: int, children: int) -> None:
        if depth >= MAX_DEPTH:
            raise self.too_deep(node)
        built = self.built
        if id(node) not in built:
            built.add(id(node))
            return
        self.expanded += children
        if self.expanded > MAX_ALIAS_NODES:
            raise _too_big_error(node, self.source)

    def too_deep(self, node: Node) -> LoadError:
        if _reaches_itself(node):
            return _error(
                message(N_("recursive alias: this node contains an alias of itself, which would expand forever")),
                node,
                self.source,
            )
        return _too_deep_error(node.start_mark, self.source)

    def duplicate_key(self, key: str, node: Node, first: Any) -> LoadError:
        return _error(
            message(
                N_("duplicate key {key} at line {line} (first at line {first}); keep one"),
                key=_prefix(key, 40),
                line=node.start_mark.line + 1,
                first=first.line + 1,
            ),
            node,
            self.source,
        )

    def unsupported_tag(self, node: Node) -> LoadError:
        tag = _short_tag(node.tag)
        if node.tag in (_MAP, _SEQ, _INT, _FLOAT, _BOOL, _NULL, _STR):
            what = {
                ScalarNode: N_("tag {tag} cannot be used on a scalar"),
                SequenceNode: N_("tag {tag} cannot be used on a list"),
                MappingNode: N_("tag {tag} cannot be used on a mapping"),
            }
            problem = message(what[type(node)], tag=tag)
        else:
            problem = message(
                N_(
                    "unsupported tag {tag}; a policy file holds plain data only "
                    "(strings, numbers, booleans, null, mappings, lists)"
                ),
                tag=tag,
            )
        return _error(problem, node, self.source)


def _check_expansion(root: Node, source: str) -> None:
    """Refuse an alias bomb from the node graph, before building a single value.

    The graph of a billion-laughs document is tiny; only its expansion is not. The
    expanded size less the graph's own nodes is what aliases add, counted as the
    builder counts it but leaving out what ``<<`` merges bring in, so this never
    refuses what the builder would accept. The builder's own count stays the rule;
    this only makes the common bomb fail in microseconds rather than after
    constructing the whole budget.
    """
    sizes: dict[int, int] = {}
    own = 0

    def size(node: Node, depth: int) -> int:
        known = sizes.get(id(node))
        if known is not None:
            return known
        if depth > MAX_DEPTH:
            return 0
        nonlocal own
        sizes[id(node)] = 0  # a recursive alias adds nothing here; the builder names it
        own += len(node.value) * (1 if type(node) is SequenceNode else 2)
        total = 0
        if type(node) is SequenceNode:
            for item in node.value:
                total += 1 if type(item) is ScalarNode else 1 + size(item, depth + 1)
        else:
            for key_node, value_node in node.value:
                if type(value_node) is ScalarNode or (key_node.value == "<<" and key_node.tag == _PLAIN):
                    total += 2
                else:
                    total += 2 + size(value_node, depth + 1)
        sizes[id(node)] = total
        return total

    if size(root, 0) - own <= MAX_ALIAS_NODES:
        return
    node = root
    visited = {id(root)}
    while True:  # point at the smallest node that alone expands past the budget
        if type(node) is SequenceNode:
            children = [item for item in node.value if type(item) is not ScalarNode]
        else:
            children = [value for _, value in node.value if type(value) is not ScalarNode]
        biggest = max(children, key=lambda child: sizes.get(id(child), 0), default=None)
        if biggest is None or sizes.get(id(biggest), 0) <= MAX_ALIAS_NODES or id(biggest) in visited:
            raise _too_big_error(node, source)
        visited.add(id(biggest))
        node = biggest


def _reaches_itself(start: Node) -> bool:
    """Whether ``start`` can be reached again by walking down from it."""
    seen: set[int] = set()
    pending: list[Node] = [start]
    while pending:
        node = pending.pop()
        if type(node) is SequenceNode:
            children: list[Node] = list(node.value)
        elif type(node) is MappingNode:
            children = [child for pair in node.value for child in pair]
        else:
            continue
        for child in children:
            if child is start:
                return True
            if id(child) not in seen:
                seen.add(id(child))
                pending.append(child)
    return False


# --- marks and messages ----------------------------------------------------------------


class _MarkTable(Mapping[NodePath, tuple[Mark, Mark]]):
    """Marks by node path, found in the composed node graph only when asked for.

    Recording a path and its marks for every node on every load would cost about as
    much as building the values (10,000 agents are some 150,000 nodes); a report asks
    for a handful. A lookup walks the path down from the root, each mapping indexed
    by key once (its own keys, then what ``<<`` merges bring in, as the builder
    resolves them), so many lookups stay linear in the document.
    """

    __slots__ = ("_indexes", "_root")

    def __init__(self, root: Node) -> None:
        self._root = root
        self._indexes: dict[int, dict[str, tuple[Node, Node]]] = {}

    def _find(self, path: object) -> tuple[Any, Any] | None:
        """PyYAML's ``(key mark, value mark)`` of the node at ``path``, if it exists."""
        if type(path) is not tuple:
            return None
        node = self._root
        key_mark = node.start_mark
        for step in path:
            if type(node) is MappingNode and type(step) is str:
                entry = self._index(node, 0).get(step)
                if entry is None:
                    return None
                key_mark, node = entry[0].start_mark, entry[1]
            elif type(node) is SequenceNode and type(step) is int and 0 <= step < len(node.value):
                node = node.value[step]
                key_mark = node.start_mark
            else:
                return None
        return key_mark, node.start_mark

    def _index(self, node: Node, depth: int) -> dict[str, tuple[Node, Node]]:
        """``node``'s keys as the builder resolved them: its own, then merged ones."""
        known = self._indexes.get(id(node))
        if known is not None:
            return known
        self._indexes[id(node)] = {}  # a merge that reaches itself adds nothing
        own: dict[str, tuple[Node, Node]] = {}
        merged: dict[str, tuple[Node, Node]] = {}
        for key_node, value_node in node.value:
            if not _is_merge_key(key_node):
                own[key_node.value] = (key_node, value_node)
                continue
            sources = value_node.value if type(value_node) is SequenceNode else [value_node]
            for source in sources:
                if type(source) is MappingNode and depth < MAX_DEPTH:
                    for key, entry in self._index(source, depth + 1).items():
                        merged.setdefault(key, entry)
        index = {**merged, **own}
        self._indexes[id(node)] = index
        return index

    def __getitem__(self, path: NodePath) -> tuple[Mark, Mark]:
        found = self._find(path)
        if found is None:
            raise KeyError(path)
        key_mark, value_mark = found
        return (
            Mark(key_mark.line + 1, key_mark.column + 1),
            Mark(value_mark.line + 1, value_mark.column + 1),
        )

    def __contains__(self, path: object) -> bool:
        return self._find(path) is not None

    def __iter__(self) -> Iterator[NodePath]:
        pending: list[tuple[NodePath, Node]] = [((), self._root)]
        while pending:
            path, node = pending.pop()
            yield path
            if type(node) is MappingNode:
                pending += [((*path, key), entry[1]) for key, entry in self._index(node, 0).items()]
            elif type(node) is SequenceNode:
                pending += [((*path, index), item) for index, item in enumerate(node.value)]

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __repr__(self) -> str:
        return "<marks of a node graph>"


def _is_merge_key(node: Node) -> bool:
    return type(node) is ScalarNode and node.tag == _PLAIN and node.value == "<<"


def _first_key_node(node: Node, key: str) -> Node:
    """The first key node of mapping ``node`` that reads as ``key`` (a duplicate's first)."""
    first: Node = next(k for k, _ in node.value if k.value == key and not _is_merge_key(k))
    return first


def _error(text: Message, node: Node, source: str) -> LoadError:
    start = node.start_mark
    return LoadError(text, source=source, line=start.line + 1, col=start.column + 1)


def _too_big_error(node: Node, source: str) -> LoadError:
    return _error(
        message(
            N_("aliases expand to more than {count} nodes (alias bomb?); use fewer aliases"), count=MAX_ALIAS_NODES
        ),
        node,
        source,
    )


def _prefix(value: str, limit: int = 12) -> str:
    """A short quoted prefix of ``value``: enough to recognise it, never a whole line
    of a file that may not be a policy at all (a key file, a credentials store)."""
    shown = value if len(value) <= limit else value[:limit] + "..."
    return repr(shown)


def _too_deep_error(yaml_mark: Any, source: str) -> LoadError:
    return LoadError(
        message(N_("nesting deeper than {count} levels; flatten the structure"), count=MAX_DEPTH),
        source=source,
        line=yaml_mark.line + 1,
        col=yaml_mark.column + 1,
    )


def _line_col(before: str) -> tuple[int, int]:
    """1-based line and column of the character that follows ``before``."""
    line_start = before.rfind("\n") + 1
    return before.count("\n") + 1, len(before) - line_start + 1


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, source: str) -> LoadError:
    """The parser's own problem text at its own place, without its echo of the input."""
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or "invalid YAML"
    context = exc.context
    full_width = _full_width_near(text, exc)
    if full_width is not None:
        at_line, at_col, char = full_width
        return LoadError(_syntax(yaml_hint(char)), source=source, line=at_line, col=at_col)
    text_: Message
    if context == "expected a single document in the stream":
        text_ = message(N_("a policy file must hold exactly one YAML document; found a second one"))
    elif context and context.endswith("; first occurrence") and exc.context_mark:
        first = exc.context_mark
        text_ = message(
            N_("{problem} (first at line {line}:{col})"),
            problem=message(context.removesuffix("; first occurrence")),
            line=first.line + 1,
            col=first.column + 1,
        )
    elif mark is not None and _char_at(text, mark) == "\t":
        text_ = _syntax(message(N_("a tab cannot indent or start a line's content; use spaces")))
    else:
        said = message(problem)
        if problem == "found undefined alias" and mark is not None:  # libyaml omits the name
            lines = text.splitlines()
            line = lines[mark.line] if mark.line < len(lines) else ""
            name = re.match(r"\*([^\s,\[\]{}]+)", line[mark.column :])
            if name:
                said = message(N_("found undefined alias {name}"), name=_prefix(name.group(1), 40))
        elif problem.startswith("found undefined alias "):  # PyYAML's own parser names it
            said = message(N_("found undefined alias {name}"), name=problem.removeprefix("found undefined alias "))
        text_ = _syntax(said)
        start = exc.context_mark
        if context and start is not None and mark is not None and start.index != mark.index:
            text_ = message(
                N_("{problem} ({context} at line {line}:{col})"),
                problem=text_,
                context=message(context),
                line=start.line + 1,
                col=start.column + 1,
            )
    if mark is None:
        return LoadError(text_, source=source)
    return LoadError(text_, source=source, line=mark.line + 1, col=mark.column + 1)


def _syntax(problem: Message) -> Message:
    return message(N_("YAML syntax error: {problem}"), problem=problem)


PARSER_PROBLEMS = (
    N_("mapping values are not allowed here"),
    N_("could not find expected ':'"),
    N_("did not find expected key"),
    N_("did not find expected '-' indicator"),
    N_("did not find expected ',' or ']'"),
    N_("found undefined alias"),
    N_("found unexpected end of stream"),
    N_("found unknown escape character"),
    N_("found character that cannot start any token"),
    N_("while scanning a simple key"),
    N_("while scanning a quoted scalar"),
    N_("while parsing a block mapping"),
    N_("while parsing a block collection"),
    N_("while parsing a flow sequence"),
    N_("while parsing a flow mapping"),
    N_("found duplicate anchor"),
    N_("mapping values are not allowed in this context"),
    N_("block sequence entries are not allowed in this context"),
    N_("did not find expected node content"),
    N_("did not find expected comment or line break"),
    N_("found a tab character that violates indentation"),
    N_("while parsing a block node"),
    N_("while scanning a plain scalar"),
)
"""PyYAML's and libyaml's commonest problem texts, so the catalog translates them;
any other stays as the parser wrote it."""


def _full_width_near(text: str, exc: yaml.MarkedYAMLError) -> tuple[int, int, str] | None:
    """A full-width character that explains a syntax error: on the error's line or one
    of the few before it (the scanner notices a missing ':' only lines later)."""
    marks = [m for m in (exc.problem_mark, exc.context_mark) if m is not None]
    if not marks:
        return None
    last = max(m.line for m in marks)
    first = max(0, min(min(m.line for m in marks), last - _FULL_WIDTH_LOOKBACK))
    lines = text.split("\n", last + 1)
    for number in range(min(last, len(lines) - 1), first - 1, -1):
        at = first_full_width(lines[number])
        if at is not None:
            return number + 1, at + 1, lines[number][at]
    return None


_FULL_WIDTH_LOOKBACK = 3


def _char_at(text: str, yaml_mark: Any) -> str:
    lines = text.split("\n", yaml_mark.line + 1)
    line = lines[yaml_mark.line] if yaml_mark.line < len(lines) else ""
    return line[yaml_mark.column : yaml_mark.column + 1]


def _reader_error(exc: yaml.reader.ReaderError, text: str, source: str, counts_bytes: bool) -> LoadError:
    position = exc.position
    if counts_bytes:  # libyaml counts bytes of the UTF-8 text
        before = text.encode("utf-8", "surrogatepass")[:position].decode("utf-8", "replace")
    else:
        before = text[:position]
    line, col = _line_col(before)
    character = exc.character
    code = ord(character) if isinstance(character, str) else int(character)
    return LoadError(
        message(N_("character U+{code:04X} is not allowed in YAML ({reason})"), code=code, reason=exc.reason),
        source=source,
        line=line,
        col=col,
    )


def _short_tag(tag: str) -> str:
    if tag.startswith(_YAML_TAG):
        return "!!" + tag[len(_YAML_TAG) :]
    return tag if tag.startswith("!") else f"!<{tag}>"


def _describe(value: Any) -> Message:
    if value is None:
        return message("null")
    if type(value) is bool:
        return message(N_("the boolean {value}"), value=str(value).lower())
    if type(value) is int:
        return message(N_("the integer {value}"), value=value)
    return message(N_("the number {value}"), value=value)
