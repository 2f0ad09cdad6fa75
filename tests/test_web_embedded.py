"""Every page and JSON twin on the embedded Jinhua data (as after ``planwatch init``), on SQLite
and PostgreSQL: pages answer, real gaps are shown as gaps."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from planwatch.api import Store
from planwatch.api.data import load_embedded
from planwatch.web import WebSettings, create_app
from tests.conftest import new_pg_database
from tests.web_support import add_users, login


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def jinhua(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[TestClient]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('webemb') / 'planwatch.db'}"
    else:
        url = new_pg_database(request.getfixturevalue("pg_server"))
    store = Store(url)
    load_embedded(store)
    add_users(store)
    client = TestClient(create_app(WebSettings(db=url, secret_key="k"), store=store))
    login(client, "admin1")
    yield client
    store.dispose()


def test_every_page_and_json_twin_answers(jinhua: TestClient):
    overview = jinhua.get("/.json").json()
    plan_ids = [p["id"] for p in overview["plans"]]
    assert sorted(plan_ids) == ["cn-outline-13", "cn-outline-14", "jindong-industry-14",
                               "jinhua-industry-14"]
    urls = ["/", "/counties", "/counties.json", "/audit", "/audit.json", "/users", "/users.json"]
    for pid in plan_ids:
        urls += [f"/plans/{pid}", f"/plans/{pid}.json"]
        for row in jinhua.get(f"/plans/{pid}.json").json()["rows"]:
            urls += [row["href"], row["href"] + ".json"]
    assert len(urls) > 100
    bad = [(u, r.status_code) for u in urls if (r := jinhua.get(u)).status_code != 200]
    assert not bad


def test_overview_counts_add_up_and_gaps_are_named(jinhua: TestClient):
    for card in jinhua.get("/.json").json()["plans"]:
        assert card["error"] is None
        assert sum(c["total"] for c in card["counts"]) == card["total"]
    page = jinhua.get("/plans/jinhua-industry-14.json").json()
    output = next(r for r in page["rows"] if r["seq"] == 2)  # 规上工业总产值: no city data after 2020
    assert output["status"] == "not_assessable" and "缺少年度数据" in output["label"]
    assert output["latest_value"] is None
    html = jinhua.get(output["href"]).text
    assert "缺少年度数据" in html and "—" in html


def test_county_view_on_the_decomposition_of_seed_004(jinhua: TestClient):
    data = jinhua.get("/counties.json?indicator=jinhua-industry-14/02").json()
    rows = {r["name"]: r for r in data["rows"]}
    assert len(rows) == 9  # the nine county-level units on the map
    # 附件1: 义乌 target 1500; 2023 actual 1661 (中国网浙江 2024-01-25) ≥ 1500 → reached early
    assert rows["义乌市"]["target"] == 1500 and rows["义乌市"]["latest_value"] == 1661
    assert rows["义乌市"]["status"] == "reached_early" and rows["义乌市"]["rank"] == 1
    assert "金华开发区" in [a["name"] for a in data["functional_areas"]]
