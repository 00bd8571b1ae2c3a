"""Synthetic traffic: a Poisson arrival process and the attributes of each visitor.

Arrival rates are piecewise constant by local hour of day; the next arrival
is found by spending one unit exponential draw over the rate segments, which
is exact for a non-homogeneous Poisson process with such a rate. Every draw
goes through the run's one ``random.Random``.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable, Sequence
from datetime import datetime, time, timedelta
from itertools import accumulate
from math import log1p
from random import Random

from cs.simulate.clock import Clock
from cs.simulate.scenario import Traffic, Weights
from cs.simulate.visitor import Visitor


def rate_segments(rates: Sequence[float], clock: Clock) -> list[tuple[float, float, float]]:
    """(start, end, arrivals per second) over the run, merged where the rate repeats."""
    bounds: list[tuple[float, float]] = []
    for day in range(clock.days):
        date = clock.first_day + timedelta(days=day)
        for hour in range(24):
            start = clock.local(datetime.combine(date, time(hour)))
            bounds.append((start, rates[hour] / 3600.0))
    bounds.sort(key=lambda b: b[0])
    segments: list[tuple[float, float, float]] = []
    for i, (start, rate) in enumerate(bounds):
        end = bounds[i + 1][0] if i + 1 < len(bounds) else clock.horizon
        start = max(start, 0.0)
        if end <= start:
            continue
        if segments and segments[-1][2] == rate and segments[-1][1] == start:
            segments[-1] = (segments[-1][0], end, rate)
        else:
            segments.append((start, end, rate))
    return segments


def chooser(weights: Weights, rng: Random) -> Callable[[], str] | str:
    """A draw by weight, or the one value itself when there is no choice to make."""
    values = [value for value, weight in weights if weight > 0]
    if len(values) == 1:
        return values[0]
    cumulative = list(accumulate(weight for _, weight in weights if weight > 0))
    total = cumulative[-1]
    random = rng.random

    def draw() -> str:
        return values[bisect_right(cumulative, random() * total)]

    return draw


class TrafficGenerator:
    """Draws synthetic visitors: when the next one arrives, and who they are."""

    def __init__(
        self,
        traffic: Traffic,
        clock: Clock,
        rng: Random,
        default_language: str,
        returning_to: Sequence[object],
        returning_window: float,
    ) -> None:
        self.rng = rng
        self.segments = rate_segments(traffic.arrivals_per_hour, clock)
        self.starts = [s[0] for s in self.segments]
        self.handle = traffic.handle_time.sampler(rng)
        self.patience = traffic.patience.sampler(rng) if traffic.patience else None
        self.bot_time = traffic.bot_time.sampler(rng) if traffic.bot_time else None
        drawn = {
            "language": chooser(traffic.languages or ((default_language, 1.0),), rng),
            "order_status": chooser(traffic.order_status, rng),
            "entry_point": chooser(traffic.entry_points, rng),
            "text": chooser(traffic.first_messages, rng) if traffic.first_messages else "",
        }
        default = Visitor()
        constants = {
            name: value for name, value in drawn.items() if isinstance(value, str) and value != getattr(default, name)
        }
        self.choices = [(name, value) for name, value in drawn.items() if not isinstance(value, str)]
        self.constants = list(constants.items())
        """What never varies in this traffic and differs from Visitor's defaults, set on each visitor. (Not a run-time
        subclass of Visitor: compiled builds cannot subclass a compiled class.)"""
        self.returning_share = traffic.returning_share if returning_to else 0.0
        self.returning_to = list(returning_to)
        self.returning_within = traffic.returning_within if traffic.returning_within is not None else returning_window
        self.silent_share = traffic.silent_share
        self.answers_warning_share = traffic.answers_warning_share
        self.count = 0
        self.random = rng.random
        self.varied = bool(self.choices or self.returning_share or self.silent_share or self.bot_time)
        self.segment_end = -math.inf
        self.segment_rate = 1.0
        """The rate segment of the last arrival (its end and rate, above zero), which the
        run loop tries first for the next one (:meth:`spend` sets it; none before the first)."""

    def next_arrival(self, t: float) -> float:
        """The arrival after ``t``; infinity when the rate is zero to the end of the run."""
        return self.spend(t, -log1p(-self.random()))

    def spend(self, t: float, need: float) -> float:
        """Spend ``need`` (a unit exponential) over the rate segments from ``t``."""
        segments = self.segments
        i = bisect_right(self.starts, t) - 1
        if i < 0:
            i = 0
            t = self.starts[0] if self.starts else math.inf
        while i < len(segments):
            _, end, rate = segments[i]
            if rate > 0.0:
                arrival = t + need / rate
                if arrival < end:
                    self.segment_end, self.segment_rate = end, rate
                    return arrival
                need -= (end - t) * rate
            i += 1
            if i < len(segments):
                t = segments[i][0]
        return math.inf

    def visitor(self, t: float) -> Visitor:
        self.count += 1
        handle = self.handle()
        v = self.plain_visitor(t, handle, self.patience() if self.patience is not None else None)
        if self.varied:
            self._vary(v, t)
        return v

    def plain_visitor(self, t: float, handle: float, patience: float | None) -> Visitor:
        """The visitor number :attr:`count` before the draws of :meth:`_vary`: what never
        varies in this traffic, the arrival, handle time and patience."""
        v = Visitor()
        for name, value in self.constants:
            setattr(v, name, value)
        v.arrival = t
        v.handle = handle
        v.number = self.count
        if patience is not None:
            v.patience = patience
        return v

    def _vary(self, v: Visitor, t: float) -> None:
        """The attributes drawn per visitor (the constant ones are class attributes of ``make``)."""
        random = self.random
        for name, choose in self.choices:
            setattr(v, name, choose())
        if self.returning_share and random() < self.returning_share:
            v.new = False
            v.last_agent = self.returning_to[int(random() * len(self.returning_to))]
            v.last_contact = t - random() * self.returning_within
        if self.silent_share and random() < self.silent_share:
            v.silent_after = random() * v.handle
            v.answers_warning = random() < self.answers_warning_share
        if self.bot_time is not None:
            v.bot_time = self.bot_time()
