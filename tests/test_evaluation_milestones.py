"""Annual milestones (年度计划): derived from the base-to-target path or entered, and one year
judged against its milestone with the same observations as the five-year evaluation."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from planwatch.evaluation.base import IndicatorBundle, Status
from planwatch.evaluation.milestones import assess_year, derive_milestone, milestone_path
from tests.evalkit import indicator, milestone, obs


def bundle(ind, data=(), milestones=()):
    return IndicatorBundle(ind, tuple(data), tuple(milestones), region="r")


def test_linear_path():
    ind = indicator(base=60.0, target=65.0)
    path = milestone_path(bundle(ind))
    assert [m.year for m in path] == [2021, 2022, 2023, 2024, 2025]
    assert [m.value for m in path] == pytest.approx([61.0, 62.0, 63.0, 64.0, 65.0], rel=1e-12)
    assert all(m.origin == "derived" for m in path)


def test_compound_path_from_declared_growth():
    ind = indicator(unit="亿元", rule="compound", base=1000.0, target=None, growth=6.0,
                    growth_unit="percent")
    m = derive_milestone(bundle(ind), 2022)
    assert m is not None and math.isclose(m.value, 1000 * 1.06**2, rel_tol=1e-9)


def test_entered_milestone_wins():
    ind = indicator(base=60.0, target=65.0)
    path = milestone_path(bundle(ind, milestones=[milestone(2022, 62.5)]))
    assert path[1].value == 62.5 and path[1].origin == "entered"
    assert path[0].origin == "derived"


def test_growth_reduction_and_cumulative_milestones():
    g = indicator(form="growth_rate", rule="growth", qualifier="about", target=6.0, base=None)
    assert derive_milestone(bundle(g), 2023).value == 6.0
    r = indicator(form="cumulative_reduction", rule="cumulative_reduction", qualifier="cumulative",
                  target=14.0, base=None)
    assert math.isclose(derive_milestone(bundle(r), 2023).value, (1 - 0.86**0.2) * 100, rel_tol=1e-9)
    s = indicator(unit="万人", form="cumulative_sum", rule="cumulative_sum",
                  qualifier="cumulative", target=300.0, base=None)
    assert math.isclose(derive_milestone(bundle(s), 2023).value, 180.0, rel_tol=1e-12)


def test_province_task_needs_an_entered_milestone():
    ind = indicator(qualifier="province_task", rule="province_task", target=None, base=None)
    assert derive_milestone(bundle(ind), 2022) is None
    a = assess_year(bundle(ind, [obs("2022", 3.1)]), 2022)
    assert a.status is Status.NOT_ASSESSABLE and a.category == "no_task"
    b = assess_year(bundle(ind, [obs("2022", 3.1)], [milestone(2022, 3.0)]), 2022)
    assert b.status is Status.ON_SCHEDULE and b.label == "完成年度目标"


@pytest.mark.parametrize(("value", "label"), [(62.0, "完成年度目标"), (61.9, "未完成年度目标")])
def test_assess_year_level(value, label):
    ind = indicator(base=60.0, target=65.0)
    a = assess_year(bundle(ind, [obs("2022", value), obs("2023", 50.0)]), 2022)
    assert a.label == label
    assert a.latest_period == "2022"
    assert a.numbers["milestone"] == pytest.approx(62.0)
    assert a.method == "annual"


def test_assess_year_growth_about_band():
    ind = indicator(form="growth_rate", rule="growth", qualifier="about", target=6.0, base=None)
    a = assess_year(bundle(ind, [obs("2022", 5.6, kind="growth")]), 2022)
    assert a.status is Status.ON_SCHEDULE  # 5.6 ≥ 6 − 0.5
    b = assess_year(bundle(ind, [obs("2022", 5.4, kind="growth")]), 2022)
    assert b.status is Status.BEHIND


def test_assess_year_cumulative_sum_running_total():
    ind = indicator(unit="万人", form="cumulative_sum", rule="cumulative_sum",
                    qualifier="cumulative", target=300.0, base=None)
    data = [obs("2021", 60.0, unit="万人"), obs("2022", 70.0, unit="万人")]
    a = assess_year(bundle(ind, data), 2022)
    assert a.latest_value == 130.0 and a.status is Status.ON_SCHEDULE  # 130 ≥ 120


def test_assess_year_without_data():
    ind = indicator(base=60.0, target=65.0)
    a = assess_year(bundle(ind, [obs("2021", 61.0)]), 2022)
    assert a.status is Status.NOT_ASSESSABLE and a.category == "no_data"


def test_assess_year_respects_as_of():
    ind = indicator(base=60.0, target=65.0)
    a = assess_year(bundle(ind, [obs("2022", 62.0)]), 2022, as_of=dt.date(2022, 6, 30))
    assert a.category == "no_data"


def test_maintain_milestone_is_the_threshold():
    ind = indicator(qualifier="at_least", base=70.0, target=65.0)
    assert derive_milestone(bundle(ind), 2022).value == 65.0
