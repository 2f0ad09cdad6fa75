"""Indicator tables (主要指标): every row with category, seq, name, unit, base, target and its
qualifier, declared growth, nature and an inferred direction, with the table notes applied.

A row that cannot be read is kept and reported (``unreadable-row``); a cell that cannot be read
is left empty and reported (``unreadable-cell``). Nothing is invented for an empty cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from planwatch import inference, units
from planwatch.issues import Issue, issue
from planwatch.model import GrowthUnit, Nature, Qualifier
from planwatch.parsers.blocks import Blocks, Cell, Table, norm, squeeze
from planwatch.parsers.columns import DASHES, Role, nature_of
from planwatch.parsers.header import Header, is_data_row
from planwatch.parsers.result import ParsedIndicator, Source

_UNIT_IN_NAME = re.compile(r"^(.*?)\s*[（(]([^（）()]{1,12})[）)]\s*$")
_CAPTION_UNIT = re.compile(r"单位\s*[:：]\s*([^\s，,、；;）)]+)")
_STAR_NOTE = re.compile(r"[*＊]\s*(?:号)?\s*(?:的|者|数据)?\s*(?:为|是|系|表示|指)\s*((?:19|20)\d{2})\s*年")
_BRACKET_NOTE = re.compile(r"[\[［〔【]\s*[\]］〕】]\s*(?:内|中)?.*累计")
_POINTS_NOTE = re.compile(r"%.{0,12}(?:年均)?(?:增加|提高)?百分点")
_PERCENT_NAMES = ("比重", "率", "占比", "比例", "降幅", "增速", "增幅", "降低")


@dataclass(frozen=True)
class TableNotes:
    """What a table's notes (注：……) say, as far as the parser applies them."""

    star_year: int | None = None  # "带*的为2019年数据"
    cumulative: bool = False  # "[ ]内数为五年累计数"
    growth_points: bool = False  # "以%为计量的按年均增加百分点表示"
    texts: tuple[str, ...] = ()

    @classmethod
    def read(cls, table: Table) -> TableNotes:
        text = "".join(norm(p.text).replace(" ", "") for p in table.notes)
        star = _STAR_NOTE.search(text)
        joined = "".join(p.text.strip() for p in table.notes)
        sentences = [s for s in re.split(r"(?<=[；;。])|(?=\d[.．、])", joined) if s.strip()]
        return cls(
            star_year=int(star[1]) if star else None,
            cumulative=bool(_BRACKET_NOTE.search(text)),
            growth_points=bool(_POINTS_NOTE.search(text)),
            texts=tuple(s.strip() for s in sentences),
        )

    def saying(self, *words: str) -> str:
        """The note sentence that contains one of ``words`` (shown next to the rows it changed)."""
        return next((t for t in self.texts if any(w in norm(t) for w in words)), "；".join(self.texts))


def is_indicator_table(header: Header) -> bool:
    roles = {c.role for c in header.columns}
    return Role.NAME in roles and Role.TARGET in roles


@dataclass
class _Ctx:
    doc: Blocks
    table: Table
    header: Header
    notes: TableNotes
    base_year: int | None
    target_year: int | None
    caption_unit: str | None
    issues: list[Issue] = field(default_factory=list)

    def loc_source(self, cell: Cell) -> Source:
        return Source(self.doc.file, line=cell.line, table=self.table.name, cell=cell.ref,
                      page=cell.page or self.table.page)

    def warn(self, code: str, cell: Cell, message: str, fld: str | None = None) -> None:
        src = self.loc_source(cell)
        where = f"{src.cell} " if src.cell else ""
        self.issues.append(issue(code, message, self.doc.location(
            line=src.line, table=src.table, cell=(where.strip() or None), field=fld, page=src.page)))


def parse_indicator_table(
    doc: Blocks, table: Table, header: Header, *, period: tuple[int, int] | None
) -> tuple[list[ParsedIndicator], list[Issue]]:
    base_col, target_col = header.find(Role.BASE), header.find(Role.TARGET)
    p_start, p_end = period or (None, None)
    cap = _CAPTION_UNIT.search(norm(table.caption or ""))
    ctx = _Ctx(
        doc, table, header, TableNotes.read(table),
        base_year=(base_col.year if base_col and base_col.year else (p_start - 1 if p_start else None)),
        target_year=(target_col.year if target_col and target_col.year else p_end),
        caption_unit=cap[1] if cap else None,
    )
    out: list[ParsedIndicator] = []
    category: str | None = None
    for row in table.rows[header.rows :]:
        if header.is_repeat(row) or all(c.blank for c in row):
            continue
        texts = {c.text.strip() for c in row if not c.blank}
        if len(texts) == 1 and len(row) > 2 and sum(not c.blank for c in row) > 2:
            category = squeeze(texts.pop())  # a category row merged across the table
            continue
        cells = _cells(row, header)
        if cells.get(Role.CATEGORY) and not cells[Role.CATEGORY].blank:
            category = squeeze(cells[Role.CATEGORY].text)
        name_cell = cells.get(Role.NAME)
        filled = [r for r, c in cells.items() if not c.blank]
        if filled == [Role.CATEGORY]:  # a category printed on a row of its own
            continue
        if name_cell is None or name_cell.blank:
            if out and _stretch_row(ctx, cells, out):
                continue
            if is_data_row(row) or any(not c.blank for r, c in cells.items() if r is not Role.CATEGORY):
                first = next(c for c in row if not c.blank)
                ctx.warn("unreadable-row", first,
                         f"{table.name}中有一行没有指标名称（内容：{'｜'.join(c.text for c in row)}），"
                         "无法归属到任何指标；请在原表中核对并补上名称")
            continue
        out.append(_indicator(ctx, cells, category, len(out) + 1))
    _check_markers(ctx, out)
    return out, ctx.issues + table.issues


def _cells(row: list[Cell], header: Header) -> dict[Role, Cell]:
    out: dict[Role, Cell] = {}
    for col in header.columns:
        if col.index < len(row) and col.role not in out:
            out[col.role] = row[col.index]
    names = [row[c.index] for c in header.all(Role.NAME) if c.index < len(row)]
    if len(names) > 1:
        # a name printed over two columns: parent (merged down its sub-rows) and child; a row
        # without sub-rows has one name merged across both. The child keeps its own name.
        filled = [c for c in names if not c.blank]
        if filled:
            out[Role.NAME] = filled[-1]
    return out


def _stretch_row(ctx: _Ctx, cells: dict[Role, Cell], out: list[ParsedIndicator]) -> bool:
    """A row holding only "力争3.5以上" under the target: the previous row's stretch target."""
    filled = {r: c for r, c in cells.items() if not c.blank and r is not Role.CATEGORY}
    target = filled.get(Role.TARGET)
    if set(filled) != {Role.TARGET} or target is None or "力争" not in target.text:
        return False
    try:
        parsed = inference.parse_target_text(_symbols(target.text))
    except ValueError:
        return False
    prev = out[-1]
    out[-1] = _replace(prev, stretch_value=parsed.stretch,
                       target_text=f"{prev.target_text}（{target.text.strip()}）")
    return True


def _replace(p: ParsedIndicator, **kw: object) -> ParsedIndicator:
    from dataclasses import replace

    return replace(p, **kw)  # type: ignore[arg-type]


def _indicator(ctx: _Ctx, cells: dict[Role, Cell], category: str | None, order: int) -> ParsedIndicator:
    name_cell = cells[Role.NAME]
    name, unit = _name_and_unit(ctx, cells, name_cell)
    base_cell = cells.get(Role.BASE, Cell(""))
    target_cell = cells.get(Role.TARGET, Cell(""))
    applied: list[str] = []
    base_value, base_year = _base(ctx, base_cell, name, applied)
    growth_cell = cells.get(Role.GROWTH)
    if _blank_or_dash(target_cell) and growth_cell is not None and _target_like(growth_cell.text):
        # 〔18〕, 〔>5000〕, >6.5, <5.5 printed only in the 年均增长〔累计〕 column: the row's target
        target_cell = Cell(_target_like(growth_cell.text), line=growth_cell.line,
                           ref=growth_cell.ref, page=growth_cell.page)
        growth_cell = None
    t_value, qualifier, stretch = _target(ctx, target_cell, name)
    if not unit:
        unit = _guess_unit(ctx, name, target_cell, name_cell)
    if qualifier is Qualifier.CUMULATIVE and ctx.notes.cumulative:
        applied.append(ctx.notes.saying("累计"))
    growth, growth_unit = _growth(ctx, growth_cell, unit, name, applied)
    nature = _nature(ctx, cells.get(Role.NATURE), name)
    direction, d_basis = inference.infer_direction(name, unit)
    form = inference.infer_target_form(name, unit, target_cell.text)
    rule, r_basis = inference.infer_rule(form, unit, growth_unit, qualifier=qualifier)
    seq_cell = cells.get(Role.SEQ)
    seq = int(m[0]) if seq_cell and (m := re.search(r"\d+", seq_cell.text)) else order
    return ParsedIndicator(
        category=category, seq=seq, name=name, unit=unit,
        base_year=base_year if base_value is not None else None, base_value=base_value,
        base_text=base_cell.text.strip(),
        target_year=ctx.target_year, target_value=t_value, target_text=target_cell.text.strip(),
        qualifier=qualifier, stretch_value=stretch, declared_growth=growth,
        declared_growth_unit=growth_unit if growth is not None else None, nature=nature,
        direction=direction, direction_basis=d_basis, target_form=form, rule=rule, rule_basis=r_basis,
        source=ctx.loc_source(name_cell), table=ctx.table.name, notes=tuple(dict.fromkeys(applied)),
    )


def _blank_or_dash(cell: Cell) -> bool:
    t = norm(cell.text).replace(" ", "")
    return not t or t in DASHES


_TARGET_IN_GROWTH = re.compile(
    r"^(?:[\[〔【]\s*[<>≤≥＜＞]?\s*\d[\d,]*(?:\.\d+)?\s*[\]〕】]|[<>≤≥＜＞]\s*\d[\d,]*(?:\.\d+)?%?)")


def _target_like(text: str) -> str:
    """The target printed in a growth cell: 〔18〕, 〔>5000〕, >6.5, "<5.5", ">7、力争…" → ">7";
    empty when the cell holds a plain growth rate or words."""
    t = norm(text).replace(" ", "")
    m = _TARGET_IN_GROWTH.match(t)
    if not m:
        return ""
    rest = t[m.end():]
    if rest and not re.match(r"[、，,；;（(]|以上|以内|左右", rest):
        return ""
    # 〔>5000〕: a cumulative total of at least 5000; read as the cumulative 5000
    return re.sub(r"^([\[〔【])\s*[<>≤≥＜＞]\s*", r"\1", m[0])


def _name_and_unit(ctx: _Ctx, cells: dict[Role, Cell], name_cell: Cell) -> tuple[str, str]:
    name = squeeze(name_cell.text).replace("(", "（").replace(")", "）")
    unit = ""
    m = _UNIT_IN_NAME.match(name)
    if m and _unit_like(m[2]):
        name, unit = m[1].strip(), _canon_unit(m[2])
    unit_cell = cells.get(Role.UNIT)
    if unit_cell is not None and not unit_cell.blank and unit_cell.text.strip() not in DASHES:
        unit = _canon_unit(unit_cell.text)
    if not unit and ctx.caption_unit and len(ctx.caption_unit.split("、")) == 1:
        unit = _canon_unit(ctx.caption_unit)
    if unit and not units.is_known(unit):
        ctx.warn("guessed-unit", name_cell, f"指标“{name}”的计量单位“{unit}”不在系统单位表中，"
                 "已按原文保留；如需换算请在导入前改为标准单位", "unit")
    return name, unit


def _unit_like(text: str) -> bool:
    t = text.strip()
    return units.is_known(_canon_unit(t)) or "/" in t or (len(t) <= 4 and not re.search(r"[的和与及]", t))


def _canon_unit(text: str) -> str:
    t = norm(text).replace(" ", "").replace("％", "%")
    return "%" if t in ("%", "百分比") else t


def _guess_unit(ctx: _Ctx, name: str, target: Cell, name_cell: Cell) -> str:
    if "%" in norm(target.text):
        return "%"
    if "指数" in name:
        return ""
    if any(w in name for w in _PERCENT_NAMES):
        ctx.warn("guessed-unit", name_cell, f"指标“{name}”未注明计量单位，按名称推断为 %；请核对", "unit")
        return "%"
    ctx.warn("missing-unit", name_cell, f"指标“{name}”未注明计量单位（名称括号、单位列和表题均无），"
             "已留空；请在导入前补上", "unit")
    return ""


def _symbols(text: str) -> str:
    """Comparison signs as words the target reader knows (<5 → 5以内, >5 → 5以上)."""
    t = norm(text).replace(" ", "")
    t = re.sub(r"^[<＜]\s*(.+)$", r"\1以内", t)
    t = re.sub(r"^[≤]\s*(.+)$", r"\1以内", t)
    t = re.sub(r"^[>＞≥]\s*(.+)$", r"\1以上", t)
    return t


def _base(ctx: _Ctx, cell: Cell, name: str, applied: list[str]) -> tuple[float | None, int | None]:
    text = norm(cell.text).replace(" ", "")
    if not text or text in DASHES:
        return None, None
    star = bool(re.search(r"[*＊]", text))
    text = re.sub(r"[*＊]", "", text)
    if re.fullmatch(r"[\[〔【].+[\]〕】]", text):
        text = text[1:-1]
    default = ctx.base_year or 0
    try:
        value, year = inference.parse_base_text(text, default)
    except ValueError:
        ctx.warn("unreadable-cell", cell, f"指标“{name}”的基期值“{cell.text.strip()}”无法识别，"
                 "已留空；请核对原表", "base")
        return None, None
    if star:
        if ctx.notes.star_year:
            year = ctx.notes.star_year
            applied.append(ctx.notes.saying("*", "＊"))
        else:
            ctx.warn("note-not-applied", cell, f"指标“{name}”的基期值“{cell.text.strip()}”带*号，"
                     "但表注未说明*的含义，基期年份按表头读取；请核对", "base")
    return value, (year or None)


def _target(ctx: _Ctx, cell: Cell, name: str) -> tuple[float | None, Qualifier, float | None]:
    text = _symbols(cell.text)
    try:
        parsed = inference.parse_target_text(text)
    except ValueError:
        if re.search(r"同步|高于|快于|低于|不低于|保持|提高|提升", text):
            return None, Qualifier.NONE, None
        ctx.warn("unreadable-cell", cell, f"指标“{name}”的目标值“{cell.text.strip()}”无法识别，"
                 "已按“目标未量化”读取；请核对原表", "target")
        return None, Qualifier.NONE, None
    if parsed.qualifier is Qualifier.CUMULATIVE and not ctx.notes.cumulative:
        ctx.warn("note-not-applied", cell, f"指标“{name}”的目标“{cell.text.strip()}”带括号，表注未说明，"
                 "按“五年累计数”的通行写法读取；请核对", "target")
    value = parsed.value
    if value is None and parsed.stretch is not None:
        return parsed.stretch, parsed.qualifier, parsed.stretch
    return value, parsed.qualifier, parsed.stretch


def _growth(
    ctx: _Ctx, cell: Cell | None, unit: str, name: str, applied: list[str]
) -> tuple[float | None, GrowthUnit | None]:
    if cell is None:
        return None, None
    text = norm(cell.text).replace(" ", "").replace("%", "")
    if not text or text in DASHES:
        return None, None
    try:
        value = inference.parse_number(text.strip("[]〔〕"))
    except ValueError:
        ctx.warn("unreadable-cell", cell, f"指标“{name}”的年均增长“{cell.text.strip()}”无法识别，已留空",
                 "declared_growth")
        return None, None
    if units.is_percent(unit) and ctx.notes.growth_points:
        applied.append(ctx.notes.saying("百分点"))
        return value, GrowthUnit.POINTS
    return value, GrowthUnit.PERCENT


def _nature(ctx: _Ctx, cell: Cell | None, name: str) -> Nature:
    if cell is None:
        return Nature.EXPECTED
    n = nature_of(cell.text)
    if n is None:
        ctx.warn("unreadable-cell", cell, f"指标“{name}”的指标属性“{cell.text.strip() or '（空）'}”"
                 "无法识别，按“预期性”读取；请核对", "nature")
        return Nature.EXPECTED
    return n


def _check_markers(ctx: _Ctx, rows: list[ParsedIndicator]) -> None:
    """A note that explains a marker no row uses is worth a look too."""
    if ctx.notes.star_year and not any("*" in norm(r.base_text) for r in rows):
        cell = Cell(ctx.notes.texts[0] if ctx.notes.texts else "", line=ctx.table.notes[0].line
                    if ctx.table.notes else None)
        ctx.warn("note-not-applied", cell, f"{ctx.table.name}的表注说明了*号（{ctx.notes.star_year}年数据），"
                 "但表中没有带*的基期值")
