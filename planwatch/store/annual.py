"""Entered annual targets (年度计划) and province tasks (省下达任务): the ``milestone`` table
written outside a dataset load. Each import is recorded as a load (so evaluations read afresh)
and every insert or change is audited."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from planwatch import model as m
from planwatch.store import rows, schema
from planwatch.store.core import StoreBase, dumps, now


class AnnualMixin(StoreBase):
    def save_milestones(self, items: Iterable[m.Milestone], *, actor: str,
                        dataset: str = "annual-targets", comment: str | None = None) -> dict[str, int]:
        """Insert or update entered milestones keyed by (indicator, region, year) in one
        transaction; returns counts."""
        t = schema.milestone
        counts = {"inserted": 0, "updated": 0, "unchanged": 0}
        with self.transaction() as conn:
            load_key = conn.execute(schema.load.insert().values(
                dataset=dataset, started_at=now(), actor=actor, summary="{}")).inserted_primary_key
            assert load_key is not None
            for ms in items:
                cond = sa.and_(t.c.indicator == ms.indicator, t.c.year == ms.year,
                               (t.c.region == ms.region) if ms.region else t.c.region.is_(None))
                old = conn.execute(sa.select(t).where(cond)).mappings().first()
                values = rows.milestone_values(ms)
                key = f"{ms.indicator}/{ms.year}" + (f"/{ms.region}" if ms.region else "")
                if old is None:
                    conn.execute(t.insert().values(**values))
                    self.audit(conn, actor=actor, action="create", entity="milestone", entity_id=key,
                               after={"value": ms.value, "source": ms.source.title}, comment=comment)
                    counts["inserted"] += 1
                    continue
                before = {k: old[k] for k in values}
                if before == values:
                    counts["unchanged"] += 1
                    continue
                conn.execute(t.update().where(cond).values(**values))
                changed = [k for k in values if values[k] != before[k]]
                self.audit(conn, actor=actor, action="update", entity="milestone", entity_id=key,
                           before={k: before[k] for k in changed},
                           after={k: values[k] for k in changed}, comment=comment)
                counts["updated"] += 1
            conn.execute(schema.load.update().where(schema.load.c.id == load_key[0])
                         .values(summary=dumps(counts)))
        return counts
