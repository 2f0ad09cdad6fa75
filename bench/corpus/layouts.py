"""Print a corpus table again in the layouts and formats plans are published in.

Every function writes one file into ``folder`` and returns its path. Word, web pages and
workbooks are written directly; PDFs, old .doc/.xls and the text export are made from them by
LibreOffice and pdftotext as an office would; scans are the PDF's pages rendered to images with
noise and a slight rotation.
"""

from __future__ import annotations

import html
import random
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.corpus.tables import PrintedTable, Row

FILLER = "（此处为规划正文，版式测试从略。）"


def _name(t: PrintedTable, r: Row) -> str:
    return r.name if t.unit_column or not r.unit else f"{r.name}（{r.unit}）"


def _header(t: PrintedTable) -> list[str]:
    cols = ["类别", "序号", "指标名称"]
    if t.unit_column:
        cols.append("单位")
    cols += [t.base_header, t.target_header]
    if t.growth_header:
        cols.append(t.growth_header)
    return [*cols, "属性"]


def _values(t: PrintedTable, r: Row) -> list[str]:
    out = [r.unit or "—"] if t.unit_column else []
    out += [r.base, r.target]
    if t.growth_header:
        out.append(r.growth)
    return [*out, r.nature]


# -- Word ---------------------------------------------------------------------------------------

def docx_file(t: PrintedTable, folder: Path, *, ruled: bool = True, name: str = "docx") -> Path:
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    d = docx.Document()
    d.add_paragraph(t.title)
    for _ in range(18):
        d.add_paragraph(FILLER)
    d.add_paragraph(t.caption)
    sub = any(r.parent for r in t.rows)
    head = _header(t)
    ncols = len(head) + (1 if sub else 0)
    body: list[Row | str] = []
    for r in t.rows:
        body.append(r)
        if r.stretch:
            body.append(r.stretch)
    table = d.add_table(rows=1 + len(body), cols=ncols)
    if ruled:
        table.style = "Table Grid"
    name_col = 2
    hdr = head[:3] + ([""] if sub else []) + head[3:]
    for k, h in enumerate(hdr):
        table.cell(0, k).text = h
    if sub:
        table.cell(0, name_col).merge(table.cell(0, name_col + 1)).text = "指标名称"
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    tr_pr.append(mark)
    _fill(t, table, body, sub, name_col)
    for col, key in ((0, "category"), (name_col, "parent")):
        _merge_down(table, body, col, key)
    _widths(table, hdr, sub)
    for note in t.notes:
        d.add_paragraph(note)
    d.add_paragraph(FILLER)
    path = folder / f"{t.key}-{name}.docx"
    d.save(str(path))
    return path


def _fill(t: PrintedTable, table: Any, body: list[Row | str], sub: bool, name_col: int) -> None:
    shift = 1 if sub else 0
    for i, item in enumerate(body, 1):
        if isinstance(item, str):  # the stretch target on a row of its own
            table.cell(i, name_col + shift + 2 + (1 if t.unit_column else 0)).text = item
            continue
        table.cell(i, 1).text = item.seq
        if sub and item.parent:
            table.cell(i, name_col + 1).text = _name(t, item)
        elif sub:
            table.cell(i, name_col).merge(table.cell(i, name_col + 1)).text = _name(t, item)
        else:
            table.cell(i, name_col).text = _name(t, item)
        for k, v in enumerate(_values(t, item)):
            table.cell(i, name_col + 1 + shift + k).text = v


def _merge_down(table: Any, body: list[Row | str], col: int, key: str) -> None:
    """Categories (and parents) merged down their rows, as printed plans do."""
    start = 1
    while start <= len(body):
        first = body[start - 1]
        value = getattr(first, key) if isinstance(first, Row) else None
        end = start
        while end < len(body) and (isinstance(body[end], str) or getattr(body[end], key) == value):
            end += 1
        if value:
            table.cell(start, col).merge(table.cell(end, col)).text = value
        start = end + 1


_WIDTH_CM = {"类别": 1.6, "序号": 1.0, "指标名称": 6.0, "": 2.2, "单位": 1.8, "属性": 1.6}


def _widths(table: object, hdr: list[str], sub: bool) -> None:
    """Column widths as an office sets them: a wide name column, narrow number columns."""
    from docx.oxml.ns import qn
    from docx.shared import Cm

    widths = [Cm(_WIDTH_CM.get(h, 2.0 if "年" in h else 3.0)) for h in hdr]
    if sub:
        widths[2] = Cm(2.4)
    table.autofit = False  # type: ignore[attr-defined]
    grid = table._tbl.tblGrid  # type: ignore[attr-defined]
    for k, col in enumerate(grid.findall(qn("w:gridCol"))):
        if k < len(widths):
            col.set(qn("w:w"), str(int(widths[k].twips)))
    for row in table.rows:  # type: ignore[attr-defined]
        for k, cell in enumerate(row.cells):
            if k < len(widths):
                cell.width = widths[k]


# -- web pages ----------------------------------------------------------------------------------

def html_file(t: PrintedTable, folder: Path, *, encoding: str = "utf-8", name: str = "html") -> Path:
    """A page as saved from a government portal: navigation, breadcrumbs, the article with the
    table (rowspan for categories and parents, a two-row header with colspan), a footer."""
    e = html.escape
    sub = any(r.parent for r in t.rows)
    head = _header(t)
    years = [t.base_header, t.target_header]
    h1 = ["<tr>"]
    for h in head:
        if h in years:
            if h == years[0]:
                h1.append('<td colspan="2" align="center">指标值</td>')
            continue
        span = ' colspan="2"' if (sub and h == "指标名称") else ""
        h1.append(f'<td rowspan="2"{span}>{e(h)}</td>')
    h1.append("</tr>")
    h2 = "<tr>" + "".join(f"<td>{e(y)}</td>" for y in years) + "</tr>"
    body: list[str] = []
    rows = list(t.rows)
    cat_span: dict[int, int] = {}
    par_span: dict[int, int] = {}
    for i, r in enumerate(rows):
        if i == 0 or rows[i - 1].category != r.category:
            cat_span[i] = sum(1 for x in rows if x.category == r.category)
        if r.parent and (i == 0 or rows[i - 1].parent != r.parent):
            par_span[i] = sum(1 for x in rows if x.parent == r.parent)
    for i, r in enumerate(rows):
        cells = []
        if i in cat_span:
            cells.append(f'<td rowspan="{cat_span[i]}">{e(r.category)}</td>')
        cells.append(f"<td>{e(r.seq)}</td>")
        if sub and r.parent:
            if i in par_span:
                cells.append(f'<td rowspan="{par_span[i]}">{e(r.parent)}</td>')
            cells.append(f"<td>{e(_name(t, r))}</td>")
        elif sub:
            cells.append(f'<td colspan="2">{e(_name(t, r))}</td>')
        else:
            cells.append(f"<td>{e(_name(t, r))}</td>")
        cells += [f"<td>{e(v)}</td>" for v in _values(t, r)]
        body.append("<tr>" + "".join(cells) + "</tr>")
    notes = "".join(f"<p>{e(n)}</p>" for n in t.notes)
    charset = {"utf-8": "utf-8", "gbk": "gbk", "gb18030": "gb18030"}[encoding]
    page = f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{e(t.title)}_政府信息公开</title>
<script>var _hmt = _hmt || []; document.write("统计代码");</script>
<style>td {{ border: 1px solid #000; }}</style></head>
<body>
<div class="top"><a href="/">首页</a> | <a href="/zwgk/">政务公开</a> | <a href="/hdjl/">互动交流</a> | 无障碍浏览</div>
<div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 规划信息</div>
<table class="meta"><tr><td>索引号：</td><td>000014349/2021-00011</td><td>发布机构：</td><td>示例办公厅</td></tr></table>
<div class="article"><h1>{e(t.title)}</h1>
<p>{FILLER}</p>
<p align="center">{e(t.caption)}</p>
<table border="1" cellspacing="0">
{"".join(h1)}
{h2}
{"".join(body)}
</table>
{notes}
<p>{FILLER}</p></div>
<div class="footer">主办单位：示例人民政府办公室 网站标识码：0000000000 ICP备案号：示ICP备00000000号 <a href="#">打印本页</a> <a href="#">关闭窗口</a></div>
</body></html>
"""
    path = folder / f"{t.key}-{name}.html"
    path.write_bytes(page.encode(encoding))
    return path


# -- LibreOffice and poppler ----------------------------------------------------------------------

def _convert(src: Path, to: str, name: str) -> Path:
    from planwatch.reports.office import convert

    out = convert(src, to, src.parent / f"lo-{name}")
    target = src.parent / f"{src.stem.split('-src-')[0]}-{name}{out.suffix}"
    shutil.move(str(out), target)
    return target


def pdf_file(t: PrintedTable, folder: Path, *, ruled: bool = True) -> Path:
    name = "pdf-ruled" if ruled else "pdf-unruled"
    return _convert(docx_file(t, folder, ruled=ruled, name=f"src-{name}"), "pdf", name)


def doc_file(t: PrintedTable, folder: Path) -> Path:
    return _convert(docx_file(t, folder, name="src-doc"), "doc:MS Word 97", "doc")


def text_export(t: PrintedTable, folder: Path) -> Path:
    """``pdftotext -layout`` of the ruled PDF: space-aligned columns, wrapped names, a form feed
    and the repeated header at the page break."""
    pdf = pdf_file(t, folder, ruled=True)
    out = folder / f"{t.key}-text-layout.txt"
    subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), str(out)], check=True)
    return out


def scan_file(t: PrintedTable, folder: Path, *, seed: int = 13) -> Path:
    """The ruled PDF printed and scanned: pages at 200 dpi, turned by up to 0.8°, grey noise,
    saved as an image-only PDF."""
    from PIL import Image, ImageFilter

    pdf = pdf_file(t, folder, ruled=True)
    stem = folder / f"{t.key}-scanpage"
    subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", str(pdf), str(stem)], check=True)
    rng = random.Random(seed)
    pages = []
    for png in sorted(folder.glob(f"{t.key}-scanpage*.png")):
        img = Image.open(png).convert("L")
        img = img.rotate(rng.uniform(-0.8, 0.8), resample=Image.Resampling.BICUBIC,
                         expand=False, fillcolor=255)
        px = img.load()
        w, h = img.size
        for _ in range(w * h // 200):  # salt and pepper specks
            x, y = rng.randrange(w), rng.randrange(h)
            px[x, y] = rng.choice((0, 90, 200))  # type: ignore[index]
        pages.append(img.filter(ImageFilter.GaussianBlur(0.4)))
    out = folder / f"{t.key}-scan.pdf"
    pages[0].save(out, "PDF", resolution=200, save_all=True, append_images=pages[1:])
    return out


def xls_file(t: PrintedTable, folder: Path) -> Path:
    """A workbook sheet with merged category cells, saved as old .xls by LibreOffice."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "主要指标"
    ws.append([t.caption])
    ws.append(_header(t))
    start = 3
    for i, r in enumerate(t.rows):
        ws.append([r.category if (i == 0 or t.rows[i - 1].category != r.category) else None,
                   r.seq, _name(t, r), *_values(t, r)])
    k = 0
    while k < len(t.rows):
        j = k
        while j + 1 < len(t.rows) and t.rows[j + 1].category == t.rows[k].category:
            j += 1
        if j > k:
            ws.merge_cells(start_row=start + k, start_column=1, end_row=start + j, end_column=1)
        k = j + 1
    for n in t.notes:
        ws.append([n])
    src = folder / f"{t.key}-src-xls.xlsx"
    wb.save(str(src))
    return _convert(src, "xls:MS Excel 97", "xls")


#: layout name → (title, builder)
LAYOUTS: dict[str, tuple[str, Callable[[PrintedTable, Path], Path]]] = {
    "docx": ("Word（合并单元格、跨页重复表头）", lambda t, f: docx_file(t, f)),
    "html-utf8": ("网页（UTF-8，rowspan/colspan，两行表头）", lambda t, f: html_file(t, f)),
    "html-gbk": ("网页（GBK 编码）", lambda t, f: html_file(t, f, encoding="gbk", name="html-gbk")),
    "text-layout": ("PDF 文本导出（pdftotext -layout）", text_export),
    "pdf-ruled": ("有框线 PDF（LibreOffice）", lambda t, f: pdf_file(t, f, ruled=True)),
    "pdf-unruled": ("无框线 PDF（LibreOffice）", lambda t, f: pdf_file(t, f, ruled=False)),
    "doc": ("旧版 Word .doc（LibreOffice 转换）", doc_file),
    "xls": ("旧版 Excel .xls（LibreOffice 转换）", xls_file),
    "scan": ("扫描件 PDF（200dpi、旋转、噪点）", scan_file),
}
