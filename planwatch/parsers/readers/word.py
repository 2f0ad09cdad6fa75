"""Word documents (.docx) via python-docx: paragraphs and real tables, in document order.

Merged cells come back from python-docx with their text repeated in every grid cell they cover,
so a category merged down several rows is read on each of them. Paragraphs have no line numbers
in Word; they are numbered in order (第N段) and tables are located by row and column (R3C2).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from planwatch.issues import issue
from planwatch.parsers.blocks import Block, Blocks, Cell, Paragraph, Table
from planwatch.parsers.readers.tidy import finish


def accepts(path: Path, head: bytes) -> bool:
    return path.suffix.lower() in (".docx", ".docm") or (
        head.startswith(b"PK") and b"word/" in head
    )


def read(path: Path) -> Blocks:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.oxml.ns import qn
    from docx.table import Table as DocxTable

    out = Blocks(file=path.name, layout="docx")
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        out.issues.append(issue(
            "unreadable-document",
            f"文件“{path.name}”不是有效的 Word（.docx）文档，可能已损坏或实为其他格式"
            f"（{type(exc).__name__}）。请用 Word 或 WPS 打开后另存为 .docx 再试；"
            "旧版 .doc 文件须先另存为 .docx。",
            out.location(),
        ))
        return out
    blocks: list[Block] = []
    para_no = 0
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            para_no += 1
            text = "".join(t.text or "" for t in child.iter(qn("w:t"))).strip()
            if text:
                blocks.append(Paragraph(text, line=None, ref=f"第{para_no}段"))
        elif child.tag == qn("w:tbl"):
            table = DocxTable(child, document)
            rows = [
                [Cell(c.text.strip(), ref=f"R{r}C{k}") for k, c in enumerate(row.cells, 1)]
                for r, row in enumerate(table.rows, 1)
            ]
            blocks.append(Table(rows=rows, layout="docx"))
    finish(blocks)
    out.blocks = blocks
    return out
