"""Choosing the observations an evaluation uses (methods.md section 2.5).

Pure helpers over an :class:`IndicatorBundle`: they place each period on the plan's time axis by
the chosen convention, keep the observation kinds a rule needs (values for levels, growth for
growth-rate targets), convert units, annualise year-to-date flows with a seasonal share, and
pick the latest usable value deterministically whatever the order of the input rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from planwatch import units
from planwatch.model import (
    VALUE_KINDS,
    DataStatus,
    Observation,
    ObservationKind,
    Period,
    PeriodKind,
)

DATA_PERIOD = "data_period"
CALENDAR = "calendar"
CONVENTIONS = (DATA_PERIOD, CALENDAR)

_STATUS_RANK = {
    DataStatus.ESTIMATED: 0,
    DataStatus.PRELIMINARY: 1,
    DataStatus.FINAL: 2,
    DataStatus.REVISED: 3,
}
_SUB_ANNUAL = (PeriodKind.HALF, PeriodKind.QUARTER, PeriodKind.MONTHS)


@dataclass(frozen=True)
class Point:
    """One value placed on the plan's time axis."""

    t: float  # time on the plan axis (full-year 2023 = 2023.0)
    value: float  # in the indicator's unit (annualised for year-to-date flows)
    obs: Observation
    provisional: bool = False
    note: str | None = None  # how the value was derived (annualised, converted …)

    @property
    def year(self) -> int:
        return self.obs.period.year_of_end

    @property
    def period_label(self) -> str:
        return self.obs.period.label


def plan_time(period: Period, convention: str) -> float:
    """The period's end on the plan axis.

    ``data_period`` (default): :attr:`Period.plan_time`, end of month m of year Y is
    ``Y - 1 + m/12`` (data to June 2023 → 2022.5, methods.md 2.5 and domain.md).
    ``calendar``: ``Y + m/12`` for periods ending before December (June 2023 → 2023.5, the
    convention of methods.md 2.2 and example CN7), full years as ``Y``.
    """
    if convention == CALENDAR:
        end = period.end_date
        if end.month == 12 and end.day == 31:
            return float(end.year)
        return end.year + (end.month - (0 if _month_end(end) else 1) + _day_share(end)) / 12
    return period.plan_time


def _month_end(d: dt.date) -> bool:
    return (d + dt.timedelta(days=1)).day == 1


def _day_share(d: dt.date) -> float:
    if _month_end(d):
        return 0.0
    nxt = dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return d.day / (nxt - dt.date(d.year, d.month, 1)).days


def usable(observations: Iterable[Observation], as_of: dt.date) -> list[Observation]:
    """Observations whose period has ended by ``as_of`` (the store already filters; a pure
    method must not trust its caller)."""
    return [o for o in observations if o.period.end_date <= as_of]


def in_unit(o: Observation, unit: str) -> float | None:
    """The observation's value in ``unit``; None when the units cannot be converted."""
    if o.unit == unit or (o.unit.strip() == unit.strip()):
        return o.value
    if units.compatible(o.unit, unit):
        return units.convert(o.value, o.unit, unit)
    return None


def order_key(p: Point) -> tuple[float, bool, bool, int, int, str, float]:
    """Latest first by time; then a full-year figure before an annualised or partial one; then
    the more authoritative status; then the revision; then period code and value, so that the
    choice never depends on the order of the input rows."""
    o = p.obs
    return (
        p.t,
        not p.provisional,
        o.period.kind is PeriodKind.YEAR,
        _STATUS_RANK.get(o.status, 0),
        o.revision,
        o.period.code,
        p.value,
    )


def latest(points: Sequence[Point]) -> Point | None:
    return max(points, key=order_key) if points else None


def seasonal_share(
    o: Observation,
    all_obs: Sequence[Observation],
    configured: Sequence[tuple[str, int, float]],
) -> tuple[float | None, str]:
    """Share of the annual total reached by the end of ``o``'s period: from the configuration
    (statistic or ``*``, month, share), else last year's same-period value over last year's
    annual total."""
    month = o.period.end_date.month
    for stat, mon, share in configured:
        if mon == month and stat in (o.statistic, "*") and share > 0:
            return share, f"按设定的季节系数{share:.1%}"
    prev_year = o.period.end_date.year - 1
    same: list[Observation] = []
    annual: list[Observation] = []
    for x in all_obs:
        if x.kind is not o.kind or x.statistic != o.statistic:
            continue
        if x.period.kind is PeriodKind.YEAR and x.period.year_of_end == prev_year:
            annual.append(x)
        elif (
            x.period.kind is o.period.kind
            and x.period.start_date.replace(year=x.period.start_date.year + 1) == o.period.start_date
            and x.period.end_date.month == month
        ):
            same.append(x)
    if same and annual:
        a = max(annual, key=lambda x: (_STATUS_RANK.get(x.status, 0), x.revision, x.value))
        s = max(same, key=lambda x: (_STATUS_RANK.get(x.status, 0), x.revision, x.value))
        if a.value > 0 and s.value > 0 and s.unit == a.unit:
            share = s.value / a.value
            return share, f"按上年同期占全年比重{share:.1%}"
    return None, ""


def level_points(
    observations: Sequence[Observation],
    unit: str,
    base_year: int,
    convention: str,
    seasonal: Sequence[tuple[str, int, float]] = (),
) -> tuple[list[Point], list[str]]:
    """Values of the statistic after the base period, with notes on what was set aside.

    Stocks at a date and year-to-date shares, counts and indices are placed at their period
    end (provisional unless at year end). Year-to-date amounts (kind ``level``) are flows:
    annualised with a seasonal share and placed at the full year (provisional), or set aside.
    """
    points: list[Point] = []
    notes: list[str] = []
    for o in observations:
        if o.kind not in VALUE_KINDS or o.period.kind is PeriodKind.MULTI_YEAR:
            continue
        v = in_unit(o, unit)
        if v is None:
            notes.append(f"{o.period.label}数据单位“{o.unit}”无法换算为“{unit}”，未使用")
            continue
        kind = o.period.kind
        if kind in _SUB_ANNUAL and o.kind is ObservationKind.LEVEL:
            share, how = seasonal_share(o, observations, seasonal)
            if share is None:
                notes.append(f"{o.period.label}为累计数（流量），缺少季节系数，不能与年度目标比较，未使用")
                continue
            t = float(o.period.year_of_end)
            if t > base_year:
                note = f"{o.period.label}累计{_fmt(v)}，{how}折算全年约{_fmt(v / share)}"
                points.append(Point(t, v / share, o, provisional=True, note=note))
            continue
        t = plan_time(o.period, convention)
        if t <= base_year:
            continue
        partial = kind in _SUB_ANNUAL or (
            kind is PeriodKind.STOCK and (o.period.end_date.month, o.period.end_date.day) != (12, 31)
        )
        points.append(Point(t, v, o, provisional=partial or o.status is DataStatus.ESTIMATED))
    return points, notes


def yearly_growth(
    observations: Sequence[Observation], base_year: int, convention: str
) -> list[Point]:
    """One growth rate (%) per year after the base: the full-year figure, or else the latest
    year-to-date growth as a provisional annual growth."""
    by_year: dict[int, list[Point]] = {}
    for o in observations:
        if o.kind is not ObservationKind.GROWTH or o.period.kind is PeriodKind.MULTI_YEAR:
            continue
        y = o.period.year_of_end
        if y <= base_year or o.period.start_date.year != y:
            continue
        full = o.period.kind is PeriodKind.YEAR
        t = float(y) if full else plan_time(o.period, convention)
        prov = not full or o.status is DataStatus.ESTIMATED
        by_year.setdefault(y, []).append(Point(t, o.value, o, provisional=prov))
    return [max(ps, key=order_key) for _, ps in sorted(by_year.items())]


def yearly_values(
    observations: Sequence[Observation],
    unit: str,
    base_year: int,
    kinds: frozenset[ObservationKind] = VALUE_KINDS,
) -> dict[int, Point]:
    """One full-year value per year after the base (for sums of yearly flows)."""
    by_year: dict[int, list[Point]] = {}
    for o in observations:
        if o.kind not in kinds or o.period.kind is not PeriodKind.YEAR:
            continue
        v = in_unit(o, unit)
        y = o.period.year_of_end
        if v is None or y <= base_year:
            continue
        by_year.setdefault(y, []).append(Point(float(y), v, o))
    return {y: max(ps, key=order_key) for y, ps in by_year.items()}


def running_totals(
    observations: Sequence[Observation], unit: str, base_year: int, convention: str
) -> list[Point]:
    """Published cumulative totals since the start of the plan (kind ``cumulative``, period
    ``2021..2023`` or ``2021..2023-06``)."""
    out: list[Point] = []
    for o in observations:
        if o.kind is not ObservationKind.CUMULATIVE:
            continue
        if o.period.start_date.year != base_year + 1:
            continue
        v = in_unit(o, unit)
        if v is None:
            continue
        t = plan_time(o.period, convention)
        partial = (o.period.end_date.month, o.period.end_date.day) != (12, 31)
        out.append(Point(t, v, o, provisional=partial))
    return out


def _fmt(v: float) -> str:
    return fmt(v)


def fmt(v: float, digits: int = 2) -> str:
    """A number as a Chinese report prints it: thousands separators, trailing zeros dropped."""
    text = f"{v:,.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
