"""What a test expects of one value, and how a value fails it.

The test-file format keeps expectations short (``open: false``,
``answered_within_20s: {min: 0.5}``); :func:`expectation` turns each written
value into a typed, frozen check once, when the file is loaded, and
:func:`mismatches` compares it with what ``explain_dict`` or the simulate
summary produced. The rules, in one place:

- a scalar means equal (a local ``YYYY-MM-DDTHH:MM`` also matches the same
  local time written with its UTC offset, as explain and simulate write it);
- ``{min, max}`` is a range, inclusive (for a list: its length);
- ``{contains}`` is a substring of a text, of a mapping's ``text`` (else of one of
  its texts), or of one of a list's texts; for a list of agents, the ids given must
  be among it;
- any other mapping compares the named sub-keys only;
- a list is the exact set (a list of agents is the set of their ids);
- in a count map (``auto_replies``, ``quick_replies`` ...: ``depth`` levels of names
  over counts) a missing name counts 0, and a number or a range applies to the total.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cs.i18n import N_, pgettext
from cs.i18n.message import Message, joined, message, verbatim

ABSENT: Any = type("Absent", (), {"__repr__": lambda self: "absent"})()
"""A sub-key the actual mapping does not have (e.g. an auto-reply kind never sent)."""


@dataclass(frozen=True)
class Equal:
    value: Any


@dataclass(frozen=True)
class ExactSet:
    items: tuple[Any, ...]


@dataclass(frozen=True)
class Shape:
    """A written mapping: an optional range, an optional ``contains``, and sub-keys."""

    low: float | None = None
    high: float | None = None
    contains: tuple[str, ...] = ()
    fields: tuple[tuple[str, Expectation], ...] = ()


Expectation = Equal | ExactSet | Shape


@dataclass(frozen=True)
class Mismatch:
    key: str
    """Dotted path of the value, e.g. ``offline_mode.trigger``."""
    expected: Message
    actual: Message


def expectation(written: Any) -> Expectation:
    """The check a schema-valid written value stands for."""
    if isinstance(written, list):
        return ExactSet(tuple(written))
    if isinstance(written, Mapping):
        contains = written.get("contains", ())
        return Shape(
            low=written.get("min"),
            high=written.get("max"),
            contains=(contains,) if isinstance(contains, str) else tuple(contains),
            fields=tuple((k, expectation(v)) for k, v in written.items() if k not in ("min", "max", "contains")),
        )
    return Equal(written)


SHOWN = 160
"""Longest value shown in a report (a whole summary record is too much to read)."""


def show(value: Any) -> Message:
    """A value as a person reads it in a report (JSON, Chinese kept as is, long ones cut)."""
    if value is ABSENT:
        return message(N_("absent"))
    text = json.dumps(_ids(value), ensure_ascii=False)
    return verbatim(text if len(text) <= SHOWN else text[: SHOWN - 3] + "...")


def describe(check: Expectation) -> Message:
    if isinstance(check, Equal):
        return show(check.value)
    if isinstance(check, ExactSet):
        return show(list(check.items))
    parts = []
    if check.low is not None:
        parts.append(verbatim(f">= {check.low:g}"))
    if check.high is not None:
        parts.append(verbatim(f"<= {check.high:g}"))
    if check.contains:
        parts.append(message(N_("contains {values}"), values=joined(map(show, check.contains), ", ")))
    parts.extend(message(N_("{key}: {expected}"), key=k, expected=describe(v)) for k, v in check.fields)
    return joined(parts, "; ", pgettext("list separator", "; "))


def _equal(expected: Any, actual: Any) -> bool:
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected is actual
    if expected == actual:
        return True
    return _same_instant(expected, actual)


def _same_instant(expected: Any, actual: Any) -> bool:
    """An instant (``next_open``, ``at`` ...) compared as an instant, not as text: an
    expected time with an offset (``Z``, ``+00:00``) is the same instant in any zone;
    one without is the local wall time of the answer (seconds optional). False when
    the two are not both date-times with a time of day."""
    if not (isinstance(expected, str) and isinstance(actual, str) and "T" in expected and "T" in actual):
        return False
    try:
        wanted, found = datetime.fromisoformat(expected), datetime.fromisoformat(actual)
    except ValueError:
        return False
    if found.tzinfo is None:
        return False
    return wanted == found if wanted.tzinfo is not None else wanted == found.replace(tzinfo=None)


def _ids(value: Any) -> Any:
    """A list of records named by an ``id`` (agents) reads as the list of ids."""
    if isinstance(value, list) and value and all(isinstance(v, Mapping) and "id" in v for v in value):
        return [v["id"] for v in value]
    return value


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _holds(needle: str, actual: Any) -> bool:
    """``{contains: needle}``: a substring of a text; of a mapping's ``text`` (the
    reply's, not its kind or language), else of one of its texts; of one of a list's
    texts; for a list of agents, one of their ids exactly."""
    if isinstance(actual, str):
        return needle in actual
    if isinstance(actual, list):
        ids = _ids(actual)
        if ids is not actual:
            return needle in ids
        return any(isinstance(item, str) and needle in item for item in actual)
    if isinstance(actual, Mapping):
        texts = [actual["text"]] if isinstance(actual.get("text"), str) else actual.values()
        return any(isinstance(v, str) and needle in v for v in texts)
    return False


def mismatches(check: Expectation, actual: Any, key: str, depth: int = 0) -> Iterator[Mismatch]:
    """Every way ``actual`` fails ``check`` (nothing when it holds); ``depth``: levels of
    names over counts in ``actual``, a count map (0: not one)."""
    if isinstance(check, Equal):
        if depth and isinstance(actual, Mapping):  # a number for a count map: its total
            actual = _total(actual, depth)
        if not _equal(check.value, actual):
            yield Mismatch(key, describe(check), show(actual))
    elif isinstance(check, ExactSet):
        items = _ids(actual)
        wanted = _ids(list(check.items))
        if not isinstance(items, list) or {_key(i) for i in items} != {_key(i) for i in wanted}:
            yield Mismatch(key, describe(check), show(actual))
    else:
        yield from _shape(check, actual, key, depth)


def _total(counts: Any, depth: int) -> Any:
    """The sum of a count map's counts (``counts`` itself when it is not a mapping)."""
    if depth == 0 or not isinstance(counts, Mapping):
        return counts
    return sum(_total(value, depth - 1) for value in counts.values())


def _shape(check: Shape, actual: Any, key: str, depth: int) -> Iterator[Mismatch]:
    if check.low is not None or check.high is not None:
        size = len(actual) if isinstance(actual, list) else _total(actual, depth)
        in_range = isinstance(size, int | float) and not isinstance(size, bool)
        if in_range:
            in_range = (check.low is None or size >= check.low) and (check.high is None or size <= check.high)
        if not in_range:
            if isinstance(actual, list):
                shown = message(N_("{value} ({count} items)"), value=show(actual), count=len(actual))
            elif depth and isinstance(actual, Mapping) and actual:  # a count map: its total, then the map
                shown = message(N_("{total}: {value}"), total=size, value=show(actual))
            else:
                shown = show(size if depth else actual)
            yield Mismatch(key, describe(Shape(check.low, check.high)), shown)
    missing = [c for c in check.contains if not _holds(c, actual)]
    if missing:
        yield Mismatch(key, describe(Shape(contains=tuple(missing))), show(actual))
    if check.fields:
        if not isinstance(actual, Mapping):
            yield Mismatch(key, describe(Shape(fields=check.fields)), show(actual))
            return
        missing = ABSENT if depth == 0 else 0 if depth == 1 else {}
        for name, sub in check.fields:
            yield from mismatches(sub, actual.get(name, missing), f"{key}.{name}", max(depth - 1, 0))
