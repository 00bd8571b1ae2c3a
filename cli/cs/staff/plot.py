"""``cs staff --plot``: required, rostered and scheduled agents per interval, shortfalls shaded.

A shortfall is shaded below ``rostered`` (the agents to schedule), its height the interval's
shortfall: under group routing (RT-4) that is the teams' sum, which can exceed
``rostered - scheduled`` (one team short while another has agents to spare)."""

from __future__ import annotations

from pathlib import Path

from cs.i18n import _, pgettext
from cs.plotfile import require_matplotlib, save_plot
from cs.staff.plan import StaffPlan


def write_plot(path: Path, plan: StaffPlan) -> None:
    require_matplotlib()
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    intervals = plan.intervals
    starts = [float(mdates.date2num(i.start.replace(tzinfo=None))) for i in intervals]  # type: ignore[no-untyped-call]
    ends = [float(mdates.date2num(i.end.replace(tzinfo=None))) for i in intervals]  # type: ignore[no-untyped-call]
    edges = [*starts, ends[-1]] if intervals else []
    figure, axes = plt.subplots(figsize=(11, 4.5), constrained_layout=True)
    series = (
        (pgettext("staff column", "required"), [i.required for i in intervals], "tab:red", "-"),
        (pgettext("staff column", "rostered"), [i.rostered for i in intervals], "tab:orange", "--"),
        (pgettext("staff column", "scheduled"), [i.scheduled for i in intervals], "tab:blue", "-"),
    )
    for label, values, colour, line in series:
        if values:
            axes.step(edges, [*values, values[-1]], where="post", label=label, color=colour, linestyle=line)
    shaded = False
    for start, end, i in zip(starts, ends, intervals, strict=True):
        if i.shortfall:
            shade = None if shaded else _("shortfall")
            axes.fill_between(
                [start, end],
                i.rostered - i.shortfall,
                i.rostered,
                color="tab:red",
                alpha=0.25,
                linewidth=0,
                label=shade,
            )
            shaded = True
    days = len({i.start.date() for i in intervals})
    axes.xaxis.set_major_formatter(mdates.DateFormatter("%m-%d %H:%M" if days > 1 else "%H:%M"))  # type: ignore[no-untyped-call]
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylim(bottom=0)
    axes.set_ylabel(_("agents"))
    axes.set_title(
        _("{policy}: agents per interval for {scenario} ({timezone})").format(
            policy=plan.policy, scenario=plan.scenario, timezone=plan.timezone
        )
    )
    axes.legend(loc="upper left")
    axes.grid(alpha=0.3)
    save_plot(figure, path, dpi=100)
