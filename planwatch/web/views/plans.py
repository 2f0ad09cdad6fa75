"""The overview (every plan at a glance) and the plan page (the indicator table)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fastapi import Query

from planwatch import api
from planwatch import model as m
from planwatch.errors import ConfigError
from planwatch.evaluation.base import STATUS_LABELS, Status
from planwatch.web import periods as period_defaults
from planwatch.web.context import (
    FindingItem,
    IndicatorRow,
    Option,
    SourceInfo,
    StatusCount,
    documented,
)
from planwatch.web.deps import Ctx, CtxDep
from planwatch.web.present import (
    NATURE_LABELS,
    PLAN_STATUS_LABELS,
    STATUS_ORDER,
    method_options,
    num,
    options,
    parse_as_of,
    source_info,
    status_counts,
)


@dataclass
class IndicatorBrief:
    """An indicator named on the overview (lagging or binding with a warning)."""

    id: str = documented("指标编号")
    name: str = documented("指标名称")
    nature: str = documented("属性：expected | binding")
    status: str = documented("状态代码")
    label: str = documented("评价")
    warning: bool = documented("约束性指标预警", False)
    href: str = documented("指标页地址", "")


@dataclass
class PlanCard:
    """One plan on the overview with the distribution of its indicators' statuses."""

    id: str = documented("规划编号")
    title: str = documented("规划名称")
    region: str = documented("区域名称")
    period: str = documented("规划期")
    status_label: str = documented("规划状态：征求意见稿 / 已批准")
    href: str = documented("规划页地址")
    as_of: str = documented("评估时点 YYYY-MM-DD")
    as_of_label: str | None = documented("默认评估时点的说明（当前评估 / 规划期已结束的最终评估）")
    current_period: bool = documented("是否为默认规划（今天所在规划期，或尚无本期数据时最近结束的规划）", False)
    data_period: str | None = documented("所用数据的最新时期")
    time_elapsed: float | None = documented("时间进度（0-1）")
    method: str = documented("评估方法")
    total: int = documented("指标总数", 0)
    counts: list[StatusCount] = documented("各状态指标数（分预期性、约束性）", default_factory=list)
    warnings: int = documented("约束性指标预警数", 0)
    sentence: str | None = documented("进度评价句（仿中期评估报告）")
    attention: list[IndicatorBrief] = documented("需关注指标：约束性预警在前，其次滞后", default_factory=list)
    error: str | None = documented("无法评估时的说明")


@dataclass
class OverviewPage:
    """总览 ``/`` (template ``overview.html``)."""

    as_of: str = documented("评估时点")
    period_note: str | None = documented("未指定评估时点时：默认规划及各规划评估时点的选择说明")
    method: str = documented("评估方法")
    methods: list[Option] = documented("可选评估方法", default_factory=list)
    plans: list[PlanCard] = documented("本页的规划（本人范围的规划在前）", default_factory=list)
    gaps: list[str] = documented("尚未提供的功能或数据", default_factory=list)
    q: str | None = documented("按规划名称或编号搜索")
    region: str | None = documented("按地区筛选（含下级地区）")
    regions: list[Option] = documented("地区选项", default_factory=list)
    page: int = documented("页码（从 1 开始）", 1)
    per_page: int = documented("每页规划数", 20)
    total: int = documented("符合条件的规划数", 0)
    all_plans: int = documented("全部规划数", 0)
    all_indicators: int = documented("全部指标数", 0)
    all_regions: int = documented("有规划的地区数", 0)


@dataclass
class Filters:
    """The filters of the plan page as chosen."""

    category: str | None = documented("类别筛选")
    nature: str | None = documented("属性筛选")
    status: str | None = documented("状态筛选")
    department: str | None = documented("责任部门筛选")
    q: str | None = documented("按指标名称或编号搜索")
    categories: list[Option] = documented("类别选项", default_factory=list)
    natures: list[Option] = documented("属性选项", default_factory=list)
    statuses: list[Option] = documented("状态选项", default_factory=list)
    departments: list[Option] = documented("部门选项", default_factory=list)


@dataclass
class PlanPage:
    """规划页 ``/plans/{plan_id}`` (template ``plan.html``)."""

    id: str = documented("规划编号")
    title: str = documented("规划名称")
    region: str = documented("区域")
    issuer: str = documented("编制单位")
    period: str = documented("规划期")
    base_year: int = documented("基期年")
    status_label: str = documented("规划状态")
    document: SourceInfo | None = documented("规划文本来源")
    as_of: str = documented("评估时点")
    as_of_label: str | None = documented("默认评估时点的说明（当前评估 / 规划期已结束的最终评估）")
    as_known_at: str | None = documented("按该日已发布的数据评估（首次发布数）；空为最新修订数")
    data_period: str | None = documented("所用数据的最新时期")
    method: str = documented("评估方法")
    methods: list[Option] = documented("可选评估方法", default_factory=list)
    time_elapsed: float | None = documented("时间进度（0-1）")
    counts: list[StatusCount] = documented("各状态指标数", default_factory=list)
    sentence: str | None = documented("进度评价句")
    filters: Filters = documented("当前筛选条件与选项", default_factory=Filters)
    total: int = documented("指标总数（筛选前）", 0)
    rows: list[IndicatorRow] = documented("指标表（筛选后）", default_factory=list)
    findings: list[FindingItem] = documented("数据问题（表内矛盾、分解不平衡等），本页", default_factory=list)
    findings_total: int = documented("数据问题总数", 0)
    findings_page: int = documented("数据问题列表的页码", 1)
    findings_per_page: int = documented("数据问题每页条数", 50)
    error: str | None = documented("无法评估时的说明")

DEFAULT_METHOD = "china"


def indicator_href(indicator_id: str) -> str:
    return f"/indicators/{indicator_id}"


def _evaluate(ctx: Ctx, plan_id: str, as_of: dt.date, method: str,
              known_at: dt.date | None = None) -> api.evaluate.PlanEvaluation | str:
    """The evaluation, or a Chinese note saying why there is none."""
    try:
        return api.cache.evaluate_plan_cached(ctx.db, plan_id, as_of, method=method, known_at=known_at)
    except ConfigError as exc:
        return f"评估方法“{method}”尚未提供：{exc}"


def _data_period(ev: api.evaluate.PlanEvaluation) -> str | None:
    periods = [r.assessment.latest_period for r in ev.results if r.assessment.latest_period]
    return max(periods, key=_period_key) if periods else None


def _period_key(code: str) -> str:
    from planwatch.model import Period

    try:
        return Period(code).end_date.isoformat()
    except ValueError:
        return code


def _brief(r: api.evaluate.IndicatorResult) -> IndicatorBrief:
    i, a = r.indicator, r.assessment
    return IndicatorBrief(
        id=i.id, name=i.name, nature=i.nature.value, status=a.status.value,
        label=a.label + ("（预警）" if a.warning else ""), warning=a.warning,
        href=indicator_href(i.id),
    )


def _attention(ev: api.evaluate.PlanEvaluation) -> list[IndicatorBrief]:
    """Binding warnings first, then other lagging indicators."""
    lagging = [r for r in ev.results if r.assessment.status is Status.BEHIND or r.assessment.warning]
    lagging.sort(key=lambda r: (not r.assessment.warning, r.indicator.nature.value != "binding",
                                r.indicator.seq))
    return [_brief(r) for r in lagging]


def plan_card(ctx: Ctx, plan: m.Plan, as_of: dt.date, method: str,
              region_names: dict[str, str],
              evaluated: api.evaluate.PlanEvaluation | str | None = None) -> PlanCard:
    card = PlanCard(
        id=plan.id, title=plan.title, region=region_names.get(plan.region, plan.region),
        period=f"{plan.period_start}—{plan.period_end}年",
        status_label=PLAN_STATUS_LABELS.get(plan.status.value, plan.status.value),
        href=f"/plans/{plan.id}", as_of=as_of.isoformat(), method=method,
    )
    ev = evaluated if evaluated is not None else _evaluate(ctx, plan.id, as_of, method)
    if isinstance(ev, str):
        card.error = ev
        card.total = len(ctx.store.indicators(plan.id))
        return card
    card.data_period = _data_period(ev)
    card.time_elapsed = ev.time_elapsed
    card.total = len(ev.results)
    card.counts = status_counts((r.assessment.status.value, r.indicator.nature.value) for r in ev.results)
    card.warnings = sum(1 for r in ev.results if r.assessment.warning)
    card.sentence = ev.sentence
    card.attention = _attention(ev)
    return card


PER_PAGE = 20


def _matches(plan: m.Plan, q: str) -> bool:
    return q in plan.title or q in plan.id


def overview(
    ctx: CtxDep,
    as_of: str | None = Query(None, description="评估时点 YYYY-MM-DD，默认为当天"),
    method: str = Query(DEFAULT_METHOD, description="评估方法"),
    q: str | None = Query(None, max_length=100, description="按规划名称或编号搜索"),
    region: str | None = Query(None, max_length=50, description="按地区筛选（含下级地区）"),
    page: int = Query(1, ge=1, le=100000, description="页码"),
) -> OverviewPage:
    """总览：规划总数与指标总数，本人范围的规划在前；每个规划的指标进度分布，滞后与约束性预警指标在前。可按名称搜索、按地区筛选、分页。"""
    when = parse_as_of(as_of, ctx.settings.default_as_of())
    fixed = bool(as_of) or ctx.settings.as_of is not None  # else each plan at its own default
    regions = ctx.store.regions()
    names = {r.id: r.name for r in regions}
    plans = ctx.store.plans()
    counts = ctx.store.indicator_counts()
    chosen = plans
    if region:
        below = {region} | {r.id for r in regions if r.parent == region}
        chosen = [p for p in chosen if p.region in below]
    if q and q.strip():
        chosen = [p for p in chosen if _matches(p, q.strip())]
    own = ctx.user.scope_region if ctx.user else None
    parent = {r.id: r.parent for r in regions}

    def order(p: m.Plan) -> tuple[int, str]:  # the user's own region, then its children
        return (order_key(p.region, own, parent), p.id)

    chosen = sorted(chosen, key=order)
    shown = chosen[(page - 1) * PER_PAGE : page * PER_PAGE]
    dates = {p.id: (when, None) if fixed else period_defaults.plan_as_of(ctx, p, None) for p in shown}
    evaluated: dict[str, api.evaluate.PlanEvaluation] | str
    try:  # the page's plans in one batch per date: a few queries whatever the number of indicators
        batch: dict[str, api.evaluate.PlanEvaluation] = {}
        for day in sorted({d for d, _ in dates.values()}):
            same = [p.id for p in shown if dates[p.id][0] == day]
            batch |= api.cache.evaluate_plans_cached(ctx.db, same, day, method=method)
        evaluated = batch
    except ConfigError as exc:
        evaluated = f"评估方法“{method}”尚未提供：{exc}"
    cards = [plan_card(ctx, p, dates[p.id][0], method, names,
                       evaluated if isinstance(evaluated, str) else evaluated[p.id])
             for p in shown]
    choice = None if fixed else period_defaults.default_choice(ctx)
    for c in cards:
        c.as_of_label = dates[c.id][1]
        c.current_period = choice is not None and c.id == choice.plan.id
    if len(plans) <= PER_PAGE:  # one page: the most urgent first, as before
        cards.sort(key=lambda c: (-c.warnings,
                                  -sum(x.total for x in c.counts if x.status == "behind")))
    gaps = [] if plans else ["尚未载入任何规划：请运行 planwatch init 载入内置数据，或用 planwatch load 载入自己的数据目录。"]
    if plans and not chosen:
        gaps.append("没有符合条件的规划，请修改搜索词或地区。")
    with_plans = sorted({p.region for p in plans}, key=lambda r: (order_key(r, own, parent), r))
    return OverviewPage(
        as_of=(choice.as_of.as_of if choice else when).isoformat(),
        period_note=choice.reason if choice else None,
        method=method, methods=method_options(method), plans=cards,
        gaps=gaps, q=q, region=region,
        regions=[Option(value=r, label=names.get(r, r), selected=r == region) for r in with_plans],
        page=page, per_page=PER_PAGE, total=len(chosen), all_plans=len(plans),
        all_indicators=sum(counts.values()), all_regions=len(with_plans),
    )


def order_key(region: str, own: str | None, parent: dict[str, str | None]) -> int:
    if own and region == own:
        return 0
    return 1 if own and parent.get(region) == own else 2


def _row(r: api.evaluate.IndicatorResult) -> IndicatorRow:
    i, a = r.indicator, r.assessment
    return IndicatorRow(
        id=i.id, seq=i.seq, category=i.category, name=i.name, unit=i.unit,
        nature=i.nature.value, nature_label=NATURE_LABELS[i.nature.value],
        departments=list(i.departments),
        base_text=i.base_text or num(i.base_value), base_year=i.base_year,
        target_text=i.target_text or num(i.target_value), target_year=i.target_year,
        latest_value=a.latest_value, latest_period=a.latest_period, progress=a.progress,
        expected_progress=a.expected_progress, required_growth=a.required_growth,
        required_growth_unit=a.required_growth_unit, projected_value=a.projected_value,
        status=a.status.value, label=a.label, warning=a.warning, provisional=a.provisional,
        rule=a.rule, reasons=list(a.reasons), href=indicator_href(i.id),
    )


def _plain_row(i: m.Indicator) -> IndicatorRow:
    """An indicator as the plan states it, when no evaluation is available (no status shown)."""
    return IndicatorRow(
        id=i.id, seq=i.seq, category=i.category, name=i.name, unit=i.unit,
        nature=i.nature.value, nature_label=NATURE_LABELS[i.nature.value],
        departments=list(i.departments), base_text=i.base_text or num(i.base_value),
        base_year=i.base_year, target_text=i.target_text or num(i.target_value),
        target_year=i.target_year, latest_value=None, latest_period=None, progress=None,
        expected_progress=None, required_growth=None, required_growth_unit=None,
        projected_value=None, status="", label="尚未评估", rule=i.rule_basis,
        href=indicator_href(i.id),
    )


def _filters(rows: list[IndicatorRow], category: str | None, nature: str | None,
             status: str | None, department: str | None, dept_names: dict[str, str]) -> Filters:
    cats = sorted({r.category for r in rows if r.category})
    depts = sorted({d for r in rows for d in r.departments})
    return Filters(
        category=category, nature=nature, status=status, department=department,
        categories=options(((c, c) for c in cats), category),
        natures=options(NATURE_LABELS.items(), nature),
        statuses=options(((s.value, STATUS_LABELS[s]) for s in STATUS_ORDER), status),
        departments=options(((d, dept_names.get(d, d)) for d in depts), department),
    )


def _keep(row: IndicatorRow, flt: Filters) -> bool:
    return (
        (not flt.q or flt.q in row.name or flt.q in row.id)
        and (not flt.category or row.category == flt.category)
        and (not flt.nature or row.nature == flt.nature)
        and (not flt.status or row.status == flt.status)
        and (not flt.department or flt.department in row.departments)
    )


def plan_page(
    plan_id: str,
    ctx: CtxDep,
    as_of: str | None = Query(None, description="评估时点 YYYY-MM-DD"),
    method: str = Query(DEFAULT_METHOD, description="评估方法"),
    category: str | None = Query(None, description="按类别筛选"),
    nature: str | None = Query(None, description="按属性筛选：expected | binding"),
    status: str | None = Query(None, description="按状态筛选"),
    department: str | None = Query(None, description="按责任部门筛选"),
    q: str | None = Query(None, max_length=100, description="按指标名称或编号搜索"),
    as_known_at: str | None = Query(None, description="按该日已发布的数据评估（首次发布数）YYYY-MM-DD"),
    findings_page: int = Query(1, ge=1, le=10_000_000, description="数据问题列表的页码（每页 50 条）"),
) -> PlanPage:
    """规划页：指标表（状态颜色与判断所依据的数字），可按类别、属性、状态、部门筛选，可切换评估方法。"""
    plan = ctx.store.plan(plan_id)
    when, as_of_label = period_defaults.plan_as_of(ctx, plan, as_of)
    lookup = api.lookups(ctx.db)
    names, titles = lookup.regions, lookup.documents
    page = PlanPage(
        id=plan.id, title=plan.title, region=names.get(plan.region, plan.region),
        issuer=plan.issuer, period=f"{plan.period_start}—{plan.period_end}年",
        base_year=plan.base_year,
        status_label=PLAN_STATUS_LABELS.get(plan.status.value, plan.status.value),
        document=source_info(m.SourceRef(document=plan.document), titles) if plan.document else None,
        as_of=when.isoformat(), as_of_label=as_of_label, method=method,
        methods=method_options(method),
    )
    known = parse_as_of(as_known_at, when) if as_known_at else None
    page.as_known_at = known.isoformat() if known else None
    ev = _evaluate(ctx, plan_id, when, method, known)
    dept_names = {d.id: d.name for d in ctx.store.departments()}
    if isinstance(ev, str):
        page.error = ev
        page.rows = [_plain_row(i) for i in ctx.store.indicators(plan_id)]
        page.total = len(page.rows)
        return page
    rows = [_row(r) for r in ev.results]
    page.filters = _filters(rows, category, nature, status, department, dept_names)
    page.filters.q = q.strip() if q and q.strip() else None
    page.total = len(rows)
    page.rows = [r for r in rows if _keep(r, page.filters)]
    page.data_period = _data_period(ev)
    page.time_elapsed = ev.time_elapsed
    page.counts = status_counts((r.status, r.nature) for r in rows)
    page.sentence = ev.sentence
    per_page = page.findings_per_page
    page.findings_total = len(ev.findings)
    last = max(1, -(-page.findings_total // per_page))
    page.findings_page = min(findings_page, last)
    start = (page.findings_page - 1) * per_page
    page.findings = [
        FindingItem(code=x.code, severity=x.severity.value, message=x.message, location=x.location.label)
        for x in ev.findings[start:start + per_page]
    ]
    return page
