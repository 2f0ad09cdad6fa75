"""Reviewers and reporters acting on the same value at the same moment never silently overwrite
each other: real threads, each with its own database connection, released together by a barrier,
on SQLite and PostgreSQL. Exactly one decision wins; every other gets a ConflictError with a
Chinese message saying what happened and to refresh; the database holds one observation."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from planwatch import model as m
from planwatch.errors import ConflictError
from planwatch.store import CandidateInput, Store

THREADS = 6


def _seed(store: Store) -> None:
    store.load_dataset(m.Dataset(
        name="concurrency-test",
        regions=(m.Region("330700", "金华市", m.RegionKind.CITY, adcode=330700),),
        statistics=(m.Statistic("gdp", "地区生产总值", "亿元"),),
    ))


def _gdp(value: float, line: int) -> CandidateInput:
    return CandidateInput(origin="web", kind="level", value=value, unit="亿元", statistic="gdp",
                          region="330700", period="2023", text=f"{value}亿元",
                          explanation="按统计快报填报", source=m.SourceRef(document="快报", line=line))


def _race(calls: list[Callable[[], Any]]) -> tuple[list[Any], list[BaseException]]:
    """Run the calls in threads released at the same instant; (results, errors)."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run(call: Callable[[], Any]) -> None:
        barrier.wait()
        try:
            out = call()
            with lock:
                results.append(out)
        except BaseException as exc:  # noqa: BLE001 - collected for the assertions
            with lock:
                errors.append(exc)

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not any(t.is_alive() for t in threads), "a decision hung"
    return results, errors


def _observation_count(store: Store) -> int:
    with store.reading() as conn:
        return int(conn.execute(sa.text("select count(*) from observation where statistic='gdp'"))
                   .scalar_one())


def test_reviewers_deciding_the_same_candidate_at_once_one_wins(store: Store):
    _seed(store)
    (c,) = store.submit_candidates([_gdp(6011.3, 3)], submitter="市统计局")
    calls: list[Callable[[], Any]] = []
    for i in range(THREADS):
        reviewer = f"审核人{i}"
        if i % 3 == 0:
            calls.append(lambda r=reviewer: store.accept_candidate(c.id, version=1, reviewer=r))
        elif i % 3 == 1:
            calls.append(lambda r=reviewer: store.correct_candidate(
                c.id, version=1, reviewer=r, value=6011.0, comment="按年报更正"))
        else:
            calls.append(lambda r=reviewer: store.reject_candidate(
                c.id, version=1, reviewer=r, comment="来源不明"))
    results, errors = _race(calls)
    assert len(results) == 1, f"{len(results)} reviewers won: {results}"
    assert len(errors) == THREADS - 1
    assert all(isinstance(e, ConflictError) for e in errors), [repr(e) for e in errors]
    for e in errors:
        assert f"候选数据#{c.id}" in str(e) and "刷新" in str(e)
    winner = results[0]
    final = store.candidate(c.id)
    assert (final.state, final.reviewed_by, final.version) == (winner.state, winner.reviewed_by, 2)
    assert _observation_count(store) == (0 if winner.state.value == "rejected" else 1)
    decisions = [e for e in store.audit_entries(entity="candidate", entity_id=str(c.id))[0]
                 if e.action in ("accept", "correct", "reject")]
    assert len(decisions) == 1 and decisions[0].actor == winner.reviewed_by


def test_accepting_two_different_values_for_one_number_at_once_keeps_one(store: Store):
    """Two reporters sent different numbers for the same indicator, region and period; two
    reviewers accept them at the same moment. One becomes the observation; the other is refused
    as a conflict (never written over it, never a database error)."""
    _seed(store)
    a, b = store.submit_candidates([_gdp(6011.3, 3)], submitter="市统计局") + \
        store.submit_candidates([_gdp(6020.0, 9)], submitter="市发改委")
    assert b.conflict, "the second submission should be flagged as differing from the first"
    results, errors = _race([
        lambda: store.accept_candidate(a.id, version=a.version, reviewer="审核人甲"),
        lambda: store.accept_candidate(b.id, version=b.version, reviewer="审核人乙"),
    ])
    assert len(results) == 1, f"both or neither accepted: {results} {errors}"
    assert len(errors) == 1 and isinstance(errors[0], ConflictError), repr(errors[0])
    assert "未接受" in str(errors[0]) or "刷新" in str(errors[0])
    (obs,) = store.observations("gdp", "330700", all_revisions=True)
    assert obs.value == results[0].final_value
    loser = store.candidate(b.id if results[0].id == a.id else a.id)
    assert loser.state.value == "pending", "the refused value stays in the queue for a decision"


def test_reporters_submitting_at_once_all_queued_once(store: Store):
    _seed(store)
    calls = [lambda i=i: store.submit_candidate(_gdp(6000.0 + i, i), submitter=f"填报人{i}")
             for i in range(THREADS)]
    results, errors = _race(calls)
    assert errors == []
    assert sorted(c.value for c in results) == [6000.0 + i for i in range(THREADS)]
    pending = store.pending_candidates()
    assert sorted(c.id for c in pending) == sorted(c.id for c in results)
