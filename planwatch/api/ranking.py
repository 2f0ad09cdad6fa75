"""Rankings and composite scores from the store: regions on a statistic, counties on their
decomposed targets (004 附件1), and composite scores per region or department."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from planwatch import model as m
from planwatch.api.regions import default_parent, parents_in_data, region_of
from planwatch.errors import ConfigError, NotFound
from planwatch.evaluation.base import STATUS_LABELS, Assessment, IndicatorBundle, Status, get_method
from planwatch.evaluation.ranking import (
    NORMALISATION_LABELS,
    TIE_LABELS,
    Item,
    Ranked,
    Score,
    composite,
    rank,
)
from planwatch.store import Store

PEER_KINDS = {m.RegionKind.DISTRICT, m.RegionKind.COUNTY, m.RegionKind.COUNTY_CITY}


@dataclass(frozen=True)
class RankRow:
    unit: str
    name: str
    value: float | None
    rank: int | None
    tied: bool
    missing_reason: str | None = None
    period: str | None = None
    source: str | None = None
    detail: Mapping[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class RankingResult:
    title: str
    key: str  # what is ranked, in words
    direction: int
    direction_basis: str
    ties: str
    rows: tuple[RankRow, ...]
    notes: tuple[str, ...] = ()

    @property
    def tie_rule(self) -> str:
        return TIE_LABELS[self.ties]

    def as_dict(self) -> dict[str, Any]:
        return {"title": self.title, "key": self.key, "direction": self.direction,
                "direction_basis": self.direction_basis, "ties": self.ties,
                "tie_rule": self.tie_rule, "notes": list(self.notes),
                "ranked": [r.as_dict() for r in self.rows if r.rank is not None],
                "missing": [r.as_dict() for r in self.rows if r.rank is None]}


def peers(store: Store, parent: str | None, *, include_functional: bool = False) -> list[m.Region]:
    """The county-level units under ``parent`` (an id, adcode or name; by default the region of
    the data with the most county-level units), functional areas only when asked."""
    kinds = PEER_KINDS | ({m.RegionKind.FUNCTIONAL_AREA} if include_functional else set())
    key = parent or default_parent(store)
    found = []
    if key:
        try:
            key = region_of(store, key).id
        except NotFound:
            pass
        found = [r for r in store.regions() if r.parent == key and r.kind in kinds]
    if not found:
        have = "、".join(f"{r.name}（{r.id}）" for r in parents_in_data(store)
                        if any(c.parent == r.id and c.kind in PEER_KINDS for c in store.regions()))
        raise NotFound(f"地区“{parent or ''}”下没有县级单位，请检查 --parent"
                       + (f"；数据中有县级单位的地区：{have}。" if have else "；数据中还没有县级单位。"))
    return found


def _statistic(store: Store, statistic: str) -> m.Statistic:
    for s in store.statistics():
        if statistic in (s.id, s.name, *s.aliases):
            return s
    raise NotFound(f"统计指标“{statistic}”不存在。可用 planwatch 数据中的编号，例如 gdp、income。")


def _value(store: Store, stat: str, region: str, period: str, kind: str | None) -> m.Observation | None:
    """The value in force for one region and period; ``kind`` None: the statistic's own value
    (level, share, count or index), never a growth rate or a rank."""
    found = [o for o in store.observations(stat, region)
             if o.period.code == period
             and (o.kind.value == kind if kind else o.kind in m.VALUE_KINDS)]
    found.sort(key=lambda o: (o.scope is not None, o.id or 0))
    return found[0] if found else None


def _direction(stat: m.Statistic, direction: str | None) -> tuple[int, str]:
    if direction:
        d = m.Direction(direction)
        return d.sign, "按参数指定"
    if stat.direction:
        return stat.direction.sign, "按统计指标的方向设定"
    return 1, "数值越大排名越前（统计指标未设方向）"


def rank_regions(store: Store, statistic: str, period: str, *, kind: str | None = None,
                 parent: str | None = None, direction: str | None = None, ties: str = "min",
                 include_functional: bool = False) -> RankingResult:
    """Rank the county-level units under ``parent`` on one statistic in one period."""
    stat = _statistic(store, statistic)
    m.Period(period)  # validates the code
    d, basis = _direction(stat, direction)
    regions = peers(store, parent, include_functional=include_functional)
    names = {r.id: r.name for r in regions}
    obs = {r.id: _value(store, stat.id, r.id, period, kind) for r in regions}
    reasons = {r: f"缺少{m.Period(period).label}数据" for r, o in obs.items() if o is None}
    ranked = rank({r: (o.value if o else None) for r, o in obs.items()}, direction=d, ties=ties,
                  missing_reasons=reasons)
    rows = tuple(_row(x, names, obs[x.unit]) for x in ranked)
    return RankingResult(f"{stat.name}（{stat.unit}）{m.Period(period).label}排名",
                         f"{stat.name}" + (f"（{kind}）" if kind else ""), d, basis, ties, rows)


def _row(x: Ranked, names: Mapping[str, str], o: m.Observation | None) -> RankRow:
    return RankRow(x.unit, names.get(x.unit, x.unit), x.value, x.rank, x.tied, x.missing_reason,
                   o.period.code if o else None, _source(o) if o else None,
                   {"status": o.status.value, "revision": o.revision, "unit": o.unit} if o else {})


def _source_or_none(o: m.Observation | None) -> str | None:
    return _source(o) if o is not None else None


def _source(o: m.Observation) -> str:
    return o.source.label + (f"（{o.source.date}）" if o.source.date else "")


def rank_decomposed(store: Store, indicator_id: str, as_of: dt.date, *, method: str = "china",
                    ties: str = "min") -> RankingResult:
    """Rank counties by their progress towards their own decomposed targets (004 附件1)."""
    ind = store.indicator(indicator_id)
    plan = store.plan(ind.plan)
    decs = [x for x in store.decompositions(indicator_id) if x.region != plan.region]
    if not decs:
        raise NotFound(f"指标“{ind.name}”（{indicator_id}）没有分县（市、区）目标。")
    meth = get_method(method)
    names = {r.id: r.name for r in store.regions()}
    by_region: dict[str, dict[str, m.Decomposition]] = {}
    for x in decs:
        by_region.setdefault(x.region, {})[x.role] = x
    results, used = {}, {}
    for r, parts in by_region.items():
        results[r], used[r] = _county(store, ind, r, parts, meth, as_of)
    key = {r: (a.progress if a.progress is not None else a.value) for r, a in results.items()}
    reasons = {r: _why_missing(a, names.get(r, r)) for r, a in results.items() if key[r] is None}
    ranked = rank(key, ties=ties, missing_reasons=reasons)
    rows = tuple(RankRow(x.unit, names.get(x.unit, x.unit), x.value, x.rank, x.tied,
                         x.missing_reason, results[x.unit].latest_period,
                         _source_or_none(used[x.unit]),
                         _detail(results[x.unit], by_region[x.unit])) for x in ranked)
    missing = sum(1 for r in rows if r.rank is None)
    notes = (f"{len(rows)}个县（市、区）中{missing}个缺少县级数据，未参与排名。",) if missing else ()
    return RankingResult(f"{ind.name}分解目标完成进度排名（{as_of.isoformat()}，方法 {meth.name}）",
                         "完成进度（已完成的基期至目标距离份额）", 1, "进度越高排名越前", ties, rows,
                         notes)


def _county(store: Store, ind: m.Indicator, region: str, parts: Mapping[str, m.Decomposition],
            meth: Any, as_of: dt.date) -> tuple[Assessment, m.Observation | None]:
    base, target = parts.get("base"), parts.get("target")
    local = dataclasses.replace(
        ind, base_value=base.value if base else None, base_year=base.year if base else None,
        base_text=base.text if base else None, target_value=target.value if target else None,
        target_year=target.year if target else ind.target_year,
        target_text=target.text if target else None)
    obs = tuple(store.observations(ind.statistic, region, as_of=as_of.isoformat())) if ind.statistic else ()
    bundle = IndicatorBundle(local, obs, tuple(store.milestones(ind.id)), region=region)
    a: Assessment = meth.assess(bundle, meth.Config(), as_of)
    latest = next((o for o in obs if a.latest is not None and o.period.code == a.latest.period
                   and o.revision == a.latest.revision and o.source == a.latest.source), None)
    return a, latest


def _why_missing(a: Assessment, name: str) -> str:
    if a.status is Status.NOT_ASSESSABLE:
        return f"{name}缺少县级数据或基期：" + (a.reasons[0] if a.reasons else a.label)
    return f"{name}的评价没有进度数值（{a.label}）"


def _decomp_source(parts: Mapping[str, m.Decomposition]) -> str:
    return "；".join(f"{'基期' if role == 'base' else '目标'}{x.value:g}（{x.year}年，{x.source.label}）"
                     for role, x in sorted(parts.items()))


def _detail(a: Assessment, parts: Mapping[str, m.Decomposition]) -> dict[str, Any]:
    return {"status": a.status.value, "status_label": STATUS_LABELS[a.status], "label": a.label,
            "expected_progress": a.expected_progress, "latest_value": a.latest_value,
            "base": parts["base"].value if "base" in parts else None,
            "target": parts["target"].value if "target" in parts else None,
            "decomposition_source": _decomp_source(parts),
            "reasons": list(a.reasons)}


@dataclass(frozen=True)
class CompositeResult:
    title: str
    normalisation: str
    missing: str
    ties: str
    items: tuple[Item, ...]
    excluded: tuple[str, ...]
    scores: tuple[Score, ...]
    names: Mapping[str, str]

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title, "normalisation": self.normalisation,
            "normalisation_rule": NORMALISATION_LABELS[self.normalisation],
            "missing": self.missing, "ties": self.ties, "tie_rule": TIE_LABELS[self.ties],
            "items": [dataclasses.asdict(i) for i in self.items], "excluded": list(self.excluded),
            "scores": [{"unit": s.unit, "name": self.names.get(s.unit, s.unit), "score": s.score,
                        "rank": s.rank, "tied": s.tied, "weight_used": s.weight_used,
                        "missing": list(s.missing), "explanation": s.explanation(self.names.get(s.unit)),
                        "parts": [dataclasses.asdict(p) for p in s.parts]} for s in self.scores],
        }


def composite_regions(store: Store, weights: Mapping[str, float], period: str, *,
                      kind: str | None = None, parent: str | None = None, normalisation: str = "minmax",
                      missing: str = "skip", exclude: Sequence[str] = (), ties: str = "min",
                      include_functional: bool = False) -> CompositeResult:
    """Composite score of the county-level units under ``parent`` over several statistics."""
    if not weights:
        raise ConfigError("请至少给出一个参评统计指标，例如 --item gdp=2 --item income=1。")
    stats = [_statistic(store, s) for s in weights]
    items = tuple(Item(s.id, s.name, s.direction.sign if s.direction else 1, float(w))
                  for s, w in zip(stats, weights.values(), strict=True))
    regions = peers(store, parent, include_functional=include_functional)
    values: dict[str, dict[str, float | None]] = {}
    for r in regions:
        row: dict[str, float | None] = {}
        for s in stats:
            o = _value(store, s.id, r.id, period, kind)
            row[s.id] = o.value if o else None
        values[r.id] = row
    excluded = tuple(_statistic(store, e).id for e in exclude)
    scores = composite(values, items, normalisation=normalisation, missing=missing,
                       exclude=excluded, ties=ties)
    return CompositeResult(f"{m.Period(period).label}综合得分", normalisation, missing, ties, items,
                           excluded, tuple(scores), {r.id: r.name for r in regions})


def composite_departments(store: Store, plan_id: str, as_of: dt.date, *, method: str = "china",
                          weights: Mapping[str, float] | None = None, binding_weight: float = 1.0,
                          exclude: Sequence[str] = (), ties: str = "min") -> CompositeResult:
    """Score each lead department (责任单位) on the indicators it leads: an indicator scores
    100 when its target is reached or it is on schedule, otherwise 100·p/e (progress over time
    elapsed, floored at 0); not assessable indicators are listed as missing."""
    from planwatch.api.evaluate import evaluate_plan

    ev = evaluate_plan(store, plan_id, as_of, method=method)
    weights = weights or {}
    items: list[Item] = []
    values: dict[str, dict[str, float | None]] = {}
    for r in ev.results:
        ind = r.indicator
        if not ind.departments:
            continue
        w = weights.get(ind.id, weights.get(str(ind.seq), 1.0))
        items.append(Item(ind.id, f"{ind.seq}.{ind.name}", 1,
                          w * (binding_weight if ind.nature is m.Nature.BINDING else 1.0)))
        values.setdefault(ind.departments[0], {})[ind.id] = schedule_score(r.assessment)
    if not items:
        raise NotFound(f"规划“{plan_id}”的指标没有填写责任单位（departments），无法按部门计分。")
    names = {d.id: d.name for d in store.departments()}
    excluded = tuple(exclude)
    scores = composite(values, items, normalisation="none", missing="skip", exclude=excluded, ties=ties)
    return CompositeResult(f"{ev.plan.title}责任单位综合得分（{as_of.isoformat()}）", "none", "skip",
                           ties, tuple(items), excluded, tuple(scores), names)


def schedule_score(a: Assessment) -> float | None:
    """100 for reached or on schedule; 100·p/e (≥ 0) when behind; None when not assessable."""
    if a.status in (Status.REACHED_EARLY, Status.ON_SCHEDULE):
        return 100.0
    if a.status is Status.BEHIND and a.progress is not None and a.expected_progress:
        return max(0.0, min(100.0, 100 * a.progress / a.expected_progress))
    return None
