"""Which plan and which evaluation date a screen or command shows when the user names none.

Plans follow one another (the 13th, 14th and 15th Five-Year Plans). The default follows the
period that contains today's date:

* a plan whose period contains today **and that already has data of its period** is evaluated
  at today (当前评估);
* otherwise (the new plan has just begun and no year of its period has been published yet) the
  most recent plan whose period has ended is shown with its end-of-period evaluation
  (最终评估 at the last day of its period, with the latest data of its period);
* a plan whose period has not begun is evaluated at today (nothing is due yet).

Everything here is pure: ``today`` is passed in (``planwatch.api.periods`` reads the clock, or
``PLANWATCH_TODAY`` when a test or a reproduction fixes the date).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from planwatch.model import Plan

LEVEL_ORDER = {"national": 0, "provincial": 1, "city": 2, "county": 3}
KIND_LABELS = {"current": "当前评估", "final": "最终评估", "upcoming": "规划期尚未开始"}


@dataclass(frozen=True)
class AsOf:
    """The default evaluation date of one plan and why."""

    plan: str
    as_of: dt.date
    kind: str  # current | final | upcoming
    label: str  # Chinese, shown next to 评估时点

    def as_dict(self) -> dict[str, str]:
        return {"plan": self.plan, "as_of": self.as_of.isoformat(), "kind": self.kind,
                "label": self.label}


@dataclass(frozen=True)
class Choice:
    """The default plan and date, with the reason in Chinese."""

    plan: Plan
    as_of: AsOf
    reason: str

    def as_dict(self) -> dict[str, object]:
        return {"plan": self.plan.id, **self.as_of.as_dict(), "reason": self.reason}


def _period(p: Plan) -> str:
    return f"{p.period_start}—{p.period_end}年"


def plan_as_of(plan: Plan, today: dt.date) -> AsOf:
    """The default evaluation date of ``plan`` on ``today``."""
    end = dt.date(plan.period_end, 12, 31)
    if today.year < plan.period_start:
        return AsOf(plan.id, today, "upcoming",
                    f"规划期（{_period(plan)}）尚未开始，按今天 {today.isoformat()} 显示")
    if today <= end:
        return AsOf(plan.id, today, "current", f"当前评估：今天 {today.isoformat()}，规划期 {_period(plan)}")
    return AsOf(plan.id, end, "final",
                f"最终评估：规划期（{_period(plan)}）已结束，评估时点为期末 {end.isoformat()}，"
                "采用规划期内已发布的最新数据")


def _rank(p: Plan) -> tuple[int, str]:
    return (LEVEL_ORDER.get(p.level.value, 9), p.id)


def choose(plans: Iterable[Plan], today: dt.date,
           has_data: Callable[[Plan], bool]) -> Choice | None:
    """The default plan on ``today``; ``has_data(plan)`` says whether any year of the plan's own
    period has been published (asked only for plans whose period contains today)."""
    plans = list(plans)
    if not plans:
        return None
    running = sorted((p for p in plans if p.period_start <= today.year <= p.period_end), key=_rank)
    with_data = [p for p in running if has_data(p)]
    if with_data:
        p = with_data[0]
        return Choice(p, plan_as_of(p, today), f"今天 {today.isoformat()} 在规划期 {_period(p)} 内，"
                      "且已有本期数据：按今天评估。")
    ended = sorted((p for p in plans if p.period_end < today.year),
                   key=lambda p: (-p.period_end, *_rank(p)))
    if ended:
        p = ended[0]
        why = (f"今天 {today.isoformat()} 所在的规划期（{'、'.join(f'{x.title}（{_period(x)}）' for x in running[:2])}）"
               "尚无本期数据" if running else f"今天 {today.isoformat()} 不在任何规划的规划期内")
        return Choice(p, plan_as_of(p, today),
                      f"{why}：显示最近结束的规划《{p.title}》的最终评估。")
    p = sorted(plans, key=lambda p: (p.period_start, *_rank(p)))[0]
    return Choice(p, plan_as_of(p, today), f"今天 {today.isoformat()} 尚无已开始的规划期：显示最早的规划。")
