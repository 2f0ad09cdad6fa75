"""Shared fixtures: real databases (a SQLite file, and a scratch PostgreSQL server started once
per test session), the embedded dataset, and paths to the seed documents."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from planwatch.store import Store
from tests.live import free_port

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = Path(os.environ["PLANWATCH_SEEDS"]) if os.environ.get("PLANWATCH_SEEDS") else SHARED / "seeds"
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def seed(name: str) -> Path:
    """Path of a seed document by its number prefix, e.g. seed("004")."""
    matches = sorted(SEEDS.glob(f"{name}_*.txt"))
    if not matches:
        pytest.skip(f"seed {name} not found under {SEEDS}")
    return matches[0]



@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A scratch PostgreSQL cluster on loopback, started for this test session and removed
    afterwards. Yields a server URL without a database name."""
    if os.environ.get("PLANWATCH_TEST_PG_URL"):
        yield os.environ["PLANWATCH_TEST_PG_URL"].rstrip("/")
        return
    if not (PG_BIN / "initdb").exists():
        pytest.fail("PostgreSQL 15 is not installed; run scripts/setup.sh")
    base = Path(tempfile.mkdtemp(prefix="planwatch-pg-"))
    port = free_port()
    as_pg: list[str] = []
    if os.geteuid() == 0:  # initdb refuses root
        shutil.chown(base, "postgres", "postgres")
        as_pg = ["runuser", "-u", "postgres", "--"]
    data = base / "data"
    subprocess.run([*as_pg, str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "-A",
                    "trust", "-E", "UTF8", "--locale=C.UTF-8"], check=True, capture_output=True)
    subprocess.run([*as_pg, str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(base / "log"),
                    "-w", "-o", f"-c listen_addresses=127.0.0.1 -p {port} -k {base} "
                    "-c fsync=off -c max_connections=300", "start"], check=True, capture_output=True)
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run([*as_pg, str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate",
                        "stop"], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def new_pg_database(server: str) -> str:
    name = f"t_{uuid.uuid4().hex[:12]}"
    eng = sa.create_engine(server.replace("postgresql://", "postgresql+psycopg://") + "/postgres",
                           isolation_level="AUTOCOMMIT")
    with eng.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    eng.dispose()
    return f"{server}/{name}"


#: the database kind tests get when they do not ask for both: ``PLANWATCH_TEST_DB=postgresql``
#: runs the whole suite on PostgreSQL (scripts/test.sh does both runs)
TEST_DB = os.environ.get("PLANWATCH_TEST_DB", "sqlite")


def scratch_db(path: Path, request: pytest.FixtureRequest) -> str:
    """A fresh database for one test or module: a SQLite file at ``path``, or a new database on
    the scratch PostgreSQL server when the suite runs with ``PLANWATCH_TEST_DB=postgresql``."""
    if TEST_DB == "postgresql":
        return new_pg_database(request.getfixturevalue("pg_server"))
    return f"sqlite:///{path}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database of each kind."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'planwatch.db'}"
    return new_pg_database(request.getfixturevalue("pg_server"))


@pytest.fixture
def sqlite_url(tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """The default database of a test (SQLite, or PostgreSQL in the PostgreSQL run)."""
    return scratch_db(tmp_path / "planwatch.db", request)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = Store(db_url)
    yield s
    s.dispose()


@pytest.fixture
def app_store(db_url: str) -> Iterator[Store]:
    """A store (SQLite or PostgreSQL) with the embedded data and the test accounts of
    :func:`tests.web_support.add_users`."""
    from planwatch.api.data import load_embedded
    from tests.web_support import add_users

    store = Store(db_url)
    load_embedded(store)
    add_users(store)
    yield store
    store.dispose()
