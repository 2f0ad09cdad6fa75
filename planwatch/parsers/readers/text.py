"""Plain text extracted from PDF or Word.

Two table layouts come out of such text:

* one cell per line, each cell line starting with a tab (seed 004 表1 and 附件1): a blank line
  before a cell line starts a new row, an empty cell is a bare tab, and a cell broken over several
  lines continues on lines without a tab;
* one row per line with the cells separated by spaces (seed 003 表4-1): rebuilt by
  :mod:`planwatch.parsers.readers.text_rows` from the paragraphs after an indicator caption.

Lines are numbered from 1 as an editor shows them.
"""

from __future__ import annotations

import re
from pathlib import Path

from planwatch.issues import issue
from planwatch.parsers.blocks import Block, Blocks, Cell, Paragraph, Table, join_fragments
from planwatch.parsers.readers import column_text, text_rows

CAPTION = re.compile(
    r"^\s*((?:表|附表|附件|专栏)\s*[0-9０-９一二三四五六七八九十]+(?:\s*[-－—.]\s*[0-9０-９]+)?)\s*[:：、.]?\s*\S"
)
NOTE = re.compile(r"^\s*(?:注|说明|备注)\s*[:：0-9１-９]")
HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|第[一二三四五六七八九十]+[章节])")
PAGE_NUMBER = re.compile(r"^(?:[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d{1,3}\s*页(?:\s*共\s*\d+\s*页)?)$")
_MAX_CONTINUATION_LINES = 3
_MAX_CONTINUATION_CHARS = 60


def accepts(path: Path, head: bytes) -> bool:
    return path.suffix.lower() in (".txt", ".text", ".md", "") and b"\x00" not in head


def decode(path: Path, data: bytes, out: Blocks) -> str | None:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    out.issues.append(issue(
        "unreadable-document",
        f"文件“{path.name}”不是 UTF-8 或 GB18030 编码的文本，无法读取。请另存为 UTF-8 文本，"
        "或直接提供 .docx / .pdf / .xlsx 文件。",
        out.location(),
    ))
    return None


def read(path: Path) -> Blocks:
    out = Blocks(file=path.name, layout="text")
    text = decode(path, path.read_bytes(), out)
    if text is None:
        return out
    lines = [ln.rstrip("\r") for ln in text.split("\n")]
    blocks: list[Block] = []
    for start, end, table in column_text.split(lines):
        if table is not None:
            table.index = sum(isinstance(b, Table) for b in blocks) + 1
            blocks.append(table)
        else:
            blocks.extend(read_lines([ln.replace("\f", "") for ln in lines[start:end]], offset=start))
    out.blocks = blocks
    text_rows.rebuild(out)
    attach_captions_and_notes(out.blocks)
    return out


def read_lines(lines: list[str], offset: int = 0) -> list[Block]:
    blocks: list[Block] = []
    i, n = 0, len(lines)
    while i < n:
        if _is_cell_line(lines[i]):
            table, i = _read_cell_table(lines, i, offset)
            table.index = sum(isinstance(b, Table) for b in blocks) + 1
            blocks.append(table)
            continue
        if lines[i].strip():
            blocks.append(Paragraph(lines[i].strip(), line=offset + i + 1))
        i += 1
    return blocks


def _blank(line: str) -> bool:
    return "\t" not in line and not line.strip()


def _is_cell_line(line: str) -> bool:
    return line.startswith("\t") or "\t" in line.strip()


def _read_cell_table(lines: list[str], start: int, offset: int = 0) -> tuple[Table, int]:
    rows: list[list[Cell]] = []
    parts: list[list[str]] = []  # text pieces of the current row's cells
    j, n = start, len(lines)
    while j < n:
        line = lines[j]
        if _is_cell_line(line):
            new_row = not rows or _blank(lines[j - 1])
            inner = line[1:] if line.startswith("\t") else line
            if "\t" in inner:  # a whole row on one line, tab-separated
                rows.append([Cell(c.strip(), line=offset + j + 1) for c in inner.split("\t")])
                parts.append([c.strip() for c in inner.split("\t")])
                rows.append([])  # the next cell line starts a fresh row
                parts.append([])
            else:
                if new_row and (not rows or rows[-1]):
                    rows.append([])
                    parts.append([])
                rows[-1].append(Cell(inner.strip(), line=offset + j + 1))
                parts[-1].append(inner.strip())
            j += 1
            continue
        if not line.strip() or PAGE_NUMBER.match(line.strip()):
            j += 1  # page footers ("- 3 -", "第3页") between rows are not content
            continue
        run_end, run = _continuation(lines, j)
        if run is None or not rows or not rows[-1]:
            break
        last = rows[-1][-1]
        text = join_fragments([parts[-1][-1], *run])
        parts[-1][-1] = text
        rows[-1][-1] = Cell(text, line=last.line, ref=last.ref)
        j = run_end
    table = Table(rows=[r for r in rows if r], layout="cells")
    return table, j


def _continuation(lines: list[str], j: int) -> tuple[int, list[str] | None]:
    """Non-tab lines that continue the last cell: a short run followed by more cell lines."""
    run: list[str] = []
    k = j
    while k < len(lines) and not _is_cell_line(lines[k]):
        if lines[k].strip():
            run.append(lines[k].strip())
            if len(run) > _MAX_CONTINUATION_LINES:
                return j, None
        k += 1
    if k >= len(lines) or sum(len(r) for r in run) > _MAX_CONTINUATION_CHARS:
        return j, None
    if any(CAPTION.match(r) or NOTE.match(r) or HEADING.match(r) for r in run):
        return j, None
    # the run ends right before a cell line: keep blank-line information for the row split
    last_text = max(i for i in range(j, k) if lines[i].strip())
    return last_text + 1, run


def attach_captions_and_notes(blocks: list[Block]) -> None:
    """Give each table the caption printed just above it and the notes just below it; both
    paragraphs stay in the document as well (they are text too)."""
    for pos, block in enumerate(blocks):
        if not isinstance(block, Table):
            continue
        if block.caption is None:
            for back in range(pos - 1, max(pos - 3, -1), -1):
                prev = blocks[back]
                if isinstance(prev, Paragraph) and CAPTION.match(prev.text):
                    block.caption, block.caption_line = prev.text.strip(), prev.line
                    break
                if isinstance(prev, Table):
                    break
        if not block.notes:
            block.notes = collect_notes(blocks, pos + 1)


def collect_notes(blocks: list[Block], start: int) -> list[Paragraph]:
    notes: list[Paragraph] = []
    for b in blocks[start : start + 10]:
        if not isinstance(b, Paragraph):
            break
        if not notes:
            if not NOTE.match(b.text):
                break
            notes.append(b)
            continue
        if HEADING.match(b.text) or CAPTION.match(b.text) or NOTE.match(b.text):
            break
        numbered = re.match(r"^\s*[0-9０-９（(]", b.text)
        if not numbered and (len(b.text) > 80 or notes[-1].text.rstrip().endswith(("。", ".", "！"))):
            break
        notes.append(b)
    return notes
