"""Rules about routing, groups, bot reception and timeouts (RT-3, RT-4, RT-9, TMO-1, TMO-2)."""

from __future__ import annotations

from collections.abc import Iterator

from cs.findings import Severity
from cs.i18n import N_
from cs.i18n.message import message
from cs.model.policy import ORDER_STATUSES, Policy
from cs.model.timefmt import format_duration
from cs.rules.registry import Hit, rule


@rule("group-status-unmapped", Severity.WARNING, "RT-4")
def group_status_unmapped(policy: Policy) -> Iterator[Hit]:
    """Group routing is on but an order status has no team: those customers skip
    straight to any online agent. Map every status (seed 003 advises it). With no
    mapping at all, group routing falls back to basic routing."""
    groups = policy.routing.groups
    if not groups.enabled:
        return
    mapped = {status for status, _ in groups.by_order_status}
    missing = [s for s in ORDER_STATUSES if s not in mapped]
    if missing:
        yield Hit(
            ("routing", "groups"), message(N_("order statuses without a team: {statuses}"), statuses=", ".join(missing))
        )


@rule("bot-recent-contact", Severity.WARNING, "RT-3", "RT-9")
def bot_recent_contact(policy: Policy) -> Iterator[Hit]:
    """Recent-contact priority is on together with bot reception; the platforms
    drop recent-contact routing while the bot receives, and so does cs."""
    if policy.routing.bot_enabled and policy.routing.recent_contact.enabled:
        yield Hit(
            ("routing", "recent_contact", "enabled"),
            message(
                N_(
                    "recent contact is ignored while routing.bot is enabled (the bot receives first); "
                    "turn one of them off"
                )
            ),
        )


@rule("timeout-warning-order", Severity.ERROR, "TMO-1", "TMO-2")
def timeout_warning_order(policy: Policy) -> Iterator[Hit]:
    """A timeout's warning is not shorter than the timeout itself, so it would be
    sent at or before the silence starts. `warn_before` must be less than `after`."""
    for name, timeout in (("customer", policy.customer_timeout), ("agent", policy.agent_timeout)):
        if timeout.enabled and timeout.warn_before >= timeout.after:
            yield Hit(
                ("timeouts", name, "warn_before"),
                message(
                    N_("warn_before ({warn_before}) must be shorter than after ({after})"),
                    warn_before=format_duration(timeout.warn_before),
                    after=format_duration(timeout.after),
                ),
            )
