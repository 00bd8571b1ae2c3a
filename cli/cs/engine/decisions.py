"""Pure decisions about offline mode and the automatic reply (OFF-1, OFF-2, MSG-2..MSG-4).

Inputs are facts at one instant; the callers (``explain`` on a schedule-only
snapshot, ``simulate`` on live state) gather them. Nothing here reads a clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cs.i18n import pgettext
from cs.i18n.message import Message
from cs.model.policy import ManualOffline, OfflineCategory, Policy, QuickReply


@dataclass(frozen=True)
class Facts:
    """What is true at an instant."""

    at: datetime
    open: bool
    """Inside work hours."""
    routable_online: int
    """Routable agents online (not suspended)."""
    capacity_free: bool
    """At least one online routable agent has a free seat."""


@dataclass(frozen=True)
class OfflineDecision:
    on: bool
    trigger: str | None
    """``manual``, ``outside_hours``, ``all_agents_offline`` or ``all_agents_busy``."""
    manual: ManualOffline | None = None


def manual_window(policy: Policy, at: datetime) -> ManualOffline | None:
    for window in policy.offline.manual:
        if window.start <= at < window.end:
            return window
    return None


def offline_mode(policy: Policy, facts: Facts) -> OfflineDecision:
    """Offline mode and the trigger that holds, first in the order of OFF-1.

    ``ends_when: agent_online`` (OFF-2) lets a routable agent online end the
    outside-hours trigger; ``hours_start`` keeps it until work hours start. Nobody
    online is offline mode unless the policy lets customers wait in the queue for
    the first agent to come online (``when_nobody_online: wait_in_queue``, OFF-8).
    """
    triggers = policy.offline.triggers
    manual = manual_window(policy, facts.at)
    if manual is not None:
        return OfflineDecision(True, "manual", manual)
    if triggers.outside_hours and not facts.open:
        ended_by_agent = policy.offline.ends_when == "agent_online" and facts.routable_online > 0
        if not ended_by_agent:
            return OfflineDecision(True, "outside_hours")
    if policy.offline.when_nobody_online != "wait_in_queue" and facts.routable_online == 0:
        return OfflineDecision(True, "all_agents_offline")
    if triggers.all_agents_busy and facts.routable_online > 0 and not facts.capacity_free:
        return OfflineDecision(True, "all_agents_busy")
    return OfflineDecision(False, None)


TRIGGERS = ("outside_hours", "all_agents_offline", "all_agents_busy", "manual")
"""Offline mode's triggers, in the order of OFF-1 (the ``trigger`` of explain and the timeline)."""


def trigger_shown(trigger: str) -> Message:
    """An offline-mode trigger as a person reads it: the id in English (what the
    JSON says), its name and the id in Chinese (非工作时间 (outside_hours))."""
    shown = (
        pgettext("offline mode trigger", "outside_hours"),
        pgettext("offline mode trigger", "all_agents_offline"),
        pgettext("offline mode trigger", "all_agents_busy"),
        pgettext("offline mode trigger", "manual"),
    )
    names = dict(zip(TRIGGERS, shown, strict=True))
    return Message(trigger, names.get(trigger, trigger))


def reply_kind(policy: Policy, facts: Facts, offline: OfflineDecision) -> str | None:
    """The automatic message a customer's first message gets, or None.

    Offline mode: the off-hours reply when outside hours with nobody online
    (MSG-2), else the offline reply (MSG-4). Otherwise the queue reply when no
    agent can take the chat (MSG-3), else the welcome (MSG-1). A disabled kind
    falls back to the next general one, so a customer is never left silent by
    accident: off_hours -> offline; queue -> nothing.
    """
    kinds = policy.messages
    if offline.on:
        if not facts.open and facts.routable_online == 0 and kinds["off_hours"].enabled:
            return "off_hours"
        return "offline" if kinds["offline"].enabled else None
    if facts.routable_online == 0 or not facts.capacity_free:
        return "queue" if kinds["queue"].enabled else None
    return "welcome" if kinds["welcome"].enabled else None


def suggested_quick_replies(policy: Policy, text: str) -> tuple[QuickReply, ...]:
    """QR-1: the quick replies with a keyword contained in ``text`` (case-insensitive),
    most matching keywords first (a keyword written twice counts once), then in the
    policy's order."""
    folded = text.casefold()
    hits = []
    for index, reply in enumerate(policy.quick_replies):
        count = len({keyword.casefold() for keyword in reply.keywords if keyword.casefold() in folded})
        if count:
            hits.append((-count, index, reply))
    return tuple(reply for _, _, reply in sorted(hits, key=lambda h: h[:2]))


def offline_category(policy: Policy, text: str) -> OfflineCategory | None:
    """OFF-9: the first category with a keyword contained in ``text`` (case-insensitive)."""
    folded = text.casefold()
    for category in policy.offline.categories:
        if any(keyword.casefold() in folded for keyword in category.keywords):
            return category
    return None
