"""``planwatch init`` then ``planwatch evaluate --plan jinhua-industry-14 --as-of 2023-06-30``
on the embedded Jinhua dataset, end to end through the CLI (issue 2 acceptance)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner

from planwatch.cli import cli
from planwatch.model import VALUE_KINDS
from planwatch.store import Store
from tests.conftest import scratch_db

PLAN = "jinhua-industry-14"


@pytest.fixture(scope="module")
def evaluated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], str]:
    url = scratch_db(tmp_path_factory.mktemp('cli') / 'planwatch.db', request)
    runner = CliRunner()
    init = runner.invoke(cli, ["--db", url, "init"], catch_exceptions=False)
    assert init.exit_code == 0, init.output
    res = runner.invoke(cli, ["--db", url, "evaluate", "--plan", PLAN, "--as-of", "2023-06-30",
                              "--json"], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout), url


def test_all_twenty_indicators_listed(evaluated):
    out, _ = evaluated
    assert out["plan"] == PLAN and out["as_of"] == "2023-06-30"
    assert [i["seq"] for i in out["indicators"]] == list(range(1, 21))  # 表1 of seed 004
    assert out["time_elapsed"] == pytest.approx(0.5)  # data to June 2023: 2.5 of 5 years
    fields = {"seq", "name", "unit", "nature", "base_value", "base_year", "target_value",
              "target_year", "qualifier", "latest_value", "latest_period", "progress",
              "expected_progress", "status", "rule", "required_growth", "projected_value",
              "reasons"}
    for i in out["indicators"]:
        assert fields <= set(i)
        assert i["status"] in {"reached_early", "on_schedule", "behind", "not_assessable"}
        assert i["rule"] and i["reasons"]


def test_indicator_without_data_after_base_is_not_assessable(evaluated):
    out, url = evaluated
    store = Store(url)
    try:
        rows = {i.seq: i for i in store.indicators(PLAN)}
        plan = store.plan(PLAN)
        empty = []
        for seq, ind in rows.items():
            if ind.statistic is None:
                continue
            later = [o for o in store.observations(ind.statistic, plan.region, as_of="2023-06-30")
                     if o.period.end_date.year > 2020 and o.kind in VALUE_KINDS]
            if not later:
                empty.append(seq)
    finally:
        store.dispose()
    # 规上工业企业数 (seq 6): the dataset holds only the 2020 count (4556家)
    assert 6 in empty
    by_seq = {i["seq"]: i for i in out["indicators"]}
    for seq in empty:
        i = by_seq[seq]
        assert i["status"] == "not_assessable", i
        assert i["status_category"] in {"no_data", "no_task", "no_base", "not_quantified"}
        if i["status_category"] == "no_data":
            assert any("没有" in r or "缺少" in r for r in i["reasons"]), i["reasons"]
    six = by_seq[6]
    assert six["status"] == "not_assessable" and six["status_category"] == "no_data"
    assert six["label"] == "缺少年度数据未作出评估"
    assert six["numbers"]["nature"] == "expected"
    assert "2020年（基期）以后截至2023-06-30没有该指标的年度数据" in six["reasons"]


def test_counts_add_up(evaluated):
    out, _ = evaluated
    s = out["summary"]
    assert s["total"] == 20
    assert (s["on_schedule"]["expected"] + s["on_schedule"]["binding"] + s["reached_early"]
            + s["behind"]["expected"] + s["behind"]["binding"] + s["not_assessable"]) == 20
    natures = [i["nature"] for i in out["indicators"]]
    assert (s["met_or_exceeded"]["expected"] + s["behind"]["expected"]
            + s["not_assessable_by_nature"]["expected"]) == natures.count("expected")
    assert (s["met_or_exceeded"]["binding"] + s["behind"]["binding"]
            + s["not_assessable_by_nature"]["binding"]) == natures.count("binding")
    statuses = [i["status"] for i in out["indicators"]]
    assert statuses.count("not_assessable") == s["not_assessable"]
    assert sum(s["not_assessable_reasons"].values()) == s["not_assessable"]
    assert out["sentence"].startswith("按照“时间与进度基本一致”评价原则，《金华市工业高质量发展“十四五”规划》确定的20项指标中")


def test_province_tasks_without_recorded_task(evaluated):
    out, _ = evaluated
    # 表1 rows 13-15 are 约束性 "完成省下达任务"; no annual task is recorded in the dataset
    for i in out["indicators"]:
        if i["qualifier"] == "province_task":
            assert i["status"] == "not_assessable" and i["numbers"]["nature"] == "binding"
            assert i["label"] == "省下达年度任务未录入，未作出评估"


def test_findings_include_enterprise_count_gap(evaluated):
    out, _ = evaluated
    gaps = [f for f in out["findings"] if f["code"] == "decomposition-gap"]
    firms = [f for f in gaps if f["location"].get("record") == f"{PLAN}/06"]
    assert firms, out["findings"]
    assert firms[0]["location"].get("table") == "附件1"
    # seed 004 附件1 (lines 732-807), 2025 企业 column: 300+400+500+800+1000+800+1300+800+500+200
    # = 6600 for the ten counties against the city's 7000
    assert "7000" in firms[0]["message"] and "6600" in firms[0]["message"]


def test_table_output(evaluated):
    _, url = evaluated
    res = CliRunner().invoke(cli, ["--db", url, "evaluate", "--plan", PLAN, "--as-of",
                                   "2023-06-30"], catch_exceptions=False, env={"COLUMNS": "250"})
    assert res.exit_code == 0
    assert "规上工业企业数" in res.stdout and "缺少年度数据未作出评估" in res.stdout
    assert "按照“时间与进度基本一致”评价原则" in res.stdout


def test_category_is_the_plans_first_level_indicator(evaluated):
    out, _ = evaluated
    by_seq = {i["seq"]: i for i in out["indicators"]}
    # seed 004 表1: rows 1-5 质效提升, 6-8 结构优化, 12-17 绿色智造, 18-20 区域协调
    assert by_seq[1]["category"] == "质效提升" and by_seq[6]["category"] == "结构优化"
    assert by_seq[13]["category"] == "绿色智造" and by_seq[20]["category"] == "区域协调"
    assert by_seq[13]["status_category"] == "no_task"


def test_table_names_the_source_of_every_latest_value(evaluated):
    _, url = evaluated
    res = CliRunner().invoke(cli, ["--db", url, "evaluate", "--plan", PLAN, "--as-of",
                                   "2023-06-30"], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    # seed 002 line 73: 2022 规上工业研发费用占营业收入比重 3.23%
    assert "9. 规上工业研发经费支出占营业收入比重：3.23（2022年，最终数，第1版）— 来源：seed-002 第73行" in res.output
    # seed 001 line 108: 2021 数字经济核心产业增加值占GDP比重 7.1%
    assert "来源：seed-001 第108行" in res.output


def test_every_method_names_the_source_of_its_latest_values(evaluated):
    """The sources come from Assessment.latest, filled for every method (issue 17): the StatCan
    measure printed no 最新值来源 block before."""
    _, url = evaluated
    res = CliRunner().invoke(cli, ["--db", url, "evaluate", "--plan", PLAN, "--as-of", "2023-06-30",
                                   "--method", "statcan"], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    assert "最新值来源：" in res.output
    # seed 002 line 73 and seed 001 line 108, as in the test above
    assert "9. 规上工业研发经费支出占营业收入比重：3.23（2022年，最终数，第1版）— 来源：seed-002 第73行" in res.output
    assert "来源：seed-001 第108行" in res.output
