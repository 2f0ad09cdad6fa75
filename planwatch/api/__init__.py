"""The facade: the only place that joins I/O (store, files) to the pure core.

The CLI and the web app call these functions and nothing below them. Each area lives in its own
module and is re-exported here.
"""

from __future__ import annotations

from planwatch.api import annual_targets as annual_targets
from planwatch.api import continuity as continuity
from planwatch.api import generated_reports as generated_reports
from planwatch.api import messages as messages
from planwatch.api import periods as periods
from planwatch.api import plausibility as plausibility
from planwatch.api import reminders as reminders
from planwatch.api.annual import AnnualEvaluation, evaluate_year, milestones_of
from planwatch.api.data import init_store, load_embedded
from planwatch.api.evaluate import (
    IndicatorResult,
    PlanEvaluation,
    bundle_for,
    evaluate_plan,
    time_elapsed,
)
from planwatch.api.excel import export_evaluation, import_workbook, write_reporting_template
from planwatch.api.facts import extract_file, read_text
from planwatch.api.ranking import (
    composite_departments,
    composite_regions,
    rank_decomposed,
    rank_regions,
)
from planwatch.api.reports import generate_report, report_context, write_report
from planwatch.api.series import SeriesRun, method_catalogue, run_series
from planwatch.store import Store, open_store


def open_existing(url: str | None) -> Store:
    """The database at ``url`` as it is (no migration), for ``db dump``: a SQLite file that does
    not exist, or a database without planwatch's tables, is refused instead of being created
    empty and "backed up" (issue 18, M-6)."""
    from pathlib import Path

    from planwatch.errors import StoreError
    from planwatch.store.core import default_url

    u = url or default_url()
    if u.startswith("sqlite:///") and ":memory:" not in u:
        file = Path(u.removeprefix("sqlite:///").split("?", 1)[0])
        if not file.is_file():
            raise StoreError(f"数据库文件“{file}”不存在，未做备份。请检查 --db 或 PLANWATCH_DB 是否写错。")
    store = Store(u, migrate=False)
    if store.revision() is None:
        store.dispose()
        raise StoreError(f"数据库“{u}”中没有 planwatch 的数据表（未初始化或地址写错），未做备份。")
    return store

__all__ = [
    "AnnualEvaluation",
    "IndicatorResult",
    "PlanEvaluation",
    "SeriesRun",
    "Store",
    "bundle_for",
    "composite_departments",
    "composite_regions",
    "evaluate_plan",
    "evaluate_year",
    "export_evaluation",
    "extract_file",
    "generate_report",
    "import_workbook",
    "init_store",
    "load_embedded",
    "method_catalogue",
    "milestones_of",
    "open_existing",
    "open_store",
    "rank_decomposed",
    "rank_regions",
    "read_text",
    "report_context",
    "run_series",
    "time_elapsed",
    "write_report",
    "write_reporting_template",
]
