"""Key tasks, major projects, their units and progress reports (issue 16).

Tasks are read from a plan's document (``plan_task``); an admin assigns a lead unit and co-units
(``task_unit``, units are ``department`` records); projects come from an Excel list
(``project``); units report progress per period and a reviewer confirms or changes the status
(``progress``). Every write is one transaction with its audit entry.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from planwatch import model as m
from planwatch.errors import ConflictError, LoadError, NotFound
from planwatch.store import schema
from planwatch.store.core import StoreBase, now
from planwatch.store.rows import observation_of, source_of, source_values


@dataclass(frozen=True)
class TaskUnit:
    task: str
    department: str
    role: str  # lead | co


@dataclass(frozen=True)
class ProgressEntry:
    """One progress report of a unit on a task or project for a period, and its review."""

    id: int
    target_kind: str  # task | project
    target: str
    period: str
    department: str | None
    text: str
    investment: float | None
    milestones: tuple[str, ...]
    evidence_url: str | None
    evidence_document: str | None
    evidence_facts: tuple[int, ...]
    self_status: m.TaskStatus
    state: str  # pending | confirmed
    status: m.TaskStatus | None
    submitted_by: str
    submitted_at: str
    reviewed_by: str | None = None
    reviewed_at: str | None = None
    review_comment: str | None = None

    @property
    def effective_status(self) -> m.TaskStatus:
        return self.status or self.self_status

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "target_kind": self.target_kind, "target": self.target,
            "period": self.period, "department": self.department, "text": self.text,
            "investment": self.investment, "milestones": list(self.milestones),
            "evidence_url": self.evidence_url, "evidence_document": self.evidence_document,
            "evidence_facts": list(self.evidence_facts),
            "self_status": self.self_status.value, "self_status_label": self.self_status.label,
            "state": self.state, "status": self.status.value if self.status else None,
            "status_label": self.status.label if self.status else None,
            "submitted_by": self.submitted_by, "submitted_at": self.submitted_at,
            "reviewed_by": self.reviewed_by, "reviewed_at": self.reviewed_at,
            "review_comment": self.review_comment,
        }


@dataclass(frozen=True)
class EvidenceFile:
    """A document uploaded as evidence with a progress report (its bytes only on request)."""

    id: int
    progress: int
    name: str
    content_type: str
    size: int
    sha256: str
    uploaded_by: str
    uploaded_at: str
    data: bytes | None = None


@dataclass
class ProgressInput:
    target_kind: str
    target: str
    period: str
    text: str
    self_status: m.TaskStatus
    department: str | None = None
    investment: float | None = None
    milestones: tuple[str, ...] = ()
    evidence_url: str | None = None
    evidence_document: str | None = None
    evidence_facts: tuple[int, ...] = field(default_factory=tuple)
    evidence_upload: tuple[str, str, bytes] | None = None  # (name, content type, bytes)


def _task_values(t: m.PlanTask) -> dict[str, Any]:
    return {
        "id": t.id, "plan": t.plan, "key": t.key, "kind": t.kind, "number": t.number,
        "title": t.title, "text": t.text, "section": t.section, "parent": t.parent, "box": t.box,
        "time_nodes": json.dumps(list(t.time_nodes), ensure_ascii=False),
        "numbers": json.dumps([list(n) for n in t.numbers], ensure_ascii=False),
        "statistics": json.dumps(list(t.statistics), ensure_ascii=False),
        "position": t.position, "end_line": t.end_line, **source_values(t.source),
    }


def _task_of(r: Mapping[Any, Any]) -> m.PlanTask:
    return m.PlanTask(
        id=r["id"], plan=r["plan"], key=r["key"], kind=r["kind"], number=r["number"],
        title=r["title"], text=r["text"], section=r["section"], parent=r["parent"], box=r["box"],
        time_nodes=tuple(json.loads(r["time_nodes"] or "[]")),
        numbers=tuple((str(n[0]), float(n[1]), str(n[2])) for n in json.loads(r["numbers"] or "[]")),
        statistics=tuple(json.loads(r["statistics"] or "[]")), position=r["position"],
        end_line=r["end_line"], source=source_of(r),
    )


def _project_values(p: m.Project) -> dict[str, Any]:
    return {
        "id": p.id, "plan": p.plan, "name": p.name, "owner": p.owner, "region": p.region,
        "total_investment": p.total_investment, "unit": p.unit,
        "annual_plan": json.dumps([[y, v] for y, v in p.annual_plan]),
        "start_year": p.start_year, "finish_year": p.finish_year,
        "milestones": json.dumps([[ms.name, ms.year] for ms in p.milestones], ensure_ascii=False),
        "status": p.status, "note": p.note, "owner_text": p.owner_text, "location": p.location,
        "content": p.content, "category": p.category, **source_values(p.source),
    }


def _project_of(r: Mapping[Any, Any]) -> m.Project:
    return m.Project(
        id=r["id"], plan=r["plan"], name=r["name"], owner=r["owner"], region=r["region"],
        total_investment=r["total_investment"], unit=r["unit"],
        annual_plan=tuple((int(y), float(v)) for y, v in json.loads(r["annual_plan"] or "[]")),
        start_year=r["start_year"], finish_year=r["finish_year"],
        milestones=tuple(m.ProjectMilestone(str(n), int(y)) for n, y in json.loads(r["milestones"] or "[]")),
        status=r["status"], note=r["note"], source=source_of(r), owner_text=r["owner_text"],
        location=r["location"], content=r["content"], category=r["category"],
    )


def _progress_of(r: Mapping[Any, Any]) -> ProgressEntry:
    return ProgressEntry(
        id=r["id"], target_kind=r["target_kind"], target=r["target"], period=r["period"],
        department=r["department"], text=r["text"], investment=r["investment"],
        milestones=tuple(json.loads(r["milestones"] or "[]")), evidence_url=r["evidence_url"],
        evidence_document=r["evidence_document"],
        evidence_facts=tuple(int(x) for x in json.loads(r["evidence_facts"] or "[]")),
        self_status=m.TaskStatus(r["self_status"]), state=r["state"],
        status=m.TaskStatus(r["status"]) if r["status"] else None,
        submitted_by=r["submitted_by"], submitted_at=r["submitted_at"],
        reviewed_by=r["reviewed_by"], reviewed_at=r["reviewed_at"],
        review_comment=r["review_comment"],
    )


class TasksMixin(StoreBase):
    # --- tasks -------------------------------------------------------------------------------

    def save_tasks(self, plan_id: str, tasks: Iterable[m.PlanTask], *, actor: str,
                   conn: Connection | None = None) -> dict[str, int]:
        """Insert or update the plan's tasks (by id). Tasks no longer read are removed unless a
        unit is assigned or progress was reported (then they stay, and are counted as kept)."""
        if conn is None:
            with self.transaction() as c:
                return self.save_tasks(plan_id, tasks, actor=actor, conn=c)
        items = list(tasks)
        t = schema.plan_task
        if conn.execute(sa.select(schema.plan.c.id).where(schema.plan.c.id == plan_id)).first() is None:
            raise NotFound(f"规划“{plan_id}”不存在（planwatch plans 可查看已有规划）。")
        existing = {r["id"]: r for r in conn.execute(sa.select(t).where(t.c.plan == plan_id)).mappings()}
        counts = {"added": 0, "updated": 0, "unchanged": 0, "removed": 0, "kept": 0}
        for item in items:
            values = _task_values(item)
            was = existing.pop(item.id, None)
            if was is None:
                conn.execute(t.insert().values(**values))
                counts["added"] += 1
            elif any(was[k] != v for k, v in values.items()):
                conn.execute(t.update().where(t.c.id == item.id).values(**values))
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
        for tid in existing:
            used = conn.execute(sa.select(schema.task_unit.c.task).where(schema.task_unit.c.task == tid)).first() \
                or conn.execute(sa.select(schema.progress.c.id).where(schema.progress.c.target == tid)).first()
            if used:
                counts["kept"] += 1
            else:
                conn.execute(t.delete().where(t.c.id == tid))
                counts["removed"] += 1
        self.audit(conn, actor=actor, action="import", entity="plan_task", entity_id=plan_id,
                   after=counts)
        return counts

    def tasks(self, plan_id: str) -> list[m.PlanTask]:
        t = schema.plan_task
        with self.reading() as conn:
            res = conn.execute(sa.select(t).where(t.c.plan == plan_id).order_by(t.c.position))
            return [_task_of(r) for r in res.mappings()]

    def task(self, task_id: str) -> m.PlanTask:
        t = schema.plan_task
        with self.reading() as conn:
            r = conn.execute(sa.select(t).where(t.c.id == task_id)).mappings().first()
        if r is None:
            raise NotFound(f"任务“{task_id}”不存在（planwatch tasks list --plan 规划编号 可查看）。")
        return _task_of(r)

    def task_units(self, plan_id: str | None = None) -> list[TaskUnit]:
        tu, t = schema.task_unit, schema.plan_task
        q = sa.select(tu.c.task, tu.c.department, tu.c.role)
        if plan_id is not None:
            q = q.join(t, t.c.id == tu.c.task).where(t.c.plan == plan_id)
        with self.reading() as conn:
            res = conn.execute(q.order_by(tu.c.task, tu.c.role.desc(), tu.c.department))
            return [TaskUnit(r.task, r.department, r.role) for r in res]

    def assign_task(self, task_id: str, lead: str, co_units: Iterable[str] = (), *,
                    actor: str, conn: Connection | None = None) -> None:
        """Set the lead unit and co-units of a task (replacing what was set)."""
        if conn is None:
            with self.transaction() as c:
                self.assign_task(task_id, lead, co_units, actor=actor, conn=c)
                return
        tu = schema.task_unit
        if conn.execute(sa.select(schema.plan_task.c.id).where(schema.plan_task.c.id == task_id)).first() is None:
            raise NotFound(f"任务“{task_id}”不存在。")
        co = [c for c in dict.fromkeys(co_units) if c and c != lead]
        known = {r.id for r in conn.execute(sa.select(schema.department.c.id))}
        missing = [d for d in [lead, *co] if d not in known]
        if missing:
            raise LoadError(f"任务“{task_id}”：单位“{'、'.join(missing)}”不存在，未作任何修改。"
                            "请先在单位名录中添加，或改用已有单位。")
        before = [(r.department, r.role) for r in conn.execute(sa.select(tu).where(tu.c.task == task_id))]
        conn.execute(tu.delete().where(tu.c.task == task_id))
        at = now()
        conn.execute(tu.insert(), [
            {"task": task_id, "department": d, "role": "lead" if d == lead else "co",
             "assigned_by": actor, "assigned_at": at} for d in [lead, *co]])
        self.audit(conn, actor=actor, action="assign", entity="plan_task", entity_id=task_id,
                   before=before or None, after={"lead": lead, "co": co})

    # --- projects ------------------------------------------------------------------------------

    def save_projects(self, projects: Iterable[m.Project], *, actor: str,
                      conn: Connection | None = None) -> dict[str, int]:
        if conn is None:
            with self.transaction() as c:
                return self.save_projects(projects, actor=actor, conn=c)
        p = schema.project
        counts = {"added": 0, "updated": 0, "unchanged": 0}
        for item in projects:
            values = _project_values(item)
            was = conn.execute(sa.select(p).where(p.c.id == item.id)).mappings().first()
            if was is None:
                conn.execute(p.insert().values(**values))
                counts["added"] += 1
            elif any(was[k] != v for k, v in values.items()):
                conn.execute(p.update().where(p.c.id == item.id).values(**values))
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
        self.audit(conn, actor=actor, action="import", entity="project", entity_id="*", after=counts)
        return counts

    def projects(self, plan_id: str | None = None) -> list[m.Project]:
        p = schema.project
        q = sa.select(p)
        if plan_id is not None:
            q = q.where(p.c.plan == plan_id)
        with self.reading() as conn:
            return [_project_of(r) for r in conn.execute(q.order_by(p.c.id)).mappings()]

    def project(self, project_id: str) -> m.Project:
        p = schema.project
        with self.reading() as conn:
            r = conn.execute(sa.select(p).where(p.c.id == project_id)).mappings().first()
        if r is None:
            raise NotFound(f"项目“{project_id}”不存在。")
        return _project_of(r)

    # --- progress ------------------------------------------------------------------------------

    def missing_observations(self, ids: Iterable[int]) -> list[int]:
        """The ids among ``ids`` that name no stored observation (facts attached as evidence)."""
        wanted = sorted(set(ids))
        if not wanted:
            return []
        o = schema.observation
        with self.reading() as conn:
            found = {int(r.id) for r in conn.execute(sa.select(o.c.id).where(o.c.id.in_(wanted)))}
        return [i for i in wanted if i not in found]

    def observations_by_id(self, ids: Iterable[int]) -> list[m.Observation]:
        """Stored observations by id (the data attached to a progress report as evidence)."""
        wanted = sorted(set(ids))
        if not wanted:
            return []
        o = schema.observation
        with self.reading() as conn:
            return [observation_of(r) for r in conn.execute(sa.select(o).where(o.c.id.in_(wanted))).mappings()]

    def add_progress(self, item: ProgressInput, *, actor: str) -> int:
        g = schema.progress
        with self.transaction() as conn:
            res = conn.execute(g.insert().values(
                target_kind=item.target_kind, target=item.target, period=item.period,
                department=item.department, text=item.text, investment=item.investment,
                milestones=json.dumps(list(item.milestones), ensure_ascii=False),
                evidence_url=item.evidence_url, evidence_document=item.evidence_document,
                evidence_facts=json.dumps(list(item.evidence_facts)),
                self_status=item.self_status.value, state="pending", status=None,
                submitted_by=actor, submitted_at=now()))
            pid = int(res.inserted_primary_key[0])  # type: ignore[index]
            upload = None
            if item.evidence_upload is not None:
                name, ctype, data = item.evidence_upload
                digest = hashlib.sha256(data).hexdigest()
                conn.execute(schema.evidence_file.insert().values(
                    progress=pid, name=name, content_type=ctype, size=len(data), sha256=digest,
                    data=base64.b64encode(data).decode("ascii"), uploaded_by=actor, uploaded_at=now()))
                upload = {"name": name, "size": len(data), "sha256": digest}
            self.audit(conn, actor=actor, action="report", entity="progress", entity_id=str(pid),
                       after={"target": item.target, "period": item.period,
                              "self_status": item.self_status.value, "text": item.text,
                              "evidence_file": upload})
            return pid

    def evidence_files(self, progress_ids: Iterable[int]) -> list[EvidenceFile]:
        """The files uploaded with these progress reports (without their bytes)."""
        ids = sorted(set(progress_ids))
        if not ids:
            return []
        e = schema.evidence_file
        cols = [c for c in e.c if c.name != "data"]
        with self.reading() as conn:
            res = conn.execute(sa.select(*cols).where(e.c.progress.in_(ids)).order_by(e.c.id)).mappings()
            return [EvidenceFile(**dict(r)) for r in res]

    def evidence_file(self, file_id: int) -> EvidenceFile:
        e = schema.evidence_file
        with self.reading() as conn:
            r = conn.execute(sa.select(e).where(e.c.id == file_id)).mappings().first()
        if r is None:
            raise NotFound(f"佐证文件 {file_id} 不存在。")
        values = dict(r)
        values["data"] = base64.b64decode(values["data"])
        return EvidenceFile(**values)

    def progress_entries(self, *, targets: Iterable[str] | None = None, state: str | None = None,
                         department: str | None = None) -> list[ProgressEntry]:
        g = schema.progress
        q = sa.select(g)
        if targets is not None:
            q = q.where(g.c.target.in_(list(targets)))
        if state is not None:
            q = q.where(g.c.state == state)
        if department is not None:
            q = q.where(g.c.department == department)
        with self.reading() as conn:
            return [_progress_of(r) for r in conn.execute(q.order_by(g.c.id)).mappings()]

    def progress_entry(self, progress_id: int) -> ProgressEntry:
        g = schema.progress
        with self.reading() as conn:
            r = conn.execute(sa.select(g).where(g.c.id == progress_id)).mappings().first()
        if r is None:
            raise NotFound(f"进展报告 {progress_id} 不存在。")
        return _progress_of(r)

    def review_progress(self, progress_id: int, status: m.TaskStatus, *, comment: str | None,
                        actor: str) -> ProgressEntry:
        """The reviewer confirms (same status) or changes the self-assessed status."""
        g = schema.progress
        with self.transaction() as conn:
            r = conn.execute(sa.select(g).where(g.c.id == progress_id)).mappings().first()
            if r is None:
                raise NotFound(f"进展报告 {progress_id} 不存在。")
            if r["state"] != "pending":
                raise ConflictError(f"进展报告 {progress_id} 已由 {r['reviewed_by']} 审核，不能重复审核。")
            changed = status.value != r["self_status"]
            if changed and not (comment or "").strip():
                raise LoadError("改变单位自评状态时须填写审核意见（说明理由）。")
            res = conn.execute(g.update().where(g.c.id == progress_id, g.c.state == "pending").values(
                state="confirmed", status=status.value, reviewed_by=actor, reviewed_at=now(),
                review_comment=(comment or "").strip() or None))
            if res.rowcount != 1:
                raise ConflictError(f"进展报告 {progress_id} 已由他人审核。")
            self.audit(conn, actor=actor, action="review", entity="progress", entity_id=str(progress_id),
                       before={"self_status": r["self_status"]},
                       after={"status": status.value, "changed": changed}, comment=comment)
        return self.progress_entry(progress_id)


__all__ = ["EvidenceFile", "ProgressEntry", "ProgressInput", "TaskUnit", "TasksMixin"]
