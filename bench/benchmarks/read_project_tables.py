"""Issue 16: project tables printed inside plan documents (real published tables: seed 003's 附件3
and a county government's web page), read by the parser in several layouts and scored against
gold rows typed by hand (bench/corpus/projects.py). Accuracy is the subject; the time to build
and read the layouts is reported beside it."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench.corpus.projects import TABLES, ProjectScore, score_projects
from bench.registry import Context, Goal, Report, Timing, benchmark
from planwatch.parsers import parse_plan

TITLES = {"text": "PDF 文本导出（原样）", "docx": "Word 表格", "html": "网页表格", "pdf": "PDF（由 Word 表格打印）"}


def run_projects(layouts: list[str] | None = None) -> dict[str, ProjectScore]:
    """layout → score over every corpus table printed in that layout."""
    out: dict[str, ProjectScore] = {}
    with tempfile.TemporaryDirectory(prefix="planwatch-projects-") as tmp:
        for t in TABLES:
            for name, (_, build) in t.layouts.items():
                if layouts is not None and name not in layouts:
                    continue
                sub = Path(tmp) / f"{t.key}-{name}"
                sub.mkdir()
                s = score_projects(parse_plan(build(sub)).projects, label=f"{t.key}/{name}", table=t)
                out.setdefault(name, ProjectScore()).add(s)
    return out


@benchmark(
    "read-project-tables",
    title="规划文本中的项目表（真实表格，多种版式）：行、字段识别率",
    goal="每种版式行 ≥ 95%、字段 ≥ 90%",
    issue=16,
)
def read_project_tables(ctx: Context) -> Report:
    layouts = ["text", "docx", "html"] if ctx.quick else None
    t0 = time.perf_counter()
    scores = run_projects(layouts)
    seconds = time.perf_counter() - t0
    goals = []
    checks: dict[str, object] = {}
    for name, s in scores.items():
        goals.append(Goal(f"{TITLES[name]}：行识别率", round(s.row_rate, 4), ">=", 0.95))
        goals.append(Goal(f"{TITLES[name]}：字段识别率", round(s.field_rate, 4), ">=", 0.90))
        checks[name] = {"rows": f"{s.rows_found}/{s.rows}", "fields": f"{s.fields_right}/{s.fields}",
                        "extra_rows": s.extra_rows, "first_errors": s.wrong[:6]}
    return Report(timings=[Timing("生成并读取全部版式", seconds)], goals=goals,
                  sizes={"tables": len(TABLES), "gold_rows": sum(len(t.gold) for t in TABLES),
                         "layouts": len(scores)},
                  checks=checks, notes=[f"{t.key}：{t.source}" for t in TABLES])
