"""The published JSON Schemas and the compiled validators that check against them.

The schemas ship inside the wheel as ``cs/schema/*.json`` (see pyproject's
force-include); in a source checkout they are read from the top-level
``schema/`` folder, so there is one copy of each.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

import jsonschema
from croniter import croniter

from cs.errors import CsError
from cs.load.fullwidth import value_hint
from cs.model import timefmt

FORMAT_RULES = {
    "time-window": "window-invalid",
    "cs-duration": "duration-invalid",
    "iana-timezone": "timezone-unknown",
    "cron": "cron-invalid",
    "date": "date-invalid",
    "local-datetime": "datetime-invalid",
}
"""Each custom format is a parse rule: its failures carry this rule id."""


SCHEMA_NAMES = ("policy", "scenario", "policytest")
"""The published schemas: policies, simulation scenarios, policy test files (``cs test``)."""


def schema_text(name: str = "policy") -> str:
    filename = f"{name}.schema.json"
    packaged = resources.files("cs").joinpath("schema", filename)
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    checkout = Path(__file__).resolve().parents[2] / "schema" / filename
    try:
        return checkout.read_text(encoding="utf-8")
    except OSError:
        raise CsError(f"schema {filename} is missing from this installation; reinstall cs") from None


_ZONE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9][A-Za-z0-9_+-]*)*", re.ASCII)
_NOT_ZONES = frozenset({"localtime", "posixrules"})
"""Files in the zone folder that are not IANA zone names: the host's own zone (which
differs from machine to machine) and the POSIX rules template. ``posix/`` and
``right/`` hold second copies of every zone under other names."""


def _timezone(value: object) -> bool:
    """An IANA zone name that the zone database knows (loading one zone is far
    cheaper than listing them all, which only a failure does, for a hint)."""
    if not isinstance(value, str):
        return True
    try:
        if not _ZONE_NAME.fullmatch(value) or value in _NOT_ZONES or value.startswith(("posix/", "right/")):
            raise ValueError(value)
        ZoneInfo(value)
    except (ValueError, OSError, KeyError):  # ZoneInfoNotFoundError is a KeyError
        zones = sorted(available_timezones() - _NOT_ZONES)
        hint = difflib.get_close_matches(value, zones, n=1)
        suggestion = f"did you mean {hint[0]}?" if hint else "e.g. Asia/Shanghai, Europe/Berlin"
        raise ValueError(f"{timefmt.quote(value)} is not an IANA time zone ({suggestion})") from None
    return True


def _cron(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if len(value.split()) != 5 or "\n" in value or not croniter.is_valid(value):
        raise ValueError(f"{timefmt.quote(value)} is not a 5-field cron expression (minute hour day month weekday)")
    return True


def _checked(parse: Any) -> Any:
    def check(value: object) -> bool:
        if isinstance(value, str):
            parse(value)
        return True

    return check


@cache
def format_checker() -> jsonschema.FormatChecker:
    checker = jsonschema.FormatChecker(formats=())
    checker.checks("time-window", raises=ValueError)(_checked(timefmt.parse_window))
    checker.checks("cs-duration", raises=ValueError)(_checked(timefmt.parse_duration))
    checker.checks("date", raises=ValueError)(_checked(timefmt.parse_date))
    checker.checks("local-datetime", raises=ValueError)(_checked(timefmt.parse_local_datetime))
    checker.checks("iana-timezone", raises=ValueError)(_timezone)
    checker.checks("cron", raises=ValueError)(_cron)
    return checker


COMPOSITION = ("allOf", "anyOf", "oneOf", "if", "$ref", "dependentSchemas")


def inline_refs(node: Any, defs: dict[str, Any], expanding: tuple[str, ...] = ()) -> Any:
    """The same schema, faster to check: local ``$ref`` s inlined (the referring
    property's own description wins; a recursive one stays a reference), and ``unevaluatedProperties: false`` turned
    into the equivalent ``additionalProperties: false`` on objects that declare all
    their properties themselves. The published file keeps its readable form."""
    if isinstance(node, list):
        return [inline_refs(item, defs, expanding) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/") and ref not in expanding:
        siblings = {k: v for k, v in node.items() if k != "$ref"}
        return inline_refs({**defs[ref.removeprefix("#/$defs/")], **siblings}, defs, (*expanding, ref))
    out = {k: inline_refs(v, defs, expanding) for k, v in node.items()}
    if out.get("unevaluatedProperties") is False and not any(k in out for k in COMPOSITION if k != "oneOf"):
        branches = out.get("oneOf", [])
        if all(isinstance(b, dict) and "properties" not in b for b in branches):
            del out["unevaluatedProperties"]
            out["additionalProperties"] = False
    return out


def _ecma_regex(pattern: str) -> re.Pattern[str]:
    r"""``pattern`` compiled to mean in Python what it means in ECMA-262.

    JSON Schema patterns are ECMA-262 regular expressions, where ``$`` matches only at
    the very end; in Python it also matches before a final newline, which would let
    ``"shop\n"`` pass as ``shop``. Each ``$`` outside a character class becomes ``\Z``.
    """
    out: list[str] = []
    in_class = False
    chars = iter(pattern)
    for char in chars:
        if char == "\\":
            out.append(char + next(chars, ""))
            continue
        if char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif char == "$" and not in_class:
            char = r"\Z"
        out.append(char)
    return re.compile("".join(out))


_ecma_regex = cache(_ecma_regex)


def _exact_pattern(
    validator: Any, pattern: str, instance: object, schema: dict[str, Any]
) -> Iterator[jsonschema.ValidationError]:
    """``pattern`` with ECMA-262 anchors. A pattern beside a cs ``format`` is there for
    editors; the format's own parser is the check here, with its clearer message, so
    one mistake is one finding."""
    if not isinstance(instance, str) or schema.get("format") in FORMAT_RULES:
        return
    if not _ecma_regex(pattern).search(instance):
        yield jsonschema.ValidationError(f"{_show(instance)} does not match {pattern!r}")


@cache
def validator(name: str = "policy") -> jsonschema.protocols.Validator:
    schema = json.loads(schema_text(name))
    fast = inline_refs(schema, schema.get("$defs", {}))
    base = jsonschema.validators.validator_for(schema)
    cls = jsonschema.validators.extend(base, {"pattern": _exact_pattern})  # type: ignore[no-untyped-call]
    validator: jsonschema.protocols.Validator = cls(fast, format_checker=format_checker())
    return validator


SchemaProblem = tuple[tuple[str | int, ...], bool, str, str]
"""(path, points at the key, rule id, message)."""


def schema_problems(data: Any, name: str = "policy") -> Iterator[SchemaProblem]:
    for error in validator(name).iter_errors(data):
        yield from _explain(error)


def _explain(error: jsonschema.ValidationError) -> Iterator[SchemaProblem]:
    """The problems an error stands for; a refused string that holds full-width
    punctuation (UI-3) says so and how it was meant."""
    hint = value_hint(error.instance) if isinstance(error.instance, str) else None
    for path, key, rule, message in _problems(error):
        yield path, key, rule, f"{message}; {hint}" if hint and len(path) == len(error.absolute_path) else message


def _problems(error: jsonschema.ValidationError) -> Iterator[SchemaProblem]:
    path = tuple(error.absolute_path)
    if error.validator == "format":
        rule = FORMAT_RULES.get(str(error.validator_value), "schema")
        cause = error.cause
        if isinstance(cause, timefmt.EmptyWindowError):
            rule = "window-empty"
        yield path, False, rule, str(cause) if cause else error.message
    elif error.validator in ("unevaluatedProperties", "additionalProperties"):
        known = list(error.schema.get("properties", {})) if isinstance(error.schema, dict) else []
        instance = error.instance if isinstance(error.instance, dict) else {}
        for key in instance:
            if key in known:
                continue
            hint = difflib.get_close_matches(str(key), known, n=1)
            suggestion = f"did you mean '{hint[0]}'?" if hint else f"allowed here: {', '.join(known)}"
            full_width = value_hint(str(key))
            if full_width:
                suggestion = full_width
            yield (*path, key), True, "schema", f"unknown key {timefmt.quote(str(key))}; {suggestion}"
    elif error.validator == "required":
        yield path, False, "schema", f"missing required key: {error.message.split(' is a ')[0]}"
    elif error.validator in ("anyOf", "oneOf") and error.context:
        deepest = max(error.context, key=lambda e: len(e.absolute_path))
        if len(deepest.absolute_path) > len(path):
            yield from _explain(deepest)
        else:
            yield path, False, "schema", f"{_show(error.instance)} is not valid here: {_description(error)}"
    elif error.validator in ("pattern", "enum", "const", "type"):
        yield path, False, "schema", f"{_show(error.instance)} is not valid here: {_description(error)}"
    else:
        yield path, False, "schema", error.message


def _show(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def _description(error: jsonschema.ValidationError) -> str:
    for schema in (error.schema, *reversed([e for e in _parents(error)])):
        if isinstance(schema, dict) and "description" in schema:
            extra = ""
            if error.validator == "enum" and isinstance(error.validator_value, list):
                extra = f" (one of: {', '.join(map(str, error.validator_value))})"
            return str(schema["description"]) + extra
    return str(error.message)


def _parents(error: jsonschema.ValidationError) -> list[Any]:
    out = []
    parent = error.parent
    while parent is not None:
        out.append(parent.schema)
        parent = parent.parent
    return out
