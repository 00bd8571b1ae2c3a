"""The queue (排队池, RT-6): one line per group under group routing, else one line.

``wait_first`` serves the longest waiting first (FIFO), ``newest_first`` the
latest arrival (LIFO). With priority for new customers (RT-7) they wait in a
front section served before everyone else, in the same order. Visitors who
leave (abandon, maximum wait, offline message) are dropped lazily: an entry
is live while its token is the visitor's current one.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator

from cs.simulate.visitor import QUEUED, Visitor

Entry = tuple[int, Visitor]


def _live(entry: Entry) -> bool:
    token, v = entry
    return v.qtoken == token and v.state == QUEUED


class Line:
    __slots__ = ("front", "key", "lifo", "live", "live_front", "rest")

    def __init__(self, key: str | None, lifo: bool) -> None:
        self.key = key
        self.lifo = lifo
        self.front: deque[Entry] = deque()
        self.rest: deque[Entry] = deque()
        self.live = 0
        self.live_front = 0

    def push(self, v: Visitor, token: int, front: bool) -> int:
        """Add a visitor; returns their position (1 = next to be served)."""
        v.qtoken, v.line, v.priority = token, self, front
        self.live += 1
        if front:
            self.live_front += 1
            self.front.append((token, v))
            return 1 if self.lifo else self.live_front
        self.rest.append((token, v))
        return self.live_front + (1 if self.lifo else self.live - self.live_front)

    def left(self, v: Visitor) -> None:
        """``v`` left the line other than by :meth:`pop` (its entry is dropped lazily)."""
        self.live -= 1
        if v.priority:
            self.live_front -= 1

    def head(self) -> Visitor | None:
        lifo = self.lifo
        for section in (self.front, self.rest) if self.live_front else (self.rest,):
            while section:
                token, v = section[-1] if lifo else section[0]
                if v.qtoken == token and v.state == QUEUED:
                    return v
                if lifo:
                    section.pop()
                else:
                    section.popleft()
        return None

    def pop(self) -> Visitor | None:
        """Take the next visitor (:meth:`head`, dropping stale entries on the way)."""
        lifo = self.lifo
        for section in (self.front, self.rest) if self.live_front else (self.rest,):
            while section:
                token, v = section.pop() if lifo else section.popleft()
                if v.qtoken == token and v.state == QUEUED:
                    self.live -= 1  # what left() does
                    if v.priority:
                        self.live_front -= 1
                    return v
        return None

    def waiting(self) -> Iterator[Visitor]:
        """The live visitors, in no particular order."""
        for section in (self.front, self.rest):
            for entry in section:
                if _live(entry):
                    yield entry[1]


class Queue:
    """All lines; which visitor an agent with a free seat takes next."""

    def __init__(self, lifo: bool) -> None:
        self.lifo = lifo
        self.lines: dict[str | None, Line] = {}
        self.single: Line | None = None
        """The only line, while there is one."""
        self.length = 0

    def line(self, key: str | None) -> Line:
        line = self.lines.get(key)
        if line is None:
            line = self.lines[key] = Line(key, self.lifo)
            self.single = line if len(self.lines) == 1 else None
        return line

    def push(self, v: Visitor, key: str | None, token: int, front: bool) -> int:
        """Queue ``v`` in the line of group ``key``; returns their position."""
        self.length += 1
        line = self.lines.get(key)
        return (line if line is not None else self.line(key)).push(v, token, front)

    def next_for(self, rank: Callable[[str | None], int | None]) -> Visitor | None:
        """The visitor an agent with a free seat takes: among the lines ``rank`` lets it
        serve, the lowest rank first; within a rank priority first, then the queue order;
        ties to the line created first."""
        if self.single is not None:
            v = self.single.pop() if rank(self.single.key) is not None else None
        else:
            best: Visitor | None = None
            best_line: Line | None = None
            best_rank = 0
            for key, line in self.lines.items():
                if not line.live:
                    continue
                r = rank(key)
                if r is None or (best is not None and r > best_rank):
                    continue
                head = line.head()
                if head is not None and (best is None or r < best_rank or self._before(head, best)):
                    best, best_line, best_rank = head, line, r
            v = best_line.pop() if best_line is not None else None
        if v is not None:
            self.length -= 1
        return v

    def _before(self, a: Visitor, b: Visitor) -> bool:
        if a.priority != b.priority:
            return a.priority
        return a.queued_at > b.queued_at if self.lifo else a.queued_at < b.queued_at

    def left(self, v: Visitor) -> None:
        v.line.left(v)
        self.length -= 1

    def waiting(self) -> Iterator[Visitor]:
        for line in list(self.lines.values()):
            yield from line.waiting()
