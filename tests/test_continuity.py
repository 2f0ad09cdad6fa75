"""Issue 14, item 7 and units: the successor plan (``successor_of``), the continuity of a statistic
across plan periods, the default plan and date that follow the active period (with a fixed
"today"), and units declared in a data folder (units.yaml).

Real data: the embedded 13th FYP outline (two targets checked against published text) and the
14th. The 15th FYP is the FICTIONAL fixture tests/data/fictional-15 (虚构): the adopted 15th FYP
table could not be verified. Expected values are typed from the sources, not computed by the code.
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from planwatch import model as m
from planwatch import periods, units
from planwatch.cli import cli
from planwatch.dataset import read_dataset
from planwatch.errors import NotFound
from tests.conftest import scratch_db
from tests.test_dataset import write_folder

ROOT = Path(__file__).resolve().parent.parent
FICTIONAL_15 = ROOT / "tests" / "data" / "fictional-15"


def run(db: str, *args: str, today: str | None = None, code: int = 0) -> Any:
    env = {"PLANWATCH_TODAY": today} if today else {}
    res = CliRunner().invoke(cli, ["--db", db, *args], env=env, catch_exceptions=False)
    assert res.exit_code == code, res.output
    return res


@pytest.fixture(scope="module")
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    url = scratch_db(tmp_path_factory.mktemp("continuity") / "planwatch.db", request)
    run(url, "init")
    return url


@pytest.fixture(scope="module")
def db15(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The embedded data plus the fictional successor plan of the 14th FYP."""
    url = scratch_db(tmp_path_factory.mktemp("continuity15") / "planwatch.db", request)
    run(url, "init")
    run(url, "load", str(FICTIONAL_15))
    return url


# -- the successor link and the continuity view --------------------------------------------------


def test_the_14th_outline_follows_the_13th(db):
    plans = {p["id"]: p for p in json.loads(run(db, "plans", "--json").stdout)}
    assert plans["cn-outline-13"]["period"] == [2016, 2020]
    out = json.loads(run(db, "continuity", "life-expectancy", "--json").stdout)
    rows = out["periods"]
    assert [r["plan"] for r in rows] == ["cn-outline-13", "cn-outline-14"]
    assert rows[1]["predecessor"] == "cn-outline-13"
    assert rows[1]["link"] == "承接上一期（2016—2020年）"
    # 13th: base 76.34 (2015), target 〔1〕 — 新华社 解读 of the outline, 2016-03-06
    assert (rows[0]["indicator"]["base_value"], rows[0]["indicator"]["base_year"]) == (76.34, 2015)
    assert rows[0]["indicator"]["target_text"] == "〔1〕"
    actual13 = {a["year"]: a["value"] for a in rows[0]["actuals"]}
    assert actual13[2018] == 77.0 and actual13[2019] == 77.3  # 人民日报海外版 2020-06-08
    assert rows[0]["end_of_period"]["value"] == 77.93  # 2020, census-based
    assert all(a["source"]["url"] or a["source"]["title"] for r in rows for a in r["actuals"])
    # 14th: base 77.3* printed, 2025 actual 79.25
    assert rows[1]["indicator"]["base_text"] == "77.3*"
    assert rows[1]["end_of_period"]["value"] == 79.25


def test_continuity_table_in_chinese(db):
    out = run(db, "continuity", "urbanization").stdout
    assert "常住人口城镇化率（中国）跨规划期连续情况" in out
    assert "cn-outline-13" in out and "cn-outline-14" in out and "2016年 57.4%" in out
    assert "实际值来源" in out


def test_continuity_of_an_unknown_statistic_is_refused_in_chinese(db):
    res = CliRunner().invoke(cli, ["--db", db, "continuity", "no-such-stat"])
    assert isinstance(res.exception, NotFound)  # planwatch's main prints it and exits 1
    assert "统计指标“no-such-stat”不存在" in str(res.exception)


def test_three_periods_with_the_fictional_15th(db15):
    out = json.loads(run(db15, "continuity", "urbanization", "--json").stdout)
    rows = out["periods"]
    assert [r["plan"] for r in rows] == ["cn-outline-13", "cn-outline-14", "xugou-outline-15"]
    assert [r["indicator"]["target_text"] for r in rows] == ["60", "65", "71"]
    assert rows[2]["link"] == "承接上一期（2021—2025年）"
    assert "草案" in rows[2]["note"]
    assert rows[2]["actuals"][-1]["value"] == 68.5  # the fictional 2026 value
    life = json.loads(run(db15, "continuity", "life-expectancy", "--json").stdout)["periods"]
    assert [r["plan"] for r in life] == ["cn-outline-13", "cn-outline-14", "xugou-outline-15"]
    assert life[2]["indicator"] is None and "本期规划未设该指标" in life[2]["note"]


def _write(tmp_path: Path, plan_extra: str) -> Path:
    folder = write_folder(tmp_path, {"plans/mini-plan.yaml": ("status: draft\n",
                                                             f"status: draft\n{plan_extra}\n")})
    return folder


@pytest.mark.parametrize(("extra", "code", "words"), [
    ("successor_of: mini-plan", "bad-value", "不能写本规划自己"),
    ("successor_of: no-such-plan", "unknown-reference", "前一期规划“no-such-plan”"),
])
def test_successor_of_errors_name_file_and_field(tmp_path, extra, code, words):
    res = read_dataset(_write(tmp_path, extra))
    hits = [e for e in res.errors if e.code == code]
    assert hits and words in hits[0].message, [str(e) for e in res.errors]
    assert (hits[0].location.file, hits[0].location.field) == ("plans/mini-plan.yaml", "successor_of")


def test_successor_must_follow_the_earlier_period(tmp_path):
    folder = _write(tmp_path, "successor_of: older")
    (folder / "plans" / "older.yaml").write_text(textwrap.dedent("""\
        id: older
        title: 测试的前一期规划
        region: "330700"
        issuer: 测试
        level: city
        kind: sector
        period: [2019, 2023]
        status: adopted
        """), encoding="utf-8")
    res = read_dataset(folder)
    assert any("重叠" in e.message and e.location.field == "successor_of" for e in res.errors)


def test_a_successor_of_an_embedded_plan_reads_clean(tmp_path):
    res = read_dataset(_write(tmp_path, "successor_of: cn-outline-14"))
    assert res.errors == []
    assert res.dataset.plans[0].predecessor == "cn-outline-14"


# -- default plan and evaluation date follow the active period ----------------------------------


def _plan(pid: str, start: int, end: int, level: str = "national") -> m.Plan:
    return m.Plan(id=pid, title=f"规划{pid}", region="100000", issuer="x", level=m.PlanLevel(level),
                  kind=m.PlanKind.OUTLINE, period_start=start, period_end=end, base_year=start - 1,
                  status=m.PlanStatus.ADOPTED)


P13, P14, P15 = _plan("p13", 2016, 2020), _plan("p14", 2021, 2025), _plan("p15", 2026, 2030)


@pytest.mark.parametrize(("today", "with_data", "plan", "as_of", "kind"), [
    # the 15th has begun but nothing of 2026 is published: the 14th's final evaluation
    ("2026-12-07", set(), "p14", "2025-12-31", "final"),
    # once the 15th has data of its period it is the default, evaluated at today
    ("2027-03-01", {"p15"}, "p15", "2027-03-01", "current"),
    # in the middle of the 14th with data: today
    ("2023-06-30", {"p14"}, "p14", "2023-06-30", "current"),
    # the 14th just began without data: the 13th's final evaluation
    ("2021-02-01", set(), "p13", "2020-12-31", "final"),
])
def test_default_plan_follows_the_active_period(today, with_data, plan, as_of, kind):
    day = dt.date.fromisoformat(today)
    choice = periods.choose([P13, P14, P15], day, lambda p: p.id in with_data)
    assert choice is not None
    assert (choice.plan.id, choice.as_of.as_of.isoformat(), choice.as_of.kind) == (plan, as_of, kind)
    assert ("最终评估" in choice.as_of.label) == (kind == "final")
    assert today in choice.reason


def test_national_plan_before_a_city_plan_of_the_same_period():
    city = _plan("city14", 2021, 2025, "city")
    choice = periods.choose([city, P14], dt.date(2026, 12, 7), lambda p: False)
    assert choice is not None and choice.plan.id == "p14"


def test_plan_not_begun_is_shown_at_today():
    a = periods.plan_as_of(P15, dt.date(2025, 5, 1))
    assert (a.as_of, a.kind) == (dt.date(2025, 5, 1), "upcoming") and "尚未开始" in a.label


def test_cli_evaluate_without_plan_or_date_on_2026_12_07_is_the_14th_final_evaluation(db):
    res = run(db, "evaluate", "--json", today="2026-12-07")
    out = json.loads(res.stdout)
    assert (out["plan"], out["as_of"]) == ("cn-outline-14", "2025-12-31")
    assert out["as_of_basis"]["kind"] == "final" and "最终评估" in out["as_of_basis"]["label"]
    assert "最近结束的规划" in res.stderr


def test_cli_evaluate_named_plan_without_date_uses_its_period_end(db):
    out = json.loads(run(db, "evaluate", "--plan", "cn-outline-13", "--json", today="2026-12-07").stdout)
    assert out["as_of"] == "2020-12-31"
    life = next(i for i in out["indicators"] if i["name"] == "人均预期寿命")
    # 〔1〕 over 76.34 (2015): 77.93 in 2020 is +1.59 years → reached
    assert (life["latest_value"], life["label"]) == (77.93, "已实现")


def test_cli_default_follows_the_fictional_15th_once_it_has_data(db15):
    # 2026-06-01: the fictional 2026 value (period 2026) is not yet due → the 14th's final evaluation
    early = json.loads(run(db15, "evaluate", "--json", today="2026-06-01").stdout)
    assert early["plan"] == "cn-outline-14"
    later = json.loads(run(db15, "evaluate", "--json", today="2027-03-01").stdout)
    assert (later["plan"], later["as_of"], later["as_of_basis"]["kind"]) == (
        "xugou-outline-15", "2027-03-01", "current")


def test_cli_report_default_is_the_final_report(db, tmp_path):
    out = tmp_path / "r.docx"
    res = run(db, "report", "-o", str(out), today="2026-12-07")
    assert out.exists() and "总结评估" in res.stdout


# -- units declared in a data folder ------------------------------------------------------------

UNITS_YAML = """\
- unit: 万千瓦
  base: GW
  factor: 0.01
  label: 万千瓦（装机容量）
- unit: 亿千瓦
  base: 万千瓦
  factor: 10000
  label: 亿千瓦（装机容量）
- unit: 张
  dimension: 床位
  factor: 1
  label: 张（床位）
"""


def _units_folder(tmp_path: Path, text: str) -> Path:
    folder = write_folder(tmp_path)
    (folder / "units.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def test_declared_units_convert_while_the_folder_is_read(tmp_path):
    folder = _units_folder(tmp_path, UNITS_YAML)
    with open(folder / "statistics.yaml", "a", encoding="utf-8") as fh:
        fh.write("- id: capacity\n  name: 装机容量\n  unit: 万千瓦\n  additive: true\n")
    with open(folder / "observations" / "obs.csv", "a", encoding="utf-8") as fh:
        fh.write("金华,capacity,2022,level,1.2,亿千瓦,seed-004,9\n")
    res = read_dataset(folder)
    assert res.errors == [], [str(e) for e in res.errors]
    assert {u.symbol for u in res.dataset.units} == {"万千瓦", "亿千瓦", "张"}
    declared = {u.symbol: u for u in res.dataset.units}
    assert declared["亿千瓦"].factor == pytest.approx(100.0)  # 1 亿千瓦 = 10000 万千瓦 = 100 GW
    assert not units.is_known("亿千瓦") or "亿千瓦" in {u.symbol for u in units.all_units()}


BAD_UNITS = [
    # (what, yaml, code, line, field, words)
    ("built-in redefined", "- unit: 吨\n  base: 公斤\n  factor: 1000\n  label: 吨\n",
     "bad-value", 1, "unit", "内置单位"),
    ("factor not positive", "- unit: 万千瓦\n  base: GW\n  factor: 0\n  label: 万千瓦\n",
     "bad-value", 3, "factor", "应为正数"),
    ("factor not a number", "- unit: 万千瓦\n  base: GW\n  factor: 一百\n  label: 万千瓦\n",
     "bad-number", 3, "factor", "不是数字"),
    ("unknown base", "- unit: 万千瓦\n  base: 兆焦\n  factor: 1\n  label: 万千瓦\n",
     "unknown-unit", 2, "base", "基准单位“兆焦”无法识别"),
    ("neither base nor dimension", "- unit: 张\n  factor: 1\n  label: 张\n",
     "bad-value", 1, "base", "填且只填一个"),
    ("missing label", "- unit: 张\n  dimension: 床位\n  factor: 1\n",
     "missing-field", 1, "label", "label"),
    ("duplicate", "- unit: 张\n  dimension: 床位\n  factor: 1\n  label: 张\n"
                  "- unit: 张\n  dimension: 床位\n  factor: 1\n  label: 张\n",
     "duplicate-record", 5, "unit", "重复声明"),
    ("unknown field", "- unit: 张\n  dimension: 床位\n  factor: 1\n  label: 张\n  ratio: 2\n",
     "unknown-field", 5, "ratio", "无法识别的字段"),
]


@pytest.mark.parametrize(("what", "text", "code", "line", "field", "words"), BAD_UNITS,
                         ids=[b[0] for b in BAD_UNITS])
def test_bad_units_yaml_rows_name_file_line_field(tmp_path, what, text, code, line, field, words):
    res = read_dataset(_units_folder(tmp_path, text))
    hits = [e for e in res.errors if e.code == code]
    assert hits, f"{what}: {[str(e) for e in res.errors]}"
    loc = hits[0].location
    assert (loc.file, loc.line, loc.field) == ("units.yaml", line, field)
    assert words in str(hits[0])


def test_declared_units_load_and_convert_in_evaluation(request, tmp_path):
    """A plan in 万千瓦 judged with an observation in 亿千瓦: the value is converted (示例 data)."""
    folder = _units_folder(tmp_path / "d", UNITS_YAML)
    with open(folder / "statistics.yaml", "a", encoding="utf-8") as fh:
        fh.write("- id: capacity\n  name: 装机容量\n  unit: 万千瓦\n  additive: true\n")
    plan = folder / "plans" / "mini-plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + (
        "  - seq: 7\n    name: 装机容量\n    statistic: capacity\n    unit: 万千瓦\n"
        "    nature: expected\n    base: {text: \"10000\", year: 2020}\n    target: {text: \"20000\"}\n"
        "    source: {line: 210, table: 表1}\n"), encoding="utf-8")
    with open(folder / "observations" / "obs.csv", "a", encoding="utf-8") as fh:
        fh.write("金华,capacity,2022,level,1.5,亿千瓦,seed-004,9\n")
    url = scratch_db(tmp_path / "u.db", request)
    run(url, "load", str(folder))
    out = json.loads(run(url, "evaluate", "--plan", "mini-plan", "--as-of", "2023-06-30",
                         "--json").stdout)
    cap = next(i for i in out["indicators"] if i["seq"] == 7)
    assert cap["latest_value"] == pytest.approx(15000.0)  # 1.5 亿千瓦 = 15000 万千瓦
    assert units.convert(1, "亿千瓦", "GW") == pytest.approx(100.0)  # known after the load
