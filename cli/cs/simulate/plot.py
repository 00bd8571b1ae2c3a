"""``--plot``: agents online, chats in progress and queue length over the run, with the
offline periods shaded (OBS-1, OBS-2). Needs matplotlib, the ``plot`` extra
(``pip install '.[plot]'`` in the cs checkout). The command checks the file before the
run (:func:`cs.plotfile.plot_target`)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from cs.i18n import _
from cs.plotfile import require_matplotlib, save_plot
from cs.simulate.clock import Clock
from cs.simulate.counters import Sample
from cs.simulate.summary import Summary

TRIGGER_COLOURS = {
    "outside_hours": "#c7d2e0",
    "all_agents_offline": "#f4c7a1",
    "all_agents_busy": "#f7e09c",
    "manual": "#e3b5d8",
}


def write_plot(path: str | os.PathLike[str], samples: Sequence[Sample], summary: Summary, clock: Clock) -> None:
    require_matplotlib()
    from datetime import datetime

    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch
    from matplotlib.ticker import MaxNLocator

    tz = clock.tz
    times = [clock.instant(s.t).replace(tzinfo=None) for s in samples]
    fig, axes = plt.subplots(3, 1, sharex=True, figsize=(12, 7), constrained_layout=True)
    axes[0].step(times, [s.agents_online for s in samples], where="post", label=_("online (any status but offline)"))
    axes[0].step(times, [s.receiving for s in samples], where="post", label=_("receiving chats (routable, not busy)"))
    axes[0].set_ylabel(_("agents"))
    axes[1].step(times, [s.chats for s in samples], where="post", color="#2a7f62")
    axes[1].set_ylabel(_("chats in progress"))
    axes[2].step(
        times,
        [s.queue_peak for s in samples],
        where="post",
        color="#b5452b",
        alpha=0.4,
        label=_("longest in the minute"),
    )
    axes[2].step(times, [s.queue for s in samples], where="post", color="#b5452b", label=_("at the minute"))
    axes[2].set_ylabel(_("queue length"))
    seen = set()
    for period in summary.offline_periods:
        start = datetime.fromisoformat(period.start).astimezone(tz).replace(tzinfo=None)
        end = datetime.fromisoformat(period.end).astimezone(tz).replace(tzinfo=None)
        colour = TRIGGER_COLOURS.get(period.trigger or "", "#dddddd")
        for ax in axes:
            ax.axvspan(start, end, color=colour, alpha=0.5, linewidth=0)
        seen.add(period.trigger or "")
    handles = [
        Patch(color=TRIGGER_COLOURS.get(t, "#dddddd"), alpha=0.5, label=_("offline: {trigger}").format(trigger=t))
        for t in sorted(seen)
    ]
    axes[0].legend(handles=axes[0].get_legend_handles_labels()[0] + handles, loc="upper left", fontsize="small")
    axes[2].legend(loc="upper left", fontsize="small")
    for ax in axes:
        ax.grid(True, alpha=0.3)
        ax.set_ylim(bottom=0)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes[2].xaxis.set_major_formatter(mdates.DateFormatter("%m-%d %H:%M" if clock.days > 1 else "%H:%M"))  # type: ignore[no-untyped-call]
    title = _(
        "{policy}: {visitors} visitors, {served} served, {abandoned} abandoned, "
        "{messages} offline messages ({timezone})"
    )
    fig.suptitle(
        title.format(
            policy=summary.policy,
            visitors=summary.visitors,
            served=summary.served,
            abandoned=summary.abandoned,
            messages=summary.offline_messages,
            timezone=summary.timezone,
        )
    )
    save_plot(fig, Path(path), dpi=100)
