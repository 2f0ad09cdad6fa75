"""Units of measure: what planwatch knows, their dimension, and conversion within a dimension.

Values convert only inside one dimension (亿元 ↔ 万元 ↔ 元). A percentage (``%``) and a change
in percentage points (``个百分点``) are different dimensions and are never mixed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from planwatch.errors import ConfigError


@dataclass(frozen=True)
class Unit:
    symbol: str  # canonical spelling
    dimension: str
    factor: float  # multiply to get the dimension's base unit
    aliases: tuple[str, ...] = ()
    label: str = ""  # for units declared in a data folder: the Chinese description
    dataset: str = ""  # the data folder that declared it ("" = built in)


_UNITS: tuple[Unit, ...] = (
    # money (base: 元)
    Unit("元", "money", 1.0),
    Unit("万元", "money", 1e4),
    Unit("亿元", "money", 1e8),
    Unit("万亿元", "money", 1e12),
    Unit("美元", "money_usd", 1.0),
    Unit("万美元", "money_usd", 1e4),
    Unit("亿美元", "money_usd", 1e8),
    # people
    Unit("人", "people", 1.0),
    Unit("万人", "people", 1e4),
    Unit("亿人", "people", 1e8),
    # counts of things: each its own dimension so 家 never becomes 个
    Unit("家", "firms", 1.0),
    Unit("万家", "firms", 1e4),
    Unit("户", "households", 1.0),
    Unit("万户", "households", 1e4),
    Unit("个", "items", 1.0),
    Unit("项", "projects", 1.0),
    Unit("件", "pieces", 1.0),
    Unit("列", "trains", 1.0),
    Unit("万列", "trains", 1e4),
    Unit("台", "machines", 1.0),
    Unit("万台", "machines", 1e4),
    Unit("辆", "vehicles", 1.0),
    Unit("万辆", "vehicles", 1e4),
    Unit("条", "lines", 1.0),
    Unit("座", "buildings", 1.0),
    Unit("所", "institutions", 1.0),
    Unit("名", "people_count", 1.0),
    Unit("次", "times", 1.0),
    Unit("万次", "times", 1e4),
    Unit("件次", "times", 1.0),
    Unit("标箱", "teu", 1.0),
    Unit("万标箱", "teu", 1e4),
    Unit("亿件", "parcels", 1e8),
    # ratios and rates
    Unit("%", "percent", 1.0, aliases=("％", "百分比")),
    Unit("‰", "permille", 1.0),
    Unit("个百分点", "points", 1.0, aliases=("百分点", "pp")),
    Unit("倍", "ratio", 1.0),
    Unit("分", "score", 1.0, aliases=("指数",)),
    Unit("位", "rank", 1.0, aliases=("名次",)),
    # intensities
    Unit("万元/人", "money_per_person", 1e4),
    Unit("元/人", "money_per_person", 1.0),
    Unit("万元/亩", "money_per_mu", 1e4),
    Unit("立方米/万元", "water_per_money", 1.0),
    Unit("吨标准煤/万元", "energy_per_money", 1.0),
    Unit("微克/立方米", "concentration", 1.0, aliases=("μg/m³", "ug/m3")),
    Unit("件/万人", "pieces_per_10k_people", 1.0),
    # land and physical
    Unit("亩", "area_mu", 1.0),
    Unit("万亩", "area_mu", 1e4),
    Unit("平方公里", "area_km2", 1.0),
    Unit("公里", "length_km", 1.0),
    Unit("公斤", "mass", 1e-3, aliases=("千克",)),
    Unit("斤", "mass", 5e-4),  # 市斤 = 0.5 千克
    Unit("万斤", "mass", 5.0),
    Unit("亿斤", "mass", 5e4),
    Unit("吨", "mass", 1.0),
    Unit("万吨", "mass", 1e4),
    Unit("亿吨", "mass", 1e8),
    Unit("吨标准煤", "energy", 1.0),
    Unit("万吨标准煤", "energy", 1e4),
    Unit("亿吨标准煤", "energy", 1e8),
    Unit("公顷", "area_ha", 1.0),
    Unit("千公顷", "area_ha", 1e3),
    Unit("万公顷", "area_ha", 1e4),
    Unit("GW", "power", 1.0),
    Unit("年", "years", 1.0),
    Unit("岁", "age_years", 1.0),  # 人均预期寿命: an age, not a duration in 年
    Unit("", "dimensionless", 1.0, aliases=("无",)),
)

UNITS: dict[str, Unit] = {}
for _u in _UNITS:
    for _name in (_u.symbol, *_u.aliases):
        UNITS[_name] = _u


#: units declared by data folders already in a database (registered when a store opens or loads)
_DECLARED: dict[str, Unit] = {}
#: units declared by the data folder being read (only while it is read, see :func:`reading`)
_READING: ContextVar[dict[str, Unit] | None] = ContextVar("planwatch_units_reading", default=None)


def builtin_dimensions() -> dict[str, str]:
    """Each built-in dimension and its base unit (the unit with factor 1)."""
    out: dict[str, str] = {}
    for u in _UNITS:
        if u.factor == 1.0:
            out.setdefault(u.dimension, u.symbol)
    return out


def is_builtin(symbol: str) -> bool:
    return symbol.strip() in UNITS


def declare(declared: Iterable[Unit]) -> None:
    """Make units declared in a data folder known everywhere (conversion, checks, reports).
    A built-in spelling is never redefined (the data reader refuses it)."""
    for u in declared:
        for name in (u.symbol, *u.aliases):
            if name not in UNITS:
                _DECLARED[name] = u


@contextmanager
def reading(declared: Iterable[Unit]) -> Iterator[None]:
    """The folder's own units are known while its files are read (before anything is written)."""
    extra: dict[str, Unit] = {}
    for u in declared:
        for name in (u.symbol, *u.aliases):
            extra[name] = u
    token = _READING.set(extra)
    try:
        yield
    finally:
        _READING.reset(token)


def _find(symbol: str) -> Unit | None:
    s = symbol.strip()
    u = UNITS.get(s) or _DECLARED.get(s)
    if u is None:
        extra = _READING.get()
        u = extra.get(s) if extra else None
    return u


def all_units() -> list[Unit]:
    """Every known unit once: built in, declared by loaded data, declared by the folder read."""
    seen: dict[str, Unit] = {}
    for u in (*_UNITS, *_DECLARED.values(), *(_READING.get() or {}).values()):
        seen.setdefault(u.symbol, u)
    return list(seen.values())


def lookup(symbol: str) -> Unit:
    """The unit for a spelling; raises :class:`ConfigError` naming the known units."""
    u = _find(symbol)
    if u is None:
        known = "、".join(sorted({x.symbol for x in _UNITS if x.symbol}))
        raise ConfigError(f"无法识别的计量单位“{symbol}”。可用单位：{known}；"
                          "其他单位可在数据目录的 units.yaml 中声明（docs/data-format.md）")
    return u


def is_known(symbol: str) -> bool:
    return _find(symbol) is not None


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """Convert ``value`` between units of one dimension (亿元 → 万元 multiplies by 10,000)."""
    a, b = lookup(from_unit), lookup(to_unit)
    if a.dimension != b.dimension:
        raise ConfigError(
            f"单位“{from_unit}”与“{to_unit}”量纲不同，不能换算（例如 % 与 个百分点 不能混用）"
        )
    return value * a.factor / b.factor


def compatible(a: str, b: str) -> bool:
    return is_known(a) and is_known(b) and lookup(a).dimension == lookup(b).dimension


def is_percent(symbol: str) -> bool:
    return is_known(symbol) and lookup(symbol).dimension == "percent"
