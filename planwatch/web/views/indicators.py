"""The indicator page: assessment, chart, every observation with source and revisions,
milestones, related narrative targets, decompositions and findings."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Query

from planwatch import api
from planwatch import model as m
from planwatch.web.context import (
    ChartPoint,
    ContinuityItem,
    FactItem,
    FindingItem,
    IndicatorRow,
    MilestoneItem,
    Option,
    SourceInfo,
    documented,
)
from planwatch.web.deps import CtxDep
from planwatch.web.present import NATURE_LABELS, method_options, num, source_info
from planwatch.web.views.plans import DEFAULT_METHOD, _row


@dataclass
class ObservationItem:
    """One observation of the indicator's statistic with source, status and revision."""

    id: int | None = documented("观测值编号")
    period: str = documented("时期代码")
    period_label: str = documented("时期")
    kind: str = documented("类型：level | growth | share | rank …")
    value: float = documented("数值")
    unit: str = documented("单位")
    text: str | None = documented("原文写法")
    qualifier: str = documented("限定：exact | passed | nearly …")
    status: str = documented("数据状态：preliminary | final | revised | estimated")
    scope: str | None = documented("排名范围")
    revision: int = documented("修订版次", 1)
    in_force: bool = documented("是否为现行值", True)
    recorded_at: str | None = documented("录入时间")
    recorded_by: str | None = documented("录入或审核人")
    source: SourceInfo = documented("来源", default_factory=SourceInfo)
    revisions: list[ObservationItem] = documented("同一数值的全部版本（含本版）", default_factory=list)


@dataclass
class NarrativeItem:
    """A target stated in the plan's prose that concerns this indicator."""

    id: str = documented("编号")
    text: str | None = documented("原文")
    subject: str = documented("对象")
    value: float | None = documented("目标值")
    unit: str = documented("单位")
    year: int | None = documented("目标年")
    stretch: bool = documented("是否为力争目标", False)
    relation: str = documented("与本指标的关系：本规划、本地区、上级地区（…）、下级地区（…）", "")
    source: SourceInfo = documented("来源", default_factory=SourceInfo)


@dataclass
class DecompositionItem:
    """A county's base or target of a decomposed indicator."""

    region: str = documented("区域编号")
    region_name: str = documented("区域名称")
    year: int = documented("年份")
    role: str = documented("base 基数 | target 目标")
    value: float = documented("数值")
    source: SourceInfo = documented("来源", default_factory=SourceInfo)


@dataclass
class PlanTargetItem:
    """The same statistic's target in a related plan (parent, child or other region)."""

    plan_id: str = documented("规划编号")
    plan_title: str = documented("规划名称")
    region: str = documented("地区")
    period: str = documented("规划期")
    indicator_id: str = documented("指标编号")
    base_text: str = documented("基期值（如表所印）")
    target_text: str = documented("目标（如表所印）")
    latest: str | None = documented("该地区最新值（时期）")
    source: SourceInfo | None = documented("最新值来源")
    current: bool = documented("是否为本页指标", False)


@dataclass
class IndicatorPage:
    """指标页 ``/indicators/{indicator_id:path}`` (template ``indicator.html``)."""

    id: str = documented("指标编号")
    plan_id: str = documented("规划编号")
    plan_title: str = documented("规划名称")
    seq: int = documented("序号")
    name: str = documented("指标名称")
    unit: str = documented("单位")
    category: str | None = documented("类别")
    nature: str = documented("属性代码")
    nature_label: str = documented("属性")
    direction_label: str = documented("方向：越高越好 / 越低越好（及依据）")
    rule: str = documented("进度规则代码：linear | compound | growth …")
    rule_basis: str = documented("为何采用该规则")
    base_text: str = documented("基期值（如表所印）")
    base_value: float | None = documented("基期值")
    base_year: int | None = documented("基期年")
    target_text: str = documented("目标值（如表所印）")
    target_value: float | None = documented("目标值")
    target_year: int | None = documented("目标年")
    stretch_value: float | None = documented("力争目标值")
    declared_growth: str | None = documented("表中所列年均增长")
    departments: list[str] = documented("责任部门", default_factory=list)
    source: SourceInfo = documented("指标来源（规划文本位置）", default_factory=SourceInfo)
    as_of: str = documented("评估时点")
    as_of_label: str | None = documented("默认评估时点的说明")
    method: str = documented("评估方法")
    methods: list[Option] = documented("可选评估方法", default_factory=list)
    assessment: IndicatorRow | None = documented("评估结果（与规划页一行相同）")
    method_error: str | None = documented("评估方法不可用时的说明")
    observations: list[ObservationItem] = documented("全部观测值（现行版本，附修订历史）", default_factory=list)
    milestones: list[MilestoneItem] = documented("年度目标", default_factory=list)
    continuity: list[ContinuityItem] = documented("同一统计指标跨规划期（十三五、十四五、十五五……，以 successor_of 相接）的基期、目标和逐年实际值",
                                         default_factory=list)
    continuity_unit: str | None = documented("跨规划期实际值的单位")
    across_plans: list[PlanTargetItem] = documented("同一统计指标在各规划、各级地区的目标与最新值（城市与全国对比、跨规划期连续）",
                                           default_factory=list)
    narrative_targets: list[NarrativeItem] = documented("相关的文字目标", default_factory=list)
    decompositions: list[DecompositionItem] = documented("分解到区县的基数与目标", default_factory=list)
    findings: list[FindingItem] = documented("该指标的数据问题", default_factory=list)
    facts: list[FactItem] = documented("文档中抽取的相关事实（审核队列中的记录）", default_factory=list)
    series: list[ChartPoint] = documented("图中的数据序列（数值类观测值）", default_factory=list)
    path: list[ChartPoint] = documented("进度路径（按规则线性或复合插值）", default_factory=list)
    projection: list[ChartPoint] = documented("按当前速度的推算", default_factory=list)
    gaps: list[str] = documented("缺失的数据或功能", default_factory=list)

DIRECTION_LABELS = {"higher_better": "越高越好", "lower_better": "越低越好"}


def _obs_item(o: m.Observation, titles: dict[str, str], in_force: bool = True) -> ObservationItem:
    return ObservationItem(
        id=o.id, period=o.period.code, period_label=o.period.label, kind=o.kind.value,
        value=o.value, unit=o.unit, text=o.text, qualifier=o.qualifier.value,
        status=o.status.value, scope=o.scope, revision=o.revision, in_force=in_force,
        recorded_at=o.recorded_at, recorded_by=o.recorded_by, source=source_info(o.source, titles),
    )


def _observations(d: api.indicators.IndicatorDetail) -> list[ObservationItem]:
    out = []
    for o in sorted(d.observations, key=lambda o: (o.period.end_date, o.kind.value)):
        item = _obs_item(o, d.documents)
        item.revisions = [_obs_item(r, d.documents, r.id == o.id) for r in d.revisions.get(o.key, (o,))]
        out.append(item)
    return out


def schedule_path(ind: m.Indicator) -> list[ChartPoint]:
    """The path from base to target the rule implies: linear, or compound for growing amounts."""
    x0, xt, b, t = ind.base_value, ind.target_value, ind.base_year, ind.target_year
    if x0 is None or xt is None or b is None or t is None or t <= b:
        return []
    if ind.rule not in (m.ProgressRule.LINEAR, m.ProgressRule.COMPOUND):
        return []
    compound = ind.rule is m.ProgressRule.COMPOUND and x0 > 0 and xt > 0
    pts = []
    for k in range(t - b + 1):
        share = k / (t - b)
        v = x0 * (xt / x0) ** share if compound else x0 + (xt - x0) * share
        pts.append(ChartPoint(t=float(b + k), value=round(v, 6),
                              label="复合增长路径" if compound else "线性进度路径"))
    return pts


def _series(d: api.indicators.IndicatorDetail) -> list[ChartPoint]:
    pts = []
    for o in d.observations:
        if o.kind in m.VALUE_KINDS and o.unit == d.indicator.unit:
            pts.append(ChartPoint(t=round(o.period.plan_time, 4), value=o.value, label=o.period.label))
    return sorted(pts, key=lambda p: p.t)


def _projection(d: api.indicators.IndicatorDetail, series: list[ChartPoint]) -> list[ChartPoint]:
    a, ind = d.assessment, d.indicator
    if a is None or a.projected_value is None or not series or ind.target_year is None:
        return []
    last = series[-1]
    if last.t >= ind.target_year:
        return []
    return [ChartPoint(t=last.t, value=last.value, label="最新值"),
            ChartPoint(t=float(ind.target_year), value=a.projected_value, label="按当前速度推算")]


def _declared(ind: m.Indicator) -> str | None:
    if ind.declared_growth is None:
        return None
    unit = "个百分点" if ind.declared_growth_unit is m.GrowthUnit.POINTS else "%"
    return f"{num(ind.declared_growth)}{unit}"


def indicator_page(
    indicator_id: str,
    ctx: CtxDep,
    as_of: str | None = Query(None, description="评估时点 YYYY-MM-DD"),
    method: str = Query(DEFAULT_METHOD, description="评估方法"),
) -> IndicatorPage:
    """指标页：评估结果、走势图（基期、目标、力争目标、进度路径、推算）、全部观测值及来源与修订、年度目标、相关文字目标。"""
    from planwatch.web import periods as period_defaults
    from planwatch.web.continuity import continuity_items

    when, as_of_label = period_defaults.plan_as_of(
        ctx, ctx.store.plan(ctx.store.indicator(indicator_id).plan), as_of)
    d = api.indicators.indicator_detail(ctx.db, indicator_id, when, method=method)
    ind = d.indicator
    names = api.lookups(ctx.db).regions
    series = _series(d)
    page = IndicatorPage(
        id=ind.id, plan_id=d.plan.id, plan_title=d.plan.title, seq=ind.seq, name=ind.name,
        unit=ind.unit, category=ind.category, nature=ind.nature.value,
        nature_label=NATURE_LABELS[ind.nature.value],
        direction_label=f"{DIRECTION_LABELS[ind.direction.value]}（{ind.direction_basis}）",
        rule=ind.rule.value, rule_basis=ind.rule_basis, base_text=ind.base_text or num(ind.base_value),
        base_value=ind.base_value, base_year=ind.base_year,
        target_text=ind.target_text or num(ind.target_value), target_value=ind.target_value,
        target_year=ind.target_year, stretch_value=ind.stretch_value, declared_growth=_declared(ind),
        departments=list(ind.departments), source=source_info(ind.source, d.documents),
        as_of=when.isoformat(), method=method, methods=method_options(method),
        assessment=_row(api.evaluate.IndicatorResult(ind, d.assessment)) if d.assessment else None,
        method_error=d.method_error, observations=_observations(d),
        milestones=[MilestoneItem(year=x.year, value=x.value, origin=x.origin,
                                  source=source_info(x.source, d.documents)) for x in d.milestones],
        narrative_targets=[
            NarrativeItem(id=n.id, text=n.text, subject=n.subject, value=n.value, unit=n.unit,
                          year=n.year, stretch=n.stretch, relation=d.narrative_relations.get(n.id, ""),
                          source=source_info(n.source, d.documents))
            for n in d.narrative_targets
        ],
        decompositions=[
            DecompositionItem(region=x.region, region_name=names.get(x.region, x.region), year=x.year,
                              role=x.role, value=x.value, source=source_info(x.source, d.documents))
            for x in d.decompositions
        ],
        findings=[FindingItem(code=x.code, severity=x.severity.value, message=x.message,
                              location=x.location.label) for x in d.findings],
        series=series, path=schedule_path(ind), projection=_projection(d, series),
    )
    page.across_plans = [
        PlanTargetItem(
            plan_id=x.plan.id, plan_title=x.plan.title, region=x.region_name,
            period=f"{x.plan.period_start}—{x.plan.period_end}年", indicator_id=x.indicator.id,
            base_text=x.indicator.base_text or num(x.indicator.base_value),
            target_text=x.indicator.target_text or num(x.indicator.target_value),
            latest=(f"{num(x.latest.value)}{x.latest.unit}（{x.latest.period.label}）"
                    if x.latest else None),
            source=source_info(x.latest.source, d.documents) if x.latest else None,
            current=x.indicator.id == ind.id)
        for x in d.across_plans
    ] if len(d.across_plans) > 1 else []
    page.as_of_label = as_of_label
    page.continuity, page.continuity_unit = continuity_items(ctx.db, ind, d.plan.region, d.documents)
    page.facts = _facts(ctx, ind, d.documents, api.indicators.region_relations(ctx.db, d.region))
    page.gaps = _gaps(page, ind)
    return page


def _facts(ctx: CtxDep, ind: m.Indicator, titles: dict[str, str],
           relations: dict[str, str]) -> list[FactItem]:
    """Facts extracted from documents about the indicator's statistic (any review state) in the
    indicator's region, its parent or its children, each labelled with that relation."""
    if not ind.statistic:
        return []

    return [
        FactItem(id=c.id, state=c.state.value, region=c.region, period=c.period, kind=c.kind,
                 relation=relations.get(c.region or "", ""),
                 value=c.value, unit=c.unit, sentence=c.sentence,
                 source=source_info(c.source, titles))
        for c in api.review.candidates(ctx.db, None, statistic=ind.statistic)
        if c.origin == "facts" and (c.region or "") in relations
    ][:100]


def _gaps(page: IndicatorPage, ind: m.Indicator) -> list[str]:
    gaps = []
    if not ind.statistic:
        gaps.append("该指标未对应可观测的统计口径，无法录入或展示数据。")
    elif not page.observations:
        gaps.append("尚无该指标基期后的数据。")
    if not page.milestones:
        gaps.append("年度目标尚未提供。")
    return gaps
