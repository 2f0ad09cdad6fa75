"""What a reporter (a county or a department) must report for a year: the rows of its 报送
template and of its task list, each with the previous value, base and target beside it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from planwatch import model as m
from planwatch.reports.numbers import fmt
from planwatch.store import Store
from planwatch.workbook.read import unit_choices
from planwatch.workbook.template import TemplateRow, TemplateSpec


@dataclass(frozen=True)
class Reporter:
    id: str
    name: str
    kind: str  # region | department
    known: bool = True


def resolve_reporter(store: Store, text: str) -> Reporter:
    """A region (id, name or alias: 婺城区, 330702) or a department (id, name or alias)."""
    t = text.strip()
    for r in store.regions():
        if t in (r.id, r.name, *r.aliases):
            return Reporter(r.id, r.name, "region")
    for d in store.departments():
        if t in (d.id, d.name, *d.aliases):
            return Reporter(d.id, d.name, "department")
    return Reporter(t, t, "department", known=False)


def _previous(store: Store, statistic: str, region: str, period: m.Period) -> str:
    obs = [o for o in store.observations(statistic, region)
           if o.kind in m.VALUE_KINDS and o.period.end_date < period.end_date]
    if not obs:
        return "—"
    last = max(obs, key=lambda o: (o.period.end_date, o.period.kind is m.PeriodKind.YEAR))
    return f"{fmt(last.value)}（{last.period.label}）"


def template_row(store: Store, ind: m.Indicator, region: m.Region, period: m.Period,
         base: str, target: str) -> TemplateRow:
    assert ind.statistic
    return TemplateRow(
        indicator_id=ind.id, indicator_name=ind.name, statistic=ind.statistic,
        region_id=region.id, region_name=region.name, period=period.code,
        period_label=period.label, unit=ind.unit, unit_choices=unit_choices(ind.unit),
        previous_text=_previous(store, ind.statistic, region.id, period),
        base_text=base, target_text=target,
    )


def _region_rows(store: Store, region: m.Region, period: m.Period) -> list[TemplateRow]:
    """A plan's own region reports its plans' indicators; a county its decomposed targets."""
    rows: list[TemplateRow] = []
    plan_ids = [p.id for p in store.plans() if p.region == region.id]
    for pid in plan_ids:
        for ind in store.indicators(pid):
            if ind.statistic:
                rows.append(template_row(store, ind, region, period, ind.base_text or fmt(ind.base_value),
                                 ind.target_text or fmt(ind.target_value)))
    seen = {r.indicator_id for r in rows}
    by_ind: dict[str, dict[str, m.Decomposition]] = {}
    for d in store.decompositions():
        if d.region == region.id and d.indicator not in seen:
            by_ind.setdefault(d.indicator, {})[d.role] = d
    for ind_id, roles in sorted(by_ind.items()):
        ind = store.indicator(ind_id)
        if ind.statistic:
            base, target = roles.get("base"), roles.get("target")
            rows.append(template_row(store, ind, region, period,
                             fmt(base.value) if base else "—", fmt(target.value) if target else "—"))
    return rows


def template_spec(store: Store, reporter: str, *, year: int) -> TemplateSpec:
    who = resolve_reporter(store, reporter)
    period = m.Period.year(year)
    regions = {r.id: r for r in store.regions()}
    note = ""
    if who.kind == "region":
        rows = _region_rows(store, regions[who.id], period)
        if not rows:
            note = f"“{who.name}”没有规划指标或分解目标，本模板无需填报的行。"
    else:
        rows = []
        led = {(r.indicator, r.region) for r in store.responsibilities() if r.lead == who.id}
        for plan in store.plans():
            for ind in store.indicators(plan.id):
                if not ind.statistic:
                    continue
                if who.id in ind.departments or (ind.id, None) in led:
                    rows.append(template_row(store, ind, regions[plan.region], period,
                                     ind.base_text or fmt(ind.base_value),
                                     ind.target_text or fmt(ind.target_value)))
                counties = sorted(r for i, r in led if i == ind.id and r is not None)
                if counties:
                    roles: dict[tuple[str, str], m.Decomposition] = {}
                    for d in store.decompositions(ind.id):
                        k = (d.region, d.role)
                        if d.region in counties and (k not in roles or d.year > roles[k].year):
                            roles[k] = d
                    for c in counties:
                        b, t = roles.get((c, "base")), roles.get((c, "target"))
                        rows.append(template_row(store, ind, regions[c], period,
                                         fmt(b.value) if b else "—", fmt(t.value) if t else "—"))
        if not rows:
            known = "" if who.known else f"数据中没有登记名为“{who.name}”的部门；"
            note = (f"{known}规划指标表未注明由“{who.name}”负责的指标，因此本模板没有待填报的行"
                    "（不会虚构指标）。如需按部门填报，请先在“单位与责任”中登记单位并导入责任分解表。")
    return TemplateSpec(who.id, who.name, who.kind, period.label, tuple(rows), note,
                        dt.datetime.now().strftime("%Y-%m-%d %H:%M"))
