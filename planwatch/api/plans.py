"""Reading plan documents (issue 3): parse for review, then import into the store.

``parse_plan_file`` reads and writes nothing. ``prepare_import`` maps the parsed rows to the
statistics and regions already in the store (creating what is missing) without writing;
``import_plan`` writes the result through ``Store.load_dataset`` in one transaction and returns
what changed (the store writes each update's before/after to the audit log).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planwatch.errors import ConfigError, LoadError, NotFound
from planwatch.parsers import parse_plan
from planwatch.parsers.convert import Conversion, keep_editorial, to_dataset
from planwatch.parsers.result import ParsedPlan, issue_dict
from planwatch.store import LoadReport, Store

__all__ = ["ParsedPlan", "PlanImport", "import_plan", "parse_plan_file", "prepare_import"]


def parse_plan_file(path: Path | str) -> ParsedPlan:
    """What the parser reads from a plan document, with every problem found; writes nothing."""
    p = Path(path)
    if not p.exists():
        raise NotFound(f"文件“{p}”不存在。")
    return parse_plan(p)


@dataclass
class PlanImport:
    """A plan read from a document and mapped onto the store; ``report`` is set once written."""

    parsed: ParsedPlan
    conversion: Conversion
    report: LoadReport | None = None
    changes: list[dict[str, Any]] = field(default_factory=list)
    matched: str | None = None  # why the document is taken as an update of a stored plan
    proposed: list[str] = field(default_factory=list)  # what importing would change (Chinese)

    @property
    def plan_id(self) -> str:
        return self.conversion.dataset.plans[0].id

    @property
    def errors(self) -> list[Any]:
        return [*self.parsed.errors, *self.conversion.skipped]

    def as_dict(self) -> dict[str, Any]:
        ds = self.conversion.dataset
        return {
            "plan_id": self.plan_id,
            "parsed": self.parsed.as_dict(),
            "statistics_created": [{"id": s.id, "name": s.name, "unit": s.unit}
                                   for s in self.conversion.new_statistics],
            "regions_created": [{"id": r.id, "name": r.name} for r in self.conversion.new_regions],
            "indicator_statistics": {i.id: i.statistic for i in ds.indicators},
            "skipped": [issue_dict(i) for i in self.conversion.skipped],
            "findings": [issue_dict(i) for i in self.conversion.findings],
            "report": self.report.as_dict() if self.report else None,
            "changes": self.changes,
            "matched": self.matched,
            "proposed": self.proposed,
        }


def prepare_import(store: Store, path: Path | str, *, plan_id: str | None = None,
                   isolated: bool = False) -> PlanImport:
    """Parse and map onto the store's statistics and regions; nothing is written. ``isolated``
    reads the document in a limited worker process (uploads: see :mod:`planwatch.api.isolate`)."""
    if isolated:
        from planwatch.api.isolate import parse_isolated

        parsed = parse_isolated(Path(path), Path(path).name)
    else:
        parsed = parse_plan_file(path)
    existing = {p.id: p for p in store.plans()}.get(plan_id or "")
    matched = None
    if existing is None:  # never a second copy of a stored plan (issue 11, item 8)
        from planwatch.api.plan_match import find_match

        first = to_dataset(parsed, statistics=store.statistics(), regions=store.regions())
        found = find_match(store, first.dataset.plans[0], first.dataset.indicators) \
            if first.dataset.plans else None
        if found is not None and plan_id is not None:
            raise ConfigError(f"“{parsed.file}”{found.reason}，不能另建编号为“{plan_id}”的第二份规划。"
                              f"如需更新该规划，请不指定编号或指定“{found.plan.id}”。未导入任何数据。")
        if found is not None:
            existing, plan_id, matched = found.plan, found.plan.id, found.reason
    documents = {d.id: d for d in store.documents()}
    document = documents.get(existing.document or "") if existing else None
    conv = to_dataset(parsed, plan_id=plan_id, statistics=store.statistics(), regions=store.regions(),
                      document=document)
    if existing is not None:
        keep_editorial(conv, existing, store.indicators(existing.id), store.narrative_targets(existing.id))
    imp = PlanImport(parsed, conv, matched=matched)
    if existing is not None and conv.dataset.plans:
        from planwatch.api.plan_match import changes

        imp.proposed = changes(store, conv.dataset.plans[0], conv.dataset.indicators,
                               conv.dataset.narrative_targets)
    return imp


def import_plan(
    store: Store, prepared: PlanImport | Path | str, *, plan_id: str | None = None,
    actor: str = "system",
) -> PlanImport:
    """Store a parsed plan in one transaction. Refuses (writing nothing) when the document had
    errors: an unreadable document or row, no indicator table, a column that matches no row."""
    imp = prepared if isinstance(prepared, PlanImport) else prepare_import(store, prepared, plan_id=plan_id)
    if imp.errors:
        raise LoadError(
            f"“{imp.parsed.file}”有{len(imp.errors)}处错误，未导入任何数据；请修正原文件或补录后再导入：",
            imp.errors)
    before = _last_audit_id(store)
    imp.report = store.load_dataset(imp.conversion.dataset, findings=imp.conversion.findings, actor=actor)
    if imp.parsed.tasks:  # the plan's actions, tasks and 专栏 tasks (issue 16)
        from planwatch.api.tasks import tasks_from_parsed

        plan = next(p for p in store.plans() if p.id == imp.plan_id)
        store.save_tasks(plan.id, tasks_from_parsed(imp.parsed.tasks, plan, store.narrative_targets(plan.id)),
                         actor=actor)
    if imp.parsed.projects:  # the project tables printed in the plan (issue 16)
        from planwatch.api.tasks import projects_from_parsed

        plan = next(p for p in store.plans() if p.id == imp.plan_id)
        store.save_projects(projects_from_parsed(imp.parsed.projects, plan, store.departments(), store.regions()),
                            actor=actor)
    imp.changes = _changes_since(store, before)
    return imp


def _last_audit_id(store: Store) -> int:
    entries, _ = store.audit_entries(limit=1)
    return entries[0].id if entries else 0


def _changes_since(store: Store, after_id: int) -> list[dict[str, Any]]:
    entries, _ = store.audit_entries(limit=5000)
    return [
        {"entity": e.entity, "id": e.entity_id, "before": e.before, "after": e.after}
        for e in sorted(entries, key=lambda e: e.id) if e.id > after_id and e.action == "update"
    ]
