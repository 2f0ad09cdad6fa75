"""The web app in real Chromium (Playwright, Debian's chromium) against a live uvicorn server:
logging in as each role, a reporter's submission reviewed and reflected in the status and chart,
scoping of reporters, the public view, and charts and the map actually drawn. Screenshots are
kept under test-artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from planwatch.api import Store
from planwatch.api import users as api_users
from planwatch.api.data import load_embedded
from tests import live
from tests.conftest import scratch_db
from tests.web_support import PASSWORDS, add_users

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
OUTPUT = "jinhua-industry-14/02"

# counts pixels that are drawn (not transparent and not near-white) on a chart's canvas
DRAWN_PIXELS = """(sel) => {
  const c = document.querySelector(sel + ' canvas');
  if (!c) return -1;
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 0; i < d.length; i += 4) {
    if (d[i + 3] > 0 && (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240)) n++;
  }
  return n;
}"""



@pytest.fixture(scope="module")
def live_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = scratch_db(tmp_path_factory.mktemp('browser') / 'planwatch.db', request)
    store = Store(url)
    load_embedded(store)
    add_users(store)
    PASSWORDS["jinhua"] = "reporter-pass-3"
    api_users.add_user(store, "jinhua", PASSWORDS["jinhua"], role="reporter", region="330700",
                       display_name="金华市统计局")
    store.dispose()
    with live.live_server(url, "browser-test-secret-" + "b" * 20, {"PLANWATCH_PUBLIC": "1"}, wait_seconds=15) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with live.chromium() as b:
        yield b


@pytest.fixture
def new_page(browser, live_server):  # type: ignore[no-untyped-def]
    contexts = []

    def make(user: str | None = None):  # type: ignore[no-untyped-def]
        ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        contexts.append(ctx)
        page = ctx.new_page()
        page.set_default_timeout(15000)
        if user:
            page.goto(live_server + "/login")
            page.fill("input[name=username]", user)
            page.fill("input[name=password]", PASSWORDS[user])
            page.click("button[type=submit]")
            page.wait_for_url(live_server + "/")
        return page

    yield make
    for c in contexts:
        c.close()


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _drawn(page, box: str = "#chart-main-box") -> int:  # type: ignore[no-untyped-def]
    page.wait_for_selector(f"{box}[data-drawn='1'] canvas")
    return int(page.evaluate(DRAWN_PIXELS, box))


NAV = {
    "admin1": ("系统管理员", {"数据报送", "报送状态", "审核", "审计日志", "账号"}, set()),
    "reviewer1": ("评估审核人员", {"报送状态", "审核"}, {"数据报送", "审计日志"}),
    "viewer1": ("查看人员", {"总览", "区县视图"}, {"数据报送", "审核", "审计日志"}),
    "yiwu": ("数据填报单位", {"数据报送"}, {"审核", "报送状态", "审计日志"}),
}


@pytest.mark.parametrize("user", sorted(NAV))
def test_log_in_as_each_role(new_page, user: str):  # type: ignore[no-untyped-def]
    page = new_page(user)
    label, present, absent = NAV[user]
    assert label in page.inner_text("header .who")
    links = set(page.locator("header nav a").all_inner_texts())
    assert present <= links and not (absent & links)
    assert page.locator(".plan-card").count() == 4  # two Jinhua plans and the national outlines (13th, 14th)
    _shot(page, f"login-{user}")


def test_public_view_reads_and_has_no_editing_controls(new_page, live_server):  # type: ignore[no-untyped-def]
    page = new_page()
    for path in ("/", "/plans/jinhua-industry-14", f"/indicators/{OUTPUT}", "/counties"):
        page.goto(live_server + path)
        assert "公众只读视图" in page.inner_text("header")
        assert page.locator("form[method=post]").count() == 0
        assert page.locator("header nav a", has_text="数据报送").count() == 0
    page.goto(live_server + "/report")
    assert "登录" in page.title() or page.url.startswith(live_server + "/login")
    page.goto(live_server + f"/indicators/{OUTPUT}")
    assert _drawn(page) > 500
    _shot(page, "public-indicator")


def test_reporter_cannot_see_or_edit_another_county(new_page, live_server):  # type: ignore[no-untyped-def]
    page = new_page("yiwu")
    page.goto(live_server + "/report")
    regions = set(page.locator("table.tasks tbody tr").evaluate_all(
        "rows => rows.map(r => r.dataset.region)"))
    assert regions == {"330782"}
    resp = page.goto(live_server + f"/report/entry?indicator={OUTPUT}&region=330783&period=2022")
    assert resp is not None and resp.status == 403
    assert "不在本账号的填报范围" in page.inner_text("main")
    _shot(page, "reporter-other-county-refused")


def test_submit_review_and_the_indicator_updates(new_page, live_server):  # type: ignore[no-untyped-def]
    ind = new_page("viewer1")
    ind.goto(live_server + f"/indicators/{OUTPUT}")
    assert "缺少年度数据" in ind.inner_text("section.assessment")
    before = ind.evaluate("() => echarts.getInstanceByDom(document.querySelector('#chart-main-box'))"
                          ".getOption().series[0].data.length")
    assert before == 1  # only the 2020 base value

    rep = new_page("jinhua")
    rep.goto(live_server + "/report")
    rep.click(f"tr[data-indicator='{OUTPUT}'][data-period='2022'] a.fill")
    rep.fill("input[name=value]", "5000")  # a test input, not a published figure
    rep.fill("input[name=source_title]", "浏览器测试来源")
    rep.click("form.stack button[type=submit]")
    assert "请填写说明" in rep.inner_text(".flash.error")
    rep.fill("textarea[name=explanation]", "浏览器测试：低于进度的原因")
    rep.click("form.stack button[type=submit]")
    rep.wait_for_url("**/report?submitted=*")
    assert "已提交" in rep.inner_text(".flash.ok")
    _shot(rep, "reporter-submitted")

    rev = new_page("reviewer1")
    rev.goto(live_server + "/review")
    card = rev.locator("article.candidate", has_text="浏览器测试：低于进度的原因")
    card.locator("input[name=comment]").fill("核对无误")
    card.locator("button[value=accept]").click()
    rev.wait_for_url("**/review?done=*")
    _shot(rev, "reviewer-accepted")

    ind.goto(live_server + f"/indicators/{OUTPUT}")
    assert "未达进度要求" in ind.inner_text("section.assessment")
    after = ind.evaluate("() => echarts.getInstanceByDom(document.querySelector('#chart-main-box'))"
                         ".getOption().series[0].data")
    assert [p[1] for p in after] == [4453, 5000]
    assert _drawn(ind) > 500
    _shot(ind, "indicator-after-review")


def test_plan_chart_and_county_map_draw(new_page, live_server):  # type: ignore[no-untyped-def]
    page = new_page("viewer1")
    page.goto(live_server + "/counties?indicator=jinhua-industry-14/02")
    assert "示意图" in page.inner_text("main")
    assert _drawn(page) > 5000
    _shot(page, "county-map")
    page.goto(live_server + "/plans/jindong-industry-14")
    assert _drawn(page) > 500
    _shot(page, "plan-jindong")
