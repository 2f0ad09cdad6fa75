"""The plan adapter of the series methods and ``planwatch evaluate --method all``."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from planwatch import api
from planwatch.cli import cli
from planwatch.evaluation.base import METHODS, IndicatorBundle, Status
from planwatch.store import Store
from tests.evalkit import indicator, obs

AS_OF = dt.date(2024, 12, 31)
SERIES_METHODS = ("statcan", "eurostat", "eurostat-long", "escap", "unsd", "sdsn", "dns")


def _assess(name: str, ind, observations, as_of=AS_OF):
    m = METHODS[name]
    return m.assess(IndicatorBundle(ind, tuple(observations), region="r"), m.Config(), as_of)


def test_statcan_uses_plan_base_and_annual_observations() -> None:
    # CN1 of methods.md: 城镇化率 60.0 (2020) → 65 (2025), 63.2 in 2023
    ind = indicator(base=60.0, target=65.0)
    a = _assess("statcan", ind, [obs("2021", 61.0), obs("2023", 63.2), obs("2023-06-30", 99.0)])
    expected = ((63.2 / 60.0) ** (1 / 3) - 1) / ((65.0 / 60.0) ** (1 / 5) - 1)
    assert a.value == pytest.approx(expected, rel=1e-12)
    assert a.indicator == ind.id and a.latest_period == "2023"
    assert a.status is Status.ON_SCHEDULE


def test_observations_after_the_evaluation_date_are_not_used() -> None:
    ind = indicator(base=60.0, target=65.0)
    a = _assess("statcan", ind, [obs("2022", 62.0), obs("2025", 70.0)], as_of=dt.date(2023, 12, 31))
    assert a.latest_value == 62.0


def test_no_observation_after_base_is_not_assessable() -> None:
    ind = indicator(base=60.0, target=65.0)
    for name in SERIES_METHODS:
        a = _assess(name, ind, [obs("2019", 58.0), obs("2020", 60.0)])
        assert a.status is Status.NOT_ASSESSABLE, name
        assert "没有年度数据" in a.reasons[0]


def test_growth_rate_targets_are_not_judged_by_level_methods() -> None:
    ind = indicator(base=6.0, target=6.0, form="growth_rate", rule="growth")
    a = _assess("eurostat", ind, [obs("2021", 8.1), obs("2022", 3.0), obs("2023", 5.2)])
    assert a.status is Status.NOT_ASSESSABLE and "增长率" in a.reasons[0]


@pytest.fixture
def jinhua(sqlite_url: str):
    store = Store(sqlite_url)
    api.data.load_embedded(store)
    yield store
    store.dispose()


def test_method_all_adds_every_method_side_by_side(jinhua: Store) -> None:
    ev = api.evaluate.evaluate_plan(jinhua, "jinhua-industry-14", AS_OF, method="all")
    assert ev.method == "all"
    china = api.evaluate.evaluate_plan(jinhua, "jinhua-industry-14", AS_OF)
    assert [r.assessment for r in ev.results] == [r.assessment for r in china.results]
    assert ev.sentence == china.sentence
    for r in ev.results:
        assert r.assessment.method == "china"
        assert sorted(a.method for a in r.others) == sorted(SERIES_METHODS)
    d = ev.as_dict()["indicators"][0]
    assert set(d["methods"]) == {"china", *SERIES_METHODS}
    assert set(d["methods"]["statcan"]) >= {"status", "status_label", "category", "label", "value", "score"}
    assert "methods" not in china.as_dict()["indicators"][0]


def test_method_all_statcan_column_follows_the_published_formula(jinhua: Store) -> None:
    ev = api.evaluate.evaluate_plan(jinhua, "jinhua-industry-14", AS_OF, method="all")
    judged = [(r.indicator, a) for r in ev.results for a in r.others
              if a.method == "statcan" and a.value is not None and a.category != "target_achieved"]
    assert judged, "expected at least one indicator with data after 2020"
    for ind, a in judged:
        t = int(a.latest_period)
        expected = ((a.latest_value / ind.base_value) ** (1 / (t - 2020)) - 1) / abs(
            (ind.target_value / ind.base_value) ** (1 / 5) - 1) * ind.direction.sign
        assert a.value == pytest.approx(expected, rel=1e-12), ind.name


def test_cli_evaluate_method_all(sqlite_url: str, jinhua: Store) -> None:
    runner = CliRunner()
    table = runner.invoke(cli, ["--db", sqlite_url, "evaluate", "--plan", "jinhua-industry-14",
                                "--as-of", "2024-12-31", "--method", "all"], env={"COLUMNS": "300"})
    assert table.exit_code == 0, table.output
    assert "各方法评价对照" in table.stdout
    for name in SERIES_METHODS:
        assert name in table.stdout
    out = runner.invoke(cli, ["--db", sqlite_url, "evaluate", "--plan", "jinhua-industry-14",
                              "--as-of", "2024-12-31", "--method", "all", "--json"])
    data = json.loads(out.stdout)
    assert data["method"] == "all"
    assert all(set(i["methods"]) == {"china", *SERIES_METHODS} for i in data["indicators"])
    default = runner.invoke(cli, ["--db", sqlite_url, "evaluate", "--plan", "jinhua-industry-14",
                                  "--as-of", "2024-12-31"], env={"COLUMNS": "300"})
    assert "各方法评价对照" not in default.stdout
