"""Pause Python's cyclic garbage collector while a policy is loaded and checked.

Loading and validating allocate hundreds of thousands of small objects (nodes,
marks, jsonschema's per-keyword validators) and free almost none of them until the
end, which makes the collector run its full generation again and again: at 10,000
agents more than half the time went there. None of these objects form cycles that
need the collector (recursive aliases are refused, not built), so it is paused for
the duration and resumes as it was.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            # Move what the pause allocated to the oldest generation without looking at
            # it (freeze, then unfreeze): else the first allocation after the pause
            # makes the collector walk all of it as "young" (0.2 s at 10,000 agents).
            # The oldest generation is still collected, so nothing leaks.
            gc.freeze()
            gc.unfreeze()
            gc.enable()
