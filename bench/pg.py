"""A scratch PostgreSQL server on loopback for the scale benchmarks (removed afterwards).

``PLANWATCH_BENCH_PG_URL`` (a server URL without a database name, e.g.
``postgresql://postgres@127.0.0.1:5432``) uses an existing server instead; a fresh database is
created on it either way. Needs the PostgreSQL 15 binaries that scripts/setup.sh installs."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def available() -> str | None:
    """None when a server can be had, else why not (in Chinese, for the skip note)."""
    if os.environ.get("PLANWATCH_BENCH_PG_URL") or (PG_BIN / "initdb").exists():
        return None
    return f"未找到 PostgreSQL 15（{PG_BIN}）：请先运行 scripts/setup.sh，或设置 PLANWATCH_BENCH_PG_URL"


@contextmanager
def server() -> Iterator[str]:
    """A server URL (no database name)."""
    if os.environ.get("PLANWATCH_BENCH_PG_URL"):
        yield os.environ["PLANWATCH_BENCH_PG_URL"].rstrip("/")
        return
    base = Path(tempfile.mkdtemp(prefix="planwatch-bench-pg-"))
    port = _free_port()
    as_pg: list[str] = []
    if os.geteuid() == 0:  # initdb refuses root
        shutil.chown(base, "postgres", "postgres")
        as_pg = ["runuser", "-u", "postgres", "--"]
    data = base / "data"
    subprocess.run([*as_pg, str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "-A",
                    "trust", "-E", "UTF8", "--locale=C.UTF-8"], check=True, capture_output=True)
    subprocess.run([*as_pg, str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(base / "log"),
                    "-w", "-o", f"-c listen_addresses=127.0.0.1 -p {port} -k {base} "
                    "-c fsync=off -c synchronous_commit=off -c shared_buffers=256MB "
                    "-c max_wal_size=2GB", "start"], check=True, capture_output=True)
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run([*as_pg, str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate",
                        "stop"], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def new_database(server_url: str) -> str:
    name = f"bench_{uuid.uuid4().hex[:10]}"
    eng = sa.create_engine(server_url.replace("postgresql://", "postgresql+psycopg://")
                           + "/postgres", isolation_level="AUTOCOMMIT")
    with eng.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    eng.dispose()
    return f"{server_url}/{name}"
