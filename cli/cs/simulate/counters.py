"""The counters the summary reads (:func:`cs.simulate.summary.summarize`).

Kept as plain attributes of the simulation, bumped in place by the handlers (an
attribute increment is the cheapest thing the hot path can do), and closed at
the horizon by :meth:`Counters._finish`. Also the two series taken at fixed
instants: the hourly snapshots behind the hourly figures and the samples behind
``--plot``.
"""

from __future__ import annotations

from dataclasses import dataclass
from heapq import heappush

from cs.engine.decisions import OfflineDecision
from cs.i18n.message import Message
from cs.simulate.kernel import HOUR, SAMPLE, Kernel
from cs.simulate.queue import Queue
from cs.simulate.seats import AgentState, Seats
from cs.simulate.stats import WaitStats

ANSWERED_WITHIN = 20.0
"""The service-level threshold of ``answered_within_20s`` (OBS-2)."""

SAMPLE_EVERY = 60.0
"""Seconds between samples of the series behind ``--plot``."""


@dataclass(frozen=True)
class OfflinePeriod:
    start: float
    end: float
    trigger: str
    reason: str = ""


@dataclass(frozen=True)
class Sample:
    """The state at one instant of the series behind ``--plot``."""

    t: float
    agents_online: int
    """Accounts not offline."""
    receiving: int
    """Routable agents online (not suspended)."""
    chats: int
    queue: int
    queue_peak: int
    """The longest queue since the previous sample."""


class Counters(Kernel):
    """What happened so far, for the summary."""

    __slots__ = (
        "abandoned",
        "accounts_online",
        "agent_timeouts",
        "at_once",
        "bot_resolved",
        "capacity_exceptions",
        "categories",
        "customer_timeouts",
        "destinations",
        "forwarded",
        "gap_start",
        "gaps",
        "history",
        "hour_queue_max",
        "hourly",
        "in_flight",
        "left_message",
        "offline_messages",
        "open_chats",
        "outside_run",
        "period_start",
        "periods",
        "plain_ends",
        "plain_language",
        "plain_welcomes",
        "queue_area",
        "queue_max",
        "queue_peak",
        "queue_since",
        "queued",
        "quick",
        "reassigned",
        "sent",
        "sent_plain",
        "sent_survey",
        "sent_welcome",
        "served",
        "served_at_once",
        "sought",
        "turned_away",
        "unanswered",
        "visitors",
        "waits",
        "warnings",
        "welcomed",
        "within",
    )

    states: list[AgentState]
    seats: Seats
    queue: Queue
    offline: OfflineDecision
    welcome_on: bool
    survey_on: bool
    samples: list[Sample] | None

    def _counters(self) -> None:
        self.visitors = 0

        self.warnings: list[Message] = []
        self.served = 0
        self.abandoned = 0
        self.left_message = 0
        self.turned_away = 0
        self.bot_resolved = 0
        self.unanswered = 0
        self.in_flight = 0
        """Visitors between arrival and an outcome."""
        self.sought = 0
        self.queued = 0
        self.within = 0
        self.offline_messages = 0
        self.forwarded = 0
        self.reassigned = 0
        self.customer_timeouts = 0
        self.agent_timeouts = 0
        self.capacity_exceptions = 0
        self.outside_run = 0
        self.waits = WaitStats()
        self.sent: dict[tuple[str, str], int] = {}
        """(message kind, language asked for) -> messages sent; resolved to the language used at the end."""
        self.sent_plain: dict[tuple[str, str], list[int]] = {}
        """The same for the first replies of plain visitors queued in one call
        (:meth:`~cs.simulate.visitors.Visitors._queue_plain`): a one-item list per key,
        counted without hashing the key per visitor; added in :meth:`sent_messages`."""
        self.sent_welcome: dict[str, int] = {}
        self.sent_survey: dict[str, int] = {}
        self.quick: dict[str, int] = {}
        self.destinations: dict[str, int] = {}
        self.categories: dict[str, int] = {}
        self.periods: list[OfflinePeriod] = []
        self.period_start = 0.0
        self.gaps: list[tuple[float, float]] = []
        self.gap_start: float | None = None
        self.queue_area = 0.0
        self.queue_since = 0.0
        self.queue_max = 0
        self.queue_peak = 0
        self.hourly: list[tuple[float, int, int, int, int, float, int]] = []
        """Cumulative (t, visitors, served, abandoned, left_message, wait total, longest queue
        in the hour) at the start of every hour and at the end; differences give the hours."""
        self.hour_queue_max = 0
        self.history: dict[str, tuple[AgentState, float]] = {}
        """Scenario customers: the agent who answered them last, and when (RT-3)."""
        self.welcomed: set[tuple[str, int, str]] = set()
        """Scenario customers welcomed, by day of the run and text (MSG-1)."""
        self.at_once = 0
        """Visitors served at once without a Visitor (see
        :meth:`~cs.simulate.visitors.Visitors._synthetic`): asked for an agent, served,
        waited zero seconds, welcomed when welcomes are on; added in :meth:`_finish`."""
        self.served_at_once = 0
        """After the run: how many visitors took that path."""
        self.plain_language = ""
        self.plain_welcomes = 0
        """Welcomes sent to those visitors, all in ``plain_language``."""
        self.plain_ends = 0
        """Their chats ended by the agent (a survey each when surveys are on)."""
        self.open_chats = 0
        self.accounts_online = 0
        """Accounts not OFFLINE; with ``open_chats``, kept as they change so a sample
        costs nothing per agent."""

    def sent_messages(self) -> dict[tuple[str, str], int]:
        """(kind, language asked for) -> count, all kinds together."""
        counts = dict(self.sent)
        for key, (n,) in self.sent_plain.items():
            counts[key] = counts.get(key, 0) + n
        for kind, by_language in (("welcome", self.sent_welcome), ("survey", self.sent_survey)):
            for language, n in by_language.items():
                counts[(kind, language)] = counts.get((kind, language), 0) + n
        surveys = self.plain_ends if self.survey_on else 0
        for kind, n in (("welcome", self.plain_welcomes), ("survey", surveys)):
            if n:
                key = (kind, self.plain_language)
                counts[key] = counts.get(key, 0) + n
        return counts

    def _queue_area(self, t: float) -> None:
        self.queue_area += self.queue.length * (t - self.queue_since)
        self.queue_since = t

    def _queue_grew(self) -> None:
        """Someone joined the queue: its longest since the last sample, of the run and of the hour."""
        length = self.queue.length
        if length > self.queue_peak:
            self.queue_peak = length
            if length > self.queue_max:
                self.queue_max = length
        if length > self.hour_queue_max:
            self.hour_queue_max = length

    def _sample(self, t: float, seq: int, ref: None) -> None:
        assert self.samples is not None
        length = self.queue.length
        self.samples.append(
            Sample(t, self.accounts_online, self.seats.routable_online, self.open_chats, length, self.queue_peak)
        )
        self.queue_peak = length
        if t + SAMPLE_EVERY < self.horizon:
            self._push(t + SAMPLE_EVERY, SAMPLE, None)

    def _hour(self, t: float, seq: int, ref: None) -> None:
        """The start of an hour on the axis; the next one is pushed as this one is
        taken, so the heap holds one however many days. Hours have sequence number 0:
        each goes before anything else at its instant."""
        self._snapshot(t)
        if t + 3600.0 < self.horizon:
            heappush(self.heap, (t + 3600.0, 0, HOUR, None))

    def _snapshot(self, t: float) -> None:
        """Snapshot the cumulative counters behind the hourly figures."""
        self.hourly.append(
            (
                t,
                self.visitors,
                self.served + self.at_once,
                self.abandoned,
                self.left_message,
                self.waits.total,
                self.hour_queue_max,
            )
        )
        self.hour_queue_max = self.queue.length

    def _finish(self) -> None:
        end = self.horizon
        if self.offline.on:
            self.periods.append(
                OfflinePeriod(self.period_start, end, self.offline.trigger or "", manual_reason(self.offline))
            )
        if self.gap_start is not None and end > self.gap_start:
            self.gaps.append((self.gap_start, end))
        for state in self.states:
            state.close(end)
        self._snapshot(end)
        served = self.served_at_once = self.at_once
        self.at_once = 0
        self.sought += served
        self.served += served
        self.within += served
        self.waits.count += served
        self.waits.zeros += served
        if self.welcome_on:
            self.plain_welcomes += served
        self._queue_area(end)
        if self.progress is not None:
            self.progress(1.0)


def manual_reason(decision: OfflineDecision) -> str:
    return decision.manual.reason if decision.manual is not None else ""
