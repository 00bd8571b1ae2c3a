"""``cs simulate``: a deterministic discrete-event simulation of visitors and agents
against a policy (OPS-3), reporting what an operator wants to see (OBS-1, OBS-2).

Library use::

    from cs.simulate import simulate
    result = simulate(policy, scenario, date(2026, 11, 23), days=1, seed=7)
    result.summary.as_dict()
"""

from __future__ import annotations

from typing import Any

__all__ = ["Result", "simulate"]


def __getattr__(name: str) -> Any:
    """Import the engine on first use, so ``cs --help`` does not pay for it."""
    if name in __all__:
        from cs.simulate import api

        return getattr(api, name)
    raise AttributeError(f"module 'cs.simulate' has no attribute {name!r}")
