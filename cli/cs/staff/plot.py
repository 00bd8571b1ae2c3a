"""``cs staff --plot``: required, rostered and scheduled agents per interval, shortfalls shaded."""

from __future__ import annotations

from pathlib import Path

from cs.errors import UsageError
from cs.plotfont import save_figure
from cs.staff.plan import StaffPlan


def write_plot(path: Path, plan: StaffPlan) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.dates as mdates
        import matplotlib.pyplot as plt
        from matplotlib.ticker import MaxNLocator
    except ImportError:
        raise UsageError("--plot needs matplotlib; install it with pip install '.[plot]'") from None
    intervals = plan.intervals
    starts = [float(mdates.date2num(i.start.replace(tzinfo=None))) for i in intervals]  # type: ignore[no-untyped-call]
    ends = [float(mdates.date2num(i.end.replace(tzinfo=None))) for i in intervals]  # type: ignore[no-untyped-call]
    edges = [*starts, ends[-1]] if intervals else []
    figure, axes = plt.subplots(figsize=(11, 4.5), constrained_layout=True)
    series = (
        ("required", [i.required for i in intervals], "tab:red", "-"),
        ("rostered", [i.rostered for i in intervals], "tab:orange", "--"),
        ("scheduled", [i.scheduled for i in intervals], "tab:blue", "-"),
    )
    for label, values, colour, line in series:
        if values:
            axes.step(edges, [*values, values[-1]], where="post", label=label, color=colour, linestyle=line)
    shaded = False
    for start, end, i in zip(starts, ends, intervals, strict=True):
        if i.shortfall:
            shade = None if shaded else "shortfall"
            axes.fill_between(
                [start, end], i.scheduled, i.required, color="tab:red", alpha=0.25, linewidth=0, label=shade
            )
            shaded = True
    days = len({i.start.date() for i in intervals})
    axes.xaxis.set_major_formatter(mdates.DateFormatter("%m-%d %H:%M" if days > 1 else "%H:%M"))  # type: ignore[no-untyped-call]
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylim(bottom=0)
    axes.set_ylabel("agents")
    axes.set_title(f"{plan.policy}: agents per interval for {plan.scenario} ({plan.timezone})")
    axes.legend(loc="upper left")
    axes.grid(alpha=0.3)
    try:
        save_figure(figure, path, dpi=100)
    except OSError as error:
        raise UsageError(f"cannot write the plot to {path}: {error.strerror or error}") from None
    finally:
        plt.close(figure)
