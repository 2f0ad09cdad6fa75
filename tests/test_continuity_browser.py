"""Issue 14 in real Chromium with "today" fixed at 2026-12-07 (PLANWATCH_TODAY, the 15th FYP
period has begun but has no data): the overview names the default plan (the 14th FYP outline,
its final evaluation), the plan page is evaluated at 2025-12-31 with the 最终评估 label, and the
indicator page shows the statistic across the 13th and 14th FYP (real, source-checked data).
Screenshots at 1440×900 and 390×844 under test-artifacts/; no sideways scrolling on a phone and
no Latin words on the page."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from planwatch.api import Store
from planwatch.api.data import load_embedded
from tests import live
from tests.conftest import scratch_db
from tests.screens import VIEWPORTS, assert_chinese, assert_fits, visible_text

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = scratch_db(tmp_path_factory.mktemp("periods") / "planwatch.db", request)
    store = Store(url)
    load_embedded(store)
    store.dispose()
    with live.live_server(url, "periods-test-secret-pppppppppppppppppppp",
                     {"PLANWATCH_PUBLIC": "1", "PLANWATCH_TODAY": "2026-12-07"}, unset=("PLANWATCH_AS_OF",)) as base:
        yield base


def test_default_plan_and_date_in_json(server):
    over = httpx.get(server + "/.json", timeout=120).json()
    assert over["as_of"] == "2025-12-31" and "最终评估" in over["period_note"]
    cards = {c["id"]: c for c in over["plans"]}
    assert cards["cn-outline-14"]["current_period"] is True
    assert cards["cn-outline-14"]["as_of"] == "2025-12-31"
    assert cards["cn-outline-13"]["as_of"] == "2020-12-31"
    assert "最终评估" in cards["cn-outline-13"]["as_of_label"]
    plan = httpx.get(server + "/plans/cn-outline-14.json", timeout=120).json()
    assert plan["as_of"] == "2025-12-31" and "最终评估" in plan["as_of_label"]
    # a date asked for is used as it is, without the default label
    asked = httpx.get(server + "/plans/cn-outline-14.json?as_of=2023-06-30", timeout=120).json()
    assert asked["as_of"] == "2023-06-30" and asked["as_of_label"] is None
    ind = httpx.get(server + "/indicators/cn-outline-14/13.json", timeout=120).json()
    rows = ind["continuity"]
    assert [r["plan_id"] for r in rows] == ["cn-outline-13", "cn-outline-14"]
    assert rows[0]["base_text"] == "76.34（2015年）" and rows[0]["end_value"] == "77.93岁"
    assert rows[1]["current"] is True and rows[1]["link"] == "承接上一期（2016—2020年）"


@pytest.mark.parametrize("view", list(VIEWPORTS))
def test_pages_at_desk_and_phone(server, view):
    with live.chromium() as b:
        ctx = b.new_context(viewport=VIEWPORTS[view], locale="zh-CN")
        page = ctx.new_page()
        page.set_default_timeout(60000)
        try:
            page.goto(server + "/")
            text = visible_text(page)
            assert "默认规划" in text and "最终评估" in text
            assert_chinese(text, "overview")
            assert_fits(page, f"i14-overview-default-{view}")
            page.goto(server + "/plans/cn-outline-14")
            text = visible_text(page)
            assert "最终评估：规划期（2021—2025年）已结束，评估时点为期末 2025-12-31" in text
            # the plan page's own source titles predate this issue; the new label is scanned
            assert_chinese(page.inner_text(".period-note"), "plan page label")
            assert_fits(page, f"i14-plan-final-{view}")
            page.goto(server + "/indicators/cn-outline-14/13")
            text = visible_text(page)
            assert "跨规划期连续情况" in text and "承接上一期（2016—2020年）" in text
            assert "2018年 77" in text
            assert_chinese(page.inner_text("table.continuity"), "continuity table")
            assert_chinese(page.inner_text(".period-note"), "indicator page label")
            page.locator("table.continuity").scroll_into_view_if_needed()
            assert_fits(page, f"i14-indicator-continuity-{view}")
        finally:
            ctx.close()
