"""The overview and the plan page at province size (issue 15): totals first, the user's own
region first, search, a region filter and pages of 20 plans; the plan page searches indicators.
The data is the SYNTHETIC province of bench/scale.py (虚构省, 示例市), never real.
Screenshots of the overview at 1440×900 and 390×844 go to test-artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bench import scale
from planwatch.api import Store
from planwatch.api import users as api_users
from planwatch.web import WebSettings, create_app
from tests import live
from tests.conftest import scratch_db

SIZE = scale.Size(cities=2, counties=4, reporters=4, review=10, audit=20)
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
             ) -> Iterator[Store]:
    url = scratch_db(tmp_path_factory.mktemp("province") / "p.db", request)
    store = Store(url)
    store.load_dataset(scale.build(SIZE).dataset)
    api_users.add_user(store, "admin1", "admin-pass-1", role="admin", display_name="管理员")
    api_users.add_user(store, "county", "reporter-pass-5", role="reporter", region="x-c002-01",
                       display_name="示例填报员")
    yield store
    store.dispose()


def _client(store: Store, user: str, password: str) -> TestClient:
    c = TestClient(create_app(WebSettings(db=store.url, secret_key="k"), store=store))
    token = c.get("/api/session").json()["csrf_token"]
    r = c.post("/login", data={"username": user, "password": password, "csrf_token": token,
                               "next": "/"}, follow_redirects=False)
    assert r.status_code == 303
    return c


def test_overview_pages_totals_search_and_region(province: Store) -> None:
    c = _client(province, "admin1", "admin-pass-1")
    n_plans = len(province.plans())
    assert n_plans > 20
    first = c.get("/.json").json()
    assert first["all_plans"] == n_plans == first["total"]
    assert first["all_indicators"] == len(province.indicators())
    assert first["all_regions"] == 7 and len(first["plans"]) == 20
    second = c.get("/.json?page=2").json()
    assert len(second["plans"]) == n_plans - 20
    assert not {p["id"] for p in first["plans"]} & {p["id"] for p in second["plans"]}
    html = c.get("/").text
    assert f"共 7 个地区、{n_plans} 个规划" in html and "下一页" in html
    # search by title, and a city with its counties
    found = c.get("/.json", params={"q": "综合交通"}).json()
    assert found["total"] == 7 and all("综合交通" in p["title"] for p in found["plans"])
    city = c.get("/.json?region=x-c001").json()
    assert {p["region"] for p in city["plans"]} == {"示例01市", "示例01市01区", "示例01市02县"}
    none = c.get("/", params={"q": "没有这个规划"}).text
    assert "没有符合条件的规划" in none


def test_own_region_comes_first(province: Store) -> None:
    c = _client(province, "county", "reporter-pass-5")
    plans = c.get("/.json").json()["plans"]
    own = [p["region"] == "示例02市01区" for p in plans]
    assert own[: sum(own)] == [True] * sum(own) and sum(own) >= 4


def test_plan_page_searches_indicators(province: Store) -> None:
    c = _client(province, "admin1", "admin-pass-1")
    page = c.get("/plans/x-x-c001-outline.json", params={"q": "示例统计003"}).json()
    assert [r["name"] for r in page["rows"]] == ["示例统计003"]
    assert page["total"] == 35


@pytest.mark.browser
def test_overview_screenshots(province: Store) -> None:
    with live.live_server(province.url, "shots-" + "s" * 32) as base, live.chromium() as b:
        ARTIFACTS.mkdir(exist_ok=True)
        for w, h in ((1440, 900), (390, 844)):
            page = b.new_context(viewport={"width": w, "height": h}, locale="zh-CN").new_page()
            page.set_default_timeout(30000)
            page.goto(base + "/login")
            page.fill("input[name=username]", "admin1")
            page.fill("input[name=password]", "admin-pass-1")
            page.click("button[type=submit]")
            page.wait_for_url(base + "/")
            page.goto(base + "/?q=纲要&region=x-c001")
            assert page.locator("article.plan-card").count() == 3
            assert page.locator("input[name=q]").input_value() == "纲要"
            page.screenshot(path=str(ARTIFACTS / f"overview-province-{w}.png"), full_page=False)
