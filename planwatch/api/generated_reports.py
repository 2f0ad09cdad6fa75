"""Reports and workbooks generated from the web (issue 11, item 7).

An evaluator asks for the annual, mid-term or final report (docx, pdf or html) or the evaluation
workbook (xlsx) of a plan at a date; :func:`start` records the request (audited) and builds the
file in a background thread, writing its progress to the store so that the page polling it —
served by any web worker — sees each step. The finished file is kept in the store with who asked
for it and when; earlier files stay listed. File names are chosen by the server from the plan's
title, the kind and the date; nothing from the request becomes a path (issue 18, M-4).
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import tempfile
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from planwatch.errors import ConfigError, PlanwatchError
from planwatch.limits import display_name
from planwatch.store import GeneratedFile as GeneratedFile
from planwatch.store import Store

log = logging.getLogger("planwatch.web")

KINDS = {"annual": "年度监测报告", "midterm": "中期评估报告", "final": "总结评估报告",
         "workbook": "评估工作表"}
FORMATS = {"docx": "Word", "pdf": "PDF", "html": "网页", "xlsx": "Excel"}
STATE_LABELS = {"queued": "排队中", "running": "生成中", "done": "已完成", "failed": "失败"}
MEDIA = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "pdf": "application/pdf", "html": "text/html; charset=utf-8",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}

_POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="planwatch-report")
_LOCK = threading.Lock()


def check_request(store: Store, plan_id: str, kind: str, fmt: str) -> None:
    """ConfigError (Chinese, nothing written) for an unknown plan, kind or format."""
    store.plan(plan_id)  # NotFound names the plan
    if kind not in KINDS:
        raise ConfigError(f"报告类型“{kind}”无效，应为：年度监测报告（annual）、中期评估报告（midterm）、"
                          "总结评估报告（final）或评估工作表（workbook）。未生成任何文件。")
    allowed = ("xlsx",) if kind == "workbook" else ("docx", "pdf", "html")
    if fmt not in allowed:
        raise ConfigError(f"{KINDS[kind]}的格式“{fmt}”无效，应为："
                          + "、".join(f"{FORMATS[f]}（{f}）" for f in allowed) + "。未生成任何文件。")


def start(store: Store, plan_id: str, *, kind: str, fmt: str, as_of: dt.date, actor: str,
          wait: bool = False) -> int:
    """Record the request and build the file in the background; returns the file's id.
    ``wait`` builds it before returning (the CLI and tests that need no polling)."""
    check_request(store, plan_id, kind, fmt)
    file_id = store.add_generated(plan=plan_id, kind=kind, fmt=fmt, as_of=as_of.isoformat(),
                                  actor=actor)
    fut: Future[None] = _POOL.submit(build, store, file_id)
    if wait:
        fut.result()
    return file_id


def file_name(store: Store, f: GeneratedFile) -> str:
    try:
        title = store.plan(f.plan).title
    except PlanwatchError:
        title = f.plan
    return display_name(f"{title}_{KINDS.get(f.kind, f.kind)}_{f.as_of}.{f.fmt}")


def build(store: Store, file_id: int) -> None:
    """Build one requested file, writing progress as it goes; failures are recorded in Chinese."""
    f = store.generated(file_id)
    folder = Path(tempfile.mkdtemp(prefix="planwatch-gen-"))
    try:
        as_of = dt.date.fromisoformat(f.as_of)
        store.update_generated(file_id, state="running", progress=10, step="评估各项指标")
        path = folder / f"file.{f.fmt}"  # server-chosen (M-4)
        if f.kind == "workbook":
            from planwatch.api.excel import export_evaluation

            store.update_generated(file_id, progress=40, step="写入评估工作表")
            export_evaluation(store, f.plan, as_of, path)
        else:
            from planwatch.api.reports import report_context, write_report

            ctx = report_context(store, f.plan, as_of, kind=f.kind, with_charts=f.fmt != "xlsx")
            step = "撰写报告并转换为 PDF（LibreOffice）" if f.fmt == "pdf" else "撰写报告"
            store.update_generated(file_id, progress=50, step=step)
            write_report(ctx, path, f.fmt)
        store.update_generated(file_id, progress=90, step="保存文件")
        store.update_generated(file_id, state="done", progress=100, step="已完成",
                               filename=file_name(store, f), content=path.read_bytes())
    except Exception as exc:
        why = str(exc) if isinstance(exc, PlanwatchError) else f"生成时出错（{type(exc).__name__}），请联系管理员查看服务日志。"
        if not isinstance(exc, PlanwatchError):
            log.exception("generating file %s failed", file_id)
        store.update_generated(file_id, state="failed", step="失败", message=why)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def files(store: Store, plan_id: str) -> list[GeneratedFile]:
    return store.generated_files(plan_id)


def content(store: Store, file_id: int) -> tuple[GeneratedFile, bytes]:
    f = store.generated(file_id)
    return f, store.generated_content(file_id)
