"""The facade: the only place that joins I/O (store, files) to the pure core.

The CLI and the web app call these functions and nothing below them. Each area lives in its own
module and is re-exported here.
"""

from __future__ import annotations

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
