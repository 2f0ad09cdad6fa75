"""Tables printed as space-aligned columns: the text export of a PDF (``pdftotext -layout``), a
PDF whose table has no rules (its text laid out by position), OCR output laid out the same way.

A header line names the columns (指标名称, 单位, 2020年, 目标, 属性 …); each column starts where
its header text starts, and every later token belongs to the column it starts in. A row starts on
a line with a value in the anchor column (序号, else 属性, else the base or target); the lines
below it until the next such line continue its cells (a name wrapped over two lines, a category
written down the side, a text target broken over lines). After a page break (form feed) the
repeated header is skipped and a name broken by the break stays one name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from planwatch.parsers.blocks import Cell, Table, join_fragments, norm
from planwatch.parsers.columns import Role, column_role, nature_of, resolve_years

_HEADER_NAME = re.compile(r"指标|名称|项目")
_HEADER_OTHER = re.compile(r"类别|序号|单位|属性|性质|目标|基数|基期|现状|规划|年均|(?:19|20)\d{2}")
_END = re.compile(r"^\s*(?:注|说明|备注|资料来源)\s*[:：0-9①]|^\s*(?:表|附表|附件|专栏)\s*[0-9一二三四五六七八九十]"
                  r"|^\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|第[一二三四五六七八九十]+[章节])")
_PAGE_NO = re.compile(r"^\s*(?:[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d{1,3}\s*页(?:\s*共\s*\d+\s*页)?|\d{1,3})\s*$")
_SEQ = re.compile(r"^\d{1,3}[.、]?$")
_MAX_ROWS = 2000


@dataclass(frozen=True)
class _Col:
    start: int
    end: int
    role: Role


def _tokens(line: str) -> list[tuple[int, str]]:
    return [(m.start(), m[0]) for m in re.finditer(r"\S+", line)]


def _is_header(line: str) -> bool:
    toks = re.split(r"\s{2,}", line.strip())
    if len(toks) < 4:
        return False
    text = norm(line)
    return bool(_HEADER_NAME.search(text)) and len(_HEADER_OTHER.findall(text)) >= 2 and not re.search(
        r"\d+\.\d", text)


def _columns(header_lines: list[str]) -> tuple[list[_Col], list[str]]:
    """Columns from the header lines: starts of the first line's groups (two or more spaces
    apart), texts of every header line added by position."""
    first = header_lines[0]
    groups = [(m.start(), m.end()) for m in re.finditer(r"\S+(?: \S+)*", first)]
    texts = [[first[a:b]] for a, b in groups]
    starts = [a for a, _ in groups]
    for line in header_lines[1:]:
        for pos, tok in _tokens(line):
            k = _place(starts, [b for _, b in groups], pos)
            texts[k].append(tok)
    joined = [join_fragments(t) for t in texts]
    roles = resolve_years([column_role(t) for t in joined])
    cols = [_Col(a, b, r) for (a, b), (r, _) in zip(groups, roles, strict=True)]
    return cols, joined


def _place(starts: list[int], ends: list[int], pos: int) -> int:
    """The column a token starting at ``pos`` belongs to: the last column whose left boundary
    (halfway into the gap before its header) it reaches."""
    k = 0
    for i in range(1, len(starts)):
        gap = starts[i] - ends[i - 1]
        boundary = starts[i] - max(1, gap // 2)
        if pos >= boundary:
            k = i
    return k


def split(lines: list[str]) -> list[tuple[int, int, Table | None]]:
    """The line ranges ``[start, end)`` of the document: a column table (with its Table) or
    plain text (None). Line numbers in cells are 1-based."""
    out: list[tuple[int, int, Table | None]] = []
    i = plain = 0
    n = len(lines)
    while i < n:
        if _is_header(lines[i].replace("\f", "")):
            table, end = _read(lines, i)
            if table is not None:
                if plain < i:
                    out.append((plain, i, None))
                out.append((i, end, table))
                i = plain = end
                continue
        i += 1
    if plain < n:
        out.append((plain, n, None))
    return out


class _Layout:
    """The columns in force (they move after a page break) and what the header looked like."""

    def __init__(self, hdr: list[str]) -> None:
        self.cols, self.head_texts = _columns(hdr)
        self.roles = [c.role for c in self.cols]
        self.sigs = {_sig(h) for h in hdr}
        self.first = _sig(hdr[0])[:6]
        self.anchor = next((self.roles.index(r) for r in (Role.SEQ, Role.NATURE, Role.TARGET, Role.BASE)
                            if r in self.roles), None)
        self.name_col = self.roles.index(Role.NAME) if Role.NAME in self.roles else 0

    @property
    def starts(self) -> list[int]:
        return [c.start for c in self.cols]

    @property
    def ends(self) -> list[int]:
        return [c.end for c in self.cols]

    def place(self, pos: int) -> int:
        return _place(self.starts, self.ends, pos)

    def is_page_number(self, line: str) -> bool:
        if not _PAGE_NO.match(line):
            return False
        return not (Role.SEQ in self.roles
                    and self.place(len(line) - len(line.lstrip())) == self.roles.index(Role.SEQ))

    def repeats_header(self, line: str) -> bool:
        return _sig(line) in self.sigs or (_is_header(line) and _sig(line)[:6] == self.first)

    def renew(self, again: list[str]) -> None:
        """The header printed again on a new page: that page's column positions."""
        new_cols, _ = _columns(again)
        if len(new_cols) == len(self.cols):
            self.cols = new_cols
        self.sigs |= {_sig(h) for h in again}

    def ends_table(self, toks: list[tuple[int, str]]) -> bool:
        starts, ends = self.starts, self.ends
        if toks and self.place(toks[0][0]) == 0 and self.roles[0] is Role.CATEGORY \
                and len(toks[0][1]) > max(6, 2 * (starts[1] - starts[0])):
            return True  # a paragraph after the table
        # running text again: a line wider than the column it starts in
        return any(_spills(starts, ends, pos, tok, self.name_col) for pos, tok in toks)

    def cells(self, toks: list[tuple[int, str]]) -> list[list[str]]:
        roles = self.roles
        parts: list[list[str]] = [[] for _ in self.cols]
        prev_end, prev_c = -9, -1
        for pos, tok in toks:
            c = self.place(pos)
            if (prev_c >= 0 and roles[prev_c] is Role.NAME and pos - prev_end == 1
                    and re.match(r"[A-Za-z]", tok)):
                c = prev_c  # "占 GDP 比重": a Latin word in a name, one space from its Chinese
            prev_end = pos + len(tok)
            if roles[c] is Role.SEQ and not _SEQ.match(tok) and c + 1 < len(self.cols):
                c += 1  # a name printed left of its column (pdftotext shifts wrapped cells)
            parts[c].append(tok)
            prev_c = c
        return [[_join(roles[c], p)] if p else [] for c, p in enumerate(parts)]

    def starts_row(self, cells: list[list[str]]) -> bool:
        a = self.anchor
        if a is None or not cells[a]:
            return False
        if self.roles[a] is Role.SEQ:
            return bool(_SEQ.match(cells[a][0]))
        if self.roles[a] is Role.NATURE:
            return nature_of("".join(cells[a])) is not None
        return True

    def is_stretch(self, cells: list[list[str]]) -> bool:
        filled = [c for c in range(len(cells)) if cells[c]]
        return bool(filled) and all(self.roles[c] is Role.TARGET for c in filled) and \
            cells[filled[0]][0].startswith("力争")


def _read(lines: list[str], start: int) -> tuple[Table | None, int]:
    clean = [ln.replace("\f", "").rstrip() for ln in lines]
    hdr = [clean[start]]
    j = start + 1
    while j < len(clean) and j < start + 4 and clean[j].strip() and not _anchor_line(clean[j]):
        hdr.append(clean[j])
        j += 1
    lay = _Layout(hdr)
    if Role.NAME not in lay.roles or not ({Role.TARGET, Role.BASE} & set(lay.roles)):
        return None, start + 1
    rows: list[list[list[str]]] = []
    row_lines: list[int] = []
    end = k = j
    while k < len(clean) and len(rows) < _MAX_ROWS:
        line = clean[k]
        k += 1
        if not line.strip() or lay.is_page_number(line):
            continue
        if lay.repeats_header(line):
            again = [line]
            while k < len(clean) and len(again) < 4 and _sig(clean[k]) in lay.sigs:
                again.append(clean[k])
                k += 1
            lay.renew(again)
            end = k
            continue
        toks = _tokens(line)
        if _END.match(line) or (rows and lay.ends_table(toks)):
            break
        cells = lay.cells(toks)
        if lay.starts_row(cells) or lay.is_stretch(cells) or not rows:
            rows.append(cells)
            row_lines.append(k)
        else:
            for c, piece in enumerate(cells):
                rows[-1][c].extend(piece)
        end = k
    if not rows:
        return None, start + 1
    header = [Cell(t, line=start + 1) for t in lay.head_texts]
    _join_categories(rows, lay.roles)
    body = [[Cell(join_fragments(c), line=ln) for c in r] for r, ln in zip(rows, row_lines, strict=True)]
    return Table(rows=[header, *body], header_rows=1, layout="columns"), end


def _spills(starts: list[int], ends: list[int], pos: int, tok: str, name_col: int) -> bool:
    """A token wider than the column it starts in (a name may start left of its column)."""
    k = _place(starts, ends, pos)
    if k <= name_col:
        k = name_col
    if k + 1 >= len(starts):
        return False
    return pos + len(tok) > starts[k + 1] + 2 and len(tok) > 8


def _join(role: Role, parts: list[str]) -> str:
    """The pieces of a cell on one line: names and words joined without spaces; two numbers on
    one line of a value cell are kept apart, so that a misplaced number is reported rather than
    read as one number."""
    if role in (Role.NAME, Role.CATEGORY, Role.NOTE):
        return join_fragments(parts)
    out = ""
    for p in parts:
        if out and re.search(r"\d$", out) and re.match(r"[\d<>≤≥]", p):
            out += " "
        out += p
    return out


def _join_categories(rows: list[list[list[str]]], roles: list[Role]) -> None:
    """A category written down the side of its rows (质效提 / 升) comes in pieces on consecutive
    rows: the pieces are one category, on its first row (the rows below inherit it)."""
    if Role.CATEGORY not in roles:
        return
    c = roles.index(Role.CATEGORY)
    k = 0
    while k < len(rows):
        j = k
        while rows[k][c] and j + 1 < len(rows) and rows[j + 1][c]:
            j += 1
        if rows[k][c] and j > k:
            pieces = [p for r in rows[k : j + 1] for p in r[c]]
            if sum(len(p) for p in pieces) <= 10:
                rows[k][c] = pieces
                for r in rows[k + 1 : j + 1]:
                    r[c] = []
        k = j + 1


def _anchor_line(line: str) -> bool:
    """A line that starts data (a number token), not a header's second line."""
    return bool(re.search(r"(?:^|\s)\d+(?:\.\d+)?(?:\s|$)", line)) and not re.fullmatch(
        r"[\s\d年]*", line)


def _sig(line: str) -> str:
    return re.sub(r"\s+", "", line)
