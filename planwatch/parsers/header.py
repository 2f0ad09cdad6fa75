"""A table's header: how many rows it takes, and each column's text, role and year.

Headers span several rows when a group label sits above its columns (附件1: "2020年现状数据"
over three indicator columns). In text extracted from Word the group label is one cell; in a
Word or Excel file the merged cell repeats (python-docx) or is filled in by the reader.
"""

from __future__ import annotations

from dataclasses import dataclass

from planwatch.parsers.blocks import Cell, Table, join_fragments
from planwatch.parsers.columns import Role, column_role, is_value, nature_of, resolve_years


@dataclass(frozen=True)
class Column:
    index: int
    text: str  # the header text, top to bottom
    role: Role
    year: int | None
    bottom: str  # the lowest header cell alone (the indicator name under a group label)


@dataclass(frozen=True)
class Header:
    rows: int
    columns: tuple[Column, ...]
    texts: tuple[tuple[str, ...], ...]  # each header row's cell texts, to spot repeats

    def find(self, role: Role) -> Column | None:
        return next((c for c in self.columns if c.role is role), None)

    def all(self, role: Role) -> list[Column]:
        return [c for c in self.columns if c.role is role]

    def is_repeat(self, row: list[Cell]) -> bool:
        """A header row printed again after a page break."""
        texts = tuple(c.text.strip() for c in row)
        return any(texts == t for t in self.texts) and any(texts)


def is_data_row(row: list[Cell]) -> bool:
    return any(is_value(c.text) and not nature_of(c.text) for c in row)


def header_of(table: Table) -> Header:
    width = table.width
    n = table.header_rows
    if n is None:
        n = 0
        while n < min(len(table.rows), 4) and not is_data_row(table.rows[n]):
            n += 1
    grid = [_spread(table.rows[r], width) for r in range(n)]
    columns = []
    for col in range(width):
        pieces: list[str] = []
        for row in grid:
            t = row[col].strip()
            if t and (not pieces or pieces[-1] != t):
                pieces.append(t)
        text = join_fragments(pieces)
        role, year = column_role(text)
        if len(pieces) > 1 and role in (Role.NAME, Role.OTHER):
            # a year under a group label ("指标值" over "2020年 | 2025年"): the year decides
            role_bottom, year_bottom = column_role(pieces[-1])
            if role_bottom in (Role.YEAR, Role.BASE, Role.TARGET):
                role, year = role_bottom, year_bottom or year
        if role is Role.OTHER and pieces:  # a group label over an indicator column
            role_top, year_top = column_role(pieces[0])
            year = year or year_top
        columns.append((col, text, role, year, pieces[-1] if pieces else ""))
    resolved = resolve_years([(r, y) for _, _, r, y, _ in columns])
    cols = tuple(
        Column(i, text, r, y, bottom) for (i, text, _, _, bottom), (r, y) in zip(columns, resolved, strict=True)
    )
    texts = tuple(tuple(c.text.strip() for c in table.rows[r]) for r in range(n))
    return Header(n, cols, texts)


def _spread(row: list[Cell], width: int) -> list[str]:
    """A header row's texts placed on the table's columns: a short row's first cell stays in
    the first column and the rest share the remaining columns equally (group labels)."""
    texts = [c.text for c in row]
    if len(texts) >= width or len(texts) <= 1:
        return (texts + [""] * width)[:width]
    rest = texts[1:]
    if (width - 1) % len(rest) == 0:
        span = (width - 1) // len(rest)
        return [texts[0], *[t for t in rest for _ in range(span)]]
    return (texts + [""] * width)[:width]
