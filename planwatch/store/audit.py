"""Reading the audit log (append-only; written by ``StoreBase.audit`` inside each change)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from planwatch.store import schema
from planwatch.store.core import StoreBase


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str
    actor: str
    action: str
    entity: str
    entity_id: str
    before: Any
    after: Any
    comment: str | None


class AuditMixin(StoreBase):
    def audit_entries(
        self,
        *,
        entity: str | None = None,
        entity_id: str | None = None,
        actor: str | None = None,
        limit: int = 100,
        offset: int = 0,
        action: str | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> tuple[list[AuditEntry], int]:
        """Newest first, with the total count for paging. ``since``/``until``: ISO timestamps
        (UTC) bounding ``at`` (``since`` inclusive, ``until`` exclusive)."""
        t = schema.audit_log
        conds = []
        if action:
            conds.append(t.c.action == action)
        if since:
            conds.append(t.c.at >= since)
        if until:
            conds.append(t.c.at < until)
        if entity:
            conds.append(t.c.entity == entity)
        if entity_id:
            conds.append(t.c.entity_id == entity_id)
        if actor:
            conds.append(t.c.actor == actor)
        where = sa.and_(sa.true(), *conds)
        with self.reading() as conn:
            total = conn.execute(sa.select(sa.func.count()).select_from(t).where(where)).scalar_one()
            res = conn.execute(
                sa.select(t).where(where).order_by(t.c.id.desc()).limit(limit).offset(offset)
            ).mappings()
            entries = [
                AuditEntry(
                    id=int(r["id"]), at=r["at"], actor=r["actor"], action=r["action"],
                    entity=r["entity"], entity_id=r["entity_id"],
                    before=json.loads(r["before"]) if r["before"] else None,
                    after=json.loads(r["after"]) if r["after"] else None,
                    comment=r["comment"],
                )
                for r in res
            ]
        return entries, int(total)

    def record_event(self, *, actor: str, action: str, entity: str, entity_id: str,
                     after: Any = None, comment: str | None = None) -> None:
        """Append one entry for something done outside the database (an e-mail sent)."""
        with self.transaction() as conn:
            self.audit(conn, actor=actor, action=action, entity=entity, entity_id=entity_id,
                       after=after, comment=comment)
