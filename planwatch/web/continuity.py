"""The continuity section of the indicator page: the indicator's statistic across plan periods
(13th, 14th, 15th Five-Year Plans linked by ``successor_of``), from ``api.continuity``."""

from __future__ import annotations

from planwatch import api
from planwatch import model as m
from planwatch.errors import NotFound
from planwatch.web.context import ChartPoint, ContinuityItem
from planwatch.web.present import num, source_info


def _base(i: m.Indicator | None) -> str:
    if i is None:
        return "—"
    text = i.base_text or num(i.base_value)
    return f"{text}（{i.base_year}年）" if i.base_year and text not in ("", "—") else (text or "—")


def continuity_items(store: api.Store, ind: m.Indicator, region: str,
                     titles: dict[str, str]) -> tuple[list[ContinuityItem], str | None]:
    """Rows for each plan period of the chain (empty when the indicator's plan has no other
    period for this statistic), and the unit of the actual values."""
    if not ind.statistic:
        return [], None
    try:
        c = api.continuity.statistic_continuity(store, ind.statistic, region)
    except NotFound:
        return [], None
    if len(c.rows) < 2:
        return [], None
    out = []
    unit = None
    for r in c.rows:
        i = r.indicator
        end = r.end_value()
        sources = list({(a.source.url or "", a.source.title or "", a.source.document or ""): a.source
                        for a in r.actuals}.values())
        unit = unit or next((a.unit for a in r.actuals), None)
        out.append(ContinuityItem(
            plan_id=r.plan.id, plan_title=r.plan.title, period=r.period, link=r.link,
            indicator_id=i.id if i else None, indicator_name=i.name if i else None,
            base_text=_base(i), target_text=(i.target_text or num(i.target_value)) if i else "—",
            actuals=[ChartPoint(t=float(a.year), value=a.value, label=f"{a.year}年") for a in r.actuals],
            end_value=f"{num(end.value)}{end.unit}" if end else None,
            sources=[source_info(s, titles) for s in sources], note=r.note,
            current=i is not None and i.id == ind.id))
    return out, unit
