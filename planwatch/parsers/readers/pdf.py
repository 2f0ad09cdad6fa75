"""PDF documents via pdfplumber: the text of each page outside its tables, one paragraph per
line, and the tables pdfplumber finds, merged when a table continues on the next page.

An encrypted PDF or one with no text layer (a scan) cannot be read; both get a message saying
what to do instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from planwatch.issues import issue
from planwatch.parsers.blocks import Block, Blocks, Cell, Paragraph, Table
from planwatch.parsers.readers.tidy import finish


def accepts(path: Path, head: bytes) -> bool:
    return path.suffix.lower() == ".pdf" or head.startswith(b"%PDF")


def read(path: Path) -> Blocks:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    out = Blocks(file=path.name, layout="pdf")
    try:
        with pdfplumber.open(str(path)) as pdf:
            blocks, chars = _read_pages(pdf.pages)
            if chars and not _has_indicator_table(blocks):
                laid_out = _read_layout(pdf.pages)  # a table without rules: columns from positions
                if _has_indicator_table(laid_out):
                    blocks = laid_out
    except (PdfminerException, PDFPasswordIncorrect, PDFEncryptionError) as exc:
        inner = exc.args[0] if exc.args else exc
        encrypted = isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError)) or isinstance(
            exc, (PDFPasswordIncorrect, PDFEncryptionError))
        msg = (f"PDF 文件“{path.name}”已加密，需要密码才能打开。请提供未加密的版本"
               "（在阅读器中输入密码后“另存为”或“打印为 PDF”），或提供 Word 原件。"
               if encrypted else
               f"PDF 文件“{path.name}”无法解析，可能已损坏（{type(inner).__name__}）。请重新导出 PDF 或提供 Word 原件。")
        out.issues.append(issue("unreadable-document", msg, out.location()))
        return out
    if chars == 0:
        out.issues.append(issue(
            "unreadable-document",
            f"PDF 文件“{path.name}”没有文字层（可能是扫描件或图片），无法读取表格和文字。"
            "请先做文字识别（OCR），或提供 Word 原件、可复制文字的 PDF。",
            out.location(),
        ))
        return out
    finish(blocks)
    out.blocks = blocks
    return out


def _read_pages(pages: list[Any]) -> tuple[list[Block], int]:
    blocks: list[Block] = []
    chars = 0
    for page_no, page in enumerate(pages, 1):
        chars += len(page.chars)
        found = page.find_tables()
        items: list[tuple[float, Block]] = []
        for t in found:
            rows = [
                [Cell((c or "").replace("\n", "").strip(), ref=f"R{r}C{k}", page=page_no)
                 for k, c in enumerate(row, 1)]
                for r, row in enumerate(t.extract(), 1)
            ]
            items.append((t.bbox[1], Table(rows=rows, page=page_no, layout="pdf")))
        boxes = [t.bbox for t in found]
        text_page = page.filter(lambda obj, boxes=boxes: not _inside(obj, boxes))
        for n, line in enumerate(text_page.extract_text_lines(), 1):
            text = line["text"].strip()
            if text:
                items.append((line["top"], Paragraph(text, line=n, page=page_no)))
        items.sort(key=lambda it: it[0])
        for _, block in items:
            _append(blocks, block)
    return blocks, chars


def _inside(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    if "x0" not in obj or "top" not in obj:
        return False
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


def _append(blocks: list[Block], block: Block) -> None:
    """A table that starts a page right after a table of the same width on the previous page
    continues it (page footers in between are dropped)."""
    if isinstance(block, Table) and block.rows:
        k = len(blocks) - 1
        while k >= 0 and isinstance(blocks[k], Paragraph) and _footer(blocks[k]):  # type: ignore[arg-type]
            k -= 1
        prev = blocks[k] if k >= 0 else None
        if (isinstance(prev, Table) and prev.page is not None and block.page == prev.page + 1
                and prev.width == block.width):
            del blocks[k + 1 :]
            _continue(prev, block.rows)
            return
    blocks.append(block)


def _footer(p: Paragraph) -> bool:
    import re

    return bool(re.fullmatch(r"[-—–]?\s*\d{1,3}\s*[-—–]?|第\s*\d+\s*页.*", p.text.strip()))


def _has_indicator_table(blocks: list[Block]) -> bool:
    from planwatch.parsers.header import header_of
    from planwatch.parsers.indicator_table import is_indicator_table

    return any(isinstance(b, Table) and b.rows and is_indicator_table(header_of(b)) for b in blocks)


def _read_layout(pages: list[Any]) -> list[Block]:
    """The pages' text laid out by position (pdfplumber's layout mode), read for space-aligned
    column tables (planwatch.parsers.readers.column_text); other lines are paragraphs."""
    from planwatch.parsers.readers import column_text

    lines: list[str] = []
    where: list[tuple[int, int]] = []  # (page, line on the page)
    for page_no, page in enumerate(pages, 1):
        n = 0
        for k, raw in enumerate(page.extract_text(layout=True).split("\n")):
            if not raw.strip():
                continue
            n += 1
            lines.append(("\f" if k == 0 and page_no > 1 else "") + raw.rstrip())
            where.append((page_no, n))
    blocks: list[Block] = []
    for start, end, table in column_text.split(lines):
        if table is not None:
            page_no = where[start][0]
            table.page = page_no
            table.rows = [[Cell(c.text, line=where[c.line - 1][1] if c.line else None,
                                page=where[c.line - 1][0] if c.line else page_no) for c in row]
                          for row in table.rows]
            table.layout = "pdf"
            blocks.append(table)
            continue
        for k in range(start, end):
            text = lines[k].replace("\f", "").strip()
            if text:
                blocks.append(Paragraph(text, line=where[k][1], page=where[k][0]))
    return blocks


def _continue(prev: Table, rows: list[list[Cell]]) -> None:
    """Add the rows of a table continued on the next page: the repeated header is dropped, a row
    broken by the page break (常住人口城镇化 / 率) becomes one row again, and a category broken by
    it (创新驱 / 动) one category."""
    from planwatch.parsers.blocks import join_fragments
    from planwatch.parsers.columns import is_value

    head = [c.text.strip() for c in prev.rows[0]] if prev.rows else []
    rows = list(rows)
    while rows and [c.text.strip() for c in rows[0]] == head:
        rows.pop(0)
    last = prev.rows[-1] if prev.rows else None
    if rows and last is not None and len(last) == len(rows[0]):
        first = rows[0]
        filled = [c for c in first if not c.blank]
        if filled and first[0].blank and not any(is_value(c.text) for c in filled) and len(filled) <= 2:
            prev.rows[-1] = [Cell(join_fragments([a.text, b.text]), line=a.line, ref=a.ref, page=a.page)
                             for a, b in zip(last, first, strict=True)]
            rows.pop(0)
        elif rows and not first[0].blank and len(first[0].text.strip()) <= 2 and not last[0].blank \
                and len(last[0].text.strip()) + len(first[0].text.strip()) <= 6:
            last[0] = Cell(last[0].text.strip() + first[0].text.strip(), line=last[0].line,
                           ref=last[0].ref, page=last[0].page)
            first[0] = Cell("", line=first[0].line, ref=first[0].ref, page=first[0].page)
    prev.rows.extend(rows)
