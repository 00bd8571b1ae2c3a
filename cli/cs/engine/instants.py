"""Many instants in one run (``cs explain --from --to --every``, repeated ``--at``; OPS-2).

The policy is loaded and validated once; each schedule's days, the holiday-data
warnings of each date and every agent's schedule are computed once and reused by
all the instants (the engine's per-day caches and :func:`cs.engine.presence.roster`).
Each instant is answered by :func:`cs.engine.snapshot.snapshot`, exactly as a run
with a single ``--at``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cs.engine.snapshot import Snapshot, snapshot
from cs.engine.warnings import instant_messages, snapshot_messages
from cs.i18n.message import Message
from cs.model.policy import Policy

MAX_INSTANTS = 100_000
"""The most instants one run answers: a year every five minutes, without letting a
typo (``--every 1s`` over a decade) run for days."""


def count_between(first: datetime, last: datetime, every: timedelta) -> int:
    """How many instants :func:`instants_between` yields (0 when ``last`` is before ``first``)."""
    span = last.astimezone(UTC) - first.astimezone(UTC)
    return 0 if span < timedelta(0) else span // every + 1


def as_real(at: datetime) -> datetime:
    """``at`` as a wall time its zone has: a local time in a DST gap (02:30 when the
    clocks jump from 02:00 to 03:00, read with ``fold=0``) becomes the wall time of the
    instant it was read as (03:30), as a series steps to it; any other time is kept."""
    return at.astimezone(UTC).astimezone(at.tzinfo)


def instants_between(first: datetime, last: datetime, every: timedelta) -> Iterator[datetime]:
    """``first``, ``first + every``, ... up to ``last`` inclusive, in ``first``'s zone.

    Steps are real time: across a DST change the wall clock of the instants shifts by
    the change (every 30 minutes stays 30 minutes apart). The arithmetic is done in
    UTC, since Python adds to a zoned datetime by its wall clock."""
    tz = first.tzinfo
    at, end = first.astimezone(UTC), last.astimezone(UTC)
    while at <= end:
        yield at.astimezone(tz)
        at += every


@dataclass(frozen=True)
class Explained:
    """One instant's answer: the state and the warnings about it."""

    snapshot: Snapshot
    warnings: tuple[Message, ...]


def explain_instants(
    policy: Policy, instants: Iterable[datetime], language: str | None, walls: Iterable[datetime] = ()
) -> Iterator[Explained]:
    """Each instant's :class:`Explained`, in order, as it is computed (output streams).

    ``walls``: local wall times as typed (``--at 2026-03-29T02:30``); the instant each
    stands for gets a warning when that wall time does not exist or occurs twice (a
    DST change). Matched by the instant, since a series steps from the typed wall
    time to a real one (02:30 in a spring-forward gap is 03:30)."""
    typed = {wall.astimezone(UTC): wall for wall in walls}
    for at in instants:
        snap = snapshot(policy, at, language)
        warnings = tuple(snapshot_messages(policy, snap))
        wall = typed.get(at.astimezone(UTC))
        if wall is not None:
            warnings += tuple(instant_messages(policy, wall))
        yield Explained(snap, warnings)
