"""Key tasks in real Chromium against a live server (issue 16, acceptance): an admin assigns a
task to units, the unit's reporter reports progress with evidence, a reviewer confirms the
status, and the task board and the report's section 二 change. Progress texts are FICTIONAL
(示例) test input. Screenshots at 1440×900 and 390×844 under test-artifacts/."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from planwatch import model as m
from planwatch.api import Store
from planwatch.api import tasks as api_tasks
from planwatch.api import users as api_users
from planwatch.api.data import load_embedded
from planwatch.api.reports import report_context
from tests import live
from tests.conftest import scratch_db, seed
from tests.web_support import PASSWORDS, add_users

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
TASK = "jinhua-industry-14/t4-1-2"  # 2．支持中小微企业专精特新发展 (seed 004 line 555)
UNITS = (m.Department("jh-jxj", "金华市经济和信息化局", aliases=("市经信局",)),
         m.Department("jh-kjj", "金华市科学技术局", aliases=("市科技局",)),
         m.Department("xugou-group", "虚构发展集团"))


@pytest.fixture(scope="module")
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    url = scratch_db(tmp_path_factory.mktemp("tasks-browser") / "planwatch.db", request)
    store = Store(url)
    load_embedded(store)
    add_users(store)
    store.load_dataset(m.Dataset(name="单位（测试）", departments=UNITS))
    api_tasks.import_tasks(store, "jinhua-industry-14", seed("004"), actor="setup")
    # the fictional project list of tests/test_projects.py, with XG-01's confirmed reports
    from tests.test_projects import GOOD, workbook

    api_tasks.import_projects(store, workbook(tmp_path_factory.mktemp("projects") / "项目清单（虚构）.xlsx", GOOD),
                              plan_id="jinhua-industry-14", actor="setup")
    for period, inv, ms in (("2021", 2.0, ("开工",)), ("2022", 2.5, ()), ("2023-H1", 1.5, ())):
        pid = api_tasks.report_progress(store, "project:XG-01", period=period, text="（示例）按计划推进",
                                        status="序时推进", actor="setup", investment=inv, milestones=ms)
        api_tasks.review_progress(store, pid, "序时推进", comment=None, actor="setup")
    PASSWORDS["jxj"] = "reporter-pass-7"
    api_users.add_user(store, "jxj", PASSWORDS["jxj"], role="reporter", department="jh-jxj",
                       display_name="市经信局填报员")
    store.dispose()
    with live.live_server(url, "tasks-browser-secret-" + "t" * 20, wait_seconds=15) as base:
        yield base, url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with live.chromium() as b:
        yield b


def _page(browser, base: str, user: str, width: int = 1440, height: int = 900):  # type: ignore[no-untyped-def]
    ctx = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    page = ctx.new_page()
    page.set_default_timeout(20000)
    page.goto(base + "/login")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", PASSWORDS[user])
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")
    return page


def _shots(page, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    for w, h in ((1440, 900), (390, 844)):
        page.set_viewport_size({"width": w, "height": h})
        page.screenshot(path=str(ARTIFACTS / f"{name}-{w}x{h}.png"), full_page=True)
    page.set_viewport_size({"width": 1440, "height": 900})


def _no_sideways_scroll(page) -> bool:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 390, "height": 844})
    wide = page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.set_viewport_size({"width": 1440, "height": 900})
    return bool(wide)


def test_assign_report_review_and_the_board_and_report_change(browser, server) -> None:  # type: ignore[no-untyped-def]
    base, db = server
    store = Store(db)
    as_of = dt.date.today()
    before = report_context(store, "jinhua-industry-14", as_of, with_charts=False)
    assert "暂无经审核的任务进展报告" in before.task_areas[0].achievements[0].text

    # the board: 8 actions, 32 tasks, 专栏2; nothing assigned yet
    admin = _page(browser, base, "admin1")
    admin.goto(base + "/plans/jinhua-industry-14/tasks")
    assert admin.locator("section.task-group h2").count() == 9
    assert admin.locator("table.task-board tbody tr").count() == 37
    assert "32项重点任务中，32项尚无经审核的进展" in admin.inner_text("#task-sentence")
    _shots(admin, "tasks-board-before")

    _assign(admin, base)
    _report(browser, base)
    _review(browser, base)

    admin.goto(base + "/plans/jinhua-industry-14/tasks?status=done")
    rows = admin.locator("table.task-board tbody tr")
    assert rows.count() == 1 and "支持中小微企业专精特新发展" in rows.first.inner_text()
    assert "32项重点任务中，1项已完成，31项尚无经审核的进展" in admin.inner_text("#task-sentence")
    admin.goto(base + "/plans/jinhua-industry-14/tasks?view=unit")
    assert admin.locator("section.task-group h2").first.inner_text() == "金华市经济和信息化局"
    _shots(admin, "tasks-board-by-unit")
    assert _no_sideways_scroll(admin)
    admin.goto(base + "/plans/jinhua-industry-14/projects?as_of=2023-06-30")
    row = admin.locator("tr[data-project='XG-01']")
    assert "92.3%" in row.inner_text() and row.get_attribute("data-status") == "on_track"
    assert "项目清单（虚构）.xlsx 项目清单第2行" in row.inner_text()
    assert admin.locator("tr[data-project='XG-02']").get_attribute("data-status") == "none"  # no report
    assert admin.locator("tr[data-project='XG-03']").get_attribute("data-status") == "not_started"
    assert "4项重大工程项目中2项进展符合预期，2项尚无经审核的进展（未评价）。" in admin.inner_text("main")
    _shots(admin, "projects-table")

    after = report_context(store, "jinhua-industry-14", as_of, with_charts=False)
    texts = [p.text for p in after.task_areas[0].achievements]
    assert texts == ["支持中小微企业专精特新发展：（示例）新增专精特新企业一批，按计划推进（金华市经济和信息化局报送，"
                     "2023-H1，审核确认为“已完成”，审核人reviewer1；佐证：https://example.org/示例佐证）。"]
    assert after.task_areas[0].judgement[0].text == "从任务进展看，本部分4项任务中，1项已完成，3项尚无经审核的进展（未评价）。"
    assert after.task_intro[0].text == "规划部署的32项重点任务中，1项已完成，31项尚无经审核的进展（未评价）。"
    store.dispose()


def _assign(admin, base: str) -> None:  # type: ignore[no-untyped-def]
    # an admin assigns the task to a lead unit and a co-unit
    admin.click(f"tr[data-task='{TASK}'] a")
    assert "力争到2025年，全市规上工业企业达到7000家以上" in admin.inner_text("blockquote.plan-text")
    assert "第555行" in admin.inner_text("main")
    admin.select_option("form.assign select[name=lead]", "jh-jxj")
    admin.select_option("form.assign select[name=co]", ["jh-kjj"])
    admin.click("form.assign button[type=submit]")
    admin.wait_for_url("**done=assign")
    assert admin.inner_text("#task-lead") == "金华市经济和信息化局"
    assert "金华市科学技术局" in admin.inner_text("main")



def _report(browser, base: str) -> None:  # type: ignore[no-untyped-def]
    # the unit's reporter sees the task beside indicator reporting and reports with evidence
    rep = _page(browser, base, "jxj")
    rep.goto(base + "/report")
    row = rep.locator("table.unit-tasks tr:has-text('支持中小微企业专精特新发展')")
    assert "尚未报送" in row.inner_text() and "牵头" in row.inner_text()
    assert rep.locator("table.unit-tasks tr[data-kind='项目']:has-text('虚构物流枢纽项目')").count() == 1
    _shots(rep, "report-page-tasks-projects")
    row.locator("a").first.click()
    rep.fill("form.report-progress input[name=period]", "2023-H1")
    rep.fill("form.report-progress textarea[name=text]", "（示例）新增专精特新企业一批，按计划推进")
    rep.select_option("form.report-progress select[name=status]", label="序时推进")
    rep.fill("form.report-progress input[name=evidence_url]", "https://example.org/示例佐证")
    rep.fill("form.report-progress input[name=evidence_document]", "（示例）工作进展报告")
    # a stored value of the statistic the task names (规上工业企业数, read from a published source)
    fact = rep.locator("ul.fact-options li").first
    fact_text = fact.inner_text().strip()
    assert "规上工业企业" in fact_text and "来源：" in fact_text
    fact.locator("input").check()
    rep.click("form.report-progress button[type=submit]")
    rep.wait_for_url("**done=report")
    assert "待审核" in rep.inner_text("article.progress")
    assert "数据：" + fact_text in rep.inner_text("article.progress .evidence")
    _shots(rep, "task-reported")
    # a task of another unit offers no reporting form to this reporter
    rep.goto(base + "/tasks/jinhua-industry-14/t4-1-1")
    assert rep.locator("form.report-progress").count() == 0



def _review(browser, base: str) -> None:  # type: ignore[no-untyped-def]
    # a reviewer changes the status with a comment; the board and the report change
    rev = _page(browser, base, "reviewer1")
    rev.goto(base + f"/tasks/{TASK}")
    rev.select_option("form.review select[name=status]", label="滞后")
    rev.click("form.review button[type=submit]")
    assert "须填写审核意见" in rev.inner_text("main")  # changing the status needs a reason
    rev.goto(base + f"/tasks/{TASK}")
    rev.select_option("form.review select[name=status]", label="已完成")
    rev.fill("form.review input[name=comment]", "（示例）核实佐证后确认已完成")
    rev.click("form.review button[type=submit]")
    rev.wait_for_url("**done=review")
    assert rev.inner_text("#task-status") == "已完成"
    assert "https://example.org/" in rev.locator("article.progress a").first.get_attribute("href")
    _shots(rev, "task-reviewed")


def test_project_progress_reported_in_the_web_with_an_uploaded_file(browser, server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The unit's reporter reports a project from the 数据报送 page: text, investment completed, a
    milestone reached and a file uploaded as evidence; the reviewer confirms; the project table
    shows the rule's numbers (XG-02, fictional: 2022 plan 2, 2023 plan 3; at 2023-06-30 planned to
    date 2 + 3 × 0.5 = 3.5, completed 3.2, 3.2 / 3.5 = 91.4% ≥ 90% → 序时推进, worked out by hand)."""
    base, _db = server
    evidence = tmp_path / "（示例）开工报告.txt"
    evidence.write_text("（示例）虚构物流枢纽项目于2022年开工。", encoding="utf-8")
    rep = _page(browser, base, "jxj")
    rep.goto(base + "/report")
    rep.locator("table.unit-tasks tr[data-kind='项目']:has-text('虚构物流枢纽项目') a").first.click()
    rep.wait_for_url("**/projects/XG-02")
    assert rep.inner_text("#project-status") == "未评价"
    form = "form.report-progress"
    rep.fill(f"{form} input[name=period]", "2023-H1")
    rep.fill(f"{form} textarea[name=text]", "（示例）主体工程推进中")
    rep.fill(f"{form} input[name=investment]", "三点二")
    rep.click(f"{form} button[type=submit]")
    assert "完成投资" in rep.inner_text("main") and "不是数字" in rep.inner_text("main")  # nothing stored
    rep.goto(base + "/projects/XG-02")
    assert rep.locator("article.progress").count() == 0
    rep.fill(f"{form} input[name=period]", "2023-H1")
    rep.fill(f"{form} textarea[name=text]", "（示例）主体工程推进中")
    rep.fill(f"{form} input[name=investment]", "3.2")
    rep.check(f"{form} input[name=milestone][value='开工']")
    rep.select_option(f"{form} select[name=status]", label="序时推进")
    rep.set_input_files(f"{form} input[name=evidence_file]", str(evidence))
    _shots(rep, "project-report-form")
    rep.click(f"{form} button[type=submit]")
    rep.wait_for_url("**done=report")
    art = rep.locator("article.progress").first
    assert "待审核" in art.inner_text() and "本期完成投资 3.2 亿元" in art.inner_text()
    link = art.locator("a.evidence-file")
    assert link.inner_text() == "（示例）开工报告.txt"
    with rep.expect_download() as dl:
        link.click()
    assert Path(dl.value.path()).read_text(encoding="utf-8") == "（示例）虚构物流枢纽项目于2022年开工。"
    rev = _page(browser, base, "reviewer1")
    rev.goto(base + "/projects/XG-02")
    rev.fill("form.review input[name=comment]", "（示例）核实开工报告")
    rev.click("form.review button[type=submit]")
    rev.wait_for_url("**done=review")
    rev.goto(base + "/projects/XG-02?as_of=2023-06-30")
    assert rev.inner_text("#project-status") == "序时推进"
    assert "累计完成投资3.2亿元，序时计划投资3.5亿元，完成91.4%（不低于90%）" in rev.inner_text("ul.reasons")
    assert "开工（2022年）已达成" in rev.inner_text("main")
    _shots(rev, "project-page-reviewed")
    assert _no_sideways_scroll(rev)
    rev.goto(base + "/plans/jinhua-industry-14/projects?as_of=2023-06-30")
    row = rev.locator("tr[data-project='XG-02']")
    assert row.get_attribute("data-status") == "on_track" and "91.4%" in row.inner_text()
    # the public cannot fetch the evidence file
    assert httpx.get(base + link.get_attribute("href"), follow_redirects=False).status_code in (302, 303, 401, 403)
