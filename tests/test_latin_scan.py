"""The Latin-word scan (tests/screens.py) itself, and applied to every generated document: the
Word and HTML reports and the workbooks (evaluation export and reporting template) built from
the embedded Jinhua data, under the Chinese rule and under an international method."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from planwatch import api
from planwatch.api.excel import export_evaluation, write_reporting_template
from planwatch.api.reports import generate_report
from planwatch.store import Store
from tests.conftest import scratch_db
from tests.screens import docx_text, html_text, latin_words, xlsx_text

AS_OF = dt.date(2023, 6, 30)
PLANS = ("jinhua-industry-14", "jindong-industry-14")


def test_the_scan_finds_english_and_leaves_the_allowlist_alone():
    text = ("工业增加值占GDP比重、R&D经费、PM2.5浓度、CO₂排放；导出为Excel、Word、PDF或JSON。"
            "线性进度 p=(x_t−x_B)/(x_T−x_B)；详见 https://tjj.jinhua.gov.cn/art/2023/x.html 。"
            "评价：not_assessable，类型 share，final，self-media article")
    assert latin_words(text) == ["not_assessable", "share", "final", "self-media", "article"]
    assert latin_words("指标 share", allowed=["share"]) == []


def test_the_text_of_an_html_page_leaves_code_and_scripts_out():
    html = ("<p>评价<code>not_assessable</code><span data-code>behind</span></p>"
            "<script>var x = 'english';</script><p>完成</p>")
    assert latin_words(html_text(html)) == []
    assert latin_words(html_text("<p>status</p>")) == ["status"]


@pytest.fixture(scope="module")
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    s, _ = api.data.init_store(scratch_db(tmp_path_factory.mktemp('latin') / 'pw.db', request))
    yield s
    s.dispose()


@pytest.mark.parametrize("method", ["china", "statcan"])
@pytest.mark.parametrize("plan", PLANS)
def test_reports_are_in_chinese(store: Store, tmp_path: Path, plan: str, method: str):
    for fmt in ("docx", "html"):
        path = tmp_path / f"report.{fmt}"
        generate_report(store, plan, AS_OF, path, fmt=fmt, method=method)
        text = docx_text(path) if fmt == "docx" else html_text(path.read_text("utf-8"))
        assert latin_words(text) == [], f"{plan} {method} .{fmt}"


@pytest.mark.parametrize("plan", PLANS)
def test_evaluation_workbook_is_in_chinese(store: Store, tmp_path: Path, plan: str):
    path = export_evaluation(store, plan, AS_OF, tmp_path / "评价表.xlsx")
    assert latin_words(xlsx_text(path)) == []


@pytest.mark.parametrize("reporter", ["义乌市", "330700"])
def test_reporting_template_is_in_chinese(store: Store, tmp_path: Path, reporter: str):
    path = tmp_path / "报送表.xlsx"
    write_reporting_template(store, reporter, path, year=2023)
    assert latin_words(xlsx_text(path)) == []
