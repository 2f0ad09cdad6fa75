"""A statistic across plan periods: the 13th, 14th and 15th Five-Year Plans side by side.

For one statistic in one region: each plan of the chain (plans linked by ``successor_of``, and
any other plan of the region measuring the statistic) with its indicator's base and target as
printed, and the actual annual values of the plan's years (base year to end year) with their
sources. A plan of the chain that has no indicator on the statistic is listed with a note: the
statistic was dropped (or not yet adopted) in that period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from planwatch import model as m
from planwatch.errors import NotFound
from planwatch.store import Store

LEVEL_ORDER = {"national": 0, "provincial": 1, "city": 2, "county": 3}
STATUS_WORDS = {"final": "最终核实", "preliminary": "初步核算", "revised": "修订",
                "estimated": "预计"}


@dataclass(frozen=True)
class Actual:
    year: int
    value: float
    unit: str
    kind: str
    status: str
    scope: str | None
    revision: int
    source: m.SourceRef

    def as_dict(self) -> dict[str, Any]:
        return {"year": self.year, "value": self.value, "unit": self.unit, "kind": self.kind,
                "status": self.status, "scope": self.scope, "revision": self.revision,
                "source": {"title": self.source.title, "url": self.source.url,
                           "document": self.source.document, "line": self.source.line,
                           "date": self.source.date}}


@dataclass(frozen=True)
class PeriodRow:
    plan: m.Plan
    indicator: m.Indicator | None
    actuals: tuple[Actual, ...]
    link: str  # Chinese: how this plan follows the previous row
    note: str  # Chinese: what the row lacks or how to read it

    @property
    def period(self) -> str:
        return f"{self.plan.period_start}—{self.plan.period_end}年"

    def end_value(self) -> Actual | None:
        """The actual value of the plan's last year, when published."""
        return next((a for a in self.actuals if a.year == self.plan.period_end), None)

    def as_dict(self) -> dict[str, Any]:
        i = self.indicator
        end = self.end_value()
        return {
            "plan": self.plan.id, "plan_title": self.plan.title,
            "period": [self.plan.period_start, self.plan.period_end],
            "plan_status": self.plan.status.value, "predecessor": self.plan.predecessor,
            "link": self.link, "note": self.note,
            "indicator": None if i is None else {
                "id": i.id, "name": i.name, "unit": i.unit, "target_form": i.target_form.value,
                "base_text": i.base_text, "base_value": i.base_value, "base_year": i.base_year,
                "target_text": i.target_text, "target_value": i.target_value,
                "target_year": i.target_year, "qualifier": i.qualifier.value,
            },
            "actuals": [a.as_dict() for a in self.actuals],
            "end_of_period": None if end is None else end.as_dict(),
        }


@dataclass(frozen=True)
class Continuity:
    statistic: m.Statistic
    region: str
    region_name: str
    rows: tuple[PeriodRow, ...]
    regions: tuple[str, ...] = field(default=())  # other regions where plans measure it

    def as_dict(self) -> dict[str, Any]:
        return {"statistic": self.statistic.id, "statistic_name": self.statistic.name,
                "unit": self.statistic.unit, "region": self.region, "region_name": self.region_name,
                "other_regions": list(self.regions), "periods": [r.as_dict() for r in self.rows]}


def _chain(plans: dict[str, m.Plan], start: set[str]) -> set[str]:
    """The plans linked to ``start`` by successor_of, in both directions."""
    near: dict[str, set[str]] = {pid: set() for pid in plans}
    for p in plans.values():
        if p.predecessor in plans:
            near[p.id].add(p.predecessor)
            near[p.predecessor].add(p.id)
    out, todo = set(start), list(start)
    while todo:
        for other in near.get(todo.pop(), ()):
            if other not in out:
                out.add(other)
                todo.append(other)
    return out


def _wanted(ind: m.Indicator | None) -> set[m.ObservationKind]:
    if ind is not None and ind.target_form is m.TargetForm.GROWTH_RATE:
        return {m.ObservationKind.GROWTH}
    return set(m.VALUE_KINDS)


def _actuals(store: Store, statistic: str, plan: m.Plan, ind: m.Indicator | None,
             as_of: dt.date) -> tuple[Actual, ...]:
    kinds = _wanted(ind)
    first = ind.base_year if ind is not None and ind.base_year else plan.base_year
    out: dict[int, Actual] = {}
    for o in store.observations(statistic, plan.region, as_of=as_of.isoformat()):
        if o.period.kind is not m.PeriodKind.YEAR or o.kind not in kinds:
            continue
        if ind is not None and ind.scope and o.scope not in (None, ind.scope):
            continue
        year = o.period.end_date.year
        if not first <= year <= plan.period_end:
            continue
        a = Actual(year, o.value, o.unit, o.kind.value, o.status.value, o.scope, o.revision, o.source)
        prev = out.get(year)
        if prev is None or (prev.scope is not None and o.scope is None):
            out[year] = a  # one value a year: the unqualified scope before a named one
    return tuple(out[y] for y in sorted(out))


def _link(plan: m.Plan, previous: m.Plan | None) -> str:
    if previous is None:
        return "最早的一期"
    if plan.predecessor == previous.id:
        return f"承接上一期（{previous.period_start}—{previous.period_end}年）"
    return f"未写明承接关系（上一行为{previous.period_start}—{previous.period_end}年的规划）"


def statistic_continuity(store: Store, statistic: str, region: str | None = None,
                         as_of: dt.date | None = None) -> Continuity:
    """The statistic across plan periods in ``region`` (default: the region where most plans
    measure it, the higher level first)."""
    stats = {s.id: s for s in store.statistics()}
    if statistic not in stats:
        known = "、".join(sorted(stats)) or "（无）"
        raise NotFound(f"统计指标“{statistic}”不存在。已有统计指标：{known}")
    when = as_of or dt.date.max
    plans = {p.id: p for p in store.plans()}
    inds: dict[str, m.Indicator] = {}
    for i in sorted(store.indicators(), key=lambda i: (i.plan, i.seq)):  # one query for all plans
        if i.statistic == statistic and i.plan in plans and i.plan not in inds:
            inds[i.plan] = i
    regions = sorted({plans[p].region for p in inds},
                     key=lambda r: (-sum(1 for p in inds if plans[p].region == r),
                                    min(LEVEL_ORDER.get(plans[p].level.value, 9)
                                        for p in inds if plans[p].region == r), r))
    names = {r.id: r.name for r in store.regions()}
    if region is None:
        if not regions:
            raise NotFound(f"没有规划设置统计指标“{stats[statistic].name}”对应的指标。")
        region = regions[0]
    elif region not in names:
        region = next((r.id for r in store.regions() if region in (r.name, *r.aliases)), region)
    measuring = {pid for pid in inds if plans[pid].region == region}
    if not measuring:
        raise NotFound(f"地区“{names.get(region, region)}”没有规划设置“{stats[statistic].name}”指标；"
                       f"设置了该指标的地区：{'、'.join(names.get(r, r) for r in regions) or '（无）'}。")
    chain = sorted(_chain(plans, measuring), key=lambda pid: (plans[pid].period_start, pid))
    rows = _rows(store, statistic, [plans[pid] for pid in chain], inds, when)
    return Continuity(stats[statistic], region, names.get(region, region), tuple(rows),
                      tuple(r for r in regions if r != region))


def _rows(store: Store, statistic: str, chain: list[m.Plan], inds: dict[str, m.Indicator],
          when: dt.date) -> list[PeriodRow]:
    rows: list[PeriodRow] = []
    previous: m.Plan | None = None
    for plan in chain:
        ind = inds.get(plan.id)
        actuals = _actuals(store, statistic, plan, ind, when)
        notes = []
        if ind is None:
            notes.append("本期规划未设该指标")
        if plan.status is m.PlanStatus.DRAFT:
            notes.append("规划为草案或征求意见稿")
        if not any(a.year >= plan.period_start for a in actuals):
            notes.append("规划期内尚无实际值")
        rows.append(PeriodRow(plan, ind, actuals, _link(plan, previous), "；".join(notes)))
        previous = plan
    return rows
