"""The reporting workbook (填报表) for a department or a county, written with openpyxl.

Layout of the sheet 填报表 (the importer reads the same constants):

* row 1 title, row 2 how to fill in, row 3 headers — locked;
* one row per (indicator, region, period) from row 4; only the yellow cells (单位, 本期数值, 数据状态,
  资料来源, 备注) are unlocked; the sheet is protected;
* the hidden sheet ``_keys`` holds, row for row, the indicator id, statistic, region id and period,
  so the importer knows exactly which rows the template had.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from planwatch.workbook import cells

SHEET = "填报表"
KEYS_SHEET = "_keys"
HELP_SHEET = "填报说明"
FIRST_ROW = 4
HEADERS = ("序号", "指标编号", "指标名称", "地区", "时期", "单位", "上期值（时期）", "规划基数",
           "规划目标", "本期数值", "数据状态", "资料来源", "备注")
COL = {h: i + 1 for i, h in enumerate(HEADERS)}  # header → column number
EDITABLE = ("单位", "本期数值", "数据状态", "资料来源", "备注")
STATUS_CHOICES = {"初步数": "preliminary", "最终数": "final", "修订数": "revised", "预计数": "estimated"}
WIDTHS = (6, 22, 30, 10, 10, 10, 20, 12, 14, 14, 10, 30, 20)
FORMAT_VERSION = "planwatch-report-template/1"

_YELLOW = PatternFill("solid", fgColor="FFF2CC")
_GREY = PatternFill("solid", fgColor="EDEDED")
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


@dataclass(frozen=True)
class TemplateRow:
    indicator_id: str
    indicator_name: str
    statistic: str
    region_id: str
    region_name: str
    period: str  # period code, e.g. 2023
    period_label: str
    unit: str
    unit_choices: tuple[str, ...]
    previous_text: str  # 6740.8（2022年） or —
    base_text: str
    target_text: str


@dataclass(frozen=True)
class TemplateSpec:
    reporter_id: str
    reporter_name: str
    reporter_kind: str  # department | region
    period: str
    rows: tuple[TemplateRow, ...]
    note: str = ""  # shown when there are no rows, e.g. 内置数据未为该部门分配指标
    generated_at: str = ""


def write_template(spec: TemplateSpec, path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    _header(ws, spec)
    for n, row in enumerate(spec.rows):
        _data_row(ws, FIRST_ROW + n, n + 1, row)
    _validations(ws, spec.rows)
    if not spec.rows:
        ws.cell(FIRST_ROW, 1, spec.note or "无需填报的指标。").font = Font(color="C00000", bold=True)
    for i, w in enumerate(WIDTHS, 1):
        ws.column_dimensions[ws.cell(3, i).column_letter].width = w
    # the indicator's code is for the import (and the hidden key sheet), not for the reader
    ws.column_dimensions[ws.cell(3, COL["指标编号"]).column_letter].hidden = True
    ws.freeze_panes = ws.cell(FIRST_ROW, 4)
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    _keys(wb, spec)
    _help(wb, spec)
    cells.save(wb, path)
    return path


def _header(ws: Worksheet, spec: TemplateSpec) -> None:
    kind = "部门" if spec.reporter_kind == "department" else "地区"
    ws.cell(1, 1, f"规划指标数据填报表（填报{kind}：{spec.reporter_name}；填报时期：{spec.period}）")
    ws.cell(1, 1).font = Font(size=14, bold=True)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    ws.cell(2, 1, "只填写黄色单元格；灰色单元格和表头已锁定，请勿修改、插入或删除行。数值请填写阿拉伯数字，"
                  "单位从下拉列表中选择。详见“填报说明”工作表。")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(HEADERS))
    ws.cell(2, 1).alignment = Alignment(wrap_text=True)
    ws.row_dimensions[2].height = 32
    for i, h in enumerate(HEADERS, 1):
        c = ws.cell(3, i, h)
        c.font = Font(bold=True)
        c.fill = _YELLOW if h in EDITABLE else _GREY
        c.border = _BORDER
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _data_row(ws: Worksheet, r: int, seq: int, row: TemplateRow) -> None:
    values = {
        "序号": seq, "指标编号": row.indicator_id, "指标名称": row.indicator_name,
        "地区": row.region_name, "时期": row.period_label, "单位": row.unit,
        "上期值（时期）": row.previous_text, "规划基数": row.base_text, "规划目标": row.target_text,
    }
    for h, col in COL.items():
        c = ws.cell(r, col, values.get(h))
        c.border = _BORDER
        editable = h in EDITABLE
        c.fill = _YELLOW if editable else _GREY
        c.protection = Protection(locked=not editable)
        if h == "本期数值":
            c.number_format = "0.00##"


def _validations(ws: Worksheet, rows: Sequence[TemplateRow]) -> None:
    if not rows:
        return
    last = FIRST_ROW + len(rows) - 1
    letter = {h: ws.cell(3, c).column_letter for h, c in COL.items()}
    num = DataValidation(type="decimal", operator="between", formula1="-1000000000000",
                         formula2="1000000000000", allow_blank=True, showErrorMessage=True,
                         errorTitle="请填写数字", error="本期数值只能填写阿拉伯数字，例如 3000 或 12.5。")
    num.add(f"{letter['本期数值']}{FIRST_ROW}:{letter['本期数值']}{last}")
    status = DataValidation(type="list", formula1='"' + ",".join(STATUS_CHOICES) + '"',
                            allow_blank=True, showErrorMessage=True, errorTitle="数据状态",
                            error="请从下拉列表中选择：初步数、最终数、修订数或预计数。")
    status.add(f"{letter['数据状态']}{FIRST_ROW}:{letter['数据状态']}{last}")
    ws.add_data_validation(num)
    ws.add_data_validation(status)
    by_choices: dict[tuple[str, ...], list[int]] = {}
    for n, row in enumerate(rows):
        by_choices.setdefault(row.unit_choices, []).append(FIRST_ROW + n)
    for choices, rownums in by_choices.items():
        dv = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=False,
                            showErrorMessage=True, errorTitle="单位",
                            error="请从下拉列表中选择单位：" + "、".join(choices))
        for r in rownums:
            dv.add(f"{letter['单位']}{r}")
        ws.add_data_validation(dv)


def _keys(wb: Workbook, spec: TemplateSpec) -> None:
    ks = wb.create_sheet(KEYS_SHEET)
    ks.append(["row", "indicator", "statistic", "region", "period", "unit", FORMAT_VERSION,
               spec.reporter_kind, spec.reporter_id])
    for n, row in enumerate(spec.rows):
        ks.append([FIRST_ROW + n, row.indicator_id, row.statistic, row.region_id, row.period,
                   row.unit])
    ks.sheet_state = "hidden"
    ks.protection.sheet = True


def _help(wb: Workbook, spec: TemplateSpec) -> None:
    hs = wb.create_sheet(HELP_SHEET)
    lines = [
        "填报说明",
        f"1. 本表由 planwatch 为“{spec.reporter_name}”生成（{spec.generated_at}），共{len(spec.rows)}行待填报指标。",
        "2. 只填写黄色单元格：单位（从下拉列表选择）、本期数值、数据状态、资料来源和备注；灰色单元格和表头已锁定。",
        "3. 本期数值请填写阿拉伯数字（如 3000、12.5），不要填写“约3000”“3千”等文字，也不要带单位。",
        "4. 单位须与指标单位一致或可换算（如 亿元/万元）；不可换算的单位将不被导入。",
        "5. 数据状态：初步数（快报、初步核算）、最终数（最终核实）、修订数（普查或修订后）、预计数（尚未统计）。",
        "6. 资料来源请写明文件名称或网址及发布日期，例如“某市2023年国民经济和社会发展统计公报”。",
        "7. 请勿插入、删除或移动行；新增的行不会被导入。未填写的行视为本期不报送。",
        "8. 导入后数值进入审核队列，经审核员确认后才计入统计数据；每个有问题的单元格都会给出说明。",
    ]
    if spec.note:
        lines.append(f"注：{spec.note}")
    for text in lines:
        hs.append([text])
    hs.column_dimensions["A"].width = 110
    hs.cell(1, 1).font = Font(size=14, bold=True)
    wb.move_sheet(HELP_SHEET, offset=-(len(wb.sheetnames) - 1))
    wb.active = wb.sheetnames.index(SHEET)
