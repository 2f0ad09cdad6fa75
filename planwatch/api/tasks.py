"""Key tasks and major projects (issue 16): read from plans, assigned to units, reported on,
reviewed and evaluated.

* ``import_tasks`` reads a plan document's task sections and 专栏 boxes into the store;
  ``import_plan`` does the same for every plan it imports.
* ``assign_task`` sets a task's lead unit and co-units (the unit records of 责任分解).
* ``report_progress`` / ``review_progress``: a unit reports per period, a reviewer confirms or
  changes the status with a comment.
* ``import_projects`` reads a project list from the Excel template (all rows checked first:
  one bad cell and nothing is written).
* ``task_board`` / ``project_table`` evaluate them (planwatch.evaluation.tasks).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planwatch import model as m
from planwatch.errors import LoadError, NotFound, PermissionDenied
from planwatch.evaluation.tasks import (
    TOLERANCE,
    ProjectAssessment,
    TaskAssessment,
    assess_project,
    assess_task,
    count_sentence,
    project_sentence,
)
from planwatch.issues import Issue, Location, issue
from planwatch.parsers import parse_plan
from planwatch.parsers.projects import ParsedProject
from planwatch.parsers.tasks import ParsedTask
from planwatch.store import ProgressEntry, ProgressInput, Store
from planwatch.workbook import cells

__all__ = [
    "ASSIGN_COLUMNS",
    "EVIDENCE_MAX_BYTES",
    "EVIDENCE_TYPES",
    "PROJECT_COLUMNS",
    "ProjectTable",
    "TaskBoard",
    "TaskRow",
    "assign_from_workbook",
    "assign_task",
    "import_projects",
    "import_tasks",
    "assess_project",
    "project_table",
    "projects_from_parsed",
    "report_progress",
    "resolve_unit",
    "source_text",
    "review_progress",
    "task_board",
    "task_detail",
    "tasks_from_parsed",
    "write_project_template",
]


# --- tasks from documents ------------------------------------------------------------------


def tasks_from_parsed(parsed: Sequence[ParsedTask], plan: m.Plan,
                      narrative: Sequence[m.NarrativeTarget] = ()) -> list[m.PlanTask]:
    """Parsed tasks as records of ``plan``; a task is linked to the statistics of the plan's
    narrative targets printed inside it (same document lines)."""
    out = []
    for t in parsed:
        first, last = t.source.line, t.end_line or t.source.line
        stats: list[str] = []
        if first is not None and last is not None:
            for n in narrative:
                if n.statistic and n.source.line is not None and first <= n.source.line <= last \
                        and n.statistic not in stats:
                    stats.append(n.statistic)
        out.append(m.PlanTask(
            id=f"{plan.id}/t{t.key}", plan=plan.id, key=t.key, kind=t.kind, number=t.number,
            title=t.title, text=t.text, section=t.section,
            parent=f"{plan.id}/t{t.parent}" if t.parent else None, box=t.box,
            time_nodes=tuple(t.time_nodes),
            numbers=tuple((re.sub(r"\s+", "", str(n["text"])), float(n["value"]), str(n["unit"]))
                          for n in t.numbers),
            statistics=tuple(stats), position=t.position, end_line=t.end_line,
            source=m.SourceRef(document=plan.document, line=t.source.line, page=t.source.page,
                               cell=t.source.cell,
                               note=None if plan.document else f"文件 {t.source.file}"),
        ))
    return out


def projects_from_parsed(parsed: Sequence[ParsedProject], plan: m.Plan,
                         units: Sequence[m.Department] = (), regions: Sequence[m.Region] = ()) -> list[m.Project]:
    """Project rows read from a plan document as records of ``plan``. The owner and location stay
    as printed; the owner is linked to a unit of the directory only when the printed name is one
    (a company is not a unit), the location to a region only when it names one. A printed finish
    year (预计完成时间 / 建设年限) becomes the milestone “完工” of that year."""
    out = []
    for n, p in enumerate(parsed, start=1):
        owner = resolve_unit(units, p.owner or "") if p.owner else None
        region = next((r for r in regions if p.location and p.location in (r.id, r.name, *r.aliases)), None)
        where = p.source
        out.append(m.Project(
            id=f"{plan.id}/p{n:03d}", name=p.name, plan=plan.id, owner=owner.id if owner else None,
            region=region.id if region else None, total_investment=p.total_investment,
            start_year=p.start_year, finish_year=p.finish_year,
            milestones=(m.ProjectMilestone("完工", p.finish_year),) if p.finish_year else (),
            source=m.SourceRef(document=plan.document, line=where.line, table=p.table, cell=where.cell,
                               page=where.page, note=None if plan.document else f"文件 {where.file}"),
            note="；".join(x for x in (p.unit_note, f"原表序号 {p.seq}", p.note) if x) or None,
            owner_text=p.owner, location=p.location, content=p.content, category=p.category))
    return out


def _plan(store: Store, plan_id: str) -> m.Plan:
    for p in store.plans():
        if p.id == plan_id:
            return p
    raise NotFound(f"规划“{plan_id}”不存在（planwatch plans 可查看已有规划）。")


def import_tasks(store: Store, plan_id: str, path: Path | str, *, actor: str = "system") -> dict[str, Any]:
    """Read the plan document's tasks into the store (one transaction)."""
    plan = _plan(store, plan_id)
    p = Path(path)
    if not p.exists():
        raise NotFound(f"文件“{p}”不存在。")
    parsed = parse_plan(p)
    bad = [i for i in parsed.issues if i.code == "unreadable-document"]
    if bad:
        raise LoadError(f"“{p.name}”无法读取，未导入任何任务：", bad)
    if not parsed.tasks and not parsed.projects:
        raise LoadError(f"“{p.name}”中没有找到任务章节（如“四、主要任务”下的（一）1．编号）或带编号的专栏，"
                        "未导入任何任务。", [issue("no-task-section", "未找到任务章节", Location(file=p.name))])
    records = tasks_from_parsed(parsed.tasks, plan, store.narrative_targets(plan_id))
    projects = projects_from_parsed(parsed.projects, plan, store.departments(), store.regions())
    counts = {"added": 0, "updated": 0, "unchanged": 0, "removed": 0, "kept": 0}
    with store.transaction() as conn:  # tasks and the project tables of the document together
        if records:
            counts = store.save_tasks(plan_id, records, actor=actor, conn=conn)
        if projects:
            store.save_projects(projects, actor=actor, conn=conn)
    return {"plan": plan_id, "file": p.name, "tasks": len(records), "projects": len(projects), **counts}


# --- units ---------------------------------------------------------------------------------


def resolve_unit(units: Iterable[m.Department], text: str) -> m.Department | None:
    """A unit by id, name or alias (as printed: 市经信局 / 金华市经济和信息化局)."""
    t = re.sub(r"\s+", "", text or "")
    if not t:
        return None
    for u in units:
        if t in (u.id, u.name, *u.aliases):
            return u
    return None


def assign_task(store: Store, task_id: str, lead: str, co_units: Sequence[str] = (), *,
                actor: str) -> dict[str, Any]:
    units = store.departments()
    names = [lead, *co_units]
    found = [resolve_unit(units, n) for n in names]
    missing = [n for n, u in zip(names, found, strict=True) if u is None and n.strip()]
    if missing or found[0] is None:
        raise LoadError(f"任务“{task_id}”：单位“{'、'.join(missing) or lead}”不在单位名录中，未作任何修改。"
                        "请先添加该单位，或改用名录中的单位名称。")
    ids = [u.id for u in found if u is not None]
    store.assign_task(task_id, ids[0], ids[1:], actor=actor)
    return {"task": task_id, "lead": ids[0], "co": ids[1:]}


# --- progress ------------------------------------------------------------------------------


def report_progress(
    store: Store, target: str, *, period: str, text: str, status: str, actor: str,
    department: str | None = None, investment: float | str | None = None,
    milestones: Sequence[str] = (), evidence_url: str | None = None,
    evidence_document: str | None = None, evidence_facts: Sequence[int] = (),
    scope_department: str | None = None, evidence_upload: tuple[str, bytes] | None = None,
) -> int:
    """A unit's progress report on a task or project. ``scope_department`` (a reporter's unit)
    must be one of the task's units."""
    kind = "project" if target.startswith("project:") else "task"
    tid = target.removeprefix("project:")
    if kind == "task":
        store.task(tid)
        units = [u.department for u in store.task_units() if u.task == tid]
    else:
        proj = store.project(tid)
        units = [proj.owner] if proj.owner else []
    if scope_department is not None and scope_department not in units:
        raise PermissionDenied("只能报送本单位承担的任务或项目的进展。")
    dept = department or scope_department or (units[0] if units else None)
    try:
        m.Period(period.strip())
    except ValueError:
        raise LoadError(f"报送期“{period}”无法识别，请写成 2022、2023-H1、2023-Q2 或 2023-06-30。") from None
    st = m.TaskStatus.parse(status)
    if st is None:
        raise LoadError(f"自评状态“{status}”无法识别，请选 已完成 / 序时推进 / 滞后 / 未启动。")
    if not (text or "").strip():
        raise LoadError("请填写进展情况（字段“进展情况”不能为空）。")
    inv: float | None = None
    if investment not in (None, ""):
        try:
            inv = float(str(investment).replace(",", ""))
        except ValueError:
            raise LoadError(f"字段“完成投资（亿元）”：“{investment}”不是数字，请填阿拉伯数字。") from None
    missing = store.missing_observations(int(x) for x in evidence_facts)
    if missing:
        raise LoadError(f"字段“佐证数据”：观测值编号{'、'.join(map(str, missing))}不存在（须为已审核入库的数据）。")
    url = (evidence_url or "").strip() or None
    if url and not re.match(r"https?://", url):
        raise LoadError(f"字段“佐证链接”：“{url}”不是以 http:// 或 https:// 开头的网址。")
    upload = _evidence_upload(evidence_upload) if evidence_upload is not None else None
    if upload is not None and not (evidence_document or "").strip():
        evidence_document = upload[0]
    return store.add_progress(ProgressInput(
        target_kind=kind, target=tid, period=period.strip(), text=text.strip(), self_status=st,
        department=dept, investment=inv, milestones=tuple(x.strip() for x in milestones if x.strip()),
        evidence_url=url, evidence_document=(evidence_document or "").strip() or None,
        evidence_facts=tuple(int(x) for x in evidence_facts), evidence_upload=upload), actor=actor)


#: evidence documents a unit may upload (佐证材料): office documents, PDF, images, text
EVIDENCE_TYPES = {
    ".pdf": "application/pdf", ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".wps": "application/vnd.ms-works", ".et": "application/vnd.ms-excel", ".ofd": "application/ofd",
    ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".txt": "text/plain",
}
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


def _evidence_upload(upload: tuple[str, bytes]) -> tuple[str, str, bytes] | None:
    """(name, content type, bytes) of an uploaded evidence file after the checks; an empty file
    field (nothing chosen) is None."""
    name, data = upload
    if not data and not name:
        return None
    shown = re.sub(r"[\x00-\x1f\x7f/\\]", "", Path(name or "").name)[:100] or "佐证材料"
    suffix = Path(shown).suffix.lower()
    if suffix not in EVIDENCE_TYPES:
        raise LoadError(f"字段“佐证文件”：“{shown}”的格式不在允许之列，请上传 "
                        f"{' / '.join(sorted(EVIDENCE_TYPES))} 文件。")
    if not data:
        raise LoadError(f"字段“佐证文件”：“{shown}”是空文件，请重新选择。")
    if len(data) > EVIDENCE_MAX_BYTES:
        raise LoadError(f"字段“佐证文件”：“{shown}”超过 {EVIDENCE_MAX_BYTES // (1024 * 1024)} MB，请压缩后再上传，或改填佐证链接。")
    return shown, EVIDENCE_TYPES[suffix], data


def review_progress(store: Store, progress_id: int, status: str, *, comment: str | None,
                    actor: str) -> ProgressEntry:
    st = m.TaskStatus.parse(status)
    if st is None:
        raise LoadError(f"审核状态“{status}”无法识别，请选 已完成 / 序时推进 / 滞后 / 未启动。")
    return store.review_progress(progress_id, st, comment=comment, actor=actor)


# --- the board -----------------------------------------------------------------------------


@dataclass
class TaskRow:
    task: m.PlanTask
    lead: str | None  # unit name
    co: list[str]
    assessment: TaskAssessment
    entries: list[ProgressEntry]
    document_title: str | None = None

    def as_dict(self) -> dict[str, Any]:
        t = self.task
        return {
            "id": t.id, "key": t.key, "kind": t.kind, "kind_label": t.kind_label, "number": t.number,
            "title": t.title, "text": t.text, "section": t.section, "parent": t.parent, "box": t.box,
            "time_nodes": list(t.time_nodes),
            "numbers": [{"text": a, "value": b, "unit": c} for a, b, c in t.numbers],
            "statistics": list(t.statistics),
            "source": {"document": t.source.document, "line": t.source.line, "page": t.source.page,
                       "cell": t.source.cell, "note": t.source.note, "label": t.source.label,
                       "title": self.document_title},
            "lead": self.lead, "co": self.co,
            "status": self.assessment.status.value if self.assessment.status else None,
            "status_label": self.assessment.label, "reason": self.assessment.reason,
            "overdue_nodes": list(self.assessment.overdue_nodes),
            "reports": [e.as_dict() for e in self.entries],
        }


@dataclass
class TaskBoard:
    plan: m.Plan
    as_of: dt.date
    rows: list[TaskRow]
    unit_names: dict[str, str] = field(default_factory=dict)

    def of_kind(self, *kinds: str) -> list[TaskRow]:
        return [r for r in self.rows if r.task.kind in kinds]

    def children(self, task_id: str) -> list[TaskRow]:
        return [r for r in self.rows if r.task.parent == task_id]

    @property
    def sentence(self) -> str:
        s = count_sentence("重点任务", [r.assessment.status for r in self.of_kind("task")])
        boxes = self.of_kind("box")
        if boxes:
            s += "专栏" + count_sentence("任务", [r.assessment.status for r in boxes])
        return s

    def as_dict(self) -> dict[str, Any]:
        return {
            "plan": self.plan.id, "as_of": self.as_of.isoformat(),
            "counts": {k: len(self.of_kind(k)) for k in ("action", "task", "subtask", "box")},
            "sentence": self.sentence,
            "tasks": [r.as_dict() for r in self.rows],
        }


def task_board(store: Store, plan_id: str, as_of: dt.date | None = None) -> TaskBoard:
    plan = _plan(store, plan_id)
    when = as_of or dt.date.today()
    names = {d.id: d.name for d in store.departments()}
    tasks = store.tasks(plan_id)
    units: dict[str, list[tuple[str, str]]] = {}
    for u in store.task_units(plan_id):
        units.setdefault(u.task, []).append((u.department, u.role))
    entries: dict[str, list[ProgressEntry]] = {}
    for e in store.progress_entries(targets=[t.id for t in tasks]):
        entries.setdefault(e.target, []).append(e)
    titles = {d.id: d.title for d in store.documents()}
    rows = []
    for t in tasks:
        us = units.get(t.id, [])
        lead = next((names.get(d, d) for d, r in us if r == "lead"), None)
        co = [names.get(d, d) for d, r in us if r == "co"]
        es = entries.get(t.id, [])
        rows.append(TaskRow(t, lead, co, assess_task(t, es, when.isoformat()), es,
                            titles.get(t.source.document or "")))
    return TaskBoard(plan, when, rows, names)


def task_detail(store: Store, task_id: str, as_of: dt.date | None = None) -> TaskRow:
    t = store.task(task_id)
    board = task_board(store, t.plan, as_of)
    for r in board.rows:
        if r.task.id == task_id:
            return r
    raise NotFound(f"任务“{task_id}”不存在。")


# --- projects ------------------------------------------------------------------------------

#: the template's columns (header text → field); year columns are “2023年计划投资（亿元）”
PROJECT_COLUMNS = {
    "项目编号": "id", "项目名称": "name", "责任单位": "owner", "所在地区": "region",
    "总投资（亿元）": "total", "开工年份": "start", "完工年份": "finish",
    "里程碑": "milestones", "状态": "status", "备注": "note",
}
_YEAR_COL = re.compile(r"^(20\d{2})年计划投资")
_MILESTONE = re.compile(r"^\s*(?P<name>[^:：\d]+?)\s*[:：]\s*(?P<year>20\d{2})\s*年?\s*$")


def write_project_template(path: Path | str, years: Sequence[int]) -> Path:
    """An empty project list in the template layout."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "项目清单"
    heads = ["项目编号", "项目名称", "责任单位", "所在地区", "总投资（亿元）", "开工年份", "完工年份",
             *[f"{y}年计划投资（亿元）" for y in years], "里程碑", "状态", "备注"]
    ws.append(heads)
    ws.append(["（示例）P01", "（示例）某产业园项目", "单位名录中的名称", "地区名称", 10, years[0], years[-1],
               *[None for _ in years], f"开工:{years[0]}；投产:{years[-1]}", "在建", "此行为填写示例，导入前请删除"])
    out = Path(path)
    cells.save(wb, out)
    return out


def _sheet(p: Path) -> tuple[str, list[tuple[Any, ...]]]:
    """The first sheet's name and rows of an uploaded workbook, after the size checks."""
    from openpyxl import load_workbook

    from planwatch.limits import check_file

    if not p.exists():
        raise NotFound(f"文件“{p}”不存在。")
    refused = check_file(p)
    if refused:
        raise LoadError(f"“{p.name}”未导入：", refused)
    try:
        wb = load_workbook(p, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - untrusted file
        raise LoadError(f"“{p.name}”不是可读取的 Excel 工作簿（.xlsx）：{type(exc).__name__}。") from None
    ws = wb.worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    wb.close()
    return ws.title, rows


def _cell_text(v: Any) -> str:
    return "" if v is None else str(v).strip()


def _number(v: Any) -> float | None:
    if v is None or (isinstance(v, str) and not v.strip()):
        return None
    if isinstance(v, bool):
        raise ValueError
    if isinstance(v, int | float):
        return float(v)
    return float(str(v).replace(",", "").strip())


def _year(v: Any) -> int | None:
    x = _number(v)
    if x is None:
        return None
    if x != int(x) or not 1949 <= x <= 2100:
        raise ValueError
    return int(x)


def import_projects(  # noqa: C901, PLR0915 - every column's check in one place, in column order
        store: Store, path: Path | str, *, plan_id: str | None = None,
        actor: str = "system") -> dict[str, Any]:
    """Read a project list (Excel template); every row is checked before anything is written."""
    p = Path(path)
    if plan_id is not None:
        _plan(store, plan_id)
    title, rows = _sheet(p)
    if not rows:
        raise LoadError(f"“{p.name}”是空表，未导入任何项目。")
    header = [_cell_text(h) for h in rows[0]]
    cols: dict[str, int] = {}
    years: dict[int, int] = {}
    for i, h in enumerate(header):
        key = re.sub(r"[()]", lambda mm: "（" if mm[0] == "(" else "）", h)
        if key in PROJECT_COLUMNS:
            cols[PROJECT_COLUMNS[key]] = i
        elif mm := _YEAR_COL.match(key):
            years[int(mm[1])] = i
    where = Location(file=p.name, table=title, line=1)
    missing = [h for h, f in PROJECT_COLUMNS.items() if f in ("name", "owner") and f not in cols]
    if missing:
        raise LoadError(f"“{p.name}”第1行缺少列“{'、'.join(missing)}”，不是项目清单模板，未导入任何项目。",
                        [issue("missing-field", f"缺少列“{h}”", where) for h in missing])
    units = store.departments()
    regions = store.regions()
    issues: list[Issue] = []
    projects: list[m.Project] = []
    heads = {v: k for k, v in PROJECT_COLUMNS.items()}

    def err(code: str, row: int, fld: str, msg: str) -> None:
        issues.append(issue(code, f"第{row}行“{fld}”：{msg}",
                            Location(file=p.name, table=title, line=row, field=fld)))

    def get(row: Sequence[Any], f: str) -> Any:
        i = cols.get(f)
        return row[i] if i is not None and i < len(row) else None

    for n, row in enumerate(rows[1:], start=2):
        if all(_cell_text(v) == "" for v in row):
            continue
        name = _cell_text(get(row, "name"))
        if name.startswith("（示例）"):
            continue  # the template's example row
        if not name:
            err("missing-field", n, heads["name"], "项目名称为空，请填写。")
            continue
        owner_text = _cell_text(get(row, "owner"))
        owner = resolve_unit(units, owner_text)
        if owner is None:
            err("unknown-reference", n, heads["owner"],
                f"单位“{owner_text}”不在单位名录中；请改用名录中的单位名称，或先添加该单位。" if owner_text
                else "责任单位为空，请填写单位名录中的单位名称。")
        region_id = None
        region_text = _cell_text(get(row, "region"))
        if region_text:
            r = next((r for r in regions if region_text in (r.id, r.name, *r.aliases)), None)
            if r is None:
                err("unknown-reference", n, heads["region"], f"地区“{region_text}”不存在，请填写已有地区的名称。")
            else:
                region_id = r.id
        vals: dict[str, Any] = {}
        for f, conv, what in (("total", _number, "数字（亿元）"), ("start", _year, "四位年份"),
                              ("finish", _year, "四位年份")):
            raw = get(row, f)
            try:
                vals[f] = conv(raw)
            except ValueError:
                err("bad-number", n, heads[f], f"“{_cell_text(raw)}”不是{what}，请填阿拉伯数字。")
                vals[f] = None
        plan_by_year: list[tuple[int, float]] = []
        for y, i in sorted(years.items()):
            raw = row[i] if i < len(row) else None
            try:
                v = _number(raw)
            except ValueError:
                err("bad-number", n, header[i], f"“{_cell_text(raw)}”不是数字（亿元），请填阿拉伯数字。")
                continue
            if v is not None:
                plan_by_year.append((y, v))
        start, finish = vals["start"], vals["finish"]
        if start is not None and finish is not None and finish < start:
            err("project-bad-years", n, heads["finish"], f"完工年份{finish}早于开工年份{start}，请核对。")
        milestones: list[m.ProjectMilestone] = []
        ms_text = _cell_text(get(row, "milestones"))
        for part in (x for x in re.split(r"[；;、\n]", ms_text) if x.strip()):
            mm = _MILESTONE.match(part)
            if mm is None:
                err("project-bad-milestone", n, heads["milestones"],
                    f"“{part.strip()}”无法识别；请写成“开工:2022；主体完工:2024；投产:2025”。")
                continue
            milestones.append(m.ProjectMilestone(mm["name"].strip(), int(mm["year"])))
        pid = _cell_text(get(row, "id")) or f"{plan_id or 'project'}/{n - 1:03d}"
        projects.append(m.Project(
            id=pid, name=name, plan=plan_id, owner=owner.id if owner else None, region=region_id,
            total_investment=vals["total"], annual_plan=tuple(plan_by_year), start_year=start,
            finish_year=finish, milestones=tuple(milestones),
            status=_cell_text(get(row, "status")) or None,
            source=m.SourceRef(table=title, line=n, note=f"文件 {p.name}"),
            note=_cell_text(get(row, "note")) or None))
    seen: set[str] = set()
    for pr in projects:
        if pr.id in seen:
            err("duplicate-record", int(pr.source.line or 0), heads["id"], f"项目编号“{pr.id}”重复。")
        seen.add(pr.id)
    if issues:
        raise LoadError(f"“{p.name}”有{len(issues)}处错误，未导入任何项目；请修正后再导入：", issues)
    if not projects:
        raise LoadError(f"“{p.name}”中没有项目行，未导入任何项目。")
    counts = store.save_projects(projects, actor=actor)
    return {"file": p.name, "projects": len(projects), **counts}


def source_text(ref: m.SourceRef) -> str:
    """A row's source: the document's line, or the imported file's sheet and row."""
    if ref.document or ref.url or not ref.note:
        return ref.label
    where = "".join(x for x in (ref.table, f"第{ref.line}行" if ref.line is not None else None) if x)
    return f"{ref.note.removeprefix('文件 ')} {where}".strip()


@dataclass
class ProjectTable:
    as_of: dt.date
    items: list[ProjectAssessment]
    unit_names: dict[str, str]
    region_names: dict[str, str]

    @property
    def sentence(self) -> str:
        return project_sentence(self.items)

    def as_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(), "tolerance": TOLERANCE, "sentence": self.sentence,
            "projects": [{**a.as_dict(),
                          "owner_name": self.unit_names.get(a.project.owner or "", a.project.owner) or a.project.owner_text,
                          "location": a.project.location, "content": a.project.content, "category": a.project.category,
                          "region_name": self.region_names.get(a.project.region or "", a.project.region),
                          "source": source_text(a.project.source)} for a in self.items],
        }


def project_table(store: Store, plan_id: str | None = None, as_of: dt.date | None = None) -> ProjectTable:
    when = as_of or dt.date.today()
    projects = store.projects(plan_id)
    entries: dict[str, list[ProgressEntry]] = {}
    for e in store.progress_entries(targets=[p.id for p in projects]):
        if e.target_kind == "project":
            entries.setdefault(e.target, []).append(e)
    items = [assess_project(p, entries.get(p.id, []), when.isoformat()) for p in projects]
    return ProjectTable(when, items, {d.id: d.name for d in store.departments()},
                        {r.id: r.name for r in store.regions()})


# --- assignments from a workbook (任务分工表) ------------------------------------------------

_UNKNOWN_UNIT = "单位“{}”不在单位名录中；请改用名录中的单位名称，或先添加该单位。"
ASSIGN_COLUMNS = {"任务编号": "task", "牵头单位": "lead", "配合单位": "co"}


def assign_from_workbook(store: Store, path: Path | str, *, plan_id: str, actor: str = "system") -> dict[str, Any]:
    """A task division table (任务编号 | 牵头单位 | 配合单位, co-units separated by 、): every row
    is checked first; one unknown task or unit and nothing is changed."""
    p = Path(path)
    _plan(store, plan_id)
    title, rows = _sheet(p)
    header = [_cell_text(h) for h in (rows[0] if rows else ())]
    cols = {ASSIGN_COLUMNS[h]: i for i, h in enumerate(header) if h in ASSIGN_COLUMNS}
    if "task" not in cols or "lead" not in cols:
        raise LoadError(f"“{p.name}”第1行应有列“任务编号”“牵头单位”（可选“配合单位”），未作任何修改。")
    tasks = {t.key: t for t in store.tasks(plan_id)}
    by_id = {t.id: t for t in tasks.values()}
    units = store.departments()
    issues: list[Issue] = []
    plan_rows: list[tuple[str, str, list[str]]] = []

    def err(code: str, n: int, fld: str, msg: str) -> None:
        issues.append(issue(code, f"第{n}行“{fld}”：{msg}", Location(file=p.name, table=title, line=n, field=fld)))

    for n, row in enumerate(rows[1:], start=2):
        def get(f: str, row: Sequence[Any] = row) -> str:
            i = cols.get(f)
            return _cell_text(row[i]) if i is not None and i < len(row) else ""
        key = get("task")
        if not any((key, get("lead"), get("co"))):
            continue
        task = tasks.get(key) or by_id.get(key)
        if task is None:
            err("unknown-reference", n, "任务编号", f"“{key}”不是规划“{plan_id}”的任务编号"
                "（planwatch tasks list --plan 可查看，如 4-1-2）。")
        lead_text = get("lead")
        lead = resolve_unit(units, lead_text)
        if lead is None:
            err("unknown-reference", n, "牵头单位", _UNKNOWN_UNIT.format(lead_text) if lead_text else "牵头单位为空，请填写。")
        named = [x for x in re.split(r"[、，,；;\s]+", get("co")) if x]
        found = [resolve_unit(units, x) for x in named]
        for name in (x for x, u in zip(named, found, strict=True) if u is None):
            err("unknown-reference", n, "配合单位", _UNKNOWN_UNIT.format(name))
        co_ids = [u.id for u in found if u is not None]
        if task is not None and lead is not None:
            plan_rows.append((task.id, lead.id, co_ids))
    if issues:
        raise LoadError(f"“{p.name}”有{len(issues)}处错误，未作任何修改；请修正后再导入：", issues)
    with store.transaction() as conn:
        for tid, lead_id, co in plan_rows:
            store.assign_task(tid, lead_id, co, actor=actor, conn=conn)
    return {"file": p.name, "assigned": len(plan_rows)}
