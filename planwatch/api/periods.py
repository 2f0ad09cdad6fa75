"""The default plan and evaluation date follow the active plan period (see :mod:`planwatch.periods`).

``today()`` is the real date, or ``PLANWATCH_TODAY`` (YYYY-MM-DD) when set: tests and
reproductions fix the date that way; nothing else reads the clock for these defaults.
"""

from __future__ import annotations

import datetime as dt
import os

from planwatch import model as m
from planwatch import periods
from planwatch.errors import ConfigError
from planwatch.periods import AsOf, Choice
from planwatch.store import Store

ENV = "PLANWATCH_TODAY"


def today() -> dt.date:
    raw = os.environ.get(ENV, "").strip()
    if not raw:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise ConfigError(f"环境变量 {ENV}=“{raw}”格式应为 YYYY-MM-DD，例如 2026-12-07。") from None


def has_period_data(store: Store, plan: m.Plan, when: dt.date) -> bool:
    """Whether any indicator of ``plan`` has a value for a year of its own period by ``when``."""
    stats = {i.statistic for i in store.indicators(plan.id) if i.statistic}
    for stat in sorted(stats):
        for o in store.observations(stat, plan.region, as_of=when.isoformat()):
            if o.period.end_date.year >= plan.period_start:
                return True
    return False


def default_choice(store: Store, when: dt.date | None = None) -> Choice | None:
    """The plan (and date) shown when none is named: the one whose period contains today, or the
    most recent ended plan's final evaluation when the current period has no data yet."""
    day = when or today()
    return periods.choose(store.plans(), day, lambda p: has_period_data(store, p, day))


def plan_as_of(plan: m.Plan, when: dt.date | None = None) -> AsOf:
    """The default evaluation date of ``plan``: today in its period, its last day once ended."""
    return periods.plan_as_of(plan, when or today())


__all__ = ["AsOf", "Choice", "default_choice", "has_period_data", "plan_as_of", "today"]
