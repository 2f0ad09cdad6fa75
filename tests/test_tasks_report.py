"""Section 二 of the report from the plan's tasks (issue 16): per action and 专栏, the plan's
words quoted with their lines, achievements drafted only from confirmed progress reports, the
counts and the lagging tasks for the evaluator, and the tasks/projects annex. The progress texts
are FICTIONAL (示例) test input."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx

from planwatch import model as m
from planwatch.api import Store
from planwatch.api import tasks as api_tasks
from planwatch.api.data import load_embedded
from planwatch.api.reports import report_context, write_report
from planwatch.reports.html import render_html
from tests.conftest import seed
from tests.test_reports import numbers_not_in_data
from tests.test_tasks import ACTIONS_004


def test_section_two_from_tasks(sqlite_url: str, tmp_path: Path) -> None:
    store = Store(sqlite_url)
    load_embedded(store)
    store.load_dataset(m.Dataset(name="单位（示例）", departments=(
        m.Department("jh-jxj", "金华市经济和信息化局", aliases=("市经信局",)),)))
    api_tasks.import_tasks(store, "jinhua-industry-14", seed("004"), actor="t")
    before = report_context(store, "jinhua-industry-14", dt.date(2023, 6, 30), with_charts=False)
    assert [a.title for a in before.task_areas] == [*ACTIONS_004, "专栏2：市区六大万亩工业平台“比拼赛马”重点任务"]
    first = before.task_areas[0]
    assert first.requirements[0].text.startswith("1．大力扶持一批冠军型龙头企业：围绕产品集成度")
    assert first.requirements[0].source.endswith("第550行")
    assert "力争到2025年，全市规上工业企业达到7000家以上" in first.requirements[1].text
    assert "暂无经审核的任务进展报告" in first.achievements[0].text
    assert before.task_intro[0].text == "规划部署的32项重点任务中，32项尚无经审核的进展（未评价）。"

    api_tasks.assign_task(store, "jinhua-industry-14/t4-1-2", "市经信局", actor="admin")
    ok = api_tasks.report_progress(store, "jinhua-industry-14/t4-1-2", period="2023-H1", actor="u",
                                   text="（示例）新增专精特新企业120家", status="序时推进",
                                   evidence_url="https://example.org/示例佐证")
    lag = api_tasks.report_progress(store, "jinhua-industry-14/t4-1-3", period="2023-H1", actor="u",
                                    text="（示例）产业链上下游共同体建设起步", status="序时推进")
    unreviewed = api_tasks.report_progress(store, "jinhua-industry-14/t4-1-4", period="2023-H1", actor="u",
                                           text="（示例）未审核的进展", status="已完成")
    api_tasks.review_progress(store, ok, "序时推进", comment=None, actor="reviewer1")
    api_tasks.review_progress(store, lag, "滞后", comment="（示例）共同体仅建成2个", actor="reviewer1")
    ctx = report_context(store, "jinhua-industry-14", dt.date(2023, 6, 30), with_charts=False)
    part = ctx.task_areas[0]
    texts = [p.text for p in part.achievements]
    assert texts == [
        "支持中小微企业专精特新发展：（示例）新增专精特新企业120家（金华市经济和信息化局报送，2023-H1，"
        "审核确认为“序时推进”，审核人reviewer1；佐证：https://example.org/示例佐证）。",
        "引导大中小企业融合贯通发展：（示例）产业链上下游共同体建设起步（填报人u报送，2023-H1，"
        "审核确认为“滞后”，审核人reviewer1）。"]
    assert all(getattr(p, "template", "") == "task-progress" for p in part.achievements)  # drafts
    assert not any("未审核的进展" in t for t in texts) and unreviewed
    judgement = [p.text for p in part.judgement]
    assert judgement[0] == "从任务进展看，本部分4项任务中，1项序时推进，1项滞后，2项尚无经审核的进展（未评价）。"
    assert judgement[1] == "但也要看到，引导大中小企业融合贯通发展（（示例）共同体仅建成2个）。"
    assert judgement[2].startswith("总体看，〔") and judgement[3].startswith("下一步，〔")
    assert ctx.task_intro[0].text == "规划部署的32项重点任务中，1项序时推进，1项滞后，30项尚无经审核的进展（未评价）。"
    assert numbers_not_in_data(ctx) == []
    annex = {r.number: r for r in ctx.task_annex}
    assert annex["4-1-2"].lead == "金华市经济和信息化局" and annex["4-1-2"].status_label == "序时推进"
    assert annex["4-1-3"].status_label == "滞后" and annex["4-1-3"].lead == "未分解" and len(ctx.task_annex) == 37
    html = render_html(ctx)
    assert html.count('class="badge"') == len(ctx.drafts) and "附件2：重点任务和重大工程项目实施情况表" in html
    path = write_report(ctx, tmp_path / "中期评估.docx", "docx")
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert "（七）实施企业梯队“培大育强”行动，促进民营经济创新发展" in text
    assert "从任务进展看，本部分4项任务中，1项序时推进，1项滞后" in text
    assert "附件2：重点任务和重大工程项目实施情况表" in text
