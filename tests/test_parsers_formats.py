"""Plans as they are published (issue 13): a web page saved from a portal (rowspan/colspan, a
two-row header, page furniture, GBK), an old binary Word .doc and an .xls converted by
LibreOffice, and a Word table with sub-rows. The tables are real printed tables (bench/corpus/
tables.py, gold rows typed from the printed cells); the files are built here in each format."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from bench.corpus import layouts
from bench.corpus.score import score
from bench.corpus.tables import JINHUA_INDUSTRY, NATIONAL14, NATIONAL14_SUBROWS
from planwatch.cli import cli
from planwatch.parsers import parse_plan


def _all_right(table, path: Path) -> None:
    result = parse_plan(path)
    s = score(table.gold, result.indicators, table.key)
    assert s.wrong == []
    assert s.extra_rows == 0
    assert not [i for i in result.issues if i.code == "unreadable-document"]


@pytest.mark.parametrize("encoding", ["utf-8", "gbk", "gb18030"])
def test_a_saved_web_page_with_rowspans_and_sub_rows_reads_every_row(tmp_path, encoding):
    path = layouts.html_file(NATIONAL14_SUBROWS, tmp_path, encoding=encoding, name=encoding)
    _all_right(NATIONAL14_SUBROWS, path)
    result = parse_plan(path)
    rows = {i.name: i for i in result.indicators}
    # the child keeps its own name; the parent (环境质量) is not an indicator of its own
    assert "环境质量" not in rows
    assert rows["地表水达到或好于Ⅲ类水体比例"].category == "绿色生态"
    # targets printed only in the 年均/累计 column
    assert (rows["单位GDP二氧化碳排放降低"].target_value, rows["单位GDP二氧化碳排放降低"].qualifier.value) \
        == (18.0, "cumulative")
    assert (rows["城镇调查失业率"].target_value, rows["城镇调查失业率"].qualifier.value) == (5.5, "at_most")
    # the page's navigation and footer are not paragraphs of the plan
    from planwatch.parsers import read_document

    texts = [p.text for p in read_document(path).paragraphs]
    assert not any("网站标识码" in t or "当前位置" in t for t in texts)


def test_a_word_table_with_sub_rows_names_each_child(tmp_path):
    _all_right(NATIONAL14_SUBROWS, layouts.docx_file(NATIONAL14_SUBROWS, tmp_path))


def test_an_old_doc_and_xls_are_read_through_libreoffice(tmp_path):
    _all_right(NATIONAL14, layouts.doc_file(NATIONAL14, tmp_path))
    _all_right(JINHUA_INDUSTRY, layouts.xls_file(JINHUA_INDUSTRY, tmp_path))


def test_a_wps_file_is_read_like_a_doc(tmp_path):
    doc = layouts.doc_file(JINHUA_INDUSTRY, tmp_path)
    wps = tmp_path / "金华工业规划.wps"
    wps.write_bytes(doc.read_bytes())
    _all_right(JINHUA_INDUSTRY, wps)
    assert parse_plan(wps).file == "金华工业规划.wps"


@pytest.mark.parametrize(("name", "data", "words"), [
    ("规划.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "另存为 .docx"),
    ("规划.bin", b"\x00\x01\x02\x03" * 100, "不支持的文件格式"),
    ("规划.html", b"<html><body><p>" + bytes(range(128, 256)) * 3, "编码"),
])
def test_an_unreadable_file_gets_a_chinese_message_and_a_non_zero_exit(tmp_path, name, data, words):
    path = tmp_path / name
    path.write_bytes(data)
    res = CliRunner().invoke(cli, ["plan", "parse", str(path)])
    assert res.exit_code != 0
    assert name in res.output and words in res.output


@pytest.mark.parametrize("table", [NATIONAL14, JINHUA_INDUSTRY], ids=lambda t: t.key)
def test_pdfs_with_and_without_rules_and_their_text_export_read_every_row(tmp_path, table):
    """LibreOffice prints the Word table over two pages (the header repeated, a name or a
    category broken by the page break); the same without rules; pdftotext -layout of it."""
    _all_right(table, layouts.pdf_file(table, tmp_path, ruled=True))
    _all_right(table, layouts.pdf_file(table, tmp_path, ruled=False))
    text = layouts.text_export(table, tmp_path)
    assert "\f" in text.read_text("utf-8")  # the export really has a page break
    _all_right(table, text)


def _page(tmp_path: Path, title: str, years: tuple[str, str], text: str = "") -> Path:
    """A fictional (示例) plan page: one indicator row under the given title and column years."""
    path = tmp_path / "示例规划.html"
    path.write_text(
        f"<html><body><p>{title}</p><p>{text}</p><p>表1 主要指标（示例，虚构）</p><table>"
        f"<tr><td>指标名称</td><td>单位</td><td>{years[0]}</td><td>{years[1]}</td><td>属性</td></tr>"
        "<tr><td>示例指标</td><td>%</td><td>1.0</td><td>2.0</td><td>预期性</td></tr>"
        "</table></body></html>", "utf-8")
    return path


def test_the_plan_period_comes_from_the_title_and_a_disagreeing_table_is_a_finding(tmp_path):
    r = parse_plan(_page(tmp_path, "示例市国民经济和社会发展第十三个五年规划纲要", ("2015年", "2020年")))
    assert (r.plan.period_start, r.plan.period_end) == (2016, 2020)
    assert not [i for i in r.issues if i.code == "period-mismatch"]
    # the text names the previous plan first: the title decides
    r = parse_plan(_page(tmp_path, "示例市国民经济和社会发展第十四个五年规划纲要", ("2020年", "2025年"),
                         "“十三五”时期成绩显著，“十四五”时期……"))
    assert (r.plan.period_start, r.plan.period_end) == (2021, 2025)
    r = parse_plan(_page(tmp_path, "示例市国民经济和社会发展第十四个五年规划纲要", ("2015年", "2020年")))
    found = [i for i in r.issues if i.code == "period-mismatch"]
    assert found and "2020" in found[0].message and "2021—2025" in found[0].message
