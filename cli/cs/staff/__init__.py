"""``cs staff``: agents required per interval for a forecast and service-level targets,
against the agents the policy schedules (OPS-8).

:func:`cs.staff.api.staff` is the library call. The flow:
:func:`cs.staff.plan.staff_plan` (Erlang C or A per interval from
:mod:`cs.staff.erlang`, through the multi-chat model of :mod:`cs.staff.model`,
``scheduled`` from the engine through :mod:`cs.staff.roster`, and under group
routing one line per team from :mod:`cs.staff.lines`), then
optionally :func:`cs.staff.shifts.plan_shifts` (an integer program) and
:func:`cs.staff.verify.verify` (the simulator); :mod:`cs.staff.report` formats
the result and :func:`cs.staff.plot.write_plot` draws it.
"""
