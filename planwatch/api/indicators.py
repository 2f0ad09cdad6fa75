"""Reads behind the indicator page and the county view: one indicator with its assessment,
its observations and their revisions, milestones, related narrative targets; and the progress of
each county on a decomposed target."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from planwatch import model as m
from planwatch.api.evaluate import IndicatorResult, bundle_for
from planwatch.evaluation.base import Assessment, IndicatorBundle, get_method
from planwatch.issues import Issue
from planwatch.store import Store


@dataclass(frozen=True)
class IndicatorDetail:
    plan: m.Plan
    indicator: m.Indicator
    region: str
    assessment: Assessment | None  # None when the method is not available
    method_error: str | None
    observations: tuple[m.Observation, ...]  # values in force, every kind, up to as_of
    revisions: dict[tuple[str, ...], tuple[m.Observation, ...]]  # every revision per key
    milestones: tuple[m.Milestone, ...]
    narrative_targets: tuple[m.NarrativeTarget, ...]  # of the plan, its region, parent, children
    narrative_relations: dict[str, str]  # narrative id → 本规划 / 本地区 / 上级地区（…）/ 下级地区（…）
    decompositions: tuple[m.Decomposition, ...]
    findings: tuple[Issue, ...]
    documents: dict[str, str]  # id → title
    across_plans: tuple[PlanTarget, ...] = ()  # the statistic in other plans and regions


def region_relations(store: Store, region: str) -> dict[str, str]:
    """The region itself, its parent and its children (by id and by every name and alias), each
    with the label shown beside a target or fact that belongs to it."""
    out: dict[str, str] = {}
    regions = store.regions()
    by_id = {r.id: r for r in regions}

    def put(r: m.Region, label: str) -> None:
        for key in (r.id, r.name, *r.aliases):
            out.setdefault(key, label)

    own = by_id.get(region)
    if own is None:
        return out
    put(own, "本地区")
    for r in regions:
        if r.parent == region:
            put(r, f"下级地区（{r.name}）")
    if own.parent and own.parent in by_id:
        put(by_id[own.parent], f"上级地区（{by_id[own.parent].name}）")
    return out


def assess(
    store: Store, indicator: m.Indicator, region: str, as_of: dt.date, method: str
) -> Assessment:
    """One indicator (or one county's version of it) judged by ``method`` at ``as_of``."""
    meth = get_method(method)
    return meth.assess(bundle_for(store, indicator, region, as_of), meth.Config(), as_of)


def indicator_detail(
    store: Store, indicator_id: str, as_of: dt.date, *, method: str = "china"
) -> IndicatorDetail:
    from planwatch.errors import ConfigError

    ind = store.indicator(indicator_id)
    plan = store.plan(ind.plan)
    assessment: Assessment | None = None
    error: str | None = None
    try:
        assessment = assess(store, ind, plan.region, as_of, method)
    except ConfigError as exc:
        error = str(exc)
    obs: tuple[m.Observation, ...] = ()
    revisions: dict[tuple[str, ...], tuple[m.Observation, ...]] = {}
    if ind.statistic:
        obs = tuple(store.observations(ind.statistic, plan.region, as_of=as_of.isoformat()))
        grouped: dict[tuple[str, ...], list[m.Observation]] = defaultdict(list)
        for o in store.observations(ind.statistic, plan.region, all_revisions=True):
            grouped[o.key].append(o)
        revisions = {k: tuple(sorted(v, key=lambda o: o.revision)) for k, v in grouped.items()}
    relations = region_relations(store, plan.region)
    plan_regions = {p.id: p.region for p in store.plans()}
    related_list = []
    narrative_relations: dict[str, str] = {}
    for n in store.narrative_targets():
        if not ((ind.statistic and n.statistic == ind.statistic)
                or (n.plan == ind.plan and n.subject in ind.name)):
            continue
        where = n.region or plan_regions.get(n.plan, "")
        if n.plan != ind.plan and where not in relations:
            continue  # another region's target: not this indicator's
        related_list.append(n)
        narrative_relations[n.id] = "本规划" if n.plan == ind.plan else relations[where]
    related = tuple(related_list)
    findings = tuple(f for f in store.findings() if f.location.record == ind.id)
    return IndicatorDetail(
        plan=plan, indicator=ind, region=plan.region, assessment=assessment, method_error=error,
        observations=obs, revisions=revisions, milestones=tuple(_milestones(store, ind.id)),
        narrative_targets=related, narrative_relations=narrative_relations, decompositions=tuple(store.decompositions(ind.id)),
        findings=findings, documents={d.id: d.title for d in store.documents()},
        across_plans=tuple(across_plans(store, ind.statistic, as_of)) if ind.statistic else (),
    )


def _milestones(store: Store, indicator_id: str) -> list[m.Milestone]:
    """Entered annual targets first, else those derived from the path (origin "derived")."""
    from planwatch.api.annual import milestones_of

    try:
        return milestones_of(store, indicator_id)
    except (ValueError, ZeroDivisionError):  # a path that cannot be derived: show entered ones
        return store.milestones(indicator_id)


@dataclass(frozen=True)
class PlanTarget:
    """One plan's indicator measuring a statistic, with the latest value in that plan's region:
    the rows of the comparison of a city and the nation, and of the continuity of a statistic
    across plan periods (13th, 14th, 15th FYP)."""

    plan: m.Plan
    indicator: m.Indicator
    region_name: str
    latest: m.Observation | None


def across_plans(store: Store, statistic: str, as_of: dt.date) -> list[PlanTarget]:
    """Every plan indicator measuring ``statistic``, by plan period then from the nation down."""
    names = {r.id: r.name for r in store.regions()}
    level = {"national": 0, "provincial": 1, "city": 2, "county": 3}
    out = []
    for plan in store.plans():
        for ind in store.indicators(plan.id):
            if ind.statistic != statistic:
                continue
            wanted = ({m.ObservationKind.GROWTH} if ind.target_form is m.TargetForm.GROWTH_RATE
                      else m.VALUE_KINDS)
            obs = [o for o in store.observations(statistic, plan.region, as_of=as_of.isoformat())
                   if o.kind in wanted and (not ind.scope or o.scope in (None, ind.scope))]
            latest = max(obs, key=lambda o: o.period.end_date) if obs else None
            out.append(PlanTarget(plan, ind, names.get(plan.region, plan.region), latest))
    out.sort(key=lambda x: (x.plan.period_start, level.get(x.plan.level.value, 9), x.plan.id))
    return out


@dataclass(frozen=True)
class CountyResult:
    region: m.Region
    base: m.Decomposition | None
    target: m.Decomposition | None
    result: IndicatorResult | None  # None: no decomposed target or no method


def county_indicator(ind: m.Indicator, base: m.Decomposition | None,
                     target: m.Decomposition | None) -> m.Indicator:
    """The city indicator restated with one county's decomposed base and target."""
    return dataclasses.replace(
        ind,
        base_value=base.value if base else None,
        base_year=base.year if base else ind.base_year,
        base_text=(base.text or f"{base.value:g}") if base else "—",
        target_value=target.value if target else None,
        target_year=target.year if target else ind.target_year,
        target_text=(target.text or f"{target.value:g}") if target else "—",
        stretch_value=None,
        source=target.source if target else ind.source,
    )


def county_progress(
    store: Store, indicator_id: str, as_of: dt.date, *, method: str = "china"
) -> list[CountyResult]:
    """Each region with a decomposed target of the indicator, judged on its own base and target."""
    ind = store.indicator(indicator_id)
    regions = {r.id: r for r in store.regions()}
    by_region: dict[str, dict[str, m.Decomposition]] = defaultdict(dict)
    for d in store.decompositions(indicator_id):
        current = by_region[d.region].get(d.role)
        if current is None or d.year > current.year:
            by_region[d.region][d.role] = d
    out = []
    meth = get_method(method)
    plan_region = store.plan(ind.plan).region
    # every county's values in one query, the milestones once (not one query per county)
    values = store.series_values(
        ((ind.statistic, r) for r in by_region if ind.statistic), as_of=as_of.isoformat()
    )
    milestones = tuple(store.milestones(ind.id))
    for region_id, roles in sorted(by_region.items()):
        region = regions.get(region_id)
        if region is None or region_id == plan_region:
            continue
        base, target = roles.get("base"), roles.get("target")
        result = None
        if target is not None:
            county = county_indicator(ind, base, target)
            obs = tuple(values.get((ind.statistic, region_id), ())) if ind.statistic else ()
            bundle = IndicatorBundle(indicator=county, observations=obs, milestones=milestones,
                                     region=region_id)
            result = IndicatorResult(county, meth.assess(bundle, meth.Config(), as_of))
        out.append(CountyResult(region, base, target, result))
    return out


def latest_by_region(
    store: Store, statistic: str, as_of: dt.date
) -> dict[str, m.Observation]:
    """The latest value-kind observation of a statistic in each region (for ranking maps)."""
    out: dict[str, m.Observation] = {}
    for o in store.observations(statistic, as_of=as_of.isoformat()):
        if o.kind not in m.VALUE_KINDS:
            continue
        if o.region not in out or o.period.end_date > out[o.region].period.end_date:
            out[o.region] = o
    return out
