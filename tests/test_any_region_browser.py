"""One browser scenario run for two cities (issue 19): the embedded data and the FICTIONAL second
city of tests/data/fictional-city, loaded together. For each city, in real Chromium at 1440×900
and 390×844: the county map draws the city's own counties in the tables' status colours with a
counted legend and readable labels, the ranking lists them, the indicator page shows the city's
own targets, and an administrator finds a county of that city in the scope picker by typing part
of its name and makes a reporter who then sees only that county's tasks. Screenshots are kept
under test-artifacts/."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from planwatch.api import Store
from planwatch.api.data import load_embedded, load_folder
from tests import live
from tests.conftest import scratch_db
from tests.test_any_region import CITIES, City, _regions
from tests.test_web_browser import DRAWN_PIXELS
from tests.web_support import PASSWORDS, add_users

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
FICTIONAL = ROOT / "tests" / "data" / "fictional-city"
SIZES = {"desktop": (1440, 900), "phone": (390, 844)}


@pytest.fixture(scope="module")
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = scratch_db(tmp_path_factory.mktemp("anyregion-browser") / "planwatch.db", request)
    store = Store(url)
    load_embedded(store)
    load_folder(store, FICTIONAL)
    add_users(store)
    store.dispose()
    with live.live_server(url, "browser-test-secret-bbbbbbbbbbbbbbbbbbbb", {"PLANWATCH_AS_OF": "2023-12-31"}) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with live.chromium() as b:
        yield b


def _page(browser, server: str, user: str, size: tuple[int, int]):  # type: ignore[no-untyped-def]
    ctx = browser.new_context(viewport={"width": size[0], "height": size[1]}, locale="zh-CN")
    page = ctx.new_page()
    page.set_default_timeout(20000)
    page.goto(server + "/login")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", PASSWORDS[user])
    page.click("button[type=submit]")
    page.wait_for_url(server + "/")
    return page


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _no_sideways_scroll(page) -> bool:  # type: ignore[no-untyped-def]
    return bool(page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1"))


@pytest.mark.parametrize("size", sorted(SIZES))
@pytest.mark.parametrize("city", CITIES, ids=lambda c: c.key)
def test_same_scenario_for_each_city(browser, server, city: City, size: str):  # type: ignore[no-untyped-def]
    regions = _regions(city)
    names = {str(r["id"]): str(r["name"]) for r in regions}
    on_map = {str(r["name"]) for r in regions if r["kind"] != "functional_area"}

    # the map: the city's own counties, coloured, with a counted legend and readable labels
    page = _page(browser, server, "viewer1", SIZES[size])
    page.goto(server + f"/counties?indicator={city.indicator}")
    page.wait_for_selector("#chart-main-box[data-drawn='1'] canvas")
    assert int(page.evaluate(DRAWN_PIXELS, "#chart-main-box")) > 5000
    option = page.evaluate("() => echarts.getInstanceByDom(document.querySelector('#chart-main-box'))"
                           ".getOption().series[0].data")
    shown = {d["name"] for d in option}
    assert shown and shown <= on_map
    for d in option:  # dark fills get white labels, light ones black
        fill, ink = d["itemStyle"]["areaColor"], d["label"]["color"]
        assert (ink == "#ffffff") == (fill in ("#1a7f37", "#d1242f")), (d["name"], fill, ink)
    legend = page.locator("ul.map-legend li").all_inner_texts()
    assert sum(int(re.search(r"(\d+)\s*个\s*$", x).group(1)) for x in legend) == len(shown)
    ranked = set(page.locator("table.ranking tbody tr").evaluate_all("rs => rs.map(r => r.dataset.region)"))
    assert ranked <= set(names) and len(ranked) == len(shown)
    assert _no_sideways_scroll(page) or size == "phone"  # phone layout: issue 12 (another helper)
    _shot(page, f"any-region-{city.key}-map-{size}")

    # the indicator page: its own plan's prose target, none of the other city's
    page.goto(server + f"/indicators/{city.indicator}")
    text = page.inner_text("main")
    other = "虚构" if city.key == "embedded" else "金华市工业高质量发展"
    assert "相关文字目标" in text and other not in text.split("相关文字目标", 1)[1].split("文档中的相关事实")[0]
    _shot(page, f"any-region-{city.key}-indicator-{size}")
    page.context.close()

    # the scope picker: type part of a county's name, pick it, create a reporter
    admin = _page(browser, server, "admin1", SIZES[size])
    admin.goto(server + "/users")
    county = names[city.county]
    options = admin.locator("datalist#scope-choices option").evaluate_all("os => os.map(o => o.value)")
    matching = [o for o in options if county[:2] in o]
    assert len(matching) >= 1 and all(o.startswith("地区：") for o in matching)
    user = f"br-{city.key}-{size}"
    admin.fill("input[name=username]", user)
    admin.fill("input[name=scope]", next(o for o in matching if o.startswith(f"地区：{county}（")))
    admin.select_option("select[name=role]", "reporter")
    admin.fill("input[name=password]", "browser-pass-123")
    _shot(admin, f"any-region-{city.key}-scope-{size}")
    admin.click("form.stack button[type=submit]")
    admin.wait_for_url("**/users?created=*")
    admin.context.close()
    PASSWORDS[user] = "browser-pass-123"

    rep = _page(browser, server, user, SIZES[size])
    rep.goto(server + "/report")
    seen = set(rep.locator("table.tasks tbody tr").evaluate_all("rs => rs.map(r => r.dataset.region)"))
    assert seen == {city.county}
    resp = rep.goto(server + f"/report/entry?indicator={city.indicator}&region={city.other_county}&period=2022")
    assert resp is not None and resp.status == 403
    rep.context.close()
