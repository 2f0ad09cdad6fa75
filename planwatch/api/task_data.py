"""Task structures shipped as data (``<dataset>/tasks/<plan-id>.yaml``), loaded by ``planwatch
init`` / ``planwatch load`` after the dataset (issue 16).

A task file names its plan and source document and lists each action, task, sub-task and 专栏
task as printed: ``key``, ``kind``, ``number``, ``title``, ``section``, ``parent``, ``box``,
``line``/``end_line`` (the document's lines) and ``text``. ``units`` says who is responsible as
the document prints it; where it names no unit the file says ``原文未列明`` and nothing is
assigned (assignments are an administrator's act, never loaded from data).

Every record is checked before anything is written; an error names the file, line and field.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from planwatch.errors import LoadError
from planwatch.issues import Issue, Location, issue
from planwatch.parsers.result import Source
from planwatch.parsers.tasks import ParsedTask
from planwatch.store import Store

__all__ = ["NO_UNITS", "load_task_files", "read_task_file"]

NO_UNITS = "原文未列明"
KINDS = ("action", "task", "subtask", "box")


def _records(path: Path, label: str, errors: list[Issue]) -> tuple[dict[str, Any], list[tuple[int, Any]]]:
    try:
        text = path.read_text(encoding="utf-8")
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except UnicodeDecodeError:
        errors.append(issue("bad-file", "文件不是UTF-8编码，请另存为UTF-8后重试。", Location(file=label)))
        return {}, []
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        errors.append(issue("bad-file", f"YAML格式错误：{exc.problem}。请检查缩进、冒号和引号。",
                            Location(file=label, line=line)))
        return {}, []
    data = yaml.safe_load(text)
    if not isinstance(root, yaml.MappingNode) or not isinstance(data, dict):
        errors.append(issue("bad-file", "任务文件应为映射，含 plan、document 和 tasks 列表。", Location(file=label)))
        return {}, []
    lines: list[int] = []
    for k, v in root.value:
        if k.value == "tasks" and isinstance(v, yaml.SequenceNode):
            lines = [n.start_mark.line + 1 for n in v.value]
    items = data.get("tasks") or []
    if not isinstance(items, list):
        errors.append(issue("bad-file", "“tasks”应为列表。", Location(file=label, field="tasks")))
        return data, []
    return data, list(zip(lines or [1] * len(items), items, strict=False))


def read_task_file(path: Path, label: str, errors: list[Issue]) -> tuple[str | None, str | None, list[ParsedTask]]:
    """The file's plan id, document id and tasks (as the parser gives them), or errors."""
    head, recs = _records(path, label, errors)
    plan, doc = head.get("plan"), head.get("document")
    for fld, v in (("plan", plan), ("document", doc)):
        if not isinstance(v, str) or not v.strip():
            errors.append(issue("missing-field", f"缺少“{fld}”（规划编号 / 文献编号）。", Location(file=label, field=fld)))
    out: list[ParsedTask] = []
    keys: set[str] = set()
    for line, r in recs:
        def bad(fld: str, msg: str, line: int = line) -> None:
            errors.append(issue("bad-value", msg, Location(file=label, line=line, field=fld)))
        if not isinstance(r, dict):
            bad("tasks", "每条任务应为映射（key、kind、number、title、section、line、text）。")
            continue
        missing = [f for f in ("key", "kind", "number", "title", "section", "text", "line") if r.get(f) in (None, "")]
        if missing:
            errors.append(issue("missing-field", f"任务缺少字段“{'、'.join(missing)}”。",
                                Location(file=label, line=line, field=missing[0])))
            continue
        key = str(r["key"])
        if r["kind"] not in KINDS:
            bad("kind", f"类别“{r['kind']}”无法识别，应为 {' / '.join(KINDS)}。")
        if key in keys:
            bad("key", f"任务编号“{key}”重复。")
        if r.get("parent") and str(r["parent"]) not in keys:
            bad("parent", f"上级任务“{r['parent']}”未在本条之前列出。")
        if not isinstance(r["line"], int) or (r.get("end_line") is not None and not isinstance(r["end_line"], int)):
            bad("line", "行号应为整数（文献中的行）。")
            continue
        units = r.get("units")
        if units != NO_UNITS:
            bad("units", f"“units”只能写“{NO_UNITS}”：本文件只记原文；分解到单位由管理员在任务页面或 "
                "planwatch tasks assign 中设定。")
        keys.add(key)
        t = ParsedTask(key=key, kind=str(r["kind"]), number=str(r["number"]), title=str(r["title"]),
                       text=str(r["text"]), section=str(r["section"]), source=Source(file=label, line=r["line"]),
                       parent=str(r["parent"]) if r.get("parent") else None,
                       box=str(r["box"]) if r.get("box") else None, end_line=r.get("end_line"),
                       position=len(out) + 1)
        t.finish()
        out.append(t)
    return (plan if isinstance(plan, str) else None), (doc if isinstance(doc, str) else None), out


def load_task_files(store: Store, folder: Path, *, actor: str = "system",
                    check_only: bool = False) -> dict[str, dict[str, int]]:
    """Check (and unless ``check_only`` write) every ``tasks/*.yaml`` of a dataset folder.
    Raises :class:`LoadError` naming file, line and field; nothing is written then."""
    from planwatch.api.tasks import tasks_from_parsed

    files = sorted((folder / "tasks").glob("*.yaml")) if (folder / "tasks").is_dir() else []
    errors: list[Issue] = []
    read = []
    for path in files:
        label = f"tasks/{path.name}"
        plan_id, doc, tasks = read_task_file(path, label, errors)
        read.append((label, plan_id, doc, tasks))
    if errors:
        raise LoadError(f"数据目录“{folder}”的任务文件有{len(errors)}处错误，未写入任何数据：", errors)
    if check_only:
        return {}
    plans = {p.id: p for p in store.plans()}
    out: dict[str, dict[str, int]] = {}
    for label, plan_id, doc, tasks in read:
        assert plan_id is not None
        plan = plans.get(plan_id)
        if plan is None:
            raise LoadError(f"任务文件“{label}”的规划“{plan_id}”不存在，未写入任务。",
                            [issue("unknown-reference", f"规划“{plan_id}”不存在。", Location(file=label, field="plan"))])
        if doc != plan.document:
            raise LoadError(f"任务文件“{label}”的文献“{doc}”不是规划“{plan_id}”的文献“{plan.document}”，未写入任务。",
                            [issue("unknown-reference", f"文献“{doc}”与规划不符。", Location(file=label, field="document"))])
        records = tasks_from_parsed(tasks, plan, store.narrative_targets(plan_id))
        out[plan_id] = store.save_tasks(plan_id, records, actor=actor)
    return out

