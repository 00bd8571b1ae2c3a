"""Agent utilisation is measured against seats on the floor (OBS-2): chats an account
holds while offline (routing-list chats, OFF-8; offline handling, AG-7) are counted as
offline handling, never as utilisation, so no utilisation exceeds 100%."""

# covers: OBS-2, OFF-8, AG-7

from __future__ import annotations

from test_simulate import MONDAY, example, run

NIGHT_TRAFFIC = {"seed": 3, "traffic": {"arrivals_per_hour": 6, "handle_time": {"dist": "exponential", "mean": "5m"}}}


def test_routing_list_chats_held_overnight_are_offline_handling_not_utilisation():
    summary = run(example("full"), NIGHT_TRAFFIC, MONDAY).summary
    assert summary.utilization <= 1.0
    listed = {a.id: a for a in summary.agents if a.id in ("huang.li", "ma.jun")}
    assert all(0.0 <= a.utilization <= 1.0 for a in summary.agents)
    assert all(a.offline_handling_s > 0 for a in listed.values())  # the night's chats waited with them
