"""Rebuild an indicator table printed one row per line (seed 003 表4-1) into cells.

In such text a row is ``名称 基数 目标 年均增长 性质`` on one line, but a name may be broken over
several lines, a category cell comes as short lines of its own (规模 / 质量) before its first row,
a text target may be broken (完成省 / 下达任 / 务), two rows may share one set of cells with
their values stacked column by column, and the header is repeated after a page break. The
result is a :class:`Table` with one synthetic header row and one row of cells per indicator, each
cell with the line it was read from. Anything that cannot be placed becomes an issue; no row is
dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from planwatch.issues import Issue, issue
from planwatch.parsers.blocks import Block, Blocks, Cell, Paragraph, Table, join_fragments, squeeze
from planwatch.parsers.columns import (
    Role,
    is_category_fragment,
    is_value,
    merge_tokens,
    nature_of,
    roles_in_text,
)

_CAPTION = re.compile(r"^\s*(?:表|附表)\s*[0-9０-９一二三四五六七八九十]+(?:\s*[-－—.]\s*[0-9０-９]+)?.*(?:指标|目标)")
_HEADER_WORDS = ("类别", "指标", "名称", "序号", "单位", "基数", "基期", "目标", "性质", "属性",
                 "年均", "增长", "增速", "长（", "长(", "备注", "现状", "规划", "年")
_END = re.compile(r"^\s*(?:注|说明|备注)\s*[:：]|^\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|第[一二三四五六七八九十]+章)")
_PAGE_NO = re.compile(r"^[-—–]?\s*\d{1,3}\s*[-—–]?$")
_LABELS = {Role.CATEGORY: "类别", Role.SEQ: "序号", Role.NAME: "指标名称", Role.UNIT: "单位",
           Role.GROWTH: "年均增长（%）", Role.NATURE: "指标属性", Role.NOTE: "备注"}


def rebuild(doc: Blocks) -> None:
    """Replace the paragraphs of each one-row-per-line indicator table by a :class:`Table`."""
    pos = 0
    while pos < len(doc.blocks):
        b = doc.blocks[pos]
        if isinstance(b, Paragraph) and _CAPTION.match(b.text) and not _table_follows(doc.blocks, pos):
            used, table = _rebuild_at(doc, pos)
            if table is not None:
                table.index = sum(isinstance(x, Table) for x in doc.blocks[:pos]) + 1
                doc.blocks[pos + 1 : pos + 1 + used] = [table]
        pos += 1
    for n, t in enumerate((x for x in doc.blocks if isinstance(x, Table)), 1):
        t.index = n


def _table_follows(blocks: list[Block], pos: int) -> bool:
    return any(isinstance(b, Table) for b in blocks[pos + 1 : pos + 3])


def _rebuild_at(doc: Blocks, pos: int) -> tuple[int, Table | None]:
    caption = doc.blocks[pos]
    assert isinstance(caption, Paragraph)
    header: list[Paragraph] = []
    k = pos + 1
    while k < len(doc.blocks) and len(header) < 12:
        b = doc.blocks[k]
        if not (isinstance(b, Paragraph) and _is_header_line(b.text)):
            break
        header.append(b)
        k += 1
    roles = roles_in_text(" ".join(h.text for h in header))
    kinds = [r for r, _ in roles]
    if Role.NAME not in kinds or not ({Role.TARGET, Role.BASE} & set(kinds)):
        return 0, None
    builder = _Builder(doc, roles, [re.sub(r"\s+", "", h.text) for h in header])
    end = k
    while end < len(doc.blocks):
        b = doc.blocks[end]
        if not isinstance(b, Paragraph) or _END.match(b.text) or _CAPTION.match(b.text):
            break
        if not builder.feed(b):
            break
        end += 1
    builder.finish()
    table = Table(
        rows=[builder.header_row(), *builder.rows], caption=caption.text.strip(),
        caption_line=caption.line, header_rows=1, layout="text-rows",
    )
    table.issues = [replace(i, location=replace(i.location, table=table.name)) for i in builder.issues]
    return end - pos - 1, table


def _is_header_line(text: str) -> bool:
    t = re.sub(r"\s+", "", text)
    if len(t) > 40 or not any(w in t for w in _HEADER_WORDS):
        return False
    rest = re.sub(r"(?:19|20)\d{2}年", "", t)
    return not re.search(r"\d", re.sub(r"[（(]%[)）]", "", rest))


@dataclass
class _Pending:
    category: list[Paragraph] = field(default_factory=list)
    name: list[Paragraph] = field(default_factory=list)
    values: list[tuple[str, int | None]] = field(default_factory=list)
    text_open: bool = False  # the last value is a text target still being continued
    nature: tuple[str, int | None] | None = None
    seq: tuple[str, int | None] | None = None
    unit: tuple[str, int | None] | None = None


class _Builder:
    def __init__(self, doc: Blocks, roles: list[tuple[Role, int | None]], header: list[str]):
        self.doc = doc
        self.roles = roles
        self.kinds = [r for r, _ in roles]
        self.value_roles = [(r, y) for r, y in roles
                            if r not in (Role.CATEGORY, Role.SEQ, Role.NAME, Role.UNIT, Role.NATURE)]
        self.header_lines = header
        self.rows: list[list[Cell]] = []
        self.issues: list[Issue] = []
        self.p = _Pending()
        self.category: Cell = Cell("")
        self.skip_header = 0
        self.last_target: tuple[str, int | None] | None = None

    # -- the synthetic header -----------------------------------------------------------------
    def columns(self) -> list[tuple[Role, int | None]]:
        head = [(r, y) for r, y in self.roles if r in (Role.CATEGORY, Role.SEQ, Role.NAME, Role.UNIT)]
        tail = [(Role.NATURE, None)] if Role.NATURE in self.kinds else []
        if Role.CATEGORY not in self.kinds:
            head.insert(0, (Role.CATEGORY, None))
        return [*head, *self.value_roles, *tail]

    def header_row(self) -> list[Cell]:
        cells = []
        for r, y in self.columns():
            if r is Role.BASE:
                cells.append(Cell(f"{y or ''}年基数" if y else "基数"))
            elif r is Role.TARGET:
                cells.append(Cell(f"{y}年目标值" if y else "目标值"))
            else:
                cells.append(Cell(_LABELS.get(r, str(r))))
        return cells

    # -- reading lines ------------------------------------------------------------------------
    def feed(self, para: Paragraph) -> bool:
        text = para.text.strip()
        flat = re.sub(r"\s+", "", text)
        if _PAGE_NO.match(flat):
            return True
        if self.skip_header:
            if flat in self.header_lines:
                self.skip_header -= 1
                return True
            self.skip_header = 0
        if flat == self.header_lines[0]:
            self.skip_header = len(self.header_lines) - 1
            return True
        if ("。" in text or text.count("，") >= 2) and not self.p.values:
            return False
        self._line(para, merge_tokens(text.split()))
        return True

    def _line(self, para: Paragraph, tokens: list[str]) -> None:
        p = self.p
        i = len(tokens)
        while i > 0 and is_value(tokens[i - 1]):
            i -= 1
        lead, trail = tokens[:i], tokens[i:]
        if not trail:
            self._text_only(para)
            return
        if lead:
            if p.values:
                self._extend_value(" ".join(lead), para.line)
            else:
                self._lead(lead, para)
        for tok in trail:
            if nature_of(tok):
                p.nature = (tok, para.line)
            else:
                p.values.append((tok, para.line))
                p.text_open = False
        nv = len(self.value_roles)
        if p.nature is not None or (Role.NATURE not in self.kinds and len(p.values) >= nv):
            self._emit()

    def _lead(self, lead: list[str], para: Paragraph) -> None:
        p = self.p
        if Role.SEQ in self.kinds and not p.name and re.fullmatch(r"\d{1,3}", lead[0]):
            p.seq = (lead[0], para.line)
            lead = lead[1:]
        if Role.UNIT in self.kinds and len(lead) > 1 and _is_unit(lead[-1]):
            p.unit = (lead[-1], para.line)
            lead = lead[:-1]
        if lead:
            p.name.append(Paragraph(" ".join(lead), para.line))

    def _text_only(self, para: Paragraph) -> None:
        p = self.p
        if p.values:
            self._extend_value(para.text, para.line)
        elif not p.name and is_category_fragment(para.text):
            p.category.append(para)
        else:
            p.name.append(para)

    def _extend_value(self, text: str, line: int | None) -> None:
        p = self.p
        if p.text_open:
            v, ln = p.values[-1]
            p.values[-1] = (join_fragments([v, text]), ln)
        else:
            p.values.append((text.strip(), line))
            p.text_open = True

    # -- emitting rows ------------------------------------------------------------------------
    def finish(self) -> None:
        p = self.p
        if p.name or p.values:
            self._emit()

    def _emit(self) -> None:
        p, self.p = self.p, _Pending()
        if p.category:
            first = p.category[0]
            self.category = Cell(join_fragments([c.text for c in p.category]), line=first.line)
        names = _split_names(p.name)
        nv = len(self.value_roles)
        vals = p.values
        if len(vals) == nv or (len(names) <= 1 and len(vals) != nv):
            groups = [(_join_name(p.name), vals)]
        elif len(names) > 1 and len(vals) == nv * len(names):
            k = len(names)
            groups = [(nm, [vals[c * k + i] for c in range(nv)]) for i, nm in enumerate(names)]
            self._warn(
                "merged-cell-guess", names[0][1],
                f"“{'”“'.join(n for n, _ in names)}”共用一组单元格，数值按列内上下顺序分配："
                + "；".join(f"{n}：{'、'.join(v for v, _ in g)}" for n, g in
                           ((nm, [vals[c * k + i] for c in range(nv)]) for i, (nm, _) in enumerate(names))),
            )
        else:
            groups = [(_join_name(p.name), vals)]
        for name, values in groups:
            self._row(p, name, list(values))

    def _row(self, p: _Pending, name: tuple[str, int | None], values: list[tuple[str, int | None]]) -> None:
        nv = len(self.value_roles)
        target_at = next((i for i, (r, _) in enumerate(self.value_roles) if r is Role.TARGET), None)
        if len(values) == nv - 1 and target_at is not None and self.last_target and not re.search(
            r"\d", self.last_target[0]
        ):
            values.insert(target_at, self.last_target)
            self._warn("merged-cell-guess", name[1],
                       f"“{name[0]}”一行少一个数值，按与上一行合并的目标单元格“{self.last_target[0]}”读取，"
                       "其余数值依次为" + "、".join(v for i, (v, _) in enumerate(values) if i != target_at)
                       + "；请核对原表")
        elif len(values) != nv:
            self._warn("unreadable-row", name[1],
                       f"表格行“{name[0] or '（无名称）'}”读到{len(values)}个数值"
                       f"（{'、'.join(v for v, _ in values) or '无'}），而表头有{nv}个数值列，"
                       "无法确定各数值所属的列；该行已保留但数值未读取，请对照原文补录")
            values = [("", None)] * nv
        if target_at is not None and values[target_at][0]:
            self.last_target = values[target_at]
        cells: list[Cell] = []
        for role, _ in self.columns():
            if role is Role.CATEGORY:
                cells.append(self.category)
            elif role is Role.SEQ:
                cells.append(Cell(p.seq[0], line=p.seq[1]) if p.seq else Cell(""))
            elif role is Role.NAME:
                cells.append(Cell(name[0], line=name[1]))
            elif role is Role.UNIT:
                cells.append(Cell(p.unit[0], line=p.unit[1]) if p.unit else Cell(""))
            elif role is Role.NATURE:
                cells.append(Cell(p.nature[0], line=p.nature[1]) if p.nature else Cell(""))
            else:
                v, ln = values.pop(0)
                cells.append(Cell(v, line=ln))
        self.rows.append(cells)

    def _warn(self, code: str, line: int | None, message: str) -> None:
        self.issues.append(issue(code, message, self.doc.location(line=line)))


def _is_unit(token: str) -> bool:
    from planwatch import units

    return units.is_known(token) or token in ("%", "％")


def _join_name(parts: list[Paragraph]) -> tuple[str, int | None]:
    return squeeze(join_fragments([p.text for p in parts])), (parts[0].line if parts else None)


def _split_names(parts: list[Paragraph]) -> list[tuple[str, int | None]]:
    """Names of rows that share cells: each ends with its unit in brackets."""
    names: list[tuple[str, int | None]] = []
    cur: list[Paragraph] = []
    for p in parts:
        cur.append(p)
        if re.search(r"[）)]\s*$", p.text):
            names.append(_join_name(cur))
            cur = []
    if cur:
        names.append(_join_name(cur))
    return names
