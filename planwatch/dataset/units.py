"""units.yaml: the units of measure a data folder declares beside the built-in ones.

Each entry names the unit, what it measures and how it converts::

    - unit: 万千瓦          # the spelling used in statistics.yaml, plans and observations
      base: GW              # a known unit of the same dimension ...
      factor: 0.01          # ... and how many of it one unit makes (1 万千瓦 = 0.01 GW)
      label: 万千瓦（发电装机容量）
      aliases: [万kW]
    - unit: 张
      dimension: 床位       # ... or a new dimension; factor 1 makes it the base unit
      factor: 1
      label: 张（床位数）

Errors name the file, line and field with the fix; nothing is declared unless the whole folder
reads without error (see :func:`planwatch.units.reading`).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from planwatch import model as m
from planwatch import units
from planwatch.dataset.files import FileContext, Record, load_yaml, records
from planwatch.issues import Issue

FILE = "units.yaml"
UNIT_KEYS = {"unit", "base", "dimension", "factor", "label", "aliases", "note"}


def read_units(folder: Path, dataset: str, errors: list[Issue]) -> tuple[m.MeasureUnit, ...]:
    """The units declared in ``folder/units.yaml`` (optional file)."""
    path = folder / FILE
    if not path.exists():
        return ()
    ctx = FileContext(FILE, errors)
    out: dict[str, m.MeasureUnit] = {}
    for rec in records(ctx, load_yaml(path, FILE, errors), "单位"):
        u = _unit(rec, out, dataset)
        if u is not None:
            out[u.symbol] = u
            for alias in u.aliases:
                out.setdefault(alias, u)
    seen: dict[str, m.MeasureUnit] = {}
    for u in out.values():
        seen.setdefault(u.symbol, u)
    return tuple(seen.values())


def as_unit(u: m.MeasureUnit) -> units.Unit:
    return units.Unit(u.symbol, u.dimension, u.factor, u.aliases, label=u.label, dataset=u.dataset)


def _unit(rec: Record, declared: dict[str, m.MeasureUnit], dataset: str) -> m.MeasureUnit | None:
    ctx = rec.ctx
    rec.check_keys(UNIT_KEYS)
    n_errors = len(ctx.errors)
    symbol = rec.text("unit", required=True)
    label = rec.text("label", required=True)
    factor = rec.number("factor", required=True)
    aliases = rec.strings("aliases")
    if symbol is not None:
        rec.what = f"单位“{symbol}”"
        if units.is_builtin(symbol):
            ctx.error("bad-value", f"“{symbol}”是内置单位（{units.lookup(symbol).symbol}），不能重新定义；"
                      "删去此条，直接使用内置单位。", rec.line_of("unit"), "unit", record=symbol)
        elif symbol in declared:
            ctx.error("duplicate-record", f"单位“{symbol}”重复声明；每个单位只能声明一次。",
                      rec.line_of("unit"), "unit", record=symbol)
    for alias in aliases:
        if units.is_builtin(alias) or alias in declared:
            ctx.error("bad-value", f"别名“{alias}”已是{'内置' if units.is_builtin(alias) else '已声明的'}"
                      "单位，不能再作别名；删去该别名。", rec.line_of("aliases"), "aliases", record=symbol)
    if factor is not None and factor <= 0:
        ctx.error("bad-value", f"换算系数“{rec.data['factor'].value}”应为正数：1个本单位等于多少个基准单位"
                  "（如 1 万千瓦 = 0.01 GW，填 0.01）。", rec.line_of("factor"), "factor", record=symbol)
    base, dimension = rec.text("base"), rec.text("dimension")
    if (base is None) == (dimension is None):
        ctx.error("bad-value", "请在 base（换算到的已知单位，如 吨）和 dimension（新的量纲名称，如 床位）"
                  "中填且只填一个。", rec.line, "base", record=symbol)
        return None
    if len(ctx.errors) > n_errors or symbol is None or label is None or factor is None:
        return None
    return _resolve(rec, declared, m.MeasureUnit(symbol, "", factor, label, aliases, dataset),
                    base, dimension)


def _resolve(rec: Record, declared: dict[str, m.MeasureUnit], u: m.MeasureUnit, base: str | None,
             dimension: str | None) -> m.MeasureUnit | None:
    """The unit with its dimension and its factor to the dimension's base unit."""
    ctx, symbol, factor = rec.ctx, u.symbol, u.factor
    if base is not None:
        known = declared.get(base)
        if known is not None:
            dim, base_factor = known.dimension, known.factor
        elif units.is_builtin(base):
            b = units.lookup(base)
            dim, base_factor = b.dimension, b.factor
        else:
            ctx.error("unknown-unit", f"基准单位“{base}”无法识别；请写内置单位（如 吨、亿元、%、GW）"
                      "或本文件前面已声明的单位。", rec.line_of("base"), "base", record=symbol)
            return None
        return replace(u, dimension=dim, factor=factor * base_factor)
    assert dimension is not None
    if dimension in units.builtin_dimensions():
        ctx.error("bad-value", f"“{dimension}”是内置量纲，请改用 base 写明换算到的内置单位"
                  f"（如 base: {units.builtin_dimensions()[dimension]}）。", rec.line_of("dimension"),
                  "dimension", record=symbol)
        return None
    return replace(u, dimension=f"declared:{dimension}")
