"""Excel workbooks: the reporting template for a department or county, importing a filled one into
the review queue, and exporting the evaluation tables."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from planwatch import model as m
from planwatch.api import review, submissions
from planwatch.api.submission_rows import template_spec
from planwatch.errors import ConfigError
from planwatch.issues import Issue, Location, Severity, issue
from planwatch.store import CandidateInput, Store
from planwatch.workbook.read import (
    ReportedValue,
    WorkbookImport,
    read_workbook,
)
from planwatch.workbook.template import TemplateSpec, write_template


def write_reporting_template(store: Store, reporter: str, path: Path, *, year: int) -> TemplateSpec:
    spec = template_spec(store, reporter, year=year)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_template(spec, path)
    return spec


@dataclass(frozen=True)
class RowResult:
    """What happened to one filled row: accepted into the review queue or refused, and the codes
    of the plausibility checks it raised."""

    row: int
    cell: str
    indicator: str
    region: str
    period: str
    value: float
    unit: str
    accepted: bool
    checks: tuple[str, ...] = ()
    messages: tuple[str, ...] = ()
    candidate: int | None = None

    def as_dict(self) -> dict[str, object]:
        return dataclasses.asdict(self) | {"checks": list(self.checks), "messages": list(self.messages)}


@dataclass(frozen=True)
class ExcelImportResult:
    workbook: WorkbookImport
    submitted: tuple[int, ...]  # review-queue candidate ids
    rows: tuple[RowResult, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.workbook.issues


_KIND_OF_FORM = {m.TargetForm.SHARE: m.ObservationKind.SHARE, m.TargetForm.COUNT: m.ObservationKind.COUNT,
                 m.TargetForm.INDEX: m.ObservationKind.INDEX}


def _candidates(store: Store, wi: WorkbookImport) -> list[CandidateInput]:
    forms = {v.indicator_id: store.indicator(v.indicator_id).target_form for v in wi.values}
    return [
        CandidateInput(
            origin="excel",
            kind=_KIND_OF_FORM.get(forms[v.indicator_id], m.ObservationKind.LEVEL).value,
            value=v.value, unit=v.unit, statistic=v.statistic, indicator=v.indicator_id,
            region=v.region, period=v.period, text=v.text, status=v.status,
            explanation=v.note or None,
            source=m.SourceRef(table="填报表", cell=v.cell, title=v.source_text,
                               note=f"经 Excel 填报表“{wi.file}”提交"),
        )
        for v in wi.values
    ]


def verify_keys(store: Store, wi: WorkbookImport) -> WorkbookImport:
    """The hidden ``_keys`` sheet is the reporter's to edit, so nothing in it is believed (H-2):
    the server re-derives, from what it issues to this reporter for that year, the indicator,
    statistic, region, period and unit of every row; a row that names anything else is refused
    with a Chinese message naming it, the other rows are kept."""
    if not wi.values:
        return wi
    issued: dict[str, set[tuple[str, str, str, str, str]]] = {}
    kept: list[ReportedValue] = []
    problems: list[Issue] = []
    for v in wi.values:
        period = v.period if re.fullmatch(r"\d{4}", v.period) else ""
        if period and period not in issued and len(issued) < 5:
            try:
                spec = template_spec(store, wi.reporter_id, year=int(period))
                issued[period] = {(r.indicator_id, r.statistic, r.region_id, r.period, r.unit)
                                  for r in spec.rows}
            except (KeyError, ValueError):
                issued[period] = set()
        if (v.indicator_id, v.statistic, v.region, v.period, v.unit) in issued.get(period, set()):
            kept.append(v)
            continue
        problems.append(issue(
            "excel-key-mismatch",
            f"第{v.row}行：隐藏的“_keys”工作表中此行的指标、统计口径、地区、时期或单位与系统为"
            f"“{wi.reporter_id}”下发的模板不一致（可能被修改），此行未导入。请重新下载模板填报，"
            "不要修改隐藏工作表。",
            Location(file=wi.file, table="_keys", line=v.row),
        ))
    if not problems:
        return wi
    return dataclasses.replace(wi, values=tuple(kept), issues=(*wi.issues, *problems))


def read_verified(store: Store, path: Path, *, name: str | None = None) -> WorkbookImport:
    """:func:`read_workbook`, then :func:`verify_keys` against what the server issued."""
    return verify_keys(store, read_workbook(path, name=name))


def check_rows(store: Store, wi: WorkbookImport, today: dt.date) -> tuple[WorkbookImport, list[RowResult]]:
    """Run on every filled row the checks the web form runs (source required, the plausibility
    checks, an explanation for every warning); a row that fails is refused with issues naming
    its row and cell, the others are kept."""
    by_year: dict[int, dict[tuple[str, str, str], submissions.Task]] = {}
    kept: list[ReportedValue] = []
    problems: list[Issue] = []
    results: list[RowResult] = []
    for v in wi.values:
        where = f"第{v.row}行（{v.cell}）"
        loc = Location(file=wi.file, table="填报表", line=v.row, cell=v.cell)
        msgs: list[Issue] = []
        year = int(v.period) if re.fullmatch(r"\d{4}", v.period) else None
        task = None
        if year is not None:
            if year not in by_year:
                by_year[year] = {t.key: t for t in submissions.tasks(store, wi.reporter_id, today, years=[year])}
            task = by_year[year].get((v.indicator_id, v.region, v.period))
        raised: list[Issue] = []
        if task is not None:
            chk = submissions.check_value(store, task, repr(v.value), today=today)
            raised = list(chk.raised)
            known = {i.message for i in raised}
            msgs += [issue("excel-bad-value", f"{where}：{e}", loc) for e in chk.errors if e not in known]
            msgs += [issue(i.code, f"{where}：{i.message}", loc) for i in raised
                     if i.severity is Severity.ERROR]
            if chk.needs_explanation and not v.note.strip():
                msgs.append(issue("explanation-required", f"{where}：请在“备注”中填写说明——"
                                  + " ".join(chk.warnings), loc))
        if not v.source_text.strip():
            msgs.append(issue("source-required", f"{where}：“资料来源”为空：请填写数据出处（如“2022年国民经济和社会发展统计公报”或网址），"
                              "未填写来源的数值不能提交。", loc))
        problems += msgs
        ok = not msgs
        if ok:
            kept.append(v)
        results.append(RowResult(v.row, v.cell, v.indicator_id, v.region, v.period, v.value, v.unit,
                                 ok, tuple(i.code for i in (*raised, *msgs)),
                                 tuple(i.message for i in (*raised, *msgs))))
    if not problems:
        return wi, results
    return dataclasses.replace(wi, values=tuple(kept), issues=(*wi.issues, *problems)), results


def import_workbook(store: Store, path: Path, *, actor: str = "excel", name: str | None = None,
                    today: dt.date | None = None) -> ExcelImportResult:
    """Read a filled template, check every row as strictly as the web form, and queue exactly
    the valid values for review (one transaction); every problem cell comes back as one issue
    with a Chinese message, and every row as a :class:`RowResult` with its check codes."""
    if not path.exists():
        raise ConfigError(f"文件“{path}”不存在。")
    wi = read_verified(store, path, name=name)
    wi, results = check_rows(store, wi, today or dt.date.today())
    cands = _candidates(store, wi)
    ids: list[int] = []
    if cands:
        queued = review.submit(store, cands, submitter=actor, batch=f"excel:{wi.file}")
        ids = [int(c.id) for c in queued]
    by_row = dict(zip((v.row for v in wi.values), ids, strict=True))
    results = [dataclasses.replace(r, candidate=by_row.get(r.row)) if r.accepted else r
               for r in results]
    return ExcelImportResult(wi, tuple(ids), tuple(results))


def export_evaluation(store: Store, plan_id: str, as_of: dt.date, path: Path, *,
                      method: str = "china") -> Path:
    from planwatch.api.reports import report_context
    from planwatch.reports.excel_export import write_evaluation_workbook

    ctx = report_context(store, plan_id, as_of, method=method, with_charts=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_evaluation_workbook(ctx, path)
