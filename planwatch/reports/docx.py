"""The Word report in the official document format (公文, GB/T 9704).

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; 22 lines of 28 characters (fixed
line spacing 28.95 pt); title 方正小标宋简体 二号 (22 pt); body 仿宋_GB2312 三号 (16 pt); level-1
headings 黑体, level-2 楷体_GB2312; page numbers "— 1 —" in 宋体 四号 (14 pt) in the footer.
Fonts are declared with ``w:eastAsia`` (theme fonts removed) so that Word and WPS use them;
LibreOffice substitutes a CJK font through the fontconfig aliases of ``planwatch.reports.office``.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document as new_document
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.styles.style import BaseStyle
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from planwatch.reports.context import Paragraph as CtxParagraph
from planwatch.reports.context import Placeholder, ReportContext
from planwatch.reports.numbers import cn_numeral

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
PAGE_FONT = "宋体"
LATIN_FONT = "Times New Roman"
LINE_PITCH = Pt(28.95)
BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
PAGE_SIZE = Pt(14)  # 四号
TABLE_SIZE = Pt(10.5)  # 五号
ANNEX_HEADERS = ("序号", "指标", "单位", "{base}年基数", "{end}年目标", "属性", "最新值（年份）",
                 "进度", "评价")


def _fonts(rpr_owner: BaseStyle | Run, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Declare ``east_asia`` for CJK text and ``latin`` for digits, dropping theme fonts."""
    rpr = rpr_owner.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if rfonts.get(qn(attr)) is not None:
            del rfonts.attrib[qn(attr)]
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:eastAsia"), east_asia)
    rfonts.set(qn("w:cs"), latin)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def _style(doc: Document, name: str, font: str, size: Pt, *, bold: bool = False) -> None:
    st = doc.styles[name]
    _fonts(st, font)
    st.font.size = size
    st.font.bold = bold
    st.font.italic = False
    st.font.color.rgb = None
    pf = st.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = LINE_PITCH
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.keep_with_next = name.startswith("Heading") or None


def _page_setup(doc: Document) -> None:
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(37), Mm(35)
    sec.left_margin, sec.right_margin = Mm(28), Mm(26)
    sec.footer_distance = Mm(28) - Mm(7)  # page number 7 mm below the text block's last line
    grid = sec._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sec._sectPr.append(grid)
    # 22 lines of 28.95 pt; a character grid (linesAndChars) is left out on purpose: LibreOffice
    # lays it out differently from Word (about 16 characters a line), so 28 characters a line
    # come from the 156 mm text width and 16 pt type (27-28 characters).
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(LINE_PITCH.pt * 20)))
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(sec.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)  # odd pages: right
    _page_number(sec.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)  # even: left


def _field(par: DocxParagraph, instr: str) -> Run:
    run = par.add_run()
    for kind, text in (("begin", None), ("instr", instr), ("separate", None), ("text", "1"),
                       ("end", None)):
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        elif kind == "text":
            el = OxmlElement("w:t")
            el.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run._r.append(el)
    return run


def _page_number(par: DocxParagraph, align: WD_ALIGN_PARAGRAPH) -> None:
    """"— 1 —" in 宋体 四号, one character in from the outer edge (GB/T 9704 7.5)."""
    par.alignment = align
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        par.paragraph_format.right_indent = PAGE_SIZE
    else:
        par.paragraph_format.left_indent = PAGE_SIZE
    par.paragraph_format.first_line_indent = Pt(0)
    for run in (par.add_run("— "), _field(par, " PAGE "), par.add_run(" —")):
        _fonts(run, PAGE_FONT)
        run.font.size = PAGE_SIZE


def new_official_document() -> Document:
    doc = new_document()
    _style(doc, "Normal", BODY_FONT, BODY_SIZE)
    _style(doc, "Title", TITLE_FONT, TITLE_SIZE)
    _style(doc, "Heading 1", H1_FONT, BODY_SIZE)
    _style(doc, "Heading 2", H2_FONT, BODY_SIZE)
    _style(doc, "Heading 3", BODY_FONT, BODY_SIZE, bold=True)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):  # no borders, no indents
        pf = doc.styles[name].paragraph_format
        pf.first_line_indent = Pt(0)
    title_ppr = doc.styles["Title"].element.get_or_add_pPr()
    border = title_ppr.find(qn("w:pBdr"))
    if border is not None:
        title_ppr.remove(border)
    doc.styles["Normal"].paragraph_format.first_line_indent = Pt(32)  # two characters
    _page_setup(doc)
    return doc


def _body(doc: Document, text: str, *, highlight: bool = False) -> DocxParagraph:
    par = doc.add_paragraph()
    run = par.add_run(text)
    if highlight:
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    return par


def _para(doc: Document, p: CtxParagraph) -> None:
    if isinstance(p, Placeholder):
        par = doc.add_paragraph()
        if p.lead:
            par.add_run(p.lead)
        par.add_run(f"〔{p.prompt}〕").font.highlight_color = WD_COLOR_INDEX.YELLOW
    else:
        _body(doc, p.text)


def _heading(doc: Document, text: str, level: int) -> None:
    par = doc.add_paragraph(text, style=f"Heading {level}")
    par.paragraph_format.first_line_indent = Pt(32) if level > 0 else Pt(0)


def _picture(doc: Document, png: bytes, caption: str) -> None:
    par = doc.add_paragraph()
    par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    par.paragraph_format.first_line_indent = Pt(0)
    par.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    par.add_run().add_picture(io.BytesIO(png), width=Mm(150))
    cap = doc.add_paragraph()
    cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
    cap.paragraph_format.first_line_indent = Pt(0)
    run = cap.add_run(caption)
    run.font.size = TABLE_SIZE


def _annex(doc: Document, ctx: ReportContext) -> None:
    headers = [h.format(base=ctx.base_year, end=ctx.period_end) for h in ANNEX_HEADERS]
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = [Mm(w) for w in (9, 38, 13, 15, 17, 12, 22, 14, 16)]
    for col, w in zip(table.columns, widths, strict=True):
        col.width = w
    for cell, text, w in zip(table.rows[0].cells, headers, widths, strict=True):
        _cell(cell, text, w, bold=True)
    for r in ctx.annex:
        values = (str(r.seq), r.name, r.unit, r.base_text, r.target_text, r.nature_label,
                  r.latest_text, r.progress_text, r.status_label)
        cells = table.add_row().cells
        for cell, text, w in zip(cells, values, widths, strict=True):
            _cell(cell, text, w)
    for n, row in enumerate(table.rows):  # rows never split across pages; header repeats
        trpr = row._tr.get_or_add_trPr()
        trpr.append(OxmlElement("w:cantSplit"))
        if n == 0:
            header = OxmlElement("w:tblHeader")
            header.set(qn("w:val"), "true")
            trpr.append(header)


def _cell(cell: object, text: str, width: Mm, *, bold: bool = False) -> None:
    from docx.table import _Cell

    assert isinstance(cell, _Cell)
    cell.width = width
    par = cell.paragraphs[0]
    par.paragraph_format.first_line_indent = Pt(0)
    par.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = par.add_run(text)
    run.font.size = TABLE_SIZE
    run.font.bold = bold


def _small(doc: Document, text: str) -> None:
    par = doc.add_paragraph()
    par.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    par.paragraph_format.first_line_indent = Pt(0)
    par.add_run(text).font.size = TABLE_SIZE


def build_docx(ctx: ReportContext) -> Document:
    doc = new_official_document()
    doc.core_properties.title = ctx.title
    doc.core_properties.subject = ctx.plan_id
    title = doc.add_paragraph(ctx.title, style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.line_spacing = Pt(36)
    if ctx.synthetic:
        _body(doc, "本报告所用规划与数据为合成测试数据，不代表任何真实规划或统计数据。", highlight=True)
    for p in ctx.preamble:
        _para(doc, p)
    _heading(doc, f"一、{ctx.plan_title}主要目标指标进展情况", 1)
    _heading(doc, "（一）主要目标", 2)
    for p in ctx.main_targets:
        _para(doc, p)
    _heading(doc, "（二）主要指标进度评价", 2)
    _para(doc, ctx.progress_sentence)
    for ch in ctx.charts:
        if ch.key == "progress":
            _picture(doc, ch.png, f"图1 {ch.title}。{ch.caption}")
    _areas(doc, ctx)
    _heading(doc, "三、需要高度关注的问题", 1)
    for p in ctx.problems:
        _para(doc, p)
    for n, ch in enumerate((c for c in ctx.charts if c.key != "progress"), 2):
        _picture(doc, ch.png, f"图{n} {ch.title}。{ch.caption}")
    _heading(doc, "四、推进规划实施的对策建议", 1)
    for p in ctx.measures:
        _para(doc, p)
    doc.add_page_break()  # type: ignore[no-untyped-call]
    _heading(doc, "附件：主要指标进展情况表", 1)
    _annex(doc, ctx)
    _small(doc, f"注：数据截止{ctx.as_of_label}；进度为规划进度，时间进度为{ctx.time_elapsed_pct:.1f}%。")
    for r in ctx.annex:
        if r.latest_source:
            _small(doc, f"{r.seq}. {r.name}最新值来源：{r.latest_source}")
    for note in ctx.notes:
        _small(doc, f"数据说明：{note}")
    _task_annex(doc, ctx)
    return doc


def _areas(doc: Document, ctx: ReportContext) -> None:
    _heading(doc, f"二、{ctx.plan_title}主要任务实施成效", 1)
    for p in ctx.task_intro:
        _para(doc, p)
    for n, a in enumerate(ctx.areas, 1):
        _heading(doc, f"（{cn_numeral(n)}）{a.title}", 2)
        _heading(doc, "【规划要求】", 3)
        for r in a.requirements:
            _body(doc, f"{r.text}（来源：{r.source}）")
        _heading(doc, "【主要成效】", 3)
        if not a.achievements:
            _para(doc, Placeholder("暂无本领域的统计数据，请评估人员补充主要成效"))
        for e in a.achievements:
            _body(doc, f"{e.text}（来源：{e.source}）。")
        _heading(doc, "【实施评价】", 3)
        for p in a.judgement:
            _para(doc, p)
    for n, t in enumerate(ctx.task_areas, len(ctx.areas) + 1):  # the plan's actions and 专栏 (issue 16)
        _heading(doc, f"（{cn_numeral(n)}）{t.title}", 2)
        _heading(doc, "【规划要求】", 3)
        for r in t.requirements:
            _body(doc, f"{r.text}（来源：{r.source}）")
        _heading(doc, "【主要成效】", 3)
        for p in t.achievements:
            _para(doc, p)
        _heading(doc, "【实施评价】", 3)
        for p in t.judgement:
            _para(doc, p)


TASK_ANNEX = (("编号", 14), ("任务", 46), ("牵头单位", 28), ("最近进展", 52), ("评价", 16))
PROJECT_ANNEX = (("项目", 34), ("责任单位", 24), ("总投资", 13), ("序时计划", 13), ("累计完成", 13),
                 ("完成率", 14), ("里程碑", 28), ("评价", 17))


def _task_annex(doc: Document, ctx: ReportContext) -> None:
    """附件2: every task and project with its status (issue 16)."""
    if not (ctx.task_annex or ctx.project_annex):
        return
    doc.add_page_break()  # type: ignore[no-untyped-call]
    _heading(doc, "附件2：重点任务和重大工程项目实施情况表", 1)
    tables: list[tuple[tuple[tuple[str, int], ...], list[tuple[str, ...]]]] = []
    if ctx.task_annex:
        tables.append((TASK_ANNEX, [(r.number, r.title, r.lead, r.latest, r.status_label) for r in ctx.task_annex]))
    if ctx.project_annex:
        tables.append((PROJECT_ANNEX, [(r.name, r.owner, r.total, r.planned, r.completed, r.ratio, r.milestones,
                                        r.status_label) for r in ctx.project_annex]))
    for cols, rows in tables:
        table = doc.add_table(rows=1, cols=len(cols))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        widths = [Mm(w) for _, w in cols]
        for col, w in zip(table.columns, widths, strict=True):
            col.width = w
        for cell, (text, _), w in zip(table.rows[0].cells, cols, widths, strict=True):
            _cell(cell, text, w, bold=True)
        for values in rows:
            for cell, text, w in zip(table.add_row().cells, values, widths, strict=True):
                _cell(cell, text, w)
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        table.rows[0]._tr.get_or_add_trPr().append(header)
        _small(doc, "")
    _small(doc, "注：任务评价以审核确认的最近一期进展为准；项目按序时计划投资与里程碑评价（评估规则说明第11节）；"
                "金额单位为亿元。")


def write_docx(ctx: ReportContext, path: Path) -> Path:
    build_docx(ctx).save(str(path))
    return path
