"""``planwatch annual --plan P --year Y``: a year judged against its milestones, on a real
SQLite store holding a small plan."""

from __future__ import annotations

import json

from click.testing import CliRunner

from planwatch import model as m
from planwatch.cli import cli
from planwatch.store import Store
from tests.evalkit import SRC, indicator, milestone, obs


def _dataset() -> m.Dataset:
    region = m.Region(id="r", name="测试市", kind=m.RegionKind.CITY)
    stat = m.Statistic(id="s", name="测试比重", unit="%")
    g = m.Statistic(id="g", name="测试增速", unit="%")
    plan = m.Plan(id="p", title="测试规划", region="r", issuer="测试局", level=m.PlanLevel.CITY,
                  kind=m.PlanKind.SECTOR, period_start=2021, period_end=2025, base_year=2020,
                  status=m.PlanStatus.DRAFT)
    inds = (
        indicator(name="比重", base=60.0, target=65.0, seq=1),
        indicator(name="增速", form="growth_rate", rule="growth", qualifier="about", target=6.0,
                  base=None, statistic="g", seq=2),
        indicator(name="任务", qualifier="province_task", rule="province_task", target=None,
                  base=None, seq=3, statistic="s"),
        indicator(name="无数据", base=1.0, target=2.0, statistic=None, seq=4),
    )
    return m.Dataset(
        name="t", regions=(region,), statistics=(stat, g), plans=(plan,), indicators=inds,
        milestones=(milestone(2022, 62.5, "p/01"),),
        documents=(m.Document(id="test", title="测试", kind="plan"),),
        observations=tuple(
            m.Observation(**{**o.__dict__, "source": SRC})
            for o in (obs("2022", 62.6), obs("2022", 5.0, kind="growth", statistic="g"))
        ),
    )


def test_annual_json(sqlite_url: str) -> None:
    store = Store(sqlite_url)
    store.load_dataset(_dataset())
    store.dispose()
    res = CliRunner().invoke(cli, ["--db", sqlite_url, "annual", "--plan", "p", "--year", "2022",
                                   "--json"], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    rows = {r["name"]: r for r in out["indicators"]}
    assert len(rows) == 4
    assert rows["比重"]["milestone"] == 62.5 and rows["比重"]["milestone_origin"] == "entered"
    assert rows["比重"]["label"] == "完成年度目标"
    assert rows["增速"]["label"] == "未完成年度目标"  # 5.0 < 6 − 0.5
    assert rows["任务"]["status"] == "not_assessable"
    assert rows["无数据"]["status"] == "not_assessable"
    c = out["counts"]
    assert c == {"total": 4, "met": 1, "missed": 1, "not_assessable": 2}
    assert out["sentence"] == "2022年度，测试规划的4项指标中，1项完成年度目标，1项未完成年度目标，2项未作出评估。"


def test_annual_table(sqlite_url: str) -> None:
    store = Store(sqlite_url)
    store.load_dataset(_dataset())
    store.dispose()
    res = CliRunner().invoke(cli, ["--db", sqlite_url, "annual", "--plan", "p", "--year", "2022"],
                             catch_exceptions=False)
    assert res.exit_code == 0
    assert "完成年度目标" in res.stdout and "年度计划" in res.stdout
