"""Reading a filled reporting workbook (pure: a file in, values and issues out).

Every problem is an :class:`~planwatch.issues.Issue` naming the row and column in Chinese
("第5行J列：“约3000”不是数字，请填写阿拉伯数字"); a row with a problem imports nothing, every other
filled row is imported. Empty value cells mean "not reported this time" and are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from planwatch import units
from planwatch.issues import Issue, Location, issue
from planwatch.limits import check_file
from planwatch.model import Period
from planwatch.workbook.template import (
    COL,
    FIRST_ROW,
    FORMAT_VERSION,
    KEYS_SHEET,
    SHEET,
    STATUS_CHOICES,
)


@dataclass(frozen=True)
class ReportedValue:
    """One valid value from the workbook, in the statistic's unit."""

    row: int
    cell: str  # J5
    indicator_id: str
    statistic: str
    region: str
    period: str
    value: float
    unit: str  # the statistic's unit (converted when the reporter chose e.g. 万元 for 亿元)
    text: str  # the cell as typed, with the unit chosen
    status: str  # DataStatus value
    source_text: str
    note: str


@dataclass(frozen=True)
class WorkbookImport:
    file: str
    reporter_kind: str
    reporter_id: str
    values: tuple[ReportedValue, ...]
    issues: tuple[Issue, ...]
    rows_in_template: int
    rows_left_empty: int


def unit_choices(unit: str) -> tuple[str, ...]:
    """The unit first, then the other units it converts to (亿元, 元, 万元, 万亿元)."""
    if not units.is_known(unit):
        return (unit,)
    dim = units.lookup(unit).dimension
    others = sorted({u.symbol for u in units.all_units() if u.dimension == dim} - {unit},
                    key=lambda s: units.lookup(s).factor)
    return (unit, *others)


_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


def _number(raw: Any) -> float | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        return float(raw)
    text = str(raw).strip().replace(",", "").replace("，", "")
    return float(text) if _NUMBER.match(text) else None


def _loc(file: str, r: int, col: int) -> Location:
    return Location(file=file, table=SHEET, line=r, cell=f"{get_column_letter(col)}{r}")


def _at(r: int, col: int) -> str:
    return f"第{r}行{get_column_letter(col)}列"


def read_workbook(path: Path, *, name: str | None = None) -> WorkbookImport:
    """Read a filled template. ``name`` is the file name to show in messages (an upload's
    client name, made safe); the file is opened only at ``path``."""
    name = name or path.name
    refused = check_file(path, name)  # size, zip bomb, rows: before openpyxl opens it
    if refused:
        return WorkbookImport(name, "", "", (), tuple(refused), 0, 0)
    try:
        wb = load_workbook(str(path), data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable file becomes one message
        return WorkbookImport(name, "", "", (), (issue(
            "excel-not-template", f"文件“{name}”无法作为 Excel 工作簿打开（{type(exc).__name__}），"
            "请用 planwatch excel template 生成的 .xlsx 文件填报。", Location(file=name)),), 0, 0)
    if SHEET not in wb.sheetnames or KEYS_SHEET not in wb.sheetnames:
        return WorkbookImport(name, "", "", (), (issue(
            "excel-not-template", f"文件“{name}”缺少“{SHEET}”或隐藏的“{KEYS_SHEET}”工作表，不是 planwatch "
            "生成的填报模板；请用 planwatch excel template 重新生成后填报。", Location(file=name)),), 0, 0)
    keys_ws = wb[KEYS_SHEET]
    head = [c.value for c in keys_ws[1]]
    if len(head) < 9 or head[6] != FORMAT_VERSION:
        return WorkbookImport(name, "", "", (), (issue(
            "excel-not-template", f"文件“{name}”的模板版本无法识别，请重新生成模板。",
            Location(file=name)),), 0, 0)
    keys = {int(r[0]): r for r in keys_ws.iter_rows(min_row=2, values_only=True) if r[0] is not None}
    return _read_rows(name, wb[SHEET], keys, str(head[7]), str(head[8]))


def _read_rows(name: str, ws: Worksheet, keys: dict[int, tuple[Any, ...]], kind: str,
               reporter: str) -> WorkbookImport:
    values: list[ReportedValue] = []
    issues: list[Issue] = []
    empty = 0
    last = max(ws.max_row, max(keys, default=FIRST_ROW - 1))
    for r in range(FIRST_ROW, last + 1):
        cells = {h: ws.cell(r, c).value for h, c in COL.items()}
        if r not in keys:
            if any(v not in (None, "") for v in cells.values()):
                issues.append(issue("excel-extra-row", f"{_at(r, COL['指标编号'])}：此行不是模板中的指标行，"
                                    "未导入。请勿在填报表中新增行；如需报送其他指标，请联系管理员生成新模板。",
                                    _loc(name, r, COL["指标编号"])))
            continue
        key = keys[r]
        if cells["指标编号"] != key[1]:
            issues.append(issue("excel-row-moved", f"{_at(r, COL['指标编号'])}：指标编号“{cells['指标编号']}”"
                                f"与模板（{key[1]}）不一致，行可能被移动或修改，此行未导入。请勿移动、插入或删除行。",
                                _loc(name, r, COL["指标编号"])))
            continue
        if cells["本期数值"] in (None, ""):
            empty += 1
            continue
        got = _row_value(name, r, cells, key, issues)
        if got is not None:
            values.append(got)
    return WorkbookImport(name, kind, reporter, tuple(values), tuple(issues), len(keys), empty)


def _row_value(name: str, r: int, cells: dict[str, Any], key: tuple[Any, ...],
               issues: list[Issue]) -> ReportedValue | None:
    col_v, col_u, col_s = COL["本期数值"], COL["单位"], COL["数据状态"]
    raw = cells["本期数值"]
    value = _number(raw)
    ok = True
    if value is None:
        issues.append(issue("excel-not-number", f"{_at(r, col_v)}：“{raw}”不是数字，请填写阿拉伯数字"
                            "（如 3000 或 12.5），不要带“约”“左右”、单位或文字。", _loc(name, r, col_v)))
        ok = False
    stat_unit = str(key[5] or "")
    unit = str(cells["单位"] or stat_unit).strip()
    if not units.compatible(unit, stat_unit) and unit != stat_unit:
        choices = "、".join(unit_choices(stat_unit))
        issues.append(issue("excel-bad-unit", f"{_at(r, col_u)}：单位“{unit}”与指标单位“{stat_unit}”不一致且"
                            f"不能换算，请从下拉列表中选择：{choices}。", _loc(name, r, col_u)))
        ok = False
    status_text = str(cells["数据状态"] or "").strip()
    if status_text and status_text not in STATUS_CHOICES:
        issues.append(issue("excel-bad-status", f"{_at(r, col_s)}：数据状态“{status_text}”无法识别，请选择"
                            f"{'、'.join(STATUS_CHOICES)}之一。", _loc(name, r, col_s)))
        ok = False
    if not ok or value is None:
        return None
    if unit != stat_unit:
        value = units.convert(value, unit, stat_unit)
    Period(str(key[4]))  # the template wrote it; a bad code here is a programming error
    return ReportedValue(
        row=r, cell=f"{get_column_letter(col_v)}{r}", indicator_id=str(key[1]),
        statistic=str(key[2]), region=str(key[3]), period=str(key[4]), value=value,
        unit=stat_unit, text=f"{raw}{unit}", status=STATUS_CHOICES.get(status_text, "preliminary"),
        source_text=str(cells["资料来源"] or "").strip(), note=str(cells["备注"] or "").strip(),
    )
