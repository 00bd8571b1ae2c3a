"""Streaming statistics whose memory does not grow with the run."""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from math import ceil, log

EXACT_LIMIT = 1 << 18
"""Positive waits kept exactly; beyond this many, quantiles come from a histogram."""

HISTOGRAM_RATIO = 1.001
"""Bin width of the histogram: quantiles within 0.1% of the exact value."""

_LOG_RATIO = log(HISTOGRAM_RATIO)


class WaitStats:
    """Count, mean, max and nearest-rank quantiles of waits in seconds.

    Zero waits (the common case) are only counted. Positive waits are kept in
    an array up to :data:`EXACT_LIMIT`, so runs of normal size get exact
    quantiles; past it they move into a logarithmic histogram with bins
    :data:`HISTOGRAM_RATIO` wide (a few thousand bins at most), and the
    quantiles are the upper edge of their bin: ``exact`` says which.
    """

    __slots__ = ("count", "exact", "histogram", "max", "sorted", "total", "values", "zeros")

    def __init__(self) -> None:
        self.count = 0
        self.zeros = 0
        self.total = 0.0
        self.max = 0.0
        self.values: array[float] = array("d")
        self.histogram: dict[int, int] = {}
        self.exact = True
        self.sorted = 0
        """How many of :attr:`values` are known to be in order (quantiles sort them once)."""

    def add(self, wait: float) -> None:
        self.count += 1
        if wait <= 0.0:
            self.zeros += 1
            return
        self.total += wait
        if wait > self.max:
            self.max = wait
        if self.exact:
            values = self.values
            values.append(wait)
            if len(values) > EXACT_LIMIT:
                self.exact = False
                self._bin(values)
                self.values = array("d")
        else:
            self._bin((wait,))

    def _bin(self, waits: Iterable[float]) -> None:
        """Count ``waits`` in the histogram (all the exact ones at once when they move there)."""
        histogram = self.histogram
        for wait in waits:
            key = ceil(log(wait) / _LOG_RATIO)
            histogram[key] = histogram.get(key, 0) + 1

    @property
    def mean(self) -> float:
        return self.total / self.count if self.count else 0.0

    def quantile(self, q: float) -> float:
        """Nearest rank: the smallest wait with at least ``q`` of the waits at or below it."""
        if not self.count:
            return 0.0
        rank = max(1, ceil(q * self.count))
        if rank <= self.zeros:
            return 0.0
        rank -= self.zeros
        if self.exact:
            if self.sorted != len(self.values):
                self.values = array("d", sorted(self.values))
                self.sorted = len(self.values)
            return self.values[rank - 1]
        seen = 0
        for key in sorted(self.histogram):
            seen += self.histogram[key]
            if seen >= rank:
                return min(self.max, HISTOGRAM_RATIO**key)
        return self.max
