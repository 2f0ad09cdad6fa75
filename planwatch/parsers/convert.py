"""A parsed plan as a :class:`~planwatch.model.Dataset` ready to store, and the findings the
checks make on it (a share printed as 0.45 beside 40.4, a declared growth that contradicts base
and target, county targets that do not add up).

Pure: the statistics and regions already known are passed in; nothing is read from the store.
Ids are stable (a plan id from the title, indicators by sequence), so importing the same document
twice writes nothing new and a revised document updates the rows that changed.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from planwatch import checks, units
from planwatch import model as m
from planwatch.issues import Issue, Location, issue
from planwatch.parsers.result import ParsedIndicator, ParsedPlan, Source

_ADDITIVE_DIMENSIONS = frozenset({"money", "money_usd", "firms", "items", "projects", "pieces",
                                  "people", "mass", "energy", "households"})


@dataclass
class Conversion:
    dataset: m.Dataset
    findings: list[Issue]
    new_statistics: list[m.Statistic] = field(default_factory=list)
    new_regions: list[m.Region] = field(default_factory=list)
    matched: dict[str, str] = field(default_factory=dict)  # indicator id → statistic id
    skipped: list[Issue] = field(default_factory=list)  # rows that cannot be stored (errors)
    findings_extra: list[Issue] = field(default_factory=list)  # columns left out, with a warning


def plan_id_for(parsed: ParsedPlan) -> str:
    key = parsed.plan.title or parsed.file
    return "plan-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


def to_dataset(
    parsed: ParsedPlan, *, plan_id: str | None = None,
    statistics: Sequence[m.Statistic] = (), regions: Sequence[m.Region] = (),
    document: m.Document | None = None,
) -> Conversion:
    """``document``: the source document already recorded for this plan (a revised import keeps
    pointing at it rather than creating a second record)."""
    pid = plan_id or plan_id_for(parsed)
    doc = document or m.Document(id=f"{pid}-doc", title=parsed.plan.title or parsed.file, kind="plan",
                                 issuer=parsed.plan.issuer, file=parsed.file)
    conv = Conversion(m.Dataset(name=f"plan:{pid}"), [])
    region_of = _RegionIndex(regions, conv)
    stats = _StatIndex(statistics, conv)
    plan = _plan(parsed, pid, doc, region_of)
    indicators = [_indicator(i, pid, doc, stats) for i in parsed.indicators]
    by_seq = {i.seq: i for i in indicators}
    decs = []
    unmatched: set[str] = set()
    for d in parsed.decompositions:
        ind = by_seq.get(d.indicator_seq) if d.indicator_seq is not None else None
        if ind is None:
            if d.indicator not in unmatched:
                unmatched.add(d.indicator)
                conv.findings_extra.append(issue(
                    "decomposition-unmatched",
                    f"分解表“{d.source.table}”的“{d.indicator}”在指标表中找不到对应指标，该列未导入；"
                    "如需导入，请在指标表中补上该指标或改成与指标表一致的名称。",
                    _loc(d.source)))
            continue
        decs.append(m.Decomposition(ind.id, region_of(d.region), d.year, d.value, d.role,
                                    _src(d.source, doc), d.text))
    decs = list({(x.indicator, x.region, x.year, x.role): x for x in decs}.values())
    narratives = [
        m.NarrativeTarget(
            id=f"{pid}/n{k:02d}", plan=pid, subject=n.subject, value=n.value, unit=n.unit,
            qualifier=n.qualifier, year=n.year, stretch=n.stretch,
            statistic=stats.match(n.subject, n.unit), increment=n.increment, section=n.section,
            text=n.text, source=_src(n.source, doc))
        for k, n in enumerate(parsed.narrative_targets, 1)
    ]
    conv.dataset = m.Dataset(
        name=f"plan:{pid}", regions=tuple(conv.new_regions), documents=() if document else (doc,),
        statistics=tuple(conv.new_statistics), plans=(plan,), indicators=tuple(indicators),
        decompositions=tuple(decs), narrative_targets=tuple(narratives))
    conv.findings = [*conv.findings_extra,
                     *findings(conv.dataset, [*statistics, *conv.new_statistics], doc)]
    return conv


def findings(ds: m.Dataset, statistics: Sequence[m.Statistic], doc: m.Document) -> list[Issue]:
    docs = {doc.id: doc}
    out: list[Issue] = []
    for ind in ds.indicators:
        out.extend(checks.check_indicator(ind, docs))
    out.extend(checks.check_decompositions(ds.indicators, ds.decompositions,
                                           {s.id: s for s in statistics},
                                           {p.id: p for p in ds.plans}, docs))
    return out


def parse_findings(parsed: ParsedPlan) -> list[Issue]:
    """The checks on a parsed plan before anything is stored (for ``plan parse``)."""
    if not parsed.indicators:
        return []
    conv = to_dataset(parsed, plan_id="parsed")
    return [_without_record(f) for f in conv.findings]


def _without_record(f: Issue) -> Issue:
    from dataclasses import replace

    return replace(f, location=replace(f.location, record=None))


def _plan(parsed: ParsedPlan, pid: str, doc: m.Document, region_of: _RegionIndex) -> m.Plan:
    meta = parsed.plan
    title = meta.title or parsed.file
    region = region_of(meta.region or "")
    start = meta.period_start or 2021
    end = meta.period_end or start + 4
    kind = m.PlanKind.OUTLINE if "纲要" in title else m.PlanKind.SECTOR
    level = m.PlanLevel.CITY if (meta.region or "").endswith("市") else m.PlanLevel.COUNTY
    cats = tuple(dict.fromkeys(i.category for i in parsed.indicators if i.category))
    return m.Plan(
        id=pid, title=title, region=region, issuer=meta.issuer or "（文件未注明）", level=level,
        kind=kind, period_start=start, period_end=end, base_year=start - 1,
        status=m.PlanStatus.DRAFT if meta.status == "draft" else m.PlanStatus.ADOPTED,
        document=doc.id, categories=cats, outlook_year=meta.outlook_year)


def _indicator(p: ParsedIndicator, pid: str, doc: m.Document, stats: _StatIndex) -> m.Indicator:
    iid = f"{pid}/{p.seq:02d}"
    stat = stats.match(p.name, p.unit) or stats.create(p)
    return m.Indicator(
        id=iid, plan=pid, seq=p.seq, name=p.name, statistic=stat, unit=p.unit, nature=p.nature,
        direction=p.direction, direction_basis=p.direction_basis, target_form=p.target_form,
        rule=p.rule, rule_basis=p.rule_basis, qualifier=p.qualifier, category=p.category,
        base_value=p.base_value, base_year=p.base_year, base_text=p.base_text or None,
        target_value=p.target_value, target_year=p.target_year, target_text=p.target_text or None,
        stretch_value=p.stretch_value, declared_growth=p.declared_growth,
        declared_growth_unit=p.declared_growth_unit,
        source=_src(p.source, doc), note="；".join(p.notes) or None)


def _src(s: Source, doc: m.Document) -> m.SourceRef:
    return m.SourceRef(document=doc.id, line=s.line, table=s.table, cell=s.cell, page=s.page)


def _loc(s: Source) -> Location:
    return Location(file=s.file, line=s.line, table=s.table, cell=s.cell)


class _StatIndex:
    """Existing statistics by name and alias (exact, then fuzzy with a compatible unit)."""

    def __init__(self, statistics: Sequence[m.Statistic], conv: Conversion) -> None:
        self.stats = list(statistics)
        self.conv = conv

    def match(self, name: str, unit: str) -> str | None:
        from rapidfuzz import fuzz

        key = _key(name)
        best, score = None, 0.0
        for s in [*self.stats, *self.conv.new_statistics]:
            for n in (s.name, *s.aliases):
                if _key(n) == key:
                    return s.id
                if re.findall(r"\d+", _key(n)) != re.findall(r"\d+", key):
                    continue  # 年产值超10亿元 is not 年产值超50亿元
                r = fuzz.ratio(_key(n), key)
                if r > score and (not unit or not s.unit or unit == s.unit or units.compatible(unit, s.unit)):
                    best, score = s.id, r
        return best if score >= 90 else None

    def create(self, p: ParsedIndicator) -> str:
        sid = "s-" + hashlib.sha1(p.name.encode("utf-8")).hexdigest()[:10]
        dim = units.lookup(p.unit).dimension if units.is_known(p.unit) else ""
        stat = m.Statistic(
            id=sid, name=p.name, unit=p.unit, additive=dim in _ADDITIVE_DIMENSIONS and not _per_unit(p.name),
            direction=p.direction if p.direction is m.Direction.LOWER_BETTER else None,
            note="导入规划时新建")
        self.conv.new_statistics.append(stat)
        return sid


def _per_unit(name: str) -> bool:
    return bool(re.match(r"^(?:人均|亩均|单位|每万人|万人)", name)) or "亩均" in name


def _key(name: str) -> str:
    return re.sub(r"[\s（）()“”\"]", "", name).replace("规模以上", "规上").replace("数量", "数")


class _RegionIndex:
    def __init__(self, regions: Sequence[m.Region], conv: Conversion) -> None:
        self.regions = list(regions)
        self.conv = conv

    def __call__(self, text: str) -> str:
        t = text.strip()
        known = [*self.regions, *self.conv.new_regions]
        for r in known:
            if t in (r.name, r.id, *r.aliases):
                return r.id
        for r in known:  # 金华 for 金华市
            if t and r.name in (t + "市", t + "县", t + "区"):
                return r.id
        inside = [r for r in self.regions if r.name and r.name in t]
        if inside:
            return max(inside, key=lambda r: len(r.name)).id
        region = m.Region(id=t or "unknown", name=t or "（未注明地区）", kind=_kind(t),
                          note="导入规划时新建；请补充行政区划代码")
        self.conv.new_regions.append(region)
        return region.id


def _kind(name: str) -> m.RegionKind:
    if name.endswith("省"):
        return m.RegionKind.PROVINCE
    if name.endswith("县"):
        return m.RegionKind.COUNTY
    if name.endswith("区") and not name.endswith(("开发区", "新区", "园区")):
        return m.RegionKind.DISTRICT
    if name.endswith("市"):
        return m.RegionKind.CITY
    return m.RegionKind.FUNCTIONAL_AREA


def keep_editorial(
    conv: Conversion, plan: m.Plan, indicators: Sequence[m.Indicator],
    narratives: Sequence[m.NarrativeTarget],
) -> None:
    """A revised document replaces what is printed; what editors added and a document does not
    print (parent plans, outlook year, statistic links, departments, limits, notes) is kept."""
    from dataclasses import replace

    ds = conv.dataset
    old = {i.id: i for i in indicators}
    new_plan = replace(ds.plans[0], parents=plan.parents, note=plan.note, level=plan.level,
                       kind=plan.kind, issuer=plan.issuer,
                       outlook_year=ds.plans[0].outlook_year or plan.outlook_year)
    kept_stats: set[str] = set()
    inds = []
    for ind in ds.indicators:
        was = old.get(ind.id)
        if was is not None:
            ind = replace(ind, statistic=was.statistic, departments=was.departments, limit=was.limit,
                          note=was.note or ind.note, unit=ind.unit or was.unit)
        if ind.statistic:
            kept_stats.add(ind.statistic)
        inds.append(ind)
    old_n = {n.id: n for n in narratives}
    nts = [replace(n, statistic=old_n[n.id].statistic or n.statistic, region=old_n[n.id].region)
           if n.id in old_n else n for n in ds.narrative_targets]
    new_stats = [s for s in ds.statistics if s.id in kept_stats]
    conv.new_statistics = new_stats
    conv.dataset = replace(ds, plans=(new_plan,), indicators=tuple(inds), narrative_targets=tuple(nts),
                           statistics=tuple(new_stats))
