"""Semantic rules: checks the JSON Schema cannot express.

Each rule is a function registered with :func:`cs.rules.registry.rule`; its
docstring is its user documentation (``cs rules`` prints them). Importing
this package registers them all.
"""

from cs.rules import agents, calendar, coverage, messages, offline, routing, schedule_hours  # noqa: F401
