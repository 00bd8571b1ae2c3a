"""Scenario files (``schema/scenario.schema.json``): the visitors and agents of a simulated day.

A scenario is loaded like a policy: located YAML -> JSON Schema -> typed,
frozen :class:`Scenario` -> checked against the policy it runs on. Every
problem is reported at ``file:line:col`` in one :class:`ScenarioError`.
Times stay symbolic (:class:`At`) until the run knows its first day.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from random import Random
from typing import Any

from cs.errors import UsageError
from cs.i18n import N_, ngettext
from cs.i18n.message import Message as Text
from cs.i18n.message import message
from cs.load.yaml_loader import SCENARIO_FILE, LoadedDocument, load_file
from cs.model.policy import ORDER_STATUSES, Policy
from cs.model.timefmt import parse_duration, parse_local_datetime

Path = tuple[str | int, ...]
Weights = tuple[tuple[str, float], ...]

MAX_ARRIVALS_PER_HOUR = 100_000
"""The highest arrival rate a scenario may give (the schema's ``maximum``, docs/simulate.md):
a full day at this rate is 2.4 million visitors, far above any shop's peak, and a run
that still ends in seconds to a minute."""
WEIGHTED = ("languages", "order_status", "entry_points", "first_messages")
"""The traffic's keys that map values to relative weights."""
SHARES = ("returning_share", "silent_share", "answers_warning_share")


class ScenarioError(UsageError):
    """A scenario file cannot be used; ``problems`` lists every ``file:line:col: message``."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        head = ngettext(
            "{source}: {count} problem in the scenario", "{source}: {count} problems in the scenario", count
        )
        head = head.format(source=source, count=count)
        super().__init__("\n".join([head, *self.problems]))


@dataclass(frozen=True)
class At:
    """A scenario time: seconds into a day of the run (1 = the first), or a local date and time."""

    day: int = 1
    seconds: int = 0
    local: datetime | None = None
    """Naive local date and time in the policy's zone; wins over ``day``/``seconds``."""


@dataclass(frozen=True)
class Distribution:
    """A random duration in seconds."""

    kind: str
    """``fixed``, ``exponential`` or ``lognormal``."""
    mean: float
    sd: float = 0.0

    def sampler(self, rng: Random) -> Callable[[], float]:
        """A zero-argument function drawing from ``rng`` (no draw at all for ``fixed``)."""
        mean = self.mean
        if self.kind == "fixed" or mean <= 0:
            return lambda: mean
        if self.kind == "exponential":
            random, log1p = rng.random, math.log1p
            return lambda: -log1p(-random()) * mean
        sd = self.sd if self.sd > 0 else mean
        sigma2 = math.log(1.0 + (sd * sd) / (mean * mean))
        mu, sigma = math.log(mean) - sigma2 / 2.0, math.sqrt(sigma2)
        lognormvariate = rng.lognormvariate
        return lambda: lognormvariate(mu, sigma)


def fixed(seconds: float) -> Distribution:
    return Distribution("fixed", float(seconds))


@dataclass(frozen=True)
class Traffic:
    """Synthetic traffic: a Poisson arrival process and how visitors are drawn."""

    arrivals_per_hour: tuple[float, ...]
    """24 rates, one per local hour of the day."""
    handle_time: Distribution = Distribution("exponential", 300.0)
    patience: Distribution | None = None
    languages: Weights = ()
    """Empty: the policy's default language."""
    returning_share: float = 0.0
    returning_within: float | None = None
    """Seconds; None: the policy's recent-contact window."""
    order_status: Weights = (("none", 1.0),)
    entry_points: Weights = (("product_detail", 1.0),)
    first_messages: Weights = ()
    silent_share: float = 0.0
    answers_warning_share: float = 0.0
    response_time: Distribution | None = None
    bot_time: Distribution | None = None


@dataclass(frozen=True)
class Message:
    text: str
    after: float = 0.0
    """Seconds after arrival."""


@dataclass(frozen=True)
class Returning:
    last_agent: str
    last_contact: At | None = None
    ago: float | None = None
    """Seconds before arrival; used when ``last_contact`` is not given (default 1h)."""


@dataclass(frozen=True)
class ScenarioVisitor:
    id: str
    at: At
    customer: str
    language: str | None = None
    entry_point: str = "product_detail"
    order_status: str = "none"
    returning: Returning | None = None
    messages: tuple[Message, ...] = ()
    handle_time: float = 300.0
    patience: float | None = None
    silent_after: float | None = None
    answers_warning: bool = False
    agent: str | None = None
    choose_agent: str | None = None
    asks_for_human: bool | None = None
    bot_time: float = 0.0
    where: Path = field(default=(), compare=False)


@dataclass(frozen=True)
class StatusChange:
    at: At
    status: str
    where: Path = field(default=(), compare=False)


@dataclass(frozen=True)
class AgentScript:
    id: str
    response_time: Distribution | None = None
    status_changes: tuple[StatusChange, ...] = ()
    where: Path = field(default=(), compare=False)


@dataclass(frozen=True)
class Scenario:
    name: str
    seed: int | None = None
    traffic: Traffic | None = None
    visitors: tuple[ScenarioVisitor, ...] = ()
    agents: tuple[AgentScript, ...] = ()
    source: str = field(default="", compare=False)


# --- building ---------------------------------------------------------------------------

Raw = Mapping[str, Any]


def _at(value: str, day: int = 1) -> At:
    if "T" in value or " " in value:
        return At(local=parse_local_datetime(value))
    parts = [int(p) for p in value.split(":")]
    seconds = parts[0] * 3600 + parts[1] * 60 + (parts[2] if len(parts) > 2 else 0)
    return At(day=day, seconds=seconds)


def _seconds(value: str) -> float:
    return parse_duration(value).total_seconds()


def distribution(value: str | Raw) -> Distribution:
    if isinstance(value, str):
        return fixed(_seconds(value))
    sd = _seconds(value["sd"]) if "sd" in value else 0.0
    return Distribution(value["dist"], _seconds(value["mean"]), sd)


def _weights(raw: Raw | None, default: Weights) -> Weights:
    if not raw:
        return default
    weights = tuple((str(k), float(v)) for k, v in raw.items())
    if not math.isfinite(sum(w for _, w in weights)):  # each is finite, their sum overflows: scale down
        largest = max(w for _, w in weights)
        weights = tuple((k, w / largest) for k, w in weights)
    return weights


def _traffic(raw: Raw) -> Traffic:
    rate = raw["arrivals_per_hour"]
    rates = tuple(float(r) for r in rate) if isinstance(rate, list) else (float(rate),) * 24
    return Traffic(
        arrivals_per_hour=rates,
        handle_time=distribution(raw.get("handle_time", {"dist": "exponential", "mean": "5m"})),
        patience=distribution(raw["patience"]) if "patience" in raw else None,
        languages=_weights(raw.get("languages"), ()),
        returning_share=float(raw.get("returning_share", 0.0)),
        returning_within=_seconds(raw["returning_within"]) if "returning_within" in raw else None,
        order_status=_weights(raw.get("order_status"), (("none", 1.0),)),
        entry_points=_weights(raw.get("entry_points"), (("product_detail", 1.0),)),
        first_messages=_weights(raw.get("first_messages"), ()),
        silent_share=float(raw.get("silent_share", 0.0)),
        answers_warning_share=float(raw.get("answers_warning_share", 0.0)),
        response_time=distribution(raw["response_time"]) if "response_time" in raw else None,
        bot_time=distribution(raw["bot_time"]) if "bot_time" in raw else None,
    )


def _visitor(raw: Raw, index: int) -> ScenarioVisitor:
    ident = raw.get("id", f"v{index + 1}")
    returning = None
    if "returning" in raw:
        r = raw["returning"]
        returning = Returning(
            last_agent=r["last_agent"],
            last_contact=_at(r["last_contact"], r.get("day", 1)) if "last_contact" in r else None,
            ago=_seconds(r["ago"]) if "ago" in r else None,
        )
    return ScenarioVisitor(
        id=ident,
        at=_at(raw["at"], raw.get("day", 1)),
        customer=raw.get("customer", ident),
        language=raw.get("language"),
        entry_point=raw.get("entry_point", "product_detail"),
        order_status=raw.get("order_status", "none"),
        returning=returning,
        messages=tuple(Message(m["text"], _seconds(m.get("after", "0s"))) for m in raw.get("messages", ())),
        handle_time=_seconds(raw.get("handle_time", "5m")),
        patience=_seconds(raw["patience"]) if "patience" in raw else None,
        silent_after=_seconds(raw["silent_after"]) if "silent_after" in raw else None,
        answers_warning=raw.get("answers_warning", False),
        agent=raw.get("agent"),
        choose_agent=raw.get("choose_agent"),
        asks_for_human=raw.get("asks_for_human"),
        bot_time=_seconds(raw.get("bot_time", "0s")),
        where=("visitors", index),
    )


def _agent(raw: Raw, index: int) -> AgentScript:
    where: Path = ("agents", index)
    return AgentScript(
        id=raw["id"],
        response_time=distribution(raw["response_time"]) if "response_time" in raw else None,
        status_changes=tuple(
            StatusChange(_at(c["at"], c.get("day", 1)), c["status"], (*where, "status_changes", i))
            for i, c in enumerate(raw.get("status_changes", ()))
        ),
        where=where,
    )


def build_scenario(raw: Raw, source: str = "") -> Scenario:
    """Raw tree (already schema-valid) -> :class:`Scenario`."""
    return Scenario(
        name=raw.get("name", os.path.splitext(os.path.basename(source))[0] if source else "scenario"),
        seed=raw.get("seed"),
        traffic=_traffic(raw["traffic"]) if "traffic" in raw else None,
        visitors=tuple(_visitor(v, i) for i, v in enumerate(raw.get("visitors", ()))),
        agents=tuple(_agent(a, i) for i, a in enumerate(raw.get("agents", ()))),
        source=source,
    )


# --- checking what the schema cannot say -----------------------------------------------


def _not_finite(value: object) -> bool:
    """YAML's ``.nan`` and ``.inf`` (JSON has neither), or an integer too large to be a float."""
    if isinstance(value, float):
        return not math.isfinite(value)
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) > sys.float_info.max


def _shown(value: object) -> str:
    if isinstance(value, float) and math.isnan(value):
        return ".nan"
    if isinstance(value, float):
        return ".inf" if value > 0 else "-.inf"
    text = str(value)
    return text if len(text) <= 20 else f"{text[:17]}..."


def value_problems(raw: Raw) -> Iterator[tuple[Path, Text]]:
    """Numbers of a schema-valid scenario that cannot drive a run: NaN and infinity (YAML
    writes them, the schema's bounds let NaN through), and weights that are all 0, which
    leave nothing to draw (and made a forecast of customers who never come)."""
    traffic = raw.get("traffic")
    if not isinstance(traffic, Mapping):
        return
    numbers: list[tuple[Path, object]] = []
    rate = traffic.get("arrivals_per_hour")
    if isinstance(rate, list):
        numbers += [(("traffic", "arrivals_per_hour", i), r) for i, r in enumerate(rate)]
    else:
        numbers.append((("traffic", "arrivals_per_hour"), rate))
    numbers += [(("traffic", name), traffic[name]) for name in SHARES if name in traffic]
    for name in WEIGHTED:
        weights = traffic.get(name)
        if isinstance(weights, Mapping):
            numbers += [(("traffic", name, key), weight) for key, weight in weights.items()]
    for path, value in numbers:
        if _not_finite(value):
            yield (
                path,
                message(N_("{value} is not a finite number; write a number such as 10 or 0.5"), value=_shown(value)),
            )
    for name in WEIGHTED:
        weights = traffic.get(name)
        if isinstance(weights, Mapping) and weights and all(w == 0 for w in weights.values()):
            yield ("traffic", name), message(N_("weights must not all be 0; give at least one a weight above 0"))


# --- checking against the policy --------------------------------------------------------


def policy_problems(scenario: Scenario, policy: Policy) -> Iterator[tuple[Path, str]]:
    """References from the scenario to the policy that do not hold."""
    known = {a.id for a in policy.agents}
    declared = ", ".join(a.id for a in policy.agents) or "none"

    def unknown(path: Path, ident: str | None) -> Iterator[tuple[Path, str]]:
        if ident is not None and ident not in known:
            yield path, f"unknown agent '{ident}': the policy declares {declared}"

    seen: dict[str, Path] = {}
    for v in scenario.visitors:
        if v.id in seen:
            yield (*v.where, "id"), f"visitor id '{v.id}' is used twice"
        seen.setdefault(v.id, v.where)
        if v.returning is not None:
            yield from unknown((*v.where, "returning", "last_agent"), v.returning.last_agent)
            if v.returning.last_contact is not None and v.returning.ago is not None:
                yield (*v.where, "returning"), "give `last_contact` or `ago`, not both"
        yield from unknown((*v.where, "agent"), v.agent)
        yield from unknown((*v.where, "choose_agent"), v.choose_agent)
    scripted: set[str] = set()
    for a in scenario.agents:
        yield from unknown((*a.where, "id"), a.id)
        if a.id in scripted:
            yield (*a.where, "id"), f"agent '{a.id}' is scripted twice; merge the entries"
        scripted.add(a.id)
    if scenario.traffic is not None:
        for status, _ in scenario.traffic.order_status:
            assert status in ORDER_STATUSES  # the schema's enum


def _located(doc: LoadedDocument, path: Path, key: bool, message: str) -> tuple[int, int, str]:
    mark = doc.locate(path, key=key)
    return mark.line, mark.col, f"{doc.source}:{mark.line}:{mark.col}: {message}"


def load_scenario(path: str | os.PathLike[str], policy: Policy) -> Scenario:
    """Load, validate and check a scenario file; :class:`ScenarioError` lists every problem."""
    doc = load_file(path, SCENARIO_FILE)
    from cs.schema import schema_problems  # the scenario files' check only

    found = [_located(doc, p, key, message) for p, key, _rule, message in schema_problems(doc.data, "scenario")]
    if not found:
        found = [_located(doc, p, False, text.shown) for p, text in value_problems(doc.data)]
    scenario = None
    if not found:
        scenario = build_scenario(doc.data, doc.source)
        found = [_located(doc, p, False, message) for p, message in policy_problems(scenario, policy)]
    if found:
        raise ScenarioError(doc.source, [text for _, _, text in sorted(found)])
    assert scenario is not None
    return scenario


# --- the built-in day -------------------------------------------------------------------

BUILTIN_PROFILE = (2, 1, 1, 0, 0, 0, 1, 2, 6, 10, 12, 12, 9, 10, 11, 10, 9, 8, 9, 12, 14, 13, 8, 4)
"""Visitors per local hour of a small shop's day: quiet nights, a morning and an evening peak."""


def builtin_raw(policy: Policy) -> dict[str, Any]:
    """The synthetic day used without ``--scenario``, in the policy's languages and keywords."""
    default = policy.messages.default_language
    others = [lang for lang in policy.messages.languages if lang != default]
    languages = {default: 0.8, **{lang: round(0.2 / len(others), 4) for lang in others}} if others else {default: 1}
    texts = {"你好": 2.0}
    for reply in policy.quick_replies:
        if reply.keywords:
            texts.setdefault(reply.keywords[0], 1.0)
    # Through the product page, or the entry points the policy lets customers in by (ENT-1):
    # a policy without it would otherwise turn the whole day away.
    ways = policy.entry_points if policy.entry_points and "product_detail" not in policy.entry_points else ()
    entry_points = {way: 1.0 for way in ways} or {"product_detail": 1.0}
    return {
        "name": "built-in synthetic day",
        "traffic": {
            "arrivals_per_hour": list(BUILTIN_PROFILE),
            "handle_time": {"dist": "exponential", "mean": "5m"},
            "patience": {"dist": "exponential", "mean": "4m"},
            "languages": languages,
            "returning_share": 0.2,
            "order_status": {
                "none": 0.4,
                "unpaid": 0.1,
                "paid_not_shipped": 0.2,
                "shipped": 0.15,
                "after_sale": 0.1,
                "completed": 0.05,
            },
            "entry_points": entry_points,
            "first_messages": texts,
            "silent_share": 0.05,
            "answers_warning_share": 0.5,
            "response_time": {"dist": "exponential", "mean": "10s"},
        },
    }


def builtin_scenario(policy: Policy) -> Scenario:
    """The synthetic day for ``policy``: a scenario the scenario schema accepts (a test
    checks it for every example), so it is built without the schema check, whose
    jsonschema import alone would cost a small run a third of its start-up."""
    return build_scenario(builtin_raw(policy), "<built-in synthetic day>")
