"""The library entry point: :func:`simulate` runs a scenario and returns data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from cs.model.policy import Policy
from cs.simulate.clock import Clock
from cs.simulate.counters import Sample
from cs.simulate.scenario import Scenario, builtin_scenario
from cs.simulate.simulator import run_simulation
from cs.simulate.summary import Summary, summarize
from cs.simulate.timeline import Event, Sink


@dataclass(frozen=True)
class Result:
    summary: Summary
    timeline: tuple[Event, ...] | None
    """The events, when kept in memory (no sink given and ``keep_timeline``)."""
    series: tuple[Sample, ...] | None
    """One sample a minute, when asked for (``--plot``)."""
    clock: Clock


def simulate(
    policy: Policy,
    scenario: Scenario | None,
    first_day: date,
    days: int = 1,
    seed: int | None = None,
    *,
    sink: Sink | None = None,
    keep_timeline: bool = True,
    series: bool = False,
    progress: Callable[[float], None] | None = None,
) -> Result:
    """Run ``scenario`` (None: the built-in synthetic day) against ``policy`` for
    ``days`` days from local midnight of ``first_day``.

    Events go to ``sink`` when given; otherwise they are collected into
    ``Result.timeline`` unless ``keep_timeline`` is false (summary only, flat memory).
    """
    events: list[Event] | None = None
    if sink is None and keep_timeline:
        events = []
        sink = events.append
    run = run_simulation(
        policy,
        scenario if scenario is not None else builtin_scenario(policy),
        first_day,
        days,
        seed,
        sink,
        series,
        progress,
    )
    return Result(
        summary=summarize(run),
        timeline=tuple(events) if events is not None else None,
        series=tuple(run.samples) if run.samples is not None else None,
        clock=run.clock,
    )
