"""Reads from a PostgreSQL streaming replica, writes to the primary (issue 15), with a real
primary and a real replica (pg_basebackup -R) started by this test on loopback.

Pages read from the replica and never touch the primary; a submission goes to the primary; while
the replica has not replayed it (replay paused here on purpose) the submitter's own pages read
from the primary and show it, while another user's pages, still on the replica, do not yet."""

from __future__ import annotations

import contextvars
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from planwatch.api import Store
from planwatch.api.data import load_embedded
from planwatch.web import WebSettings, create_app
from tests.conftest import PG_BIN
from tests.live import free_port
from tests.web_support import add_users, csrf_of, login


def _run(as_pg: list[str], *args: str) -> None:
    subprocess.run([*as_pg, *args], check=True, capture_output=True)


@pytest.fixture(scope="module")
def primary_and_replica() -> Iterator[tuple[str, str]]:
    """Server URLs (no database name) of a primary and its streaming replica."""
    if not (PG_BIN / "initdb").exists():
        pytest.fail("PostgreSQL 15 is not installed; run scripts/setup.sh")
    base = Path(tempfile.mkdtemp(prefix="planwatch-replica-"))
    as_pg: list[str] = []
    if os.geteuid() == 0:  # initdb refuses root
        shutil.chown(base, "postgres", "postgres")
        as_pg = ["runuser", "-u", "postgres", "--"]
    p_port, r_port = free_port(), free_port()
    primary, replica = base / "primary", base / "replica"
    opts = "-c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100"
    _run(as_pg, str(PG_BIN / "initdb"), "-D", str(primary), "-U", "postgres", "-A", "trust",
         "-E", "UTF8", "--locale=C.UTF-8")
    _run(as_pg, str(PG_BIN / "pg_ctl"), "-D", str(primary), "-l", str(base / "primary.log"), "-w",
         "-o", f"{opts} -p {p_port} -k {base} -c wal_level=replica -c max_wal_senders=4", "start")
    try:
        _run(as_pg, str(PG_BIN / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(p_port), "-U",
             "postgres", "-D", str(replica), "-R", "-X", "stream")
        _run(as_pg, str(PG_BIN / "pg_ctl"), "-D", str(replica), "-l", str(base / "replica.log"),
             "-w", "-o", f"{opts} -p {r_port} -k {base} -c hot_standby=on", "start")
        yield f"postgresql://postgres@127.0.0.1:{p_port}", f"postgresql://postgres@127.0.0.1:{r_port}"
    finally:
        for d in (replica, primary):
            subprocess.run([*as_pg, str(PG_BIN / "pg_ctl"), "-D", str(d), "-m", "immediate", "stop"],
                           capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def _caught_up(store: Store) -> None:
    position = store.write_position()
    assert position
    for _ in range(300):
        if store.replica_has(position):
            return
        time.sleep(0.1)
    raise AssertionError("the replica did not catch up within 30 s")


@pytest.fixture(scope="module")
def store(primary_and_replica: tuple[str, str]) -> Iterator[Store]:
    primary, replica = primary_and_replica
    eng = sa.create_engine(primary.replace("postgresql://", "postgresql+psycopg://") + "/postgres",
                           isolation_level="AUTOCOMMIT")
    with eng.connect() as conn:
        conn.execute(sa.text('CREATE DATABASE "pw"'))
    eng.dispose()
    s = Store(f"{primary}/pw", replica_url=f"{replica}/pw")

    def setup() -> None:  # in a context of its own: its writes must not steer the tests' reads
        load_embedded(s)
        add_users(s)

    contextvars.Context().run(setup)
    _caught_up(s)
    yield s
    s.dispose()


def _client(store: Store, user: str) -> TestClient:
    app = create_app(WebSettings(db=store.url, db_replica=store.replica_url, secret_key="k"),
                     store=store)
    c = TestClient(app)
    login(c, user)
    return c


class Counter:
    def __init__(self, engine: sa.engine.Engine) -> None:
        self.engine, self.n = engine, 0

    def __enter__(self) -> Counter:
        sa.event.listen(self.engine, "before_cursor_execute", self.hook)
        return self

    def hook(self, *args: Any) -> None:
        self.n += 1

    def __exit__(self, *args: Any) -> None:
        sa.event.remove(self.engine, "before_cursor_execute", self.hook)


def test_pages_read_from_the_replica_only(store: Store) -> None:
    c = _client(store, "viewer1")
    for path in ("/", "/plans/jinhua-industry-14", "/plans/jinhua-industry-14.json"):
        with Counter(store.engine) as on_primary, Counter(store.read_engine) as on_replica:
            assert c.get(path).status_code == 200
        assert on_primary.n == 0, path
        assert on_replica.n > 0, path
    # the replica really is a read-only standby: a write there is refused
    with store.read_engine.connect() as conn, pytest.raises(sa.exc.DBAPIError):
        conn.exec_driver_sql("CREATE TABLE planwatch_should_fail (x int)")


def test_submitter_reads_own_write_while_the_replica_lags(store: Store) -> None:
    reporter, reviewer = _client(store, "yiwu"), _client(store, "reviewer1")
    open_tasks = [t for t in reporter.get("/report.json").json()["tasks"]
                  if t["state"] in ("due", "overdue")]
    assert open_tasks, "the Jinhua data leaves 义乌 something to report"
    task = open_tasks[0]
    queued_before = reviewer.get("/review.json").json()["total"]
    with store.read_engine.connect() as conn:  # hold the replica back
        conn.exec_driver_sql("SELECT pg_wal_replay_pause()")
        conn.commit()
    try:
        r = reporter.post("/api/submissions", headers={"X-CSRF-Token": csrf_of(reporter)},
                          json={"indicator": task["indicator"], "region": task["region"],
                                "period": task["period"], "value": "1234.5",
                                "source_title": "测试填报（非真实数据）", "explanation": "测试：说明原因"})
        assert r.status_code in (200, 201), r.text
        assert "pw_rw" in reporter.cookies
        # the submitter sees the submission at once (its reads go to the primary) …
        with Counter(store.engine) as on_primary:
            mine = {(t["indicator"], t["region"], t["period"]): t["state"]
                    for t in reporter.get("/report.json").json()["tasks"]}
        assert mine[(task["indicator"], task["region"], task["period"])] == "pending"
        assert on_primary.n > 0
        # … while the reviewer, on the paused replica, does not see it yet
        assert reviewer.get("/review.json").json()["total"] == queued_before
    finally:
        with store.read_engine.connect() as conn:
            conn.exec_driver_sql("SELECT pg_wal_replay_resume()")
            conn.commit()
    _caught_up(store)
    assert reviewer.get("/review.json").json()["total"] == queued_before + 1
    # once the replica has it, the submitter is back on the replica
    with Counter(store.engine) as on_primary:
        assert reporter.get("/report.json").status_code == 200
    assert on_primary.n == 0
    assert "pw_rw" not in reporter.cookies
