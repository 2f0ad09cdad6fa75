"""Evaluation reports: one :class:`ReportContext` from the evaluation and the store, then Word,
HTML or PDF (Word converted by LibreOffice headless)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from planwatch import model as m
from planwatch.api.evaluate import PlanEvaluation, evaluate_plan
from planwatch.errors import ConfigError
from planwatch.reports.build import ReportInputs, build_context
from planwatch.reports.context import ReportContext, ReportKind
from planwatch.store import Store

FORMATS = ("docx", "html", "pdf")


def context_from_evaluation(
    store: Store, ev: PlanEvaluation, *, kind: ReportKind | str = ReportKind.MIDTERM,
    with_charts: bool = True, synthetic: bool = False,
) -> ReportContext:
    """Gather what the report cites (observations, narrative targets, documents) and build the
    context. ``synthetic`` labels a test or benchmark plan as such in every format."""
    plan = ev.plan
    stats = {r.indicator.statistic for r in ev.results if r.indicator.statistic}
    narratives = store.narrative_targets(plan.id)
    stats |= {n.statistic for n in narratives if n.statistic}
    as_of = ev.as_of.isoformat()
    observations = {s: store.observations(s, plan.region, as_of=as_of) for s in sorted(stats)}
    regions = {r.id: r for r in store.regions()}
    inputs = ReportInputs(
        plan=plan, as_of=ev.as_of, method=_method_title(ev.method),
        time_elapsed=ev.time_elapsed,
        rows=[(r.indicator, r.assessment) for r in ev.results],
        summary=ev.summary, sentence=ev.sentence, kind=ReportKind(kind), vocabulary=ev.vocabulary,
        region_name=regions[plan.region].name if plan.region in regions else plan.region,
        observations=observations, narrative_targets=narratives,
        documents={d.id: d for d in store.documents()},
        statistics={s.id: s for s in store.statistics()},
        findings=ev.findings, with_charts=with_charts, synthetic=synthetic,
        generated_at=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
    )
    return with_tasks(store, build_context(inputs), ev.as_of, inputs.documents)


def with_tasks(store: Store, ctx: ReportContext, as_of: dt.date, documents: Mapping[str, m.Document]) -> ReportContext:
    """Section 二 parts and annex rows from the plan's tasks and projects (issue 16)."""
    import dataclasses

    from planwatch.api.tasks import project_table, task_board
    from planwatch.reports import tasks_section as ts
    from planwatch.reports.build import source_label
    from planwatch.reports.context import ProgressNote, TaskInput

    board = task_board(store, ctx.plan_id, as_of)
    projects = project_table(store, ctx.plan_id, as_of)
    if not board.rows and not projects.items:
        return ctx
    names = board.unit_names
    inputs = []
    for r in board.rows:
        notes = tuple(ProgressNote(
            period=e.period, unit=names.get(e.department, e.department) if e.department else f"填报人{e.submitted_by}",
            text=e.text,
            status_label=e.status.label if e.status else "", reviewer=e.reviewed_by or "",
            evidence=e.evidence_url or e.evidence_document or "")
            for e in r.entries if e.state == "confirmed" and m.Period(e.period).plan_time <= board_time(as_of))
        a = r.assessment
        inputs.append(TaskInput(r.task, a.status.value if a.status else None, a.label, a.reason, r.lead, notes))

    def src(ref: m.SourceRef) -> str:
        return source_label(ref, documents)

    areas = ts.task_areas(inputs, src)
    intro = ts.task_intro(inputs, projects.items)
    drafted = [*intro, *(p for a in areas for p in (*a.achievements, *a.judgement))]
    return dataclasses.replace(
        ctx, task_intro=tuple(intro), task_areas=tuple(areas), task_annex=tuple(ts.task_annex(inputs, src)),
        project_annex=tuple(ts.project_annex(projects.items, projects.unit_names)),
        task_numbers=ts.numbers_in(drafted))


def board_time(as_of: dt.date) -> float:
    return m.Period(as_of.isoformat()).plan_time


def _method_title(name: str) -> str:
    from planwatch.evaluation.base import method_label

    return method_label(name)


def report_context(
    store: Store, plan_id: str, as_of: dt.date, *, kind: ReportKind | str = ReportKind.MIDTERM,
    method: str = "china", with_charts: bool = True, synthetic: bool = False,
    vocabulary: str | None = None, known_at: dt.date | None = None,
) -> ReportContext:
    ev = evaluate_plan(store, plan_id, as_of, method=method, vocabulary=vocabulary,
                       known_at=known_at)
    return context_from_evaluation(store, ev, kind=kind, with_charts=with_charts,
                                   synthetic=synthetic)


def write_report(ctx: ReportContext, path: Path, fmt: str, **options: Any) -> Path:
    """Write the context as ``fmt`` (docx, html or pdf) to ``path``."""
    if fmt not in FORMATS:
        raise ConfigError(f"未知的报告格式“{fmt}”。可选：{'、'.join(FORMATS)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "html":
        from planwatch.reports.html import write_html

        return write_html(ctx, path)
    if fmt == "docx":
        from planwatch.reports.docx import write_docx

        return write_docx(ctx, path)
    from planwatch.reports.office import docx_to_pdf

    return docx_to_pdf(ctx, path, **options)


def generate_report(
    store: Store, plan_id: str, as_of: dt.date, path: Path, *, fmt: str = "docx",
    kind: ReportKind | str = ReportKind.MIDTERM, method: str = "china",
    vocabulary: str | None = None, known_at: dt.date | None = None,
) -> ReportContext:
    """Evaluate, build the context and write the report; returns the context (for a summary).
    ``vocabulary`` (city or national) overrides the plan's; ``known_at`` uses the values
    published by that date."""
    if fmt not in FORMATS:
        raise ConfigError(f"未知的报告格式“{fmt}”。可选：{'、'.join(FORMATS)}")
    try:
        kind = ReportKind(kind)
    except ValueError:
        raise ConfigError(f"未知的报告类型“{kind}”。可选：annual（年度）、midterm（中期）、final（总结）") from None
    ctx = report_context(store, plan_id, as_of, kind=kind, method=method, vocabulary=vocabulary,
                         known_at=known_at)
    write_report(ctx, path, fmt)
    return ctx


__all__ = ["FORMATS", "context_from_evaluation", "generate_report", "report_context",
           "write_report"]
