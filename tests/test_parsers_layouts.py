"""Plan tables in other real layouts, built at test time: a Word table with merged category
cells, the same document converted to PDF by LibreOffice, an Excel workbook, and a text table
with its columns in another order, 〔 〕 brackets and * base-year notes. Expected rows are
written out by hand from the tables as built here."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import openpyxl
import pytest

from planwatch.parsers import parse_plan

CAPTION = "表2 某县“十四五”经济社会发展主要指标"
HEADER = ["类别", "序号", "指标名称", "单位", "2020年基数", "2025年目标", "年均增长（%）", "属性"]
ROWS = [
    ["经济发展", "1", "地区生产总值", "亿元", "520.6", "800", "9.0", "预期性"],
    ["经济发展", "2", "数字经济核心产业增加值占GDP比重", "%", "6.5*", "10以上", "0.58", "预期性"],
    ["经济发展", "3", "研发经费投入强度", "%", "2.1", "2.8左右", "—", "预期性"],
    ["绿色生态", "4", "单位GDP能耗降低", "%", "—", "〔13.5〕", "—", "约束性"],
    ["绿色生态", "5", "PM2.5平均浓度", "微克/立方米", "30", "<28", "—", "约束性"],
    ["绿色生态", "6", "城乡居民收入倍差", "倍", "1.85", "1.8以内", "—", "预期性"],
    ["民生福祉", "7", "城镇调查失业率", "%", "3.2", "5以内", "—", "预期性"],
    ["民生福祉", "8", "居民人均可支配收入增长", "%", "—", "与GDP增长基本同步", "—", "预期性"],
    ["民生福祉", "9", "新增城镇就业人数", "万人", "—", "[30]", "—", "预期性"],
    ["民生福祉", "10", "耕地保有量", "万亩", "120", "完成省下达任务", "—", "约束性"],
]
NOTE = "注：1.带*的为2019年数据；2.〔 〕内为五年累计数；3.以%为计量的按年均增加百分点表示。"

H, L = "higher_better", "lower_better"
# category, seq, name, unit, base, base year, target, qualifier, growth, growth unit, nature, direction
EXPECTED = [
    ("经济发展", 1, "地区生产总值", "亿元", 520.6, 2020, 800.0, "exact", 9.0, "percent", "expected", H),
    ("经济发展", 2, "数字经济核心产业增加值占GDP比重", "%", 6.5, 2019, 10.0, "at_least", 0.58, "points", "expected", H),
    ("经济发展", 3, "研发经费投入强度", "%", 2.1, 2020, 2.8, "about", None, None, "expected", H),
    ("绿色生态", 4, "单位GDP能耗降低", "%", None, None, 13.5, "cumulative", None, None, "binding", H),
    ("绿色生态", 5, "PM2.5平均浓度", "微克/立方米", 30.0, 2020, 28.0, "at_most", None, None, "binding", L),
    ("绿色生态", 6, "城乡居民收入倍差", "倍", 1.85, 2020, 1.8, "at_most", None, None, "expected", L),
    ("民生福祉", 7, "城镇调查失业率", "%", 3.2, 2020, 5.0, "at_most", None, None, "expected", L),
    ("民生福祉", 8, "居民人均可支配收入增长", "%", None, None, None, "relational", None, None, "expected", H),  # 与GDP增长基本同步: a relational target (issue 14)
    ("民生福祉", 9, "新增城镇就业人数", "万人", None, None, 30.0, "cumulative", None, None, "expected", H),
    ("民生福祉", 10, "耕地保有量", "万亩", 120.0, 2020, None, "province_task", None, None, "binding", H),
]


def rows_of(result):
    return [(i.category, i.seq, i.name, i.unit, i.base_value, i.base_year, i.target_value,
             i.qualifier.value, i.declared_growth,
             i.declared_growth_unit.value if i.declared_growth_unit else None, i.nature.value,
             i.direction.value) for i in result.indicators]


def build_docx(path: Path) -> Path:
    d = docx.Document()
    d.add_paragraph("某县国民经济和社会发展第十四个五年规划纲要")
    d.add_paragraph("规划期为2021—2025年。")
    d.add_paragraph(CAPTION)
    t = d.add_table(rows=1 + len(ROWS), cols=len(HEADER))
    t.style = "Table Grid"
    for k, h in enumerate(HEADER):
        t.cell(0, k).text = h
    for r, row in enumerate(ROWS, 1):
        for k, v in enumerate(row[1:], 1):
            t.cell(r, k).text = v
    # merge the category cells down their rows, as printed plans do
    for first, last, name in ((1, 3, "经济发展"), (4, 6, "绿色生态"), (7, 10, "民生福祉")):
        merged = t.cell(first, 0).merge(t.cell(last, 0))
        merged.text = name
    d.add_paragraph(NOTE)
    d.add_paragraph("力争到2025年，全县规上工业企业达到500家以上，新增高新技术企业80家。")
    _annex(d)
    d.save(path)
    return path


ANNEX_REGIONS = [f"测试乡{k:02d}" for k in range(1, 81)]


def _annex(d) -> None:
    """A county split long enough to run onto a second page, its header row repeated there;
    乡07's 2025 cell is empty."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    d.add_paragraph("附件1：某县“十四五”地区生产总值分解")
    t = d.add_table(rows=1 + len(ANNEX_REGIONS), cols=3)
    t.style = "Table Grid"
    for k, h in enumerate(["地区", "2020年地区生产总值（亿元）", "2025年地区生产总值（亿元）"]):
        t.cell(0, k).text = h
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    t.rows[0]._tr.get_or_add_trPr().append(flag)
    for r, name in enumerate(ANNEX_REGIONS, 1):
        t.cell(r, 0).text = name
        t.cell(r, 1).text = f"{10 + r}.5"
        t.cell(r, 2).text = "" if r == 7 else f"{20 + r}"


def annex_expected() -> dict[tuple[str, int], float]:
    out = {}
    for r, name in enumerate(ANNEX_REGIONS, 1):
        out[(name, 2020)] = 10 + r + 0.5
        if r != 7:
            out[(name, 2025)] = float(20 + r)
    return out


@pytest.fixture(scope="module")
def word_file(tmp_path_factory) -> Path:
    return build_docx(tmp_path_factory.mktemp("word") / "某县纲要.docx")


def test_docx_with_merged_category_cells(word_file):
    result = parse_plan(word_file)
    assert rows_of(result) == EXPECTED
    first = result.indicators[0]
    assert first.source.table == "表2" and first.source.cell == "R2C3"
    assert [i.code for i in result.issues if i.severity.value == "error"] == []
    assert result.plan.period_start == 2021 and result.plan.period_end == 2025
    assert {(d.region, d.year): d.value for d in result.decompositions} == annex_expected()
    assert {d.indicator_seq for d in result.decompositions} == {1}


def test_docx_prose_targets_located_by_paragraph(word_file):
    result = parse_plan(word_file)
    got = [(n.subject, n.value, n.unit, n.qualifier.value, n.increment) for n in result.narrative_targets]
    assert got == [("规上工业企业", 500.0, "家", "at_least", False), ("高新技术企业", 80.0, "家", "exact", True)]
    assert result.narrative_targets[0].source.cell == "第5段"  # title, period, caption, note, then this


def _soffice(src: Path, out: Path, profile: Path, filter_: str = "pdf") -> Path:
    exe = shutil.which("soffice")
    if exe is None:
        pytest.fail("LibreOffice (soffice) is not installed; run scripts/setup.sh")
    subprocess.run([exe, "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
                    "--convert-to", filter_, "--outdir", str(out), str(src)],
                   check=True, capture_output=True, timeout=120)
    return out / (src.stem + ".pdf")


@pytest.fixture(scope="module")
def pdf_file(word_file, tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("pdf")
    return _soffice(word_file, base / "out", base / "profile")


@pytest.mark.office
def test_pdf_made_by_libreoffice(pdf_file):
    result = parse_plan(pdf_file)
    assert rows_of(result) == EXPECTED
    assert result.indicators[0].source.page == 1
    assert result.indicators[0].source.table == "表2"
    assert [n.value for n in result.narrative_targets] == [500.0, 80.0]
    # the annex runs onto page 2 with its header repeated: read as one table, header skipped,
    # the empty cell left empty
    pages = {d.source.page for d in result.decompositions}
    assert len(pages) >= 2
    assert {(d.region, d.year): d.value for d in result.decompositions} == annex_expected()
    assert [i for i in result.issues if i.code == "unreadable-row"] == []


@pytest.mark.office
def test_encrypted_pdf_is_refused_with_a_clear_message(word_file, tmp_path):
    options = ('pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
               '"DocumentOpenPassword":{"type":"string","value":"secret"}}')
    pdf = _soffice(word_file, tmp_path / "out", tmp_path / "profile", options)
    result = parse_plan(pdf)
    [err] = result.issues
    assert err.code == "unreadable-document" and err.severity.value == "error"
    assert "已加密" in err.message and pdf.name in err.message
    assert result.indicators == []


def test_image_only_pdf_is_refused(tmp_path):
    from PIL import Image

    path = tmp_path / "扫描件.pdf"
    Image.new("RGB", (600, 800), "white").save(path)
    result = parse_plan(path)
    [err] = result.issues
    assert err.code == "unreadable-document"
    assert "没有文字层" in err.message and "OCR" in err.message and err.location.file == path.name


def test_xlsx_with_merged_cells_and_numbers(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "主要指标"
    ws.append([CAPTION])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    ws.append(HEADER)
    for row in ROWS:
        values: list[object] = list(row)
        for k in (4, 5, 6):  # plain numbers go in as numbers, as a user would type them
            try:
                values[k] = float(row[k])
            except ValueError:
                pass
        values[1] = int(row[1])
        ws.append(values)
    for first, last in ((3, 5), (6, 8), (9, 12)):
        ws.merge_cells(start_row=first, start_column=1, end_row=last, end_column=1)
    ws.append([NOTE])
    path = tmp_path / "指标.xlsx"
    wb.save(path)
    result = parse_plan(path)
    assert rows_of(result) == EXPECTED
    assert result.indicators[4].source.cell == "主要指标!C7"


OTHER_ORDER = """表3 某区“十四五”工业发展指标
序号 指标名称 单位 属性 2025年目标 2020年基数
1 规上工业增加值 亿元 预期性 300 180.5
2 单位工业增加值能耗降低 % 约束性 〔14〕 —
3 规上工业研发费用占营业收入比重 % 预期性 3.0以上，力争3.5以上 2.2*
4 高新技术企业数 家 预期性 500 以上 260
注：带*的为2019年数据；〔 〕内数为五年累计数。
"""


def test_text_table_with_columns_in_another_order(tmp_path):
    path = tmp_path / "other.txt"
    path.write_text("某区工业发展“十四五”规划\n\n" + OTHER_ORDER, encoding="utf-8")
    result = parse_plan(path)
    got = [(i.seq, i.name, i.unit, i.nature.value, i.target_value, i.qualifier.value, i.stretch_value,
            i.base_value, i.base_year, i.source.line) for i in result.indicators]
    assert got == [
        (1, "规上工业增加值", "亿元", "expected", 300.0, "exact", None, 180.5, 2020, 5),
        (2, "单位工业增加值能耗降低", "%", "binding", 14.0, "cumulative", None, None, None, 6),
        (3, "规上工业研发费用占营业收入比重", "%", "expected", 3.0, "at_least", 3.5, 2.2, 2019, 7),
        (4, "高新技术企业数", "家", "expected", 500.0, "at_least", None, 260.0, 2020, 8),
    ]
    assert [i for i in result.issues if i.severity.value == "error"] == []
    assert any("2019" in n for n in result.indicators[2].notes)


def test_star_without_a_note_is_reported(tmp_path):
    path = tmp_path / "nostar.txt"
    path.write_text(OTHER_ORDER.replace("注：带*的为2019年数据；", "注："), encoding="utf-8")
    result = parse_plan(path)
    assert result.indicators[2].base_year == 2020
    [w] = [i for i in result.issues if i.code == "note-not-applied"]
    assert w.location.line == 5 and "2.2*" in w.message


def test_unreadable_row_is_kept_and_reported(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text("表1 主要指标\n指标名称 2020年基数 2025年目标 年均增长（%） 属性\n"
                    "规上工业总产值（亿元） 100 200 14.9 预期性\n"
                    "规上工业企业数（家） 300 预期性\n", encoding="utf-8")
    result = parse_plan(path)
    assert [i.name for i in result.indicators] == ["规上工业总产值", "规上工业企业数"]
    kept = result.indicators[1]
    assert (kept.base_value, kept.target_value) == (None, None)
    [err] = [i for i in result.issues if i.code == "unreadable-row"]
    assert err.severity.value == "error"
    assert (err.location.file, err.location.line) == ("bad.txt", 4)
    assert "规上工业企业数" in err.message and "300" in err.message


def test_no_indicator_table(tmp_path):
    path = tmp_path / "news.txt"
    path.write_text("金华市2023年工业经济运行情况\n\n全市规上工业增加值增长6.5%。\n", encoding="utf-8")
    result = parse_plan(path)
    [err] = result.issues
    assert err.code == "no-indicator-table" and "news.txt" in err.message


def test_corrupt_docx(tmp_path):
    path = tmp_path / "损坏.docx"
    path.write_bytes(b"PK\x03\x04 this is not a zip archive")
    result = parse_plan(path)
    [err] = result.issues
    assert err.code == "unreadable-document"
    assert "损坏.docx" in err.message and "另存为 .docx" in err.message


def test_unsupported_format(tmp_path):
    path = tmp_path / "plan.odt"
    path.write_bytes(b"\x00\x01binary")
    [err] = parse_plan(path).issues
    assert err.code == "unreadable-document" and ".odt" in err.message


def test_cell_per_line_text_with_repeated_header_and_broken_cells(tmp_path):
    # text copied out of Word: one cell per line behind a tab, a blank line between rows, a
    # category and a name broken over lines, the header printed again after a page break
    lines = [
        "表1 某市“十四五”工业发展指标", "",
        "\t类别", "\t序号", "\t指标名称", "\t2020年", "\t2025年", "\t属性", "",
        "\t质量", "", "效益", "\t1", "\t规上工业总产值（亿元）", "\t4453", "\t8000", "\t预期性", "",
        "\t", "\t2", "\t单位工业增加值用水量", "", "（立方米/万元）", "\t—", "\t完成省下达任务", "\t约束性", "",
        "- 3 -", "",
        "\t类别", "\t序号", "\t指标名称", "\t2020年", "\t2025年", "\t属性", "",
        "\t", "\t3", "\t两化融合发展指数", "\t91.83（2019）", "\t", "\t预期性", "",
    ]
    path = tmp_path / "cells.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = parse_plan(path)
    got = [(i.category, i.seq, i.name, i.unit, i.base_value, i.base_year, i.target_value, i.qualifier.value,
            i.nature.value, i.source.line) for i in result.indicators]
    assert got == [
        ("质量效益", 1, "规上工业总产值", "亿元", 4453.0, 2020, 8000.0, "exact", "expected", 14),
        ("质量效益", 2, "单位工业增加值用水量", "立方米/万元", None, None, None, "province_task", "binding", 21),
        ("质量效益", 3, "两化融合发展指数", "", 91.83, 2019, None, "none", "expected", 39),
    ]
