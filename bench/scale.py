"""SYNTHETIC province and country fixtures for the scale benchmarks (issue 15). Nothing is real.

Every region, plan, statistic, value, account, review entry and audit row here is invented from
a fixed seed and named as fictional (虚构省, 示例01市, 示例01市03县, 示例统计001, 虚构文件). The
fixtures are never mixed with the real Jinhua data: load them into a database of their own.

*province* — 1 province, 11 cities, 90 county-level units (102 regions); each region has an
outline of 35 indicators and 3–4 sector plans of 20 (about 11,700 indicators), the outlines of
the province and the cities decomposed to their cities and counties (base and target), annual
values 2016–2025 (each year a preliminary value and the final revision), year-to-date monthly
growth rates for a fifth of the statistics; 2,000 reporter accounts, 5,000 review-queue entries
and 1,000,000 audit rows. *country* — the same shape for ~3,300 regions (annual values only,
fewer accounts per region).

The indicator rows and their values come from :func:`bench.synth.generate` (the national
benchmark's generator: a realistic mix of target forms, directions and gaps), turned into plans
through :mod:`planwatch.evaluation.batch.bundles`, so that the in-memory engine can judge the
very same series as a floor.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from bench.synth import YEARS, Synthetic, generate
from planwatch import model as m
from planwatch.evaluation.batch.bundles import bundle_of

OUTLINE = 35
SECTOR = 20
FIRST_YEAR = 2016
DOC_BULLETIN = "x-bulletin"
NOTE = "虚构数据：由固定随机种子生成，仅用于性能基准，不是真实地区或数据"
SECTOR_NAMES = ("产业发展", "生态环境保护", "综合交通", "社会事业")


@dataclass(frozen=True)
class Size:
    cities: int
    counties: int  # county-level units in all
    reporters: int
    review: int
    audit: int
    monthly: bool = True
    revisions: bool = True

    @property
    def regions(self) -> int:
        return 1 + self.cities + self.counties


PROVINCE = Size(cities=11, counties=90, reporters=2000, review=5000, audit=1_000_000)
#: the CI smoke size of the province (a few seconds)
PROVINCE_QUICK = Size(cities=1, counties=3, reporters=20, review=50, audit=2000)
COUNTRY = Size(cities=330, counties=2970, reporters=6000, review=20000, audit=2_000_000,
               monthly=False, revisions=False)


@dataclass(frozen=True)
class Fixture:
    """The generated data: the dataset (loaded through ``Store.load_dataset``) and the rows of
    accounts, review entries and audit log (bulk inserted), with the synthetic batch that the
    in-memory engine judges as the floor."""

    dataset: m.Dataset
    users: list[dict[str, Any]]
    candidates: list[dict[str, Any]]
    audit: list[dict[str, Any]]
    synthetic: Synthetic
    rows_of_plan: dict[str, list[int]]  # plan id → its rows in the synthetic batch
    cities: list[str]
    counties: list[str]


def _regions(size: Size) -> tuple[list[m.Region], list[str], list[str]]:
    prov = m.Region("x-prov", "虚构省", m.RegionKind.PROVINCE, note=NOTE)
    regions, cities, counties = [prov], [], []
    for c in range(size.cities):
        cid = f"x-c{c + 1:03d}"
        regions.append(m.Region(cid, f"示例{c + 1:02d}市", m.RegionKind.CITY, parent=prov.id,
                                note=NOTE))
        cities.append(cid)
    for k in range(size.counties):
        city = cities[k % size.cities]
        n = k // size.cities + 1
        kind = m.RegionKind.DISTRICT if n == 1 else m.RegionKind.COUNTY
        rid = f"{city}-{n:02d}"
        suffix = "区" if kind is m.RegionKind.DISTRICT else "县"
        name = f"示例{int(city[3:]):02d}市{n:02d}{suffix}"
        regions.append(m.Region(rid, name, kind, parent=city, note=NOTE))
        counties.append(rid)
    return regions, cities, counties


def _sectors(region_index: int) -> int:
    return 3 + region_index % 2  # 3 or 4 sector plans


def build(size: Size = PROVINCE, seed: int = 20261207) -> Fixture:
    regions, cities, counties = _regions(size)
    per_region = OUTLINE + 4 * SECTOR
    syn = generate(regions=len(regions), indicators=per_region, seed=seed)
    batch = syn.batch
    stats: dict[str, m.Statistic] = {}
    plans: list[m.Plan] = []
    docs: list[m.Document] = [m.Document(DOC_BULLETIN, "虚构统计公报（合成数据）", "bulletin",
                                         issuer="虚构统计局", note=NOTE)]
    indicators: list[m.Indicator] = []
    observations: list[m.Observation] = []
    rows_of_plan: dict[str, list[int]] = {}
    level = {m.RegionKind.PROVINCE: m.PlanLevel.PROVINCIAL, m.RegionKind.CITY: m.PlanLevel.CITY}
    monthly_every = 5  # a fifth of the statistics also have monthly year-to-date growth
    for r, region in enumerate(regions):
        blocks = [("outline", "国民经济和社会发展第十四个五年规划纲要", 0, OUTLINE)]
        for k in range(_sectors(r)):
            blocks.append((f"sector{k + 1}", f"“十四五”{SECTOR_NAMES[k]}规划",
                           OUTLINE + k * SECTOR, SECTOR))
        for suffix, title, first, count in blocks:
            pid = f"x-{region.id}-{suffix}"
            doc = f"doc-{pid}"
            docs.append(m.Document(doc, f"{region.name}{title}（虚构文件）", "plan",
                                   issuer=f"{region.name}人民政府（虚构）", note=NOTE))
            plans.append(m.Plan(
                pid, f"{region.name}{title}（虚构）", region.id, f"{region.name}人民政府（虚构）",
                level.get(region.kind, m.PlanLevel.COUNTY),
                m.PlanKind.OUTLINE if suffix == "outline" else m.PlanKind.SECTOR,
                2021, 2025, 2020, m.PlanStatus.ADOPTED, document=doc, note=NOTE,
            ))
            rows = []
            for j in range(first, first + count):
                i = r * per_region + j
                rows.append(i)
                bundle = bundle_of(batch, i, region=region.id)
                stat = f"x-stat-{j:03d}"
                ind = replace(
                    bundle.indicator, id=f"{pid}/{j - first + 1:02d}", plan=pid,
                    seq=j - first + 1, name=f"示例统计{j:03d}", statistic=stat,
                    rule_basis="合成数据", source=m.SourceRef(document=doc, table="表1",
                                                             line=j - first + 1),
                )
                indicators.append(ind)
                if stat not in stats:
                    stats[stat] = m.Statistic(stat, f"示例统计{j:03d}", ind.unit, note=NOTE)
                observations.extend(_observations(bundle.observations, stat, size))
                if size.monthly and j % monthly_every == 0:
                    observations.extend(_monthly(batch, i, stat, region.id))
            rows_of_plan[pid] = rows
    decomps = _decompositions(regions, indicators, {r.id: r.parent for r in regions})
    users = _users(size, counties)
    return Fixture(
        dataset=m.Dataset(
            name="x-scale", regions=tuple(regions), documents=tuple(docs),
            statistics=tuple(stats.values()), plans=tuple(plans), indicators=tuple(indicators),
            decompositions=tuple(decomps), observations=tuple(observations),
        ),
        users=users,
        candidates=_candidates(size, indicators, users, seed),
        audit=_audit(size, users, seed),
        synthetic=syn,
        rows_of_plan=rows_of_plan,
        cities=cities,
        counties=counties,
    )


def _observations(obs: tuple[m.Observation, ...], stat: str, size: Size) -> list[m.Observation]:
    out = []
    for o in obs:
        year = int(o.period.code)
        if year < FIRST_YEAR:
            continue
        src = _source(f"{year}年", f"{year + 1}-03-15")
        if size.revisions:  # the preliminary value, published earlier and slightly different
            out.append(m.Observation(stat, o.region, o.period, o.kind, round(o.value * 0.995, 2),
                                     o.unit, _source(f"{year}年快报", f"{year + 1}-01-20"),
                                     status=m.DataStatus.PRELIMINARY))
        out.append(m.Observation(stat, o.region, o.period, o.kind, o.value, o.unit, src))
    return out


_PERIODS: dict[str, m.Period] = {}


def _period(code: str) -> m.Period:
    if code not in _PERIODS:
        _PERIODS[code] = m.Period(code)
    return _PERIODS[code]


@functools.lru_cache(maxsize=512)
def _source(table: str, date: str | None) -> m.SourceRef:
    return m.SourceRef(document=DOC_BULLETIN, table=table, date=date)


def _monthly(batch: Any, i: int, stat: str, region: str) -> list[m.Observation]:
    """Year-to-date growth in % for each month (an invented statistic of its own kind)."""
    out = []
    values = batch.values[i]
    for y, v in zip(YEARS, values, strict=True):
        if int(y) < FIRST_YEAR or math.isnan(v) or int(y) > 2025:
            continue
        for month in range(1, 13):
            out.append(m.Observation(
                stat, region, _period(f"{int(y)}-01..{month:02d}"), m.ObservationKind.GROWTH,
                round(5.0 + (month % 5) * 0.3 + (i % 7) * 0.1, 2), "%",
                _source(f"{int(y)}年{month}月月报", None),
            ))
    return out


def _decompositions(
    regions: list[m.Region], indicators: list[m.Indicator], parent: dict[str, str | None]
) -> list[m.Decomposition]:
    """The first ten outline indicators of the province and of every city, decomposed to the
    child regions with each child's own base and target of the same indicator row."""
    children: dict[str, list[str]] = {}
    for r in regions:
        if r.parent:
            children.setdefault(r.parent, []).append(r.id)
    by_key = {(i.plan, i.seq): i for i in indicators}
    out = []
    for r in regions:
        for child in children.get(r.id, []):
            for seq in range(1, 11):
                top = by_key[(f"x-{r.id}-outline", seq)]
                own = by_key[(f"x-{child}-outline", seq)]
                if top.rule not in (m.ProgressRule.LINEAR, m.ProgressRule.COMPOUND):
                    continue
                src = m.SourceRef(document=f"doc-x-{r.id}-outline", table="附表1")
                if own.base_value is not None:
                    out.append(m.Decomposition(top.id, child, 2020, own.base_value, "base", src))
                if own.target_value is not None:
                    out.append(m.Decomposition(top.id, child, 2025, own.target_value, "target", src))
    return out


def _users(size: Size, counties: list[str]) -> list[dict[str, Any]]:
    out = []
    for n in range(size.reporters):
        out.append({
            "username": f"x-reporter-{n + 1:05d}",
            "display_name": f"示例填报员{n + 1:05d}",
            "role": "reporter",
            "scope_department": None,
            "scope_region": counties[n % len(counties)],
            "active": True,
            "created_at": "2024-01-02T08:00:00+00:00",
        })
    return out


def _candidates(
    size: Size, indicators: list[m.Indicator], users: list[dict[str, Any]], seed: int
) -> list[dict[str, Any]]:
    rng = np.random.default_rng(seed + 1)
    states = ("pending", "accepted", "rejected")
    by_region: dict[str, list[m.Indicator]] = {}
    plan_region = {}
    for ind in indicators:
        plan_region.setdefault(ind.plan, ind.plan[2:].rsplit("-", 1)[0])
        by_region.setdefault(plan_region[ind.plan], []).append(ind)
    out = []
    for n in range(size.review):
        user = users[n % len(users)]
        region = user["scope_region"]
        ind = by_region[region][int(rng.integers(len(by_region[region])))]
        state = states[int(rng.choice(3, p=(0.6, 0.3, 0.1)))]
        out.append({
            "origin": "web", "statistic": ind.statistic, "indicator": ind.id, "region": region,
            "period": str(2021 + n % 5), "kind": "level", "value": round(float(rng.uniform(1, 999)), 2),
            "unit": ind.unit, "qualifier": "exact", "state": state,
            "submitted_by": user["username"],
            "submitted_at": (dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
                             + dt.timedelta(minutes=37 * n)).isoformat(timespec="seconds"),
            "reviewed_by": None if state == "pending" else "x-reviewer",
            "version": 1, "src_document": DOC_BULLETIN, "src_note": NOTE,
        })
    return out


def _audit(size: Size, users: list[dict[str, Any]], seed: int) -> list[dict[str, Any]]:
    actions = (("create", "candidate"), ("accept", "candidate"), ("reject", "candidate"),
               ("update", "indicator"), ("login", "user"), ("create", "observation"))
    start = dt.datetime(2021, 1, 1, tzinfo=dt.UTC)
    out = []
    for n in range(size.audit):
        action, entity = actions[n % len(actions)]
        user = users[(n * 7) % len(users)]["username"]
        out.append({
            "at": (start + dt.timedelta(seconds=150 * n)).isoformat(timespec="seconds"),
            "actor": user, "action": action, "entity": entity, "entity_id": f"x-{n % 9973}",
            "before": None, "after": None, "comment": "虚构审计记录（合成数据）",
        })
    return out


def load(store: Any, fx: Fixture, password_hash: str) -> dict[str, int]:
    """Load the fixture: the dataset through ``Store.load_dataset`` (one transaction), then the
    accounts, review entries and audit rows in bulk. Every account shares ``password_hash``."""
    report = store.load_dataset(fx.dataset, actor="x-fixture")
    store.bulk_insert("app_user", [{**u, "password_hash": password_hash} for u in fx.users])
    store.bulk_insert("candidate", fx.candidates)
    store.bulk_insert("audit_log", fx.audit)
    return {
        "regions": len(fx.dataset.regions), "plans": len(fx.dataset.plans),
        "indicators": len(fx.dataset.indicators),
        "decompositions": len(fx.dataset.decompositions),
        "observations": int(report.inserted["observation"]),
        "users": len(fx.users), "review_entries": len(fx.candidates),
        "audit_rows": len(fx.audit),
    }
