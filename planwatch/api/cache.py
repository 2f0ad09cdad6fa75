"""Plan evaluations kept per process until the data changes (issue 8: readers under load).

The overview and plan pages evaluate whole plans on every request; with many readers that is
most of the server's work. :func:`evaluate_plan_cached` keeps recent results in this process,
stamped with :meth:`Store.data_stamp` (the newest load and observation ids), and recomputes
as soon as any process has loaded data or accepted a value: the check is one small query, so
the app stays stateless and several workers or machines never show different data. Values only
queued for review do not change evaluations and do not empty the cache. Evaluations are pure functions of the data and their arguments, so a hit is exact.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Sequence

from planwatch.api.evaluate import PlanEvaluation, evaluate_plan, evaluate_plans
from planwatch.store import Store

MAX_ENTRIES = 64
_LOCK = threading.Lock()
_CACHE: OrderedDict[tuple[str, str, str, str, str], tuple[tuple[int, ...], PlanEvaluation]] = (
    OrderedDict()
)


def evaluate_plan_cached(
    store: Store, plan_id: str, as_of: dt.date, *, method: str = "china",
    known_at: dt.date | None = None,
) -> PlanEvaluation:
    """:func:`~planwatch.api.evaluate.evaluate_plan`, reused while the data is unchanged."""
    stamp = store.data_stamp()  # read before evaluating: a write meanwhile makes it stale
    key = (store.url, plan_id, as_of.isoformat(), method, known_at.isoformat() if known_at else "")
    with _LOCK:
        hit = _CACHE.get(key)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    result = evaluate_plan(store, plan_id, as_of, method=method, known_at=known_at)
    with _LOCK:
        _CACHE[key] = (stamp, result)
        _CACHE.move_to_end(key)
        while len(_CACHE) > MAX_ENTRIES:
            _CACHE.popitem(last=False)
    return result


def evaluate_plans_cached(
    store: Store, plan_ids: Sequence[str], as_of: dt.date, *, method: str = "china"
) -> dict[str, PlanEvaluation]:
    """Many plans at once (the overview): one stamp query, and the plans not cached evaluated
    together by :func:`~planwatch.api.evaluate.evaluate_plans` (a few set-based queries)."""
    stamp = store.data_stamp()
    out: dict[str, PlanEvaluation] = {}
    missing = []
    with _LOCK:
        for pid in plan_ids:
            hit = _CACHE.get((store.url, pid, as_of.isoformat(), method, ""))
            if hit is not None and hit[0] == stamp:
                out[pid] = hit[1]
            else:
                missing.append(pid)
    if missing:
        fresh = evaluate_plans(store, missing, as_of, method=method)
        with _LOCK:
            for pid, result in fresh.items():
                key = (store.url, pid, as_of.isoformat(), method, "")
                _CACHE[key] = (stamp, result)
                _CACHE.move_to_end(key)
            while len(_CACHE) > max(MAX_ENTRIES, len(plan_ids)):
                _CACHE.popitem(last=False)
        out.update(fresh)
    return {pid: out[pid] for pid in plan_ids}


def clear() -> None:
    with _LOCK:
        _CACHE.clear()
