"""Reports built from a hand-written synthetic plan (tests/report_inputs.py): drafts state only
numbers the data holds; HTML marks drafts; the Word file has the official format."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt

from planwatch.reports.build import build_context
from planwatch.reports.context import Placeholder, ReportContext, ReportKind
from planwatch.reports.docx import write_docx
from planwatch.reports.html import render_html
from tests.conftest import scratch_db
from tests.report_inputs import inputs

NUMBER = re.compile(r"\d+(?:\.\d+)?")


def numbers_not_in_data(ctx: ReportContext) -> list[tuple[str, str]]:
    """Every number written in a draft, checked against the context's data fields at the
    precision written (45.3 matches 45.2999); names are data too and are removed first."""
    names = sorted({r.name for r in ctx.annex} | {a.title for a in ctx.areas}
                   | {ctx.plan_title, ctx.region_name}, key=len, reverse=True)
    data = ctx.data_numbers()
    missing = []
    for d in ctx.drafts:
        text = d.text
        for n in names:
            text = text.replace(n, "")
        for tok in NUMBER.findall(text):
            places = len(tok.split(".")[1]) if "." in tok else 0
            if not any(abs(round(v, places) - float(tok)) < 1e-9 for v in data):
                missing.append((tok, d.text))
    return missing


@pytest.fixture(scope="module")
def ctx() -> ReportContext:
    return build_context(inputs())


def test_every_number_in_a_draft_is_in_the_data(ctx: ReportContext):
    assert len(ctx.drafts) >= 8
    assert numbers_not_in_data(ctx) == []


def test_a_draft_with_an_invented_number_is_caught(ctx: ReportContext):
    from dataclasses import replace

    from planwatch.reports.context import Draft

    bad = replace(ctx, problems=(*ctx.problems, Draft("测试产值2022年为999.9亿元。", "x")))
    assert numbers_not_in_data(bad) == [("999.9", "测试产值2022年为999.9亿元。")]


def test_progress_sentence_counts_by_hand(ctx: ReportContext):
    # 4 indicators: 测试比重 on schedule, 测试企业数 reached early (both expected),
    # 测试产值 behind (expected), 测试排放 binding without the province's task.
    assert ctx.progress_sentence.text == (
        "按照“时间与进度基本一致”评价原则，《合成测试规划》确定的4项指标中，2项指标（2项预期性指标、"
        "0项约束性指标）达到或超过规划进度要求，其中1项指标提前达到规划目标。但1项预期性指标未达规划"
        "进度要求。测试排放指标由于省下达年度任务未录入未作出评估。"
    )
    statuses = [r.status for r in ctx.annex]
    assert statuses.count("behind") == ctx.counts.behind == 1
    assert ctx.counts.met == statuses.count("on_schedule") + statuses.count("reached_early") == 2


def test_area_judgement_says_what_is_behind_and_the_growth_required(ctx: ReportContext):
    area = next(a for a in ctx.areas if a.title == "甲领域")
    text = "".join(p.text for p in area.judgement)
    assert "测试比重指标达到或超过规划进度要求" in text
    assert ("但也要看到，2022年测试产值为130.5亿元，规划进度为30.5%，低于40%的时间进度，"
            "后续年均需增长15.26%才能实现2025年200亿元的规划目标。") in text
    assert text.endswith("下一步，〔请评估人员结合本领域工作部署，填写下一步重点举措〕")
    assert [r.source for r in area.requirements][0] == "《合成测试规划》表1第11行"
    assert [e.text for e in area.achievements][:2] == ["2021年，测试产值为118.2亿元",
                                                        "2022年，测试产值为130.5亿元"]


def test_html_marks_every_draft_and_lists_every_indicator(ctx: ReportContext):
    html = render_html(ctx)
    assert html.count('class="badge"') == len(ctx.drafts)
    assert html.count('class="draft"') == len(ctx.drafts)
    assert html.count("<tr class=") == 4
    assert "合成测试数据" in html
    assert html.count("data:image/png;base64,") == len(ctx.charts) == 2  # progress + 1 lagging


@pytest.mark.parametrize("kind,title", [
    (ReportKind.ANNUAL, "《合成测试规划》实施情况年度监测报告"),
    (ReportKind.FINAL, "《合成测试规划》实施情况总结评估报告"),
])
def test_kind_sets_the_title(kind: ReportKind, title: str):
    assert build_context(inputs(kind, with_charts=False)).title == title


def test_word_file_has_the_official_format(ctx: ReportContext, tmp_path: Path):
    d = docx.Document(str(write_docx(ctx, tmp_path / "r.docx")))
    sec = d.sections[0]
    assert (round(sec.page_width.mm), round(sec.page_height.mm)) == (210, 297)
    assert [round(x.mm) for x in (sec.top_margin, sec.bottom_margin, sec.left_margin,
                                  sec.right_margin)] == [37, 35, 28, 26]
    normal = d.styles["Normal"]
    assert normal.font.size == Pt(16)
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert round(normal.paragraph_format.line_spacing.pt, 2) == 28.95
    assert d.styles["Title"].font.size == Pt(22)
    assert d.styles["Title"].element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert d.styles["Heading 1"].element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    assert d.styles["Heading 2"].element.rPr.rFonts.get(qn("w:eastAsia")) == "楷体_GB2312"
    assert d.styles["Heading 1"].element.rPr.rFonts.get(qn("w:asciiTheme")) is None
    footer = sec.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "— " in footer
    table = d.tables[-1]
    assert [c.text for c in table.rows[0].cells] == [
        "序号", "指标", "单位", "2020年基数", "2025年目标", "属性", "最新值（年份）", "进度", "评价"]
    assert [c.text for c in table.rows[1].cells] == [
        "1", "测试产值", "亿元", "100", "200", "预期性", "130.5（2022年）", "30.5%", "未达进度要求"]
    assert len(table.rows) == 5
    assert len(d.inline_shapes) == len(ctx.charts)
    body = "\n".join(p.text for p in d.paragraphs)
    for heading in ("一、", "二、", "三、需要高度关注的问题", "四、", "【规划要求】", "【主要成效】", "【实施评价】"):
        assert heading in body


def test_drafts_of_a_40_indicator_plan_evaluated_by_the_china_method(request: pytest.FixtureRequest, tmp_path: Path):
    """The synthetic benchmark plan through the real method: many lagging indicators with the
    growth still required, all numbers traceable to the data."""
    import datetime as dt

    from bench.synthetic_plan import PLAN, synthetic_dataset
    from planwatch.api.reports import report_context
    from planwatch.store import Store

    store = Store(scratch_db(tmp_path / 'pw.db', request))
    try:
        store.load_dataset(synthetic_dataset(40))
        ctx = report_context(store, PLAN, dt.date(2023, 6, 30), synthetic=True, with_charts=False)
    finally:
        store.dispose()
    assert len(ctx.annex) == 40 and ctx.counts.behind > 0
    assert any("后续年均需" in d.text for d in ctx.drafts)
    assert numbers_not_in_data(ctx) == []
    assert sum(isinstance(p, Placeholder) for p in ctx.measures) == ctx.counts.behind + 1
