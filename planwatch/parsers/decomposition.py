"""Decomposition tables: a city target split by county (seed 004 附件1).

The first column names the region; every other column is an indicator in a year, either from
its own header or from a group label above it ("2020年现状数据" / "2025年发展目标"). An empty
cell stays missing: values are never shifted into a neighbour's column.
"""

from __future__ import annotations

import re

from planwatch import inference
from planwatch.issues import Issue, issue
from planwatch.parsers.blocks import Blocks, Table, norm, squeeze
from planwatch.parsers.columns import DASHES, Role, column_role
from planwatch.parsers.header import Column, Header
from planwatch.parsers.result import ParsedDecomposition, ParsedIndicator, Source

_REGION_HEAD = re.compile(r"地区|区域|县|市、区|单位$")
_UNIT_IN_NAME = re.compile(r"^(.*?)\s*[（(]([^（）()]{1,12})[）)]\s*$")


def is_decomposition_table(header: Header) -> bool:
    if not header.columns or header.rows == 0:
        return False
    first = header.columns[0]
    if not (first.role is Role.REGION or _REGION_HEAD.search(first.text)):
        return False
    return len(_value_columns(header)) >= 1


def _value_columns(header: Header) -> list[tuple[Column, str, str, int]]:
    """(column, indicator name, unit, year) for each column that holds an indicator value."""
    out = []
    for col in header.columns[1:]:
        year = col.year
        name = col.bottom
        if year is None or not name:
            continue
        bottom_role, _ = column_role(name)
        if bottom_role in (Role.SEQ, Role.NATURE, Role.UNIT, Role.NOTE):
            continue
        nm = squeeze(norm(name).replace("(", "（").replace(")", "）"))
        nm = re.sub(r"^(?:19|20)\d{2}\s*年(?:现状|基数|目标|规划)?(?:数据|值)?", "", nm)
        m = _UNIT_IN_NAME.match(nm)
        unit = m[2] if m else ""
        out.append((col, (m[1] if m else nm).strip(), unit, year))
    return out


def _role(col: Column, year: int, period: tuple[int, int] | None) -> str:
    if re.search(r"现状|基数|基期|实际", col.text):
        return "base"
    if re.search(r"目标|规划", col.text):
        return "target"
    if period and year < period[0]:
        return "base"
    return "target"


def parse_decomposition_table(
    doc: Blocks, table: Table, header: Header, *, period: tuple[int, int] | None,
    indicators: list[ParsedIndicator],
) -> tuple[list[ParsedDecomposition], list[Issue]]:
    cols = _value_columns(header)
    out: list[ParsedDecomposition] = []
    issues: list[Issue] = []
    for row in table.rows[header.rows :]:
        if header.is_repeat(row) or all(c.blank for c in row):
            continue
        region_cell = row[0]
        region = squeeze(region_cell.text)
        if not region:
            issues.append(issue("unreadable-row", f"{table.name}中有一行没有地区名称"
                                f"（内容：{'｜'.join(c.text for c in row)}），无法归属；请核对原表",
                                doc.location(line=region_cell.line, table=table.name, cell=region_cell.ref)))
            continue
        for col, name, unit, year in cols:
            if col.index >= len(row):
                continue
            cell = row[col.index]
            text = norm(cell.text).replace(" ", "")
            if not text or text in DASHES:
                continue  # a missing value stays missing
            src = Source(doc.file, line=cell.line, table=table.name, cell=cell.ref, page=cell.page)
            try:
                value = inference.parse_number(text)
            except ValueError:
                issues.append(issue("unreadable-cell", f"{table.name}“{region}”的“{name}”（{year}年）"
                                    f"数值“{cell.text.strip()}”无法识别，已留空",
                                    doc.location(line=cell.line, table=table.name, cell=cell.ref)))
                continue
            out.append(ParsedDecomposition(
                indicator=name, region=region, year=year, value=value,
                role=_role(col, year, period), unit=unit, text=cell.text.strip(), source=src,
                indicator_seq=_match(name, indicators),
            ))
    return out, issues


def _match(name: str, indicators: list[ParsedIndicator]) -> int | None:
    """The indicator-table row a decomposition column belongs to (规上工业企业 → 规上工业企业数)."""
    from rapidfuzz import fuzz

    best, score = None, 0.0
    for ind in indicators:
        s = 100.0 if ind.name == name else fuzz.ratio(ind.name, name)
        if s > score:
            best, score = ind.seq, s
    return best if score >= 85 else None
