"""Annual targets and province tasks (年度目标 / 省下达任务): `planwatch annual import FILE`, the
listing with value and source, and the three binding "完成省下达任务" rows of the Jinhua
industrial plan becoming assessable once a task and a value exist.

The 2022 tasks and values below are FICTIONAL test inputs (marked 虚构 in their sources): the
province's real 2022 tasks are not in the seed documents."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from planwatch import model as m
from planwatch.api import Store, annual_targets
from planwatch.api.data import load_embedded
from planwatch.api.evaluate import evaluate_plan
from planwatch.cli import cli
from planwatch.errors import ConfigError

PLAN = "jinhua-industry-14"
TASKS = """indicator,year,value,unit,source
jinhua-industry-14/13,2022,3.2,%,示例：2022年省下达节能减排任务通知（虚构）
jinhua-industry-14/14,2022,20,立方米/万元,示例：2022年省下达用水总量和强度控制目标（虚构）
jinhua-industry-14/15,2022,95,%,示例：2022年省固废利用处置任务书（虚构）
"""
VALUES = {"co2-industry-reduction": 3.5, "water-intensity-industry": 21.0, "solid-waste-use-rate": 96.0}


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = Store(db_url)
    load_embedded(s)
    yield s
    s.dispose()


def _values(store: Store) -> None:
    src = m.SourceRef(title="示例统计数据（虚构，测试输入）")
    obs = tuple(m.Observation(stat, "330700", m.Period("2022"), m.ObservationKind.LEVEL, v,
                              store.indicator(f"{PLAN}/{n}").unit, src)
                for (stat, v), n in zip(VALUES.items(), (13, 14, 15), strict=True))
    store.load_dataset(m.Dataset(name="test-values-fictional", observations=obs), actor="test")


def _results(store: Store) -> dict[int, object]:
    ev = evaluate_plan(store, PLAN, dt.date(2023, 6, 30))
    return {r.indicator.seq: r.assessment for r in ev.results}


def test_three_binding_province_task_rows_become_assessable(store: Store, tmp_path: Path):
    before = _results(store)
    assert all(before[n].category == "no_task" for n in (13, 14, 15))  # type: ignore[attr-defined]
    path = tmp_path / "省下达任务.csv"
    path.write_text(TASKS, encoding="utf-8")
    runner = CliRunner()
    r = runner.invoke(cli, ["--db", store.url, "annual", "import", str(path), "--user", "admin1"])
    assert r.exit_code == 0, r.output
    assert "年度目标新增 3 条" in r.output
    _values(store)
    after = _results(store)
    labels = {n: after[n].label for n in (13, 14, 15)}  # type: ignore[attr-defined]
    # 3.5 ≥ 3.2 (higher better), 21 > 20 (water use: lower better), 96 ≥ 95
    assert labels == {13: "完成省下达年度任务", 14: "未完成省下达年度任务", 15: "完成省下达年度任务"}
    for n, title in ((13, "节能减排任务通知"), (14, "用水总量和强度控制目标"), (15, "固废利用处置任务书")):
        text = "".join(after[n].reasons)  # type: ignore[attr-defined]
        assert "2022年省下达任务" in text and title in text
    # the listing names every target with value and source
    r = runner.invoke(cli, ["--db", store.url, "annual", "--plan", PLAN, "--year", "2022", "--json"])
    assert r.exit_code == 0, r.output
    targets = {t["indicator"]: t for t in json.loads(r.output)["targets"]}
    assert targets[f"{PLAN}/14"]["value"] == 20 and "用水总量" in targets[f"{PLAN}/14"]["source"]
    assert set(targets) == {f"{PLAN}/13", f"{PLAN}/14", f"{PLAN}/15"}
    # audited
    entries, _ = store.audit_entries(entity="milestone")
    assert len(entries) == 3 and {e.actor for e in entries} == {"admin1"}


def test_chinese_headers_and_units_are_accepted(store: Store, tmp_path: Path):
    path = tmp_path / "年度目标.csv"
    path.write_text("指标编号,年份,目标值,单位,来源\njinhua-industry-14/02,2023,6000,亿元,"
                    "示例：2023年政府工作报告（虚构）\n", encoding="utf-8")
    out = annual_targets.import_annual_targets(store, path, actor="t")
    assert out.counts["inserted"] == 1
    listed = annual_targets.entered_targets(store, PLAN, 2023)
    assert listed[0]["value"] == 6000 and listed[0]["kind"] == "年度目标"


@pytest.mark.parametrize(("row", "needle"), [
    ("jinhua-industry-14/13,2030,3,%,示例（虚构）", "第2行“年份”2030不在规划"),
    ("jinhua-industry-14/99,2022,3,%,示例（虚构）", "第2行“指标编号”“jinhua-industry-14/99”不是已知指标"),
    ("jinhua-industry-14/13,2022,三点二,%,示例（虚构）", "第2行“目标值”“三点二”无法识别"),
    ("jinhua-industry-14/13,2022,3.2,%,", "第2行“来源”为空"),
    ("jinhua-industry-14/13,2022,3.2,亿元,示例（虚构）", "第2行“单位”“亿元”"),
])
def test_bad_rows_name_file_row_and_field_and_change_nothing(store: Store, tmp_path: Path,
                                                              row: str, needle: str):
    path = tmp_path / "坏目标.csv"
    path.write_text("indicator,year,value,unit,source\n" + row + "\n"
                    "jinhua-industry-14/15,2022,95,%,示例（虚构）\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["--db", store.url, "annual", "import", str(path)])
    assert r.exit_code != 0
    with pytest.raises(ConfigError) as exc:
        annual_targets.import_annual_targets(store, path, actor="t")
    assert "坏目标.csv" in str(exc.value) and needle in str(exc.value) and "未做任何修改" in str(exc.value)
    assert annual_targets.entered_targets(store, PLAN) == []


def test_a_malformed_file_changes_nothing(store: Store, tmp_path: Path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"PK\x03\x04 broken")
    with pytest.raises(ConfigError, match="x.xlsx"):
        annual_targets.import_annual_targets(store, path, actor="t")
    assert annual_targets.entered_targets(store, PLAN) == []


def test_admin_uploads_annual_targets_in_the_web(store: Store, tmp_path: Path):
    import io

    import openpyxl
    from fastapi.testclient import TestClient

    from planwatch.api import users as api_users
    from planwatch.web import WebSettings, create_app
    from tests.web_support import PASSWORDS, form_token, login

    api_users.add_user(store, "admin1", PASSWORDS["admin1"], role="admin")
    c = TestClient(create_app(WebSettings(db=store.url, secret_key="k"), store=store))
    login(c, "admin1")
    page = c.get("/units")
    token = form_token(page.text)
    tpl = c.get(f"/units/annual-template?plan={PLAN}&year=2022")
    assert tpl.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(tpl.content)).active
    header = [x.value for x in ws[1]]
    assert header[:4] == ["指标编号", "指标名称", "年份", "目标值"]
    r = c.post("/units/annual", data={"csrf_token": token},
               files={"file": ("任务.csv", TASKS.encode(), "text/csv")}, follow_redirects=False)
    assert r.status_code == 303
    assert "年度目标新增 3 条" in c.get(r.headers["location"]).text
    bad = "indicator,year,value,unit,source\njinhua-industry-14/13,2030,3,%,示例（虚构）\n"
    r = c.post("/units/annual", data={"csrf_token": token},
               files={"file": ("坏.csv", bad.encode(), "text/csv")})
    assert r.status_code == 400 and "坏.csv第2行“年份”2030不在规划" in r.text
    assert len(annual_targets.entered_targets(store, PLAN)) == 3
