"""Backup and restore of a whole database as a portable JSON-lines file.

The file starts with a header line ``{"planwatch_backup": 1, "revision": …, "tables": […]}``;
then one line per row ``{"t": table, "r": {column: value}}`` in table order (parents first).
A restore goes into an empty database of either kind (SQLite or PostgreSQL) in one transaction,
so a backup taken on one server restores on a new one and nothing is lost (tested by
round-trip equality of every table).
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import sqlalchemy as sa

from planwatch.errors import StoreError
from planwatch.store import schema
from planwatch.store.core import StoreBase

FORMAT_VERSION = 1


def _tables() -> list[sa.Table]:
    return list(schema.metadata.sorted_tables)


def _open(path: Path, mode: str, *, gz: bool | None = None) -> IO[str]:
    if path.suffix == ".gz" if gz is None else gz:
        return gzip.open(path, mode + "t", encoding="utf-8")  # type: ignore[return-value]
    return path.open(mode, encoding="utf-8")


class BackupMixin(StoreBase):
    def dump(self, path: Path) -> dict[str, int]:
        """Write every table to ``path`` (``.jsonl`` or ``.jsonl.gz``); returns row counts.

        Runs in one read transaction (a consistent snapshot on PostgreSQL; SQLite WAL readers
        see the last committed state)."""
        counts: dict[str, int] = {}
        tmp = path.with_name(path.name + ".part")
        with self.reading() as conn, _open(tmp, "w", gz=path.suffix == ".gz") as out:
            if self.dialect == "postgresql":
                conn.execute(sa.text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
            header = {
                "planwatch_backup": FORMAT_VERSION,
                "revision": self.revision(),
                "tables": [t.name for t in _tables()],
            }
            out.write(json.dumps(header, ensure_ascii=False) + "\n")
            for table in _tables():
                n = 0
                pk = list(table.primary_key.columns)
                for row in conn.execute(sa.select(table).order_by(*pk)).mappings():
                    out.write(json.dumps({"t": table.name, "r": dict(row)}, ensure_ascii=False) + "\n")
                    n += 1
                counts[table.name] = n
        tmp.replace(path)  # the backup file appears only when complete
        return counts

    def restore(self, path: Path) -> dict[str, int]:
        """Load a backup into this (empty, migrated) database in one transaction."""
        lines = _read_lines(path)
        header = next(lines, None)
        if not header or header.get("planwatch_backup") != FORMAT_VERSION:
            raise StoreError(f"“{path}”不是 planwatch 备份文件（缺少文件头）")
        if header.get("revision") != self.revision():
            raise StoreError(
                f"备份的数据库结构版本为 {header.get('revision')}，当前数据库为 {self.revision()}；"
                "请先用相同版本的 planwatch 执行 planwatch db upgrade"
            )
        tables = {t.name: t for t in _tables()}
        counts: dict[str, int] = {}
        with self.transaction() as conn:
            for t in tables.values():
                if conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one():
                    raise StoreError(f"目标数据库不是空库（表 {t.name} 已有数据），恢复已取消，未写入任何数据")
            batch: dict[str, list[dict[str, Any]]] = {}
            for rec in lines:
                batch.setdefault(rec["t"], []).append(rec["r"])
            for name, table in tables.items():
                rows = batch.get(name, [])
                if rows:
                    conn.execute(table.insert(), rows)
                counts[name] = len(rows)
            if self.dialect == "postgresql":
                _reset_sequences(conn)
        return counts

    def table_rows(self) -> dict[str, list[dict[str, Any]]]:
        """Every row of every table, ordered by primary key (for comparisons)."""
        out: dict[str, list[dict[str, Any]]] = {}
        with self.reading() as conn:
            for table in _tables():
                pk = list(table.primary_key.columns)
                out[table.name] = [dict(r) for r in conn.execute(sa.select(table).order_by(*pk)).mappings()]
        return out


def _read_lines(path: Path) -> Iterator[dict[str, Any]]:
    try:
        with _open(path, "r") as f:
            for n, line in enumerate(f, 1):
                if line.strip():
                    try:
                        yield json.loads(line)
                    except json.JSONDecodeError as exc:
                        raise StoreError(f"备份文件“{path}”第{n}行损坏：{exc.msg}") from exc
    except OSError as exc:
        raise StoreError(f"无法读取备份文件“{path}”：{exc.strerror}") from exc


def _reset_sequences(conn: sa.Connection) -> None:
    for table in _tables():
        for col in table.primary_key.columns:
            if isinstance(col.type, sa.Integer) and col.autoincrement is not False:
                conn.execute(
                    sa.text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', '{col.name}'), "
                        f"COALESCE((SELECT MAX({col.name}) FROM {table.name}), 0) + 1, false)"
                    )
                )
