"""The published JSON Schemas and the compiled validators that check against them.

The schemas ship inside the wheel as ``cs/schema/*.json`` (see pyproject's
force-include); in a source checkout they are read from the top-level
``schema/`` folder, so there is one copy of each.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, available_timezones

from cs.errors import CsError
from cs.i18n import N_, _, pgettext, translate
from cs.i18n.message import Message, message, verbatim
from cs.load.fullwidth import value_hint
from cs.model import timefmt

if TYPE_CHECKING:
    import jsonschema

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
    """The published schema ``name`` as cs ships it (checked to be a JSON document)."""
    text = _installed_text(name)
    schema_document(name, text)
    return text


def schema_document(name: str = "policy", text: str | None = None) -> Any:
    """The schema ``name`` parsed; a damaged file (empty, say, after ``cs schema >``
    wrote over the one a development install reads) is one error line, not a traceback."""
    try:
        return json.loads(_installed_text(name) if text is None else text)
    except ValueError:
        raise CsError(
            _(
                "schema {filename} of this installation is damaged (not JSON); reinstall cs, or in a cs "
                "checkout restore it with: git checkout schema/"
            ).format(filename=f"{name}.schema.json")
        ) from None


def _installed_text(name: str) -> str:
    filename = f"{name}.schema.json"
    packaged = resources.files("cs").joinpath("schema", filename)
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    checkout = Path(__file__).resolve().parents[2] / "schema" / filename
    try:
        return checkout.read_text(encoding="utf-8")
    except OSError:
        raise CsError(
            _("schema {filename} is missing from this installation; reinstall cs").format(filename=filename)
        ) from None


_ZONE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9][A-Za-z0-9_+-]*)*", re.ASCII)
_NOT_ZONES = frozenset({"localtime", "posixrules"})
"""Files in the zone folder that are not IANA zone names: the host's own zone (which
differs from machine to machine) and the POSIX rules template. ``posix/`` and
``right/`` hold second copies of every zone under other names."""


_CITY_ZONES = {"asia/beijing": "Asia/Shanghai", "beijing": "Asia/Shanghai", "asia/hangzhou": "Asia/Shanghai"}
"""Names admins write for China's zone that are no zone names (the spelling is closer
to Asia/Brunei, which would be a wrong hint)."""


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
        known = _CITY_ZONES.get(value.casefold())
        hint = [known] if known else difflib.get_close_matches(value, zones, n=1)
        shown = timefmt.quote(value)
        if hint:
            text = message(N_("{value} is not an IANA time zone (did you mean {zone}?)"), value=shown, zone=hint[0])
        else:
            text = message(N_("{value} is not an IANA time zone (e.g. Asia/Shanghai, Europe/Berlin)"), value=shown)
        raise timefmt.FormatError(text) from None
    return True


def _cron(value: object) -> bool:
    if not isinstance(value, str):
        return True
    from croniter import croniter  # imported here: only policies with recurring exceptions need it (start-up)

    from cs.calendar.hours import cron_fires

    if len(value.split()) != 5 or "\n" in value or not croniter.is_valid(value):
        raise timefmt.FormatError(
            message(
                N_("{value} is not a 5-field cron expression (minute hour day month weekday)"),
                value=timefmt.quote(value),
            )
        )
    if not cron_fires(value):
        raise timefmt.FormatError(
            message(N_("{value} never fires: no date has that day and month; check them"), value=timefmt.quote(value))
        )
    return True


def _checked(parse: Any) -> Any:
    def check(value: object) -> bool:
        if isinstance(value, str):
            parse(value)
        return True

    return check


FORMAT_CHECKS: dict[str, Callable[[object], bool]] = {
    "time-window": _checked(timefmt.parse_window),
    "cs-duration": _checked(timefmt.parse_duration),
    "date": _checked(timefmt.parse_date),
    "local-datetime": _checked(timefmt.parse_local_datetime),
    "iana-timezone": _timezone,
    "cron": _cron,
}
"""The custom formats; each raises ValueError (a FormatError with its message) on a bad value."""


@cache
def format_checker() -> jsonschema.FormatChecker:
    import jsonschema

    checker = jsonschema.FormatChecker(formats=())
    for name, check in FORMAT_CHECKS.items():
        checker.checks(name, raises=ValueError)(check)
    return checker


def _conforms(name: str) -> Predicate:
    """What ``format_checker().conforms(x, name)`` says, without jsonschema; an
    unknown format is "don't know" (jsonschema would let it pass)."""
    check = FORMAT_CHECKS.get(name)
    if check is None:
        return _never

    def conforms(x: Any) -> bool:
        try:
            return bool(check(x))
        except ValueError:
            return False

    return conforms


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


@cache
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


def _exact_pattern(
    validator: Any, pattern: str, instance: object, schema: dict[str, Any]
) -> Iterator[jsonschema.ValidationError]:
    """``pattern`` with ECMA-262 anchors. A pattern beside a cs ``format`` is there for
    editors; the format's own parser is the check here, with its clearer message, so
    one mistake is one finding."""
    if not isinstance(instance, str) or schema.get("format") in FORMAT_RULES:
        return
    if not _ecma_regex(pattern).search(instance):
        import jsonschema

        yield jsonschema.ValidationError(f"{_show(instance)} does not match {pattern!r}")


Predicate = Callable[[Any], bool]

_PLAIN_KEYWORDS = frozenset(
    {"description", "type", "pattern", "format", "enum", "minLength", "minItems", "properties",
     "additionalProperties", "required", "items", "uniqueItems", "anyOf", "const", "minProperties",
     "propertyNames", "minimum", "maximum", "title", "$id", "$schema", "$defs"}
)  # fmt: skip
"""The keywords the fast check knows (the last four are annotations); a schema with
any other (``not``, ``oneOf``, a recursive ``$ref``) is not plain."""
_TYPES: dict[str, Predicate] = {
    "string": lambda x: type(x) is str,
    "integer": lambda x: type(x) is int,
    "number": lambda x: type(x) in (int, float),
    "boolean": lambda x: type(x) is bool,
    "null": lambda x: x is None,
    "object": lambda x: type(x) is dict,
    "array": lambda x: type(x) is list,
}


def _valid_for_sure(schema: Any) -> Predicate | None:
    """A fast yes-or-don't-know check for a schema made only of plain keywords.

    jsonschema spends some 20 µs per list item on bookkeeping, which at 10,000 agents
    is most of ``cs validate``. The whole document is first tried with this predicate
    (:func:`schema_messages`), and so is each item of a list whose item schema is
    plain: True means jsonschema would find nothing (same keywords, same ECMA
    patterns, same formats); False means "ask jsonschema", which then reports as
    always. Where a keyword's meaning has a corner (integers written 1.0, booleans
    equal to 1, ``not``, ``oneOf``), the predicate says False and leaves it to
    jsonschema. None: the schema itself uses a keyword this does not know.
    """
    if isinstance(schema, bool):
        return lambda x: schema
    if not isinstance(schema, dict) or not schema.keys() <= _PLAIN_KEYWORDS:
        return None
    matches = _string_pattern(schema)
    if matches is not None:
        return _string_matching(matches)
    item_matches = _string_pattern(schema.get("items"))
    if schema.get("type") == "array" and item_matches is not None and schema.keys() <= _STRING_LIST_KEYWORDS:
        return _string_list(item_matches, unique=schema.get("uniqueItems") is True)
    checks: list[Predicate] = []
    if "type" in schema:
        names = [schema["type"]] if isinstance(schema["type"], str) else schema["type"]
        if not all(name in _TYPES for name in names):
            return None
        kinds = [_TYPES[name] for name in names]
        checks.append(kinds[0] if len(kinds) == 1 else lambda x: any(kind(x) for kind in kinds))
    if "enum" in schema:
        if not all(type(v) is str for v in schema["enum"]):
            return None
        checks.append(_member_of(frozenset(schema["enum"])))
    if "const" in schema:
        checks.append(_equal_to(schema["const"]))
    if "anyOf" in schema:
        branches = [_sub(branch) for branch in schema["anyOf"]]
        checks.append(lambda x: any(branch(x) for branch in branches))
    if "minimum" in schema:
        least = schema["minimum"]
        checks.append(lambda x: type(x) not in (int, float) or x >= least)
    if "maximum" in schema:
        most = schema["maximum"]
        checks.append(lambda x: type(x) not in (int, float) or x <= most)
    if "minProperties" in schema:
        fewest_keys = schema["minProperties"]
        checks.append(lambda x: type(x) is not dict or len(x) >= fewest_keys)
    if "propertyNames" in schema:
        name_check = _sub(schema["propertyNames"])
        checks.append(lambda x: type(x) is not dict or all(map(name_check, x)))
    if "pattern" in schema and schema.get("format") not in FORMAT_RULES:
        regex = _ecma_regex(schema["pattern"])
        checks.append(lambda x: type(x) is not str or regex.search(x) is not None)
    if "format" in schema:
        checks.append(_conforms(schema["format"]))
    if "minLength" in schema:
        shortest = schema["minLength"]
        checks.append(lambda x: type(x) is not str or len(x) >= shortest)
    if "minItems" in schema:
        fewest = schema["minItems"]
        checks.append(lambda x: type(x) is not list or len(x) >= fewest)
    if "required" in schema:
        required = list(schema["required"])
        checks.append(lambda x: type(x) is not dict or all(key in x for key in required))
    if "properties" in schema or "additionalProperties" in schema:
        properties = {key: _sub(subschema) for key, subschema in schema.get("properties", {}).items()}
        extra = _sub(schema.get("additionalProperties", True))

        def object_check(x: Any) -> bool:
            if type(x) is dict:
                for key, value in x.items():
                    if not properties.get(key, extra)(value):
                        return False
            return True

        checks.append(object_check)
    if "items" in schema:
        item_check = _sub(schema["items"])
        checks.append(lambda x: type(x) is not list or all(map(item_check, x)))
    if schema.get("uniqueItems") is True:
        checks.append(lambda x: type(x) is list and all(type(i) is str for i in x) and len(set(x)) == len(x))
    return _all_of(tuple(checks))


_STRING_KEYWORDS = frozenset({"description", "type", "pattern"})
_STRING_LIST_KEYWORDS = frozenset({"description", "type", "items", "uniqueItems"})
_ONLY_STRINGS = frozenset({str})


def _string_pattern(schema: Any) -> Callable[[str], object] | None:
    """The ECMA regex search of a schema that is only ``type: string`` and a
    ``pattern`` (ids, language tags, names): the commonest item of a long list, so
    checked in one step rather than as two keywords."""
    if not isinstance(schema, dict) or schema.get("type") != "string" or "pattern" not in schema:
        return None
    if not schema.keys() <= _STRING_KEYWORDS:
        return None
    return _ecma_regex(schema["pattern"]).search


def _string_matching(search: Callable[[str], object]) -> Predicate:
    return lambda x: type(x) is str and search(x) is not None


def _string_list(search: Callable[[str], object], *, unique: bool) -> Predicate:
    """A list of strings that each match (a schedule's 100 agent ids), in C loops."""

    def check(x: Any) -> bool:
        if type(x) is not list or not {*map(type, x)} <= _ONLY_STRINGS:
            return False
        if unique and len(set(x)) != len(x):
            return False
        return all(map(search, x))

    return check


def _never(x: Any) -> bool:
    return False


def _sub(schema: Any) -> Predicate:
    """A subschema's check; one the fast check does not know always says "ask jsonschema"."""
    return _valid_for_sure(schema) or _never


def _equal_to(value: Any) -> Predicate:
    if type(value) not in (str, int, bool, type(None)):
        return _never
    kind = type(value)
    return lambda x: type(x) is kind and x == value


def _member_of(members: frozenset[str]) -> Predicate:
    return lambda x: type(x) is str and x in members


def _all_of(checks: tuple[Predicate, ...]) -> Predicate:
    if len(checks) <= 1:
        return checks[0] if checks else lambda x: True

    def check_all(x: Any) -> bool:
        for check in checks:  # noqa: SIM110  (per item of 10,000: a loop beats all(genexpr))
            if not check(x):
                return False
        return True

    return check_all


_item_checks: dict[int, tuple[Any, Predicate | None]] = {}


def _items_checked_fast(
    validator: Any, items: Any, instance: object, schema: dict[str, Any]
) -> Iterator[jsonschema.ValidationError]:
    """``items`` that tries each item with :func:`_valid_for_sure` first."""
    if not isinstance(instance, list) or "prefixItems" in schema or items is False:
        yield from _plain_items()(validator, items, instance, schema)
        return
    known = _item_checks.get(id(items))
    if known is None or known[0] is not items:
        known = _item_checks[id(items)] = (items, _valid_for_sure(items))
    check = known[1]
    for index, item in enumerate(instance):
        if check is None or not check(item):
            yield from validator.descend(instance=item, schema=items, path=index)


@cache
def _plain_items() -> Any:
    import jsonschema

    return jsonschema.validators.Draft202012Validator.VALIDATORS["items"]


@cache
def _schemas(name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The published schema ``name`` and its faster form (:func:`inline_refs`)."""
    schema = schema_document(name)
    return schema, inline_refs(schema, schema.get("$defs", {}))


@cache
def _document_check(name: str) -> Predicate:
    return _sub(_schemas(name)[1])


@cache
def validator(name: str = "policy") -> jsonschema.protocols.Validator:
    import jsonschema

    schema, fast = _schemas(name)
    base = jsonschema.validators.validator_for(schema)
    keywords = {"pattern": _exact_pattern, "items": _items_checked_fast}
    cls = jsonschema.validators.extend(base, keywords)  # type: ignore[no-untyped-call]
    validator: jsonschema.protocols.Validator = cls(fast, format_checker=format_checker())
    return validator


SchemaMessage = tuple[tuple[str | int, ...], bool, str, Message]
"""(path, points at the key, rule id, message in both languages)."""
SchemaProblem = tuple[tuple[str | int, ...], bool, str, str]
"""(path, points at the key, rule id, message in the language of the process)."""


def schema_messages(data: Any, name: str = "policy") -> Iterator[SchemaMessage]:
    """What is wrong with ``data`` against the schema ``name``: findings for ``cs validate``.

    A document the fast check finds valid for sure is not walked by jsonschema (nor
    is jsonschema imported: a tenth of a second of every command)."""
    if _document_check(name)(data):
        return
    for error in validator(name).iter_errors(data):
        yield from _explain(error)


def schema_problems(data: Any, name: str = "policy") -> Iterator[SchemaProblem]:
    """:func:`schema_messages` as a person reads them (an error listing problems)."""
    for path, key, rule, text in schema_messages(data, name):
        yield path, key, rule, text.shown


def _explain(error: jsonschema.ValidationError) -> Iterator[SchemaMessage]:
    """The problems an error stands for; a refused string that holds full-width
    punctuation (UI-3) says so and how it was meant."""
    hint = value_hint(error.instance) if isinstance(error.instance, str) else None
    for path, key, rule, text in _problems(error):
        if hint and len(path) == len(error.absolute_path):
            text = message(N_("{problem}; {hint}"), problem=text, hint=hint)
        yield path, key, rule, text


def _cause(error: jsonschema.ValidationError) -> Message:
    cause = error.cause
    if isinstance(cause, timefmt.FormatError):
        return cause.text
    return verbatim(str(cause) if cause else error.message)


def _problems(error: jsonschema.ValidationError) -> Iterator[SchemaMessage]:
    path = tuple(error.absolute_path)
    if error.validator == "format":
        rule = FORMAT_RULES.get(str(error.validator_value), "schema")
        if isinstance(error.cause, timefmt.EmptyWindowError):
            rule = "window-empty"
        yield path, False, rule, _cause(error)
    elif error.validator in ("unevaluatedProperties", "additionalProperties"):
        known = list(error.schema.get("properties", {})) if isinstance(error.schema, dict) else []
        instance = error.instance if isinstance(error.instance, dict) else {}
        for key in instance:
            if key in known:
                continue
            hint = difflib.get_close_matches(str(key), known, n=1)
            shown = timefmt.quote(str(key))
            full_width = value_hint(str(key))
            if full_width:
                text = message(N_("unknown key {key}; {hint}"), key=shown, hint=full_width)
            elif hint:
                text = message(N_("unknown key {key}; did you mean '{known}'?"), key=shown, known=hint[0])
            else:
                text = message(N_("unknown key {key}; allowed here: {known}"), key=shown, known=", ".join(known))
            yield (*path, key), True, "schema", text
    elif error.validator == "required":
        missing = error.message.split(" is a ")[0]
        yield path, False, "schema", message(N_("missing required key: {key}"), key=missing)
    elif error.validator in ("anyOf", "oneOf") and error.context:
        deepest = max(error.context, key=lambda e: len(e.absolute_path))
        if len(deepest.absolute_path) > len(path):
            yield from _explain(deepest)
        else:
            yield path, False, "schema", _not_valid_here(error)
    elif error.validator in ("pattern", "enum", "const", "type"):
        yield path, False, "schema", _not_valid_here(error)
    elif error.validator in LIBRARY_SENTENCES:
        english = error.message  # jsonschema's own sentence, kept as the English
        shown = translate(LIBRARY_SENTENCES[str(error.validator)]).format(
            value=_show(error.instance), limit=error.validator_value
        )
        yield path, False, "schema", Message(english, shown)
    else:
        yield path, False, "schema", verbatim(error.message)


LIBRARY_SENTENCES = {
    "uniqueItems": N_("{value} has non-unique elements"),
    "minItems": N_("{value} has fewer than {limit} items"),
    "maxItems": N_("{value} has more than {limit} items"),
    "minLength": N_("{value} is shorter than {limit} characters"),
    "minProperties": N_("{value} has fewer than {limit} keys"),
    "minimum": N_("{value} is less than the minimum of {limit}"),
    "maximum": N_("{value} is greater than the maximum of {limit}"),
}
"""What jsonschema says for the other keywords the schemas use, for the catalog: the
English stays jsonschema's own sentence (JSON output unchanged), a translation says
the same with the value and the bound."""


def _not_valid_here(error: jsonschema.ValidationError) -> Message:
    """The value and what the schema's description says belongs there. The
    descriptions are the published schema's, in English (editors show them too);
    a person reading Chinese sees their translation from the catalog."""
    description = _description(error)
    return message(N_("{value} is not valid here: {description}"), value=_show(error.instance), description=description)


def _show(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def _description(error: jsonschema.ValidationError) -> Message:
    for schema in (error.schema, *reversed([e for e in _parents(error)])):
        if isinstance(schema, dict) and "description" in schema:
            description = message(str(schema["description"]))  # in the catalog: cs.i18n.extract
            if error.validator == "enum" and isinstance(error.validator_value, list):
                values = ", ".join(map(str, error.validator_value))
                return message(N_("{description} (one of: {values})"), description=description, values=values)
            return description
    return _library_sentence(error)


def _library_sentence(error: jsonschema.ValidationError) -> Message:
    """jsonschema's own sentence for a value whose schema has no description: the
    English as jsonschema says it, and in a language with a translation, the same
    said with the allowed values, types or pattern."""
    english = str(error.message)
    if error.validator == "enum" and isinstance(error.validator_value, list):
        values = ", ".join(map(str, error.validator_value))
        return _reworded(english, N_("not one of the allowed values: {values}"), values=values)
    if error.validator == "type":
        kinds = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        names = (translate(_TYPE_NAMES[k]) if k in _TYPE_NAMES else str(k) for k in map(str, kinds))
        return _reworded(english, N_("not of type {types}"), types=pgettext("list separator", ", ").join(names))
    if error.validator == "pattern":
        return _reworded(english, N_("does not match the pattern {pattern}"), pattern=error.validator_value)
    return verbatim(english)


def _reworded(english: str, template: str, **fields: object) -> Message:
    """``english`` as it is, shown translated as ``template`` says when the language
    of the process has a translation of it."""
    translated = translate(template)
    return Message(english, english if translated == template else translated.format(**fields))


_TYPE_NAMES = {
    "string": N_("text"),
    "integer": N_("whole number"),
    "number": N_("number"),
    "boolean": N_("true or false"),
    "object": N_("mapping (key: value)"),
    "array": N_("list"),
    "null": N_("null"),
}


def _parents(error: jsonschema.ValidationError) -> list[Any]:
    out = []
    parent = error.parent
    while parent is not None:
        out.append(parent.schema)
        parent = parent.parent
    return out
