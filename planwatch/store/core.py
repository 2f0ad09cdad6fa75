"""Opening a database, migrating it, and the transaction every write goes through."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from platformdirs import user_data_dir
from sqlalchemy.engine import Connection, Engine

from planwatch.errors import StoreError
from planwatch.store import schema

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"


def default_url() -> str:
    """``PLANWATCH_DB`` if set, else a SQLite file in the user's data directory."""
    env = os.environ.get("PLANWATCH_DB")
    if env:
        return env
    folder = Path(user_data_dir("planwatch", appauthor=False))
    return f"sqlite:///{folder / 'planwatch.db'}"


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


#: from this many rows on, PostgreSQL bulk inserts use COPY (several times faster)
COPY_FROM = 2000


def insert_rows(conn: Connection, table: sa.Table, items: list[dict[str, Any]]) -> None:
    """Insert many rows (all with the same keys) inside the caller's transaction: COPY on
    PostgreSQL for large batches, a multi-row insert otherwise."""
    if not items:
        return
    if len(items) < COPY_FROM:
        conn.execute(table.insert(), items)
        return
    cols = list(items[0])
    fixed = {c.name: getattr(c.default, "arg", None) for c in table.columns
             if c.name not in cols and c.default is not None
             and not callable(getattr(c.default, "arg", None))}
    names = cols + list(fixed)
    extra = tuple(fixed.values())
    quoted = ", ".join(f'"{n}"' for n in names)
    if conn.dialect.name != "postgresql":  # the driver's executemany, without per-row compiling
        marks = ", ".join("?" for _ in names)
        sql = f"INSERT INTO {table.name} ({quoted}) VALUES ({marks})"
        conn.exec_driver_sql(sql, [tuple(row[c] for c in cols) + extra for row in items])
        return
    sql = f"COPY {table.name} ({quoted}) FROM STDIN"
    cur = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        with cur.copy(sql) as copy:
            for row in items:
                copy.write_row(tuple(row[c] for c in cols) + extra)
    finally:
        cur.close()


def _alembic_config() -> Config:
    from alembic.config import Config  # imported only when migrating (saves ~1 s per command)

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def _private_file(path: Path) -> None:
    """Create a new SQLite file readable by its owner only (0600, SQLite gives its -wal and -shm
    files the same mode) in a folder created 0700; an existing file is left as it is."""
    if not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass
    except OSError:
        pass  # not creatable here: SQLite reports it with its own message when opening


def _make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:" and not path.startswith("file:"):  # file: URIs are opened as given
            _private_file(Path(path.split("?", 1)[0]))
        # hide_parameters: an error message never carries the values written (a password hash)
        engine = sa.create_engine(url, connect_args={"timeout": 30}, hide_parameters=True)

        @sa.event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            if path and path != ":memory:":
                cur.execute("PRAGMA journal_mode=WAL")  # readers never wait for an import
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return sa.create_engine(url, pool_pre_ping=True, hide_parameters=True)


#: set while a request must read from the primary (read-your-writes, see ``Store.primary_reads``)
_PRIMARY_READS: ContextVar[bool] = ContextVar("planwatch_primary_reads", default=False)


class StoreBase:
    """The database handle. Feature mixins (catalog, observations, review, users) add methods.

    ``replica_url`` (or ``PLANWATCH_DB_REPLICA`` when the URL also comes from the environment)
    names a PostgreSQL streaming replica: reads (:meth:`reading`) go there, writes
    (:meth:`transaction`) to the primary; inside :meth:`primary_reads` reads go to the primary
    too (a user who just wrote sees the write before the replica has replayed it)."""

    def __init__(self, url: str | None = None, *, migrate: bool = True,
                 replica_url: str | None = None) -> None:
        if url is None and replica_url is None:
            replica_url = os.environ.get("PLANWATCH_DB_REPLICA") or None
        self.url = url or default_url()
        self.replica_url = replica_url
        try:
            self.engine = _make_engine(self.url)
            self.read_engine = _make_engine(replica_url) if replica_url else self.engine
        except (sa.exc.ArgumentError, ImportError) as exc:
            raise StoreError(f"无法打开数据库“{self.url}”：{exc}") from exc
        if migrate and self.revision() != self.head_revision():
            self.upgrade()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def upgrade(self) -> str | None:
        """Apply pending migrations; returns the revision now in force."""
        from alembic import command

        cfg = _alembic_config()
        try:
            with self.engine.begin() as conn:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        except sa.exc.OperationalError as exc:
            raise StoreError(f"无法连接或升级数据库“{self.url}”：{exc.orig}") from exc
        return self.revision()

    def revision(self) -> str | None:
        """The migration revision the database is at (None for an empty database)."""
        try:
            with self.engine.connect() as conn:
                if not sa.inspect(conn).has_table("alembic_version"):
                    return None
                return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
        except sa.exc.OperationalError as exc:
            raise StoreError(f"无法连接数据库“{self.url}”：{exc.orig}") from exc

    @staticmethod
    def head_revision() -> str | None:
        """The newest migration, read from the migration files without importing Alembic."""
        revs, downs = set(), set()
        for f in (MIGRATIONS / "versions").glob("*.py"):
            text = f.read_text(encoding="utf-8")
            if m := re.search(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", text, re.M):
                revs.add(m[1])
            if m := re.search(r"^down_revision\s*=\s*['\"]([^'\"]+)['\"]", text, re.M):
                downs.add(m[1])
        heads = revs - downs
        return heads.pop() if len(heads) == 1 else None

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One transaction: everything inside lands whole or not at all. With a replica, the
        rest of this context (the request, the command) then reads from the primary, so that
        it sees what it has just written."""
        with self.engine.begin() as conn:
            yield conn
        if self.has_replica:
            _PRIMARY_READS.set(True)

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection for reading: the replica if there is one (and this context has not
        asked for the primary), else the primary."""
        engine = self.engine if _PRIMARY_READS.get() else self.read_engine
        with engine.connect() as conn:
            yield conn

    @property
    def has_replica(self) -> bool:
        return self.read_engine is not self.engine

    @contextmanager
    def primary_reads(self) -> Iterator[None]:
        """Reads inside this block (this thread or task and what it starts) go to the primary."""
        token = _PRIMARY_READS.set(True)
        try:
            yield
        finally:
            _PRIMARY_READS.reset(token)

    def write_position(self) -> str | None:
        """Where the primary's write-ahead log is now (PostgreSQL with a replica; else None):
        once the replica has replayed this far it holds every write made so far."""
        if not self.has_replica:
            return None
        with self.engine.connect() as conn:
            return str(conn.exec_driver_sql("SELECT pg_current_wal_lsn()::text").scalar())

    def replica_has(self, position: str) -> bool:
        """Has the replica replayed the primary's log up to ``position``?"""
        if not self.has_replica:
            return True
        try:
            with self.read_engine.connect() as conn:
                return bool(conn.exec_driver_sql(
                    "SELECT coalesce(pg_last_wal_replay_lsn() >= %(p)s::pg_lsn, true)",
                    {"p": position}).scalar())
        except sa.exc.DBAPIError:  # a malformed position (it comes from a cookie): primary
            return False

    def audit(
        self,
        conn: Connection,
        *,
        actor: str,
        action: str,
        entity: str,
        entity_id: str,
        before: Any = None,
        after: Any = None,
        comment: str | None = None,
    ) -> None:
        """Append to the audit log (never updated or deleted)."""
        conn.execute(
            schema.audit_log.insert().values(
                at=now(),
                actor=actor,
                action=action,
                entity=entity,
                entity_id=entity_id,
                before=None if before is None else dumps(before),
                after=None if after is None else dumps(after),
                comment=comment,
            )
        )

    def bulk_insert(self, table: str, items: list[dict[str, Any]]) -> int:
        """Append many rows to one table in one transaction (generated fixtures, restores):
        no per-row checks and no audit entries; the caller vouches for the rows."""
        with self.transaction() as conn:
            insert_rows(conn, schema.metadata.tables[table], items)
        return len(items)

    def data_stamp(self) -> tuple[int, ...]:
        """The newest load and observation ids: changes whenever what evaluations read changes
        (plans, indicators, targets and findings are written only by loads, observations also
        by accepted reviews), but not when values are merely queued for review."""
        with self.reading() as conn:  # from where the data is read, so a stamp never runs ahead
            row = conn.execute(sa.select(
                sa.select(sa.func.max(schema.load.c.id)).scalar_subquery(),
                sa.select(sa.func.max(schema.observation.c.id)).scalar_subquery(),
            )).one()
        return tuple(int(v or 0) for v in row)

    def dispose(self) -> None:
        self.engine.dispose()
        self.read_engine.dispose()
