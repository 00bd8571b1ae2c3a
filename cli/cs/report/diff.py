"""Reporters for ``cs diff`` and ``cs plan``: text, json, markdown."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from cs.compare import Comparison
from cs.diff import Change, Impact
from cs.i18n import _, ngettext

JSON_FORMAT_VERSION = 1


def _value(value: Any) -> str:
    if isinstance(value, dict | list):
        text = json.dumps(value, ensure_ascii=False, sort_keys=False)
        return text if len(text) <= 80 else text[:77] + "..."
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)


def change_line(change: Change) -> str:
    if change.kind == "added":
        return f"+ {change.path}: {_value(change.new)}"
    if change.kind == "removed":
        return f"- {change.path}: {_value(change.old)}"
    if change.path.endswith("[*]"):
        order = _("{path} order: {old} -> {new}").format(
            path=change.path[:-3], old=", ".join(change.old), new=", ".join(change.new)
        )
        return f"~ {order}"
    return f"~ {change.path}: {_value(change.old)} -> {_value(change.new)}"


def impact_lines(impact: Impact) -> list[str]:
    lines = []
    for day, before, after in impact.open_hours:
        lines.append(
            _("open hours {day}: {before}h -> {after}h").format(day=day, before=f"{before:g}", after=f"{after:g}")
        )
    if impact.agents_added:
        lines.append(_("agents added: {agents}").format(agents=", ".join(impact.agents_added)))
    if impact.agents_removed:
        lines.append(_("agents removed: {agents}").format(agents=", ".join(impact.agents_removed)))
    if impact.routing_changed:
        lines.append(_("routing behaviour changed"))
    if impact.offline_changed:
        lines.append(_("offline behaviour changed"))
    if impact.languages_added:
        lines.append(_("languages added: {languages}").format(languages=", ".join(impact.languages_added)))
    if impact.languages_removed:
        lines.append(_("languages removed: {languages}").format(languages=", ".join(impact.languages_removed)))
    return lines


def text(comparison: Comparison) -> str:
    changes, impact = comparison.changes, comparison.impact
    lines = [comparison.shown_title]
    notes = comparison.notes
    lines.extend(f"! {note}" for note in notes)
    if not changes:
        lines.append(_("no changes"))
        return "\n".join(lines)
    summary = impact_lines(impact)
    if summary:
        lines.append(_("impact:"))
        lines.extend(f"  {line}" for line in summary)
    lines.append(_("changes ({count}):").format(count=len(changes)))
    lines.extend(f"  {change_line(c)}" for c in changes)
    return "\n".join(lines)


def markdown(comparison: Comparison) -> str:
    changes, impact, notes = comparison.changes, comparison.impact, comparison.notes
    lines = [f"### {comparison.shown_title}", ""]
    lines.extend(f"> **{note}**" for note in notes)
    if notes:
        lines.append("")
    if not changes:
        lines.append(_("No changes."))
        return "\n".join(lines) + "\n"
    summary = impact_lines(impact)
    if summary:
        impact_title = _("Impact")
        lines.append(f"**{impact_title}**")
        lines.append("")
        lines.extend(f"- {line}" for line in summary)
        lines.append("")
    summary_text = ngettext("{count} change", "{count} changes", len(changes)).format(count=len(changes))
    lines.append(f"<details><summary>{summary_text}</summary>")
    lines.append("")
    lines.append("```diff")
    lines.extend(change_line(c) for c in changes)
    lines.append("```")
    lines.append("</details>")
    return "\n".join(lines) + "\n"


def as_dict(changes: Sequence[Change], impact: Impact) -> dict[str, Any]:
    return {
        "changed": bool(changes),
        "impact": {
            "open_hours": [{"day": d, "before": b, "after": a} for d, b, a in impact.open_hours],
            "agents_added": list(impact.agents_added),
            "agents_removed": list(impact.agents_removed),
            "routing_changed": impact.routing_changed,
            "offline_changed": impact.offline_changed,
            "languages_added": list(impact.languages_added),
            "languages_removed": list(impact.languages_removed),
        },
        "changes": [{"path": c.path, "kind": c.kind, "old": c.old, "new": c.new} for c in changes],
    }


def as_json(comparison: Comparison) -> str:
    """Machine output: the English title, whatever the language (UI-1)."""
    c = comparison
    return json.dumps(
        {"version": JSON_FORMAT_VERSION, "title": c.title, "notes": list(c.notes), **as_dict(c.changes, c.impact)},
        indent=2,
        ensure_ascii=False,
    )


REPORTERS: dict[str, Callable[[Comparison], str]] = {"text": text, "json": as_json, "markdown": markdown}
