"""Units (单位: departments and other bodies) and responsibilities (责任分解).

A unit has an id, a name, an optional region and contacts; a responsibility names, per indicator
(and per county for decomposed indicators), the lead unit, the co-units, the reporting frequency,
the deadline and a grace window. Every change is audited with its before and after.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from planwatch import model as m
from planwatch.errors import NotFound
from planwatch.store import rows, schema
from planwatch.store.core import StoreBase, now


def _department_record(d: m.Department) -> dict[str, Any]:
    return {"id": d.id, "name": d.name, "region": d.region, "aliases": rows._dump(d.aliases),
            "contacts": rows.contacts_dump(d.contacts), "note": d.note}


def _public(values: dict[str, Any]) -> dict[str, Any]:
    """A record as the audit log shows it (JSON lists decoded)."""
    import json

    out = dict(values)
    for k in ("aliases", "contacts", "co_units"):
        if isinstance(out.get(k), str):
            out[k] = json.loads(out[k])
    return out


class UnitsMixin(StoreBase):
    # -- units -----------------------------------------------------------------------------------
    def department(self, department_id: str) -> m.Department:
        t = schema.department
        with self.reading() as conn:
            row = conn.execute(sa.select(t).where(t.c.id == department_id)).mappings().first()
        if row is None:
            raise NotFound(f"单位“{department_id}”不存在。")
        return rows.department_of(row)

    def save_departments(self, items: Iterable[m.Department], *, actor: str,
                         conn: Connection | None = None) -> dict[str, int]:
        """Insert or update units (one transaction, each change audited); returns counts."""
        if conn is None:
            with self.transaction() as c:
                return self.save_departments(items, actor=actor, conn=c)
        t = schema.department
        counts = {"inserted": 0, "updated": 0, "unchanged": 0}
        for d in items:
            values = _department_record(d)
            old = conn.execute(sa.select(t).where(t.c.id == d.id)).mappings().first()
            if old is None:
                conn.execute(t.insert().values(**values))
                self.audit(conn, actor=actor, action="create", entity="department", entity_id=d.id,
                           after=_public(values))
                counts["inserted"] += 1
                continue
            before = {k: old[k] for k in values}
            if before == values:
                counts["unchanged"] += 1
                continue
            conn.execute(t.update().where(t.c.id == d.id).values(**values))
            changed = [k for k in values if values[k] != before[k]]
            self.audit(conn, actor=actor, action="update", entity="department", entity_id=d.id,
                       before=_public({k: before[k] for k in changed}),
                       after=_public({k: values[k] for k in changed}))
            counts["updated"] += 1
        return counts

    # -- responsibilities -----------------------------------------------------------------------
    def responsibilities(self, *, indicator: str | None = None, unit: str | None = None,
                         plan: str | None = None) -> list[m.Responsibility]:
        """Responsibilities, filtered by indicator, by unit (lead or co-unit) or by plan."""
        t = schema.responsibility
        q = sa.select(t)
        if indicator:
            q = q.where(t.c.indicator == indicator)
        if plan:
            q = q.where(t.c.indicator.in_(
                sa.select(schema.indicator.c.id).where(schema.indicator.c.plan == plan)))
        with self.reading() as conn:
            res = [rows.responsibility_of(r)
                   for r in conn.execute(q.order_by(t.c.indicator, t.c.region)).mappings()]
        if unit:
            res = [r for r in res if r.lead == unit or unit in r.co_units]
        return res

    def save_responsibilities(self, items: Iterable[m.Responsibility], *, actor: str,
                              departments: Iterable[m.Department] = (),
                              comment: str | None = None) -> dict[str, int]:
        """Insert or update responsibilities keyed by (indicator, region), together with any new
        or changed units, in one transaction; every change audited. Returns counts."""
        t = schema.responsibility
        counts = {"inserted": 0, "updated": 0, "unchanged": 0}
        with self.transaction() as conn:
            unit_counts = self.save_departments(departments, actor=actor, conn=conn)
            counts["units_inserted"] = unit_counts["inserted"]
            counts["units_updated"] = unit_counts["updated"]
            for r in items:
                values = rows.responsibility_values(r)
                key = sa.and_(t.c.indicator == r.indicator, t.c.region == (r.region or ""))
                old = conn.execute(sa.select(t).where(key)).mappings().first()
                entity_id = f"{r.indicator}@{r.region}" if r.region else r.indicator
                stamp = {"updated_at": now(), "updated_by": actor}
                if old is None:
                    conn.execute(t.insert().values(**values, **stamp))
                    self.audit(conn, actor=actor, action="create", entity="responsibility",
                               entity_id=entity_id, after=_public(values), comment=comment)
                    counts["inserted"] += 1
                    continue
                before = {k: old[k] for k in values}
                if before == values:
                    counts["unchanged"] += 1
                    continue
                conn.execute(t.update().where(key).values(**values, **stamp))
                changed = [k for k in values if values[k] != before[k]]
                self.audit(conn, actor=actor, action="update", entity="responsibility",
                           entity_id=entity_id, before=_public({k: before[k] for k in changed}),
                           after=_public({k: values[k] for k in changed}), comment=comment)
                counts["updated"] += 1
        return counts

    def delete_responsibility(self, indicator: str, region: str | None, *, actor: str) -> None:
        t = schema.responsibility
        key = sa.and_(t.c.indicator == indicator, t.c.region == (region or ""))
        with self.transaction() as conn:
            old = conn.execute(sa.select(t).where(key)).mappings().first()
            if old is None:
                raise NotFound(f"指标“{indicator}”没有登记责任分解。")
            conn.execute(t.delete().where(key))
            entity_id = f"{indicator}@{region}" if region else indicator
            self.audit(conn, actor=actor, action="delete", entity="responsibility",
                       entity_id=entity_id,
                       before=_public(dict(rows.responsibility_values(rows.responsibility_of(old)))))
