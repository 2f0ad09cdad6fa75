"""The audit log is append-only: the database itself (a trigger from migration 0003, on SQLite
and PostgreSQL) refuses to change or remove its rows, and no code in the package tries to."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from planwatch.store import Store

PKG = Path(__file__).resolve().parent.parent / "planwatch"


def _audit_rows(store: Store) -> list[tuple[object, ...]]:
    with store.reading() as conn:
        return [tuple(r) for r in conn.execute(sa.text("select * from audit_log order by id"))]


def test_database_refuses_to_update_or_delete_audit_rows(store: Store):
    store.add_user("auditee", password_hash="x", role="viewer", actor="测试")
    before = _audit_rows(store)
    assert before, "adding a user should have been audited"
    statements = ["update audit_log set actor = 'someone-else'", "delete from audit_log",
                  "update audit_log set comment = 'x' where id = 1"]
    if store.dialect == "postgresql":
        statements.append("truncate audit_log")
    for sql in statements:
        with pytest.raises(sa.exc.DatabaseError, match="append-only"):
            with store.transaction() as conn:
                conn.execute(sa.text(sql))
    assert _audit_rows(store) == before
    store.set_password_hash("auditee", "y", actor="测试")  # appending still works
    assert len(_audit_rows(store)) == len(before) + 1


WRITES = re.compile(
    r"audit_log\s*\.\s*(update|delete)\s*\(|(update|delete\s+from|truncate)\s+(table\s+)?audit_log",
    re.IGNORECASE,
)


def test_no_code_updates_or_deletes_audit_rows():
    offenders = []
    for path in PKG.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if WRITES.search(line):
                offenders.append(f"{path.relative_to(PKG)}:{n}: {line.strip()}")
    assert offenders == []
