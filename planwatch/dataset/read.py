"""Reading a data folder (docs/data-format.md) into one :class:`~planwatch.model.Dataset`.

``read_dataset(folder)`` never raises for bad input: it returns the dataset, the errors (each
naming file, line and field, and the fix; any error means nothing may be written) and the
findings in good data (contradictions inside printed tables, decompositions that do not add
up; see :mod:`planwatch.checks`).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from planwatch import checks, units
from planwatch import model as m
from planwatch.dataset.catalog import Catalog, ReadResult, embedded_plan_ids
from planwatch.dataset.files import FileContext, Record, load_yaml, records
from planwatch.dataset.plans import read_plans
from planwatch.dataset.units import as_unit, read_units
from planwatch.issues import Issue, Location, issue

_Err = Callable[[str, str, str], None]
_E = TypeVar("_E", bound=StrEnum)

def read_dataset(folder: Path, known_plans: Iterable[str] | None = None) -> ReadResult:
    """Read every file of a dataset folder; see the module docstring. A parent plan may be one
    of the folder's plans, one of ``known_plans`` (plans already in the store) or an embedded
    plan (the national outline)."""
    folder = Path(folder)
    errors: list[Issue] = []
    findings: list[Issue] = []
    if not folder.is_dir():
        errors.append(issue("bad-file", f"数据目录“{folder}”不存在或不是目录。",
                            Location(file=str(folder))))
        return ReadResult(m.Dataset(name=folder.name), errors, findings)
    cat = Catalog()
    name = _read_meta(folder, errors)
    declared = read_units(folder, name, errors)
    with units.reading(as_unit(u) for u in declared):
        return _read_rest(folder, name, cat, errors, findings, known_plans, declared)


def _read_rest(folder: Path, name: str, cat: Catalog, errors: list[Issue], findings: list[Issue],
               known_plans: Iterable[str] | None, declared: tuple[m.MeasureUnit, ...]) -> ReadResult:
    _read_regions(folder, cat, errors)
    _read_departments(folder, cat, errors)
    _read_documents(folder, cat, errors)
    _read_statistics(folder, cat, errors)
    external = set(known_plans or ()) | embedded_plan_ids()
    plans = read_plans(folder, cat, errors, findings, external)
    observations = _read_observations(folder, cat, errors)
    ds = m.Dataset(
        name=name,
        regions=tuple(cat.regions.values()),
        departments=tuple(cat.departments.values()),
        documents=tuple(cat.documents.values()),
        statistics=tuple(cat.statistics.values()),
        plans=plans.plans,
        indicators=plans.indicators,
        decompositions=plans.decompositions,
        milestones=plans.milestones,
        narrative_targets=plans.narrative_targets,
        observations=tuple(observations),
        units=declared,
    )
    if not errors:
        findings.extend(checks.check_dataset(ds))
    return ReadResult(ds, errors, findings)


def _read_meta(folder: Path, errors: list[Issue]) -> str:
    path = folder / "dataset.yaml"
    if not path.exists():
        errors.append(issue("bad-file", "缺少 dataset.yaml（写明 name、title）。",
                            Location(file="dataset.yaml")))
        return folder.name
    ctx = FileContext("dataset.yaml", errors)
    root = load_yaml(path, ctx.label, errors)
    if root is None:
        return folder.name
    rec = Record(ctx, root, "数据集")
    rec.check_keys({"name", "title", "description"})
    rec.text("title")
    return rec.text("name", required=True) or folder.name


def _yaml_records(folder: Path, name: str, what: str, errors: list[Issue], *,
                  optional: bool = False) -> Iterable[Record]:
    path = folder / name
    if not path.exists():
        if not optional:
            errors.append(issue("bad-file", f"缺少文件 {name}。", Location(file=name)))
        return ()
    ctx = FileContext(name, errors)
    return list(records(ctx, load_yaml(path, name, errors), what))


def _duplicate(rec: Record, key: str, seen: Iterable[str], value: str) -> bool:
    if value in seen:
        rec.ctx.error("duplicate-record", f"{rec.what}编号“{value}”重复出现；每个编号只能出现一次。",
                      rec.line_of(key), key, record=value)
        return True
    return False


REGION_KEYS = {"id", "name", "kind", "adcode", "parent", "aliases", "note"}


def _read_regions(folder: Path, cat: Catalog, errors: list[Issue]) -> None:
    parents: list[tuple[Record, str]] = []
    for rec in _yaml_records(folder, "regions.yaml", "地区", errors):
        rec.check_keys(REGION_KEYS)
        rid, name = rec.text("id", required=True), rec.text("name", required=True)
        kind = rec.choice("kind", m.RegionKind, required=True)
        adcode = rec.integer("adcode")
        if rid is None or name is None or kind is None or _duplicate(rec, "id", cat.regions, rid):
            continue
        region = m.Region(id=rid, name=name, kind=kind, adcode=adcode, parent=rec.text("parent"),
                          aliases=rec.strings("aliases"), note=rec.text("note"))
        cat.regions[rid] = region
        for alias in (name, *region.aliases):
            cat.region_names.setdefault(alias, rid)
        if region.parent:
            parents.append((rec, region.parent))
    for rec, parent in parents:
        if cat.region_id(parent) is None:
            rec.ctx.error("unknown-reference", f"上级地区“{parent}”未在 regions.yaml 中定义。",
                          rec.line_of("parent"), "parent")


def _read_departments(folder: Path, cat: Catalog, errors: list[Issue]) -> None:
    for rec in _yaml_records(folder, "departments.yaml", "部门", errors, optional=True):
        rec.check_keys({"id", "name", "region", "aliases"})
        did, name = rec.text("id", required=True), rec.text("name", required=True)
        if did is None or name is None or _duplicate(rec, "id", cat.departments, did):
            continue
        region = rec.text("region")
        if region and cat.region_id(region) is None:
            rec.ctx.error("unknown-reference", f"地区“{region}”未定义。", rec.line_of("region"), "region")
        cat.departments[did] = m.Department(did, name, cat.region_id(region) if region else None,
                                            rec.strings("aliases"))


DOCUMENT_KEYS = {"id", "title", "kind", "issuer", "date", "url", "file", "note"}


def _read_documents(folder: Path, cat: Catalog, errors: list[Issue]) -> None:
    for rec in _yaml_records(folder, "documents.yaml", "文献", errors):
        rec.check_keys(DOCUMENT_KEYS)
        did, title = rec.text("id", required=True), rec.text("title", required=True)
        kind = rec.text("kind", required=True)
        if did is None or title is None or kind is None or _duplicate(rec, "id", cat.documents, did):
            continue
        cat.documents[did] = m.Document(
            id=did, title=title, kind=kind, issuer=rec.text("issuer"), date=rec.text("date"),
            url=rec.text("url"), file=rec.text("file"), note=rec.text("note"))


STATISTIC_KEYS = {"id", "name", "unit", "additive", "aliases", "direction", "note"}


def _read_statistics(folder: Path, cat: Catalog, errors: list[Issue]) -> None:
    for rec in _yaml_records(folder, "statistics.yaml", "统计指标", errors):
        rec.check_keys(STATISTIC_KEYS)
        sid, name = rec.text("id", required=True), rec.text("name", required=True)
        unit = rec.unit("unit")
        if sid is None or name is None or unit is None or _duplicate(rec, "id", cat.statistics, sid):
            continue
        stat = m.Statistic(id=sid, name=name, unit=unit, aliases=rec.strings("aliases"),
                           additive=rec.boolean("additive"),
                           direction=rec.choice("direction", m.Direction), note=rec.text("note"))
        cat.statistics[sid] = stat
        for alias in (name, *stat.aliases):
            cat.statistic_names.setdefault(alias, sid)


# -- observations ------------------------------------------------------------------------------

OBS_COLUMNS = (
    "region", "statistic", "period", "kind", "value", "unit", "text", "qualifier", "status",
    "scope", "rank_of", "document", "line", "url", "title", "source_date", "note", "source_kind",
)
#: kinds of original sources (column ``source_kind``), most authoritative first
SOURCE_KINDS = ("statistics", "department", "government_report", "statement", "news", "derived")


def _read_observations(folder: Path, cat: Catalog, errors: list[Issue]) -> list[m.Observation]:
    out: list[m.Observation] = []
    seen: dict[tuple[object, ...], str] = {}
    obs_dir = folder / "observations"
    for path in sorted(obs_dir.glob("*.csv")) if obs_dir.is_dir() else ():
        label = f"observations/{path.name}"
        ctx = FileContext(label, errors)
        try:
            with path.open(encoding="utf-8", newline="") as fh:
                rows = list(_csv_rows(fh, ctx))
        except UnicodeDecodeError:
            ctx.error("bad-file", "文件不是UTF-8编码，请另存为UTF-8后重试。", None)
            continue
        for line, row in rows:
            obs = _observation(ctx, cat, line, row)
            if obs is None:
                continue
            key = (*obs.key, obs.source.document, obs.source.line, obs.source.url, obs.status)
            if key in seen:
                ctx.error("duplicate-record",
                          f"与{seen[key]}重复：同一统计指标、地区、时期、类型和来源只能录入一次。",
                          line, "statistic", record="/".join(obs.key))
                continue
            seen[key] = f"{label} 第{line}行"
            out.append(obs)
    return out


def _csv_rows(fh: Iterable[str], ctx: FileContext) -> Iterable[tuple[int, dict[str, str]]]:
    reader = csv.reader(fh)
    header = next(reader, None)
    if header is None:
        return
    header = [h.strip().lstrip("\ufeff") for h in header]
    for col in header:
        if col not in OBS_COLUMNS:
            ctx.error("unknown-field", f"无法识别的列“{col}”。可用列：{'、'.join(OBS_COLUMNS)}。", 1, col)
    start = reader.line_num
    for cells in reader:
        line = start + 1
        start = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            ctx.error("bad-file", f"本行有{len(cells)}列，表头有{len(header)}列；含逗号的值请加英文双引号。",
                      line)
            continue
        yield line, {h: c.strip() for h, c in zip(header, cells, strict=True)}


def _observation(ctx: FileContext, cat: Catalog, line: int,
                 row: dict[str, str]) -> m.Observation | None:
    n_errors = len(ctx.errors)

    def err(code: str, fld: str, message: str) -> None:
        ctx.error(code, message, line, fld)

    for col in ("region", "statistic", "period", "kind", "value", "unit"):
        if not row.get(col):
            err("missing-field", col, f"缺少“{col}”，请填写。")
    if len(ctx.errors) > n_errors:
        return None
    region = cat.region_id(row["region"])
    if region is None:
        err("unknown-reference", "region", f"地区“{row['region']}”未在 regions.yaml 中定义（可用编号、名称或别名）。")
    stat = cat.statistic_id(row["statistic"])
    if stat is None:
        err("unknown-reference", "statistic", f"统计指标“{row['statistic']}”未在 statistics.yaml 中定义。")
    period = _period(row["period"], err)
    kind = _enum(row["kind"], m.ObservationKind, "kind", err)
    value = _number(row["value"], "value", err)
    unit = row["unit"]
    if not units.is_known(unit):
        err("unknown-unit", "unit", f"计量单位“{unit}”无法识别。可用单位见 planwatch.units。")
    qualifier = _enum(row.get("qualifier") or "exact", m.ValueQualifier, "qualifier", err)
    status = _enum(row.get("status") or "final", m.DataStatus, "status", err)
    source = _source(ctx, cat, row, err)
    if len(ctx.errors) > n_errors:
        return None
    assert region and stat and period and kind and value is not None and qualifier and status
    _check_unit(cat.statistics[stat], kind, unit, err)
    if len(ctx.errors) > n_errors:
        return None
    return m.Observation(
        statistic=stat, region=region, period=period, kind=kind, value=value,
        unit=units.lookup(unit).symbol, source=source, qualifier=qualifier, status=status,
        scope=row.get("scope") or None, rank_of=row.get("rank_of") or None,
        text=row.get("text") or None)


def _period(code: str, err: _Err) -> m.Period | None:
    try:
        return m.Period(code)
    except ValueError:
        err("bad-period", "period",
            f"时期“{code}”无法识别；请写 2021、2023-H1、2023-Q1、2022-01..05（1-5月累计）、"
            "2023-06-30（截至某日）或 2021..2025（多年合计）。")
        return None


def _number(text: str, fld: str, err: _Err) -> float | None:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        err("bad-number", fld, f"“{text}”不是数字；请填阿拉伯数字（如 4453 或 33.1），原文写法放在 text 列。")
        return None


def _enum(text: str, enum: type[_E], fld: str, err: _Err) -> _E | None:
    try:
        return enum(text)
    except ValueError:
        err("bad-value", fld, f"“{text}”不在可选范围内：{'、'.join(e.value for e in enum)}。")
        return None


def _source(ctx: FileContext, cat: Catalog, row: dict[str, str], err: _Err) -> m.SourceRef:
    doc, url = row.get("document") or None, row.get("url") or None
    if doc is None and url is None and not row.get("title"):
        err("missing-field", "document",
            "每个数值都要注明来源：填写 document 和 line，或 url 和 title（网址未存时至少填 title）。")
    if doc is not None and doc not in cat.documents:
        err("unknown-reference", "document", f"文献“{doc}”未在 documents.yaml 中定义。")
    if doc is not None and not row.get("line"):
        err("missing-field", "line", f"来自文献“{doc}”的数值要写明行号（line）。")
    if url is not None and not row.get("title"):
        err("missing-field", "title", "来自网页的数值要写明网页标题（title）。")
    line = None
    if row.get("line"):
        n = _number(row["line"], "line", err)
        line = int(n) if n is not None else None
    kind = row.get("source_kind") or None
    if kind is not None and kind not in SOURCE_KINDS:
        err("bad-value", "source_kind", f"来源类型“{kind}”不在可选范围内：{'、'.join(SOURCE_KINDS)}。")
        kind = None
    return m.SourceRef(document=doc, line=line, url=url, title=row.get("title") or None,
                       date=row.get("source_date") or None, note=row.get("note") or None,
                       kind=kind)


_SHARE_UNITS = ("%",)


def _check_unit(stat: m.Statistic, kind: m.ObservationKind, unit: str, err: _Err) -> None:
    """A value of the statistic itself must be in a unit of the statistic's dimension."""
    expected = {
        m.ObservationKind.GROWTH: "%",
        m.ObservationKind.CHANGE_POINTS: "个百分点",
        m.ObservationKind.RANK: "位",
    }.get(kind)
    if expected and units.lookup(unit).symbol != expected:
        err("bad-value", "unit", f"{kind.value}类数值的单位应为“{expected}”，此处为“{unit}”。")
    if kind in m.VALUE_KINDS and not units.compatible(unit, stat.unit):
        err("bad-value", "unit",
            f"统计指标“{stat.name}”的单位是“{stat.unit}”，本行“{unit}”与其量纲不同，无法换算。")


