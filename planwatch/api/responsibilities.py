"""Units (单位) and responsibilities (责任分解): who leads and supports each indicator, how often it
is reported, by when, and with what grace window.

A 责任分解 table is imported from CSV or xlsx (one row per indicator, or per indicator and county
for decomposed indicators); an xlsx may carry the units themselves on a sheet named ``单位``.
Units must be registered (by that sheet, ``planwatch unit import``/``add`` or the web) before a
responsibility names them: a row naming an unknown indicator, region or unit is refused with the
file, row and field, and nothing is written. The embedded Jinhua data names no departments, so
nothing is assigned there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planwatch import model as m
from planwatch.api.tables import TableRow, aliases_of, read_table
from planwatch.errors import ConfigError, NotFound
from planwatch.store import Store

UNIT_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("单位编号", "编号", "unit_id"),
    "name": ("单位名称", "名称", "单位"),
    "region": ("所属区域", "区域", "地区"),
    "contact": ("联系人", "contact_name"),
    "phone": ("联系电话", "电话"),
    "email": ("电子邮箱", "邮箱", "e-mail", "mail"),
    "aliases": ("别名", "简称"),
    "note": ("备注",),
}
UNIT_LABELS = {"id": "单位编号", "name": "单位名称", "region": "所属区域", "contact": "联系人",
               "phone": "联系电话", "email": "电子邮箱", "aliases": "别名", "note": "备注"}

DUTY_COLUMNS: dict[str, tuple[str, ...]] = {
    "indicator": ("指标编号", "指标"),
    "region": ("区域", "区县", "地区"),
    "lead": ("牵头单位", "责任单位", "lead_unit"),
    "co_units": ("配合单位", "co-units", "counits"),
    "frequency": ("报送频次", "频次"),
    "deadline_days": ("报送期限(天)", "报送期限", "期限(天)", "deadline"),
    "grace_days": ("宽限期(天)", "宽限期", "宽限天数", "grace"),
    "source": ("来源", "依据"),
}
DUTY_LABELS = {"indicator": "指标编号", "region": "区域", "lead": "牵头单位", "co_units": "配合单位",
               "frequency": "报送频次", "deadline_days": "报送期限（天）", "grace_days": "宽限期（天）",
               "source": "来源"}

FREQUENCIES = {"年度": "annual", "年": "annual", "每年": "annual", "annual": "annual",
               "半年": "half", "半年度": "half", "half": "half",
               "季度": "quarter", "每季度": "quarter", "季": "quarter", "quarter": "quarter",
               "月度": "month", "每月": "month", "月": "month", "month": "month"}

_SPLIT = re.compile(r"[、，,；;/\s]+")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")


@dataclass
class ImportOutcome:
    file: str
    units: dict[str, int] = field(default_factory=dict)
    responsibilities: dict[str, int] = field(default_factory=dict)
    rows: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "units": self.units, "responsibilities": self.responsibilities,
                "rows": self.rows}

    @property
    def message(self) -> str:
        r, u = self.responsibilities, self.units
        text = (f"已导入“{self.file}”：责任分解新增 {r.get('inserted', 0)} 条、更新 {r.get('updated', 0)} 条、"
                f"未变 {r.get('unchanged', 0)} 条")
        if u.get("inserted") or u.get("updated"):
            text += f"；单位新增 {u.get('inserted', 0)} 个、更新 {u.get('updated', 0)} 个"
        return text + "。"


def _problems(file: str, problems: list[str]) -> ConfigError:
    shown = problems[:20]
    more = f"（另有 {len(problems) - 20} 处问题未列出）" if len(problems) > 20 else ""
    return ConfigError(f"文件“{file}”有 {len(problems)} 处问题，未做任何修改：\n" + "\n".join(shown) + more)


class Resolver:
    """Looks units, regions and indicators up by id, name or alias."""

    def __init__(self, store: Store, extra_units: Iterable[m.Department] = ()) -> None:
        self.units: dict[str, str] = {}
        for d in [*store.departments(), *extra_units]:
            for k in (d.id, d.name, *d.aliases):
                self.units[k] = d.id
        self.regions: dict[str, str] = {}
        for r in store.regions():
            for k in (r.id, r.name, *r.aliases):
                self.regions[k] = r.id
        self.store = store

    def unit(self, text: str) -> str | None:
        return self.units.get(text.strip())

    def region(self, text: str) -> str | None:
        return self.regions.get(text.strip())


def parse_contacts(name: str, phone: str, email: str, where: str) -> tuple[tuple[m.Contact, ...], list[str]]:
    """Contacts from cells that may list several people separated by 、 or ；."""
    names = [x for x in _SPLIT.split(name.strip()) if x] if name.strip() else []
    phones = [x for x in re.split(r"[、，,；;/]+", phone.strip()) if x.strip()] if phone.strip() else []
    emails = [x for x in _SPLIT.split(email.strip()) if x] if email.strip() else []
    problems = [f"{where}“电子邮箱”：“{e}”不是有效的邮箱地址（应形如 name@example.org）。"
                for e in emails if not _EMAIL.match(e)]
    count = max(len(names), len(phones), len(emails))
    out = []
    for i in range(count):
        out.append(m.Contact(names[i] if i < len(names) else "",
                             phones[i].strip() if i < len(phones) else None,
                             emails[i] if i < len(emails) else None))
    return tuple(out), problems


def _unit_from_row(row: TableRow, file: str, resolver: Resolver, sheet: str | None,
                   problems: list[str]) -> m.Department | None:
    v = row.values
    where = f"{file}{'“' + sheet + '”工作表' if sheet else ''}第{row.line}行"
    uid, name = v.get("id", ""), v.get("name", "")
    ok = True
    if not name:
        problems.append(f"{where}“单位名称”为空：请填写单位全称，例如“示例市发展和改革局”。")
        ok = False
    if not uid:
        problems.append(f"{where}“单位编号”为空：请填写由字母、数字、-、_ 组成的编号，例如 demo-fgw。")
        ok = False
    elif not _ID.match(uid):
        problems.append(f"{where}“单位编号”“{uid}”无效：只能用字母、数字、-、_、.，不超过 100 个字符。")
        ok = False
    region = None
    if v.get("region"):
        region = resolver.region(v["region"])
        if region is None:
            problems.append(f"{where}“所属区域”“{v['region']}”不是已知地区：请填写地区名称或编号（数据中的地区名称或六位行政区划代码）。")
            ok = False
    contacts, bad = parse_contacts(v.get("contact", ""), v.get("phone", ""), v.get("email", ""), where)
    problems.extend(bad)
    if not ok or bad:
        return None
    aliases = tuple(a for a in _SPLIT.split(v.get("aliases", "")) if a)
    return m.Department(uid, name, region, aliases, contacts, v.get("note") or None)


def read_units(store: Store, path: Path, *, name: str | None = None, sheet: str | None = None,
               problems: list[str] | None = None) -> list[m.Department]:
    file = name or path.name
    own = problems if problems is not None else []
    rows = read_table(path, aliases_of(UNIT_COLUMNS), ("id", "name"), labels=UNIT_LABELS,
                      sheet=sheet, name=file)
    resolver = Resolver(store)
    units: list[m.Department] = []
    seen: dict[str, int] = {}
    for row in rows:
        u = _unit_from_row(row, file, resolver, sheet, own)
        if u is None:
            continue
        if u.id in seen:
            own.append(f"{file}第{row.line}行“单位编号”“{u.id}”与第{seen[u.id]}行重复。")
            continue
        seen[u.id] = row.line
        units.append(u)
    if problems is None and own:
        raise _problems(file, own)
    return units


def import_units(store: Store, path: Path, *, actor: str, name: str | None = None) -> dict[str, int]:
    """Register or update units from a table (单位编号, 单位名称, 所属区域, 联系人, 联系电话, 电子邮箱)."""
    units = read_units(store, path, name=name)
    return store.save_departments(units, actor=actor)


def save_unit(store: Store, *, unit_id: str, name: str, region: str = "", contact: str = "",
              phone: str = "", email: str = "", note: str = "", actor: str) -> m.Department:
    """Add or edit one unit (web form, CLI); audited."""
    problems: list[str] = []
    row = TableRow(0, {"id": unit_id.strip(), "name": name.strip(), "region": region.strip(),
                       "contact": contact, "phone": phone, "email": email, "note": note.strip()})
    unit = _unit_from_row(row, "表单", Resolver(store), None, problems)
    if unit is None:
        raise ConfigError("未保存：" + " ".join(p.replace("表单第0行", "") for p in problems))
    try:
        old = store.department(unit.id)
        unit = m.Department(unit.id, unit.name, unit.region, old.aliases, unit.contacts, unit.note)
    except NotFound:
        pass
    store.save_departments([unit], actor=actor)
    return unit


def _int_cell(text: str, default: int, where: str, label: str, problems: list[str]) -> int:
    t = text.strip().removesuffix("天").strip()
    if not t:
        return default
    if not re.fullmatch(r"\d{1,4}", t):
        problems.append(f"{where}“{label}”“{text}”无效：请填写 0 到 9999 之间的整数天数，例如 90。")
        return default
    return int(t)


def _duty_region(v: dict[str, str], where: str, ind: m.Indicator | None, resolver: Resolver,
                 plans: dict[str, m.Plan], decomposed: set[tuple[str, str]],
                 problems: list[str]) -> str | None:
    if not v.get("region"):
        return None
    region = resolver.region(v["region"])
    if region is None:
        problems.append(f"{where}“区域”“{v['region']}”不是已知地区：请填写地区名称或编号（数据中的地区名称或六位行政区划代码），"
                        "或留空表示规划所在地区。")
        return None
    if ind is None or region == plans[ind.plan].region:
        return None
    if (ind.id, region) not in decomposed:
        problems.append(f"{where}“区域”“{v['region']}”：指标“{ind.name}”没有分解到该地区，"
                        "只能为规划所在地区或有分解目标的区县指定责任单位。")
    return region


def _duty_units(v: dict[str, str], where: str, resolver: Resolver,
                problems: list[str]) -> tuple[str | None, list[str]]:
    lead = None
    if not v.get("lead"):
        problems.append(f"{where}“牵头单位”为空：请填写已登记的单位名称或编号。")
    else:
        lead = resolver.unit(v["lead"])
        if lead is None:
            problems.append(f"{where}“牵头单位”“{v['lead']}”不是已登记的单位：请先登记该单位"
                            "（工作簿中的“单位”工作表、planwatch unit import 或网页“单位与责任”），或核对名称。")
    co: list[str] = []
    for name in (x for x in _SPLIT.split(v.get("co_units", "")) if x):
        uid = resolver.unit(name)
        if uid is None:
            problems.append(f"{where}“配合单位”“{name}”不是已登记的单位：请先登记该单位，或核对名称。")
        elif uid != lead and uid not in co:
            co.append(uid)
    return lead, co


def _duty_from_row(row: TableRow, file: str, resolver: Resolver,
                   indicators: dict[str, m.Indicator], plans: dict[str, m.Plan],
                   decomposed: set[tuple[str, str]], problems: list[str]) -> m.Responsibility | None:
    v = row.values
    where = f"{file}第{row.line}行"
    before = len(problems)
    ind = indicators.get(v.get("indicator", "").strip())
    if not v.get("indicator"):
        problems.append(f"{where}“指标编号”为空：请填写指标编号，例如 jinhua-industry-14/13（planwatch indicators 可查）。")
    elif ind is None:
        problems.append(f"{where}“指标编号”“{v['indicator']}”不是已知指标：请核对编号（planwatch indicators 可查）。")
    region = _duty_region(v, where, ind, resolver, plans, decomposed, problems)
    lead, co = _duty_units(v, where, resolver, problems)
    freq = m.Frequency.ANNUAL
    if v.get("frequency"):
        code = FREQUENCIES.get(v["frequency"].strip().lower())
        if code is None:
            problems.append(f"{where}“报送频次”“{v['frequency']}”无效：请填写 年度、半年、季度 或 月度。")
        else:
            freq = m.Frequency(code)
    deadline = _int_cell(v.get("deadline_days", ""), 90, where, "报送期限（天）", problems)
    grace = _int_cell(v.get("grace_days", ""), 0, where, "宽限期（天）", problems)
    if len(problems) > before or ind is None or lead is None:
        return None
    src = v.get("source", "").strip()
    source = m.SourceRef(title=src or file, table="责任分解", cell=f"第{row.line}行",
                         note=None if src else "未注明来源，以导入文件为准")
    return m.Responsibility(ind.id, lead, region, tuple(co), freq, deadline, grace, source)


def import_responsibilities(store: Store, path: Path, *, actor: str, name: str | None = None,
                            dry_run: bool = False) -> ImportOutcome:
    """Import a 责任分解 table (and the ``单位`` sheet of an xlsx) in one transaction."""
    file = name or path.name
    problems: list[str] = []
    units: list[m.Department] = []
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        units = read_units(store, path, name=file, sheet="单位", problems=problems)
    rows = read_table(path, aliases_of(DUTY_COLUMNS), ("indicator", "lead"), labels=DUTY_LABELS,
                      name=file)
    resolver = Resolver(store, units)
    indicators = {i.id: i for i in store.indicators()}
    plans = {p.id: p for p in store.plans()}
    decomposed = {(d.indicator, d.region) for d in store.decompositions()}
    duties: list[m.Responsibility] = []
    seen: dict[tuple[str, str | None], int] = {}
    out = ImportOutcome(file)
    for row in rows:
        d = _duty_from_row(row, file, resolver, indicators, plans, decomposed, problems)
        if d is None:
            continue
        key = (d.indicator, d.region)
        if key in seen:
            problems.append(f"{file}第{row.line}行：指标“{d.indicator}”"
                            f"{'在' + d.region if d.region else ''}的责任分解与第{seen[key]}行重复。")
            continue
        seen[key] = row.line
        duties.append(d)
        out.rows.append({"line": row.line, "indicator": d.indicator, "region": d.region,
                         "lead": d.lead, "co_units": list(d.co_units),
                         "frequency": d.frequency.value, "deadline_days": d.deadline_days,
                         "grace_days": d.grace_days})
    if not rows:
        problems.append(f"{file}：表中没有数据行。")
    if problems:
        raise _problems(file, problems)
    if dry_run:
        return out
    counts = store.save_responsibilities(duties, actor=actor, departments=units,
                                         comment=f"导入责任分解表“{file}”")
    out.units = {"inserted": counts.pop("units_inserted", 0), "updated": counts.pop("units_updated", 0)}
    out.responsibilities = counts
    return out


def set_responsibility(store: Store, *, indicator: str, region: str = "", lead: str,
                       co_units: str = "", frequency: str = "annual", deadline_days: str = "90",
                       grace_days: str = "0", source: str = "", actor: str) -> m.Responsibility:
    """Add or change one responsibility from the web form; audited."""
    problems: list[str] = []
    row = TableRow(0, {"indicator": indicator, "region": region, "lead": lead,
                       "co_units": co_units, "frequency": frequency,
                       "deadline_days": deadline_days, "grace_days": grace_days,
                       "source": source or "网页录入"})
    resolver = Resolver(store)
    d = _duty_from_row(row, "表单", resolver, {i.id: i for i in store.indicators()},
                       {p.id: p for p in store.plans()},
                       {(x.indicator, x.region) for x in store.decompositions()}, problems)
    if d is None:
        raise ConfigError("未保存：" + " ".join(p.replace("表单第0行", "") for p in problems))
    d = m.Responsibility(d.indicator, d.lead, d.region, d.co_units, d.frequency, d.deadline_days,
                         d.grace_days, m.SourceRef(title=source.strip() or "网页录入",
                                                   note=f"{actor} 经网页录入"))
    store.save_responsibilities([d], actor=actor, comment="网页编辑责任分解")
    return d


def responsibility_map(store: Store) -> dict[tuple[str, str], m.Responsibility]:
    """(indicator, region) → responsibility; the plan-region row is keyed by the plan's region."""
    plan_region = {i.id: p.region for p in store.plans() for i in store.indicators(p.id)}
    return {(r.indicator, r.region or plan_region.get(r.indicator, "")): r
            for r in store.responsibilities()}


def unit_names(store: Store) -> dict[str, str]:
    return {d.id: d.name for d in store.departments()}
