"""Conversion between model dataclasses and table rows."""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from planwatch import model as m


def source_values(src: m.SourceRef) -> dict[str, Any]:
    return {
        "src_document": src.document,
        "src_line": src.line,
        "src_table": src.table,
        "src_cell": src.cell,
        "src_page": src.page,
        "src_url": src.url,
        "src_title": src.title,
        "src_date": src.date,
        "src_note": src.note,
    }


def source_of(row: Mapping[Any, Any]) -> m.SourceRef:
    return _source(row["src_document"], row["src_line"], row["src_table"], row["src_cell"],
                   row["src_page"], row["src_url"], row["src_title"], row["src_date"],
                   row["src_note"])


@functools.lru_cache(maxsize=8192)
def _source(document: str | None, line: int | None, table: str | None, cell: str | None,
            page: int | None, url: str | None, title: str | None, date: str | None,
            note: str | None) -> m.SourceRef:
    """SourceRef is immutable: rows with the same source share one (many values per table)."""
    return m.SourceRef(document=document, line=line, table=table, cell=cell, page=page, url=url,
                       title=title, date=date, note=note)


def _list(text: str | None) -> tuple[str, ...]:
    return tuple(json.loads(text)) if text else ()


def _dump(items: tuple[str, ...]) -> str:
    return json.dumps(list(items), ensure_ascii=False)


def region_values(r: m.Region) -> dict[str, Any]:
    return {
        "id": r.id, "name": r.name, "kind": r.kind.value, "adcode": r.adcode,
        "parent": r.parent, "aliases": _dump(r.aliases), "note": r.note,
    }


def region_of(row: Mapping[Any, Any]) -> m.Region:
    return m.Region(
        id=row["id"], name=row["name"], kind=m.RegionKind(row["kind"]), adcode=row["adcode"],
        parent=row["parent"], aliases=_list(row["aliases"]), note=row["note"],
    )


def department_values(d: m.Department) -> dict[str, Any]:
    return {"id": d.id, "name": d.name, "region": d.region, "aliases": _dump(d.aliases)}


def department_of(row: Mapping[Any, Any]) -> m.Department:
    contacts = tuple(m.Contact(c.get("name") or "", c.get("phone"), c.get("email"))
                     for c in json.loads(row["contacts"] or "[]"))
    return m.Department(id=row["id"], name=row["name"], region=row["region"],
                        aliases=_list(row["aliases"]), contacts=contacts, note=row["note"])


def contacts_dump(contacts: tuple[m.Contact, ...]) -> str:
    return json.dumps([{"name": c.name, "phone": c.phone, "email": c.email} for c in contacts],
                      ensure_ascii=False)


def responsibility_values(r: m.Responsibility) -> dict[str, Any]:
    return {
        "indicator": r.indicator, "region": r.region or "", "lead": r.lead,
        "co_units": _dump(r.co_units), "frequency": r.frequency.value,
        "deadline_days": r.deadline_days, "grace_days": r.grace_days, **source_values(r.source),
    }


def responsibility_of(row: Mapping[Any, Any]) -> m.Responsibility:
    return m.Responsibility(
        indicator=row["indicator"], lead=row["lead"], region=row["region"] or None,
        co_units=_list(row["co_units"]), frequency=m.Frequency(row["frequency"]),
        deadline_days=int(row["deadline_days"]), grace_days=int(row["grace_days"]),
        source=source_of(row),
    )


def document_values(d: m.Document) -> dict[str, Any]:
    return {
        "id": d.id, "title": d.title, "kind": d.kind, "issuer": d.issuer, "date": d.date,
        "url": d.url, "file": d.file, "note": d.note,
    }


def document_of(row: Mapping[Any, Any]) -> m.Document:
    return m.Document(
        id=row["id"], title=row["title"], kind=row["kind"], issuer=row["issuer"], date=row["date"],
        url=row["url"], file=row["file"], note=row["note"],
    )


def statistic_values(s: m.Statistic) -> dict[str, Any]:
    return {
        "id": s.id, "name": s.name, "unit": s.unit, "aliases": _dump(s.aliases),
        "additive": s.additive, "direction": s.direction.value if s.direction else None,
        "note": s.note,
    }


def statistic_of(row: Mapping[Any, Any]) -> m.Statistic:
    return m.Statistic(
        id=row["id"], name=row["name"], unit=row["unit"], aliases=_list(row["aliases"]),
        additive=bool(row["additive"]),
        direction=m.Direction(row["direction"]) if row["direction"] else None, note=row["note"],
    )


def measure_unit_values(u: m.MeasureUnit) -> dict[str, Any]:
    return {"id": u.symbol, "dimension": u.dimension, "factor": u.factor, "label": u.label,
            "aliases": _dump(u.aliases), "dataset": u.dataset}


def measure_unit_of(row: Mapping[Any, Any]) -> m.MeasureUnit:
    return m.MeasureUnit(symbol=row["id"], dimension=row["dimension"], factor=row["factor"],
                         label=row["label"], aliases=_list(row["aliases"]), dataset=row["dataset"])


def plan_values(p: m.Plan) -> dict[str, Any]:
    return {
        "id": p.id, "title": p.title, "region": p.region, "issuer": p.issuer,
        "level": p.level.value, "kind": p.kind.value, "period_start": p.period_start,
        "period_end": p.period_end, "base_year": p.base_year, "status": p.status.value,
        "parents": _dump(p.parents), "document": p.document, "outlook_year": p.outlook_year,
        "categories": _dump(p.categories), "note": p.note, "vocabulary": p.vocabulary,
        "predecessor": p.predecessor,
    }


def plan_of(row: Mapping[Any, Any]) -> m.Plan:
    return m.Plan(
        id=row["id"], title=row["title"], region=row["region"], issuer=row["issuer"],
        level=m.PlanLevel(row["level"]), kind=m.PlanKind(row["kind"]),
        period_start=row["period_start"], period_end=row["period_end"],
        base_year=row["base_year"], status=m.PlanStatus(row["status"]),
        parents=_list(row["parents"]), document=row["document"],
        outlook_year=row["outlook_year"], categories=_list(row["categories"]), note=row["note"],
        vocabulary=row["vocabulary"] or "city", predecessor=row["predecessor"],
    )


def indicator_values(i: m.Indicator) -> dict[str, Any]:
    return {
        "id": i.id, "plan": i.plan, "seq": i.seq, "category": i.category, "name": i.name,
        "statistic": i.statistic, "unit": i.unit, "nature": i.nature.value,
        "direction": i.direction.value, "direction_basis": i.direction_basis,
        "target_form": i.target_form.value, "rule": i.rule.value, "rule_basis": i.rule_basis,
        "qualifier": i.qualifier.value, "base_value": i.base_value, "base_year": i.base_year,
        "base_text": i.base_text, "target_value": i.target_value, "target_year": i.target_year,
        "target_text": i.target_text, "stretch_value": i.stretch_value,
        "declared_growth": i.declared_growth,
        "declared_growth_unit": i.declared_growth_unit.value if i.declared_growth_unit else None,
        "departments": _dump(i.departments), "limit_value": i.limit, "note": i.note,
        "relation": i.relation, "reference_statistic": i.reference_statistic, "scope": i.scope,
        "proxy_scope": i.proxy_scope,
        **source_values(i.source),
    }


def indicator_of(row: Mapping[Any, Any]) -> m.Indicator:
    return m.Indicator(
        id=row["id"], plan=row["plan"], seq=row["seq"], category=row["category"],
        name=row["name"], statistic=row["statistic"], unit=row["unit"],
        nature=m.Nature(row["nature"]), direction=m.Direction(row["direction"]),
        direction_basis=row["direction_basis"], target_form=m.TargetForm(row["target_form"]),
        rule=m.ProgressRule(row["rule"]), rule_basis=row["rule_basis"],
        qualifier=m.Qualifier(row["qualifier"]), base_value=row["base_value"],
        base_year=row["base_year"], base_text=row["base_text"],
        target_value=row["target_value"], target_year=row["target_year"],
        target_text=row["target_text"], stretch_value=row["stretch_value"],
        declared_growth=row["declared_growth"],
        declared_growth_unit=(
            m.GrowthUnit(row["declared_growth_unit"]) if row["declared_growth_unit"] else None
        ),
        departments=_list(row["departments"]), limit=row["limit_value"], note=row["note"],
        source=source_of(row), relation=row["relation"],
        reference_statistic=row["reference_statistic"], scope=row["scope"],
        proxy_scope=row["proxy_scope"],
    )


def decomposition_values(d: m.Decomposition) -> dict[str, Any]:
    return {
        "indicator": d.indicator, "region": d.region, "year": d.year, "role": d.role,
        "value": d.value, "text": d.text, **source_values(d.source),
    }


def decomposition_of(row: Mapping[Any, Any]) -> m.Decomposition:
    return m.Decomposition(
        indicator=row["indicator"], region=row["region"], year=row["year"], role=row["role"],
        value=row["value"], text=row["text"], source=source_of(row),
    )


def milestone_values(x: m.Milestone) -> dict[str, Any]:
    return {
        "indicator": x.indicator, "region": x.region, "year": x.year, "value": x.value,
        "origin": x.origin, "qualifier": x.qualifier.value, "text": x.text,
        **source_values(x.source),
    }


def milestone_of(row: Mapping[Any, Any]) -> m.Milestone:
    return m.Milestone(
        indicator=row["indicator"], region=row["region"], year=row["year"], value=row["value"],
        origin=row["origin"], source=source_of(row),
        qualifier=m.Qualifier(row["qualifier"] or "exact"), text=row["text"],
    )


def narrative_values(n: m.NarrativeTarget) -> dict[str, Any]:
    return {
        "id": n.id, "plan": n.plan, "subject": n.subject, "value": n.value, "unit": n.unit,
        "qualifier": n.qualifier.value, "year": n.year, "stretch": n.stretch,
        "statistic": n.statistic, "increment": n.increment, "region": n.region,
        "section": n.section, "text": n.text, **source_values(n.source),
    }


def narrative_of(row: Mapping[Any, Any]) -> m.NarrativeTarget:
    return m.NarrativeTarget(
        id=row["id"], plan=row["plan"], subject=row["subject"], value=row["value"],
        unit=row["unit"], qualifier=m.Qualifier(row["qualifier"]), year=row["year"],
        stretch=bool(row["stretch"]), statistic=row["statistic"], increment=bool(row["increment"]),
        region=row["region"], section=row["section"], text=row["text"], source=source_of(row),
    )


@functools.lru_cache(maxsize=4096)
def _period_end(period: m.Period) -> str:
    return period.end_date.isoformat()


@functools.lru_cache(maxsize=4096)
def _period(code: str) -> m.Period:
    return m.Period(code)


def observation_values(o: m.Observation) -> dict[str, Any]:
    return {
        "statistic": o.statistic, "region": o.region, "period": o.period.code,
        "period_end": _period_end(o.period), "kind": o.kind.value,
        "scope": o.scope or "", "rank_of": o.rank_of or "", "value": o.value, "unit": o.unit,
        "text": o.text, "qualifier": o.qualifier.value, "status": o.status.value,
        "revision": o.revision, **source_values(o.source), "src_kind": o.source.kind,
    }


def observation_of(row: Mapping[Any, Any]) -> m.Observation:
    return m.Observation(
        id=row["id"], statistic=row["statistic"], region=row["region"],
        period=_period(row["period"]), kind=m.ObservationKind(row["kind"]),
        scope=row["scope"] or None, rank_of=row["rank_of"] or None, value=row["value"],
        unit=row["unit"], text=row["text"], qualifier=m.ValueQualifier(row["qualifier"]),
        status=m.DataStatus(row["status"]), revision=row["revision"],
        source=replace(source_of(row), kind=row["src_kind"]),
        recorded_at=row["recorded_at"], recorded_by=row["recorded_by"],
    )
