"""Excel workbooks (.xlsx) via openpyxl: each sheet's used range as one table.

Merged ranges are filled with their top-left value (a category merged down several rows is read
on each of them). Rows above the table holding a single cell (a caption) become paragraphs, as do
notes (注：…) under it. Cells are located as ``Sheet!C7``.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from planwatch.issues import issue
from planwatch.parsers.blocks import Block, Blocks, Cell, Paragraph, Table
from planwatch.parsers.readers.tidy import finish


def accepts(path: Path, head: bytes) -> bool:
    return path.suffix.lower() in (".xlsx", ".xlsm")


def read(path: Path) -> Blocks:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    out = Blocks(file=path.name, layout="xlsx")
    try:
        wb = openpyxl.load_workbook(str(path), data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        out.issues.append(issue(
            "unreadable-document",
            f"文件“{path.name}”不是有效的 Excel（.xlsx）工作簿，可能已损坏（{type(exc).__name__}）。"
            "请用 Excel 或 WPS 打开后另存为 .xlsx 再试。",
            out.location(),
        ))
        return out
    blocks: list[Block] = []
    for ws in wb.worksheets:
        blocks.extend(_sheet(ws))
    finish(blocks)
    out.blocks = blocks
    return out


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.10g}"
    return str(v).strip()


def _sheet(ws: Any) -> list[Block]:
    grid = [[_text(c.value) for c in row] for row in ws.iter_rows()]
    for rng in ws.merged_cells.ranges:
        top = grid[rng.min_row - 1][rng.min_col - 1]
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                grid[r - 1][c - 1] = top
    from openpyxl.utils import get_column_letter

    rows: list[list[Cell]] = []
    blocks: list[Block] = []
    for r, texts in enumerate(grid, 1):
        filled = [t for t in texts if t]
        if not filled:
            continue
        ref = f"{ws.title}!A{r}"
        if len(set(filled)) == 1 and (not rows or filled[0].startswith(("注", "说明"))):
            para = Paragraph(filled[0], ref=ref)
            if rows:
                blocks.append(Table(rows=rows, layout="xlsx"))
                rows = []
            blocks.append(para)
            continue
        rows.append([Cell(t, ref=f"{ws.title}!{get_column_letter(c)}{r}") for c, t in enumerate(texts, 1)])
    if rows:
        blocks.append(Table(rows=rows, layout="xlsx"))
    return blocks
