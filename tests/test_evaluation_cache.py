"""Plan evaluations are reused while the data is unchanged and recomputed once anything is
written (here: a reviewer accepts a reported value), so cached pages never show old data."""

from __future__ import annotations

import datetime as dt

from planwatch import api
from planwatch.api.cache import evaluate_plan_cached
from planwatch.store import CandidateInput, Store

PLAN = "jinhua-industry-14"
AS_OF = dt.date(2024, 12, 31)


def test_cached_until_data_changes(store: Store):
    api.data.load_embedded(store)
    first = evaluate_plan_cached(store, PLAN, AS_OF)
    assert evaluate_plan_cached(store, PLAN, AS_OF) is first
    assert evaluate_plan_cached(store, PLAN, dt.date(2023, 12, 31)) is not first
    # 规上工业总产值 (indicator 02, statistic gs-output) for the city, 2024: a test input
    (row,) = [r for r in first.results if r.indicator.id == f"{PLAN}/02"]
    stat = row.indicator.statistic
    c = store.submit_candidate(CandidateInput(
        origin="web", kind="level", value=7777.0, unit="亿元", statistic=stat, region="330700",
        period="2024", explanation="缓存测试"), submitter="tester")
    store.accept_candidate(c.id, version=c.version, reviewer="reviewer", as_revision=True)
    after = evaluate_plan_cached(store, PLAN, AS_OF)
    assert after is not first
    (row2,) = [r for r in after.results if r.indicator.id == f"{PLAN}/02"]
    assert row.assessment.latest_value != 7777.0
    assert (row2.assessment.latest_value, row2.assessment.latest_period) == (7777.0, "2024")
    assert evaluate_plan_cached(store, PLAN, AS_OF) is after


def test_values_waiting_for_review_keep_the_cache(store: Store):
    api.data.load_embedded(store)
    first = evaluate_plan_cached(store, PLAN, AS_OF)
    store.submit_candidate(CandidateInput(
        origin="web", kind="level", value=1.0, unit="亿元", statistic="gs-output", region="330700",
        period="2024", explanation="待审"), submitter="tester")
    assert evaluate_plan_cached(store, PLAN, AS_OF) is first
