"""Reports and workbooks generated from the web: a row per file, written while it is built
(state, progress, current step) and holding the finished file, so that every web worker can
answer the page that polls it and the file survives restarts. Requests are audited."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from planwatch.errors import NotFound
from planwatch.store import schema
from planwatch.store.core import StoreBase, now

INT_MAX = 2**31 - 1


@dataclass(frozen=True)
class GeneratedFile:
    id: int
    plan: str
    kind: str
    fmt: str
    as_of: str
    state: str  # queued, running, done, failed
    progress: int
    step: str | None
    message: str | None
    filename: str | None
    size: int | None
    created_by: str
    created_at: str
    finished_at: str | None


_META = [c for c in schema.generated_file.c if c.name != "content"]


def _of(row: Any) -> GeneratedFile:
    return GeneratedFile(**{c.name: row[c.name] for c in _META})


class GeneratedMixin(StoreBase):
    def add_generated(self, *, plan: str, kind: str, fmt: str, as_of: str, actor: str) -> int:
        t = schema.generated_file
        with self.transaction() as conn:
            pk = conn.execute(t.insert().values(
                plan=plan, kind=kind, fmt=fmt, as_of=as_of, state="queued", progress=0,
                step="排队等候", created_by=actor, created_at=now())).inserted_primary_key
            assert pk is not None
            new_id = int(pk[0])
            self.audit(conn, actor=actor, action="generate", entity="generated_file",
                       entity_id=str(new_id), after={"plan": plan, "kind": kind, "fmt": fmt,
                                                     "as_of": as_of})
        return new_id

    def update_generated(self, file_id: int, **values: Any) -> None:
        """state / progress / step / message; ``content`` (bytes) finishes the file."""
        t = schema.generated_file
        if "content" in values:
            data: bytes = values.pop("content")
            values["content"] = base64.b64encode(data).decode("ascii")
            values["size"] = len(data)
        if values.get("state") in ("done", "failed"):
            values["finished_at"] = now()
        with self.transaction() as conn:
            conn.execute(t.update().where(t.c.id == file_id).values(**values))

    def generated(self, file_id: int) -> GeneratedFile:
        if not 0 < file_id <= INT_MAX:
            raise NotFound(f"生成文件#{file_id}不存在")
        t = schema.generated_file
        with self.reading() as conn:
            row = conn.execute(sa.select(*_META).where(t.c.id == file_id)).mappings().first()
        if row is None:
            raise NotFound(f"生成文件#{file_id}不存在")
        return _of(row)

    def generated_files(self, plan: str, *, limit: int = 100) -> list[GeneratedFile]:
        """A plan's generated files, newest first (without their content)."""
        t = schema.generated_file
        with self.reading() as conn:
            rows = conn.execute(sa.select(*_META).where(t.c.plan == plan)
                                .order_by(t.c.id.desc()).limit(limit)).mappings()
            return [_of(r) for r in rows]

    def generated_content(self, file_id: int) -> bytes:
        t = schema.generated_file
        self.generated(file_id)
        with self.reading() as conn:
            text = conn.execute(sa.select(t.c.content).where(t.c.id == file_id)).scalar_one()
        if not text:
            raise NotFound(f"生成文件#{file_id}尚未完成，不能下载")
        return base64.b64decode(text)
