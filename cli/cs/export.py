"""A canonical document as policy YAML, the form ``cs show`` exports."""

from __future__ import annotations

from typing import Any

import yaml

SCHEMA_MODELINE = "# yaml-language-server: $schema=https://cs-policy.dev/schema/policy.schema.json"


def to_yaml(document: dict[str, Any], title: str) -> str:
    body = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, default_flow_style=False)
    return f"{SCHEMA_MODELINE}\n# {title}\n{body}"
