"""The facade: the only place that joins I/O (store, files) to the pure core.

One way in, for the CLI, the web app, the benchmarks and the tests alike::

    from planwatch import api
    api.evaluate.evaluate_plan(store, "jinhua-industry-14", as_of)

Each area is a module (``api/plans.py`` ↔ ``cli/plan.py`` ↔ ``web/views/plans.py``); the root
holds only the areas and the store types (``Store``, and :class:`~planwatch.api.reader.StoreReader`,
what a view may read directly). ``tests/test_architecture.py`` keeps ``__all__`` complete.
"""

from __future__ import annotations

from planwatch.api import (
    annual,
    annual_targets,
    cache,
    continuity,
    data,
    evaluate,
    excel,
    facts,
    generated_reports,
    indicators,
    isolate,
    messages,
    periods,
    plan_match,
    plans,
    plausibility,
    ranking,
    reader,
    regions,
    reminders,
    reports,
    responsibilities,
    review,
    series,
    submission_rows,
    submissions,
    tables,
    task_data,
    tasks,
    users,
)
from planwatch.api.reader import Names, StoreReader, lookups
from planwatch.store import Store, open_store

__all__ = [
    "Names",
    "Store",
    "StoreReader",
    "annual",
    "annual_targets",
    "cache",
    "continuity",
    "data",
    "evaluate",
    "excel",
    "facts",
    "generated_reports",
    "indicators",
    "isolate",
    "lookups",
    "messages",
    "open_store",
    "periods",
    "plan_match",
    "plans",
    "plausibility",
    "ranking",
    "reader",
    "regions",
    "reminders",
    "reports",
    "responsibilities",
    "review",
    "series",
    "submission_rows",
    "submissions",
    "tables",
    "task_data",
    "tasks",
    "users",
]
