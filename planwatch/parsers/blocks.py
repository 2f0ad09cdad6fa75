"""The common block model every reader produces: paragraphs and tables with their places.

A reader turns a file (text extracted from PDF/Word, ``.docx``, ``.pdf``, ``.xlsx``) into a
:class:`Blocks`: paragraphs with line (or page) numbers, and tables whose cells carry where they
were read from. The plan parsers work on blocks only, so they never depend on the file format.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from planwatch.issues import Issue, Location


@dataclass(frozen=True)
class Cell:
    """One table cell as printed, with where it came from."""

    text: str
    line: int | None = None  # 1-based line in a text file
    ref: str | None = None  # "R3C2" in a Word/PDF table, "Sheet1!C7" in a workbook
    page: int | None = None

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True)
class Paragraph:
    text: str
    line: int | None = None  # 1-based line in a text file or in a PDF page's text
    page: int | None = None
    ref: str | None = None  # "第12段" in a Word document


@dataclass
class Table:
    """A table: rows of cells, its caption (表1：…), and the notes printed under it (注：…).

    ``header_rows`` is how many leading rows are headers when the reader knows it (text tables
    rebuilt from one-row-per-line layouts); ``None`` lets the parser decide."""

    rows: list[list[Cell]]
    caption: str | None = None
    caption_line: int | None = None
    index: int = 0  # 1-based order of the table in the document
    page: int | None = None
    notes: list[Paragraph] = field(default_factory=list)
    header_rows: int | None = None
    issues: list[Issue] = field(default_factory=list)  # problems the reader met while rebuilding
    layout: str = "cells"  # cells | text-rows | docx | pdf | xlsx

    @property
    def name(self) -> str:
        """The table's printed name (表1, 表4-1, 附件1) or its position."""
        if self.caption:
            m = re.match(r"\s*((?:表|附件|附表|专栏)\s*[0-9０-９一二三四五六七八九十\-－—.]+)", self.caption)
            if m:
                return re.sub(r"\s+", "", m[1]).rstrip(".")
        return f"第{self.index}个表格"

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


Block = Paragraph | Table


@dataclass
class Blocks:
    """A document read into blocks, with the problems met while reading it."""

    file: str  # the file name shown to users
    blocks: list[Block] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    layout: str = "text"

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def location(
        self, *, line: int | None = None, table: str | None = None, cell: str | None = None,
        field: str | None = None, page: int | None = None,
    ) -> Location:
        if page is not None and cell is None:
            cell = f"第{page}页"
        elif page is not None and cell is not None:
            cell = f"第{page}页 {cell}"
        return Location(file=self.file, line=line, table=table, cell=cell, field=field)


def norm(text: str) -> str:
    """NFKC (full-width digits and brackets to ASCII) without touching Chinese punctuation
    that NFKC leaves alone; whitespace collapsed."""
    t = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", " ", t).strip()


def join_fragments(parts: list[str]) -> str:
    """Join the pieces of a cell broken over several lines: no space between Chinese pieces,
    one space between two Latin words."""
    out = ""
    for p in (x.strip() for x in parts):
        if not p:
            continue
        if out and re.match(r"[A-Za-z0-9]", p) and re.search(r"[A-Za-z]$", out):
            out += " "
        out += p
    return out


def squeeze(text: str) -> str:
    """A name as one string: spaces between Chinese and Latin pieces removed."""
    t = re.sub(r"\s+", " ", text.strip())
    t = re.sub(r"(?<=[^\x00-\x7f]) (?=\S)|(?<=\S) (?=[^\x00-\x7f])", "", t)
    return t
