"""Opening a database, migrating it, and the transaction every write goes through."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
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


def _make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"timeout": 30})

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
    return sa.create_engine(url, pool_pre_ping=True)


class StoreBase:
    """The database handle. Feature mixins (catalog, observations, review, users) add methods."""

    def __init__(self, url: str | None = None, *, migrate: bool = True) -> None:
        self.url = url or default_url()
        try:
            self.engine = _make_engine(self.url)
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
        """One transaction: everything inside lands whole or not at all."""
        with self.engine.begin() as conn:
            yield conn

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

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
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(
                sa.select(sa.func.max(schema.load.c.id)).scalar_subquery(),
                sa.select(sa.func.max(schema.observation.c.id)).scalar_subquery(),
            )).one()
        return tuple(int(v or 0) for v in row)

    def dispose(self) -> None:
        self.engine.dispose()
