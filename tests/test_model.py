"""Periods: codes, dates, Chinese labels and where they fall on the plan's time axis."""

import datetime as dt

import pytest

from planwatch.model import Period, PeriodKind


@pytest.mark.parametrize(
    ("code", "kind", "start", "end", "plan_time", "label"),
    [
        ("2021", PeriodKind.YEAR, "2021-01-01", "2021-12-31", 2021.0, "2021年"),
        ("2023-H1", PeriodKind.HALF, "2023-01-01", "2023-06-30", 2022.5, "2023年上半年"),
        ("2023-Q1", PeriodKind.QUARTER, "2023-01-01", "2023-03-31", 2022.25, "2023年第一季度"),
        ("2022-01..05", PeriodKind.MONTHS, "2022-01-01", "2022-05-31", 2021 + 5 / 12, "2022年1-5月"),
        ("2023-06-30", PeriodKind.STOCK, "2023-06-30", "2023-06-30", 2022.5, "截至2023年6月30日"),
        ("2021..2025", PeriodKind.MULTI_YEAR, "2021-01-01", "2025-12-31", 2025.0, "2021-2025年"),
        ("2021..2023-06", PeriodKind.MULTI_YEAR, "2021-01-01", "2023-06-30", 2022.5, "2021年至2023年6月"),
    ],
)
def test_period_codes(code, kind, start, end, plan_time, label):
    p = Period(code)
    assert p.kind is kind
    assert p.start_date == dt.date.fromisoformat(start)
    assert p.end_date == dt.date.fromisoformat(end)
    assert p.plan_time == pytest.approx(plan_time, rel=1e-12)
    assert p.label == label


def test_data_to_june_is_half_of_a_five_year_plan():
    # domain.md: "Data to June 2023: 2.5/5 = 50%"
    assert (Period("2023-06-30").plan_time - 2020) / 5 == pytest.approx(0.5)
    assert (Period("2022").plan_time - 2020) / 5 == pytest.approx(0.4)


@pytest.mark.parametrize("bad", ["21", "2023H1", "2023-H3", "2022-05..01", "2023-13-01", "2025..2021", "二〇二一"])
def test_bad_period_codes_are_refused_with_the_accepted_forms(bad):
    with pytest.raises(ValueError, match="2023-H1|month|out of range|ends before|range"):
        Period(bad)


def test_mid_month_stock_uses_day_of_year():
    assert Period("2024-02-15").plan_time == pytest.approx(2023 + 46 / 366)
    assert Period("2024-02-29").plan_time == pytest.approx(2023 + 2 / 12)  # a month end
