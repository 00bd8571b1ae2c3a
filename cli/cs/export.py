"""A canonical document as policy YAML, the form ``cs show`` exports."""

from __future__ import annotations

from typing import Any

import yaml

from cs.model.timefmt import escaped

SCHEMA_MODELINE = "# yaml-language-server: $schema=schema/policy.schema.json"
"""Where docs/policy.md keeps the schema (``cs schema > schema/policy.schema.json``), relative
to a policy at the top of its repository: editors check the export offline, no URL."""


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
"""libyaml's emitter when PyYAML has it: the same text, four times faster (the
stored 10,000-agent policy ``cs apply`` validates again)."""


def to_yaml(document: dict[str, Any], title: str) -> str:
    """The document under a comment line saying what it is (``title``: the policy and
    where it came from)."""
    body = yaml.dump(document, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, default_flow_style=False)
    # A line break in the title would end the comment and start YAML; a byte of a
    # file name that is not UTF-8 (a lone surrogate) is no character YAML allows.
    return f"{SCHEMA_MODELINE}\n# {escaped(title)}\n{body}"
