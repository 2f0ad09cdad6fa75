"""The national 14th FYP outline as a second real dataset (issue 14): ``planwatch init`` loads it,
``planwatch evaluate`` judges every indicator that has data with the new target forms (relational,
annual targets, 〔x〕 on a level, thresholds without a base, scopes), vintages, the national
vocabulary, and the worked examples NA1–NA6 of docs/evaluation.md (expected numbers computed by
hand from the published figures, not by the code under test)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner

from planwatch.cli import cli
from tests.conftest import scratch_db

PLAN = "cn-outline-14"


@pytest.fixture(scope="module")
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    url = scratch_db(tmp_path_factory.mktemp("national") / "planwatch.db", request)
    res = CliRunner().invoke(cli, ["--db", url, "init"], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    assert "national14" in res.output and "jinhua" in res.output
    return url


def run(db: str, *args: str) -> Any:
    res = CliRunner().invoke(cli, ["--db", db, *args], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return res


def evaluate(db: str, *extra: str, as_of: str = "2023-06-30") -> dict[str, Any]:
    res = run(db, "evaluate", "--plan", PLAN, "--as-of", as_of, "--json", *extra)
    return json.loads(res.stdout)


@pytest.fixture(scope="module")
def midterm(db: str) -> dict[int, dict[str, Any]]:
    out = evaluate(db)
    assert out["vocabulary"] == "national"
    return {i["seq"]: i for i in out["indicators"]}


def test_plans_lists_the_national_outline_and_jinhua_names_it_as_parent(db):
    out = run(db, "plans").stdout
    assert PLAN in out and "第十四个五年规划" in out
    plans = json.loads(run(db, "plans", "--json").stdout)
    assert {p["id"] for p in plans} >= {PLAN, "jinhua-industry-14", "jindong-industry-14"}


def test_every_indicator_with_data_is_assessed_naming_rule_numbers_and_observations(midterm):
    assert sorted(midterm) == list(range(1, 21))
    # no usable value by 2023-06-30 in the data: 数字经济 (2023 only), 养老保险参保率 (no rate),
    # 能源综合生产能力 (2023 output only)
    no_data = {6, 11, 20}
    for seq, i in midterm.items():
        if seq in no_data:
            assert i["status"] == "not_assessable" and i["status_category"] == "no_data", seq
            continue
        assert i["status"] != "not_assessable", (seq, i["label"], i["reasons"])
        assert i["label"] != "目标未量化，未作出评估"
        assert i["rule"] and i["reasons"], seq
        chosen = i["numbers"]["chosen"]
        assert chosen["source"] and chosen["order"] == ["status", "authority", "precision", "recency"]


def test_na1_higher_than_gdp_growth(midterm):
    i = midterm[2]
    n = i["numbers"]
    assert n["years"] == [2021, 2022]
    assert n["g_x"] == pytest.approx(6.426218574184062, rel=1e-9)  # (1.087×1.042)^½ − 1
    assert n["g_ref"] == pytest.approx(5.665509983153916, rel=1e-9)  # GDP 8.4 (final), 3.0
    assert i["label"] == "快于预期"


def test_na2_income_in_step_with_gdp(midterm):
    i = midterm[7]
    assert i["numbers"]["difference"] == pytest.approx(5.467957219242647 - 5.665509983153916,
                                                       rel=1e-9)
    assert i["label"] == "基本符合预期"


def test_na3_gdp_judged_year_by_year_against_the_work_report_targets(midterm):
    i = midterm[1]
    rows = {r["year"]: r for r in i["numbers"]["annual"]}
    assert (rows[2021]["target_text"], rows[2021]["actual"], rows[2021]["met"]) == ("6%以上", 8.4, True)
    assert (rows[2022]["threshold"], rows[2022]["actual"], rows[2022]["met"]) == (5.0, 3.0, False)
    assert "eeo.com.cn" in rows[2022]["target_source"]  # each annual target carries its source
    assert i["numbers"]["cumulative_actual"] == pytest.approx(11.652, rel=1e-9)
    assert i["numbers"]["cumulative_required"] == pytest.approx(11.3, rel=1e-9)
    assert i["label"] == "基本符合预期"


def test_na4_life_expectancy_change_is_not_a_sum_of_levels(midterm):
    i = midterm[13]
    assert i["numbers"]["implied_level"] == pytest.approx(78.3)
    assert i["progress"] == pytest.approx(0.9, rel=1e-9)
    assert i["expected_progress"] == pytest.approx(0.2)
    assert i["label"] == "快于预期"
    assert not any("逐年数据相加" in r for r in i["reasons"])
    assert any("77.93" in r for r in i["reasons"])  # the census-based 2020 figure is shown


def test_na5_threshold_without_base_with_output_as_proxy(midterm):
    i = midterm[19]
    assert i["latest_value"] == pytest.approx(13731 * 0.5 / 1e3)  # 亿斤 → 亿吨: ×0.5 kg, ÷1000 kg/t
    assert i["label"] == "提前实现"
    assert any("以产量数据代替" in r for r in i["reasons"])


def test_na6_rd_growth_at_constant_prices_only(midterm):
    i = midterm[4]
    assert i["numbers"]["g_hat"] == pytest.approx(8.54667198951795, rel=1e-9)  # 9.4, 7.7
    assert any("现价" in r and "未采用" in r for r in i["reasons"])


def test_unemployment_uses_the_annual_average(midterm):
    i = midterm[8]
    assert i["latest_value"] == 5.6 and i["numbers"]["chosen"]["scope"] == "全年平均"


def test_choice_order_prefers_the_bureau_figure_over_a_rounded_later_quote(midterm):
    chosen = midterm[9]["numbers"]["chosen"]
    assert chosen["value"] == 10.93 and chosen["source_kind"] == "statistics"
    assert [x["value"] for x in chosen["set_aside"]] == [10.9]


def test_vintages_first_release_and_latest_revision(db):
    def gdp_2021(out: dict[str, Any]) -> float:
        rows = {r["year"]: r for r in out["indicators"][0]["numbers"]["annual"]}
        return rows[2021]["actual"]

    then = evaluate(db, "--as-known-at", "2022-03-01")
    assert then["as_known_at"] == "2022-03-01"
    assert gdp_2021(then) == 8.1  # 初步核算, first published 2022-01-17
    assert gdp_2021(evaluate(db)) == 8.4  # 最终核实 2022-12-27


def test_national_summary_sentence(db):
    out = evaluate(db)
    s = out["sentence"]
    assert "20项主要指标中" in s and "基本符合或快于预期" in s and "提前实现" in s and "滞后" in s
    # the binding indicators the official mid-term evaluation reported as lagging
    lag = {i["name"] for i in out["indicators"] if i["label"] == "滞后"}
    assert {"单位GDP能源消耗降低", "单位GDP二氧化碳排放降低", "地级及以上城市空气质量优良天数比率",
            "每千人口拥有3岁以下婴幼儿托位数"} <= lag


def test_city_vocabulary_on_request(db):
    out = evaluate(db, "--vocabulary", "city")
    labels = {i["label"] for i in out["indicators"]}
    assert "达到或超过进度要求" in labels and "快于预期" not in labels
    assert "达到或超过规划进度要求" in out["sentence"]


@pytest.fixture(scope="module")
def web(db: str):
    from fastapi.testclient import TestClient

    from planwatch.api import Store
    from planwatch.web import WebSettings, create_app
    from tests.web_support import add_users, login

    store = Store(db)
    add_users(store)
    client = TestClient(create_app(WebSettings(db=db, secret_key="k"), store=store))
    login(client, "admin1")
    yield client
    store.dispose()


def test_indicator_page_compares_city_and_nation(web):
    page = web.get("/indicators/jinhua-industry-14/10.json?as_of=2023-06-30").json()
    rows = {r["plan_id"]: r for r in page["across_plans"]}
    # the nation, the city and the district (金东区) plans measuring the same statistic, top down
    assert [r["plan_id"] for r in page["across_plans"]] == [
        "cn-outline-14", "jinhua-industry-14", "jindong-industry-14"]
    nation = rows["cn-outline-14"]
    assert nation["region"] == "中国" and nation["target_text"] == "12"
    assert nation["latest"].startswith("9.4件")  # 2022 year-end, CNIPA
    assert rows["jinhua-industry-14"]["current"] is True
    html = web.get("/indicators/jinhua-industry-14/10?as_of=2023-06-30").text
    assert "城市与全国" in html and "中国" in html


def test_plan_page_as_known_at(web):
    now = web.get("/plans/cn-outline-14.json?as_of=2023-06-30").json()
    then = web.get("/plans/cn-outline-14.json?as_of=2023-06-30&as_known_at=2022-03-01").json()
    assert now["as_known_at"] is None and then["as_known_at"] == "2022-03-01"
    gdp_now = next(r for r in now["rows"] if r["seq"] == 1)
    gdp_then = next(r for r in then["rows"] if r["seq"] == 1)
    assert (gdp_now["latest_value"], gdp_then["latest_value"]) == (3.0, 8.1)
    bad = web.get("/plans/cn-outline-14.json?as_known_at=2022-13-01")
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.json()["error"]["message"]
