"""Cells that cannot execute (issue 18, M-5): every workbook the app writes is saved through
:func:`save`, which turns each text starting with ``=``, ``+``, ``-`` or ``@`` (or a tab or
carriage return, or their full-width forms) into a text cell with Excel's quote prefix. A name
or source typed as ``=HYPERLINK(…)`` then shows as typed and is never run as a formula, also
after the user edits the cell. The app writes no formulas of its own into cells."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

#: first characters that make a spreadsheet read a typed text as a formula
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def as_text(wb: Any) -> int:
    """Mark every formula-looking text of ``wb`` (an openpyxl Workbook) as plain text; returns
    how many cells were marked."""
    marked = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, str) and value.startswith(FORMULA_START):
                    cell.data_type = "s"
                    cell.quotePrefix = True
                    marked += 1
    return marked


def save(wb: Any, target: Path | str | IO[bytes]) -> None:
    """Save ``wb`` with every formula-looking text written as text."""
    as_text(wb)
    wb.save(str(target) if isinstance(target, Path) else target)
