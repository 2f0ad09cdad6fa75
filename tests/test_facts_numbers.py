"""Number reading: values a Chinese reader would agree with."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planwatch.facts.numbers import cn_to_int, find_numbers, int_to_cn, parse_amount
from planwatch.model import ValueQualifier as Q


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("三", 3), ("十", 10), ("十五", 15), ("二十", 20), ("一百零五", 105), ("两千", 2000),
        ("三千五百万", 35_000_000), ("一万零一", 10_001), ("一万亿", 10**12),
        ("二〇二五", 2025), ("二〇三五", 2035), ("一亿零五百万", 105_000_000),
    ],
)
def test_chinese_numerals(text: str, value: int) -> None:
    assert cn_to_int(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.4万", Decimal(14000)), ("5562.47亿", Decimal("556247000000")),
        ("千亿", Decimal(10**11)), ("百亿", Decimal(10**10)), ("1.4万亿", Decimal("1.4E12")),
        ("两千", Decimal(2000)), ("１２３", Decimal(123)),
    ],
)
def test_amounts(text: str, value: Decimal) -> None:
    assert parse_amount(text) == value


def _one(text: str) -> tuple[float, str, str]:
    found = find_numbers(text)
    assert len(found) == 1, found
    n = found[0]
    return n.value, n.unit, n.qualifier.value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("累计开行量突破1.4万列", (1.4, "万列", "passed")),
        ("地区生产总值为 5562.47 亿元", (5562.47, "亿元", "exact")),
        ("进出口总额突破1.4万亿元", (1.4, "万亿元", "passed")),
        ("营收首破千亿元", (1000.0, "亿元", "passed")),
        ("打造千亿级产业集群", (1000.0, "亿元", "passed")),
        ("迈入百亿规模", (100.0, "亿", "passed")),
        ("着力培育十条重点产业链", (10.0, "条", "exact")),
        ("连跨三个台阶", (3.0, "个", "exact")),
        ("增长71.7%", (71.7, "%", "exact")),
        ("提高0.2个百分点", (0.2, "个百分点", "exact")),
        ("城乡收入比1:6.8", (6.8, "", "exact")),
        ("倍差1.95倍", (1.95, "倍", "exact")),
        ("营业额翻一番", (2.0, "倍", "exact")),
        ("翻两番", (4.0, "倍", "exact")),
        ("交付近60万台", (60.0, "万台", "nearly")),
        ("逼近5000亿元", (5000.0, "亿元", "nearly")),
        ("超60亿元", (60.0, "亿元", "more_than")),
        ("逾百亿元", (100.0, "亿元", "more_than")),
        ("50多个国家", (50.0, "个", "more_than")),
        ("160余座城市", (160.0, "座", "more_than")),
        ("约35%", (35.0, "%", "about")),
        ("7000亿元左右", (7000.0, "亿元", "about")),
        ("预计8000亿元", (8000.0, "亿元", "estimated")),
        ("百分之五点五", (5.5, "%", "percent" and "exact")),
        ("贡献全省近1/5出口总量", (20.0, "%", "nearly")),
        ("６１．５２％", (61.52, "%", "exact")),
    ],
)
def test_find_numbers(text: str, expected: tuple[float, str, str]) -> None:
    value, unit, qual = _one(text)
    assert value == pytest.approx(expected[0])
    assert (unit, qual) == expected[1:]


def test_predicted_and_passed_keeps_both() -> None:
    (n,) = find_numbers("2025年GDP预计突破7000亿元")[1:]
    assert n.qualifier is Q.PASSED and n.estimated


def test_range() -> None:
    (n,) = find_numbers("每年新增3-5个")
    assert (n.value, n.upper, n.unit) == (3.0, 5.0, "个")


@given(st.integers(min_value=0, max_value=10**16 - 1))
def test_chinese_round_trip(n: int) -> None:
    assert cn_to_int(int_to_cn(n)) == n


@given(st.integers(min_value=1, max_value=99999), st.integers(min_value=0, max_value=99),
       st.sampled_from(["万", "亿", "万亿"]))
def test_magnitude_round_trip(whole: int, cents: int, mag: str) -> None:
    text = f"{whole}.{cents:02d}{mag}"
    factor = {"万": 10**4, "亿": 10**8, "万亿": 10**12}[mag]
    assert parse_amount(text) == Decimal(f"{whole}.{cents:02d}") * factor
    (n,) = find_numbers(f"达{text}元")
    assert n.unit == f"{mag}元" and n.value == pytest.approx(float(f"{whole}.{cents:02d}"))


@given(st.integers(min_value=2, max_value=99999))
def test_chinese_count_reads_back(n: int) -> None:
    (found,) = find_numbers(f"新增{int_to_cn(n)}家")
    assert (found.value, found.unit) == (n, "家")
