"""Issue 7: the mid-term report of a 40-indicator plan with charts, in under 10 seconds.

The plan is SYNTHETIC (bench/synthetic_plan.py; every format prints 合成测试数据). One run loads
it into a fresh SQLite file and times what ``planwatch report --format docx`` does: evaluate with
the china method, build the context (drafted sentences, charts) and write the Word file. The
baseline, measured in the same run, is the evaluation alone; the HTML rendering of the same
context and (outside --quick) the LibreOffice PDF conversion are reported beside it."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from bench.registry import Context, Goal, Report, benchmark, timed
from bench.synthetic_plan import PLAN, synthetic_dataset
from planwatch.api.evaluate import evaluate_plan
from planwatch.api.reports import report_context, write_report
from planwatch.store import Store

AS_OF = dt.date(2023, 6, 30)
N_INDICATORS = 40


@benchmark("report-midterm", title="生成40项指标的中期评估报告（含图表）", goal="< 10 秒", issue=7)
def report_midterm(ctx: Context) -> Report:
    with tempfile.TemporaryDirectory(prefix="pw-bench-report-") as tmp:
        folder = Path(tmp)
        store = Store(f"sqlite:///{folder / 'bench.db'}")
        try:
            store.load_dataset(synthetic_dataset(N_INDICATORS))
            repeats = 1 if ctx.quick else 3
            _, base = timed("基线：仅评估（evaluate_plan）",
                            lambda: evaluate_plan(store, PLAN, AS_OF), repeats)

            def word() -> object:
                c = report_context(store, PLAN, AS_OF, kind="midterm", synthetic=True)
                write_report(c, folder / "midterm.docx", "docx")
                return c

            rc, subj = timed("planwatch：评估+起草+图表+Word", word, repeats)
            _, html = timed("同一上下文写 HTML", lambda: write_report(rc, folder / "m.html", "html"),
                            repeats)
            timings = [base, subj, html]
            if not ctx.quick:
                _, pdf = timed("同一上下文写 PDF（LibreOffice 转换）",
                               lambda: write_report(rc, folder / "m.pdf", "pdf"))
                timings.append(pdf)
        finally:
            store.dispose()
    return Report(
        timings=timings,
        ratios={"Word报告/仅评估": subj.seconds / base.seconds},
        goals=[Goal("Word报告（含图表）秒数", subj.seconds, "<=", 10.0)],
        sizes={"indicators": N_INDICATORS, "charts": len(rc.charts), "drafts": len(rc.drafts)},
        notes=["合成测试规划（非真实数据），见 bench/synthetic_plan.py"],
    )
