"""Readers are never blocked by writers: an import (one long transaction) in another process
leaves every page readable, showing the data as it was before the import until it commits.

On SQLite this needs WAL mode (``store/core.py`` turns it on); PostgreSQL gives it by MVCC.
Optimistic versioning of concurrent edits is tested in tests/test_concurrent_edits.py.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa

from planwatch import api
from planwatch.store import Store

ROOT = Path(__file__).resolve().parent.parent

HOLDER = r'''
import sys
import sqlalchemy as sa
from planwatch.store import Store

store = Store(sys.argv[1])
with store.transaction() as conn:
    # a write that an import would make: a new statistic and 500 observations
    conn.execute(sa.text("insert into statistic (id, name, unit, aliases, additive) "
                         "values ('held', '持有事务测试', '个', '[]', false)"))
    for i in range(500):
        conn.execute(sa.text(
            "insert into observation (statistic, region, period, period_end, kind, scope, rank_of, "
            "value, unit, qualifier, status, revision, recorded_at, recorded_by) values "
            "('held', '330700', :p, '2023-12-31', 'level', '', '', :v, '个', 'exact', 'final', 1, "
            "'2026-01-01', 'test')"), {"p": str(1000 + i), "v": float(i)})
    print("holding", flush=True)
    sys.stdin.readline()  # the test says when to commit
print("committed", flush=True)
'''

LOADER = r'''
import sys
from planwatch import model as m
from planwatch.store import Store

url, n = sys.argv[1], int(sys.argv[2])
stats = tuple(m.Statistic(f"bulk-{k}", f"批量测试统计{k}", "亿元") for k in range(n // 25 + 1))  # every observation names a stored statistic (foreign key)
region = m.Region("330700", "金华市", m.RegionKind.CITY, 330700)
obs = tuple(
    m.Observation(f"bulk-{i // 25}", "330700", m.Period(f"{2000 + i % 25}"), m.ObservationKind.LEVEL,
                  float(i), "亿元", m.SourceRef(document="bulk", line=i))
    for i in range(n)
)
store = Store(url)
print("ready", flush=True)
store.load_dataset(m.Dataset("bulk", regions=(region,), statistics=stats, observations=obs))
print("done", flush=True)
'''


def _child(code: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", code, *args], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, env=env)


def _count(store: Store, where: str = "") -> int:
    with store.reading() as conn:
        return int(conn.execute(sa.text(f"select count(*) from observation {where}")).scalar_one())


def _in_thread(fn, timeout: float = 20.0):
    """Run a read in a thread; a read blocked by the writer would not come back in time."""
    out: dict[str, object] = {}

    def run() -> None:
        try:
            out["value"] = fn()
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            out["error"] = exc

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(timeout)
    assert not t.is_alive(), "the read waited for the writer's transaction (readers blocked)"
    assert "error" not in out, f"the read failed while a write was open: {out.get('error')!r}"
    return out["value"]


def test_sqlite_store_runs_in_wal_mode(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'wal.db'}")  # SQLite-specific, in either suite run
    with store.reading() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    store.dispose()


def test_pages_readable_while_a_write_transaction_is_open(db_url: str):
    store = Store(db_url)
    api.data.load_embedded(store)
    before = _count(store)
    plan_ids = [p.id for p in store.plans()]
    child = _child(HOLDER, db_url)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "holding"
        # while the writer holds its transaction: reads answer, and see the data as it was
        assert _in_thread(lambda: _count(store)) == before
        assert _in_thread(lambda: [p.id for p in store.plans()]) == plan_ids
        as_of = dt.date(2023, 12, 31)
        result = _in_thread(lambda: api.evaluate.evaluate_plan(store, plan_ids[0], as_of))
        assert result.results, "the evaluation (a report run's read) produced nothing"
        assert _in_thread(lambda: _count(store, "where statistic = 'held'")) == 0
    finally:
        assert child.stdin is not None
        child.stdin.write("\n")
        child.stdin.flush()
        child.wait(timeout=60)
    assert child.returncode == 0
    assert _count(store, "where statistic = 'held'") == 500
    store.dispose()


@pytest.mark.slow
def test_reader_during_a_long_import_sees_nothing_or_everything(db_url: str):
    n = 8_000
    store = Store(db_url)
    child = _child(LOADER, db_url, str(n))
    counts: list[int] = []
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        while child.poll() is None:
            counts.append(_in_thread(lambda: _count(store)))
    finally:
        child.wait(timeout=120)
    assert child.returncode == 0
    assert len(counts) >= 3, "the import ended before the reader could look"
    assert set(counts) <= {0, n}, f"a reader saw a partial import: {sorted(set(counts))}"
    assert counts[0] == 0
    assert _count(store) == n
    store.dispose()
