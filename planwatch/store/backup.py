"""Backup and restore of a whole database as a portable JSON-lines file.

The file starts with a header line ``{"planwatch_backup": 2, "revision": …, "tables": […]}``;
then one line per row ``{"t": table, "r": {column: value}}`` in table order (parents first);
then a manifest line ``{"planwatch_manifest": {"counts": {table: rows}, "sha256": …}}`` whose
checksum covers every line before it. A restore reads and verifies the whole file (manifest
present, counts and checksum equal) BEFORE it writes anything, so a dump cut short or edited is
refused and the database is left as it was (issue 18, M-6).
A restore goes into an empty database of either kind (SQLite or PostgreSQL) in one transaction,
so a backup taken on one server restores on a new one and nothing is lost (tested by
round-trip equality of every table).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from pathlib import Path
from typing import IO, Any

import sqlalchemy as sa

from planwatch.errors import StoreError
from planwatch.store import schema
from planwatch.store.core import StoreBase

FORMAT_VERSION = 2


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
        digest = hashlib.sha256()
        tmp = path.with_name(path.name + ".part")
        with self.reading() as conn, _open(tmp, "w", gz=path.suffix == ".gz") as raw:
            def write(line: str) -> None:
                digest.update(line.encode("utf-8"))
                raw.write(line)

            if self.dialect == "postgresql":
                conn.execute(sa.text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
            header = {
                "planwatch_backup": FORMAT_VERSION,
                "revision": self.revision(),
                "tables": [t.name for t in _tables()],
            }
            write(json.dumps(header, ensure_ascii=False) + "\n")
            for table in _tables():
                n = 0
                pk = list(table.primary_key.columns)
                for row in conn.execute(sa.select(table).order_by(*pk)).mappings():
                    write(json.dumps({"t": table.name, "r": dict(row)}, ensure_ascii=False) + "\n")
                    n += 1
                counts[table.name] = n
            manifest = {"planwatch_manifest": {"counts": counts, "sha256": digest.hexdigest()}}
            raw.write(json.dumps(manifest, ensure_ascii=False) + "\n")
        os.chmod(tmp, 0o600)  # a backup holds every account's password hash
        tmp.replace(path)  # the backup file appears only when complete
        return counts

    def restore(self, path: Path) -> dict[str, int]:
        """Load a backup into this (empty, migrated) database in one transaction."""
        records = _verified(path)
        lines = iter(records)
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


def _verified(path: Path) -> list[dict[str, Any]]:
    """Every record of a backup, after checking its manifest: present as the last line, the
    checksum of all lines before it, and the row count of every table. Raises StoreError naming
    what is wrong; nothing has been written at that point."""
    digest = hashlib.sha256()
    records: list[dict[str, Any]] = []
    manifest: dict[str, Any] | None = None
    try:
        with _open(path, "r") as f:
            for n, line in enumerate(f, 1):
                if manifest is not None and line.strip():
                    raise StoreError(f"备份文件“{path}”第{n}行：清单之后还有内容，文件可能被拼接或修改，"
                                     "恢复已取消，未写入任何数据。")
                try:
                    rec = json.loads(line) if line.strip() else None
                except json.JSONDecodeError as exc:
                    raise StoreError(f"备份文件“{path}”第{n}行损坏：{exc.msg}。文件可能不完整，"
                                     "恢复已取消，未写入任何数据。") from exc
                if isinstance(rec, dict) and "planwatch_manifest" in rec:
                    manifest = rec["planwatch_manifest"]
                    continue
                digest.update(line.encode("utf-8"))
                if rec is not None:
                    records.append(rec)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise StoreError(f"无法完整读取备份文件“{path}”（{exc}），文件可能不完整，恢复已取消，"
                         "未写入任何数据。") from exc
    if records and records[0].get("planwatch_backup") not in (None, FORMAT_VERSION):
        raise StoreError(f"备份文件“{path}”的格式版本为 {records[0].get('planwatch_backup')}，"
                         f"本版本只能恢复格式 {FORMAT_VERSION}（带校验清单）的备份。请用当前版本重新备份。")
    if manifest is None:
        raise StoreError(f"备份文件“{path}”末尾没有校验清单，文件不完整（可能在复制或备份时被截断），"
                         "恢复已取消，未写入任何数据。请使用完整的备份文件。")
    if digest.hexdigest() != manifest.get("sha256"):
        raise StoreError(f"备份文件“{path}”的校验和与清单不符，文件已损坏或被修改，恢复已取消，未写入任何数据。")
    counts: dict[str, int] = {}
    for rec in records[1:]:
        counts[rec.get("t", "")] = counts.get(rec.get("t", ""), 0) + 1
    expected = {k: v for k, v in (manifest.get("counts") or {}).items() if v}
    if counts != expected:
        diff = "、".join(f"{t}（清单 {expected.get(t, 0)} 行，文件 {counts.get(t, 0)} 行）"
                        for t in sorted(set(counts) | set(expected)) if counts.get(t) != expected.get(t))
        raise StoreError(f"备份文件“{path}”的行数与清单不符：{diff}。恢复已取消，未写入任何数据。")
    return records


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
