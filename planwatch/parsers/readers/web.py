"""Web pages (.html/.htm) as saved from a government portal: the article's paragraphs and its
tables, in document order, with the page furniture (navigation, scripts, styles, footers) left out.

Tables are laid out on their grid: a cell spanning rows or columns (rowspan/colspan) is repeated
in every grid cell it covers, as Word merged cells are, so a category spanning several rows is
read on each of them. Only innermost tables are tables; a table used to lay out the page is read
for the tables and paragraphs inside it. The encoding is the one the page declares (UTF-8, GBK,
GB18030, Big5), else UTF-8, else GB18030.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from planwatch.issues import issue
from planwatch.parsers.blocks import Block, Blocks, Cell, Paragraph, Table
from planwatch.parsers.readers.tidy import finish

_SKIP = {"script", "style", "noscript", "head", "nav", "header", "footer", "form", "select",
         "button", "iframe", "object", "svg", "template"}
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article", "br",
          "blockquote", "pre", "dd", "dt", "center", "td", "th", "tr", "table", "ul", "ol"}
_FURNITURE = re.compile(r"(?:^|[\s_-])(?:nav|menu|footer|header|crumb|breadcrumb|sidebar|share|"
                        r"toolbar|copyright|banner|top|bottom|foot)(?:$|[\s_-])", re.I)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)
_MAX_SPAN = 200


def accepts(path: Path, head: bytes) -> bool:
    if path.suffix.lower() in (".html", ".htm", ".xhtml", ".shtml"):
        return True
    start = head.lstrip()[:200].lower()
    return start.startswith((b"<!doctype html", b"<html")) or b"<html" in start[:100]


def decode(data: bytes) -> str | None:
    m = _CHARSET.search(data[:4096])
    declared = m[1].decode("ascii", "replace").lower() if m else None
    tries = []
    if declared:
        tries.append({"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030"}.get(declared, declared))
    tries += ["utf-8-sig", "gb18030"]
    for enc in tries:
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    return None


def read(path: Path) -> Blocks:
    import lxml.html

    out = Blocks(file=path.name, layout="html")
    text = decode(path.read_bytes())
    if text is None:
        out.issues.append(issue(
            "unreadable-document",
            f"网页文件“{path.name}”的编码无法识别（不是 UTF-8、GBK 或 GB18030）。"
            "请在浏览器中打开后“另存为”网页（UTF-8），或复制正文另存为 .docx 再试。",
            out.location()))
        return out
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    if not text.strip():
        out.issues.append(issue("unreadable-document", f"网页文件“{path.name}”是空的。", out.location()))
        return out
    root = lxml.html.document_fromstring(text)
    body = root.find("body")
    blocks: list[Block] = []
    walker = _Walker(blocks)
    walker.walk(body if body is not None else root)
    walker.flush()
    finish(blocks)
    out.blocks = blocks
    return out


class _Walker:
    def __init__(self, blocks: list[Block]) -> None:
        self.blocks = blocks
        self.buf: list[str] = []
        self.para = 0

    def flush(self) -> None:
        text = re.sub(r"[ \t\r\n\u3000\xa0]+", " ", "".join(self.buf)).strip()
        self.buf = []
        if text:
            self.para += 1
            self.blocks.append(Paragraph(text, ref=f"第{self.para}段"))

    def walk(self, el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.lower()
        if tag in _SKIP or _furniture(el):
            self._tail(el)
            return
        if tag == "table" and not el.xpath(".//table"):
            self.flush()
            table = _table(el)
            if table is not None:
                self.blocks.append(table)
            self._tail(el)
            return
        block = tag in _BLOCK
        if block:
            self.flush()
        if el.text and tag:
            self.buf.append(el.text)
        for child in el:
            self.walk(child)
        if block:
            self.flush()
        self._tail(el)

    def _tail(self, el: Any) -> None:
        if el.tail:
            self.buf.append(el.tail)


def _furniture(el: Any) -> bool:
    attrs = f"{el.get('class') or ''} {el.get('id') or ''} {el.get('role') or ''}"
    return bool(attrs.strip()) and bool(_FURNITURE.search(attrs)) and not el.xpath(".//table//table")


def _cell_text(td: Any) -> str:
    parts: list[str] = []
    for node in td.iter():
        if isinstance(node.tag, str) and node.tag.lower() in ("script", "style"):
            continue
        if isinstance(node.tag, str) and node.tag.lower() in ("br", "p", "div") and parts:
            parts.append("\n")
        if node.text and node is not td or (node is td and td.text):
            parts.append(node.text or "")
        if node is not td and node.tail:
            parts.append(node.tail)
    lines = [re.sub(r"[ \t\r\u3000\xa0]+", " ", ln).strip() for ln in "".join(parts).split("\n")]
    from planwatch.parsers.blocks import join_fragments

    return join_fragments([ln for ln in lines if ln])


def _span(td: Any, attr: str) -> int:
    try:
        return max(1, min(int(str(td.get(attr) or "1").strip() or 1), _MAX_SPAN))
    except ValueError:
        return 1


def _table(el: Any) -> Table | None:
    grid: dict[tuple[int, int], str] = {}
    rows = [tr for tr in el.iter("tr")]
    width = 0
    for r, tr in enumerate(rows):
        c = 0
        for td in tr:
            if not isinstance(td.tag, str) or td.tag.lower() not in ("td", "th"):
                continue
            while (r, c) in grid:
                c += 1
            text = _cell_text(td)
            rs, cs = _span(td, "rowspan"), _span(td, "colspan")
            for dr in range(rs):
                for dc in range(cs):
                    if r + dr < len(rows):
                        grid[(r + dr, c + dc)] = text
            c += cs
            width = max(width, c)
    if not rows or width == 0:
        return None
    cells = [[Cell(grid.get((r, k), ""), ref=f"R{r + 1}C{k + 1}") for k in range(width)]
             for r in range(len(rows))]
    cells = [row for row in cells if any(not c.blank for c in row)]
    return Table(rows=cells, layout="html") if cells else None
