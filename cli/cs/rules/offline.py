"""Rules about offline mode and offline messages (OFF-1..OFF-8)."""

from __future__ import annotations

from collections.abc import Iterator

from cs.findings import Severity
from cs.model.policy import Policy
from cs.rules.registry import Hit, rule


@rule("bot-offline-destination", Severity.ERROR, "OFF-6", "RT-9")
def bot_offline_destination(policy: Policy) -> Iterator[Hit]:
    """With bot reception on, offline messages can only go to the message pool
    (the platforms grey out proxy and main). Set `offline.destination: message_pool`
    or turn the bot off."""
    if policy.routing.bot_enabled and policy.offline.destination != "message_pool":
        yield Hit(
            ("offline", "destination"),
            f"routing.bot is enabled, so offline messages must go to message_pool, not '{policy.offline.destination}'",
        )


@rule("offline-routing-empty", Severity.ERROR, "OFF-8")
def offline_routing_empty(policy: Policy) -> Iterator[Hit]:
    """The offline routing list is enabled but lists no account, so sessions
    would have nowhere to go while everyone is offline."""
    if policy.offline.routing_list_enabled and not policy.offline.routing_list:
        yield Hit(("offline", "routing_list"), "routing_list is enabled but `agents` is empty")


@rule("offline-destination-account", Severity.ERROR, "OFF-5")
def offline_destination_account(policy: Policy) -> Iterator[Hit]:
    """Offline messages go to the proxy account, but the policy declares no agent
    with `role: proxy`; add the account. (The main account always exists on the
    platform, so `main` needs no declaration.)"""
    if policy.offline.destination == "proxy" and not any(a.role == "proxy" for a in policy.agents):
        yield Hit(("offline", "destination"), "no agent has role 'proxy' to receive offline messages")


@rule("manual-offline-range", Severity.ERROR, "OFF-1")
def manual_offline_range(policy: Policy) -> Iterator[Hit]:
    """A manual offline window ends before (or when) it starts."""
    for window in policy.offline.manual:
        if window.end <= window.start:
            yield Hit((*window.where, "to"), "manual offline window ends before it starts")
