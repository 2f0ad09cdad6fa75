"""Loading a :class:`~planwatch.model.Dataset` (one transaction) and reading plans back."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from planwatch import model as m
from planwatch.errors import NotFound
from planwatch.issues import Issue
from planwatch.observation_choice import DEFAULT_ORDER, choose
from planwatch.observation_choice import known_at as known_at_filter
from planwatch.store import rows, schema
from planwatch.store.core import StoreBase, dumps, insert_rows, now

STATUS_PRIORITY = {
    m.DataStatus.ESTIMATED: 0,
    m.DataStatus.PRELIMINARY: 1,
    m.DataStatus.FINAL: 2,
    m.DataStatus.REVISED: 3,
}


@dataclass
class LoadReport:
    dataset: str
    load_id: int
    inserted: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    updated: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    unchanged: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    findings: list[Issue] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(self.inserted.values()) or any(self.updated.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "load_id": self.load_id,
            "inserted": dict(self.inserted),
            "updated": dict(self.updated),
            "unchanged": dict(self.unchanged),
            "findings": len(self.findings),
        }


def current(
    observations: Iterable[m.Observation], order: Sequence[str] = DEFAULT_ORDER
) -> list[m.Observation]:
    """The value in force for each key by the choice order of
    :mod:`planwatch.observation_choice` (status, source authority, precision, recency)."""
    return choose(observations, order)[0]


def _row_key(row: Any) -> tuple[Any, ...]:
    return (row["period"], row["kind"], row["scope"], row["rank_of"])


def _same(row: Any, v: dict[str, Any]) -> bool:
    """The same number from the same source: loading it again changes nothing."""
    return bool(
        row["src_document"] == v["src_document"]
        and row["src_line"] == v["src_line"]
        and row["src_url"] == v["src_url"]
        and row["value"] == v["value"]
        and row["status"] == v["status"]
    )


def _rank(o: m.Observation) -> tuple[int, str, int]:
    return (STATUS_PRIORITY[o.status], o.source.date or "", o.revision)


CHUNK = 500


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterable[list[Any]]:
    for i in range(0, len(items), size):
        yield list(items[i : i + size])


def _existing(conn: Connection, table: sa.Table, ids: Sequence[Any]) -> dict[Any, Any]:
    """The rows of ``table`` with these ids, by id (one query per chunk of ids)."""
    out: dict[Any, Any] = {}
    for chunk in _chunks(sorted(set(ids))):
        for row in conn.execute(sa.select(table).where(table.c.id.in_(chunk))).mappings():
            out[row["id"]] = row
    return out


class CatalogMixin(StoreBase):
    # -- writing ---------------------------------------------------------------------------
    def load_dataset(
        self, ds: m.Dataset, *, findings: Sequence[Issue] = (), actor: str = "system"
    ) -> LoadReport:
        """Write a dataset in one transaction. Loading the same dataset again changes nothing;
        a changed record is updated with its before/after in the audit log; observations are
        never overwritten: a different value becomes a new revision."""
        with self.transaction() as conn:
            inserted = conn.execute(
                schema.load.insert().values(
                    dataset=ds.name, started_at=now(), actor=actor, summary="{}"
                )
            ).inserted_primary_key
            assert inserted is not None
            load_id = inserted[0]
            report = LoadReport(ds.name, int(load_id))
            specs: list[tuple[str, sa.Table, Iterable[Any], Any]] = [
                ("measure_unit", schema.measure_unit, ds.units, rows.measure_unit_values),
                ("region", schema.region, ds.regions, rows.region_values),
                ("department", schema.department, ds.departments, rows.department_values),
                ("document", schema.document, ds.documents, rows.document_values),
                ("statistic", schema.statistic, ds.statistics, rows.statistic_values),
                ("plan", schema.plan, ds.plans, rows.plan_values),
                ("indicator", schema.indicator, ds.indicators, rows.indicator_values),
                ("narrative_target", schema.narrative_target, ds.narrative_targets, rows.narrative_values),
            ]
            for entity, table, items, to_values in specs:
                self._upsert_all(conn, report, entity, table, [to_values(x) for x in items], actor)
            self._replace_children(conn, report, ds, actor)
            self._add_observations(conn, report, ds.observations, actor)
            report.findings = list(findings)
            self._store_findings(conn, report, ds.name)
            conn.execute(
                schema.load.update()
                .where(schema.load.c.id == report.load_id)
                .values(summary=dumps(report.as_dict()))
            )
        if ds.units:
            self.declare_units()
        return report

    def measure_units(self) -> list[m.MeasureUnit]:
        """Units of measure declared by the data folders loaded (units.yaml)."""
        with self.reading() as conn:
            res = conn.execute(sa.select(schema.measure_unit).order_by(schema.measure_unit.c.id))
            return [rows.measure_unit_of(r) for r in res.mappings()]

    def declare_units(self) -> None:
        """Make the declared units known to conversion everywhere in this process."""
        from planwatch import units

        try:
            declared = self.measure_units()
        except sa.exc.DBAPIError:  # a database not yet migrated (db dump of an old file)
            return
        units.declare(units.Unit(u.symbol, u.dimension, u.factor, u.aliases, label=u.label,
                                 dataset=u.dataset) for u in declared)

    def _upsert_all(
        self, conn: Connection, report: LoadReport, entity: str, table: sa.Table,
        values: list[dict[str, Any]], actor: str,
    ) -> None:
        """:meth:`_upsert` for many records: what exists is read in a few set-based queries
        and what is new is inserted in bulk (a province of plans loads in seconds)."""
        old = _existing(conn, table, [v["id"] for v in values])
        new: dict[Any, dict[str, Any]] = {}
        for v in values:
            key = v["id"]
            if key in new:  # the same id twice in one dataset: the later one updates it
                insert_rows(conn, table, list(new.values()))
                new.clear()
                old = _existing(conn, table, [key]) | old
            if key not in old:
                new[key] = v
                report.inserted[entity] += 1
            else:
                self._upsert(conn, report, entity, table, v, actor, old=old[key])
        insert_rows(conn, table, list(new.values()))

    def _upsert(
        self, conn: Connection, report: LoadReport, entity: str, table: sa.Table,
        values: dict[str, Any], actor: str, *, old: Any = None,
    ) -> None:
        key = values["id"]
        if old is None:
            old = conn.execute(sa.select(table).where(table.c.id == key)).mappings().first()
        if old is None:
            conn.execute(table.insert().values(**values))
            report.inserted[entity] += 1
            return
        before = {k: old[k] for k in values}
        if before == values:
            report.unchanged[entity] += 1
            return
        extra = {"version": old["version"] + 1} if "version" in old else {}
        conn.execute(table.update().where(table.c.id == key).values(**values, **extra))
        diff_before = {k: v for k, v in before.items() if values[k] != v}
        diff_after = {k: values[k] for k in diff_before}
        self.audit(
            conn, actor=actor, action="update", entity=entity, entity_id=str(key),
            before=diff_before, after=diff_after, comment=f"dataset {report.dataset}",
        )
        report.updated[entity] += 1

    def _replace_children(
        self, conn: Connection, report: LoadReport, ds: m.Dataset, actor: str
    ) -> None:
        """Decompositions and milestones of the dataset's indicators: keyed, compared, updated
        (what exists is read per chunk of indicators, what is new inserted in bulk)."""
        t = schema.decomposition
        inds = sorted({d.indicator for d in ds.decompositions})
        existing: dict[tuple[Any, ...], dict[str, Any]] = {}
        for chunk in _chunks(inds):
            for row in conn.execute(sa.select(t).where(t.c.indicator.in_(chunk))).mappings():
                existing[(row["indicator"], row["region"], row["year"], row["role"])] = dict(row)
        fresh: list[dict[str, Any]] = []
        for d in ds.decompositions:
            values = rows.decomposition_values(d)
            key = (d.indicator, d.region, d.year, d.role)
            old = existing.get(key)
            if old is None:
                fresh.append(values)
                existing[key] = values
                report.inserted["decomposition"] += 1
            elif {k: old[k] for k in values} != values:
                cond = sa.and_(
                    t.c.indicator == d.indicator, t.c.region == d.region, t.c.year == d.year,
                    t.c.role == d.role,
                )
                insert_rows(conn, t, fresh)
                fresh = []
                conn.execute(t.update().where(cond).values(**values))
                existing[key] = values
                self.audit(
                    conn, actor=actor, action="update", entity="decomposition",
                    entity_id=f"{d.indicator}/{d.region}/{d.year}/{d.role}",
                    before={"value": old["value"]}, after={"value": d.value},
                )
                report.updated["decomposition"] += 1
            else:
                report.unchanged["decomposition"] += 1
        insert_rows(conn, t, fresh)
        for ms in ds.milestones:
            t = schema.milestone
            cond = sa.and_(
                t.c.indicator == ms.indicator, t.c.year == ms.year,
                (t.c.region == ms.region) if ms.region else t.c.region.is_(None),
            )
            mrow = conn.execute(sa.select(t).where(cond)).mappings().first()
            values = rows.milestone_values(ms)
            if mrow is None:
                conn.execute(t.insert().values(**values))
                report.inserted["milestone"] += 1
            elif {k: mrow[k] for k in values} != values:
                conn.execute(t.update().where(cond).values(**values))
                report.updated["milestone"] += 1
            else:
                report.unchanged["milestone"] += 1

    def _add_observations(
        self, conn: Connection, report: LoadReport, items: Sequence[m.Observation], actor: str
    ) -> None:
        """Bulk form of :meth:`_add_observation`: what exists is read per chunk of (statistic,
        region) pairs in one query each, what is new goes in as one bulk insert."""
        t = schema.observation
        groups: dict[tuple[str, str], list[m.Observation]] = defaultdict(list)
        for o in items:
            groups[(o.statistic, o.region)].append(o)
        existing: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
        cols = [t.c.statistic, t.c.region, t.c.period, t.c.kind, t.c.scope, t.c.rank_of,
                t.c.revision, t.c.src_document, t.c.src_line, t.c.src_url, t.c.value, t.c.status]
        for chunk in _chunks(list(groups)):
            q = sa.select(*cols).where(sa.tuple_(t.c.statistic, t.c.region).in_(chunk))
            for row in conn.execute(q).mappings():
                existing[(row["statistic"], row["region"], *_row_key(row))].append(dict(row))
        stamp = now()
        new_rows: list[dict[str, Any]] = []
        for (stat, reg), group in groups.items():
            for o in group:
                v = rows.observation_values(o)
                key = (stat, reg, *_row_key(v))
                same = existing[key]
                if any(_same(row, v) for row in same):
                    report.unchanged["observation"] += 1
                    continue
                v["revision"] = max((r["revision"] for r in same), default=0) + 1
                v.update(recorded_at=stamp, recorded_by=o.recorded_by or actor, load_id=report.load_id)
                same.append(v)
                new_rows.append(v)
        insert_rows(conn, t, new_rows)
        report.inserted["observation"] += len(new_rows)

    def _add_observation(
        self, conn: Connection, report: LoadReport | None, obs: m.Observation, actor: str,
        *, load_id: int | None = None,
    ) -> int | None:
        """Insert ``obs`` as a new revision unless the same value from the same source exists.

        Returns the new row id, or None when nothing was written."""
        t = schema.observation
        v = rows.observation_values(obs)
        cond = sa.and_(
            t.c.statistic == v["statistic"], t.c.region == v["region"], t.c.period == v["period"],
            t.c.kind == v["kind"], t.c.scope == v["scope"], t.c.rank_of == v["rank_of"],
        )
        existing = conn.execute(sa.select(t).where(cond)).mappings().all()
        if any(_same(row, v) for row in existing):
            if report:
                report.unchanged["observation"] += 1
            return None
        v["revision"] = max((r["revision"] for r in existing), default=0) + 1
        pk = conn.execute(
            t.insert().values(
                **v, recorded_at=now(), recorded_by=obs.recorded_by or actor, load_id=load_id
            )
        ).inserted_primary_key
        assert pk is not None
        new_id = pk[0]
        if report:
            report.inserted["observation"] += 1
        return int(new_id)

    def _store_findings(self, conn: Connection, report: LoadReport, dataset: str) -> None:
        conn.execute(schema.finding.delete().where(schema.finding.c.dataset == dataset))
        for f in report.findings:
            conn.execute(
                schema.finding.insert().values(
                    load_id=report.load_id, dataset=dataset, code=f.code,
                    severity=f.severity.value, message=f.message,
                    location=dumps({k: v for k, v in f.location.__dict__.items() if v is not None}),
                    subject=f.location.record,
                )
            )

    # -- reading ---------------------------------------------------------------------------
    def regions(self) -> list[m.Region]:
        with self.reading() as conn:
            res = conn.execute(sa.select(schema.region).order_by(schema.region.c.id)).mappings()
            return [rows.region_of(r) for r in res]

    def departments(self) -> list[m.Department]:
        with self.reading() as conn:
            res = conn.execute(sa.select(schema.department).order_by(schema.department.c.id))
            return [rows.department_of(r) for r in res.mappings()]

    def documents(self) -> list[m.Document]:
        with self.reading() as conn:
            res = conn.execute(sa.select(schema.document).order_by(schema.document.c.id))
            return [rows.document_of(r) for r in res.mappings()]

    def statistics(self) -> list[m.Statistic]:
        with self.reading() as conn:
            res = conn.execute(sa.select(schema.statistic).order_by(schema.statistic.c.id))
            return [rows.statistic_of(r) for r in res.mappings()]

    def plans(self) -> list[m.Plan]:
        with self.reading() as conn:
            res = conn.execute(sa.select(schema.plan).order_by(schema.plan.c.id)).mappings()
            return [rows.plan_of(r) for r in res]

    def plan(self, plan_id: str) -> m.Plan:
        with self.reading() as conn:
            row = conn.execute(
                sa.select(schema.plan).where(schema.plan.c.id == plan_id)
            ).mappings().first()
        if row is None:
            known = "、".join(p.id for p in self.plans()) or "（无）"
            raise NotFound(f"规划“{plan_id}”不存在。已有规划：{known}")
        return rows.plan_of(row)

    def indicators(self, plan_id: str | None = None) -> list[m.Indicator]:
        q = sa.select(schema.indicator)
        if plan_id is not None:
            q = q.where(schema.indicator.c.plan == plan_id)
        with self.reading() as conn:
            res = conn.execute(q.order_by(schema.indicator.c.plan, schema.indicator.c.seq))
            return [rows.indicator_of(r) for r in res.mappings()]

    def indicator(self, indicator_id: str) -> m.Indicator:
        with self.reading() as conn:
            row = conn.execute(
                sa.select(schema.indicator).where(schema.indicator.c.id == indicator_id)
            ).mappings().first()
        if row is None:
            raise NotFound(f"指标“{indicator_id}”不存在")
        return rows.indicator_of(row)

    def decompositions(self, indicator_id: str | None = None) -> list[m.Decomposition]:
        t = schema.decomposition
        q = sa.select(t).order_by(t.c.indicator, t.c.role, t.c.year, t.c.id)
        if indicator_id is not None:
            q = q.where(t.c.indicator == indicator_id)
        with self.reading() as conn:
            return [rows.decomposition_of(r) for r in conn.execute(q).mappings()]

    def milestones(self, indicator_id: str) -> list[m.Milestone]:
        t = schema.milestone
        q = sa.select(t).where(t.c.indicator == indicator_id).order_by(t.c.year)
        with self.reading() as conn:
            return [rows.milestone_of(r) for r in conn.execute(q).mappings()]

    def narrative_targets(self, plan_id: str | None = None) -> list[m.NarrativeTarget]:
        t = schema.narrative_target
        q = sa.select(t).order_by(t.c.plan, t.c.id)
        if plan_id is not None:
            q = q.where(t.c.plan == plan_id)
        with self.reading() as conn:
            return [rows.narrative_of(r) for r in conn.execute(q).mappings()]

    def observations(
        self,
        statistic: str | None = None,
        region: str | None = None,
        *,
        as_of: str | None = None,
        all_revisions: bool = False,
    ) -> list[m.Observation]:
        """Observations of a statistic in a region, periods ending on or before ``as_of``
        (ISO date). By default only the value in force for each key (see :func:`current`)."""
        t = schema.observation
        q = sa.select(t)
        if statistic is not None:
            q = q.where(t.c.statistic == statistic)
        if region is not None:
            q = q.where(t.c.region == region)
        if as_of is not None:
            q = q.where(t.c.period_end <= as_of)
        with self.reading() as conn:
            obs = [rows.observation_of(r) for r in conn.execute(q.order_by(t.c.id)).mappings()]
        return obs if all_revisions else current(obs)

    def observation_versions(
        self,
        statistic: str,
        region: str,
        *,
        as_of: str | None = None,
        known_at: dt.date | None = None,
        order: Sequence[str] = DEFAULT_ORDER,
    ) -> tuple[list[m.Observation], list[m.Observation], int]:
        """(values in force, values set aside by the choice order, undated values left out).

        ``known_at``: only what had been published by that date (first releases, not later
        revisions; docs/evaluation.md 6); undated values are left out and counted."""
        obs = self.observations(statistic, region, as_of=as_of, all_revisions=True)
        undated = 0
        if known_at is not None:
            obs, undated = known_at_filter(obs, known_at)
        chosen, aside = choose(obs, order)
        return chosen, aside, undated

    def findings(self, dataset: str | None = None) -> list[Issue]:
        from planwatch.issues import Location, Severity

        t = schema.finding
        q = sa.select(t).order_by(t.c.id)
        if dataset is not None:
            q = q.where(t.c.dataset == dataset)
        with self.reading() as conn:
            out = []
            for r in conn.execute(q).mappings():
                loc = json.loads(r["location"])
                out.append(Issue(r["code"], Severity(r["severity"]), r["message"], Location(**loc)))
            return out

    def observed_statistics(
        self, regions: Iterable[str], kinds: Iterable[m.ObservationKind] | None = None
    ) -> set[str]:
        """The statistics with at least one observation (of ``kinds``) in these regions: one
        DISTINCT query per thousand regions, not every observation read into memory."""
        t = schema.observation
        out: set[str] = set()
        with self.reading() as conn:
            for chunk in _chunks(sorted(set(regions)), 1000):
                q = sa.select(t.c.statistic).distinct().where(t.c.region.in_(chunk))
                if kinds is not None:
                    q = q.where(t.c.kind.in_(sorted(k.value for k in kinds)))
                out |= {str(x) for x in conn.execute(q).scalars()}
        return out

    def indicators_by_id(self, ids: Iterable[str]) -> dict[str, m.Indicator]:
        """These indicators by id (one query per thousand ids; unknown ids are left out)."""
        t = schema.indicator
        out: dict[str, m.Indicator] = {}
        with self.reading() as conn:
            for chunk in _chunks(sorted(set(ids)), 1000):
                for r in conn.execute(sa.select(t).where(t.c.id.in_(chunk))).mappings():
                    out[r["id"]] = rows.indicator_of(r)
        return out

    def indicator_counts(self) -> dict[str, int]:
        """Number of indicators of each plan (one grouped query)."""
        t = schema.indicator
        with self.reading() as conn:
            res = conn.execute(sa.select(t.c.plan, sa.func.count()).group_by(t.c.plan))
            return {str(p): int(n) for p, n in res}

    # -- set-based reading for batch evaluation ---------------------------------------------
    def plan_indicators(self, plan_ids: Sequence[str] | None = None) -> list[m.Indicator]:
        """The indicators of these plans (all plans when None), by plan and number: one query
        per thousand plans."""
        t = schema.indicator
        q = sa.select(t).order_by(t.c.plan, t.c.seq)
        if plan_ids is None:
            with self.reading() as conn:
                return [rows.indicator_of(r) for r in conn.execute(q).mappings()]
        out: list[m.Indicator] = []
        with self.reading() as conn:
            for chunk in _chunks(sorted(set(plan_ids)), 1000):
                out += [rows.indicator_of(r)
                        for r in conn.execute(q.where(t.c.plan.in_(chunk))).mappings()]
        out.sort(key=lambda i: (i.plan, i.seq))
        return out

    def plan_milestones(self, plan_ids: Sequence[str] | None = None) -> dict[str, list[m.Milestone]]:
        """The milestones of the indicators of these plans, by indicator id, each list by year."""
        t, ind = schema.milestone, schema.indicator
        q = (sa.select(t).join(ind, ind.c.id == t.c.indicator)
             .order_by(t.c.indicator, t.c.year))
        out: dict[str, list[m.Milestone]] = defaultdict(list)
        chunks = [None] if plan_ids is None else list(_chunks(sorted(set(plan_ids)), 1000))
        with self.reading() as conn:
            for chunk in chunks:
                qq = q if chunk is None else q.where(ind.c.plan.in_(chunk))
                for r in conn.execute(qq).mappings():
                    out[r["indicator"]].append(rows.milestone_of(r))
        return dict(out)

    def series_values(
        self, pairs: Iterable[tuple[str, str]], *, as_of: str | None = None,
        kinds: Iterable[m.ObservationKind] | None = None, all_revisions: bool = False,
    ) -> dict[tuple[str, str], list[m.Observation]]:
        """The values in force (see :func:`current`) of many (statistic, region) series at once,
        periods ending on or before ``as_of``, only observations of ``kinds`` if given: one
        query per thousand statistics × thousand regions, whatever the number of series."""
        wanted = set(pairs)
        if not wanted:
            return {}
        t = schema.observation
        stats = sorted({s for s, _ in wanted})
        regions = sorted({r for _, r in wanted})
        found: dict[tuple[str, str], list[m.Observation]] = defaultdict(list)
        with self.reading() as conn:
            for sc in _chunks(stats, 1000):
                for rc in _chunks(regions, 1000):
                    q = sa.select(t).where(t.c.statistic.in_(sc), t.c.region.in_(rc))
                    if as_of is not None:
                        q = q.where(t.c.period_end <= as_of)
                    if kinds is not None:
                        q = q.where(t.c.kind.in_(sorted(k.value for k in kinds)))
                    for r in conn.execute(q.order_by(t.c.id)).mappings():
                        key = (r["statistic"], r["region"])
                        if key in wanted:
                            found[key].append(rows.observation_of(r))
        if all_revisions:
            return dict(found)
        return {k: current(v) for k, v in found.items()}
