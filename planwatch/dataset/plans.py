"""Reading ``plans/<plan-id>.yaml``: plan metadata, indicators, decompositions, milestones and
narrative targets (docs/data-format.md). Part of :mod:`planwatch.dataset`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from planwatch import model as m
from planwatch.dataset.catalog import Catalog
from planwatch.dataset.files import FileContext, Record, load_yaml
from planwatch.inference import (
    infer_direction,
    infer_rule,
    infer_target_form,
    parse_base_text,
    parse_target_text,
)
from planwatch.issues import Issue, Location, issue

PLAN_KEYS = {
    "id", "title", "region", "issuer", "level", "kind", "period", "base_year", "outlook_year",
    "status", "parents", "document", "categories", "note", "indicators", "decompositions",
    "narrative_targets", "milestones", "vocabulary", "successor_of",
}
VOCABULARIES = ("city", "national")
INDICATOR_KEYS = {
    "seq", "category", "name", "statistic", "unit", "nature", "direction", "base", "target",
    "stretch", "target_form", "rule", "rule_basis", "declared_growth", "departments", "limit",
    "source", "note", "merged_cell", "relation", "scope", "proxy_scope",
}
DECLARED = "文件中注明"


@dataclass
class PlanParts:
    plans: tuple[m.Plan, ...] = ()
    indicators: tuple[m.Indicator, ...] = ()
    decompositions: tuple[m.Decomposition, ...] = ()
    milestones: tuple[m.Milestone, ...] = ()
    narrative_targets: tuple[m.NarrativeTarget, ...] = ()


def read_plans(folder: Path, cat: Catalog, errors: list[Issue],
               findings: list[Issue], external: set[str] | frozenset[str] = frozenset()) -> PlanParts:
    plans: list[m.Plan] = []
    inds: list[m.Indicator] = []
    decs: list[m.Decomposition] = []
    mss: list[m.Milestone] = []
    nts: list[m.NarrativeTarget] = []
    plan_dir = folder / "plans"
    seen: dict[str, str] = {}
    for path in sorted(plan_dir.glob("*.yaml")) if plan_dir.is_dir() else ():
        ctx = FileContext(f"plans/{path.name}", errors, findings)
        root = load_yaml(path, ctx.label, errors)
        if root is None:
            continue
        reader = _PlanReader(ctx, cat, Record(ctx, root, "规划"))
        plan = reader.plan()
        if plan is None:
            continue
        if plan.id in seen:
            ctx.error("duplicate-record", f"规划编号“{plan.id}”已在{seen[plan.id]}中使用。",
                      reader.rec.line_of("id"), "id", record=plan.id)
            continue
        seen[plan.id] = ctx.label
        plans.append(plan)
        inds.extend(reader.indicators(plan))
        decs.extend(reader.decompositions(plan))
        mss.extend(reader.milestones(plan))
        nts.extend(reader.narrative_targets(plan))
    for plan in plans:
        for parent in plan.parents:
            if parent not in seen and parent not in external:
                errors.append(issue("unknown-reference", f"上位规划“{parent}”不在 plans/ 中，"
                                    "也不是数据库中已有的规划。",
                                    Location(file=seen[plan.id], field="parents", record=plan.id)))
    check_successors(plans, seen, external, errors)
    return PlanParts(tuple(plans), tuple(inds), tuple(decs), tuple(mss), tuple(nts))


def check_successors(plans: list[m.Plan], seen: dict[str, str], external: set[str] | frozenset[str],
                     errors: list[Issue]) -> None:
    """``successor_of`` names a known plan of an earlier period (the 14th FYP for the 15th)."""
    by_id = {p.id: p for p in plans}
    for plan in plans:
        prev = plan.predecessor
        if prev is None:
            continue
        where = Location(file=seen[plan.id], field="successor_of", record=plan.id)
        if prev == plan.id:
            errors.append(issue("bad-value", "successor_of 不能写本规划自己，请填上一规划期的规划编号。", where))
        elif prev not in by_id and prev not in external:
            errors.append(issue("unknown-reference", f"前一期规划“{prev}”不在 plans/ 中，也不是数据库中"
                                "已有的规划；请先载入它，或改正编号（planwatch plans 可查）。", where))
        elif prev in by_id and by_id[prev].period_end >= plan.period_start:
            p = by_id[prev]
            errors.append(issue("bad-value", f"前一期规划“{prev}”的期限（{p.period_start}—{p.period_end}年）"
                                f"与本规划（{plan.period_start}—{plan.period_end}年）重叠；successor_of "
                                "只能指向更早结束的规划。", where))


class _PlanReader:
    def __init__(self, ctx: FileContext, cat: Catalog, rec: Record) -> None:
        self.ctx, self.cat, self.rec = ctx, cat, rec
        self.by_seq: dict[int, m.Indicator] = {}

    # -- references -----------------------------------------------------------------------
    def region(self, rec: Record, key: str, *, required: bool = True) -> str | None:
        ref = rec.text(key, required=required)
        if ref is None:
            return None
        rid = self.cat.region_id(ref)
        if rid is None:
            self.ctx.error("unknown-reference",
                           f"{rec.what}的地区“{ref}”未在 regions.yaml 中定义（可用编号、名称或别名）。",
                           rec.line_of(key), key)
        return rid

    def statistic(self, rec: Record) -> str | None:
        ref = rec.text("statistic")
        if ref is None:
            return None
        sid = self.cat.statistic_id(ref)
        if sid is None:
            self.ctx.error("unknown-reference", f"{rec.what}的统计指标“{ref}”未在 statistics.yaml 中定义。",
                           rec.line_of("statistic"), "statistic")
        return sid

    def source(self, rec: Record, default_doc: str | None) -> m.SourceRef:
        src = rec.sub("source", f"{rec.what}的来源")
        if src is None:
            return m.SourceRef(document=default_doc)
        src.check_keys({"document", "line", "table", "cell", "page", "url", "title", "date", "note",
                        "kind"})
        doc = src.text("document") or (None if src.has("url") else default_doc)
        if doc and doc not in self.cat.documents:
            self.ctx.error("unknown-reference", f"文献“{doc}”未在 documents.yaml 中定义。",
                           src.line_of("document"), "source.document")
        return m.SourceRef(document=doc, line=src.integer("line"), table=src.text("table"),
                           cell=src.text("cell"), page=src.integer("page"), url=src.text("url"),
                           title=src.text("title"), date=src.text("date"), note=src.text("note"),
                           kind=src.text("kind"))

    # -- plan -----------------------------------------------------------------------------
    def plan(self) -> m.Plan | None:
        r = self.rec
        r.check_keys(PLAN_KEYS)
        pid, title = r.text("id", required=True), r.text("title", required=True)
        region, issuer = self.region(r, "region"), r.text("issuer", required=True)
        level = r.choice("level", m.PlanLevel, required=True)
        kind = r.choice("kind", m.PlanKind, required=True)
        status = r.choice("status", m.PlanStatus, required=True)
        period = self._period()
        base_year = r.integer("base_year")
        doc = r.text("document")
        if doc and doc not in self.cat.documents:
            self.ctx.error("unknown-reference", f"文献“{doc}”未在 documents.yaml 中定义。",
                           r.line_of("document"), "document")
        if None in (pid, title, region, issuer, level, kind, status, period):
            return None
        assert pid and title and region and issuer and level and kind and status and period
        vocabulary = r.text("vocabulary") or "city"
        if vocabulary not in VOCABULARIES:
            self.ctx.error("bad-value", f"评价用语“{vocabulary}”不在可选范围内：city（市级评估报告用语）、"
                           "national（国家中期评估用语）。", r.line_of("vocabulary"), "vocabulary")
            vocabulary = "city"
        return m.Plan(
            id=pid, title=title, region=region, issuer=issuer, level=level, kind=kind,
            period_start=period[0], period_end=period[1],
            base_year=base_year if base_year is not None else period[0] - 1, status=status,
            parents=r.strings("parents"), document=doc, outlook_year=r.integer("outlook_year"),
            categories=r.strings("categories"), note=r.text("note"), vocabulary=vocabulary,
            predecessor=r.text("successor_of"))

    def _period(self) -> tuple[int, int] | None:
        r = self.rec
        if not r.has("period"):
            r.ctx.error("missing-field", "规划缺少必填字段“period”，如 [2021, 2025]。", r.line, "period")
            return None
        v = r.data["period"].value
        try:
            start, end = (int(x.value) for x in v)
        except (TypeError, ValueError):
            r.ctx.error("bad-period", "规划期“period”应写作 [起始年, 结束年]，如 [2021, 2025]。",
                        r.line_of("period"), "period")
            return None
        if end < start:
            r.ctx.error("bad-period", f"规划期 {start}—{end} 的结束年早于起始年。",
                        r.line_of("period"), "period")
            return None
        return start, end

    # -- indicators -------------------------------------------------------------------------
    def indicators(self, plan: m.Plan) -> list[m.Indicator]:
        out = []
        for node in self.rec.items("indicators"):
            rec = Record(self.ctx, node, "指标")
            seq = rec.integer("seq", required=True)
            if seq is None:
                continue
            rec.what = f"指标{seq}"
            if seq in self.by_seq:
                self.ctx.error("duplicate-record",
                               f"指标序号 {seq} 重复（已用于“{self.by_seq[seq].name}”）；同一规划内序号不能重复。",
                               rec.line_of("seq"), "seq", record=f"{plan.id}/{seq:02d}")
                continue
            ind = _IndicatorReader(self, plan, rec, seq).read()
            if ind is not None:
                self.by_seq[seq] = ind
                out.append(ind)
        return out

    def _indicator_id(self, rec: Record, plan: m.Plan, key: str = "indicator_seq") -> str | None:
        seq = rec.integer(key, required=True)
        if seq is None:
            return None
        if seq not in self.by_seq:
            self.ctx.error("unknown-reference", f"指标序号 {seq} 不在本规划的指标表中。",
                           rec.line_of(key), key)
            return None
        return self.by_seq[seq].id

    # -- decompositions, milestones, narrative targets ----------------------------------------
    def decompositions(self, plan: m.Plan) -> list[m.Decomposition]:
        out: list[m.Decomposition] = []
        seen: set[tuple[str, str, int, str]] = set()
        for node in self.rec.items("decompositions"):
            block = Record(self.ctx, node, "分解表")
            block.check_keys({"indicator_seq", "table", "rows", "note"})
            ind = self._indicator_id(block, plan)
            table = block.text("table")
            for row_node in block.items("rows"):
                row = Record(self.ctx, row_node, "分解行")
                row.check_keys({"region", "year", "role", "value", "line", "text"})
                region = self.region(row, "region")
                year, value = row.integer("year", required=True), row.number("value", required=True)
                role = row.text("role", required=True)
                if role is not None and role not in ("base", "target"):
                    self.ctx.error("bad-value", f"分解行的“role”应为 base 或 target，此处为“{role}”。",
                                   row.line_of("role"), "role")
                    continue
                if None in (ind, region, year, value, role):
                    continue
                assert ind and region and year and value is not None and role
                key = (ind, region, year, role)
                if key in seen:
                    self.ctx.error("duplicate-record", f"{region} {year}年的{role}值重复。",
                                   row.line, "region", record=ind)
                    continue
                seen.add(key)
                src = m.SourceRef(document=plan.document, line=row.integer("line"), table=table)
                out.append(m.Decomposition(ind, region, year, value, role, src, row.text("text")))
        return out

    def milestones(self, plan: m.Plan) -> list[m.Milestone]:
        out = []
        for node in self.rec.items("milestones"):
            rec = Record(self.ctx, node, "年度目标")
            rec.check_keys({"indicator_seq", "year", "value", "region", "source", "text",
                            "qualifier"})
            ind = self._indicator_id(rec, plan)
            year, value = rec.integer("year", required=True), rec.number("value")
            text = rec.text("text")
            qualifier = rec.choice("qualifier", m.Qualifier)
            if text is not None:
                try:
                    parsed = parse_target_text(text)
                except ValueError as exc:
                    self.ctx.error("bad-value", f"{exc}", rec.line_of("text"), "text")
                    continue
                value = parsed.value if value is None else value
                qualifier = qualifier or parsed.qualifier
            if value is None:
                self.ctx.error("missing-field", "年度目标缺少数值：填写 value 或 text（如“6%以上”）。",
                               rec.line, "value")
                continue
            region = self.region(rec, "region", required=False) if rec.has("region") else None
            if ind and year is not None:
                out.append(m.Milestone(ind, year, value, region, "entered",
                                       self.source(rec, plan.document),
                                       qualifier=qualifier or m.Qualifier.EXACT, text=text))
        return out

    def narrative_targets(self, plan: m.Plan) -> list[m.NarrativeTarget]:
        out: list[m.NarrativeTarget] = []
        ids: set[str] = set()
        for node in self.rec.items("narrative_targets"):
            rec = Record(self.ctx, node, "文字目标")
            rec.check_keys({"id", "subject", "statistic", "value", "unit", "qualifier", "year",
                            "stretch", "increment", "region", "section", "text", "source"})
            nid, subject = rec.text("id", required=True), rec.text("subject", required=True)
            unit = rec.unit("unit")
            qualifier = rec.choice("qualifier", m.Qualifier, default=m.Qualifier.EXACT)
            if nid in ids:
                self.ctx.error("duplicate-record", f"文字目标编号“{nid}”重复。", rec.line_of("id"), "id")
                continue
            region = self.region(rec, "region", required=False) if rec.has("region") else None
            if nid is None or subject is None or unit is None or qualifier is None:
                continue
            ids.add(nid)
            out.append(m.NarrativeTarget(
                id=nid, plan=plan.id, subject=subject, value=rec.number("value"), unit=unit,
                qualifier=qualifier, year=rec.integer("year"), stretch=rec.boolean("stretch"),
                statistic=self.statistic(rec), increment=rec.boolean("increment"),
                region=region, section=rec.text("section"), text=rec.text("text"),
                source=self.source(rec, plan.document)))
        return out


class _IndicatorReader:
    """One indicator row: printed values, then what is inferred when the file leaves it out."""

    def __init__(self, parent: _PlanReader, plan: m.Plan, rec: Record, seq: int) -> None:
        self.p, self.plan, self.rec, self.seq = parent, plan, rec, seq
        self.ctx = rec.ctx

    def read(self) -> m.Indicator | None:
        r = self.rec
        r.check_keys(INDICATOR_KEYS)
        name, unit = r.text("name", required=True), r.unit("unit")
        nature = r.choice("nature", m.Nature, required=True)
        stat = self.p.statistic(r)
        base_value, base_year, base_text = self._base()
        target = self._target()
        growth, growth_unit = self._growth()
        if name is None or unit is None or nature is None or target is None:
            return None
        t_value, t_year, t_text, qualifier, stretch = target
        direction, d_basis = self._direction(name, unit)
        form = r.choice("target_form", m.TargetForm) or infer_target_form(name, unit, t_text)
        rule, rule_basis = self._rule(form, unit, growth_unit, qualifier)
        ind_id = f"{self.plan.id}/{self.seq:02d}"
        self._merged_finding(ind_id)
        relation, ref = self._relation(t_text, qualifier)
        if qualifier is m.Qualifier.RELATIONAL and not r.has("rule"):
            if ref is None:
                rule, rule_basis = m.ProgressRule.NONE, "关系目标未指明参照指标（relation.statistic），不作数值评估"
            else:
                what = "高于" if relation == "higher" else "与…基本同步"
                rule, rule_basis = (m.ProgressRule.RELATIONAL,
                                    f"目标“{t_text}”为关系目标（{what}），按同一年份两项指标的年均增速比较")
        return m.Indicator(
            id=ind_id, plan=self.plan.id, seq=self.seq, name=name, statistic=stat, unit=unit,
            nature=nature, direction=direction, direction_basis=d_basis, target_form=form,
            rule=rule, rule_basis=rule_basis, qualifier=qualifier, category=r.text("category"),
            base_value=base_value, base_year=base_year, base_text=base_text,
            target_value=t_value, target_year=t_year, target_text=t_text, stretch_value=stretch,
            declared_growth=growth, declared_growth_unit=growth_unit,
            departments=self._departments(), limit=r.number("limit"),
            source=self.p.source(r, self.plan.document), note=r.text("note"),
            relation=relation, reference_statistic=ref, scope=r.text("scope"),
            proxy_scope=r.text("proxy_scope"))

    def _relation(self, text: str | None, q: m.Qualifier) -> tuple[str | None, str | None]:
        """``relation: {kind: higher|in_step, statistic: gdp-growth}``; the kind defaults to
        what the printed text says (高于 → higher, 同步 → in_step)."""
        rel = self.rec.sub("relation", f"{self.rec.what}的关系目标")
        guess = None
        if text and q is m.Qualifier.RELATIONAL:
            guess = "in_step" if "同步" in text else "higher"
        if rel is None:
            return guess, None
        rel.check_keys({"kind", "statistic"})
        kind = rel.text("kind") or guess
        if kind not in m.RELATIONS:
            self.ctx.error("bad-value", f"关系“{kind}”不在可选范围内：higher（高于）、in_step（基本同步）。",
                           rel.line_of("kind"), "relation.kind")
            return None, None
        return kind, self.p.statistic(rel)

    def _direction(self, name: str, unit: str) -> tuple[m.Direction, str]:
        declared = self.rec.choice("direction", m.Direction)
        return (declared, DECLARED) if declared else infer_direction(name, unit)

    def _rule(self, form: m.TargetForm, unit: str, growth_unit: m.GrowthUnit | None,
              qualifier: m.Qualifier) -> tuple[m.ProgressRule, str]:
        declared = self.rec.choice("rule", m.ProgressRule)
        if declared:
            return declared, self.rec.text("rule_basis") or DECLARED
        return infer_rule(form, unit, growth_unit, qualifier=qualifier)

    def _base(self) -> tuple[float | None, int | None, str | None]:
        b = self.rec.sub("base", f"{self.rec.what}的基期")
        if b is None:
            return None, None, None
        b.check_keys({"value", "year", "text"})
        text, value, year = b.text("text"), b.number("value"), b.integer("year")
        if value is None and text is not None and not b.has("value"):
            try:
                value, parsed_year = parse_base_text(text, self.plan.base_year)
                year = year if year is not None else parsed_year
            except ValueError as exc:
                self.ctx.error("bad-number", f"{exc}", b.line_of("text"), "base.text")
        if value is not None and year is None:
            year = self.plan.base_year
        return value, year, text

    def _target(self) -> tuple[float | None, int, str | None, m.Qualifier, float | None] | None:
        t = self.rec.sub("target", f"{self.rec.what}的目标", required=True)
        if t is None:
            return None
        t.check_keys({"value", "year", "text", "qualifier"})
        text, value = t.text("text"), t.number("value")
        year = t.integer("year") or self.plan.period_end
        qualifier = t.choice("qualifier", m.Qualifier)
        stretch = self.rec.number("stretch")
        try:
            parsed = parse_target_text(text) if text is not None else None
        except ValueError as exc:
            self.ctx.error("bad-value", f"{exc}", t.line_of("text"), "target.text")
            return None
        if parsed is not None:
            if value is None and not t.has("value"):
                value = parsed.value
            elif value is not None and parsed.value is not None and abs(value - parsed.value) > 1e-9:
                self.ctx.error("bad-value", f"目标值 {value:g} 与原文“{text}”不一致，请核对。",
                               t.line_of("value"), "target.value")
            qualifier = qualifier or parsed.qualifier
            stretch = stretch if stretch is not None else parsed.stretch
        if qualifier is None:
            qualifier = m.Qualifier.EXACT if value is not None else m.Qualifier.NONE
        return value, year, text, qualifier, stretch

    def _growth(self) -> tuple[float | None, m.GrowthUnit | None]:
        g = self.rec.sub("declared_growth", f"{self.rec.what}的年均增长")
        if g is None:
            return None, None
        g.check_keys({"value", "unit"})
        value = g.number("value", required=True)
        unit = g.choice("unit", m.GrowthUnit, required=True)
        return value, unit

    def _departments(self) -> tuple[str, ...]:
        deps = self.rec.strings("departments")
        for d in deps:
            if d not in self.p.cat.departments:
                self.ctx.error("unknown-reference", f"责任部门“{d}”未在 departments.yaml 中定义。",
                               self.rec.line_of("departments"), "departments")
        return deps

    def _merged_finding(self, ind_id: str) -> None:
        note = self.rec.text("merged_cell")
        if note:
            src = self.p.source(self.rec, self.plan.document)
            doc = self.p.cat.documents.get(src.document or "")
            self.ctx.findings.append(issue(
                "merged-cell-guess", f"“{self.rec.text('name')}”：{note}",
                Location(file=doc.file if doc and doc.file else src.document, line=src.line,
                         table=src.table, record=ind_id)))
