"""Building the :class:`ReportContext` from an evaluation and the data it rests on (pure).

``planwatch.api.reports`` reads the store and calls :func:`build_context`; nothing here does I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from planwatch import model as m
from planwatch.evaluation.base import Assessment, Status
from planwatch.evaluation.summary import Summary
from planwatch.issues import Issue
from planwatch.reports import drafting
from planwatch.reports.context import (
    AreaSection,
    Chart,
    Counts,
    Draft,
    Evidence,
    IndicatorRow,
    Placeholder,
    ReportContext,
    ReportKind,
    Requirement,
)
from planwatch.reports.numbers import date_label, fmt, period_label, period_year, with_unit

NATURE_LABELS = {m.Nature.EXPECTED: "预期性", m.Nature.BINDING: "约束性"}
OTHER_AREA = "其他指标"
OTHER_TARGETS = "其他重点任务目标"
MAX_EVIDENCE_PER_STATISTIC = 4


@dataclass(frozen=True)
class ReportInputs:
    plan: m.Plan
    as_of: dt.date
    method: str
    time_elapsed: float  # share of the plan period elapsed at as_of
    rows: Sequence[tuple[m.Indicator, Assessment]]
    summary: Summary
    sentence: str
    kind: ReportKind = ReportKind.MIDTERM
    region_name: str = ""
    observations: Mapping[str, Sequence[m.Observation]] = field(default_factory=dict)
    narrative_targets: Sequence[m.NarrativeTarget] = ()
    documents: Mapping[str, m.Document] = field(default_factory=dict)
    statistics: Mapping[str, m.Statistic] = field(default_factory=dict)
    findings: Sequence[Issue] = ()
    with_charts: bool = True
    synthetic: bool = False
    generated_at: str = ""
    vocabulary: str = "city"  # city | national (evaluation/vocabulary.py)


def source_label(src: m.SourceRef, documents: Mapping[str, m.Document]) -> str:
    """《金华市工业高质量发展“十四五”规划》表1第178行, or a web title and URL with its date."""
    if src.document:
        doc = documents.get(src.document)
        title = doc.title if doc else src.document
        where = f"《{title}》" if not title.startswith("《") else title
        if src.table:
            where += src.table
        if src.line is not None:
            where += f"第{src.line}行"
        if src.cell:
            where += f"{src.cell}单元格"
        return where
    if src.url or src.title:
        date = f"（{src.date}）" if src.date else ""
        return f"{src.title or ''}{date} {src.url or ''}".strip()
    return "来源不详"


def build_context(inp: ReportInputs) -> ReportContext:
    plan = inp.plan
    title = plan.title if plan.title.startswith("《") else f"《{plan.title}》"
    rows = [_row(ind, a, inp) for ind, a in inp.rows]
    elapsed_pct = round(inp.time_elapsed * 100, 1)
    as_of_label = date_label(inp.as_of)
    categories = _categories(plan, [ind for ind, _ in inp.rows])
    areas = [_area(cat, rows, inp) for cat in categories]
    areas = [a for a in areas if a.indicators or a.requirements]
    other = _other_targets(inp)
    if other:
        areas.append(other)
    main_targets: list[Draft] = [drafting.targets_intro(title, categories, len(rows))]
    for cat in categories:
        cat_rows = [r for r in rows if r.category == cat]
        if cat_rows:
            main_targets.append(drafting.area_targets(cat, cat_rows))
    chart_list = _charts(rows, elapsed_pct, inp) if inp.with_charts else []
    return ReportContext(
        kind=inp.kind,
        title=f"{title}实施情况{inp.kind.label}",
        plan_id=plan.id,
        plan_title=title,
        region_name=inp.region_name,
        issuer=plan.issuer,
        period_start=plan.period_start,
        period_end=plan.period_end,
        base_year=plan.base_year,
        as_of=inp.as_of,
        as_of_label=as_of_label,
        method=inp.method,
        time_elapsed_pct=elapsed_pct,
        preamble=(drafting.preamble(
            plan=title, issuer=plan.issuer, start=plan.period_start, end=plan.period_end,
            kind=inp.kind, as_of=as_of_label, elapsed_pct=elapsed_pct),),
        main_targets=tuple(main_targets),
        progress_sentence=Draft(inp.sentence, "summary-sentence"),
        counts=_counts(inp.summary),
        areas=tuple(areas),
        problems=tuple(drafting.problems(rows)),
        measures=tuple(drafting.measures(rows)),
        annex=tuple(rows),
        charts=tuple(chart_list),
        notes=tuple(f.message for f in inp.findings),
        generated_at=inp.generated_at,
        synthetic=inp.synthetic,
        extra_numbers=(float(len(categories)),
                       *(float(sum(r.category == c for r in rows)) for c in categories)),
    )


def _categories(plan: m.Plan, indicators: Sequence[m.Indicator]) -> list[str]:
    cats = list(plan.categories)
    for ind in indicators:
        if (ind.category or OTHER_AREA) not in cats:
            cats.append(ind.category or OTHER_AREA)
    return cats


def _counts(s: Summary) -> Counts:
    met = s.met_or_exceeded
    return Counts(
        total=s.total, met=met.total, met_expected=met.expected, met_binding=met.binding,
        reached_early=s.reached_early.total, behind=s.behind.total,
        behind_expected=s.behind.expected, behind_binding=s.behind.binding,
        not_assessable=s.not_assessable.total, warnings=s.warnings,
    )


def _row(ind: m.Indicator, a: Assessment, inp: ReportInputs) -> IndicatorRow:
    plabel = period_label(a.latest_period)
    latest_text = "—" if a.latest_value is None else f"{fmt(a.latest_value)}（{plabel}）"
    progress_pct = None if a.progress is None else round(a.progress * 100, 1)
    expected_pct = None if a.expected_progress is None else round(a.expected_progress * 100, 1)
    rg = None if a.required_growth is None else round(a.required_growth, 2)
    return IndicatorRow(
        seq=ind.seq, indicator_id=ind.id, name=ind.name, unit=ind.unit,
        category=ind.category or OTHER_AREA, nature_label=NATURE_LABELS[ind.nature],
        base_text=ind.base_text or fmt(ind.base_value), target_text=ind.target_text or fmt(ind.target_value),
        latest_text=latest_text,
        progress_text="—" if progress_pct is None else f"{progress_pct:.1f}%",
        status=a.status.value, status_label=a.label, rule=a.rule,
        source=source_label(ind.source, inp.documents),
        latest_source=source_label(a.latest.source, inp.documents) if a.latest else "",
        base_value=ind.base_value, base_year=ind.base_year, target_value=ind.target_value,
        target_year=ind.target_year, latest_value=a.latest_value,
        latest_year=period_year(a.latest_period), latest_period_label=plabel,
        progress_pct=progress_pct, expected_pct=expected_pct,
        required_growth=rg, required_growth_unit=a.required_growth_unit or "",
        warning=a.warning, binding=ind.nature is m.Nature.BINDING, provisional=a.provisional,
        method_category=a.category, reasons=tuple(a.reasons),
    )


def _requirement(r: IndicatorRow, plan: m.Plan) -> str:
    if r.target_value is None:  # 完成省下达任务, 与GDP增长基本同步 …
        return f"到{r.target_year or plan.period_end}年，{r.name}：{r.target_text}（{r.nature_label}指标）。"
    target = r.target_text if r.target_text.endswith(r.unit) else with_unit(r.target_text, r.unit)
    base = ""
    if r.base_value is not None:
        base = f"，{r.base_year or plan.base_year}年基数{with_unit(fmt(r.base_value), r.unit)}"
    return (f"到{r.target_year or plan.period_end}年，{r.name}达到{target}"
            f"（{r.nature_label}指标{base}）。")


def _area(cat: str, rows: Sequence[IndicatorRow], inp: ReportInputs) -> AreaSection:
    cat_rows = [r for r in rows if r.category == cat]
    indicators = {ind.id: ind for ind, _ in inp.rows}
    stats = {indicators[r.indicator_id].statistic for r in cat_rows} - {None}
    reqs = [Requirement(_requirement(r, inp.plan), r.source) for r in cat_rows]
    narratives = [n for n in inp.narrative_targets if n.statistic and n.statistic in stats]
    reqs.extend(_narrative_requirements(narratives, inp))
    evidence = [e for s in sorted(x for x in stats if x) for e in _evidence(s, inp)]
    return AreaSection(
        title=cat, requirements=tuple(reqs), achievements=tuple(evidence),
        judgement=tuple(drafting.area_judgement(cat_rows, vocabulary=inp.vocabulary)),
        indicators=tuple(r.seq for r in cat_rows),
    )


def _other_targets(inp: ReportInputs) -> AreaSection | None:
    """Narrative targets that no indicator measures: one part, quoted by plan section."""
    stats = {ind.statistic for ind, _ in inp.rows}
    rest = [n for n in inp.narrative_targets if not (n.statistic and n.statistic in stats)]
    if not rest:
        return None
    reqs = _narrative_requirements(rest, inp)
    evidence = [e for s in sorted({n.statistic for n in rest if n.statistic}) for e in _evidence(s, inp)]
    judgement = (Placeholder("以上目标未列入指标表，请评估人员逐项填写完成情况", lead="实施情况："),
                 Placeholder("请评估人员结合重点任务推进情况填写下一步举措", lead="下一步，"))
    return AreaSection(OTHER_TARGETS, tuple(reqs), tuple(evidence), judgement, ())


def _narrative_requirements(items: Sequence[m.NarrativeTarget], inp: ReportInputs) -> list[Requirement]:
    """Quote each narrative target once (two targets printed in one sentence share the quote)."""
    out: list[Requirement] = []
    seen: set[tuple[str, int | None]] = set()
    for n in items:
        text = n.text or _narrative_text(n)
        key = (text, n.source.line)
        if key in seen:
            continue
        seen.add(key)
        where = f"（{n.section}）" if n.section else ""
        subject = "" if n.subject in text else f"{n.subject}："
        out.append(Requirement(f"{where}{subject}{text}。", source_label(n.source, inp.documents)))
    return out


def _narrative_text(n: m.NarrativeTarget) -> str:
    value = "" if n.value is None else with_unit(fmt(n.value), n.unit)
    return f"{n.year or ''}年{n.subject}{'新增' if n.increment else '达到'}{value}"


def _evidence(statistic: str, inp: ReportInputs) -> list[Evidence]:
    stat = inp.statistics.get(statistic)
    by_indicator = {ind.statistic: ind.name for ind, _ in inp.rows}
    name = stat.name if stat else by_indicator.get(statistic, statistic)
    obs = [o for o in inp.observations.get(statistic, ())
           if o.period.end_date.year > inp.plan.base_year and o.kind is not m.ObservationKind.RANK]
    obs = sorted(obs, key=lambda o: (o.period.end_date, o.kind.value))[-MAX_EVIDENCE_PER_STATISTIC:]
    out = []
    for o in obs:
        if o.kind is m.ObservationKind.GROWTH:
            text = f"同比增长{fmt(o.value)}%" if o.value >= 0 else f"同比下降{fmt(-o.value)}%"
        elif o.kind is m.ObservationKind.CUMULATIVE:
            text = f"累计{with_unit(fmt(o.value), o.unit)}"
        elif o.kind is m.ObservationKind.CHANGE_POINTS:
            text = f"提高{fmt(o.value)}个百分点" if o.value >= 0 else f"下降{fmt(-o.value)}个百分点"
        else:
            text = f"为{with_unit(fmt(o.value), o.unit)}"
        note = {m.DataStatus.PRELIMINARY: "初步数", m.DataStatus.ESTIMATED: "预计数"}.get(o.status, "")
        out.append(Evidence(name, o.period.label, text, source_label(o.source, inp.documents),
                            o.value, o.period.year_of_end, note))
    return out


def _charts(rows: Sequence[IndicatorRow], elapsed_pct: float, inp: ReportInputs) -> list[Chart]:
    from planwatch.reports import charts  # matplotlib is loaded only when a report draws charts

    out: list[Chart] = []
    prog = charts.progress_chart(rows, elapsed_pct)
    if prog:
        out.append(prog)
    indicators = {ind.id: ind for ind, _ in inp.rows}
    series = []
    for r in rows:
        if r.status != Status.BEHIND:
            continue
        ind = indicators[r.indicator_id]
        pts = tuple(
            (o.period.plan_time, o.value) for o in inp.observations.get(ind.statistic or "", ())
            if o.kind in m.VALUE_KINDS
            and o.period.kind in (m.PeriodKind.YEAR, m.PeriodKind.STOCK)
        )
        base = (float(ind.base_year), ind.base_value) if ind.base_year and ind.base_value is not None else None
        target = (float(ind.target_year), ind.target_value) if ind.target_year and ind.target_value is not None else None
        series.append(charts.Series(ind.name, ind.unit, pts, base, target,
                                    compound=ind.rule is m.ProgressRule.COMPOUND))
    out.extend(charts.series_charts(series))
    return out
