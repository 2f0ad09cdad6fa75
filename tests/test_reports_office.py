"""The Word and PDF reports of the embedded Jinhua industrial plan, opened in LibreOffice headless
and checked as a reader would: Chinese text in an embedded CJK font, all 20 indicators in the annex,
charts present, and the counts sentence agreeing with the annex."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import docx
import pdfplumber
import pytest

from planwatch import api
from planwatch.api.reports import report_context, write_report
from planwatch.reports.context import ReportContext
from tests.conftest import scratch_db
from tests.test_reports import numbers_not_in_data

pytestmark = pytest.mark.office

PLAN = "jinhua-industry-14"
AS_OF = dt.date(2023, 6, 30)
# the 20 indicator names of seed 004 表1 (lines 158-320), units stripped
SEED_004_NAMES = [
    "工业增加值占GDP比重", "规上工业总产值", "规上工业增加值", "规上工业营业收入利润率增速",
    "规上工业全员劳动生产率", "规上工业企业数", "高新技术产业增加值占规上工业比重",
    "数字经济核心产业增加值占GDP比重", "规上工业研发经费支出占营业收入比重", "每万人高价值发明专利数",
    "规上工业新产品产值率", "两化融合发展指数", "单位工业增加值二氧化碳排放降幅", "单位工业增加值用水量",
    "工业固体废物利用处置率", "规上工业亩均增加值", "规上工业亩均税收", "千亿级工业大县数量",
    "武义、磐安新增规上工业企业数量", "武义、磐安规上工业增加值占全市比重",
]


@pytest.fixture(scope="module")
def jinhua(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[ReportContext, Path, Path]:
    folder = tmp_path_factory.mktemp("jinhua-report")
    store, _ = api.data.init_store(scratch_db(folder / 'pw.db', request))
    try:
        ctx = report_context(store, PLAN, AS_OF)
    finally:
        store.dispose()
    docx_path = write_report(ctx, folder / "report.docx", "docx")
    pdf_path = write_report(ctx, folder / "report.pdf", "pdf")  # the one LibreOffice run
    return ctx, docx_path, pdf_path


def _pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_pdf_has_chinese_in_an_embedded_cjk_font(jinhua):
    _, _, pdf = jinhua
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    cjk = [f for f in fonts if "CJK" in f.split()[0]]
    assert cjk, fonts
    assert all(f.split()[-5] == "yes" for f in cjk)  # emb column
    text = _pdf_text(pdf)
    flat = re.sub(r"\s+", "", text)
    assert "《金华市工业高质量发展“十四五”规划》实施情况中期评估报告" in flat
    for heading in ("一、", "二、", "三、需要高度关注的问题", "四、推进规划实施的对策建议",
                    "【规划要求】", "【主要成效】", "【实施评价】", "附件：主要指标进展情况表"):
        assert heading in flat
    assert "—1—" in flat  # page number in the footer
    assert pdf.read_bytes()[:5] == b"%PDF-"


def test_first_page_renders_to_a_png_with_ink(jinhua, tmp_path: Path):
    from PIL import Image

    _, _, pdf = jinhua
    subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-png", str(pdf),
                    str(tmp_path / "p")], check=True)
    png = next(tmp_path.glob("p-*.png"))
    img = Image.open(png).convert("L")
    dark = sum(1 for px in img.getdata() if px < 128)
    assert dark > 2000  # title and body text drawn, not an empty page


def _indicator_annex(document):  # type: ignore[no-untyped-def]
    """附件1, the indicator table (附件2, the tasks and projects, follows it since issue 16)."""
    return next(t for t in document.tables if len(t.columns) >= 9 and "指标" in t.rows[0].cells[1].text)


def test_annex_lists_all_20_indicators_in_the_pdf_and_the_docx(jinhua):
    ctx, docx_path, pdf = jinhua
    table = _indicator_annex(docx.Document(str(docx_path)))
    assert [r.cells[1].text for r in table.rows[1:]] == SEED_004_NAMES
    rows = []
    with pdfplumber.open(str(pdf)) as doc:
        for page in doc.pages:
            for t in page.extract_tables():
                rows.extend(r for r in t if r and r[0] and r[0].strip().isdigit())
    names = [re.sub(r"\s+", "", r[1] or "") for r in rows]
    assert names == SEED_004_NAMES
    # 规上工业研发经费支出占营业收入比重: 2020 2.69, target 3.0以上 (seed 004 表1), 3.23% in 2022 (seed 002)
    row9 = next(r for r in rows if r[0].strip() == "9")
    assert re.sub(r"\s+", "", row9[3]) == "2.69"
    assert re.sub(r"\s+", "", row9[6]) == "3.23（2022年）"


def test_charts_are_in_the_report(jinhua):
    ctx, docx_path, pdf = jinhua
    assert any(c.key == "progress" for c in ctx.charts)
    assert len(docx.Document(str(docx_path)).inline_shapes) == len(ctx.charts)
    with pdfplumber.open(str(pdf)) as doc:
        images = sum(len(p.images) for p in doc.pages)
    assert images == len(ctx.charts)


def test_counts_sentence_matches_the_annex(jinhua):
    ctx, docx_path, _ = jinhua
    labels = [r.cells[8].text for r in _indicator_annex(docx.Document(str(docx_path))).rows[1:]]
    by_status = [r.status for r in ctx.annex]
    assert labels == [r.status_label for r in ctx.annex]
    m = re.search(r"确定的(\d+)项指标中，(\d+)项指标（(\d+)项预期性指标、(\d+)项约束性指标）达到或超过规划进度要求"
                  r"，其中(\d+)项指标提前达到规划目标", ctx.progress_sentence.text)
    assert m, ctx.progress_sentence.text
    total, met, met_exp, met_bind, early = map(int, m.groups())
    assert total == len(labels) == 20
    assert met == by_status.count("on_schedule") + by_status.count("reached_early")
    assert met_exp + met_bind == met
    assert met_bind == sum(1 for r in ctx.annex if r.binding and r.status in ("on_schedule", "reached_early"))
    assert early == by_status.count("reached_early")
    na = sum(int(n) for n in re.findall(r"等(\d+)项指标由于", ctx.progress_sentence.text))
    na += len(re.findall(r"(?<!项)指标由于", ctx.progress_sentence.text))
    assert na == by_status.count("not_assessable")


def test_jinhua_drafts_state_only_numbers_from_the_data(jinhua):
    ctx, _, _ = jinhua
    assert numbers_not_in_data(ctx) == []
