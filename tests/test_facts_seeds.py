"""Every number in seeds 000, 001 and 002 (section 一, lines 1-53), read by hand.

The expected rows below were written by reading the documents (not by running the extractor):
(line, value, unit, kind, period). ``ANY`` marks a period the text leaves open to reading.
Years, dates, document numbers, ordinals (第七届), codes (G60, 5G), quoted slogans ("三个一小时",
"2+4+X") and numbers that define a group ("年产值超百亿元制造业企业", "500人以上行政村") are not
facts and must not be found.
"""

from __future__ import annotations

from collections import Counter

import pytest

from planwatch.facts.extract import Fact, extract
from tests.conftest import seed

ANY = "*"
Row = tuple[int, float, str, str, str | None]

SEED_000: list[Row] = [
    (7, 26, "条", "count", None), (7, 50, "个", "count", None), (7, 160, "座", "count", None),
    (9, 7000, "亿元", "level", "2025"), (9, 3, "个", "count", "2025"),
    (9, 1000, "亿元", "level", "2025"),
    (23, 3005, "列", "count", "2025"), (23, 1.4, "万列", "cumulative", "2025"),
    (25, 1, "位", "rank", None),
    (33, 60, "万台", "cumulative", "2025"), (33, 103, "%", "growth", "2025"),
    (33, 1000, "亿元", "level", ANY),
    (37, 10, "条", "cumulative", "2021..2025"),
    (45, 10, "家", "cumulative", None), (45, 84, "家", "cumulative", None),
    (45, 14, "个", "cumulative", None),
    (47, 10, "条", "count", "2024"), (47, 5000, "亿元", "level", "2024"),
    (47, 9.6, "%", "growth", "2024"),
    (49, 1483, "家", "cumulative", "2021..2025"), (49, 4369, "家", "cumulative", "2021..2025"),
    (49, 11, "家", "cumulative", "2021..2025"), (49, 42, "位", "rank", ANY),
    (55, 47, "个", "count", "2021..2025"), (55, 11, "个", "count", "2021..2025"),
    (55, 100, "%", "share", "2021..2025"),
    (61, 17, "个", "count", None), (61, 3700, "户", "count", None),
    (65, 1, "万亿元", "level", "2025"), (65, 8, "位", "rank", "2025"),
    (65, 9000, "亿元", "level", "2025"), (65, 6, "位", "rank", "2025"),
    (65, 20, "%", "share", "2025"), (65, 33.33, "%", "share", "2025"),
    (67, 251, "项", "cumulative", "2021..2025"), (67, 100, "个", "cumulative", "2021..2025"),
    (67, 3, "倍", "growth", "2021..2025"), (67, 216, "万户", "count", None),
    (73, 44.7, "%", "growth", None), (75, 40.7, "%", "growth", None),
    (77, 38, "个", "cumulative", "2021..2025"), (77, 110, "个", "cumulative", "2021..2025"),
    (77, 52, "个", "cumulative", "2021..2025"), (77, 72.5, "%", "share", "2021..2025"),
    (77, 3, "个", "count", None),
    (81, 6.4, "%", "growth", "2021..2024"), (81, 12.1, "%", "growth", "2024"),
    (81, 1, "位", "rank", "2024"), (81, 98, "%", "share", None), (81, 9, "个", "count", None),
]

SEED_001: list[Row] = [
    (13, 1000, "亿元", "level", "2021"), (13, 4, "位", "rank", "2021"),
    (13, 71.7, "%", "growth", "2021"), (13, 1, "位", "rank", "2021"),
    (13, 78.5, "%", "growth", "2022-01..05"), (13, 1, "位", "rank", "2022-01..05"),
    (13, 2, "位", "rank", ANY), (13, 9, "项", "count", ANY), (13, 4, "项", "count", ANY),
    (13, 32, "个", "cumulative", ANY),
    (17, 1600, "亿元", "target", "2022"), (17, 7.4, "%", "target", "2022"),
    (29, 565.5, "亿元", "level", "2021"), (29, 1, "位", "rank", "2021"),
    (31, 100, "个", "count", None),
    (33, 56, "个", "count", None), (33, 60, "亿元", "level", None),
    (35, 1, "位", "rank", None), (35, 3, "位", "rank", "2021"), (35, 1, "位", "rank", "2021"),
    (35, 100, "亿件", "count", "2021"), (35, 1, "位", "rank", "2021"),
    (35, 100, "亿", "level", "2021"),
    (37, 2, "位", "rank", None), (37, 4, "条", "count", None), (37, 12, "条", "count", None),
    (37, 1.5, "亿", "level", None),
    (48, 100, "台", "count", None), (48, 2, "位", "rank", "2021"),
    (50, 2, "位", "rank", ANY), (50, 83, "GW", "target", ANY), (50, 67, "GW", "target", ANY),
    (50, 5, "家", "count", "2021"),
    (62, 440, "亿元", "level", None),
    (66, 1293, "件", "count", "2022-06-30"), (66, 577, "件", "count", "2022-06-30"),
    (66, 42, "项", "count", "2022-06-30"),
    (68, 140, "家", "count", None), (68, 188.78, "亿元", "level", "2021"),
    (68, 46.29, "%", "growth", "2021"),
    (70, 50, "家", "count", None), (70, 3, "年", "count", None),
    (72, 1500, "家", "count", None), (72, 211.24, "亿元", "level", "2021"),
    (74, 3, "个月", "count", None),
    (76, 1000, "亿元", "target", ANY),
    (83, 39.8, "%", "growth", "2022-01..05"), (83, 19.9, "%", "share", "2022-01..05"),
    (87, 34.82, "%", "growth", "2022-01..05"),
    (89, 4, "项", "count", None), (89, 63, "%", "share", None),
    (97, 53299, "家", "count", None),
    (105, 1000, "亿元", "level", "2021"), (105, 1409, "亿元", "level", "2021"),
    (105, 4, "位", "rank", "2021"), (105, 71.7, "%", "growth", "2021"),
    (105, 1, "位", "rank", "2021"),
    (108, 378, "亿元", "level", "2021"), (108, 7.1, "%", "share", "2021"),
    (108, 4, "位", "rank", "2021"), (108, 23.15, "%", "growth", "2021"),
    (108, 1, "位", "rank", "2021"),
    (111, 75.69, "亿元", "level", "2018"), (111, 231.9, "亿元", "level", "2021"),
    (111, 1, "位", "rank", "2018..2021"), (111, 2, "位", "rank", "2019"),
    (115, 2, "位", "rank", "2021"),
    (118, 53299, "家", "cumulative", "2021"), (118, 3, "位", "rank", "2021"),
    (121, 11070, "个", "cumulative", "2021"), (121, 4, "位", "rank", "2021"),
    (124, 4, "家", "count", "2022"), (124, 1, "位", "rank", "2022"),
    (124, 3, "家", "cumulative", None), (124, 4, "位", "rank", None),
]

SEED_002: list[Row] = [
    (11, 5, "个", "count", None), (11, 5000, "亿元", "level", None), (11, 1, "位", "rank", None),
    (11, 1, "位", "rank", None), (11, 3, "项", "count", None), (11, 1, "位", "rank", None),
    (19, 9, "个", "count", ANY),
    (21, 2, "位", "rank", None), (21, 59, "位", "rank", "2022"), (21, 46, "家", "count", ANY),
    (21, 21, "届", "count", ANY),
    (23, 5562.47, "亿元", "level", "2022"), (23, 78086, "元", "level", "2022"),
    (23, 13.5, "%", "growth", "2022"), (23, 3, "位", "rank", "2022"),
    (23, 72.8, "%", "share", "2022"),
    (25, 6, "家", "cumulative", "2021..2022"), (25, 1, "位", "rank", ANY),
    (27, 193, "项", "cumulative", None), (27, 55, "个", "count", None),
    (27, 2, "位", "rank", None), (27, 1, "位", "rank", None), (27, 30, "年", "count", None),
    (27, 23, "条", "count", None), (27, 5939, "列", "cumulative", "2021..2023-06"),
    (29, 32.1, "万户", "cumulative", None), (29, 1, "位", "rank", None),
    (29, 3, "位", "rank", None), (29, 34, "%", "share", None), (29, 85.66, "分", "level", None),
    (29, 11.01, "分", "change_points", None),
    (33, 1, "位", "rank", None),
    (35, 90.7, "%", "share", None), (35, 2, "位", "rank", None),
    (37, 9, "年", "count", None), (37, 3, "", "count", None),
    (39, 2, "年", "count", None), (39, 1, "位", "rank", None), (39, 61.52, "%", "share", None),
    (39, 88.38, "分", "level", None), (39, 3, "位", "rank", None),
    (41, 38.4, "万人", "cumulative", "2021..2022"), (41, 1.95, "", "level", "2022"),
    (45, 17, "年", "count", None),
    (49, 8, "个", "count", None), (49, 37, "项", "count", None), (49, 24, "项", "count", None),
    (49, 15, "项", "count", None), (49, 9, "项", "count", None), (49, 9, "项", "count", None),
    (49, 8, "项", "count", None), (49, 3, "项", "count", None), (49, 2, "项", "count", None),
    (51, 6000, "亿元", "level", None),
]


def _key(line: int, value: float, unit: str, kind: str) -> tuple[int, float, str, str]:
    return (line, round(value, 2), unit, kind)


def _facts(name: str, last_line: int | None = None) -> list[Fact]:
    text = seed(name).read_text(encoding="utf-8")
    found = extract(text)
    return [f for f in found if last_line is None or f.line <= last_line]


@pytest.mark.parametrize(
    ("name", "expected", "last_line"),
    [("000", SEED_000, None), ("001", SEED_001, None), ("002", SEED_002, 53)],
)
def test_every_number_is_found(name: str, expected: list[Row], last_line: int | None) -> None:
    found = _facts(name, last_line)
    got = Counter(_key(f.line, f.value, f.unit, f.kind.value) for f in found)
    want = Counter(_key(*row[:4]) for row in expected)
    assert got - want == Counter(), "found but not expected"
    assert want - got == Counter(), "expected but not found"


@pytest.mark.parametrize(
    ("name", "expected", "last_line"),
    [("000", SEED_000, None), ("001", SEED_001, None), ("002", SEED_002, 53)],
)
def test_periods(name: str, expected: list[Row], last_line: int | None) -> None:
    found = _facts(name, last_line)
    wrong = []
    for line, value, unit, kind, period in expected:
        if period == ANY:
            continue
        periods = {f.period for f in found
                   if _key(f.line, f.value, f.unit, f.kind.value) == _key(line, value, unit, kind)}
        if period not in periods:
            wrong.append((line, value, unit, kind, period, periods))
    assert wrong == []


def _one(facts: list[Fact], line: int, value: float, kind: str) -> Fact:
    hits = [f for f in facts if f.line == line and f.value == value and f.kind.value == kind]
    assert len(hits) == 1, hits
    return hits[0]


def test_seed_001_fact_box() -> None:
    facts = _facts("001")
    level = _one(facts, 105, 1409, "level")
    assert (level.region, level.subject, level.period) == ("金华市", "数字经济核心产业营收", "2021")
    passed = _one(facts, 105, 1000, "level")
    assert passed.qualifier.value == "passed"
    growth_rank = [f for f in facts if f.line == 105 and f.kind.value == "rank"][-1]
    assert (growth_rank.value, growth_rank.scope, growth_rank.rank_of) == (1, "全省", "growth")
    share = _one(facts, 108, 7.1, "share")
    assert share.subject == "数字经济核心产业增加值占全市地区生产总值比重"
    share_rank = [f for f in facts if f.line == 108 and f.kind.value == "rank"][0]
    assert (share_rank.value, share_rank.rank_of) == (4, "share")
    yiwu = _one(facts, 83, 39.8, "growth")
    assert (yiwu.region, yiwu.period) == ("义乌市", "2022-01..05")
    company = _one(facts, 66, 1293, "count")
    assert company.region == "横店东磁" and company.period == "2022-06-30"


def test_seed_000_regions_and_qualifiers() -> None:
    facts = _facts("000")
    gdp = _one(facts, 9, 7000, "level")
    assert gdp.qualifier.value == "passed" and gdp.estimated
    trains = _one(facts, 23, 1.4, "cumulative")
    assert trains.qualifier.value == "passed" and trains.unit == "万列"
    assert _one(facts, 33, 60, "cumulative").qualifier.value == "nearly"
    assert _one(facts, 33, 60, "cumulative").region == "零跑汽车"
    assert [_one(facts, line, v, "growth").region for line, v in ((73, 44.7), (75, 40.7))] == [
        "义乌市", "金东区"]


def test_seed_002_report() -> None:
    facts = _facts("002")
    gdp = _one(facts, 23, 5562.47, "level")
    assert gdp.subject == "地区生产总值" and gdp.period == "2022"
    per_head = _one(facts, 23, 78086, "level")
    assert per_head.subject == "人均地区生产总值"
    rd = _one(facts, 73, 3.23, "share")
    assert rd.period == "2022" and "研发费用" in rd.subject and "营业收入" in rd.subject
    top10 = [f for f in facts if f.line == 11 and f.upper == 10]
    assert len(top10) == 1 and top10[0].scope == "全国"
