"""A large policy written out in full, as a big brand or an outsourcer runs one.

Shared by tests/test_large_policy.py (that it loads at all) and bench/bench_large.py
(how fast): agents with names, teams and languages, teams, and schedules that list
agent ids one by one, with no YAML aliases, so every node is the document's own.
``changed=True`` gives the copy a diff is measured against: the first agent takes
one chat more, the last agent is gone (from its schedule too) and a new one joins.
"""

from __future__ import annotations

AGENTS_PER_TEAM = 50
AGENTS_PER_SCHEDULE = 100


def large_policy_yaml(
    agents: int, *, changed: bool = False, per_schedule: int = AGENTS_PER_SCHEDULE, distinct: bool = False
) -> str:
    """``per_schedule`` agents listed by each schedule; the schedules alternate two
    shifts, or with ``distinct`` each starts a minute later than the one before."""
    ids = [f"shop:kefu{a:05d}" for a in range(agents)]
    if changed:
        ids[-1] = "shop:kefu-new"
    teams = max(1, agents // AGENTS_PER_TEAM)
    lines = [
        "# yaml-language-server: $schema=../schema/policy.schema.json",
        "version: 1",
        f"name: large-{agents}",
        "timezone: Asia/Shanghai",
        "hours:",
        "  mon: [09:00-12:00, 13:00-18:00]",
        "  tue: [09:00-12:00, 13:00-18:00]",
        "  wed: [09:00-12:00, 13:00-18:00]",
        "  thu: [09:00-12:00, 13:00-18:00]",
        "  fri: [09:00-12:00, 13:00-18:00]",
        "  sat: [10:00-16:00]",
        "teams:",
    ]
    lines += [f"  - {{id: team{t:04d}, name: 'Team {t}'}}" for t in range(teams)]
    lines.append("agents:")
    for a in range(agents):
        language = "[zh, en]" if a % 5 == 0 else "[zh]"
        chats = 3 + a % 8 + (1 if changed and a == 0 else 0)
        lines.append(
            f"  - {{id: '{ids[a]}', name: '客服 {a}', teams: [team{a % teams:04d}], "
            f"languages: {language}, max_chats: {chats}}}"
        )
    lines.append("schedules:")
    for s in range(0, agents, per_schedule):
        listed = ", ".join(f"'{ident}'" for ident in ids[s : s + per_schedule])
        index = s // per_schedule
        shift = "[08:00-16:00]" if index % 2 else "[12:00-20:00]"
        if distinct:
            start = 6 * 60 + index % (10 * 60)
            shift = f"[{start // 60:02d}:{start % 60:02d}-{start // 60 + 8:02d}:{start % 60:02d}]"
        lines += [
            f"  - id: shift{s // per_schedule:04d}",
            f"    agents: [{listed}]",
            f"    hours: {{mon: {shift}, tue: {shift}, wed: {shift}, thu: {shift}, fri: {shift}, sat: [10:00-16:00]}}",
        ]
    lines += [
        "messages:",
        "  default_language: zh",
        "  off_hours:",
        "    text: {zh: '现在不在服务时间，{next_open} 回来。', en: 'We are closed; back at {next_open}.'}",
    ]
    return "\n".join(lines) + "\n"
