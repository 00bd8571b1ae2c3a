"""Rules about agents, teams, schedules and the ids that tie them (AG-1, AG-2)."""

from __future__ import annotations

import bisect
from collections.abc import Collection, Iterator, Sequence

from cs.findings import Severity
from cs.i18n import N_
from cs.i18n.message import message
from cs.model.policy import Path, Policy
from cs.rules.registry import Hit, rule

MAX_CHATS_RANGE = range(1, 501)


DUPLICATE = {
    "agent": N_("agent id '{ident}' is used twice (first at {first})"),
    "team": N_("team id '{ident}' is used twice (first at {first})"),
    "schedule": N_("schedule id '{ident}' is used twice (first at {first})"),
    "exception": N_("exception id '{ident}' is used twice (first at {first})"),
    "quick reply": N_("quick reply id '{ident}' is used twice (first at {first})"),
}


UNKNOWN = {
    "agent": N_("unknown agent '{ident}' (declared: {declared})"),
    "team": N_("unknown team '{ident}' (declared: {declared})"),
}
UNKNOWN_NONE_DECLARED = {
    "agent": N_("unknown agent '{ident}' (declared: none)"),
    "team": N_("unknown team '{ident}' (declared: none)"),
}
UNKNOWN_CLOSE = {
    "agent": N_("unknown agent '{ident}' ({count} declared; did you mean {close}?)"),
    "team": N_("unknown team '{ident}' ({count} declared; did you mean {close}?)"),
}
UNKNOWN_NONE_CLOSE = {
    "agent": N_("unknown agent '{ident}' ({count} declared, none with a similar id)"),
    "team": N_("unknown team '{ident}' ({count} declared, none with a similar id)"),
}
DECLARED_LISTED = 10
"""Up to this many declared ids, an unknown one's finding lists them all; beyond it
(a 10,000-agent policy), it names the few closest instead."""
CLOSEST = 3
NEIGHBOURS = 8
"""How many ids on each side of an unknown one, in each sorted order, are candidates
for "did you mean"; one that shares at least half of the unknown id, at its start and
its end together, counts as close."""


NAMING = N_("agent '{agent}' has several schedules that name it ({names}); '{wins}' wins")
REACHING = N_("agent '{agent}' has several schedules that reach it through its teams ({names}); '{wins}' wins")


def _duplicates(items: Sequence[tuple[str, Path]], what: str) -> Iterator[Hit]:
    first: dict[str, Path] = {}
    for ident, where in items:
        if ident in first:
            yield Hit((*where, "id"), message(DUPLICATE[what], ident=ident, first=_show(first[ident])))
        else:
            first[ident] = where


def _show(path: Path) -> str:
    return ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in path).replace(".[", "[")


@rule("duplicate-id", Severity.ERROR, "AG-1")
def duplicate_id(policy: Policy) -> Iterator[Hit]:
    """Two agents, teams, schedules, exceptions or quick replies share an id. Ids
    are how everything refers to them (and how `cs diff` matches them): make them unique."""
    yield from _duplicates([(a.id, a.where) for a in policy.agents], "agent")
    yield from _duplicates([(t.id, t.where) for t in policy.teams], "team")
    yield from _duplicates([(s.id, s.where) for s in policy.schedules], "schedule")
    yield from _duplicates([(e.id, e.where) for e in policy.calendar.exceptions], "exception")
    for s in policy.schedules:
        yield from _duplicates([(e.id, e.where) for e in s.calendar.exceptions], "exception")
    yield from _duplicates([(q.id, q.where) for q in policy.quick_replies], "quick reply")


def references(policy: Policy) -> Iterator[tuple[Path, str, str]]:
    """Every (path, kind, id) where the policy refers to an agent or team."""
    for a in policy.agents:
        for i, team in enumerate(a.teams):
            yield (*a.where, "teams", i), "team", team
    for s in policy.schedules:
        for i, agent in enumerate(s.agents):
            yield (*s.where, "agents", i), "agent", agent
        for i, team in enumerate(s.teams):
            yield (*s.where, "teams", i), "team", team
    for i, agent in enumerate(policy.offline.routing_list):
        yield ("offline", "routing_list", "agents", i), "agent", agent
    for status, team in policy.routing.groups.by_order_status:
        yield ("routing", "groups", "by_order_status", status), "team", team


@rule("unknown-reference", Severity.ERROR, "AG-1", "AG-2", "RT-4", "OFF-8")
def unknown_reference(policy: Policy) -> Iterator[Hit]:
    """A schedule, team membership, routing group or offline routing list names an
    agent or team that the policy does not declare."""
    known = {"agent": {a.id for a in policy.agents}, "team": {t.id for t in policy.teams}}
    closest = {kind: _Closest(ids) for kind, ids in known.items()}
    for path, kind, ident in references(policy):
        if ident in known[kind]:
            continue
        count = len(known[kind])
        if not count:
            yield Hit(path, message(UNKNOWN_NONE_DECLARED[kind], ident=ident))
        elif count <= DECLARED_LISTED:
            yield Hit(path, message(UNKNOWN[kind], ident=ident, declared=", ".join(sorted(known[kind]))))
        else:
            close = closest[kind].to(ident)  # remembered per id: a typo repeated costs once
            if close:
                shown = ", ".join(f"'{c}'" for c in close)
                yield Hit(path, message(UNKNOWN_CLOSE[kind], ident=ident, count=count, close=shown))
            else:
                yield Hit(path, message(UNKNOWN_NONE_CLOSE[kind], ident=ident, count=count))


class _Closest:
    """The declared ids closest to an unknown one: those sharing the most of its start
    and its end with it, found among its neighbours in the ids sorted as written and sorted
    by their endings (a typo keeps one or the other). Each unknown id costs a binary
    search and a few comparisons, never one per declared id, and is answered once."""

    def __init__(self, ids: Collection[str]) -> None:
        self.ids = ids
        self._forward: list[str] | None = None
        self._backward: list[str] = []
        self._found: dict[str, list[str]] = {}

    def to(self, ident: str) -> list[str]:
        if ident not in self._found:
            self._found[ident] = self._closest(ident)
        return self._found[ident]

    def _closest(self, ident: str) -> list[str]:
        if self._forward is None:
            self._forward = sorted(self.ids)
            self._backward = sorted(i[::-1] for i in self.ids)
        candidates = set(_around(self._forward, ident))
        candidates.update(i[::-1] for i in _around(self._backward, ident[::-1]))
        needed = max(1, len(ident) // 2)
        ranked = []
        for candidate in candidates:
            start = _shared_start(candidate, ident)
            shared = min(start + _shared_start(candidate[::-1], ident[::-1]), len(ident), len(candidate))
            if shared >= needed:  # ties: the length nearer the id's, the longer shared start, the id
                ranked.append((-shared, abs(len(candidate) - len(ident)), -start, candidate))
        return [candidate for *_, candidate in sorted(ranked)[:CLOSEST]]


def _shared_start(one: str, other: str) -> int:
    """How many characters ``one`` and ``other`` share from the start."""
    return next((i for i, (a, b) in enumerate(zip(one, other, strict=False)) if a != b), min(len(one), len(other)))


def _around(ordered: list[str], ident: str) -> list[str]:
    at = bisect.bisect_left(ordered, ident)
    return ordered[max(0, at - NEIGHBOURS) : at + NEIGHBOURS]


@rule("capacity-range", Severity.ERROR, "AG-1")
def capacity_range(policy: Policy) -> Iterator[Hit]:
    """An agent's `max_chats` is outside 1..500, the range the platforms accept (最大同时接待)."""
    for a in policy.agents:
        if a.max_chats not in MAX_CHATS_RANGE:
            yield Hit((*a.where, "max_chats"), message(N_("max_chats {value} is outside 1..500"), value=a.max_chats))


@rule("schedule-target", Severity.ERROR, "AG-2")
def schedule_target(policy: Policy) -> Iterator[Hit]:
    """A schedule names neither `agents` nor `teams`, so it applies to nobody."""
    for s in policy.schedules:
        if not s.agents and not s.teams:
            yield Hit(s.where, message(N_("schedule '{id}' applies to nobody; add `agents` or `teams`"), id=s.id))


@rule("schedule-conflict", Severity.WARNING, "AG-2")
def schedule_conflict(policy: Policy) -> Iterator[Hit]:
    """An agent is covered by two schedules of the same kind (two that name it, or
    two through its teams). The first listed wins; say which one you mean."""
    naming: dict[str, list[int]] = {}
    reaching: dict[str, list[int]] = {}
    for index, s in enumerate(policy.schedules):  # indexed once: no scan per agent
        for ident in dict.fromkeys(s.agents):
            naming.setdefault(ident, []).append(index)
        for team in dict.fromkeys(s.teams):
            reaching.setdefault(team, []).append(index)
    for agent in policy.agents:
        direct = naming.get(agent.id, ())
        if direct:
            indexes, sentence = list(direct), NAMING
        elif reaching and agent.teams:  # only an agent no schedule names is reached through teams
            indexes, sentence = sorted({i for team in agent.teams for i in reaching.get(team, ())}), REACHING
        else:
            continue
        if len(indexes) > 1:
            group = [policy.schedules[i] for i in indexes]
            names = ", ".join(f"'{s.id}'" for s in group)
            yield Hit(group[1].where, message(sentence, agent=agent.id, names=names, wins=group[0].id))
