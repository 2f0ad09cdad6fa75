"""Facts reach the statistics of the embedded Jinhua dataset; units convert but % never becomes
percentage points; facts that match nothing stay facts."""

from __future__ import annotations

from functools import cache

import pytest

from planwatch import model as m
from planwatch.dataset import EMBEDDED, read_dataset
from planwatch.facts.extract import Fact, FactKind, extract
from planwatch.facts.link import Link, link_facts, normalize_name
from planwatch.model import ValueQualifier
from tests.conftest import seed


@cache
def _dataset() -> m.Dataset:
    return read_dataset(EMBEDDED).dataset


def _links(text: str) -> list[Link]:
    ds = _dataset()
    return link_facts(extract(text), ds.statistics, ds.regions, ds.indicators)


def _seed_links(name: str) -> list[Link]:
    return _links(seed(name).read_text(encoding="utf-8"))


def _indicator(plan: str, statistic: str) -> m.Indicator:
    (ind,) = [i for i in _dataset().indicators if i.plan == plan and i.statistic == statistic]
    return ind


def test_rd_intensity_2022_reaches_the_industrial_plan_indicator() -> None:
    (link,) = [lk for lk in _seed_links("002")
               if lk.fact.line == 73 and lk.fact.value == 3.23]
    assert link.linked and link.statistic is not None
    assert (link.statistic.id, link.region, link.fact.period, link.kind, link.value, link.unit) == (
        "gs-rd-intensity", "330700", "2022", m.ObservationKind.SHARE, 3.23, "%")
    ind = _indicator("jinhua-industry-14", "gs-rd-intensity")
    assert "研发" in ind.name and ind.unit == "%"


def test_digital_core_share_2021_reaches_its_indicator() -> None:
    (link,) = [lk for lk in _seed_links("001") if lk.fact.line == 108 and lk.fact.value == 7.1]
    assert link.statistic is not None
    assert (link.statistic.id, link.region, link.fact.period, link.kind) == (
        "de-core-va-share", "330700", "2021", m.ObservationKind.SHARE)
    assert _indicator("jinhua-industry-14", "de-core-va-share").unit == "%"
    # the growth of the same sentence is the value added's growth, not the share's
    (growth,) = [lk for lk in _seed_links("001")
                 if lk.fact.line == 108 and lk.fact.kind is FactKind.GROWTH]
    assert growth.statistic is not None and growth.statistic.id == "de-core-va"


def test_aliases_ying_shou_and_gui_shang() -> None:
    assert normalize_name("数字经济核心产业营收") == normalize_name("数字经济核心产业营业收入")
    assert normalize_name("规模以上工业亩均税收") == normalize_name("规上工业亩均税收")
    assert normalize_name("数字经济核心产业增加值占全市地区生产总值比重") == normalize_name(
        "数字经济核心产业增加值占GDP比重")
    (revenue,) = [lk for lk in _seed_links("001")
                  if lk.fact.line == 105 and lk.fact.value == 1409]
    assert revenue.statistic is not None and revenue.statistic.id == "de-core-revenue"


def test_units_convert_within_a_dimension() -> None:
    (link,) = _links("2022年，全市地区生产总值55624700万元。")
    assert (link.value, link.unit) == (pytest.approx(5562.47), "亿元")
    (big,) = _links("2025年，全市进出口总额突破1.4万亿元。")
    assert big.statistic is not None and (big.value, big.unit) == (pytest.approx(14000), "亿元")


def test_percent_is_never_read_as_points() -> None:
    points, share = _links("2022年，全市森林覆盖率提高0.3个百分点；全市规上工业增加值占比提高2%。")
    assert points.statistic is not None and (points.kind, points.unit) == (
        m.ObservationKind.CHANGE_POINTS, "个百分点")
    assert not share.linked  # a share's change printed in % is not a change in points


def test_unmatched_facts_stay_facts() -> None:
    (link,) = _links("2022年，全市新建口袋公园37个。")
    assert not link.linked and "未找到" in link.reason
    assert link.fact.value == 37
    target = _links("力争2025年数字经济核心产业增加值达到1000亿元。")[0]
    assert target.kind is None and "目标" in target.reason


def test_company_facts_are_not_the_city() -> None:
    fact = Fact(region="横店东磁", subject="有效授权专利", period="2022-06-30",
                kind=FactKind.COUNT, value=1293, unit="件", qualifier=ValueQualifier.EXACT,
                sentence="", line=1, company=True)
    (link,) = link_facts([fact], _dataset().statistics, _dataset().regions)
    assert link.region is None and not link.linked
